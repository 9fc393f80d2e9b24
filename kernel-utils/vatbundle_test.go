package kernelutils

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

const goodBundle = `{"moduleFormat":"iife","code":"var __vatExports__ = (function(exports){ return exports; })({});","exports":["buildRootObject"],"external":[],"extra":true}`

func TestParseVatBundle(t *testing.T) {
	b, err := ParseVatBundle([]byte(goodBundle))
	if err != nil {
		t.Fatal(err)
	}
	if b.ModuleFormat != "iife" || b.Code == "" || !slices.Equal(b.Exports, []string{"buildRootObject"}) ||
		b.External == nil || len(b.External) != 0 {
		t.Errorf("parsed %+v", b)
	}
	if err := b.Validate(); err != nil {
		t.Errorf("Validate of a parsed bundle: %v", err)
	}
}

func TestParseVatBundleErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantField string
		wantMsg   string
		wrapsJSON bool
	}{
		{"not JSON", `{`, "", "Invalid bundle: not a JSON object: unexpected end of JSON input", true},
		{"null", `null`, "", "Invalid bundle: not a JSON object: got null", false},
		{"array", `[]`, "", "Invalid bundle: not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage", true},
		{"trailing data", goodBundle + `x`, "", "", true},
		{"missing moduleFormat", `{"code":"x","exports":[],"external":[]}`, "moduleFormat", "Unknown bundle format: undefined", false},
		{"other moduleFormat", `{"moduleFormat":"endoZipBase64","code":"x","exports":[],"external":[]}`, "moduleFormat", "Unknown bundle format: endoZipBase64", false},
		{"uppercase IIFE", `{"moduleFormat":"IIFE","code":"x","exports":[],"external":[]}`, "moduleFormat", "Unknown bundle format: IIFE", false},
		{"null moduleFormat", `{"moduleFormat":null,"code":"x","exports":[],"external":[]}`, "moduleFormat", "Unknown bundle format: null", false},
		{"number moduleFormat", `{"moduleFormat":5,"code":"x","exports":[],"external":[]}`, "moduleFormat", "Unknown bundle format: 5", false},
		{"missing code", `{"moduleFormat":"iife","exports":[],"external":[]}`, "code", "Invalid bundle: missing code", false},
		{"null code", `{"moduleFormat":"iife","code":null,"exports":[],"external":[]}`, "code", "Invalid bundle: missing code", false},
		{"empty code", `{"moduleFormat":"iife","code":"","exports":[],"external":[]}`, "code", "Invalid bundle: missing code", false},
		{"number code", `{"moduleFormat":"iife","code":1,"exports":[],"external":[]}`, "code", "Invalid bundle: code must be a string", false},
		{"missing exports", `{"moduleFormat":"iife","code":"x","external":[]}`, "exports", "Invalid bundle: exports must be an array of strings", false},
		{"null exports", `{"moduleFormat":"iife","code":"x","exports":null,"external":[]}`, "exports", "Invalid bundle: exports must be an array of strings", false},
		{"string exports", `{"moduleFormat":"iife","code":"x","exports":"a","external":[]}`, "exports", "Invalid bundle: exports must be an array of strings", false},
		{"number in exports", `{"moduleFormat":"iife","code":"x","exports":["a",1],"external":[]}`, "exports", "Invalid bundle: exports must be an array of strings", false},
		{"null in exports", `{"moduleFormat":"iife","code":"x","exports":["a",null],"external":[]}`, "exports", "Invalid bundle: exports must be an array of strings", false},
		{"missing external", `{"moduleFormat":"iife","code":"x","exports":[]}`, "external", "Invalid bundle: external must be an array of strings", false},
		{"object external", `{"moduleFormat":"iife","code":"x","exports":[],"external":{}}`, "external", "Invalid bundle: external must be an array of strings", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseVatBundle([]byte(tt.in))
			if b != nil {
				t.Errorf("got bundle %+v alongside an error", b)
			}
			var ibe *InvalidBundleError
			if !errors.As(err, &ibe) {
				t.Fatalf("error = %v, want *InvalidBundleError", err)
			}
			if !errors.Is(err, ErrInvalidBundle) {
				t.Error("error does not match ErrInvalidBundle")
			}
			if ibe.Field != tt.wantField {
				t.Errorf("Field = %q, want %q", ibe.Field, tt.wantField)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("message = %q, want %q", err.Error(), tt.wantMsg)
			}
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			if got := errors.As(err, &se) || errors.As(err, &te); got != tt.wrapsJSON {
				t.Errorf("wraps a JSON error = %v, want %v", got, tt.wrapsJSON)
			}
		})
	}
}

func TestVatBundleValidate(t *testing.T) {
	tests := []struct {
		name    string
		b       VatBundle
		wantMsg string
	}{
		{"valid", VatBundle{ModuleFormat: "iife", Code: "x"}, ""},
		{"valid with lists", VatBundle{ModuleFormat: "iife", Code: "x", Exports: []string{"a"}, External: []string{"b"}}, ""},
		{"empty format", VatBundle{Code: "x"}, "Unknown bundle format: "},
		{"wrong format", VatBundle{ModuleFormat: "esm", Code: "x"}, "Unknown bundle format: esm"},
		{"empty code", VatBundle{ModuleFormat: "iife"}, "Invalid bundle: missing code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.b.Validate()
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || err.Error() != tt.wantMsg || !errors.Is(err, ErrInvalidBundle) {
				t.Errorf("error = %v, want %q matching ErrInvalidBundle", err, tt.wantMsg)
			}
		})
	}
}

func TestVatBundleMarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		b    VatBundle
		want string
	}{
		{"nil lists become empty arrays", VatBundle{ModuleFormat: "iife", Code: "x"},
			`{"moduleFormat":"iife","code":"x","exports":[],"external":[]}`},
		{"lists kept", VatBundle{ModuleFormat: "iife", Code: "x", Exports: []string{"buildRootObject"}, External: []string{"a"}},
			`{"moduleFormat":"iife","code":"x","exports":["buildRootObject"],"external":["a"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []any{tt.b, &tt.b} {
				got, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
				back, err := ParseVatBundle(got)
				if err != nil {
					t.Fatalf("ParseVatBundle of marshalled bundle: %v", err)
				}
				if back.Code != tt.b.Code || len(back.Exports) != len(tt.b.Exports) {
					t.Errorf("round trip = %+v", back)
				}
			}
		})
	}
}
