package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// TestParseResponse compares the top-level scan with encoding/json.
func TestParseResponse(t *testing.T) {
	for _, line := range []string{
		`{"jsonrpc":"2.0","id":1,"result":null}`,
		`{"jsonrpc":"2.0","id":"x\"}","result":{"a":[1,"]",{}],"b":"\\"}}`,
		` { "jsonrpc" : "2.0" , "id" : 12345678901234567890 , "error" : {"code":-32601,"message":"nope","data":{"x":1}} } `,
		`{"jsonrpc":"2.0","id":null,"error":null,"result":[]}`,
		`{"jsonrpc":"2.0","\u0069d":7,"result":true}`,
		`{"id":1,"id":2,"result":1,"result":2}`,
		`{}`,
	} {
		t.Run(line, func(t *testing.T) {
			got, err := parseResponse([]byte(line))
			if err != nil {
				t.Fatal(err)
			}
			var want response
			if err := json.Unmarshal([]byte(line), &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("scan %+v\nencoding/json %+v", *got, want)
			}
		})
	}
	for _, line := range []string{``, `{`, `[1]`, `null`, `{"jsonrpc":2}`, `{"error":{"code":"x"}}`} {
		if _, err := parseResponse([]byte(line)); err == nil {
			t.Errorf("parseResponse(%q) accepted", line)
		}
	}
}

// TestAppendRequest checks that the hand-written request line is the one
// the encoder writes.
func TestAppendRequest(t *testing.T) {
	for _, tc := range []struct {
		id     any
		method string
		params any
	}{
		{uint64(1), "getStatus", nil},
		{uint64(18446744073709551615), "collectGarbage", nil},
		{"00ff", "getStatus", nil},
		{uint64(2), "with \"quote\"", nil},
		{uint64(3), "<html>&é", nil},
		{uint64(4), "pingVat", map[string]string{"id": "v1"}},
		{"ab", "executeDBQuery", json.RawMessage(` {"sql": "SELECT 1"} `)},
	} {
		got, err := appendRequest([]byte("prefix:"), tc.id, tc.method, tc.params)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		req := request{JSONRPC: "2.0", ID: tc.id, Method: tc.method, Params: tc.params}
		if err := enc.Encode(req); err != nil {
			t.Fatal(err)
		}
		if string(got) != "prefix:"+want.String() {
			t.Errorf("appendRequest = %q, want %q", got, "prefix:"+want.String())
		}
	}
}

// FuzzParseResponse checks the scan against encoding/json's exact-key
// decoding of the same line, and that no input makes it panic.
func FuzzParseResponse(f *testing.F) {
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"result":{"vats":[]}}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":"a","error":{"code":-32600,"message":"x","data":[1]}}`))
	f.Add([]byte(`{"\u0069d":1,"result":"\"}"}`))
	f.Add([]byte(`[{"id":1}]`))
	f.Fuzz(func(t *testing.T, line []byte) {
		got, err := parseResponse(line)
		want, wantErr := parseResponseEscaped(line)
		if wantErr == nil && !bytes.HasPrefix(bytes.TrimLeft(line, " \t\r\n"), []byte("{")) {
			wantErr = errNotObject // a JSON value that is not an object
		}
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("parseResponse(%q) error %v; encoding/json %v", line, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("parseResponse(%q) = %+v; encoding/json %+v", line, got, want)
		}
	})
}

var errNotObject = errors.New("not an object")
