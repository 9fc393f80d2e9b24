package kernelutils

import (
	"os"
	"path/filepath"
	"testing"
)

// goldenPath locates an upstream fixture in testdata/golden, under
// the repository root (the directory holding go.work). A missing fixture
// fails the test unless OCAP_GOLDEN_OPTIONAL=1.
func goldenPath(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	candidates := []string{filepath.Join(dir, "..", "testdata", "golden", name)}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			candidates = append([]string{filepath.Join(d, "testdata", "golden", name)}, candidates...)
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	if os.Getenv("OCAP_GOLDEN_OPTIONAL") == "1" {
		t.Skipf("golden fixture %s not found (OCAP_GOLDEN_OPTIONAL=1)", name)
	}
	t.Fatalf("golden fixture %s not found; tried %v", name, candidates)
	return ""
}
