package rpc

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

func TestHandleLine(t *testing.T) {
	const notFound = `{"code":-32601,"message":"The method does not exist / is not available."}`
	tests := []struct {
		name         string
		line         string
		kernelErr    error
		want         string
		wantShutdown bool
		wantCalls    int
	}{
		{"collectGarbage result null", `{"jsonrpc":"2.0","id":1,"method":"collectGarbage"}`, nil,
			`{"jsonrpc":"2.0","id":1,"result":null}`, false, 1},
		{"params null means []", `{"id":2,"method":"clearState","params":null}`, nil,
			`{"jsonrpc":"2.0","id":2,"result":null}`, false, 1},
		{"jsonrpc not checked", `{"jsonrpc":"1.0","id":3,"method":"collectGarbage","params":[]}`, nil,
			`{"jsonrpc":"2.0","id":3,"result":null}`, false, 1},
		{"CRLF", "{\"id\":4,\"method\":\"collectGarbage\"}\r", nil,
			`{"jsonrpc":"2.0","id":4,"result":null}`, false, 1},
		{"whitespace", " \t{ \"id\" : 5 , \"method\" : \"collectGarbage\" } ", nil,
			`{"jsonrpc":"2.0","id":5,"result":null}`, false, 1},
		{"kernel error keeps message", `{"id":6,"method":"pingVat","params":{"id":"v9"}}`, api.ErrVatNotFound,
			`{"jsonrpc":"2.0","id":6,"error":{"code":-32603,"message":"Vat does not exist."}}`, false, 1},
		{"wrapped kernel error", `{"id":7,"method":"terminateSubcluster","params":{"id":"s9"}}`, fmt.Errorf("terminate: %w", api.ErrSubclusterNotFound),
			`{"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"terminate: Subcluster does not exist."}}`, false, 1},
		{"rpc error from kernel passes through", `{"id":8,"method":"clearState"}`, &Error{Code: -32000, Message: "busy", Data: map[string]any{"retry": true}},
			`{"jsonrpc":"2.0","id":8,"error":{"code":-32000,"message":"busy","data":{"retry":true}}}`, false, 1},
		{"invalid params -32602", `{"id":9,"method":"getStatus","params":{}}`, nil,
			`{"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"Invalid params: Expected an array value, but received: [object Object]"}}`, false, 0},
		{"unknown method", `{"id":10,"method":"toString"}`, nil,
			`{"jsonrpc":"2.0","id":10,"error":` + notFound + `}`, false, 0},
		{"method missing", `{"id":12}`, nil,
			`{"jsonrpc":"2.0","id":12,"error":{"code":-32600,"message":"Invalid request: missing method"}}`, false, 0},
		{"method object", `{"id":13,"method":{"name":"getStatus"}}`, nil,
			`{"jsonrpc":"2.0","id":13,"error":{"code":-32600,"message":"Invalid request: missing method"}}`, false, 0},
		{"null line", `null`, nil,
			`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: missing method"}}`, false, 0},
		{"true line", `true`, nil,
			`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: missing method"}}`, false, 0},
		{"empty batch", `[]`, nil,
			`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid request: missing method"}}`, false, 0},
		{"shutdown", `{"id":14,"method":"shutdown"}`, nil,
			`{"jsonrpc":"2.0","id":14,"result":{"status":"shutting down"}}`, true, 0},
		{"shutdown ignores params", `{"method":"shutdown","params":{"force":1},"id":"bye"}`, nil,
			`{"jsonrpc":"2.0","id":"bye","result":{"status":"shutting down"}}`, true, 0},
		{"shutdown no id", `{"method":"shutdown"}`, nil,
			`{"jsonrpc":"2.0","id":null,"result":{"status":"shutting down"}}`, true, 0},
		{"Shutdown is a method name", `{"id":15,"method":"Shutdown"}`, nil,
			`{"jsonrpc":"2.0","id":15,"error":` + notFound + `}`, false, 0},
		{"duplicate method: last wins", `{"id":16,"method":"shutdown","method":"collectGarbage"}`, nil,
			`{"jsonrpc":"2.0","id":16,"result":null}`, false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &callRecorder{err: tc.kernelErr}
			got, shutdown := HandleLine(context.Background(), NewService(rec), []byte(tc.line))
			if string(got) != tc.want {
				t.Errorf("HandleLine(%s)\n got %s\nwant %s", tc.line, got, tc.want)
			}
			if shutdown != tc.wantShutdown {
				t.Errorf("shutdown = %v, want %v", shutdown, tc.wantShutdown)
			}
			if n := len(rec.Calls()); n != tc.wantCalls {
				t.Errorf("kernel calls = %d, want %d", n, tc.wantCalls)
			}
		})
	}
}

