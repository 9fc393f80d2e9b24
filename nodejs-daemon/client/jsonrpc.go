package client

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ocap-kernel/ocap-go/kernel-utils/jsontext"
)

// plainJSONString reports whether s is printable ASCII that needs no
// escape in a JSON string.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// appendPlainRequest writes the request line of a call without params
// whose method needs no escapes, as appendRequest's encoder would.
func appendPlainRequest(buf []byte, id any, method string) []byte {
	buf = append(buf, `{"jsonrpc":"2.0","id":`...)
	switch id := id.(type) {
	case uint64:
		buf = strconv.AppendUint(buf, id, 10)
	case string: // hex digits
		buf = append(append(append(buf, '"'), id...), '"')
	default:
		panic(fmt.Sprintf("client: request id of type %T", id))
	}
	buf = append(buf, `,"method":"`...)
	buf = append(buf, method...)
	return append(buf, "\"}\n"...)
}

// parseResponse reads a response line. The result and id alias line. It
// scans the top level of the object instead of decoding it: a response is
// mostly its result, which the caller decodes anyway. Keys are exact; the
// last of duplicates wins.
func parseResponse(line []byte) (*response, error) {
	if !json.Valid(line) {
		return nil, fmt.Errorf("invalid response from daemon: %q is not JSON", truncate(line))
	}
	res := &response{}
	i := jsontext.SkipSpace(line, 0)
	if line[i] != '{' {
		return nil, fmt.Errorf("invalid response from daemon: %q is not an object", truncate(line))
	}
	for i = jsontext.SkipSpace(line, i+1); line[i] != '}'; {
		keyEnd := i + 1
		for line[keyEnd] != '"' {
			if line[keyEnd] == '\\' { // an escaped key: let encoding/json read the keys
				return parseResponseEscaped(line)
			}
			keyEnd++
		}
		start := jsontext.SkipSpace(line, jsontext.SkipSpace(line, keyEnd+1)+1) // past the ':'
		end := jsontext.SkipValue(line, start)
		if err := res.set(string(line[i+1:keyEnd]), line[start:end:end]); err != nil {
			return nil, err
		}
		if i = jsontext.SkipSpace(line, end); line[i] == ',' {
			i = jsontext.SkipSpace(line, i+1)
		}
	}
	return res, nil
}

// parseResponseEscaped is parseResponse by encoding/json.
func parseResponseEscaped(line []byte) (*response, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(line, &members); err != nil {
		return nil, fmt.Errorf("invalid response from daemon: %w", err)
	}
	res := &response{}
	for _, key := range []string{"jsonrpc", "id", "result", "error"} {
		if val, ok := members[key]; ok {
			if err := res.set(key, val); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// set stores the member key of a response.
func (res *response) set(key string, val json.RawMessage) error {
	switch key {
	case "jsonrpc":
		if err := json.Unmarshal(val, &res.JSONRPC); err != nil {
			return fmt.Errorf("invalid response from daemon: jsonrpc: %w", err)
		}
	case "id":
		res.ID = val
	case "result":
		res.Result = val
	case "error":
		res.Error = nil
		if string(val) != "null" {
			if err := json.Unmarshal(val, &res.Error); err != nil {
				return fmt.Errorf("invalid response from daemon: error: %w", err)
			}
		}
	}
	return nil
}

func truncate(b []byte) []byte {
	if len(b) > 200 {
		return b[:200]
	}
	return b
}
