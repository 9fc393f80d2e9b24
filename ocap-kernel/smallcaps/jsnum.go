package smallcaps

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// isJSSpace reports whether r is JavaScript WhiteSpace or LineTerminator,
// the characters Number() and BigInt() trim from strings.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func trimJSSpace(s string) string {
	return strings.TrimFunc(s, isJSSpace)
}

// jsToNumber converts a string to a number as JavaScript's Number(s) does
// (StringToNumber): surrounding whitespace is ignored, "" is 0, 0x/0o/0b
// prefixes select a radix, "Infinity" is accepted with a sign, and
// anything else that is not a decimal literal is NaN.
func jsToNumber(s string) float64 {
	s = trimJSSpace(s)
	if s == "" {
		return 0
	}
	if n, radix, ok := parseRadixInteger(s); radix {
		if !ok {
			return math.NaN()
		}
		f, _ := new(big.Float).SetInt(n).Float64()
		return f
	}
	body := s
	neg := false
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	if body == "Infinity" {
		if neg {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	if !isDecimalLiteral(body) {
		return math.NaN()
	}
	// Validated decimal syntax; out of range values round to ±Inf or 0
	// as in JavaScript, so the range error is deliberately ignored.
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// isDecimalLiteral matches StrUnsignedDecimalLiteral without "Infinity":
// digits [. digits] or . digits, with an optional exponent.
func isDecimalLiteral(s string) bool {
	i := 0
	intDigits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		intDigits++
	}
	fracDigits := 0
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			fracDigits++
		}
	}
	if intDigits+fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return false
		}
	}
	return i == len(s)
}

// parseJSBigInt converts a string as JavaScript's BigInt(s) does
// (StringToBigInt) and fails with upstream's SyntaxError otherwise.
func parseJSBigInt(s string) (*big.Int, error) {
	fail := func() (*big.Int, error) {
		return nil, newError("SyntaxError", "Cannot convert "+s+" to a BigInt")
	}
	t := trimJSSpace(s)
	if t == "" {
		return new(big.Int), nil
	}
	if n, radix, ok := parseRadixInteger(t); radix {
		if !ok {
			return fail()
		}
		return n, nil
	}
	digits := t
	if digits[0] == '+' || digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" {
		return fail()
	}
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return fail()
		}
	}
	n, ok := new(big.Int).SetString(t, 10)
	if !ok {
		return fail()
	}
	return n, nil
}

// natIndex applies @endo/nat's Nat() to a slot index and returns it as an
// int, with Nat's RangeError texts.
func natIndex(f float64) (int, error) {
	if f != f || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1<<53-1 {
		return 0, newError("RangeError", FormatNumber(f)+" is not a safe integer")
	}
	if f < 0 {
		return 0, newError("RangeError", FormatNumber(f)+" is negative")
	}
	return int(f), nil
}

// parseRadixInteger reads a 0x/0o/0b literal (as Number() and BigInt() do):
// radix reports whether s has such a prefix, ok whether the digits are
// valid for it.
func parseRadixInteger(s string) (n *big.Int, radix, ok bool) {
	if len(s) <= 2 || s[0] != '0' {
		return nil, false, false
	}
	base := 0
	switch s[1] | 0x20 {
	case 'x':
		base = 16
	case 'o':
		base = 8
	case 'b':
		base = 2
	default:
		return nil, false, false
	}
	digits := s[2:]
	for i := 0; i < len(digits); i++ {
		if h := hexValue(digits[i]); h < 0 || h >= base {
			return nil, true, false
		}
	}
	n, ok = new(big.Int).SetString(digits, base)
	return n, true, ok
}
