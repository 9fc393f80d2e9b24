package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the watcher's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSourceWatcherIgnored(t *testing.T) {
	root := filepath.FromSlash("/w/vats")
	w := &sourceWatcher{root: root}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"/w/vats", false},
		{"/w/vats/a.js", false},
		{"/w/vats/sub/a.js", false},
		{"/w/vats/node_modules", true},
		{"/w/vats/node_modules/x/a.js", true},
		{"/w/vats/sub/node_modules/a.js", true},
		{"/w/vats/my_node_modules.js", false},
		{"/w/other/a.js", true},
		{"/w", true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if got := w.ignored(filepath.FromSlash(tc.path)); got != tc.want {
				t.Fatalf("ignored(%s) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

func TestSourceWatcherDebounce(t *testing.T) {
	w := &sourceWatcher{
		debounce: 100 * time.Millisecond,
		maxDelay: time.Second,
		pending:  make(map[string]*pendingFile),
	}
	t0 := time.Unix(1000, 0)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }

	if _, ok := w.nextDue(); ok {
		t.Fatal("nextDue with nothing pending")
	}
	w.mark("a.js", false, ms(0))
	w.mark("a.js", true, ms(50)) // a burst extends the quiet period
	w.mark("b.js", false, ms(60))
	if due, _ := w.nextDue(); !due.Equal(ms(150)) {
		t.Fatalf("nextDue = %v, want +150ms", due.Sub(t0))
	}
	if pf := w.pending["a.js"]; !pf.content {
		t.Fatal("content flag lost in the burst")
	}
	if pf := w.pending["b.js"]; pf.content {
		t.Fatal("metadata-only event marked as content")
	}

	// A file that never goes quiet still settles after maxDelay.
	for i := 0; i <= 2000; i += 50 {
		w.mark("busy.js", true, ms(1000+i))
		if pf := w.pending["busy.js"]; pf.due.After(ms(2000)) {
			t.Fatalf("busy.js due at %v, after the 1s cap", pf.due.Sub(t0))
		}
	}
}

func TestSourceWatcherSettle(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	w := &sourceWatcher{
		root:     dir,
		log:      newCLILogger(&out, &errs),
		debounce: 100 * time.Millisecond,
		maxDelay: time.Second,
		known:    make(map[string]fileStamp),
		pending:  make(map[string]*pendingFile),
	}
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	now := time.Now()
	settle := func(p string, content bool) []string {
		w.mark(p, content, now)
		now = now.Add(time.Hour)
		return w.settle(now)
	}

	a := write("a.js", "1")
	if got := settle(a, true); len(got) != 1 || got[0] != a {
		t.Fatalf("new file: rebuild %v", got)
	}
	if got := settle(a, false); len(got) != 0 {
		t.Fatalf("metadata-only event on an unchanged file: rebuild %v", got)
	}
	if got := settle(a, true); len(got) != 1 {
		t.Fatalf("content event: rebuild %v", got)
	}
	write("a.js", "22") // new size: a Chmod-only event still rebuilds
	if got := settle(a, false); len(got) != 1 {
		t.Fatalf("changed stamp: rebuild %v", got)
	}

	bundle := write("a.bundle", "{}")
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	if got := settle(a, true); len(got) != 0 {
		t.Fatalf("removed file: rebuild %v", got)
	}
	if _, err := os.Stat(bundle); !os.IsNotExist(err) {
		t.Fatalf("bundle of removed source still there: %v", err)
	}
	// A file never seen that comes and goes in one burst leaves no trace.
	if got := settle(filepath.Join(dir, "ghost.js"), true); len(got) != 0 {
		t.Fatalf("ghost file: rebuild %v", got)
	}

	want := "Source file added: " + a + "\n" +
		"Source file changed: " + a + "\n" +
		"Source file changed: " + a + "\n" +
		"Source file removed: " + a + "\n" +
		"Removed: " + bundle + "\n"
	if out.String() != want {
		t.Errorf("log:\n%s\nwant:\n%s", out.String(), want)
	}
	if errs.Len() != 0 {
		t.Errorf("stderr: %s", errs.String())
	}
}

// TestSourceWatcherRun drives a real watcher: initial pass, a change, a new
// subdirectory, a removal, and a clean stop on cancellation.
func TestSourceWatcherRun(t *testing.T) {
	dir := t.TempDir()
	src := `export const buildRootObject = () => ({});` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "a.js"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs syncBuffer
	w, err := newSourceWatcher(dir, newCLILogger(&out, &errs))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func() { close(ready) }) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Run before ready: %v", err)
	}
	// The initial pass is complete when ready is called.
	if _, err := os.Stat(filepath.Join(dir, "a.bundle")); err != nil {
		t.Fatalf("initial bundle: %v", err)
	}

	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second) // failure bound, not pacing
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; stdout:\n%s\nstderr:\n%s", what, out.String(), errs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	contains := func(p, s string) func() bool {
		return func() bool {
			data, err := os.ReadFile(p)
			return err == nil && strings.Contains(string(data), s)
		}
	}

	if err := os.WriteFile(filepath.Join(dir, "a.js"), []byte(src+"export const v2 = 2;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("rebundle", contains(filepath.Join(dir, "a.bundle"), `"v2"`))

	sub := filepath.Join(dir, "sub", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "b.js"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("bundle in new subdirectory", contains(filepath.Join(sub, "b.bundle"), "iife"))

	if err := os.Remove(filepath.Join(dir, "a.js")); err != nil {
		t.Fatal(err)
	}
	waitFor("bundle removal", func() bool {
		_, err := os.Stat(filepath.Join(dir, "a.bundle"))
		return os.IsNotExist(err)
	})

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	if errs.String() != "" {
		t.Errorf("stderr: %s", errs.String())
	}
}

func TestSourceWatcherNotADirectory(t *testing.T) {
	f := filepath.Join(t.TempDir(), "f.js")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := newSourceWatcher(f, newCLILogger(io.Discard, io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Run(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("Run on a file = %v", err)
	}
}
