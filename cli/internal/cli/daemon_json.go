package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"path/filepath"
	"sort"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// orderedObject is a JSON object whose members keep their order and
// bytes, so that the CLI can rewrite one field without reordering the
// rest (vat launch order follows the config's key order).
type orderedObject struct {
	keys []string
	vals []json.RawMessage
}

func (o *orderedObject) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("not a JSON object")
	}
	o.keys, o.vals = nil, nil
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("object key %v is not a string", tok)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		if i := o.index(key); i >= 0 { // last duplicate wins, as JSON.parse
			o.vals[i] = raw
			continue
		}
		o.keys = append(o.keys, key)
		o.vals = append(o.vals, raw)
	}
	_, err = dec.Token()
	return err
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(o.vals[i])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (o *orderedObject) index(key string) int {
	for i, k := range o.keys {
		if k == key {
			return i
		}
	}
	return -1
}

func (o *orderedObject) get(key string) (json.RawMessage, bool) {
	if i := o.index(key); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

func (o *orderedObject) set(key string, val json.RawMessage) {
	if i := o.index(key); i >= 0 {
		o.vals[i] = val
		return
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, val)
}

// fileURL is Node's pathToFileURL(abs).href for an absolute path.
func fileURL(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// prettifySmallcaps turns a CapData result into plain JSON for people:
// the decoded value, with remotables and promises shown as
// "<kref> (<interface>)" strings, bigints as "<n>n", undefined as
// "undefined", errors as "<Name>: <message>" and tagged values as
// {"@tag": tag, "payload": …}. A result that is not CapData, or does not
// decode, is returned unchanged.
func prettifySmallcaps(raw json.RawMessage) json.RawMessage {
	var cd struct {
		Body  *string  `json:"body"`
		Slots []string `json:"slots"`
	}
	if json.Unmarshal(raw, &cd) != nil || cd.Body == nil || cd.Slots == nil {
		return raw
	}
	v, err := smallcaps.Decode(smallcaps.CapData{Body: *cd.Body, Slots: cd.Slots})
	if err != nil {
		return raw
	}
	out, err := json.Marshal(plainValue(v))
	if err != nil {
		return raw
	}
	return out
}

func plainValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string:
		return x
	case float64:
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return x
	case *big.Int:
		return x.String() + "n"
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			out[k] = plainValue(x[k])
		}
		return out
	case *smallcaps.Ref:
		kind := x.Iface
		if kind == "" {
			kind = "remotable"
			if x.Promise {
				kind = "promise"
			}
		}
		return x.Slot + " (" + kind + ")"
	case smallcaps.Tagged:
		return map[string]any{"@tag": x.Tag, "payload": plainValue(x.Payload)}
	case *smallcaps.Tagged:
		return map[string]any{"@tag": x.Tag, "payload": plainValue(x.Payload)}
	case *smallcaps.Error:
		return x.Error()
	case smallcaps.Error:
		return x.Error()
	case smallcaps.Symbol:
		return x.String()
	case *smallcaps.Symbol:
		return x.String()
	case fmt.Stringer: // Undefined
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}
