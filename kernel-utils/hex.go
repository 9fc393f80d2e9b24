package kernelutils

import (
	"encoding/hex"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxHexLen is the longest string [FromHex] accepts: 64 hex digits, 32 bytes.
const MaxHexLen = 64

// HexLengthError is returned by [FromHex] for input longer than [MaxHexLen].
// Length counts UTF-16 code units, as upstream does.
type HexLengthError struct {
	Length int
}

// Error keeps upstream's "Check failed" prefix and says what failed.
func (e *HexLengthError) Error() string {
	return fmt.Sprintf("Check failed: hex string has %d characters, at most %d are allowed",
		e.Length, MaxHexLen)
}

// ToHex returns the lowercase hex spelling of b.
func ToHex(b []byte) string { return hex.EncodeToString(b) }

// FromHex decodes a key seed the way upstream fromHex does, so that a keySeed
// stored by a TypeScript kernel yields the same 32 bytes (and the same peer
// id) in Go. Upstream is lenient, and those quirks are reproduced on purpose:
//
//   - the result is always 32 bytes; shorter input is zero-padded on the
//     right, and "" gives all zeros;
//   - upper- and lowercase digits are accepted;
//   - input is cut into 2-character pieces and each piece is read with
//     JavaScript's parseInt(piece, 16) and stored modulo 256: a piece with
//     no leading hex digit ("zz", "0x") gives 0, a trailing non-digit is
//     ignored ("1z" gives 0x01), leading whitespace is skipped (" f" gives
//     0x0f) and a sign applies ("-1" gives 0xff);
//   - an odd-length string's last piece is a single digit, which becomes the
//     whole byte ("abc" gives ab 0c 00…);
//   - length is counted in UTF-16 code units, as JavaScript does (invalid
//     UTF-8 bytes count as one non-digit each).
//
// Input longer than 64 characters returns a *[HexLengthError] (upstream
// "Check failed").
func FromHex(s string) ([32]byte, error) {
	var out [32]byte
	var units []uint16
	var buf [MaxHexLen]uint16
	if ascii(s) && len(s) <= MaxHexLen {
		// The common case, without allocating.
		for i := range len(s) {
			buf[i] = uint16(s[i])
		}
		units = buf[:len(s)]
	} else {
		units = utf16.Encode([]rune(s))
	}
	if len(units) > MaxHexLen {
		return out, &HexLengthError{Length: len(units)}
	}
	for i := 0; i < len(units); i += 2 {
		out[i/2] = parseHexPiece(units[i:min(i+2, len(units))])
	}
	return out, nil
}

func ascii(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// parseHexPiece is JavaScript's parseInt(piece, 16) followed by the
// Uint8Array store conversion (NaN → 0, otherwise modulo 256).
func parseHexPiece(piece []uint16) byte {
	i := 0
	for i < len(piece) && isJSWhitespace(piece[i]) {
		i++
	}
	negative := false
	if i < len(piece) && (piece[i] == '+' || piece[i] == '-') {
		negative = piece[i] == '-'
		i++
	}
	if i+1 < len(piece) && piece[i] == '0' && (piece[i+1] == 'x' || piece[i+1] == 'X') {
		i += 2
	}
	value, digits := 0, 0
	for ; i < len(piece); i++ {
		d := hexDigit(piece[i])
		if d < 0 {
			break
		}
		value = value*16 + d
		digits++
	}
	if digits == 0 {
		return 0 // NaN
	}
	if negative {
		value = -value
	}
	return byte(value)
}

func hexDigit(u uint16) int {
	switch {
	case u >= '0' && u <= '9':
		return int(u - '0')
	case u >= 'a' && u <= 'f':
		return int(u-'a') + 10
	case u >= 'A' && u <= 'F':
		return int(u-'A') + 10
	}
	return -1
}

// isJSWhitespace reports whether u is StrWhiteSpaceChar in ECMAScript:
// WhiteSpace (including every Zs character) or LineTerminator.
func isJSWhitespace(u uint16) bool {
	switch u {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x00a0, 0x1680, 0x2028, 0x2029,
		0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return u >= 0x2000 && u <= 0x200a
}
