package bundler_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

func TestOutputPath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"vat.js", "vat.bundle"},
		{"dir/vat.ts", "dir/vat.bundle"},
		{"/abs/dir/vat.mjs", "/abs/dir/vat.bundle"},
		{"a.b/vat", "a.b/vat.bundle"},
		{"vat.d.ts", "vat.d.bundle"},
		{"vat.bundle", "vat.bundle"},
		{"my.vat.js", "my.vat.bundle"},
	} {
		if got := bundler.OutputPath(filepath.FromSlash(tt.in)); got != filepath.FromSlash(tt.want) {
			t.Errorf("OutputPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEncode(t *testing.T) {
	b := &kernelutils.VatBundle{
		ModuleFormat: "iife",
		Code:         `var __vatExports__ = a && b < c > d & "é" + '\u2028';`,
	}
	data, err := bundler.Encode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"moduleFormat":"iife","code":"var __vatExports__ = a && b < c > d & \"é\" + '\\u2028';","exports":[],"external":[]}` + "\n"
	if string(data) != want {
		t.Errorf("Encode =\n%s\nwant\n%s", data, want)
	}
	parsed, err := kernelutils.ParseVatBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Code != b.Code || parsed.Exports == nil || parsed.External == nil {
		t.Errorf("round trip = %+v", parsed)
	}
	b.Exports, b.External = []string{"a", "b"}, []string{}
	data, _ = bundler.Encode(b)
	if !bytes.Contains(data, []byte(`"exports":["a","b"],"external":[]}`)) {
		t.Errorf("Encode = %s", data)
	}
}

func TestBundleFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{
		"vat.js":  "import { n } from './lib.js';\nexport const buildRootObject = () => n;\n",
		"lib.js":  "export const n = 1;\n",
		"bad.js":  "export const buildRootObject = ( => 1;\n",
		"main.ts": "export const buildRootObject = (): number => 2;\n",
	})
	src := filepath.Join(dir, "vat.js")
	out, size, err := bundler.BundleFile(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if out != filepath.Join(dir, "vat.bundle") || out != bundler.OutputPath(src) {
		t.Fatalf("out = %s", out)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != size {
		t.Errorf("size = %d, file has %d bytes", size, len(data))
	}
	if want := encode(t, mustBundle(t, src)); !bytes.Equal(data, want) {
		t.Errorf("the file is not Encode(Bundle(src))")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", st.Mode().Perm())
	}

	t.Run("replaces atomically", func(t *testing.T) {
		// A reader holding the old file (here a hard link to it) keeps the
		// old content: the new bundle is a new file renamed into place,
		// not the old one rewritten.
		old := filepath.Join(dir, "old-link")
		if err := os.WriteFile(out, []byte("old bundle"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(out, old); err != nil {
			t.Skipf("no hard links here: %v", err)
		}
		before := inode(t, out)
		if _, _, err := bundler.BundleFile(context.Background(), src); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(old); string(got) != "old bundle" {
			t.Errorf("the old file was rewritten in place: %q", got)
		}
		if inode(t, out) == before {
			t.Errorf("the bundle is the same inode as before")
		}
		if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
			t.Errorf("the new bundle is not the bundle")
		}
		if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
			t.Errorf("mode = %v, want 0644", st.Mode().Perm())
		}
		noTempFiles(t, dir)
	})

	t.Run("a failure leaves the old bundle", func(t *testing.T) {
		badOut := bundler.OutputPath(filepath.Join(dir, "bad.js"))
		if err := os.WriteFile(badOut, []byte("previous"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := bundler.BundleFile(context.Background(), filepath.Join(dir, "bad.js"))
		var be *bundler.Error
		if !errors.As(err, &be) {
			t.Fatalf("err = %v, want a *bundler.Error", err)
		}
		if got, _ := os.ReadFile(badOut); string(got) != "previous" {
			t.Errorf("the previous bundle became %q", got)
		}
		noTempFiles(t, dir)
	})

	t.Run("typescript", func(t *testing.T) {
		out, _, err := bundler.BundleFile(context.Background(), filepath.Join(dir, "main.ts"))
		if err != nil || out != filepath.Join(dir, "main.bundle") {
			t.Fatalf("BundleFile(main.ts) = %s, %v", out, err)
		}
	})

	t.Run("missing source", func(t *testing.T) {
		_, _, err := bundler.BundleFile(context.Background(), filepath.Join(dir, "absent.js"))
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("err = %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "absent.bundle")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a bundle was written: %v", err)
		}
	})
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode numbers here")
	}
	return sys.Ino
}

// noTempFiles checks that no temporary file of the atomic write is left.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left in %s", e.Name(), dir)
		}
	}
}

func TestBundleDir(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{
		"b.ts":           "export const buildRootObject = (): number => 2;\n",
		"a.js":           "import { x } from './sub/shared.js';\nexport const buildRootObject = () => x;\n",
		"types.d.ts":     "export type X = number;\n",
		"c.mjs":          "export const buildRootObject = () => 3;\n",
		"d.tsx":          "export const buildRootObject = () => 4;\n",
		"e.cjs":          "module.exports = {};\n",
		"notes.txt":      "not a vat",
		"data.json":      `{"not":"a vat"}`,
		"old.bundle":     "{}",
		"sub/shared.js":  "export const x = 1;\n",
		"sub/nested.js":  "export const buildRootObject = () => 5;\n",
		"dir.js/file.js": "export const x = 1;\n",
	})
	if err := os.Symlink(filepath.Join(dir, "a.js"), filepath.Join(dir, "link.js")); err != nil {
		t.Fatal(err)
	}
	outs, err := bundler.BundleDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var srcs, paths []string
	for _, o := range outs {
		srcs = append(srcs, filepath.Base(o.Source))
		paths = append(paths, filepath.Base(o.Path))
		data, err := os.ReadFile(o.Path)
		if err != nil || len(data) != o.Size {
			t.Errorf("%s: %d bytes, %v; Size %d", o.Path, len(data), err, o.Size)
		}
		if o.Path != bundler.OutputPath(o.Source) {
			t.Errorf("%s written to %s", o.Source, o.Path)
		}
	}
	// Only regular .js and .ts files directly in dir (no .d.ts, no other
	// extensions, no symbolic links, no subdirectories), in name order.
	if !slices.Equal(srcs, []string{"a.js", "b.ts"}) || !slices.Equal(paths, []string{"a.bundle", "b.bundle"}) {
		t.Errorf("BundleDir bundled %v into %v", srcs, paths)
	}
	for _, absent := range []string{"types.d.bundle", "types.bundle", "c.bundle", "d.bundle", "e.bundle", "link.bundle", "sub/nested.bundle", "sub/shared.bundle", "dir.bundle"} {
		if _, err := os.Stat(filepath.Join(dir, absent)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists (%v)", absent, err)
		}
	}
	noTempFiles(t, dir)

	t.Run("stops at the first failure", func(t *testing.T) {
		dir := t.TempDir()
		write(t, dir, files{
			"1-ok.js":     "export const buildRootObject = () => 1;\n",
			"2-broken.js": "import x from 'not-installed';\nexport const buildRootObject = () => x;\n",
			"3-ok.js":     "export const buildRootObject = () => 3;\n",
		})
		outs, err := bundler.BundleDir(context.Background(), dir)
		var be *bundler.Error
		if !errors.As(err, &be) || be.Entry != filepath.Join(dir, "2-broken.js") {
			t.Fatalf("err = %v, want the *bundler.Error of 2-broken.js", err)
		}
		if len(outs) != 1 || outs[0].Path != filepath.Join(dir, "1-ok.bundle") {
			t.Errorf("outputs = %+v, want 1-ok.bundle's", outs)
		}
		for _, absent := range []string{"2-broken.bundle", "3-ok.bundle"} {
			if _, err := os.Stat(filepath.Join(dir, absent)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s exists (%v)", absent, err)
			}
		}
	})

	t.Run("missing directory", func(t *testing.T) {
		_, err := bundler.BundleDir(context.Background(), filepath.Join(dir, "absent"))
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("empty directory", func(t *testing.T) {
		outs, err := bundler.BundleDir(context.Background(), t.TempDir())
		if err != nil || len(outs) != 0 {
			t.Fatalf("BundleDir(empty) = %v, %v", outs, err)
		}
	})
}
