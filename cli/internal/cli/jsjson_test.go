package cli

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// The wants below were printed by Node (String(n), JSON.stringify).

func TestJSNumberString(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1, "-1"}, {0.1, "0.1"},
		{1.0 / 3, "0.3333333333333333"}, {1e21, "1e+21"}, {1e-7, "1e-7"}, {1.5e-7, "1.5e-7"},
		{123e-20, "1.23e-18"}, {1e20, "100000000000000000000"}, {1 << 53, "9007199254740992"},
		{5e-324, "5e-324"}, {math.MaxFloat64, "1.7976931348623157e+308"}, {-1e-6, "-0.000001"},
		{123456.789, "123456.789"}, {1e6, "1000000"}, {4.35, "4.35"}, {0.000001234, "0.000001234"},
		{math.NaN(), "NaN"}, {math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"},
	} {
		if got := jsNumberString(tc.f); got != tc.want {
			t.Errorf("jsNumberString(%v) = %s, want %s", tc.f, got, tc.want)
		}
	}
}

func TestStringifyIndent(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a":[],"b":{},"c":[1,[2,{"d":null}]],"e":"x"}`,
			"{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    [\n      2,\n      {\n        \"d\": null\n      }\n    ]\n  ],\n  \"e\": \"x\"\n}"},
		{`[]`, "[]"},
		{`{}`, "{}"},
		{`[{}]`, "[\n  {}\n]"},
		{`"s"`, `"s"`},
		{`1e21`, "1e+21"},
	} {
		v, err := parseJS(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got, _ := stringifyJS(v, "  "); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// An undefined member is left out, indented or not ({"[Tagged: t]":
	// undefined} prints as {}); undefined in an array is null.
	o := newJSObject()
	o.set("u", jsUndefined{})
	o.set("a", []any{jsUndefined{}})
	for indent, want := range map[string]string{"": `{"a":[null]}`, "  ": "{\n  \"a\": [\n    null\n  ]\n}"} {
		if got, _ := stringifyJS(o, indent); got != want {
			t.Errorf("indent %q: got %q, want %q", indent, got, want)
		}
	}
	if _, ok := stringifyJS(jsUndefined{}, ""); ok {
		t.Error("JSON.stringify(undefined) is undefined")
	}
}

func TestParseJSRejects(t *testing.T) {
	for _, in := range []string{
		``, ` `, `{`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `01`, `1.`, `.5`, `-`, `1e`, `+1`,
		`"\x"`, `"\u12"`, "\"a\nb\"", `"abc`, `tru`, `nul`, `NaN`, `Infinity`, `1 2`, `'a'`,
		strings.Repeat("[", maxJSONDepth+2) + strings.Repeat("]", maxJSONDepth+2),
	} {
		if v, err := parseJS(in); err == nil {
			t.Errorf("parseJS(%q) = %v, want an error", in, v)
		}
	}
}

func TestIsCapData(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{`{"body":"#1","slots":[]}`, true},
		{`{"slots":["ko1"],"body":"x"}`, true}, // shape only; the walk checks '#'
		{`{"body":"#1"}`, false},
		{`{"slots":[]}`, false},
		{`{"body":"#1","slots":[],"extra":0}`, false}, // superstruct object() is exact
		{`{"body":1,"slots":[]}`, false},
		{`{"body":"#1","slots":[1]}`, false},
		{`{"body":"#1","slots":{}}`, false},
		{`["#1",[]]`, false},
		{`"#1"`, false},
		{`null`, false},
	} {
		v, err := parseJS(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := isCapData(v); got != tc.want {
			t.Errorf("isCapData(%s) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestPrintResult is what `daemon exec` and `daemon queueMessage` print
// when stdout is not a terminal: JSON.stringify of the parsed result.
func TestPrintResult(t *testing.T) {
	queueShow := func(v any) (any, error) {
		if !isCapData(v) {
			return v, nil
		}
		return prettifySmallcaps(v.(*jsObject))
	}
	for _, tc := range []struct {
		name    string
		raw     string
		show    func(any) (any, error)
		want    string
		wantErr string
	}{
		{"exec keeps JS key order", `{"b":1,"7":2,"a":{"1":"x","0":"y"}}`, nil, `{"7":2,"b":1,"a":{"0":"y","1":"x"}}` + "\n", ""},
		{"exec numbers and escapes", `[1.0, 1E21, -0, "<&>\u2028"]`, nil, "[1,1e+21,0,\"<&>\u2028\"]\n", ""},
		{"no result is undefined", ``, nil, "undefined\n", ""},
		{"queueMessage decodes CapData", `{"body":"#{\"c\":\"$0.Alleged: Counter\"}","slots":["ko5"]}`, queueShow, `{"c":"<ko5> (Alleged: Counter)"}` + "\n", ""},
		{"queueMessage leaves non-CapData alone", `{"body":"#1","slots":[],"x":1}`, queueShow, `{"body":"#1","slots":[],"x":1}` + "\n", ""},
		{"queueMessage body without #", `{"body":"1","slots":[]}`, queueShow, "", "Expected body to start with '#', got: 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := printResult(&buf, json.RawMessage(tc.raw), tc.show, false)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr || buf.Len() != 0 {
					t.Fatalf("err = %v, out %q; want error %q and no output", err, buf.String(), tc.wantErr)
				}
				return
			}
			if err != nil || buf.String() != tc.want {
				t.Fatalf("got %q, %v; want %q", buf.String(), err, tc.want)
			}
		})
	}
}

// Number(s) as Node prints it, for the lengths that join reads.
func TestStringToNumber(t *testing.T) {
	for in, want := range map[string]string{
		"": "0", " ": "0", "12": "12", " 12 ": "12", "1e3": "1000", "0x1F": "31", "0X1f": "31",
		"0o17": "15", "0b101": "5", "-0x1": "NaN", "+5": "5", "-5.5": "-5.5", ".5": "0.5", "5.": "5",
		"Infinity": "Infinity", "-Infinity": "-Infinity", "+Infinity": "Infinity", "infinity": "NaN",
		"1_000": "NaN", "0x": "NaN", "abc": "NaN", "\u00a012\u2028": "12", "1e400": "Infinity",
		"00012": "12", "0x1g": "NaN",
	} {
		if got := jsNumberString(stringToNumber(in)); got != want {
			t.Errorf("Number(%q) = %s, want %s", in, got, want)
		}
	}
}
