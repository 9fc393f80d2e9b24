package smallcaps

import (
	"errors"
	"math"
	"math/big"
	"strings"
)

// CodecError is the error returned when Decode rejects a body or Encode
// rejects a value. Name is the JavaScript error class upstream throws for
// the same input ("SyntaxError", "TypeError", "RangeError" or "Error") and
// Message is its text, so failures can be relayed with upstream wording.
type CodecError struct {
	Name    string
	Message string
	err     error
}

// Error returns the message exactly as upstream words it.
func (e *CodecError) Error() string { return e.Message }

// Unwrap exposes ErrNotPassable for encode failures on unsupported values.
func (e *CodecError) Unwrap() error { return e.err }

// ErrNotPassable is wrapped by the *CodecError returned when a value (or
// part of it) has no smallcaps encoding, for example a Go func, channel or
// struct, or a nil *Ref. Test with errors.Is.
var ErrNotPassable = errors.New("not passable")

func newError(name, msg string) *CodecError { return &CodecError{Name: name, Message: msg} }

func stackOverflowError() *CodecError {
	return newError("RangeError", "Maximum call stack size exceeded")
}

// quote renders a string the way @endo/errors' q() shows it in messages.
func quote(s string) string {
	return string(appendRenderString(nil, s))
}

// appendRenderString renders a string as SES's bestEffortStringify does:
// JSON, with strings that start with "[" wrapped in brackets.
func appendRenderString(b []byte, s string) []byte {
	if strings.HasPrefix(s, "[") {
		b = append(b, '"', '[')
		b = appendJSONStringBody(b, s)
		return append(b, ']', '"')
	}
	return AppendJSONString(b, s)
}

func appendRenderNumber(b []byte, f float64) []byte {
	switch {
	case f != f:
		return append(b, `"[NaN]"`...)
	case math.IsInf(f, 1):
		return append(b, `"[Infinity]"`...)
	case math.IsInf(f, -1):
		return append(b, `"[-Infinity]"`...)
	}
	return AppendNumber(b, f)
}

// renderNode renders a parsed JSON value as it appears in upstream error
// messages (the raw encoding passed through bestEffortStringify).
func (p *parser) renderNode(b []byte, idx int32) []byte {
	n := &p.nodes[idx]
	switch n.kind {
	case jNull:
		return append(b, "null"...)
	case jFalse:
		return append(b, "false"...)
	case jTrue:
		return append(b, "true"...)
	case jNumber:
		return appendRenderNumber(b, n.num)
	case jString:
		return appendRenderString(b, n.str)
	case jArray:
		b = append(b, '[')
		for i := range n.n {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.renderNode(b, p.kids[n.off+i])
		}
		return append(b, ']')
	default:
		b = append(b, '{')
		for i := range n.n {
			if i > 0 {
				b = append(b, ',')
			}
			m := p.members[n.off+i]
			b = AppendJSONString(b, m.key)
			b = append(b, ':')
			b = p.renderNode(b, m.val)
		}
		return append(b, '}')
	}
}

func (p *parser) render(idx int32) string { return string(p.renderNode(nil, idx)) }

// renderValue renders a decoded value as upstream error messages show it.
func renderValue(v any) string {
	b := []byte(nil)
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return string(appendRenderNumber(b, x))
	case string:
		return quote(x)
	case undefinedValue:
		return `"[undefined]"`
	case *big.Int:
		return replaced(x.String() + "n")
	case Symbol:
		return replaced(x.String())
	case *Ref:
		switch {
		case x == nil:
			return "null"
		case x.Promise && x.standin:
			return replaced(x.Slot)
		case x.Promise:
			return `"[Promise]"`
		case x.Iface == "":
			return `"[Remotable]"`
		}
		return replaced(x.Iface)
	case *Error:
		if x == nil {
			return "null"
		}
		return replaced(x.Name + ": " + x.Message)
	}
	return `"[object]"`
}

// replaced renders the "[…]" string bestEffortStringify's replacer
// substitutes for values JSON cannot show (it is not re-bracketed).
func replaced(s string) string {
	return string(AppendJSONString(nil, "["+s+"]"))
}

// typeofNode is JavaScript's typeof for a parsed JSON value; idx < 0 means
// the property was absent.
func (p *parser) typeofNode(idx int32) string {
	if idx < 0 {
		return "undefined"
	}
	switch p.nodes[idx].kind {
	case jFalse, jTrue:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	}
	return "object"
}

// typeofValue is JavaScript's typeof for a decoded value.
func typeofValue(v any) string {
	switch v.(type) {
	case undefinedValue:
		return "undefined"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case *big.Int:
		return "bigint"
	case Symbol:
		return "symbol"
	}
	return "object"
}
