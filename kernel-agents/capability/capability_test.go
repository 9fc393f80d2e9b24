package capability_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
)

// TestSchemasMatchUpstream compares the schemas of the math, example and
// end capabilities with testdata/upstream-schemas.json, which upstream's
// own S-built capabilities printed (see testdata/README.md).
func TestSchemasMatchUpstream(t *testing.T) {
	raw, err := os.ReadFile("testdata/upstream-schemas.json")
	if err != nil {
		t.Fatal(err)
	}
	var upstream map[string]json.RawMessage
	if err := json.Unmarshal(raw, &upstream); err != nil {
		t.Fatal(err)
	}
	end, _ := capability.NewEnd()
	caps := capability.Math()
	maps.Copy(caps, capability.Examples())
	caps["end"] = end
	if len(caps) != len(upstream) {
		t.Fatalf("%d capabilities, upstream has %d", len(caps), len(upstream))
	}
	for name, want := range upstream {
		t.Run(name, func(t *testing.T) {
			var w bytes.Buffer
			if err := json.Compact(&w, want); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(caps[name].Schema)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != w.String() {
				t.Fatalf("\n got %s\nwant %s", got, w.String())
			}
		})
	}
	if got, _ := json.Marshal(capability.EndSchema()); !bytes.Contains(got, []byte(`"required":["final"]`)) {
		t.Errorf("EndSchema = %s", got)
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
		{capability.Multiply, `{"factors":[]}`, 1.0},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			got, err := tt.cap.Func(context.Background(), json.RawMessage(tt.args))
			if err != nil || got != tt.want {
				t.Fatalf("= %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestGuards: arguments that do not match a method's described shape
// never reach the implementation and fail with upstream's "Error calling
// <signature>: …".
func TestGuards(t *testing.T) {
	end, state := capability.NewEnd()
	tests := []struct {
		name string
		cap  capability.Capability
		args string
		want string
	}{
		{"wrong type", capability.Count, `{"word":5}`, `Error calling count(word: string): In "count" method of (Math): arg 0: 5 - Must be a string`},
		{"missing", capability.Count, `{}`, `Error calling count(word: string): In "count" method of (Math): arg 0: undefined - Must be a string`},
		{"null", capability.Count, `{"word":null}`, `arg 0: null - Must be a string`},
		{"element", capability.Add, `{"summands":[1,"2"]}`, `Error calling add(summands: array): In "add" method of (Math): arg 0: [1]: "2" - Must be a number`},
		{"not an object", capability.Add, `[1]`, `Error calling add(summands: array): arguments must be a JSON object`},
		{"end final", end, `{"final":1}`, `Error calling end(final: string, attachments: object): In "end" method of (End): arg 0: 1 - Must be a string`},
		{"end attachments", end, `{"final":"x","attachments":[]}`, `arg 1: [] - Must be a record`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.cap.Func(context.Background(), json.RawMessage(tt.args))
			var ie *capability.InvocationError
			if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if state.Done() {
		t.Fatal("a rejected end call ended the task")
	}
}

func TestDescribedObject(t *testing.T) {
	d := capability.S.Object([]capability.Property{
		{Name: "a", Described: capability.S.String("")},
		{Name: "b", Described: capability.S.Boolean("")},
	}, capability.ObjectOptions{Optional: []string{"b"}, Description: "thing"})
	if got := string(d.Schema()); got != `{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"boolean"}},"required":["a"],"additionalProperties":false,"description":"thing"}` {
		t.Fatalf("schema %s", got)
	}
	tests := []struct {
		in   string
		want string
	}{
		{`{"a":"x"}`, ""},
		{`{"a":"x","b":true}`, ""},
		{`{"b":true}`, `Must have property "a"`},
		{`{"a":"x","c":1}`, `Must not have unexpected properties: ["c"]`},
		{`{"a":"x","b":1}`, `b: 1 - Must be a boolean`},
		{`"x"`, `Must be a record`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v any
			json.Unmarshal([]byte(tt.in), &v)
			err := d.Match(v)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("Match = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDescribedMethodAndInternalErrors(t *testing.T) {
	s := capability.S
	if _, err := s.Method("m", []capability.NamedArg{s.OptionalArg("a", s.String("")), s.Arg("b", s.String(""))}, s.Nothing()); err == nil ||
		err.Error() != "describedMethod: optional arguments must be trailing (a required argument cannot follow an optional one)." {
		t.Fatalf("optional before required: %v", err)
	}
	m := s.MustMethod("m", []capability.NamedArg{s.Arg("a", s.String(""))}, s.Number(""))
	iface := s.Interface("X", map[string]capability.DescribedMethod{"search": m})
	_, err := capability.Internal(map[string]capability.Method{"serch": nil}, iface)
	if want := `makeInternalCapabilities("X"): implementation and schema method names must match. Schema methods without an implementation: [search]; implementations without a schema: [serch].`; err == nil || err.Error() != want {
		t.Fatalf("mismatch: %v", err)
	}
	caps, err := capability.Internal(map[string]capability.Method{
		"search": func(context.Context, []any) (any, error) { return "not a number", nil },
	}, iface)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := caps["search"].Func(context.Background(), json.RawMessage(`{"a":"q"}`)); err == nil || !strings.Contains(err.Error(), `result: "not a number" - Must be a number`) {
		t.Fatalf("result guard: %v", err)
	}
}

func TestExamples(t *testing.T) {
	got, err := capability.Search.Func(context.Background(), json.RawMessage(`{"query":"moon"}`))
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := capability.EncodeJSON(got); string(b) != `[{"source":"https://www.google.com","published":"2025-01-01","snippet":"No information found for moon"}]` {
		t.Fatalf("search = %s", b)
	}
	phase, err := capability.GetMoonPhase.Func(context.Background(), nil)
	if err != nil || !slices.Contains(capability.MoonPhases, phase.(string)) {
		t.Fatalf("getMoonPhase = %v, %v", phase, err)
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
