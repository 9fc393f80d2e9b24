package rpc

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

func TestHandleRequest(t *testing.T) {
	const (
		notFound = `{"code":-32601,"message":"The method does not exist / is not available."}`
		gc       = `"method":"collectGarbage"`
	)
	bigID := "1" + strings.Repeat("234567890", 44) + "1" // 398 digits
	invalid := func(id, msg string) string {
		return `{"jsonrpc":"2.0","id":` + id + `,"error":{"code":-32600,"message":` + jsQuote(msg) + `}}`
	}
	result := func(id string) string { return `{"jsonrpc":"2.0","id":` + id + `,"result":null}` }
	tests := []struct {
		name         string
		line         string
		kernelErr    error
		want         string // "" for no answer
		wantShutdown bool
		wantCalls    int
	}{
		// ids keep their exact JSON text
		{"integer id", `{"jsonrpc":"2.0","id":1,` + gc + `}`, nil, result(`1`), false, 1},
		{"400-digit id", `{"jsonrpc":"2.0","id":` + bigID + `,` + gc + `}`, nil, result(bigID), false, 1},
		{"negative id", `{"jsonrpc":"2.0","id":-42,` + gc + `}`, nil, result(`-42`), false, 1},
		{"fractional id", `{"jsonrpc":"2.0","id":1.50,` + gc + `}`, nil, result(`1.50`), false, 1},
		{"exponent id", `{"jsonrpc":"2.0","id":1E400,` + gc + `}`, nil, result(`1E400`), false, 1},
		{"string id", `{"jsonrpc":"2.0","id":"abc-123",` + gc + `}`, nil, result(`"abc-123"`), false, 1},
		{"string id with escapes", `{"jsonrpc":"2.0","id":"a\u0041\"\/",` + gc + `}`, nil, result(`"a\u0041\"\/"`), false, 1},
		{"numeric string id stays a string", `{"jsonrpc":"2.0","id":"7",` + gc + `}`, nil, result(`"7"`), false, 1},
		{"null id", `{"jsonrpc":"2.0","id":null,` + gc + `}`, nil, result(`null`), false, 1},
		{"id with spaces around", `{"jsonrpc":"2.0","id" :  12 ,` + gc + `}`, nil, result(`12`), false, 1},
		{"object id", `{"jsonrpc":"2.0","id":{"x":1},` + gc + `}`, nil, invalid(`null`, IDTypeMessage), false, 0},
		{"array id", `{"jsonrpc":"2.0","id":[1],` + gc + `}`, nil, invalid(`null`, IDTypeMessage), false, 0},
		{"boolean id", `{"jsonrpc":"2.0","id":true,` + gc + `}`, nil, invalid(`null`, IDTypeMessage), false, 0},
		{"duplicate id: last wins", `{"jsonrpc":"2.0","id":1,"id":2,` + gc + `}`, nil, result(`2`), false, 1},

		// notifications: executed, never answered
		{"notification", `{"jsonrpc":"2.0",` + gc + `}`, nil, "", false, 1},
		{"notification with kernel error", `{"jsonrpc":"2.0","method":"pingVat","params":{"id":"v9"}}`, api.ErrVatNotFound, "", false, 1},
		{"notification of an unknown method", `{"jsonrpc":"2.0","method":"nope"}`, nil, "", false, 0},
		{"notification with invalid params", `{"jsonrpc":"2.0","method":"getStatus","params":{}}`, nil, "", false, 0},
		{"shutdown notification", `{"jsonrpc":"2.0","method":"shutdown"}`, nil, "", true, 0},
		{"shutdown", `{"jsonrpc":"2.0","id":"bye","method":"shutdown"}`, nil, `{"jsonrpc":"2.0","id":"bye","result":{"status":"shutting down"}}`, true, 0},
		{"shutdown with empty params", `{"jsonrpc":"2.0","id":1,"method":"shutdown","params":[]}`, nil, `{"jsonrpc":"2.0","id":1,"result":{"status":"shutting down"}}`, true, 0},
		{"shutdown with params", `{"jsonrpc":"2.0","id":1,"method":"shutdown","params":{"now":true}}`, nil, `{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params: shutdown takes no params, but received: {\"now\":true}"}}`, false, 0},
		// an invalid request is answered even without an id
		{"notification without method", `{"jsonrpc":"2.0","params":[]}`, nil, invalid(`null`, MissingMethodMessage), false, 0},

		// jsonrpc must be "2.0"
		{"jsonrpc missing", `{"id":3,` + gc + `}`, nil, invalid(`3`, VersionMessage), false, 0},
		{"jsonrpc 1.0", `{"jsonrpc":"1.0","id":3,` + gc + `}`, nil, invalid(`3`, VersionMessage), false, 0},
		{"jsonrpc number", `{"jsonrpc":2.0,"id":3,` + gc + `}`, nil, invalid(`3`, VersionMessage), false, 0},
		{"jsonrpc null", `{"jsonrpc":null,"id":3,` + gc + `}`, nil, invalid(`3`, VersionMessage), false, 0},
		{"jsonrpc 2.0 with a space", `{"jsonrpc":"2.0 ","id":3,` + gc + `}`, nil, invalid(`3`, VersionMessage), false, 0},
		{"jsonrpc escaped 2.0", `{"jsonrpc":"\u0032.0","id":3,` + gc + `}`, nil, result(`3`), false, 1},
		{"jsonrpc missing, notification", `{"method":"collectGarbage"}`, nil, invalid(`null`, VersionMessage), false, 0},

		// method
		{"method missing", `{"jsonrpc":"2.0","id":4}`, nil, invalid(`4`, MissingMethodMessage), false, 0},
		{"method a number", `{"jsonrpc":"2.0","id":4,"method":42}`, nil, invalid(`4`, MissingMethodMessage), false, 0},
		{"method with escapes", `{"jsonrpc":"2.0","id":4,"method":"collect\u0047arbage"}`, nil, result(`4`), false, 1},
		{"unknown method", `{"jsonrpc":"2.0","id":4,"method":"toString"}`, nil, `{"jsonrpc":"2.0","id":4,"error":` + notFound + `}`, false, 0},
		{"kernel error", `{"jsonrpc":"2.0","id":5,"method":"pingVat","params":{"id":"v9"}}`, api.ErrVatNotFound,
			`{"jsonrpc":"2.0","id":5,"error":{"code":-32603,"message":"Vat does not exist."}}`, false, 1},
		{"invalid params", `{"jsonrpc":"2.0","id":6,"method":"getStatus","params":{}}`, nil,
			`{"jsonrpc":"2.0","id":6,"error":{"code":-32602,"message":"Invalid params: Expected an array value, but received: [object Object]"}}`, false, 0},
		{"params null means []", `{"jsonrpc":"2.0","id":7,"method":"clearState","params":null}`, nil, result(`7`), false, 1},

		// keys: exact names, escapes decoded, other members ignored
		{"keys are case-sensitive", `{"jsonrpc":"2.0","ID":8,"Method":"collectGarbage","id":8}`, nil, invalid(`8`, MissingMethodMessage), false, 0},
		{"escaped keys", `{"json\u0072pc":"2.0","\u0069d":9,"m\u0065thod":"collectGarbage"}`, nil, result(`9`), false, 1},
		{"unknown members and nesting", `{"x":{"id":[1,"}",{"method":"shutdown"}]},"jsonrpc":"2.0","id":10,` + gc + `,"y":"\"}"}`, nil, result(`10`), false, 1},
		{"whitespace and CRLF", " \t{ \"jsonrpc\" : \"2.0\" , \"id\" : 11 , \"method\" : \"collectGarbage\" } \r", nil, result(`11`), false, 1},

		// not a request object
		{"batch", `[{"jsonrpc":"2.0","id":1,` + gc + `}]`, nil, invalid(`null`, BatchMessage), false, 0},
		{"empty batch", ` []`, nil, invalid(`null`, BatchMessage), false, 0},
		{"null line", `null`, nil, invalid(`null`, NotObjectMessage), false, 0},
		{"string line", `"getStatus"`, nil, invalid(`null`, NotObjectMessage), false, 0},
		{"number line", `42`, nil, invalid(`null`, NotObjectMessage), false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &callRecorder{err: tc.kernelErr}
			got, shutdown := HandleRequest(context.Background(), NewService(rec), []byte(tc.line))
			if string(got) != tc.want {
				t.Errorf("HandleRequest(%s)\n got %s\nwant %s", tc.line, got, tc.want)
			}
			if tc.want == "" && got != nil {
				t.Errorf("answer %q to a notification", got)
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

func TestHandleRequestParseError(t *testing.T) {
	for _, line := range []string{``, ` `, `{not json}`, `{"jsonrpc":"2.0","id":1,"method":"getStatus"`,
		`{"id":1}{"id":2}`, `[{"id":1},`, "\xff", `{"jsonrpc":"2.0","id":1,"method":"getStatus"}}`} {
		t.Run(line, func(t *testing.T) {
			rec := &callRecorder{}
			got, shutdown := HandleRequest(context.Background(), NewService(rec), []byte(line))
			var resp struct {
				ID    json.RawMessage `json:"id"`
				Error rpcErrorObject  `json:"error"`
			}
			if err := json.Unmarshal(got, &resp); err != nil {
				t.Fatalf("response %q: %v", got, err)
			}
			if shutdown || len(rec.Calls()) != 0 || string(resp.ID) != "null" || resp.Error.Code != CodeParseError ||
				!strings.HasPrefix(resp.Error.Message, "Parse error: ") {
				t.Errorf("response %s, want -32700 Parse error with id null and no call", got)
			}
		})
	}
}

// TestHandleRequestInvalidUTF8 checks that bytes that are not UTF-8 never
// reach an answer: they are read as U+FFFD.
func TestHandleRequestInvalidUTF8(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"in a string id", "{\"jsonrpc\":\"2.0\",\"id\":\"a\xffb\",\"method\":\"collectGarbage\"}",
			"{\"jsonrpc\":\"2.0\",\"id\":\"a\uFFFDb\",\"result\":null}"},
		{"in the method", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"get\xc3Status\"}",
			`{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"The method does not exist / is not available."}}`},
		{"in params", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"pingVat\",\"params\":{\"id\":\"v\xed\xa0\x80\"}}",
			"{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"Invalid params: At path: id -- Expected a value of type `VatId`, but received: `\\\"v\uFFFD\\\"`\"}}"},
		{"in a key", "{\"jsonrpc\":\"2.0\",\"id\":3,\"\xfe\":1,\"method\":\"collectGarbage\"}",
			`{"jsonrpc":"2.0","id":3,"result":null}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := HandleRequest(context.Background(), NewService(&callRecorder{}), []byte(tc.line))
			if !utf8.Valid(got) {
				t.Fatalf("answer is not UTF-8: %q", got)
			}
			if string(got) != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestScanEnvelope compares the top-level scan with encoding/json's
// decoding of the same objects.
func TestScanEnvelope(t *testing.T) {
	for _, line := range []string{
		`{}`,
		` { } `,
		`{"id":1}`,
		`{"method":"a","params":[1,{"b":"]"}],"id":"\"","jsonrpc":"2.0"}`,
		`{"params":{"x":[[],{}]},"params":null}`,
		`{"a":"\\","id":-1.5e3,"b":[true,false,null]}`,
		"{\n\"id\"\t:\r\"x\" ,\"method\" :\"m\"\n}",
		`{"\u0069d":2,"id":3}`,
		`{"id":3,"\u0069d":2}`,
	} {
		t.Run(line, func(t *testing.T) {
			got, ok := scanEnvelope([]byte(line))
			if !ok {
				t.Fatal("not an object")
			}
			if want := scanEnvelopeEscaped([]byte(line)); !reflect.DeepEqual(got, want) {
				t.Errorf("scan %+v, encoding/json %+v", got, want)
			}
		})
	}
}
