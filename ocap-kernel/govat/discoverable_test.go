package govat

import (
	"errors"
	"reflect"
	"testing"
)

func TestDiscoverable(t *testing.T) {
	v := newVat("v1")
	noop := func([]any) (any, error) { return nil, nil }
	tests := []struct {
		name    string
		methods map[string]Method
		schema  map[string]MethodSchema
		want    map[string]any
		err     error
	}{
		{"reserved name", map[string]Method{GetDescription: noop}, nil, nil, ErrReservedDescription},
		{"no methods", nil, nil, map[string]any{}, nil},
		{"described",
			map[string]Method{"add": noop, "ping": noop},
			map[string]MethodSchema{
				"add":  {Description: "Add.", Args: []ArgSchema{{Name: "a", Schema: map[string]any{"type": "number"}}, {Name: "b", Schema: map[string]any{"type": "number"}}}, Returns: map[string]any{"type": "number"}},
				"ping": {Description: "Ping."},
			},
			map[string]any{
				"add":  map[string]any{"description": "Add.", "args": map[string]any{"a": map[string]any{"type": "number"}, "b": map[string]any{"type": "number"}}, "returns": map[string]any{"type": "number"}},
				"ping": map[string]any{"description": "Ping.", "args": map[string]any{}},
			}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj, err := v.Discoverable("Thing", tt.methods, tt.schema)
			if !errors.Is(err, tt.err) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				if obj != nil || err.Error() != "The `__getDescription__` method name is reserved for discoverable exos." {
					t.Fatalf("object %v, message %q", obj, err)
				}
				return
			}
			got, err := obj.methods[GetDescription](nil)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("__getDescription__() = %#v, %v; want %#v", got, err, tt.want)
			}
			for name := range tt.methods {
				if obj.methods[name] == nil {
					t.Errorf("method %q lost", name)
				}
			}
			if _, ok := tt.methods[GetDescription]; ok {
				t.Error("caller's methods were modified")
			}
		})
	}
}