// TestHandleLineIDEcho checks that ids come back as JSON.parse followed by
// JSON.stringify would render them.
func TestHandleLineIDEcho(t *testing.T) {
	tests := []struct{ id, want string }{
		{`1`, `1`},
		{`1.50`, `1.5`},
		{`1E2`, `100`},
		{`-0`, `0`},
		{`1e21`, `1e+21`},
		{`123456789012345678901234567890`, `1.2345678901234568e+29`},
		{`0.0000001`, `1e-7`},
		{`1e400`, `null`}, // Infinity stringifies as null
		{`null`, `null`},
		{`false`, `false`},
		{`0`, `0`},
		{`""`, `""`},
		{`"a\u0041\/<&>\u2028"`, "\"aA/<&>\u2028\""},
		{`"\u001f\u007f"`, "\"\\u001f\u007f\""},
		{`{"x":[1,"y"]}`, `{"x":[1,"y"]}`},
		{`{"b":1,"a":2,"10":3,"2":4}`, `{"2":4,"10":3,"b":1,"a":2}`},
		{`{"a":1,"a":2}`, `{"a":2}`},
		{` [ 1 , { } ] `, `[1,{}]`},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			line := `{"jsonrpc":"2.0","id":` + tc.id + `,"method":"collectGarbage"}`
			got, _ := HandleLine(context.Background(), NewService(&callRecorder{}), []byte(line))
			want := `{"jsonrpc":"2.0","id":` + tc.want + `,"result":null}`
			if string(got) != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestHandleLineParseError(t *testing.T) {
	for _, line := range []string{``, `{not json}`, `{"id":1,"method":"getStatus"`, `{"id":1}{"id":2}`, "\xff", `{"id":1,"method":"getStatus"}}`} {
		t.Run(line, func(t *testing.T) {
			got, shutdown := HandleLine(context.Background(), NewService(&callRecorder{}), []byte(line))
			if shutdown {
				t.Error("shutdown on a parse error")
			}
			var resp struct {
				JSONRPC string          `json:"jsonrpc"`
				ID      json.RawMessage `json:"id"`
				Error   rpcErrorObject  `json:"error"`
			}
			if err := json.Unmarshal(got, &resp); err != nil {
				t.Fatalf("response %s: %v", got, err)
			}
			if string(resp.ID) != "null" || resp.Error.Code != CodeParseError || len(resp.Error.Message) < len("Parse error: x") || resp.Error.Message[:13] != "Parse error: " {
				t.Errorf("response %s, want -32700 Parse error with id null", got)
			}
		})
	}
}

func TestEncodeResult(t *testing.T) {
	id := []byte(`7`)
	tests := []struct {
		name   string
		result any
		want   string
	}{
		{"no HTML escaping", "<a&b>", `{"jsonrpc":"2.0","id":7,"result":"<a&b>"}`},
		{"capdata slots", api.CapData{Body: `#"x"`}, `{"jsonrpc":"2.0","id":7,"result":{"body":"#\"x\"","slots":[]}}`},
		{"launch result", api.LaunchResult{SubclusterID: "s1", RootKref: "ko4"}, `{"jsonrpc":"2.0","id":7,"result":{"subclusterId":"s1","rootKref":"ko4","bootstrapResult":null}}`},
		{"bool", true, `{"jsonrpc":"2.0","id":7,"result":true}`},
		{"unencodable", math.Inf(1), `{"jsonrpc":"2.0","id":7,"error":{"code":-32603,"message":"Internal error: cannot encode result: json: unsupported value: +Inf"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(encodeResult(id, tc.result)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestErrorResponses(t *testing.T) {
	if got, want := string(OnlyOneRequestResponse()), `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Only one request per connection is allowed"}}`; got != want {
		t.Errorf("OnlyOneRequestResponse() = %s, want %s", got, want)
	}
	got := string(ErrorResponse(&Error{Code: CodeInvalidRequest, Message: "Request too large", Data: func() {}}))
	if want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Request too large"}}`; got != want {
		t.Errorf("ErrorResponse with unencodable data = %s, want %s", got, want)
	}
	got = string(ErrorResponse(&Error{Code: CodeInternalError, Message: "bad \xff byte\n"}))
	if want := `{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"bad ` + "\uFFFD" + ` byte\n"}}`; got != want {
		t.Errorf("ErrorResponse with invalid UTF-8 = %s, want %s", got, want)
	}
}
