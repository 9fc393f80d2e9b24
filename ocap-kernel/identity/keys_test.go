package identity

import (
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestKeySeedFromHexQuirks(t *testing.T) {
	zeros := func(n int) string { return strings.Repeat("00", n) }
	tests := []struct {
		name string
		in   string
		want string // hex of the leading bytes; the rest must be zero
		err  error
	}{
		{name: "lowercase", in: "0102", want: "0102"},
		{name: "uppercase", in: "ABcd", want: "abcd"},
		{name: "empty", in: "", want: ""},
		{name: "odd length reads last digit alone", in: "abc", want: "ab0c"},
		{name: "single digit", in: "A", want: "0a"},
		{name: "non-hex group", in: "zz01", want: "0001"},
		{name: "digit then junk", in: "1z", want: "01"},
		{name: "junk then digit", in: "z1", want: "00"},
		{name: "0x prefix", in: "0x11", want: "0011"},
		{name: "0X prefix", in: "0X11", want: "0011"},
		{name: "negative", in: "-1", want: "ff"},
		{name: "negative a", in: "-a", want: "f6"},
		{name: "plus", in: "+f", want: "0f"},
		{name: "leading space", in: " f", want: "0f"},
		{name: "leading tab", in: "\tF", want: "0f"},
		{name: "leading nbsp", in: "\u00a0f", want: "0f"},
		{name: "two signs", in: "--", want: "00"},
		{name: "lone sign", in: "-", want: "00"},
		{name: "non-ASCII unit", in: "é1", want: "00"},
		{name: "non-ASCII then pair", in: "éx11", want: "0011"},
		{name: "astral is two units", in: "😀11", want: "0011"},
		{name: "64 units of astral", in: strings.Repeat("😀", 32), want: ""},
		{name: "64 chars", in: strings.Repeat("f", 64), want: strings.Repeat("f", 64)},
		{name: "65 chars", in: strings.Repeat("f", 65), err: ErrKeySeedTooLong},
		{name: "66 units of astral", in: strings.Repeat("😀", 33), err: ErrKeySeedTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := KeySeedFromHex(tt.in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || err.Error() != "Check failed" {
					t.Fatalf("error = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want + zeros(SeedSize-len(tt.want)/2)
			if h := hex.EncodeToString(got[:]); h != want {
				t.Errorf("KeySeedFromHex(%q) = %s, want %s", tt.in, h, want)
			}
		})
	}
}

func TestPeerIDFromSeedMatchesPrivateKey(t *testing.T) {
	seed, err := KeySeedFromHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
	if err != nil {
		t.Fatal(err)
	}
	priv, err := PrivateKeyFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	id, err := PeerIDFromSeed(seed)
	if err != nil {
		t.Fatal(err)
	}
	if !id.MatchesPrivateKey(priv) {
		t.Fatal("peer id does not match the private key")
	}
	if !strings.HasPrefix(id.String(), "12D3KooW") {
		t.Errorf("peer id %s is not an Ed25519 identity-multihash id", id)
	}
}

func TestErrorTexts(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&MultibaseError{Input: "abc"}, `Unable to decode multibase string "abc", base58btc decoder only supports inputs prefixed with z`},
		{&MultibaseError{Input: "a\"\\\n\x01\u2028<"}, "Unable to decode multibase string \"a\\\"\\\\\\n\\u0001\u2028<\", base58btc decoder only supports inputs prefixed with z"},
		{&InvalidKRefError{Value: "hello"}, `not a valid KRef: "hello"`},
		{&InvalidKRefError{Value: ""}, `not a valid KRef: ""`},
		{&InvalidKRefError{Value: "[x"}, `not a valid KRef: "[[x]"`},
		{&InvalidKRefError{Value: "a\x1fb"}, `not a valid KRef: "a\u001fb"`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
