package kernelutils

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The optional interfaces below let an error add the upstream ocap error
// fields to its [Stringify] rendering. Code may return a string, an int or
// any other JSON value.
type (
	errorCodeString interface{ Code() string }
	errorCodeInt    interface{ Code() int }
	errorCodeAny    interface{ Code() any }
	// ErrorData is implemented by errors that carry structured details,
	// rendered as the "data" member.
	ErrorData interface{ Data() any }
	// ErrorStack is implemented by errors that captured a stack trace,
	// rendered as the "stack" member.
	ErrorStack interface{ Stack() string }
)

// maxErrorDepth bounds cause chains, so that an error whose Unwrap returns
// itself cannot recurse forever.
const maxErrorDepth = 64

// errorJSON is the upstream stringify shape of an Error; the field order is
// the upstream key order.
type errorJSON struct {
	Name    string `json:"name"`
	Message string `json:"message"`
	Stack   string `json:"stack,omitempty"`
	Cause   any    `json:"cause,omitempty"`
	Code    any    `json:"code,omitempty"`
	Data    any    `json:"data,omitempty"`
}

// Stringify renders v as JSON indented by two spaces, for logs and error
// messages, like upstream stringify. See [StringifyIndent].
func Stringify(v any) string { return StringifyIndent(v, "  ") }

// StringifyIndent renders v as JSON indented by indent ("" gives one compact
// line). The output is deterministic: map keys are sorted and <, >, & are not
// escaped (as in JavaScript's JSON.stringify).
//
// An error, at the top level or inside a map[string]any or []any, becomes
// {"name", "message", "stack"?, "cause"?, "code"?, "data"?}:
//
//   - name is the error's Go type name without package or pointer
//     ("*fs.PathError" gives "PathError"); unexported types such as the
//     ones behind errors.New and fmt.Errorf give "Error";
//   - message is err.Error();
//   - stack, code and data come from the optional Stack() string,
//     Code() string|int|any and Data() any methods;
//   - cause is the rendering of errors.Unwrap(err), or an array for errors
//     that wrap several (errors.Join, fmt.Errorf with several %w).
//
// Unlike upstream, which embeds data as a JSON string, data is a nested JSON
// value. Values that JSON cannot encode fall back to fmt.Sprint, except that
// functions and channels print only their type (never an address) and
// cyclic values print "[circular <type>]"; upstream's String(v) has the same
// role.
func StringifyIndent(v any, indent string) string {
	p := stringifier{onPath: map[uintptr]bool{}}
	prepared := p.prepare(v, 0)
	if p.cycle {
		return circular(v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(prepared); err != nil {
		return fallback(v, err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func circular(v any) string { return fmt.Sprintf("[circular %T]", v) }

func fallback(v any, err error) string {
	var uve *json.UnsupportedValueError
	if errors.As(err, &uve) && strings.HasPrefix(uve.Str, "encountered a cycle") {
		return circular(v)
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return fmt.Sprintf("%T", v)
	}
	return fmt.Sprint(v)
}

// stringifier rewrites errors inside generic JSON trees into errorJSON and
// notices cycles in those trees, which json.Marshal would only catch after
// a thousand levels.
type stringifier struct {
	onPath map[uintptr]bool
	cycle  bool
}

func (p *stringifier) prepare(v any, depth int) any {
	switch x := v.(type) {
	case nil:
		return nil
	case error:
		return p.errorObject(x, depth)
	case map[string]any:
		if x == nil {
			return x
		}
		id := reflect.ValueOf(x).Pointer()
		if p.onPath[id] {
			p.cycle = true
			return nil
		}
		p.onPath[id] = true
		defer delete(p.onPath, id)
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = p.prepare(e, depth)
		}
		return out
	case []any:
		if x == nil {
			return x
		}
		var id uintptr
		if len(x) > 0 {
			id = reflect.ValueOf(x).Pointer()
			if p.onPath[id] {
				p.cycle = true
				return nil
			}
			p.onPath[id] = true
			defer delete(p.onPath, id)
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = p.prepare(e, depth)
		}
		return out
	}
	return v
}

func (p *stringifier) errorObject(err error, depth int) errorJSON {
	o := errorJSON{Name: errorName(err), Message: err.Error()}
	if s, ok := err.(ErrorStack); ok {
		o.Stack = s.Stack()
	}
	if depth < maxErrorDepth {
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			if c := u.Unwrap(); c != nil {
				o.Cause = p.errorObject(c, depth+1)
			}
		case interface{ Unwrap() []error }:
			var causes []any
			for _, c := range u.Unwrap() {
				if c != nil {
					causes = append(causes, p.errorObject(c, depth+1))
				}
			}
			if len(causes) > 0 {
				o.Cause = causes
			}
		}
	}
	switch c := err.(type) {
	case errorCodeString:
		o.Code = c.Code()
	case errorCodeInt:
		o.Code = c.Code()
	case errorCodeAny:
		o.Code = p.prepare(c.Code(), depth+1)
	}
	if d, ok := err.(ErrorData); ok {
		o.Data = p.prepare(d.Data(), depth+1)
	}
	return o
}

// errorName is the upstream Error.name analogue: the exported Go type name,
// or "Error" for the anonymous helpers of errors and fmt.
func errorName(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	if r, _ := utf8.DecodeRuneInString(name); name == "" || !unicode.IsUpper(r) {
		return "Error"
	}
	return name
}
