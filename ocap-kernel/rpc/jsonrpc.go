package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"unicode/utf8"

	"github.com/ocap-kernel/ocap-go/kernel-utils/jsontext"
)

// Invalid Request messages of HandleRequest, beyond MissingMethodMessage.
const (
	// VersionMessage answers a request whose jsonrpc member is missing or
	// not the string "2.0".
	VersionMessage = `Invalid request: jsonrpc must be "2.0"`
	// IDTypeMessage answers a request whose id is an object, an array or
	// a boolean.
	IDTypeMessage = "Invalid request: id must be a string, a number or null"
	// BatchMessage answers a JSON array: batches are refused as a whole.
	BatchMessage = "Invalid request: batch requests are not supported; send one request per line"
	// NotObjectMessage answers a line that is JSON but not an object.
	NotObjectMessage = "Invalid request: a request must be a JSON object"
)

// HandleRequest processes one request line by the JSON-RPC 2.0
// specification and returns the response line without its newline, or nil
// when the request is a notification (no id member), which is executed but
// never answered. shutdown reports a "shutdown" request (a notification
// too), which must then stop the daemon.
//
// Unlike HandleLine, which keeps the upstream daemon's lenient envelope:
//   - the id is echoed as its exact JSON text (a 400-digit integer, 1.50
//     and "\u0041" come back byte for byte); an object, array or boolean
//     id is an Invalid Request answered with a null id;
//   - jsonrpc must be the string "2.0";
//   - a JSON array (a batch) is refused with one Invalid Request error;
//   - invalid UTF-8 is replaced by U+FFFD before parsing, so no answer
//     carries it.
//
// Parse errors are -32700 with a null id; absent or null params mean [];
// the last of duplicate members wins. line is not used once HandleRequest
// returns. Panics in the Kernel are not recovered here.
func HandleRequest(ctx context.Context, svc *Service, line []byte) (response []byte, shutdown bool) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	if !utf8.Valid(line) {
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
	}
	if !json.Valid(line) {
		msg := "invalid JSON"
		if _, perr := parseJS(line); perr != nil {
			msg = perr.Error()
		}
		return encodeError(nullID, &Error{Code: CodeParseError, Message: "Parse error: " + msg}), false
	}
	req, isObject := scanEnvelope(line)
	if !isObject {
		msg := NotObjectMessage
		if t := bytes.TrimLeft(line, " \t\r\n"); t[0] == '[' {
			msg = BatchMessage
		}
		return encodeError(nullID, &Error{Code: CodeInvalidRequest, Message: msg}), false
	}
	id, idOK := exactID(req.id)
	hasID := req.id != nil
	if !idOK {
		return encodeError(nullID, &Error{Code: CodeInvalidRequest, Message: IDTypeMessage}), false
	}
	// An invalid request is answered even without an id, as the spec's
	// examples do: only a well-formed notification goes unanswered.
	invalid := func(msg string) ([]byte, bool) {
		return encodeError(id, &Error{Code: CodeInvalidRequest, Message: msg}), false
	}
	if version, ok := jsonString(req.jsonrpc); !ok || version != "2.0" {
		return invalid(VersionMessage)
	}
	method, ok := jsonString(req.method)
	if !ok {
		return invalid(MissingMethodMessage)
	}
	if method == MethodShutdown {
		// shutdown takes no params; any given are refused rather than
		// ignored (upstream ignores them).
		switch p := string(bytes.TrimSpace(req.params)); p {
		case "", "null", "[]", "{}":
		default:
			if !hasID {
				return nil, false
			}
			return encodeError(id, &Error{Code: CodeInvalidParams, Message: "Invalid params: shutdown takes no params, but received: " + p}), false
		}
		if !hasID {
			return nil, true
		}
		return encodeResult(id, json.RawMessage(`{"status":"shutting down"}`)), true
	}
	// A copy: line may be the caller's read buffer, reused once this
	// returns, and params must not change under whatever keeps them.
	result, err := svc.Execute(ctx, method, bytes.Clone(req.params)) // absent: treated as []
	if !hasID {
		return nil, false // a notification: executed, never answered
	}
	if err != nil {
		return encodeError(id, ToError(err)), false
	}
	return encodeResult(id, result), false
}

// exactID returns the JSON text of a request id as it was sent, and false
// for an id of a type JSON-RPC 2.0 does not allow (object, array, boolean).
// raw is a valid JSON value: the line was parsed whole.
func exactID(raw json.RawMessage) ([]byte, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nullID, true
	}
	switch c := raw[0]; {
	case c == '"', c == '-', c >= '0' && c <= '9':
		return raw, true
	case c == 'n': // null
		return nullID, true
	}
	return nil, false
}

// requestMembers holds the raw JSON of the members HandleRequest reads; nil
// means absent.
type requestMembers struct {
	jsonrpc, id, method, params json.RawMessage
}

// scanEnvelope picks the members out of a request object in valid JSON text,
// the last of duplicates winning as in JSON.parse; isObject is false for
// any other JSON value. It scans the top level only, without decoding;
// a key with escapes sends the whole object through encoding/json.
func scanEnvelope(data []byte) (req requestMembers, isObject bool) {
	i := jsontext.SkipSpace(data, 0)
	if data[i] != '{' {
		return requestMembers{}, false
	}
	i = jsontext.SkipSpace(data, i+1)
	for data[i] != '}' {
		keyEnd := i + 1
		for data[keyEnd] != '"' {
			if data[keyEnd] == '\\' {
				return scanEnvelopeEscaped(data), true
			}
			keyEnd++
		}
		key := data[i+1 : keyEnd]
		start := jsontext.SkipSpace(data, jsontext.SkipSpace(data, keyEnd+1)+1) // past the ':'
		end := jsontext.SkipValue(data, start)
		val := json.RawMessage(data[start:end:end])
		switch string(key) {
		case "jsonrpc":
			req.jsonrpc = val
		case "id":
			req.id = val
		case "method":
			req.method = val
		case "params":
			req.params = val
		}
		i = jsontext.SkipSpace(data, end)
		if data[i] == ',' {
			i = jsontext.SkipSpace(data, i+1)
		}
	}
	return req, true
}

// scanEnvelopeEscaped is envelope by encoding/json, for keys with escapes.
func scanEnvelopeEscaped(data []byte) requestMembers {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		panic("rpc: envelope of invalid JSON: " + err.Error()) // the caller checked json.Valid
	}
	return requestMembers{jsonrpc: m["jsonrpc"], id: m["id"], method: m["method"], params: m["params"]}
}

// jsonString decodes a JSON string value; ok is false for any other value
// (or an absent one).
func jsonString(raw json.RawMessage) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), true
	}
	return s, json.Unmarshal(raw, &s) == nil
}
