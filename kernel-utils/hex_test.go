package kernelutils

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestToHex(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"nil", nil, ""},
		{"empty", []byte{}, ""},
		{"lowercase with leading zeros", []byte{0x00, 0x0a, 0xff, 0xAB}, "000affab"},
		{"relay seed", append([]byte{200}, make([]byte, 31)...), "c8" + strings.Repeat("00", 31)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToHex(tt.in); got != tt.want {
				t.Errorf("ToHex = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFromHexGolden checks FromHex against every keySeeds vector recorded
// from the upstream kernel (only the bytes; peer ids are tested elsewhere).
func TestFromHexGolden(t *testing.T) {
	raw, err := os.ReadFile(goldenPath(t, "identity-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		KeySeeds []struct {
			Label     string  `json:"label"`
			KeySeed   string  `json:"keySeed"`
			BytesHex  *string `json:"fromHex_bytes_hex"`
			WantError *struct {
				Name    string `json:"name"`
				Message string `json:"message"`
			} `json:"error"`
		} `json:"keySeeds"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.KeySeeds) == 0 {
		t.Fatal("no keySeeds vectors")
	}
	for _, v := range doc.KeySeeds {
		t.Run(v.Label, func(t *testing.T) {
			got, err := FromHex(v.KeySeed)
			if v.WantError != nil {
				if err == nil || !strings.HasPrefix(err.Error(), v.WantError.Message) {
					t.Fatalf("error = %v, want one starting with %q", err, v.WantError.Message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.BytesHex == nil {
				t.Fatal("vector has neither bytes nor error")
			}
			if hex.EncodeToString(got[:]) != *v.BytesHex {
				t.Errorf("FromHex(%q) = %x, want %s", v.KeySeed, got, *v.BytesHex)
			}
		})
	}
}

// TestFromHexQuirks pins the parseInt leniency that FromHex reproduces. The
// expected bytes were computed by running upstream's fromHex algorithm under
// Node 22.
func TestFromHexQuirks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // leading bytes; the rest must be zero
	}{
		{"single digit", "f", "0f"},
		{"odd length: last digit is a whole byte", "abc", "ab0c"},
		{"trailing non-digit ignored", "1z", "01"},
		{"leading non-digit gives zero", "z1", "00"},
		{"leading space skipped", " f", "0f"},
		{"leading tab skipped", "\tf", "0f"},
		{"no-break space skipped", "\u00a0f", "0f"},
		{"ideographic space skipped", "\u3000f", "0f"},
		{"BOM skipped", "\ufefff", "0f"},
		{"line separator skipped", "\u2028a", "0a"},
		{"negative wraps modulo 256", "-1", "ff"},
		{"negative f", "-f", "f1"},
		{"plus sign", "+f", "0f"},
		{"0x prefix alone is NaN", "0x", "00"},
		{"0X prefix alone is NaN", "0X", "00"},
		{"sign without digits", "- ", "00"},
		{"negative zero", "-0", "00"},
		{"trailing sign ignored", "1-", "01"},
		{"whitespace only", "\t\t", "00"},
		{"non-ASCII letter", "é1", "00"},
		{"astral character takes two units", "😀11", "0011"},
		{"uppercase single digit", "A", "0a"},
		{"lone x", "x", "00"},
		{"64 digits", strings.Repeat("ff", 32), strings.Repeat("ff", 32)},
		{"32 astral characters are 64 units", strings.Repeat("😀", 32), ""},
		{"invalid UTF-8 byte is one non-digit", "\xff1", "00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromHex(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want + strings.Repeat("0", 64-len(tt.want))
			if hex.EncodeToString(got[:]) != want {
				t.Errorf("FromHex(%q) = %x, want %s", tt.in, got, want)
			}
		})
	}
}

func TestFromHexTooLong(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		length int
	}{
		{"65 digits", strings.Repeat("0", 65), 65},
		{"66 digits", strings.Repeat("0", 66), 66},
		{"astral characters count twice", strings.Repeat("😀", 32) + "a", 65},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromHex(tt.in)
			var hle *HexLengthError
			if !errors.As(err, &hle) {
				t.Fatalf("error = %v, want *HexLengthError", err)
			}
			if hle.Length != tt.length {
				t.Errorf("Length = %d, want %d", hle.Length, tt.length)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "Check failed") || !strings.Contains(msg, fmt.Sprintf("has %d characters", tt.length)) {
				t.Errorf("message %q lacks the upstream prefix or the length", msg)
			}
			if got != [32]byte{} {
				t.Errorf("got non-zero bytes %x with an error", got)
			}
		})
	}
}

func TestHexRoundTrip(t *testing.T) {
	for _, seed := range [][32]byte{{}, {1, 2, 3}, {31: 0xff}} {
		t.Run(ToHex(seed[:]), func(t *testing.T) {
			got, err := FromHex(ToHex(seed[:]))
			if err != nil || got != seed {
				t.Errorf("round trip = %x, %v", got, err)
			}
		})
	}
}

func BenchmarkFromHex(b *testing.B) {
	s := strings.Repeat("c8", 32)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := FromHex(s); err != nil {
			b.Fatal(err)
		}
	}
}
