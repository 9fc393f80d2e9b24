package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
)

func TestIsBundleSource(t *testing.T) {
	for name, want := range map[string]bool{
		"a.js":      true,
		"a.ts":      true,
		"a.d.ts":    false,
		"a.mjs":     false,
		"a.json":    false,
		"a.bundle":  false,
		"js":        false,
		"a.test.js": true, // upstream bundles test files too
	} {
		if got := isBundleSource(name); got != want {
			t.Errorf("isBundleSource(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDirSources(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.ts", "a.js", "c.d.ts", "notes.txt", "sub/x.js"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.js"), 0o755); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"link.js": "a.js", "dangling.js": "nope.js", "subdir.js": "sub"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := dirSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range []string{"a.js", "b.ts", "link.js"} {
		want = append(want, filepath.Join(dir, n))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("dirSources = %v, want %v", got, want)
	}
}

func TestForEachBounded(t *testing.T) {
	t.Run("bounded and complete", func(t *testing.T) {
		items := make([]int, 64)
		var inFlight, peak, calls atomic.Int64
		complete := forEachBounded(context.Background(), items, func(int, int) {
			n := inFlight.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			runtime.Gosched()
			inFlight.Add(-1)
			calls.Add(1)
		})
		if !complete || calls.Load() != 64 {
			t.Fatalf("complete = %v, calls = %d", complete, calls.Load())
		}
		if limit := int64(max(1, runtime.GOMAXPROCS(0))); peak.Load() > limit {
			t.Fatalf("%d calls in flight, limit %d", peak.Load(), limit)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var calls atomic.Int64
		complete := forEachBounded(ctx, make([]int, 1000), func(int, int) { calls.Add(1) })
		// The semaphore may still win a few races against ctx.Done.
		if complete || calls.Load() == 1000 {
			t.Fatalf("complete = %v, calls = %d after cancel", complete, calls.Load())
		}
	})
}

func TestCLILoggerSplitsByLevel(t *testing.T) {
	var out, errs bytes.Buffer
	log := newCLILogger(&out, &errs).With("k", "v")
	log.Info("Wrote x: 1 bytes")
	log.Debug("hidden")
	log.Warn("careful")
	log.Error("Failed to bundle file: a.js: boom")
	if got, want := out.String(), "Wrote x: 1 bytes k=v\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if got, want := errs.String(), "WARN careful k=v\nERROR Failed to bundle file: a.js: boom k=v\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
}
