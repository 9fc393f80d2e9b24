package relayhome

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestLockLifecycle(t *testing.T) {
	h, err := Open(filepath.Join(t.TempDir(), "home"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(h.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != DirMode {
		t.Errorf("home mode = %04o, want %04o", st.Mode().Perm(), DirMode)
	}

	if s, err := h.Probe(); err != nil || s.Running {
		t.Fatalf("Probe on empty home = %+v, %v; want not running", s, err)
	}

	l, err := h.Acquire(4242)
	if err != nil {
		t.Fatalf("Acquire: %v", err)
	}
	if err := l.WriteAddr("/ip4/127.0.0.1/tcp/1/ws/p2p/x"); err != nil {
		t.Fatal(err)
	}
	if got, err := h.ReadAddr(); err != nil || got != "/ip4/127.0.0.1/tcp/1/ws/p2p/x" {
		t.Fatalf("ReadAddr = %q, %v", got, err)
	}

	// flock locks belong to open file descriptions, so a second Acquire in
	// the same process conflicts just like one from another process.
	_, err = h.Acquire(1)
	var re *RunningError
	if !errors.As(err, &re) || re.PID != 4242 {
		t.Fatalf("second Acquire = %v, want RunningError{PID: 4242}", err)
	}
	if s, err := h.Probe(); err != nil || !s.Running || s.PID != 4242 {
		t.Fatalf("Probe while locked = %+v, %v", s, err)
	}

	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	for _, name := range []string{PIDFile, AddrFile} {
		if _, err := os.Stat(h.Path(name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still exists after Release", name)
		}
	}
	if s, err := h.Probe(); err != nil || s.Running {
		t.Fatalf("Probe after Release = %+v, %v", s, err)
	}
}

func TestStaleFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   func(h *Home) error
	}{
		{"probe", func(h *Home) error { _, err := h.Probe(); return err }},
		{"acquire", func(h *Home) error {
			l, err := h.Acquire(os.Getpid())
			if err != nil {
				return err
			}
			defer l.Release()
			// Acquire rewrites relay.pid with the new PID and drops relay.addr.
			if _, err := os.Stat(h.Path(AddrFile)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("stale relay.addr survived Acquire")
			}
			p, err := h.readPID()
			if err != nil || p != os.Getpid() {
				t.Errorf("relay.pid = %d, %v; want %d", p, err, os.Getpid())
			}
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			// A PID file naming a live process (ours) without the lock is
			// stale: a reused PID must not count as a running relay.
			if err := os.WriteFile(h.Path(PIDFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(h.Path(AddrFile), []byte("/ip4/1.2.3.4/tcp/1/ws"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tc.op(h); err != nil {
				t.Fatal(err)
			}
			if tc.name == "probe" {
				for _, name := range []string{PIDFile, AddrFile} {
					if _, err := os.Stat(h.Path(name)); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("stale %s not removed", name)
					}
				}
			}
		})
	}
}

func TestDir(t *testing.T) {
	t.Run("env", func(t *testing.T) {
		t.Setenv(EnvHome, "rel/home")
		d, err := Dir()
		if err != nil {
			t.Fatal(err)
		}
		if !filepath.IsAbs(d) || filepath.Base(d) != "home" {
			t.Fatalf("Dir = %q, want an absolute path ending in home", d)
		}
	})
	t.Run("default", func(t *testing.T) {
		t.Setenv(EnvHome, "")
		t.Setenv("HOME", "/tmp/somebody")
		d, err := Dir()
		if err != nil {
			t.Fatal(err)
		}
		if d != "/tmp/somebody/"+DefaultDirName {
			t.Fatalf("Dir = %q", d)
		}
	})
}
