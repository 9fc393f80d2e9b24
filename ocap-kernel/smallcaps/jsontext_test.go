package smallcaps

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"unicode/utf16"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{1, "1"},
		{-1, "-1"},
		{42, "42"},
		{1.5, "1.5"},
		{-1.5, "-1.5"},
		{0.1, "0.1"},
		{0.30000000000000004, "0.30000000000000004"},
		{1e-6, "0.000001"},
		{1.5e-6, "0.0000015"},
		{1e-7, "1e-7"},
		{1.5e-7, "1.5e-7"},
		{123e-20, "1.23e-18"},
		{5e-324, "5e-324"},
		{1e20, "100000000000000000000"},
		{1e21, "1e+21"},
		{-1e21, "-1e+21"},
		{1.5e21, "1.5e+21"},
		{123456789012345680000, "123456789012345680000"},
		{math.Pow(2, 64), "18446744073709552000"},
		{1<<53 - 1, "9007199254740991"},
		{1 << 53, "9007199254740992"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.Pi, "3.141592653589793"},
		{1.0 / 3, "0.3333333333333333"},
		{100, "100"},
		{1234.5678, "1234.5678"},
		{0.000123, "0.000123"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.f); got != tt.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

// TestFormatNumberRoundTrip checks that every output parses back to the
// same float and is valid JSON number syntax.
func TestFormatNumberRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := FormatNumber(f)
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || (back != f && !(f == 0 && back == 0)) {
			t.Fatalf("FormatNumber(%v) = %q parses back as %v, %v", f, s, back, err)
		}
		if !json.Valid([]byte(s)) {
			t.Fatalf("FormatNumber(%v) = %q is not JSON", f, s)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", `""`},
		{"plain", `"plain"`},
		{`"\`, `"\"\\"`},
		{"\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"\x00\x01\x1f\x7f", "\"\\u0000\\u0001\\u001f\x7f\""},
		{"</script>&", `"</script>&"`},
		{"\u2028\u2029\uFEFF\uFFFF", "\"\u2028\u2029\uFEFF\uFFFF\""},
		{"\U0001F600", "\"\U0001F600\""},
		{"\xed\xa0\x80", `"\ud800"`},
		{"\xed\xbf\xbf", `"\udfff"`},
		{"a\xed\xa0\xbdz", `"a\ud83dz"`},
		{"\xed\xb8\x80\xed\xa0\xbd", `"\ude00\ud83d"`},                    // low then high: no pair
		{"\xed\xa0\xbd\xed\xb8\x80", "\"\U0001F600\""},                    // separately encoded pair
		{"\xed\xa0\xbd\xed\xa0\xbd\xed\xb8\x80", "\"\\ud83d\U0001F600\""}, // high, then pair
		{"\xff", "\"\uFFFD\""},
		{"a\xe2\x82", "\"a\uFFFD\uFFFD\""},
		{"\xed\xa0", "\"\uFFFD\uFFFD\""},
	}
	for _, tt := range tests {
		if got := string(AppendJSONString(nil, tt.in)); got != tt.want {
			t.Errorf("AppendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestAppendJSONStringAgainstStdlib cross-checks valid UTF-8 strings with
// encoding/json: the output must decode to the input, and every byte that
// is not escaped must be copied verbatim.
func TestAppendJSONStringAgainstStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune{0, 1, 8, 9, 10, 12, 13, 0x1f, ' ', '"', '\\', '/', '<', '>', '&', 'a', 0x7f, 0x80, 0xe9, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF}
	for range 5000 {
		rs := make([]rune, r.IntN(12))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(rs)
		out := AppendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil || back != s {
			t.Fatalf("AppendJSONString(%q) = %s decodes to %q, %v", s, out, back, err)
		}
	}
}

func TestCompareUTF16(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []rune{'a', 'b', 0x7f, 0xe9, 0xD7FF, 0xE000, 0xFF61, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF}
	gen := func() string {
		rs := make([]rune, r.IntN(5))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(rs)
	}
	for range 20000 {
		a, b := gen(), gen()
		want := slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
		if got := compareUTF16(a, b); got != want {
			t.Fatalf("compareUTF16(%q, %q) = %d, want %d", a, b, got, want)
		}
	}
	// Lone surrogates compare as their code units.
	if compareUTF16("\xed\xa0\xbd", "\U0001F600") >= 0 || compareUTF16("\xed\xa0\xbd\xed\xb8\x80", "\U0001F600") != 0 {
		t.Error("surrogate halves do not compare as UTF-16")
	}
}

func TestArrayIndex(t *testing.T) {
	tests := []struct {
		s  string
		ok bool
	}{
		{"0", true}, {"1", true}, {"10", true}, {"4294967294", true},
		{"", false}, {"01", false}, {"-1", false}, {"1.5", false}, {"4294967295", false},
		{"9007199254740993", false}, {"1e3", false}, {" 1", false}, {"00", false},
	}
	for _, tt := range tests {
		if _, ok := arrayIndex(tt.s); ok != tt.ok {
			t.Errorf("arrayIndex(%q) = %v, want %v", tt.s, ok, tt.ok)
		}
	}
}

func TestJSToNumber(t *testing.T) {
	tests := []struct {
		s    string
		want float64
	}{
		{"", 0}, {"  ", 0}, {"0", 0}, {"12", 12}, {" 12\n", 12}, {"\u00a012\u3000", 12},
		{"+5", 5}, {"-5", -5}, {"1e3", 1000}, {"1.", 1}, {".5", 0.5}, {"0x1F", 31}, {"0X1f", 31},
		{"0o17", 15}, {"0b101", 5}, {"Infinity", math.Inf(1)}, {"-Infinity", math.Inf(-1)}, {"1e400", math.Inf(1)},
		{"007", 7},
	}
	for _, tt := range tests {
		if got := jsToNumber(tt.s); got != tt.want {
			t.Errorf("jsToNumber(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
	for _, s := range []string{"x", "1x", "0x", "-0x1", "0x1g", "0b2", "1e", ".", "+", "infinity", "1_0", "NaN", "0x1p3"} {
		if got := jsToNumber(s); !math.IsNaN(got) {
			t.Errorf("jsToNumber(%q) = %v, want NaN", s, got)
		}
	}
}

func TestParseJSBigInt(t *testing.T) {
	tests := []struct{ s, want string }{
		{"+0", "0"}, {"-0", "0"}, {"+007", "7"}, {"-12", "-12"}, {"+1 ", "1"}, {"", "0"}, {" ", "0"},
		{"0x10", "16"}, {"0b11", "3"}, {"0o7", "7"}, {"123456789012345678901234567890", "123456789012345678901234567890"},
	}
	for _, tt := range tests {
		n, err := parseJSBigInt(tt.s)
		if err != nil || n.String() != tt.want {
			t.Errorf("parseJSBigInt(%q) = %v, %v; want %s", tt.s, n, err, tt.want)
		}
	}
	for _, s := range []string{"+", "-", "+0x10", "1.5", "1e3", "+ 1", "x", "0x", "0b2"} {
		_, err := parseJSBigInt(s)
		assertJSError(t, "parseJSBigInt("+s+")", err, map[string]any{"name": "SyntaxError", "message": "Cannot convert " + s + " to a BigInt"})
	}
}

func TestNormalizeWTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"},
		{"\U0001F600", "\U0001F600"},
		{"\xed\xa0\x80", "\xed\xa0\x80"},
		{"\xed\xa0\xbd\xed\xb8\x80", "\U0001F600"},
		{"\xff", "\uFFFD"},
		{"\xc3", "\uFFFD"},
	}
	for _, tt := range tests {
		if got := normalizeWTF8(tt.in); got != tt.want {
			t.Errorf("normalizeWTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
