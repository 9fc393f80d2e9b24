package jsvat_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// exampleBundles maps example vat names ("sample-vat") to file:// URLs of
// their bundles, built once by TestMain with the real bundler.
var exampleBundles = map[string]string{}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "jsvat-bundles-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	srcs, err := filepath.Glob(filepath.Join("..", "..", "examples", "vats", "*.js"))
	if err != nil || len(srcs) == 0 {
		fmt.Fprintf(os.Stderr, "no example vats found: %v\n", err)
		return 1
	}
	for _, src := range srcs {
		b, err := bundler.Bundle(context.Background(), src)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		data, err := bundler.Encode(b)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		name := filepath.Base(bundler.OutputPath(src))
		out := filepath.Join(dir, name)
		if err := os.WriteFile(out, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		exampleBundles[name[:len(name)-len(bundler.Extension)]] = fileURL(out)
	}
	return m.Run()
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// example returns the bundle URL of an example vat.
func example(t testing.TB, name string) string {
	t.Helper()
	u, ok := exampleBundles[name]
	if !ok {
		t.Fatalf("no example vat %q", name)
	}
	return u
}

// bundleSource bundles a vat source written for the test and returns its
// bundle's file:// URL.
func bundleSource(t testing.TB, name, src string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := bundler.BundleFile(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return fileURL(out)
}

// syncBuffer is a log sink safe for the vat goroutines and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
