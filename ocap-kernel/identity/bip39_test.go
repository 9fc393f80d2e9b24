package identity

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestWordlistIntegrity(t *testing.T) {
	sum := sha256.Sum256([]byte(wordlistEnglish))
	if got := hex.EncodeToString(sum[:]); got != "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda" {
		t.Fatalf("wordlist sha256 = %s", got)
	}
	if len(bip39Words) != 2048 || len(bip39Index) != 2048 {
		t.Fatalf("wordlist has %d words (%d distinct)", len(bip39Words), len(bip39Index))
	}
	if bip39Words[0] != "abandon" || bip39Words[2047] != "zoo" {
		t.Fatalf("wordlist ends are %q, %q", bip39Words[0], bip39Words[2047])
	}
}

func TestEntropyToMnemonic(t *testing.T) {
	abandon := func(n int) string { return strings.Repeat("abandon ", n) }
	tests := []struct {
		entropy string
		want    string
	}{
		{strings.Repeat("00", 16), abandon(11) + "about"},
		{strings.Repeat("7f", 16), "legal winner thank year wave sausage worth useful legal winner thank yellow"},
		{strings.Repeat("ff", 16), strings.Repeat("zoo ", 11) + "wrong"},
		{strings.Repeat("00", 32), abandon(23) + "art"},
	}
	for _, tt := range tests {
		entropy, _ := hex.DecodeString(tt.entropy)
		got := entropyToMnemonic(entropy)
		if got != tt.want {
			t.Errorf("entropyToMnemonic(%s) = %q, want %q", tt.entropy, got, tt.want)
		}
		back, ok := mnemonicEntropy(got)
		if !ok || !bytes.Equal(back, entropy) {
			t.Errorf("mnemonicEntropy(%q) = %x, %v", got, back, ok)
		}
	}
}

func TestIsValidMnemonic(t *testing.T) {
	valid := "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"valid", valid, true},
		{"fullwidth letter normalises under NFKD", strings.Replace(valid, "about", "ａbout", 1), true},
		{"no-break space normalises to a space under NFKD", strings.Replace(valid, " ", "\u00a0", 1), true},
		{"trailing space", valid + " ", false},
		{"leading space", " " + valid, false},
		{"tab separator", strings.Replace(valid, " ", "\t", 1), false},
		{"11 words", strings.TrimPrefix(valid, "abandon "), false},
		{"13 words", "abandon " + valid, false},
		{"unknown word", strings.Replace(valid, "about", "aboutt", 1), false},
		{"bad checksum", strings.Replace(valid, "about", "abandon", 1), false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsValidMnemonic(tt.in); got != tt.want {
				t.Errorf("IsValidMnemonic(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
	// The NFKD form is also the PBKDF2 password, so a compatibility
	// spelling restores the same identity.
	a, err := MnemonicToKeySeed(valid)
	if err != nil {
		t.Fatal(err)
	}
	b, err := MnemonicToKeySeed(strings.Replace(valid, "about", "ａbout", 1))
	if err != nil || a != b {
		t.Errorf("NFKD spelling gave %q, %v; want %q", b, err, a)
	}
}

func TestGenerateMnemonic(t *testing.T) {
	for _, bits := range []int{128, 160, 192, 224, 256} {
		m, err := GenerateMnemonic(bits)
		if err != nil {
			t.Fatalf("GenerateMnemonic(%d): %v", bits, err)
		}
		if n := len(strings.Fields(m)); n != bits/32*3 {
			t.Errorf("GenerateMnemonic(%d) has %d words", bits, n)
		}
		if !IsValidMnemonic(m) {
			t.Errorf("GenerateMnemonic(%d) = %q is not valid", bits, m)
		}
	}
	for _, bits := range []int{0, 32, 96, 100, 288} {
		if _, err := GenerateMnemonic(bits); !errors.Is(err, ErrBadMnemonicStrength) {
			t.Errorf("GenerateMnemonic(%d) error = %v", bits, err)
		}
	}
	m, err := generateMnemonic(128, bytes.NewReader(make([]byte, 16)))
	if err != nil || !strings.HasSuffix(m, "abandon about") {
		t.Errorf("generateMnemonic(zero entropy) = %q, %v", m, err)
	}
	if _, err := generateMnemonic(128, bytes.NewReader(nil)); err == nil {
		t.Error("generateMnemonic with an exhausted reader succeeded")
	}
}
