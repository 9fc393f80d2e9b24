package identity

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"unicode/utf16"

	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
)

// SeedSize is the size of a kernel key seed and of an ocapURLKey, in bytes.
const SeedSize = 32

// PrivateKeyFromSeed returns the libp2p Ed25519 private key whose RFC 8032
// seed is seed, matching @libp2p/crypto generateKeyPairFromSeed('Ed25519').
func PrivateKeyFromSeed(seed [SeedSize]byte) (crypto.PrivKey, error) {
	priv, err := crypto.UnmarshalEd25519PrivateKey(ed25519.NewKeyFromSeed(seed[:]))
	if err != nil {
		return nil, fmt.Errorf("ed25519 key from seed: %w", err)
	}
	return priv, nil
}

// PeerIDFromSeed returns the libp2p peer ID (identity multihash of the
// protobuf-encoded public key, "12D3KooW…") of the key derived from seed.
func PeerIDFromSeed(seed [SeedSize]byte) (peer.ID, error) {
	priv, err := PrivateKeyFromSeed(seed)
	if err != nil {
		return "", err
	}
	id, err := peer.IDFromPrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("peer id from key: %w", err)
	}
	return id, nil
}

// KeySeedFromHex decodes a stored key seed exactly like upstream
// kernel-utils fromHex: the result is always 32 bytes; input longer than 64
// characters (UTF-16 code units) fails with ErrKeySeedTooLong; shorter input
// fills the leading bytes and leaves the rest zero; each two-character group
// is read with JavaScript parseInt(group, 16), so uppercase digits work,
// groups that start with a non-digit decode to 0, "1z" decodes to 1, a
// leading sign or whitespace is honoured ("-1" becomes 0xff), and an odd
// trailing character is read on its own.
func KeySeedFromHex(s string) ([SeedSize]byte, error) {
	var out [SeedSize]byte
	units := utf16.Encode([]rune(s))
	if len(units) > 2*SeedSize {
		return out, ErrKeySeedTooLong
	}
	for i := 0; i*2 < len(units); i++ {
		end := min(i*2+2, len(units))
		out[i] = byte(jsParseHexByte(units[i*2 : end]))
	}
	return out, nil
}

// jsParseHexByte evaluates JavaScript parseInt(str, 16) for a string of one
// or two UTF-16 code units, with NaN mapped to 0 (as a Uint8Array store
// does). The caller truncates the result to a byte, which matches ToUint8
// for the possible range -15..255.
func jsParseHexByte(u []uint16) int {
	i := 0
	if i < len(u) && isJSWhitespace(rune(u[i])) {
		i++
	}
	sign := 1
	if i < len(u) && (u[i] == '+' || u[i] == '-') {
		if u[i] == '-' {
			sign = -1
		}
		i++
	}
	// "0x"/"0X" prefix: with two units nothing can follow it, so NaN.
	if len(u)-i >= 2 && u[i] == '0' && (u[i+1] == 'x' || u[i+1] == 'X') {
		return 0
	}
	v, digits := 0, 0
	for ; i < len(u); i++ {
		d := hexDigitValue(u[i])
		if d < 0 {
			break
		}
		v = v*16 + d
		digits++
	}
	if digits == 0 {
		return 0
	}
	return sign * v
}

func hexDigitValue(c uint16) int {
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

// isJSWhitespace reports whether r is ECMAScript WhiteSpace or
// LineTerminator (what String.prototype.trim and parseInt skip).
func isJSWhitespace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x00a0, 0x1680, 0x2028, 0x2029,
		0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// toHex is upstream's toHex: lowercase, two digits per byte.
func toHex(b []byte) string { return hex.EncodeToString(b) }

// ValidatePeerID checks that s is a libp2p peer id (as an OCAP URL's host
// must be for a remote redemption to go anywhere).
func ValidatePeerID(s string) error {
	if _, err := peer.Decode(s); err != nil {
		return fmt.Errorf("invalid peer id %q: %w", s, err)
	}
	return nil
}
