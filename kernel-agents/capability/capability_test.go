package capability_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
)

func TestMathSchemasMatchUpstream(t *testing.T) {
	// Upstream kernel-agents' math capabilities at 5e60e4a, as JSON.stringify prints them.
	tests := map[string]string{
		"count":    `{"description":"Count the number of characters in an arbitrary string","args":{"word":{"type":"string","description":"The string to get the length of."}},"returns":{"type":"number","description":"The number of characters in the string."}}`,
		"add":      `{"description":"Add a list of numbers.","args":{"summands":{"type":"array","items":{"type":"number"}}},"returns":{"type":"number","description":"The sum of the numbers."}}`,
		"multiply": `{"description":"Multiply a list of numbers.","args":{"factors":{"type":"array","description":"The list of numbers to multiply.","items":{"type":"number"}}},"returns":{"type":"number","description":"The product of the factors."}}`,
	}
	caps := capability.Math()
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(caps[name].Schema)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != want {
				t.Fatalf("\n got %s\nwant %s", b, want)
			}
		})
	}
}

func TestMathFunctions(t *testing.T) {
	tests := []struct {
		cap  capability.Capability
		args string
		want any
	}{
		{capability.Count, `{"word":"guitar"}`, 6},
		{capability.Count, `{"word":"😀"}`, 2}, // UTF-16 code units, like String.length
		{capability.Add, `{"summands":[1,2.5]}`, 3.5},
		{capability.Add, `{"summands":[]}`, 0.0},
		{capability.Multiply, `{"factors":[5,6]}`, 30.0},
		{capability.Multiply, `{}`, 1.0},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := tt.cap.Func(context.Background(), json.RawMessage(tt.args))
			if err != nil || got != tt.want {
				t.Fatalf("= %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if _, err := capability.Count.Func(context.Background(), json.RawMessage(`{"word":5}`)); err == nil {
		t.Error("count accepted a number")
	}
}

func TestSchemaRoundTripKeepsArgOrder(t *testing.T) {
	in := `{"description":"d","args":{"z":{"type":"string"},"a":{}},"returns":{"type":"number"}}`
	var s capability.Schema
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if got := s.ArgNames(); len(got) != 2 || got[0] != "z" || got[1] != "a" {
		t.Fatalf("args = %v", got)
	}
	out, err := json.Marshal(s)
	if err != nil || string(out) != in {
		t.Fatalf("round trip = %s, %v", out, err)
	}
}

func TestNewRejectsNonStruct(t *testing.T) {
	if _, err := capability.New("x", func(context.Context, int) (int, error) { return 0, nil }); err == nil {
		t.Fatal("New accepted int arguments")
	}
}

func TestNamesPutsEndLast(t *testing.T) {
	end, _ := capability.NewEnd()
	caps := capability.Math()
	caps["end"] = end
	caps["zeta"] = capability.Count
	got := capability.Names(caps)
	want := []string{"add", "count", "multiply", "zeta", "end"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Names = %v, want %v", got, want)
		}
	}
}
