package jsontext

import (
	"encoding/json"
	"testing"
)

func TestSkipValue(t *testing.T) {
	tests := []struct{ text, value string }{
		{`"a\"b" ,`, `"a\"b"`},
		{`{"k":["}",{"x":"]"}]} ]`, `{"k":["}",{"x":"]"}]}`},
		{`[1,[2,[3]]],`, `[1,[2,[3]]]`},
		{`-12.5e3}`, `-12.5e3`},
		{`true`, `true`},
		{`null ]`, `null`},
		{`"\\"x`, `"\\"`},
	}
	for _, tc := range tests {
		if end := SkipValue([]byte(tc.text), 0); tc.text[:end] != tc.value {
			t.Errorf("SkipValue(%q) = %q, want %q", tc.text, tc.text[:end], tc.value)
		}
		if !json.Valid([]byte(tc.value)) {
			t.Errorf("%q is not a JSON value", tc.value)
		}
	}
	if i := SkipSpace([]byte(" \t\r\n x"), 0); i != 5 {
		t.Errorf("SkipSpace = %d, want 5", i)
	}
}
