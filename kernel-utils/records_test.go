package kernelutils

import (
	"errors"
	"maps"
	"testing"
)

func TestMergeDisjointRecords(t *testing.T) {
	tests := []struct {
		name    string
		records []map[string]int
		want    map[string]int
		wantErr *DuplicateKeyError
		wantMsg string
	}{
		{name: "no records", records: nil, want: map[string]int{}},
		{name: "nil and empty records", records: []map[string]int{nil, {}}, want: map[string]int{}},
		{name: "single record", records: []map[string]int{{"a": 1}}, want: map[string]int{"a": 1}},
		{name: "disjoint", records: []map[string]int{{"a": 1, "b": 2}, {"c": 3}, nil, {"d": 4}},
			want: map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}},
		{name: "zero values are kept", records: []map[string]int{{"a": 0}, {"b": 0}},
			want: map[string]int{"a": 0, "b": 0}},
		{name: "collision", records: []map[string]int{{"a": 1}, {"b": 2}, {"a": 3}},
			wantErr: &DuplicateKeyError{Key: "a", OriginalIndex: 0, CollidingIndex: 2},
			wantMsg: "Duplicate keys in records: a, found in entries 0 and 2"},
		{name: "first colliding record, smallest key", records: []map[string]int{{"z": 1, "y": 1}, {"x": 1}, {"z": 2, "y": 2, "x": 2}},
			wantErr: &DuplicateKeyError{Key: "x", OriginalIndex: 1, CollidingIndex: 2},
			wantMsg: "Duplicate keys in records: x, found in entries 1 and 2"},
		{name: "empty key collides too", records: []map[string]int{{"": 1}, {"": 2}},
			wantErr: &DuplicateKeyError{Key: "", OriginalIndex: 0, CollidingIndex: 1},
			wantMsg: "Duplicate keys in records: , found in entries 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MergeDisjointRecords(tt.records...)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				if got == nil || !maps.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				return
			}
			var dke *DuplicateKeyError
			if !errors.As(err, &dke) {
				t.Fatalf("error %v is not a *DuplicateKeyError", err)
			}
			if *dke != *tt.wantErr {
				t.Errorf("error = %+v, want %+v", *dke, *tt.wantErr)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("message = %q, want %q", err.Error(), tt.wantMsg)
			}
			if got != nil {
				t.Errorf("got map %v alongside an error", got)
			}
		})
	}
}

func TestMergeDisjointRecordsDoesNotAlias(t *testing.T) {
	in := map[string]any{"a": 1}
	out, err := MergeDisjointRecords(in)
	if err != nil {
		t.Fatal(err)
	}
	out["b"] = 2
	if _, ok := in["b"]; ok {
		t.Error("result aliases its input")
	}
}
