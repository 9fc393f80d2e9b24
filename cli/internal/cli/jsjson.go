package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file gives the CLI JavaScript's view of JSON, because upstream
// prints every result as JSON.stringify(JSON.parse(line)): object keys in
// JS property order (array-index keys first, ascending, then the others in
// insertion order), numbers as Number#toString prints them, strings
// escaped only where JSON.stringify escapes them. Strings are held as
// WTF-8 so that a lone surrogate (legal in a JS string) survives a round
// trip.

// jsUndefined is JavaScript's undefined: JSON.stringify omits it from
// objects and writes null for it in arrays.
type jsUndefined struct{}

// jsObject is a JS object with JSON.parse's own-property order.
type jsObject struct {
	index []uint32 // array-index keys, ascending
	names []string // other keys, in insertion order
	vals  map[string]any
	// proto is the prototype: nil for Object.prototype, jsNullProto, or a
	// *jsObject or []any that a "__proto__" key put there (see assign).
	proto any
}

func newJSObject() *jsObject { return &jsObject{vals: map[string]any{}} }

// arrayIndex reports whether key is a canonical array index (0 to 2^32-2),
// which JS objects list first in numeric order.
func arrayIndex(key string) (uint32, bool) {
	if key == "" || len(key) > 10 || (len(key) > 1 && key[0] == '0') {
		return 0, false
	}
	n, err := strconv.ParseUint(key, 10, 32)
	if err != nil || n == math.MaxUint32 {
		return 0, false
	}
	return uint32(n), true
}

// set is [[Set]] of a data property: a new key takes its place in JS
// order; an existing one keeps its place and gets the new value.
func (o *jsObject) set(key string, v any) {
	if _, ok := o.vals[key]; !ok {
		if n, ok := arrayIndex(key); ok {
			i := 0
			for i < len(o.index) && o.index[i] < n {
				i++
			}
			o.index = append(o.index, 0)
			copy(o.index[i+1:], o.index[i:])
			o.index[i] = n
		} else {
			o.names = append(o.names, key)
		}
	}
	o.vals[key] = v
}

func (o *jsObject) get(key string) (any, bool) {
	v, ok := o.vals[key]
	return v, ok
}

// keys are Object.keys(o).
func (o *jsObject) keys() []string {
	out := make([]string, 0, len(o.index)+len(o.names))
	for _, n := range o.index {
		out = append(out, strconv.FormatUint(uint64(n), 10))
	}
	return append(out, o.names...)
}

// maxJSONDepth bounds the nesting parseJS accepts, so that a hostile
// result cannot exhaust the stack.
const maxJSONDepth = 10000

// parseJS is JSON.parse: null, bool, float64, string (WTF-8), []any and
// *jsObject. Invalid UTF-8 in data reads as U+FFFD, as Node decodes it.
func parseJS(data string) (any, error) {
	p := &jsParser{s: strings.ToValidUTF8(data, "\uFFFD")}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i < len(p.s) {
		return nil, p.errorf("unexpected %q after the JSON value", p.s[p.i])
	}
	return v, nil
}

type jsParser struct {
	s string
	i int
}

func (p *jsParser) errorf(format string, args ...any) error {
	return fmt.Errorf("invalid JSON at position %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsParser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsParser) literal(word string, v any) (any, error) {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return nil, p.errorf("unexpected token")
	}
	p.i += len(word)
	return v, nil
}

func (p *jsParser) value(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, p.errorf("nested deeper than %d", maxJSONDepth)
	}
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.str()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.errorf("unexpected token %q", c)
	}
}

func (p *jsParser) object(depth int) (any, error) {
	p.i++ // {
	o := newJSObject()
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return o, nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.errorf("expected a string key")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errorf("expected ':'")
		}
		p.i++
		p.ws()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		o.set(k, v) // a duplicate key keeps its place, the last value wins
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errorf("unexpected end of input")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return o, nil
		default:
			return nil, p.errorf("expected ',' or '}'")
		}
	}
}

func (p *jsParser) array(depth int) (any, error) {
	p.i++ // [
	out := []any{}
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return out, nil
	}
	for {
		p.ws()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errorf("unexpected end of input")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return out, nil
		default:
			return nil, p.errorf("expected ',' or ']'")
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *jsParser) number() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case p.i < len(p.s) && isDigit(p.s[p.i]):
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
	default:
		return nil, p.errorf("no digits in number")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			return nil, p.errorf("no digits after '.'")
		}
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.i >= len(p.s) || !isDigit(p.s[p.i]) {
			return nil, p.errorf("no digits in exponent")
		}
		for p.i < len(p.s) && isDigit(p.s[p.i]) {
			p.i++
		}
	}
	// Correctly rounded like JS; out of range is ±Infinity or 0, as in JS.
	f, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, p.errorf("bad number: %v", err)
	}
	return f, nil
}

