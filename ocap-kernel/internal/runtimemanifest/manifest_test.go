package runtimemanifest_test

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/runtimemanifest"
)

// TestCommittedRuntimeIsCurrent: the committed vat runtime and everyday
// packages are what make vat-runtime builds from the committed sources.
func TestCommittedRuntimeIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	want, err := runtimemanifest.Read(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := runtimemanifest.Compute(root)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if want[k] != got[k] {
			t.Errorf("%s changed since the last make vat-runtime (manifest %s, tree %s): run make vat-runtime and commit what it writes", k, short(want[k]), short(got[k]))
		}
	}
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	if s == "" {
		return "absent"
	}
	return s
}
