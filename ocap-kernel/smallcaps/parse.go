package smallcaps

import (
	"cmp"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects accepted by the decoder
// and produced by the encoder. Deeper input fails with the RangeError
// "Maximum call stack size exceeded", which is what JavaScript reports for
// such input, instead of exhausting the Go stack.
const MaxDepth = 1000

// jkind is the type of a parsed JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jFalse
	jTrue
	jNumber
	jString
	jArray
	jObject
)

// jnode is one parsed JSON value. Children of arrays are node indices in
// parser.kids[off:off+n]; members of objects are parser.members[off:off+n],
// already in JavaScript property order with duplicate keys resolved.
type jnode struct {
	kind jkind
	num  float64
	str  string
	off  int32
	n    int32
}

type jmember struct {
	key string
	val int32
}

// parser is a JSON.parse work-alike that builds a compact tree. It keeps the
// exact V8 semantics the smallcaps decoder depends on (duplicate keys: last
// value wins at the first key's position; array-index keys enumerate first)
// and reports V8's SyntaxError texts. Parsers are pooled: the tree lives in
// reusable slices, and strings without escapes are substrings of the input.
type parser struct {
	src     string
	pos     int
	depth   int
	nodes   []jnode
	kids    []int32
	members []jmember
	kstack  []int32
	mstack  []jmember
	buf     []byte
	cache   []slotEntry // decoder scratch, pooled with the parser
	err     *CodecError
}

// slotCache returns a cleared slot cache of length n.
func (p *parser) slotCache(n int) []slotEntry {
	if cap(p.cache) < n {
		p.cache = make([]slotEntry, n)
	}
	p.cache = p.cache[:n]
	clear(p.cache)
	return p.cache
}

var parserPool = sync.Pool{New: func() any { return new(parser) }}

func getParser(src string) *parser {
	p := parserPool.Get().(*parser)
	p.src = src
	p.pos = 0
	p.depth = 0
	p.err = nil
	return p
}

// release clears references into the input and returns p to the pool.
func (p *parser) release() {
	const maxRetain = 1 << 16
	if cap(p.nodes) > maxRetain || cap(p.members) > maxRetain || cap(p.kids) > maxRetain || cap(p.buf) > maxRetain || cap(p.cache) > maxRetain {
		return // let unusually large trees be collected
	}
	clear(p.nodes)
	clear(p.members)
	clear(p.mstack)
	clear(p.cache)
	p.nodes = p.nodes[:0]
	p.kids = p.kids[:0]
	p.members = p.members[:0]
	p.kstack = p.kstack[:0]
	p.mstack = p.mstack[:0]
	p.src = ""
	p.err = nil
	parserPool.Put(p)
}

// parse parses the whole input and returns the root node index.
func (p *parser) parse() (int32, *CodecError) {
	root := p.parseValue()
	if p.err != nil {
		return 0, p.err
	}
	p.skipWS()
	if p.pos < len(p.src) {
		p.failMsg(p.pos, "Unexpected non-whitespace character after JSON")
		return 0, p.err
	}
	return root, nil
}

func (p *parser) skipWS() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) addNode(n jnode) int32 {
	p.nodes = append(p.nodes, n)
	return int32(len(p.nodes) - 1)
}

func (p *parser) parseValue() int32 {
	p.skipWS()
	if p.pos >= len(p.src) {
		p.failToken(p.pos)
		return 0
	}
	switch c := p.src[p.pos]; {
	case c == '"':
		p.pos++
		s, ok := p.parseString()
		if !ok {
			return 0
		}
		return p.addNode(jnode{kind: jString, str: s})
	case c == '-' || (c >= '0' && c <= '9'):
		f, ok := p.parseNumber()
		if !ok {
			return 0
		}
		return p.addNode(jnode{kind: jNumber, num: f})
	case c == '[':
		return p.parseArray()
	case c == '{':
		return p.parseObject()
	case c == 't':
		if p.literal("true") {
			return p.addNode(jnode{kind: jTrue})
		}
	case c == 'f':
		if p.literal("false") {
			return p.addNode(jnode{kind: jFalse})
		}
	case c == 'n':
		if p.literal("null") {
			return p.addNode(jnode{kind: jNull})
		}
	default:
		p.failToken(p.pos)
	}
	return 0
}

func (p *parser) literal(lit string) bool {
	for i := 1; i < len(lit); i++ {
		at := p.pos + i
		if at >= len(p.src) {
			p.failToken(at)
			return false
		}
		if p.src[at] != lit[i] {
			p.failToken(at)
			return false
		}
	}
	p.pos += len(lit)
	return true
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxDepth {
		p.err = stackOverflowError()
		return false
	}
	return true
}

