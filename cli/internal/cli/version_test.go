package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionText(t *testing.T) {
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "unknown\ncommit: unknown\nmodified: unknown\n"},
		{"devel, no VCS", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "(devel)\ncommit: unknown\nmodified: unknown\n"},
		{"empty version", &debug.BuildInfo{}, true, "(devel)\ncommit: unknown\nmodified: unknown\n"},
		{"stamped", &debug.BuildInfo{
			Main: debug.Module{Version: "v0.1.0"},
			Settings: []debug.BuildSetting{
				{Key: "-buildmode", Value: "exe"},
				{Key: "vcs", Value: "git"},
				{Key: "vcs.revision", Value: "3ca833da5f0e"},
				{Key: "vcs.modified", Value: "true"},
			},
		}, true, "v0.1.0\ncommit: 3ca833da5f0e\nmodified: true\n"},
	} {
		if got := versionText(tc.bi, tc.ok); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestVersionOfBuiltBinary builds ocap with VCS stamping in this checkout
// and checks that --version names the checkout's commit.
func TestVersionOfBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the ocap binary")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	head, err := exec.Command(git, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	// The go command stamps no VCS information in a linked worktree, whose
	// .git is a file; a clone or the main work tree has a directory.
	top, err := exec.Command(git, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("git rev-parse --show-toplevel: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !fi.IsDir() {
		t.Skip("a linked git worktree: go build records no commit there")
	}
	bin := filepath.Join(t.TempDir(), "ocap")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "../../cmd/ocap")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var outs []string
	for _, args := range [][]string{{"--version"}, {"version"}} {
		var o, e bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr, cmd.Env = &o, &e, os.Environ()
		if err := cmd.Run(); err != nil || e.Len() != 0 {
			t.Fatalf("ocap %v: %v, stderr %q", args, err, e.String())
		}
		outs = append(outs, o.String())
	}
	if outs[0] != outs[1] {
		t.Fatalf("--version %q and version %q differ", outs[0], outs[1])
	}
	lines := strings.Split(strings.TrimSuffix(outs[0], "\n"), "\n")
	if len(lines) != 3 || lines[0] == "" || lines[0] == "unknown" ||
		lines[1] != "commit: "+strings.TrimSpace(string(head)) ||
		(lines[2] != "modified: true" && lines[2] != "modified: false") {
		t.Fatalf("ocap --version = %q; HEAD is %s", outs[0], head)
	}
}
