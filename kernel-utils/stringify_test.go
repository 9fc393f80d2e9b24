package kernelutils

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strings"
	"testing"
)

// vatNotFoundError mirrors an upstream ocap error: it has a code and data.
type VatNotFoundError struct{ VatID string }

func (e *VatNotFoundError) Error() string { return "Vat does not exist." }
func (e *VatNotFoundError) Code() string  { return "VAT_NOT_FOUND" }
func (e *VatNotFoundError) Data() any     { return map[string]any{"vatId": e.VatID} }

// RPCError has an int code and a stack.
type RPCError struct{ cause error }

func (e RPCError) Error() string { return "rpc failed" }
func (e RPCError) Code() int     { return -32603 }
func (e RPCError) Stack() string { return "at handler\nat server" }
func (e RPCError) Unwrap() error { return e.cause }

// AnyCodeError has a structured code.
type AnyCodeError struct{}

func (AnyCodeError) Error() string { return "any code" }
func (AnyCodeError) Code() any     { return []any{"A", 1} }

// loopError unwraps to itself forever.
type loopError struct{}

func (e *loopError) Error() string { return "loop" }
func (e *loopError) Unwrap() error { return e }

type html struct {
	Text string `json:"text"`
}

func TestStringify(t *testing.T) {
	cyclicMap := map[string]any{"a": 1}
	cyclicMap["self"] = cyclicMap
	cyclicSlice := []any{1, nil}
	cyclicSlice[1] = cyclicSlice
	type node struct {
		Next *node `json:"next"`
	}
	cyclicStruct := &node{}
	cyclicStruct.Next = cyclicStruct
	type named map[string]any
	cyclicNamed := named{}
	cyclicNamed["self"] = cyclicNamed
	shared := map[string]any{"x": 1}

	tests := []struct {
		name string
		v    any
		want string
	}{
		{"object", map[string]any{"key": "value"}, "{\n  \"key\": \"value\"\n}"},
		{"keys sorted", map[string]int{"b": 1, "a": 2}, "{\n  \"a\": 2,\n  \"b\": 1\n}"},
		{"array", []int{1, 2, 3}, "[\n  1,\n  2,\n  3\n]"},
		{"empty array", []any{}, "[]"},
		{"number", 42, "42"},
		{"string", "hello", `"hello"`},
		{"bool", true, "true"},
		{"nil", nil, "null"},
		{"Undefined", Undefined, "undefined"},
		{"html is not escaped", html{"<a>&</a>"}, "{\n  \"text\": \"<a>&</a>\"\n}"},
		{"func prints its type", func() string { return "" }, "func() string"},
		{"chan prints its type", make(chan int), "chan int"},
		{"NaN falls back to fmt", math.NaN(), "NaN"},
		{"unencodable inside a map falls back to fmt", map[string]any{"c": complex(1, 2)}, "map[c:(1+2i)]"},
		{"cyclic map", cyclicMap, "[circular map[string]interface {}]"},
		{"cyclic slice", cyclicSlice, "[circular []interface {}]"},
		{"cyclic struct", cyclicStruct, "[circular *kernelutils.node]"},
		{"cyclic named map", cyclicNamed, "[circular kernelutils.named]"},
		{"shared but acyclic map", map[string]any{"a": shared, "b": []any{shared, shared}},
			"{\n  \"a\": {\n    \"x\": 1\n  },\n  \"b\": [\n    {\n      \"x\": 1\n    },\n    {\n      \"x\": 1\n    }\n  ]\n}"},
		{"plain error", errors.New("An error occurred"),
			"{\n  \"name\": \"Error\",\n  \"message\": \"An error occurred\"\n}"},
		{"wrapped error has a cause", fmt.Errorf("Caused error: %w", errors.New("Root cause error")),
			"{\n  \"name\": \"Error\",\n  \"message\": \"Caused error: Root cause error\",\n  \"cause\": {\n    \"name\": \"Error\",\n    \"message\": \"Root cause error\"\n  }\n}"},
		{"ocap error with code and data", &VatNotFoundError{VatID: "v1"},
			"{\n  \"name\": \"VatNotFoundError\",\n  \"message\": \"Vat does not exist.\",\n  \"code\": \"VAT_NOT_FOUND\",\n  \"data\": {\n    \"vatId\": \"v1\"\n  }\n}"},
		{"value error with int code, stack and cause", RPCError{cause: &VatNotFoundError{VatID: "v2"}},
			"{\n  \"name\": \"RPCError\",\n  \"message\": \"rpc failed\",\n  \"stack\": \"at handler\\nat server\",\n  \"cause\": {\n    \"name\": \"VatNotFoundError\",\n    \"message\": \"Vat does not exist.\",\n    \"code\": \"VAT_NOT_FOUND\",\n    \"data\": {\n      \"vatId\": \"v2\"\n    }\n  },\n  \"code\": -32603\n}"},
		{"any code", AnyCodeError{}, "{\n  \"name\": \"AnyCodeError\",\n  \"message\": \"any code\",\n  \"code\": [\n    \"A\",\n    1\n  ]\n}"},
		{"PathError name", &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist},
			"{\n  \"name\": \"PathError\",\n  \"message\": \"open /x: file does not exist\",\n  \"cause\": {\n    \"name\": \"Error\",\n    \"message\": \"file does not exist\"\n  }\n}"},
		{"joined errors give a cause array", errors.Join(errors.New("a"), nil, errors.New("b")),
			"{\n  \"name\": \"Error\",\n  \"message\": \"a\\nb\",\n  \"cause\": [\n    {\n      \"name\": \"Error\",\n      \"message\": \"a\"\n    },\n    {\n      \"name\": \"Error\",\n      \"message\": \"b\"\n    }\n  ]\n}"},
		{"error inside a map and a slice", map[string]any{"err": errors.New("x"), "list": []any{errors.New("y")}},
			"{\n  \"err\": {\n    \"name\": \"Error\",\n    \"message\": \"x\"\n  },\n  \"list\": [\n    {\n      \"name\": \"Error\",\n      \"message\": \"y\"\n    }\n  ]\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Stringify(tt.v); got != tt.want {
				t.Errorf("Stringify:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestStringifyIndent(t *testing.T) {
	v := map[string]any{"key": []int{1}}
	tests := []struct {
		name   string
		indent string
		want   string
	}{
		{"compact", "", `{"key":[1]}`},
		{"four spaces", "    ", "{\n    \"key\": [\n        1\n    ]\n}"},
		{"tab", "\t", "{\n\t\"key\": [\n\t\t1\n\t]\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StringifyIndent(v, tt.indent); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStringifyErrorChainIsBounded(t *testing.T) {
	got := StringifyIndent(&loopError{}, "")
	if n := strings.Count(got, `"message":"loop"`); n != maxErrorDepth+1 {
		t.Errorf("rendered %d levels, want %d", n, maxErrorDepth+1)
	}
}

func TestStringifyIsDeterministic(t *testing.T) {
	v := map[string]any{}
	for i := range 50 {
		v[fmt.Sprint("k", i)] = map[string]any{"e": fmt.Errorf("e%d", i)}
	}
	first := Stringify(v)
	for range 20 {
		if got := Stringify(v); got != first {
			t.Fatal("Stringify output changed between calls")
		}
	}
}

func TestErrorName(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{errors.New("x"), "Error"},
		{fmt.Errorf("x: %w", errors.New("y")), "Error"},
		{&fs.PathError{}, "PathError"},
		{&VatNotFoundError{}, "VatNotFoundError"},
		{RPCError{}, "RPCError"},
		{&loopError{}, "Error"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%T", tt.err), func(t *testing.T) {
			if got := errorName(tt.err); got != tt.want {
				t.Errorf("errorName = %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkStringifyError(b *testing.B) {
	err := RPCError{cause: &VatNotFoundError{VatID: "v1"}}
	for b.Loop() {
		Stringify(err)
	}
}
