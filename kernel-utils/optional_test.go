package kernelutils

import (
	"encoding/json"
	"testing"
)

type optionBag struct {
	Seed    Optional[int]            `json:"seed,omitzero"`
	Logger  Optional[*string]        `json:"logger,omitzero"`
	Extra   Optional[map[string]any] `json:"extra,omitzero"`
	Name    Optional[string]         `json:"name,omitzero"`
	Plain   Optional[int]            `json:"plain"`
	Comment string                   `json:"comment,omitzero"`
}

func TestOptionalJSON(t *testing.T) {
	logger := "stderr"
	tests := []struct {
		name string
		in   optionBag
		want string
	}{
		{"all unset", optionBag{}, `{"plain":null}`},
		{"set to values", optionBag{Seed: Some(7), Logger: Some(&logger), Name: Some("x"), Plain: Some(3)},
			`{"seed":7,"logger":"stderr","name":"x","plain":3}`},
		{"set to nil writes null", optionBag{Logger: Some[*string](nil), Extra: Some[map[string]any](nil)},
			`{"logger":null,"extra":null,"plain":null}`},
		{"set to zero value is present", optionBag{Seed: Some(0), Name: Some("")},
			`{"seed":0,"name":"","plain":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOptionalUnmarshalJSON(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		seedSet    bool
		seed       int
		loggerSet  bool
		loggerNil  bool
		wantErrSub bool
	}{
		{"absent keys stay unset", `{}`, false, 0, false, false, false},
		{"values", `{"seed":5,"logger":"x"}`, true, 5, true, false, false},
		{"null is present", `{"seed":null,"logger":null}`, true, 0, true, true, false},
		{"null with whitespace", `{"logger": null }`, false, 0, true, true, false},
		{"wrong type", `{"seed":"five"}`, false, 0, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b optionBag
			err := json.Unmarshal([]byte(tt.in), &b)
			if (err != nil) != tt.wantErrSub {
				t.Fatalf("error = %v, want error %v", err, tt.wantErrSub)
			}
			if err != nil {
				return
			}
			if v, ok := b.Seed.Get(); ok != tt.seedSet || v != tt.seed {
				t.Errorf("Seed = %v,%v; want %v,%v", v, ok, tt.seed, tt.seedSet)
			}
			l, ok := b.Logger.Get()
			if ok != tt.loggerSet || (ok && (l == nil) != tt.loggerNil) {
				t.Errorf("Logger = %v,%v; want set %v nil %v", l, ok, tt.loggerSet, tt.loggerNil)
			}
		})
	}
}

func TestOptionalAccessors(t *testing.T) {
	tests := []struct {
		name    string
		o       Optional[int]
		isSet   bool
		get     int
		orElse  int
		notZero bool
	}{
		{"zero value", Optional[int]{}, false, 0, 42, false},
		{"None", None[int](), false, 0, 42, false},
		{"Some(0)", Some(0), true, 0, 0, true},
		{"Some(9)", Some(9), true, 9, 9, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.o.IsSet(); got != tt.isSet {
				t.Errorf("IsSet = %v, want %v", got, tt.isSet)
			}
			if got := !tt.o.IsZero(); got != tt.notZero {
				t.Errorf("IsZero = %v, want %v", !got, !tt.notZero)
			}
			if v, ok := tt.o.Get(); v != tt.get || ok != tt.isSet {
				t.Errorf("Get = %v,%v; want %v,%v", v, ok, tt.get, tt.isSet)
			}
			if got := tt.o.OrElse(42); got != tt.orElse {
				t.Errorf("OrElse(42) = %v, want %v", got, tt.orElse)
			}
		})
	}
}
