package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
)

// MethodShutdown is intercepted by HandleLine before method lookup: it is
// the daemon's stop request, not a kernel-control method.
const MethodShutdown = "shutdown"

var nullID = []byte("null")

// HandleLine processes one request line with the upstream daemon's
// lenient envelope and returns the response line, without the trailing
// newline. The daemon's socket server uses HandleRequest, the JSON-RPC 2.0
// envelope; HandleLine answers as upstream's daemon did, which the replay
// of its recorded transcript compares against. shutdown reports a "shutdown"
// request, which is answered {"status":"shutting down"} and must then stop
// the daemon.
//
// The request id is echoed as JSON.parse followed by JSON.stringify would
// (any JSON value; 1.50 becomes 1.5; absent or null gives null); jsonrpc is
// not checked; absent or null params mean []. Every outcome is a single
// JSON object with keys in the order jsonrpc, id, result|error. svc must
// not be nil. Panics in the Kernel are not recovered here; the socket
// server owns that policy.
func HandleLine(ctx context.Context, svc *Service, line []byte) (response []byte, shutdown bool) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	// The envelope is read with encoding/json (fast, exact keys, the last
	// duplicate wins as in JSON.parse); only the id and the params go
	// through the JavaScript-faithful parser, and only when they need it.
	var req map[string]json.RawMessage
	if err := json.Unmarshal(line, &req); err != nil {
		if _, perr := parseJS(line); perr != nil {
			return encodeError(nullID, &Error{Code: CodeParseError, Message: "Parse error: " + perr.Error()}), false
		}
		// Valid JSON but not an object: batches, bare strings/numbers, null
		// carry no method.
		return encodeError(nullID, &Error{Code: CodeInvalidRequest, Message: MissingMethodMessage}), false
	}
	if req == nil { // the line `null`
		return encodeError(nullID, &Error{Code: CodeInvalidRequest, Message: MissingMethodMessage}), false
	}
	id := echoID(req["id"])
	var method string
	if raw, ok := req["method"]; !ok || json.Unmarshal(raw, &method) != nil || raw[0] != '"' {
		return encodeError(id, &Error{Code: CodeInvalidRequest, Message: MissingMethodMessage}), false
	}
	if method == MethodShutdown {
		return encodeResult(id, json.RawMessage(`{"status":"shutting down"}`)), true
	}
	result, err := svc.Execute(ctx, method, req["params"]) // absent: treated as []
	if err != nil {
		return encodeError(id, ToError(err)), false
	}
	return encodeResult(id, result), false
}

// echoID returns the request id as JSON.stringify(JSON.parse(id)) would
// write it: plain integers and strings without escapes as they are, the
// rest (1.50, 1e2, "\u0041", objects) through the JavaScript parser.
func echoID(raw json.RawMessage) []byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nullID
	}
	if plainID(raw) {
		return raw
	}
	v, err := parseJS(raw)
	if err != nil {
		return nullID
	}
	return jsonText(v)
}

func plainID(raw []byte) bool {
	switch c := raw[0]; {
	case c == '"':
		return bytes.IndexByte(raw, '\\') < 0
	case c >= '1' && c <= '9':
		for _, d := range raw[1:] {
			if d < '0' || d > '9' {
				return false
			}
		}
		return len(raw) < 16
	}
	return false
}

// OnlyOneRequestResponse is the response line (without newline) upstream's
// daemon sends a connection that sent more than one request line. The
// socket server here answers every line instead; the transcript replay
// checks this text.
func OnlyOneRequestResponse() []byte {
	return ErrorResponse(&Error{Code: CodeInvalidRequest, Message: OnlyOneRequestMessage})
}

// ErrorResponse is a response line (without newline) with a null id, for
// failures the server detects before it has a request (framing, size).
func ErrorResponse(e *Error) []byte {
	return encodeError(nullID, e)
}

func encodeResult(id []byte, result any) []byte {
	var out bytes.Buffer
	out.Grow(len(id) + 512)
	out.WriteString(`{"jsonrpc":"2.0","id":`)
	out.Write(id)
	out.WriteString(`,"result":`)
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(result); err != nil {
		return encodeError(id, &Error{Code: CodeInternalError, Message: "Internal error: cannot encode result: " + err.Error()})
	}
	b := out.Bytes()
	b[len(b)-1] = '}' // over Encode's newline
	return b
}

func encodeError(id []byte, e *Error) []byte {
	var out bytes.Buffer
	out.WriteString(`{"jsonrpc":"2.0","id":`)
	out.Write(id)
	out.WriteString(`,"error":{"code":`)
	out.WriteString(strconv.Itoa(e.Code))
	out.WriteString(`,"message":`)
	out.WriteString(jsQuote(e.Message))
	if e.Data != nil {
		var data bytes.Buffer
		enc := json.NewEncoder(&data)
		enc.SetEscapeHTML(false)
		// Data is optional context: if it cannot be encoded, leave it out
		// rather than lose the error itself.
		if enc.Encode(e.Data) == nil {
			out.WriteString(`,"data":`)
			out.Write(bytes.TrimSuffix(data.Bytes(), []byte("\n")))
		}
	}
	out.WriteString("}}")
	return out.Bytes()
}
