package smallcaps

import (
	"math"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s to dst as a JSON string literal exactly as
// JavaScript's JSON.stringify writes it: only '"', '\\', control characters
// below U+0020 (as \b \f \n \r \t or lowercase \u00xx) and lone surrogates
// (lowercase \udxxx) are escaped; everything else, including '/', '<', '>',
// '&', DEL, U+2028 and U+2029, is written raw. s is interpreted as WTF-8 (see
// the package documentation); bytes that are not valid WTF-8 are written as
// U+FFFD. Other packages use it wherever JSON must match JavaScript output.
func AppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendJSONStringBody(dst, s)
	return append(dst, '"')
}

// appendJSONStringBody appends the escaped contents of s without quotes.
func appendJSONStringBody(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"':
				dst = append(dst, '\\', '"')
			case '\\':
				dst = append(dst, '\\', '\\')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size, bad := decodeWTF8(s, i)
		if !bad && !isSurrogate(r) {
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch {
		case bad:
			dst = append(dst, "\uFFFD"...)
			i++
		case r <= 0xDBFF && i+3 < len(s):
			// A high surrogate directly followed by a low surrogate is a
			// pair in UTF-16, which JSON.stringify writes as one character.
			if r2, _, bad2 := decodeWTF8(s, i+3); !bad2 && r2 >= 0xDC00 && r2 <= 0xDFFF {
				dst = utf8.AppendRune(dst, combineSurrogates(r, r2))
				i += 6
			} else {
				dst = appendUnicodeEscape(dst, r)
				i += 3
			}
		default:
			dst = appendUnicodeEscape(dst, r)
			i += 3
		}
		start = i
	}
	return append(dst, s[start:]...)
}

func appendUnicodeEscape(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

func isSurrogate(r rune) bool { return r >= 0xD800 && r <= 0xDFFF }

func combineSurrogates(hi, lo rune) rune {
	return 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00)
}

// decodeWTF8 decodes the code point starting at s[i]. Valid UTF-8 decodes
// normally; a surrogate code point in 3-byte generalized UTF-8 form decodes
// to that surrogate; any other byte decodes as (U+FFFD, 1, bad=true).
func decodeWTF8(s string, i int) (r rune, size int, bad bool) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1, false
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	if r != utf8.RuneError || size > 1 {
		return r, size, false
	}
	if c == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2] >= 0x80 && s[i+2] <= 0xBF {
		return 0xD000 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3, false
	}
	return utf8.RuneError, 1, true
}

// appendCodeUnit appends one UTF-16 code unit (or a non-surrogate code
// point) to a WTF-8 buffer, joining a low surrogate with a high surrogate
// that ends buf so that pairs are always stored as 4-byte UTF-8.
func appendCodeUnit(buf []byte, u rune) []byte {
	if !isSurrogate(u) {
		return utf8.AppendRune(buf, u)
	}
	if u >= 0xDC00 {
		if n := len(buf); n >= 3 && buf[n-3] == 0xED && buf[n-2] >= 0xA0 && buf[n-2] <= 0xAF {
			hi := 0xD000 | rune(buf[n-2]&0x3F)<<6 | rune(buf[n-1]&0x3F)
			return utf8.AppendRune(buf[:n-3], combineSurrogates(hi, u))
		}
	}
	return append(buf, 0xED, byte(0x80|(u>>6)&0x3F), byte(0x80|u&0x3F))
}

// normalizeWTF8 returns s in the canonical form the decoder produces: valid
// UTF-8, lone surrogates as 3-byte sequences, surrogate pairs joined, and any
// other invalid byte replaced by U+FFFD. It returns s itself when s is
// already valid UTF-8.
func normalizeWTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	buf := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size, bad := decodeWTF8(s, i)
		if bad {
			buf = append(buf, "\uFFFD"...)
			i++
			continue
		}
		buf = appendCodeUnit(buf, r)
		i += size
	}
	return string(buf)
}

// utf16Iter yields the UTF-16 code units of a WTF-8 string.
type utf16Iter struct {
	s       string
	i       int
	pending uint16
}

