package daemon_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// nobody is a uid that owns nothing of the test's.
const nobody = 65534

func TestEnsureHomeRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string // returns the home
		want  string
	}{
		{"empty", func(*testing.T) string { return "" }, "must not be empty"},
		{"a file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "f")
			os.WriteFile(p, nil, 0o600)
			return p
		}, "not a directory"},
		{"another user's", func(t *testing.T) string {
			if os.Geteuid() != 0 {
				return "/" // root's, for any other user
			}
			d := filepath.Join(t.TempDir(), "h")
			os.Mkdir(d, 0o755)
			if err := os.Chown(d, nobody, nobody); err != nil {
				t.Fatal(err)
			}
			return d
		}, "not by this user"},
		{"group writable", func(t *testing.T) string {
			d := filepath.Join(t.TempDir(), "h")
			os.Mkdir(d, 0o700)
			os.Chmod(d, 0o770)
			return d
		}, "group or others can write"},
		{"world writable with sticky bit, like /tmp", func(t *testing.T) string {
			d := filepath.Join(t.TempDir(), "h")
			os.Mkdir(d, 0o700)
			os.Chmod(d, 0o777|os.ModeSticky)
			return d
		}, "group or others can write"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			home := tc.setup(t)
			var before os.FileInfo
			if home != "" {
				before, _ = os.Stat(home)
			}
			err := daemon.EnsureHome(home)
			var he *daemon.HomeError
			if !errors.As(err, &he) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("EnsureHome(%q) = %v, want a HomeError saying %q", home, err, tc.want)
			}
			if before != nil {
				after, _ := os.Stat(home)
				if after.Mode() != before.Mode() {
					t.Errorf("mode changed from %v to %v", before.Mode(), after.Mode())
				}
			}
		})
	}
}

func TestEnsureHomeAccepts(t *testing.T) {
	parent := t.TempDir()
	fresh := filepath.Join(parent, "a", "b")
	if err := daemon.EnsureHome(fresh); err != nil {
		t.Fatal(err)
	}
	readable := filepath.Join(parent, "r")
	os.Mkdir(readable, 0o755)
	if err := daemon.EnsureHome(readable); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{fresh, readable} {
		if fi, _ := os.Stat(d); fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, want 0700", d, fi.Mode().Perm())
		}
	}
}

// TestRunRefusesLinkedFiles plants a symbolic link in the place of each
// file the daemon writes: the daemon does not start, and the file the link
// points to is neither written nor truncated.
func TestRunRefusesLinkedFiles(t *testing.T) {
	for _, name := range []string{"daemon.log", "daemon.pid", "daemon.lock", "kernel.sqlite", "kernel.sqlite-wal"} {
		t.Run(name, func(t *testing.T) {
			home := shortTempDir(t)
			target := filepath.Join(t.TempDir(), "target")
			if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, filepath.Join(home, name)); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			err := daemon.Run(ctx, daemon.RunOptions{Home: home, Ready: func(string) { cancel() }})
			if err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Fatalf("Run = %v, want a refusal of the link", err)
			}
			if b, _ := os.ReadFile(target); string(b) != "precious" {
				t.Errorf("link target now holds %q", b)
			}
		})
	}
}
