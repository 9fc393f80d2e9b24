// Package relayhome manages the relay's state directory
// ($LIBP2P_RELAY_HOME, default ~/.libp2p-relay): the single-instance lock,
// and the relay.pid and relay.addr files that upstream tooling reads
// (`ocap daemon start --local-relay` reads relay.addr).
//
// Liveness is decided by an flock(2) on relay.lock, held by the running
// relay for its whole lifetime and released by the kernel when it exits,
// even on SIGKILL. relay.pid is informational: it is read only while the
// lock is held by someone else, so a stale PID file (or a reused PID) is
// never trusted on its own.
package relayhome

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Environment variables and file names shared with the upstream CLI.
const (
	// EnvHome overrides the relay home directory.
	EnvHome = "LIBP2P_RELAY_HOME"
	// DefaultDirName is the home directory name under the user's home.
	DefaultDirName = ".libp2p-relay"

	PIDFile      = "relay.pid"
	AddrFile     = "relay.addr"
	LockFile     = "relay.lock"
	IdentityFile = "identity.key"
)

// DirMode is the mode of a newly created relay home.
const DirMode fs.FileMode = 0o700

// pidWait bounds how long readers wait for a freshly started relay to write
// relay.pid after taking the lock.
const pidWait = time.Second

// ErrUnsupported is returned where flock(2) is not available.
var ErrUnsupported = errors.New("relay home locking is not supported on this platform")

// RunningError reports that another relay holds the lock. PID is 0 if the
// holder had not written relay.pid yet.
type RunningError struct{ PID int }

func (e *RunningError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("relay is already running (PID: %d)", e.PID)
	}
	return "relay is already running"
}

// Dir returns the relay home: $LIBP2P_RELAY_HOME if set, else
// ~/.libp2p-relay, as an absolute path.
func Dir() (string, error) {
	if d := os.Getenv(EnvHome); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", EnvHome, err)
		}
		return abs, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("locate home directory (set %s): %w", EnvHome, err)
	}
	return filepath.Join(home, DefaultDirName), nil
}

// Home is an opened relay home directory.
type Home struct{ dir string }

// Open creates dir (mode 0700) if needed and returns it as a Home.
func Open(dir string) (*Home, error) {
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return nil, fmt.Errorf("create relay home: %w", err)
	}
	return &Home{dir: dir}, nil
}

// Dir returns the directory path.
func (h *Home) Dir() string { return h.dir }

// Path returns the path of a file in the home.
func (h *Home) Path(name string) string { return filepath.Join(h.dir, name) }

// Lock is the relay's exclusive hold on the home. Release it on shutdown.
type Lock struct {
	h *Home
	f *os.File
}

// Acquire takes the single-instance lock without blocking. If another
// process holds it, it returns a *RunningError. Stale relay.pid and
// relay.addr files left by a crashed relay are removed, and relay.pid is
// written with pid.
func (h *Home) Acquire(pid int) (*Lock, error) {
	deadline := time.Now().Add(pidWait)
	for {
		f, locked, err := h.tryLock(true)
		if err != nil {
			return nil, err
		}
		if locked {
			l := &Lock{h: h, f: f}
			l.removeFiles()
			if err := writeFileAtomic(h.Path(PIDFile), strconv.Itoa(pid)+"\n"); err != nil {
				l.Release()
				return nil, fmt.Errorf("write %s: %w", PIDFile, err)
			}
			return l, nil
		}
		// Someone holds the lock: a relay (which writes its PID right
		// after locking) or a status probe (which lets go at once). Only
		// wait while no PID is visible.
		if p, err := h.readPID(); err == nil {
			return nil, &RunningError{PID: p}
		}
		if time.Now().After(deadline) {
			return nil, &RunningError{}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WriteAddr records the relay's advertised address in relay.addr.
func (l *Lock) WriteAddr(addr string) error {
	if err := writeFileAtomic(l.h.Path(AddrFile), addr+"\n"); err != nil {
		return fmt.Errorf("write %s: %w", AddrFile, err)
	}
	return nil
}

// Release removes relay.pid and relay.addr, then drops the lock. It is safe
// to call more than once.
func (l *Lock) Release() error {
	if l.f == nil {
		return nil
	}
	l.removeFiles()
	err := l.f.Close() // closing the descriptor releases the flock
	l.f = nil
	if err != nil {
		return fmt.Errorf("release relay lock: %w", err)
	}
	return nil
}

func (l *Lock) removeFiles() {
	for _, name := range []string{AddrFile, PIDFile} {
		_ = os.Remove(l.h.Path(name)) // best effort: absent is fine
	}
}

// Status describes the relay observed through the lock.
type Status struct {
	Running bool
	// PID of the running relay; 0 if it has not written relay.pid yet.
	PID int
}

// Probe reports whether a relay holds the lock. When none does, stale
// relay.pid and relay.addr files are removed.
func (h *Home) Probe() (Status, error) {
	f, locked, err := h.tryLock(false)
	if err != nil {
		return Status{}, err
	}
	if locked {
		for _, name := range []string{AddrFile, PIDFile} {
			_ = os.Remove(h.Path(name))
		}
		f.Close()
		return Status{}, nil
	}
	deadline := time.Now().Add(pidWait)
	for {
		p, err := h.readPID()
		if err == nil {
			return Status{Running: true, PID: p}, nil
		}
		if time.Now().After(deadline) {
			return Status{Running: true}, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ReadAddr returns the content of relay.addr, trimmed.
func (h *Home) ReadAddr() (string, error) {
	b, err := os.ReadFile(h.Path(AddrFile))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

func (h *Home) readPID() (int, error) {
	b, err := os.ReadFile(h.Path(PIDFile))
	if err != nil {
		return 0, err
	}
	p, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || p <= 0 {
		return 0, fmt.Errorf("malformed %s: %q", PIDFile, b)
	}
	return p, nil
}

// writeFileAtomic writes via a temporary file and rename so that readers
// never see a partial file.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
