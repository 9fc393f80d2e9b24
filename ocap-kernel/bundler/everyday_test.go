package bundler_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// Some tests need a process of their own: Everyday extracts the built-in
// packages once per process, to a directory chosen from the environment.
// runChild runs this test binary's TestHelperChild with the environment
// env, to do what (see TestHelperChild) with arg, and returns what it
// answers, or its error.
func runChild(t *testing.T, what, arg string, env ...string) (string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "child-output")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "BUNDLER_TEST_CHILD="+what, "BUNDLER_TEST_CHILD_ARG="+arg, "BUNDLER_TEST_CHILD_OUT="+out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child process: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("child process wrote nothing: %v", err)
	}
	if msg, failed := strings.CutPrefix(string(data), childError); failed {
		return "", errors.New(msg)
	}
	return string(data), nil
}

// childError starts what a child writes when what it was asked fails.
const childError = "ERROR: "

// TestHelperChild is the child process of runChild; it does nothing in a
// normal run. BUNDLER_TEST_CHILD says what to do: "everyday" writes the
// directory Everyday returns, "bundle" the encoded bundle of the entry
// BUNDLER_TEST_CHILD_ARG.
func TestHelperChild(t *testing.T) {
	what := os.Getenv("BUNDLER_TEST_CHILD")
	if what == "" {
		return
	}
	var data []byte
	var err error
	switch what {
	case "everyday":
		var dir string
		dir, err = bundler.Everyday()
		data = []byte(dir)
	case "bundle":
		b, berr := bundler.Bundle(context.Background(), os.Getenv("BUNDLER_TEST_CHILD_ARG"))
		if err = berr; err == nil {
			data, err = bundler.Encode(b)
		}
	default:
		t.Fatalf("unknown BUNDLER_TEST_CHILD %q", what)
	}
	if err != nil {
		data = []byte(childError + err.Error())
	}
	if err := os.WriteFile(os.Getenv("BUNDLER_TEST_CHILD_OUT"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestEverydayPackages: the packages built into the bundler, extracted to
// a private directory of the cache that holds a complete node_modules-like
// tree of them.
func TestEverydayPackages(t *testing.T) {
	pkgs := bundler.EverydayPackages()
	if !slices.IsSorted(pkgs) {
		t.Errorf("EverydayPackages() = %v, not sorted", pkgs)
	}
	for _, want := range []string{"@agoric/store", "@endo/eventual-send", "@endo/exo", "@endo/far", "@endo/patterns", "@endo/promise-kit", "@metamask/kernel-utils"} {
		if !slices.Contains(pkgs, want) {
			t.Errorf("EverydayPackages() = %v, lacks %s", pkgs, want)
		}
	}
	nm, err := bundler.Everyday()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := bundler.Everyday(); again != nm {
		t.Errorf("Everyday() = %s, then %s", nm, again)
	}
	dir := filepath.Dir(nm)
	if filepath.Base(nm) != "node_modules" || !strings.HasPrefix(filepath.Base(dir), "vat-packages-") || filepath.Base(filepath.Dir(dir)) != "ocap-go" {
		t.Errorf("Everyday() = %s, want <cache>/ocap-go/vat-packages-<hash>/node_modules", nm)
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		st, err := os.Lstat(d)
		if err != nil || !st.IsDir() || st.Mode().Perm()&0o022 != 0 {
			t.Errorf("%s: %v, %v: want a directory only its owner may write", d, st.Mode(), err)
		}
	}
	if st, err := os.Lstat(filepath.Join(dir, ".complete")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("no .complete marker: %v", err)
	}
	for _, p := range pkgs {
		data, err := os.ReadFile(filepath.Join(nm, filepath.FromSlash(p), "package.json"))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		var meta struct {
			Name, Version string
		}
		if err := json.Unmarshal(data, &meta); err != nil || meta.Name != p || meta.Version == "" {
			t.Errorf("%s/package.json: name %q version %q, %v", p, meta.Name, meta.Version, err)
		}
	}
}

// TestEverydayExtraction extracts the built-in packages in child
// processes with fresh cache directories.
func TestEverydayExtraction(t *testing.T) {
	ours, err := bundler.Everyday()
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(filepath.Dir(ours))

	t.Run("fresh cache", func(t *testing.T) {
		cache := t.TempDir()
		got, err := runChild(t, "everyday", "", "XDG_CACHE_HOME="+cache)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(cache, "ocap-go", name, "node_modules"); got != want {
			t.Fatalf("Everyday() = %s, want %s (the same content hash as %s)", got, want, ours)
		}
		sameTree(t, ours, got)
		noTempFiles(t, filepath.Join(cache, "ocap-go"))
	})

	t.Run("a copy cut short is replaced", func(t *testing.T) {
		cache := t.TempDir()
		partial := filepath.Join(cache, "ocap-go", name)
		write(t, partial, files{"node_modules/@endo/far/package.json": `{"name":"@endo/far","version":"0.0.0-partial"}`, "node_modules/junk.js": "junk"})
		got, err := runChild(t, "everyday", "", "XDG_CACHE_HOME="+cache)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(partial, "node_modules"); got != want {
			t.Fatalf("Everyday() = %s, want %s", got, want)
		}
		if _, err := os.Stat(filepath.Join(got, "junk.js")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the partial copy's junk.js is still there (%v)", err)
		}
		sameTree(t, ours, got)
	})

	t.Run("a cache others may write is not used", func(t *testing.T) {
		cache, tmp := t.TempDir(), t.TempDir()
		shared := filepath.Join(cache, "ocap-go")
		if err := os.Mkdir(shared, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(shared, 0o777); err != nil {
			t.Fatal(err)
		}
		got, err := runChild(t, "everyday", "", "XDG_CACHE_HOME="+cache, "TMPDIR="+tmp)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(tmp, "ocap-go", name, "node_modules"); got != want {
			t.Fatalf("Everyday() = %s, want %s (the temporary directory, not the shared cache)", got, want)
		}
		if entries, _ := os.ReadDir(shared); len(entries) != 0 {
			t.Errorf("wrote %d entries into the shared %s", len(entries), shared)
		}
	})

	t.Run("nowhere private", func(t *testing.T) {
		cache, tmp := t.TempDir(), t.TempDir()
		for _, d := range []string{cache, tmp} {
			shared := filepath.Join(d, "ocap-go")
			if err := os.Mkdir(shared, 0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(shared, 0o777); err != nil {
				t.Fatal(err)
			}
		}
		_, err := runChild(t, "everyday", "", "XDG_CACHE_HOME="+cache, "TMPDIR="+tmp)
		if err == nil || !strings.Contains(err.Error(), "writable by other users") {
			t.Fatalf("err = %v, want a refusal of the shared directories", err)
		}
	})
}

// sameTree checks that two directories hold the same files.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	read := func(root string) map[string]string {
		out := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			out[rel] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ta, tb := read(a), read(b)
	if len(ta) != len(tb) {
		t.Errorf("%s has %d files, %s %d", a, len(ta), b, len(tb))
	}
	for name, content := range ta {
		if tb[name] != content {
			t.Errorf("%s differs between %s and %s", name, a, b)
		}
	}
}
