package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// transcriptSeeds returns the first line of every golden request; it adds
// nothing when the transcript is absent (the golden test reports that).
func transcriptSeeds() []string {
	var out []string
	data, err := os.ReadFile(filepath.Join(goldenDir(), "rpc-transcript.jsonl"))
	if err != nil {
		return nil
	}
	for _, l := range bytes.Split(data, []byte("\n")) {
		var e transcriptEntry
		if json.Unmarshal(l, &e) != nil {
			continue
		}
		line, _, _ := strings.Cut(e.Request, "\n")
		out = append(out, line)
	}
	return out
}

func FuzzValidateParams(f *testing.F) {
	methods := Methods()
	index := map[string]uint8{}
	for i, m := range methods {
		index[m.Name] = uint8(i)
	}
	for _, line := range transcriptSeeds() {
		var req map[string]json.RawMessage
		if json.Unmarshal([]byte(line), &req) != nil {
			continue
		}
		var name string
		if json.Unmarshal(req["method"], &name) != nil {
			continue
		}
		if i, ok := index[name]; ok {
			f.Add(i, []byte(req["params"]))
		}
	}
	for _, tc := range validationCases {
		f.Add(index[tc.method], []byte(tc.params))
	}
	f.Fuzz(func(t *testing.T, m uint8, params []byte) {
		method := methods[int(m)%len(methods)]
		got, err := method.Validate(params)
		if err != nil {
			var pe *ParamsError
			if !errors.As(err, &pe) {
				t.Fatalf("%s: error %v (%T) is not a *ParamsError", method.Name, err, err)
			}
			if got != nil {
				t.Fatalf("%s: params %v returned with error", method.Name, got)
			}
			if !strings.HasPrefix(pe.Error(), "Invalid params: ") {
				t.Fatalf("%s: message %q", method.Name, pe.Error())
			}
			return
		}
		if got == nil {
			t.Fatalf("%s: nil params without error", method.Name)
		}
		// Validated params always dispatch without a type error.
		rec := &callRecorder{}
		if _, err := method.Call(context.Background(), rec, got); err != nil {
			t.Fatalf("%s: Call: %v", method.Name, err)
		}
		if len(rec.Calls()) != 1 {
			t.Fatalf("%s: %d kernel calls", method.Name, len(rec.Calls()))
		}
		// Validation is deterministic.
		again, err := method.Validate(params)
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("%s: second Validate = %v, %v", method.Name, again, err)
		}
	})
}

func FuzzHandleLine(f *testing.F) {
	for _, line := range transcriptSeeds() {
		f.Add([]byte(line))
	}
	f.Add([]byte("{\"id\":1.50,\"method\":\"getStatus\"}\r"))
	f.Add([]byte(`{"id":{"b":[1e400]},"method":"pingVat","params":{"id":"v1","1":2}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		svc := NewService(&callRecorder{})
		resp, _ := HandleLine(context.Background(), svc, line)
		if bytes.ContainsAny(resp, "\r\n") {
			t.Fatalf("response is not a single line: %q", resp)
		}
		if !json.Valid(resp) {
			t.Fatalf("response is not valid JSON: %q", resp)
		}
		dec := json.NewDecoder(bytes.NewReader(resp))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("response is not an object: %q", resp)
		}
		var keys []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		if got := strings.Join(keys, ","); got != "jsonrpc,id,result" && got != "jsonrpc,id,error" {
			t.Fatalf("response keys %q in %q", got, resp)
		}
	})
}

// FuzzHandleRequest checks the JSON-RPC 2.0 envelope: every answer is one
// line of valid UTF-8 JSON, an object with keys jsonrpc, id and result or
// error, echoing a valid id exactly; only a notification goes unanswered;
// and the top-level scan agrees with encoding/json on every object.
func FuzzHandleRequest(f *testing.F) {
	for _, line := range transcriptSeeds() {
		f.Add([]byte(line))
	}
	f.Add([]byte(`{"jsonrpc":"2.0","id":1234567890123456789012345678901234567890,"method":"getStatus"}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":"a\u0041\"","method":"collectGarbage"}`))
	f.Add([]byte(`{"jsonrpc":"2.0","method":"collectGarbage"}`))
	f.Add([]byte(`[{"jsonrpc":"2.0","id":1,"method":"getStatus"}]`))
	f.Add([]byte("{\"jsonrpc\":\"2.0\",\"id\":\"\xff\",\"method\":\"x\xfe\"}"))
	f.Add([]byte(`{"json\u0072pc":"2.0","\u0069d":9,"x":{"id":[1,"}"]},"method":"shutdown"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		rec := &callRecorder{}
		resp, shutdown := HandleRequest(context.Background(), NewService(rec), line)
		clean := bytes.ToValidUTF8(bytes.TrimSuffix(line, []byte("\r")), []byte("\uFFFD"))
		var req map[string]json.RawMessage
		isObject := json.Unmarshal(clean, &req) == nil && req != nil
		if isObject {
			got, ok := scanEnvelope(clean)
			want := requestMembers{jsonrpc: req["jsonrpc"], id: req["id"], method: req["method"], params: req["params"]}
			if !ok || !reflect.DeepEqual(got, want) {
				t.Fatalf("scanEnvelope(%q) = %+v, %v; encoding/json %+v", clean, got, ok, want)
			}
		}
		if resp == nil {
			if _, hasID := req["id"]; !isObject || hasID {
				t.Fatalf("no answer to %q, which is not a notification", line)
			}
			return
		}
		if shutdown && !bytes.Contains(resp, []byte(`"result":{"status":"shutting down"}`)) {
			t.Fatalf("shutdown answered %q", resp)
		}
		if bytes.ContainsAny(resp, "\r\n") || !utf8.Valid(resp) || !json.Valid(resp) {
			t.Fatalf("answer is not one line of UTF-8 JSON: %q", resp)
		}
		var env map[string]json.RawMessage
		if err := json.Unmarshal(resp, &env); err != nil {
			t.Fatalf("answer is not an object: %q", resp)
		}
		if len(env) != 3 || string(env["jsonrpc"]) != `"2.0"` || env["id"] == nil || (env["result"] == nil) == (env["error"] == nil) {
			t.Fatalf("answer members: %q", resp)
		}
		if id := env["id"]; string(id) != "null" && (!isObject || !bytes.Equal(id, bytes.TrimSpace(req["id"]))) {
			t.Fatalf("id %s does not echo the request's %s", id, req["id"])
		}
	})
}