func (it *utf16Iter) next() (uint16, bool) {
	if it.pending != 0 {
		u := it.pending
		it.pending = 0
		return u, true
	}
	if it.i >= len(it.s) {
		return 0, false
	}
	if c := it.s[it.i]; c < utf8.RuneSelf {
		it.i++
		return uint16(c), true
	}
	r, size, _ := decodeWTF8(it.s, it.i)
	it.i += size
	if r >= 0x10000 {
		r -= 0x10000
		it.pending = uint16(0xDC00 + r&0x3FF)
		return uint16(0xD800 + r>>10), true
	}
	return uint16(r), true
}

// compareUTF16 orders strings by UTF-16 code units, as JavaScript's default
// Array.prototype.sort does. It differs from byte order only for code points
// above U+FFFF versus U+E000..U+FFFF.
func compareUTF16(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	// Restart at the last ASCII boundary so both decoders are in sync.
	for i > 0 && a[i-1] >= utf8.RuneSelf {
		i--
	}
	ia := utf16Iter{s: a, i: i}
	ib := utf16Iter{s: b, i: i}
	for {
		ua, oka := ia.next()
		ub, okb := ib.next()
		switch {
		case !oka && !okb:
			return 0
		case !oka:
			return -1
		case !okb:
			return 1
		case ua < ub:
			return -1
		case ua > ub:
			return 1
		}
	}
}

// arrayIndex reports whether s is a JavaScript array index ("0" ..
// "4294967294" in canonical form). JavaScript objects enumerate such keys
// first, in numeric order, so encoded records must too.
func arrayIndex(s string) (uint32, bool) {
	if len(s) == 0 || len(s) > 10 {
		return 0, false
	}
	if s[0] == '0' {
		return 0, len(s) == 1
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > 4294967294 {
		return 0, false
	}
	return uint32(n), true
}

// compareRecordKeys orders record keys as they appear in the JSON that Endo
// produces: array-index keys first in numeric order, then the rest in UTF-16
// code unit order.
func compareRecordKeys(a, b string) int {
	ia, aok := arrayIndex(a)
	ib, bok := arrayIndex(b)
	switch {
	case aok && bok:
		switch {
		case ia < ib:
			return -1
		case ia > ib:
			return 1
		}
		return 0
	case aok:
		return -1
	case bok:
		return 1
	}
	return compareUTF16(a, b)
}

// FormatNumber formats f exactly as JavaScript's Number.prototype.toString
// (and JSON.stringify for finite values): the shortest round-trip digits,
// plain notation for 1e-7 < |f| < 1e21, exponent notation such as "1e+21"
// or "1.5e-7" otherwise, and "0" for negative zero. NaN and the infinities
// give "NaN", "Infinity" and "-Infinity" (JSON.stringify would write null).
func FormatNumber(f float64) string {
	var scratch [40]byte
	return string(AppendNumber(scratch[:0], f))
}

// AppendNumber is the appending form of FormatNumber.
func AppendNumber(dst []byte, f float64) []byte {
	switch {
	case f != f:
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		return append(dst, '0')
	}
	if f == math.Trunc(f) && math.Abs(f) <= 1<<53 {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	var scratch [32]byte
	b := strconv.AppendFloat(scratch[:0], f, 'e', -1, 64)
	if b[0] == '-' {
		dst = append(dst, '-')
		b = b[1:]
	}
	// b is d[.ddd]e±xx
	var digits [24]byte
	k := 0
	j := 0
	for ; b[j] != 'e'; j++ {
		if b[j] != '.' {
			digits[k] = b[j]
			k++
		}
	}
	j++ // skip 'e'
	expNeg := b[j] == '-'
	j++
	e := 0
	for ; j < len(b); j++ {
		e = e*10 + int(b[j]-'0')
	}
	if expNeg {
		e = -e
	}
	n := e + 1 // decimal point position relative to the digits
	d := digits[:k]
	switch {
	case k <= n && n <= 21:
		dst = append(dst, d...)
		for range n - k {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		dst = append(dst, d[:n]...)
		dst = append(dst, '.')
		dst = append(dst, d[n:]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for range -n {
			dst = append(dst, '0')
		}
		dst = append(dst, d...)
	default:
		dst = append(dst, d[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
			dst = strconv.AppendInt(dst, int64(n-1), 10)
		} else {
			dst = append(dst, '-')
			dst = strconv.AppendInt(dst, int64(1-n), 10)
		}
	}
	return dst
}
