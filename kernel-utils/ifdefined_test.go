package kernelutils

import (
	"encoding/json"
	"errors"
	"maps"
	"testing"
)

func TestIfDefined(t *testing.T) {
	var nilPtr *int
	var nilFunc func(string)
	var nilChan chan int
	var nilMap map[string]int
	var nilSlice []string
	var nilErr error
	one := 1
	tests := []struct {
		name string
		in   map[string]any
		want map[string]any
	}{
		{"nil map", nil, map[string]any{}},
		{"empty map", map[string]any{}, map[string]any{}},
		{"Undefined dropped", map[string]any{"a": Undefined, "b": 2}, map[string]any{"b": 2}},
		{"explicit nil kept", map[string]any{"a": nil}, map[string]any{"a": nil}},
		{"nil error interface kept", map[string]any{"err": nilErr}, map[string]any{"err": nil}},
		{"typed nil pointer dropped", map[string]any{"p": nilPtr, "q": &one}, map[string]any{"q": &one}},
		{"nil func and chan dropped", map[string]any{"f": nilFunc, "c": nilChan}, map[string]any{}},
		{"nil map and slice kept", map[string]any{"m": nilMap, "s": nilSlice}, map[string]any{"m": nilMap, "s": nilSlice}},
		{"unset Optional dropped", map[string]any{"o": None[int](), "p": Some(0)}, map[string]any{"p": Some(0)}},
		{"zero values kept", map[string]any{"i": 0, "s": "", "b": false}, map[string]any{"i": 0, "s": "", "b": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before map[string]any
			if tt.in != nil {
				before = maps.Clone(tt.in)
			}
			got := IfDefined(tt.in)
			if got == nil {
				t.Fatal("IfDefined returned nil")
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, w := range tt.want {
				g, ok := got[k]
				if !ok {
					t.Fatalf("key %q missing from %v", k, got)
				}
				gj, _ := json.Marshal(g)
				wj, _ := json.Marshal(w)
				if string(gj) != string(wj) {
					t.Errorf("key %q: got %s, want %s", k, gj, wj)
				}
			}
			if tt.in != nil && len(before) != len(tt.in) {
				t.Error("IfDefined modified its argument")
			}
		})
	}
}

func TestUndefined(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want bool
	}{
		{"Undefined", Undefined, true},
		{"fresh zero value of its type", undefinedType{}, true},
		{"nil", nil, false},
		{"empty struct", struct{}{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isAbsent(tt.v); got != tt.want {
				t.Errorf("isAbsent(%#v) = %v, want %v", tt.v, got, tt.want)
			}
		})
	}
	t.Run("does not encode as JSON", func(t *testing.T) {
		_, err := json.Marshal(map[string]any{"k": Undefined})
		if !errors.Is(err, errUndefinedJSON) {
			t.Fatalf("json.Marshal error = %v, want errUndefinedJSON", err)
		}
	})
}
