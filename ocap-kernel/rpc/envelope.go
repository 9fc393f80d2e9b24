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

// HandleLine processes one request line of the daemon socket protocol
// (upstream-kernel.md §3.3) and returns the response line, without the
// trailing newline the server appends. shutdown reports a "shutdown"
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
	req, err := parseJS(line)
	if err != nil {
		return encodeError(nullID, &Error{Code: CodeParseError, Message: "Parse error: " + err.Error()}), false
	}
	if req.kind != jsObject {
		// Batches, bare strings/numbers and null carry no method.
		return encodeError(nullID, &Error{Code: CodeInvalidRequest, Message: MissingMethodMessage}), false
	}
	id := nullID
	if v := req.get("id"); v != nil && v.kind != jsNull {
		id = jsonText(v)
	}
	method := req.get("method")
	if method == nil || method.kind != jsString {
		return encodeError(id, &Error{Code: CodeInvalidRequest, Message: MissingMethodMessage}), false
	}
	if method.s == MethodShutdown {
		return encodeResult(id, json.RawMessage(`{"status":"shutting down"}`)), true
	}
	var params json.RawMessage // absent: Execute treats it as []
	if p := req.get("params"); p != nil {
		params = jsonText(p)
	}
	result, err := svc.Execute(ctx, method.s, params)
	if err != nil {
		return encodeError(id, ToError(err)), false
	}
	return encodeResult(id, result), false
}

// OnlyOneRequestResponse is the response line (without newline) for a
// connection that sent more than one request line.
func OnlyOneRequestResponse() []byte {
	return ErrorResponse(&Error{Code: CodeInvalidRequest, Message: OnlyOneRequestMessage})
}

// ErrorResponse is a response line (without newline) with a null id, for
// failures the server detects before it has a request (framing, size).
func ErrorResponse(e *Error) []byte {
	return encodeError(nullID, e)
}

func encodeResult(id []byte, result any) []byte {
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(result); err != nil {
		return encodeError(id, &Error{Code: CodeInternalError, Message: "Internal error: cannot encode result: " + err.Error()})
	}
	var out bytes.Buffer
	out.Grow(len(id) + body.Len() + 32)
	out.WriteString(`{"jsonrpc":"2.0","id":`)
	out.Write(id)
	out.WriteString(`,"result":`)
	out.Write(bytes.TrimSuffix(body.Bytes(), []byte("\n")))
	out.WriteByte('}')
	return out.Bytes()
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