func (p *parser) parseArray() int32 {
	if !p.enter() {
		return 0
	}
	defer func() { p.depth-- }()
	p.pos++ // '['
	p.skipWS()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return p.addNode(jnode{kind: jArray})
	}
	mark := len(p.kstack)
	for {
		v := p.parseValue()
		if p.err != nil {
			return 0
		}
		p.kstack = append(p.kstack, v)
		p.skipWS()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == ']' {
			p.pos++
			break
		}
		p.failMsg(p.pos, "Expected ',' or ']' after array element in JSON")
		return 0
	}
	off := len(p.kids)
	p.kids = append(p.kids, p.kstack[mark:]...)
	n := len(p.kstack) - mark
	p.kstack = p.kstack[:mark]
	return p.addNode(jnode{kind: jArray, off: int32(off), n: int32(n)})
}

func (p *parser) parseObject() int32 {
	if !p.enter() {
		return 0
	}
	defer func() { p.depth-- }()
	p.pos++ // '{'
	p.skipWS()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return p.addNode(jnode{kind: jObject})
	}
	mark := len(p.mstack)
	first := true
	for {
		p.skipWS()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			if first {
				p.failMsg(p.pos, "Expected property name or '}' in JSON")
			} else {
				p.failMsg(p.pos, "Expected double-quoted property name in JSON")
			}
			return 0
		}
		first = false
		p.pos++
		key, ok := p.parseString()
		if !ok {
			return 0
		}
		p.skipWS()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			p.failMsg(p.pos, "Expected ':' after property name in JSON")
			return 0
		}
		p.pos++
		v := p.parseValue()
		if p.err != nil {
			return 0
		}
		p.mstack = append(p.mstack, jmember{key: key, val: v})
		p.skipWS()
		if p.pos < len(p.src) && p.src[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.src) && p.src[p.pos] == '}' {
			p.pos++
			break
		}
		p.failMsg(p.pos, "Expected ',' or '}' after property value in JSON")
		return 0
	}
	off := len(p.members)
	p.members = appendJSOrder(p.members, p.mstack[mark:])
	n := len(p.members) - off
	clear(p.mstack[mark:])
	p.mstack = p.mstack[:mark]
	return p.addNode(jnode{kind: jObject, off: int32(off), n: int32(n)})
}

// appendJSOrder appends ms to dst the way a JavaScript object built by
// JSON.parse enumerates them: a repeated key keeps its first position and
// takes its last value, and array-index keys come first in numeric order.
func appendJSOrder(dst []jmember, ms []jmember) []jmember {
	start := len(dst)
	hasIndex := false
	var seen map[string]int
	if len(ms) > 16 {
		seen = make(map[string]int, len(ms))
	}
	for _, m := range ms {
		j := -1
		if seen != nil {
			if k, ok := seen[m.key]; ok {
				j = k
			} else {
				seen[m.key] = len(dst)
			}
		} else {
			for k := start; k < len(dst); k++ {
				if dst[k].key == m.key {
					j = k
					break
				}
			}
		}
		if j >= 0 {
			dst[j].val = m.val
			continue
		}
		if !hasIndex {
			_, hasIndex = arrayIndex(m.key)
		}
		dst = append(dst, m)
	}
	if hasIndex {
		slices.SortStableFunc(dst[start:], func(a, b jmember) int {
			ia, aok := arrayIndex(a.key)
			ib, bok := arrayIndex(b.key)
			switch {
			case aok && bok:
				return cmp.Compare(ia, ib)
			case aok:
				return -1
			case bok:
				return 1
			}
			return 0
		})
	}
	return dst
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) parseNumber() (float64, bool) {
	start := p.pos
	i := p.pos
	s := p.src
	if s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
		if i < len(s) && isDigit(s[i]) {
			p.failMsg(i, "Unexpected number in JSON")
			return 0, false
		}
	} else {
		if i >= len(s) || !isDigit(s[i]) {
			p.failMsg(i, "No number after minus sign in JSON")
			return 0, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			p.failMsg(i, "Unterminated fractional number in JSON")
			return 0, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			p.failMsg(i, "Exponent part is missing a number in JSON")
			return 0, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	p.pos = i
	// The text is valid JSON number syntax, which ParseFloat accepts; out
	// of range values round to ±Inf or 0 like JavaScript, so the range
	// error is deliberately ignored.
	f, _ := strconv.ParseFloat(s[start:i], 64)
	return f, true
}

// parseString parses the string whose opening quote was just consumed.
func (p *parser) parseString() (string, bool) {
	s := p.src
	start := p.pos
	i := start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return s[start:i], true
		case c == '\\' || c < 0x20:
			return p.parseStringSlow(start, i)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return p.parseStringSlow(start, i)
			}
			i += size
		default:
			i++
		}
	}
	p.failMsg(len(s), "Unterminated string in JSON")
	return "", false
}

