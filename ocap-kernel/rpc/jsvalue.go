package rpc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// jsKind is the type of a parsed JSON value.
type jsKind uint8

const (
	jsNull jsKind = iota
	jsBool
	jsNumber
	jsString
	jsArray
	jsObject
)

// jsValue is a JSON value as JavaScript's JSON.parse builds it: numbers are
// float64 (overflow gives ±Infinity), a duplicated object key keeps the last
// value at the position of its first occurrence, and object keys are in
// JavaScript property order (array-index keys first, ascending). Validation
// and value printing depend on that order, so encoding/json's map[string]any
// (unordered) or struct decoding (case-insensitive, merging duplicates) will
// not do. A nil *jsValue stands for JavaScript's undefined.
type jsValue struct {
	kind jsKind
	b    bool
	n    float64
	s    string
	arr  []*jsValue
	obj  []jsMember
	idx  map[string]int
}

type jsMember struct {
	key string
	val *jsValue
}

// parseJS parses exactly one JSON text (surrounding whitespace allowed).
// Syntax errors carry encoding/json's description.
func parseJS(data []byte) (*jsValue, error) {
	if !json.Valid(data) {
		var raw json.RawMessage
		err := json.Unmarshal(data, &raw)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return readJS(dec)
}

func readJS(dec *json.Decoder) (*jsValue, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return &jsValue{kind: jsNull}, nil
	case bool:
		return &jsValue{kind: jsBool, b: t}, nil
	case string:
		return &jsValue{kind: jsString, s: t}, nil
	case json.Number:
		// ParseFloat rounds overflow to ±Inf (with ErrRange) and underflow
		// to zero, exactly as JSON.parse does; only syntax errors matter.
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, err
		}
		return &jsValue{kind: jsNumber, n: f}, nil
	case json.Delim:
		switch t {
		case '[':
			v := &jsValue{kind: jsArray, arr: []*jsValue{}}
			for dec.More() {
				e, err := readJS(dec)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, e)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return v, nil
		case '{':
			v := &jsValue{kind: jsObject, idx: map[string]int{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("unexpected object key %v", kt)
				}
				e, err := readJS(dec)
				if err != nil {
					return nil, err
				}
				if i, dup := v.idx[key]; dup {
					v.obj[i].val = e
					continue
				}
				v.idx[key] = len(v.obj)
				v.obj = append(v.obj, jsMember{key, e})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			v.obj = api.OrderJSKeys(v.obj, func(m jsMember) string { return m.key })
			for i, m := range v.obj {
				v.idx[m.key] = i
			}
			return v, nil
		}
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

// isObject is superstruct's isObject: typeof value === 'object' && value !== null,
// which arrays satisfy too.
func (v *jsValue) isObject() bool {
	return v != nil && (v.kind == jsObject || v.kind == jsArray)
}

// arrayIndex parses a canonical array index ("0", "17", not "01").
func arrayIndex(key string) (int, bool) {
	if !api.IsArrayIndex(key) {
		return 0, false
	}
	n, err := strconv.Atoi(key)
	return n, err == nil
}

// get is JavaScript's own-property read value[key] (undefined → nil).
func (v *jsValue) get(key string) *jsValue {
	if v == nil {
		return nil
	}
	switch v.kind {
	case jsObject:
		if i, ok := v.idx[key]; ok {
			return v.obj[i].val
		}
	case jsArray:
		if i, ok := arrayIndex(key); ok && i < len(v.arr) {
			return v.arr[i]
		}
	}
	return nil
}

// hasOwn is Object.prototype.hasOwnProperty.call(value, key) for objects
// and arrays.
func (v *jsValue) hasOwn(key string) bool {
	if v == nil {
		return false
	}
	switch v.kind {
	case jsObject:
		_, ok := v.idx[key]
		return ok
	case jsArray:
		i, ok := arrayIndex(key)
		return ok && i < len(v.arr)
	}
	return false
}

// keys is Object.keys(value) for objects and arrays (also the order of
// for…in on the plain values JSON.parse produces).
func (v *jsValue) keys() []string {
	if v == nil {
		return nil
	}
	switch v.kind {
	case jsObject:
		out := make([]string, len(v.obj))
		for i, m := range v.obj {
			out[i] = m.key
		}
		return out
	case jsArray:
		out := make([]string, len(v.arr))
		for i := range v.arr {
			out[i] = strconv.Itoa(i)
		}
		return out
	}
	return nil
}

// truthy is JavaScript's ToBoolean.
func (v *jsValue) truthy() bool {
	if v == nil {
		return false
	}
	switch v.kind {
	case jsNull:
		return false
	case jsBool:
		return v.b
	case jsNumber:
		return v.n != 0 && !math.IsNaN(v.n)
	case jsString:
		return v.s != ""
	}
	return true
}

// printValue is superstruct's print(): strings as JSON.stringify renders
// them, everything else as the template literal `${value}` does.
func printValue(v *jsValue) string {
	if v != nil && v.kind == jsString {
		return jsQuote(v.s)
	}
	var b strings.Builder
	jsToString(&b, v)
	return b.String()
}

// jsToString writes JavaScript's String(value) for JSON.parse results:
// objects are "[object Object]" and arrays join their elements with ","
// (null and undefined elements render empty).
func jsToString(b *strings.Builder, v *jsValue) {
	if v == nil {
		b.WriteString("undefined")
		return
	}
	switch v.kind {
	case jsNull:
		b.WriteString("null")
	case jsBool:
		b.WriteString(strconv.FormatBool(v.b))
	case jsNumber:
		b.WriteString(numberToString(v.n))
	case jsString:
		b.WriteString(v.s)
	case jsObject:
		b.WriteString("[object Object]")
	case jsArray:
		for i, e := range v.arr {
			if i > 0 {
				b.WriteByte(',')
			}
			if e != nil && e.kind != jsNull {
				jsToString(b, e)
			}
		}
	}
}

// numberToString is JavaScript's Number.prototype.toString() (radix 10).
func numberToString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0" // also for -0
	}
	neg := f < 0
	if neg {
		f = -f
	}
	// Shortest round-tripping digits, like ECMAScript's Number::toString.
	mant, expStr, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	k, n := len(digits), exp+1
	var s string
	switch {
	case k <= n && n <= 21:
		s = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		s = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		s = "0." + strings.Repeat("0", -n) + digits
	default:
		e := n - 1
		sign := "+"
		if e < 0 {
			sign, e = "-", -e
		}
		if k == 1 {
			s = digits + "e" + sign + strconv.Itoa(e)
		} else {
			s = digits[:1] + "." + digits[1:] + "e" + sign + strconv.Itoa(e)
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

// jsQuote renders s as JSON.stringify does.
func jsQuote(s string) string { return string(smallcaps.AppendJSONString(nil, s)) }

// appendJSON writes v as JSON.stringify would (non-finite numbers become
// null; undefined, which cannot occur below the top level, writes null).
func appendJSON(buf *bytes.Buffer, v *jsValue) {
	if v == nil {
		buf.WriteString("null")
		return
	}
	switch v.kind {
	case jsNull:
		buf.WriteString("null")
	case jsBool:
		buf.WriteString(strconv.FormatBool(v.b))
	case jsNumber:
		if math.IsInf(v.n, 0) || math.IsNaN(v.n) {
			buf.WriteString("null")
		} else {
			buf.WriteString(numberToString(v.n))
		}
	case jsString:
		buf.WriteString(jsQuote(v.s))
	case jsArray:
		buf.WriteByte('[')
		for i, e := range v.arr {
			if i > 0 {
				buf.WriteByte(',')
			}
			appendJSON(buf, e)
		}
		buf.WriteByte(']')
	case jsObject:
		buf.WriteByte('{')
		for i, m := range v.obj {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString(jsQuote(m.key))
			buf.WriteByte(':')
			appendJSON(buf, m.val)
		}
		buf.WriteByte('}')
	}
}

// jsonText returns v as compact JSON text.
func jsonText(v *jsValue) []byte {
	var buf bytes.Buffer
	appendJSON(&buf, v)
	return buf.Bytes()
}

// toGo converts a JSON value to the types encoding/json produces for any:
// float64, string, bool, nil, []any and map[string]any. Non-finite numbers
// (rejected by validation before this is called) become nil.
func (v *jsValue) toGo() any {
	if v == nil {
		return nil
	}
	switch v.kind {
	case jsBool:
		return v.b
	case jsNumber:
		if math.IsInf(v.n, 0) || math.IsNaN(v.n) {
			return nil
		}
		return v.n
	case jsString:
		return v.s
	case jsArray:
		out := make([]any, len(v.arr))
		for i, e := range v.arr {
			out[i] = e.toGo()
		}
		return out
	case jsObject:
		out := make(map[string]any, len(v.obj))
		for _, m := range v.obj {
			out[m.key] = m.val.toGo()
		}
		return out
	}
	return nil
}
