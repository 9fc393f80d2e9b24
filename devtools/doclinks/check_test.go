package doclinks

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCheck(t *testing.T) {
	repo := newTree([]string{
		"README.md",
		"ocap-kernel/README.md",
		"ocap-kernel/kernel/store.go",
		"ocap-kernel/kernel/kernel.go",
		"testdata/golden/smallcaps.json",
		"cli/internal/cli/root.go",
	})
	roots := map[string]bool{"ocap-kernel": true, "testdata": true, "cli": true, "packages": true, "outside": true}
	tests := []struct {
		name string
		file string // the citing file
		text string
		want []string // the names reported
	}{
		{"repo path", "README.md", "see ocap-kernel/kernel/store.go", nil},
		{"module-relative path", "ocap-kernel/README.md", "see kernel/store.go:42.", nil},
		{"sibling file", "ocap-kernel/kernel/kernel.go", "// as store.go does", nil},
		{"relative with dots", "cli/internal/cli/root.go", "// ../../../testdata/golden/smallcaps.json", nil},
		{"directory", "README.md", "`ocap-kernel/kernel/` holds it", nil},
		{"missing file", "README.md", "see ocap-kernel/kernel/gone.go", []string{"ocap-kernel/kernel/gone.go"}},
		{"missing bare name", "ocap-kernel/kernel/kernel.go", "// port of kernel-marshal.ts", []string{"kernel-marshal.ts"}},
		{"note outside the repository", "README.md", "read ../outside/PLAN.md first", []string{"outside/PLAN.md"}},
		{"upstream path", "README.md", "packages/kernel-utils/src/x.ts.", []string{"packages/kernel-utils/src/x.ts"}},
		{"upstream directory", "README.md", "(packages/kernel-test)", []string{"packages/kernel-test"}},
		{"anchor", "README.md", "[doc](ocap-kernel/README.md#figures)", nil},
		{"missing anchor target", "README.md", "[doc](docs/ui.md#panel)", []string{"docs/ui.md"}},
		{"url", "README.md", "https://github.com/MetaMask/ocap-kernel/blob/3ca833da5/packages/a.ts", nil},
		{"import path", "README.md", "github.com/libp2p/go-libp2p/core/host.go", nil},
		{"package specifier", "README.md", "@endo/exo/src/exo-makers.js", nil},
		{"placeholder", "README.md", "$OCAP_HOME/daemon.log and <home>/x.json and ~/.ocap/y.json", nil},
		{"absolute", "README.md", "/tmp/x.go and /ip4/127.0.0.1/tcp/0/ws", nil},
		{"glob", "README.md", "every *.go file", nil},
		{"extension only", "README.md", "skips .d.ts files", nil},
		{"not a file", "README.md", "unlike Node.js, reads config.json", nil},
		{"go identifier", "README.md", "calls smallcaps.Decode and os.Exit", nil},
		{"unknown top directory", "README.md", "net/http and kernel/remote", nil},
		{"doc comment code block", "ocap-kernel/kernel/kernel.go", "// A tree:\n//\tserved/a.js\n// done", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range check(tc.file, []passage{{line: 1, text: tc.text}}, repo, roots) {
				got = append(got, f.Name)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("check(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestPassages(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
		want []passage
	}{
		{"go", "a.go", "package a\n\n// one\nvar s = \"// not\" /* two */\n", []passage{{3, "// one"}, {4, "/* two */"}}},
		{"js", "a.js", "const s = '// no';\n// yes\nconst t = `a\n// no`; /* b\nc */\n", []passage{{2, "// yes"}, {4, "/* b\nc */"}}},
		{"markdown", "a.md", "text\n```\ncode.go\n```\nmore\n", []passage{{1, "text"}, {5, "more"}, {6, ""}}},
		{"shell", "a.sh", "#!/bin/sh\n# note\necho x # tail\n", []passage{{2, "# note"}, {3, " # tail"}}},
		{"data", "a.json", `{"a": "b.go"}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := passages(tc.file, []byte(tc.src)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("passages = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestRun checks a real git work tree: tracked and untracked files count,
// ignored ones do not, and copies of third-party packages are not read.
func TestRun(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	write(".gitignore", "ignored.go\n")
	write("ignored.go", "package a\n")
	write("mod/a.go", "package a\n\n// See b.go and ignored.go and mod/missing.md.\n")
	write("mod/b.go", "package a\n")
	write("vendor/lib/LICENSE", "MIT\n")
	write("vendor/lib/x.js", "// see src/upstream.js\n")
	git("add", ".gitignore", "mod/a.go")

	got, err := Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{
		{File: "mod/a.go", Line: 3, Name: "ignored.go"},
		{File: "mod/a.go", Line: 3, Name: "mod/missing.md"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("run = %+v, want %+v", got, want)
	}
}