// parseStringSlow handles escapes, control characters and non-UTF-8 input
// from position i on; s[start:i] is plain text already scanned.
func (p *parser) parseStringSlow(start, i int) (string, bool) {
	s := p.src
	buf := append(p.buf[:0], s[start:i]...)
	defer func() { p.buf = buf[:0] }()
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(buf), true
		case c < 0x20:
			p.failMsg(i, "Bad control character in string literal in JSON")
			return "", false
		case c == '\\':
			i++
			if i >= len(s) {
				p.failToken(i)
				return "", false
			}
			switch e := s[i]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				var u rune
				for k := 1; k <= 4; k++ {
					if i+k >= len(s) {
						p.failMsg(i+k, "Bad Unicode escape in JSON")
						return "", false
					}
					h := hexValue(s[i+k])
					if h < 0 {
						p.failMsg(i+k, "Bad Unicode escape in JSON")
						return "", false
					}
					u = u<<4 | rune(h)
				}
				buf = appendCodeUnit(buf, u)
				i += 4
			default:
				if e >= utf8.RuneSelf {
					// V8 reports characters beyond Latin-1 as unexpected
					// tokens and Latin-1 ones as bad escapes.
					if r, _, _ := decodeWTF8(s, i); r > 0xFF {
						p.failToken(i)
						return "", false
					}
				}
				p.failMsg(i, "Bad escaped character in JSON")
				return "", false
			}
			i++
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size, bad := decodeWTF8(s, i)
			if bad {
				buf = append(buf, "\uFFFD"...)
				i++
				continue
			}
			buf = appendCodeUnit(buf, r)
			i += size
		}
	}
	p.failMsg(len(s), "Unterminated string in JSON")
	return "", false
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// failMsg records a V8 positional SyntaxError such as
// "Expected ',' or ']' after array element in JSON at position 4 (line 1
// column 5)"; msg is the text before " at position".
func (p *parser) failMsg(at int, msg string) {
	if p.err != nil {
		return
	}
	pos, line, col := sourcePosition(p.src, at)
	b := make([]byte, 0, len(msg)+48)
	b = append(b, msg...)
	b = append(b, " at position "...)
	b = strconv.AppendInt(b, int64(pos), 10)
	b = append(b, " (line "...)
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, " column "...)
	b = strconv.AppendInt(b, int64(col), 10)
	b = append(b, ')')
	p.err = &CodecError{Name: "SyntaxError", Message: string(b)}
}

// failToken records V8's error for an unexpected character at byte offset
// at (or the end of input).
func (p *parser) failToken(at int) {
	if p.err != nil {
		return
	}
	if at >= len(p.src) {
		p.err = &CodecError{Name: "SyntaxError", Message: "Unexpected end of JSON input"}
		return
	}
	switch c := p.src[at]; {
	case c == '-' || isDigit(c):
		p.failMsg(at, "Unexpected number in JSON")
		return
	case c == '"':
		p.failMsg(at, "Unexpected string in JSON")
		return
	}
	switch p.src {
	case "[object Object]", "undefined", "Infinity", "NaN":
		p.err = &CodecError{Name: "SyntaxError", Message: `"` + p.src + `" is not valid JSON`}
		return
	}
	units := toUTF16(p.src)
	pos, _, _ := sourcePosition(p.src, at)
	pos = min(pos, len(units)-1) // at is a character boundary; stay safe regardless
	token := fromUTF16(units[pos : pos+1])
	const maxContext = 10
	const minLengthForContext = 2*maxContext + 1
	var msg string
	switch {
	case len(units) < minLengthForContext:
		msg = "Unexpected token '" + token + "', \"" + p.src + "\" is not valid JSON"
	case pos < maxContext:
		msg = "Unexpected token '" + token + "', \"" + fromUTF16(units[:pos+maxContext]) + "\"... is not valid JSON"
	case pos < len(units)-maxContext:
		msg = "Unexpected token '" + token + "', ...\"" + fromUTF16(units[pos-maxContext:pos+maxContext]) + "\"... is not valid JSON"
	default:
		msg = "Unexpected token '" + token + "', ...\"" + fromUTF16(units[pos-maxContext:]) + "\" is not valid JSON"
	}
	p.err = &CodecError{Name: "SyntaxError", Message: msg}
}

// sourcePosition converts a byte offset into V8's UTF-16 position and
// 1-based line and column (lines end at \n, \r or \r\n).
func sourcePosition(src string, at int) (pos, line, col int) {
	line = 1
	lineStart := 0
	for i := 0; i < at && i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if c == '\r' && i+1 < at && src[i+1] == '\n' {
				i++
				pos++
				c = '\n'
			}
			i++
			pos++
			if c == '\r' || c == '\n' {
				line++
				lineStart = pos
			}
			continue
		}
		r, size, _ := decodeWTF8(src, i)
		i += size
		pos++
		if r >= 0x10000 {
			pos++
		}
	}
	return pos, line, 1 + pos - lineStart
}

func toUTF16(s string) []uint16 {
	it := utf16Iter{s: s}
	out := make([]uint16, 0, len(s))
	for {
		u, ok := it.next()
		if !ok {
			return out
		}
		out = append(out, u)
	}
}

func fromUTF16(units []uint16) string {
	buf := make([]byte, 0, len(units))
	for _, u := range units {
		buf = appendCodeUnit(buf, rune(u))
	}
	return string(buf)
}
