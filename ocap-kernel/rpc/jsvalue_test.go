package rpc

import (
	"math"
	"testing"
)

func TestNumberToString(t *testing.T) {
	// Expected values are JavaScript's String(n).
	tests := []struct {
		n    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1, "-1"}, {1.5, "1.5"},
		{0.1, "0.1"}, {0.000001, "0.000001"}, {0.0000001, "1e-7"}, {1.5e-7, "1.5e-7"},
		{123456789, "123456789"}, {1e20, "100000000000000000000"}, {1e21, "1e+21"},
		{1.7976931348623157e308, "1.7976931348623157e+308"}, {5e-324, "5e-324"},
		{9007199254740993, "9007199254740992"}, {0.30000000000000004, "0.30000000000000004"},
		{-2.5e-10, "-2.5e-10"}, {123.456, "123.456"}, {1e-6, "0.000001"},
		{math.Inf(1), "Infinity"}, {math.Inf(-1), "-Infinity"}, {math.NaN(), "NaN"},
	}
	for _, tc := range tests {
		if got := numberToString(tc.n); got != tc.want {
			t.Errorf("numberToString(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestPrintValue(t *testing.T) {
	// Expected values are superstruct's print() of JSON.parse(json).
	tests := []struct {
		json string
		want string
	}{
		{`"x1"`, `"x1"`},
		{`"a\"b\\c\n\u0001"`, `"a\"b\\c\n\u0001"`},
		{`"<&>` + "\u2028" + `"`, `"<&>` + "\u2028" + `"`},
		{`1.50`, `1.5`},
		{`true`, `true`},
		{`null`, `null`},
		{`{}`, `[object Object]`},
		{`{"a":1}`, `[object Object]`},
		{`[]`, ``},
		{`[null]`, ``},
		{`[1,"a",[2,[3]],{},null,true]`, `1,a,2,3,[object Object],,true`},
		{`1e400`, `Infinity`},
		{`-1e400`, `-Infinity`},
	}
	for _, tc := range tests {
		v, err := parseJS([]byte(tc.json))
		if err != nil {
			t.Fatalf("parseJS(%s): %v", tc.json, err)
		}
		if got := printValue(v); got != tc.want {
			t.Errorf("print(%s) = %q, want %q", tc.json, got, tc.want)
		}
	}
	if got := printValue(nil); got != "undefined" {
		t.Errorf("print(undefined) = %q", got)
	}
}

func TestParseJSObjectOrder(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"b":1,"a":2}`, `{"b":1,"a":2}`},
		{`{"b":1,"10":2,"1":3,"a":4,"01":5,"-1":6,"4294967294":7,"4294967295":8}`,
			`{"1":3,"10":2,"4294967294":7,"b":1,"a":4,"01":5,"-1":6,"4294967295":8}`},
		{`{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`},
		{`{"a":{"y":1,"x":2,"0":3}}`, `{"a":{"0":3,"y":1,"x":2}}`},
		{`[1.0, -0, 2e0, "\ud83d\ude00"]`, `[1,0,2,"😀"]`},
	}
	for _, tc := range tests {
		v, err := parseJS([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := string(jsonText(v)); got != tc.want {
			t.Errorf("stringify(parse(%s)) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestTruthy(t *testing.T) {
	for in, want := range map[string]bool{
		`null`: false, `false`: false, `0`: false, `-0`: false, `""`: false,
		`true`: true, `1`: true, `"0"`: true, `[]`: true, `{}`: true, `1e400`: true,
	} {
		v, err := parseJS([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if got := v.truthy(); got != want {
			t.Errorf("truthy(%s) = %v, want %v", in, got, want)
		}
	}
	if (*jsValue)(nil).truthy() {
		t.Error("undefined is truthy")
	}
}