func hexVal(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

func (p *jsParser) hex4() (rune, error) {
	if p.i+4 > len(p.s) {
		return 0, p.errorf("short \\u escape")
	}
	var r rune
	for k := 0; k < 4; k++ {
		d, ok := hexVal(p.s[p.i+k])
		if !ok {
			return 0, p.errorf("bad \\u escape")
		}
		r = r<<4 | d
	}
	p.i += 4
	return r, nil
}

// appendWTF8 appends r, encoding a surrogate code point as its own
// three bytes (which utf8.AppendRune would replace).
func appendWTF8(b []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(b, byte(0xE0|r>>12), byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}

// decodeWTF8 decodes one code point of s at i, surrogates included.
func decodeWTF8(s string, i int) (rune, int) {
	if i+2 < len(s) && s[i] == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80 {
		return 0xD000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

func (p *jsParser) str() (string, error) {
	p.i++ // "
	var b []byte
	for {
		if p.i >= len(p.s) {
			return "", p.errorf("unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c < 0x20:
			return "", p.errorf("control character in string")
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		p.i++ // backslash
		if p.i >= len(p.s) {
			return "", p.errorf("unterminated string")
		}
		e := p.s[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, err := p.hex4()
			if err != nil {
				return "", err
			}
			// A surrogate pair is one code point; a lone half stays.
			if r >= 0xD800 && r <= 0xDBFF && strings.HasPrefix(p.s[p.i:], `\u`) {
				save := p.i
				p.i += 2
				lo, err := p.hex4()
				if err == nil && lo >= 0xDC00 && lo <= 0xDFFF {
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				} else {
					p.i = save
				}
			}
			b = appendWTF8(b, r)
		default:
			return "", p.errorf("bad escape \\%c", e)
		}
	}
}

// jsNumberString is Number.prototype.toString(10) (ECMA-262
// Number::toString): the shortest round-trip digits, fixed notation for
// 1e-7 <= |x| < 1e21, else d.ddde±n. -0 is "0".
func jsNumberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddddde±XX
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	m := digits[:1]
	if k > 1 {
		m += "." + digits[1:]
	}
	return sign + m + "e" + es + strconv.Itoa(abs(n-1))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// stringifyJS is JSON.stringify(v) (indent "") or JSON.stringify(v, null,
// indent); ok is false where JSON.stringify returns undefined.
func stringifyJS(v any, indent string) (out string, ok bool) {
	if _, u := v.(jsUndefined); u {
		return "", false
	}
	var b strings.Builder
	writeJS(&b, v, indent, "")
	return b.String(), true
}

func writeJS(b *strings.Builder, v any, indent, cur string) {
	switch x := v.(type) {
	case nil, jsUndefined:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
		} else {
			b.WriteString(jsNumberString(x))
		}
	case string:
		quoteJS(b, x)
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		inner := cur + indent
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, indent, inner)
			writeJS(b, e, indent, inner)
		}
		newline(b, indent, cur)
		b.WriteByte(']')
	case *jsObject:
		inner := cur + indent
		n := 0
		b.WriteByte('{')
		for _, k := range x.keys() {
			e := x.vals[k]
			if _, u := e.(jsUndefined); u {
				continue
			}
			if n > 0 {
				b.WriteByte(',')
			}
			n++
			newline(b, indent, inner)
			quoteJS(b, k)
			b.WriteByte(':')
			if indent != "" {
				b.WriteByte(' ')
			}
			writeJS(b, e, indent, inner)
		}
		if n > 0 {
			newline(b, indent, cur)
		}
		b.WriteByte('}')
	default:
		panic(fmt.Sprintf("writeJS: unexpected %T", v)) // a bug in this package
	}
}

func newline(b *strings.Builder, indent, cur string) {
	if indent != "" {
		b.WriteByte('\n')
		b.WriteString(cur)
	}
}

// quoteJS is JSON.stringify of a string: only ", \, control characters
// and lone surrogates are escaped.
func quoteJS(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := decodeWTF8(s, i)
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || (r >= 0xD800 && r <= 0xDFFF):
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
