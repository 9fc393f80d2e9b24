package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// Layout names the files of a daemon home.
type Layout struct{ Home string }

// Socket, PID, Log, Lock, DB and Bundles are the paths of the daemon's
// files in the home.
func (l Layout) Socket() string  { return client.SocketPath(l.Home) }
func (l Layout) PID() string     { return filepath.Join(l.Home, client.PIDFile) }
func (l Layout) Log() string     { return filepath.Join(l.Home, client.LogFile) }
func (l Layout) Lock() string    { return filepath.Join(l.Home, client.LockFile) }
func (l Layout) DB() string      { return filepath.Join(l.Home, client.DBFile) }
func (l Layout) Bundles() string { return filepath.Join(l.Home, client.BundlesDir) }

// EnsureHome creates the home directory 0700, and tightens an existing one
// that group or others can access: the socket inside relies on it.
func EnsureHome(home string) error {
	if err := os.MkdirAll(home, 0o700); err != nil {
		return fmt.Errorf("create ocap home: %w", err)
	}
	fi, err := os.Stat(home)
	if err != nil {
		return fmt.Errorf("ocap home: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(home, 0o700); err != nil {
			return fmt.Errorf("restrict ocap home to 0700: %w", err)
		}
	}
	return nil
}

// DeleteStateOptions say what DeleteDaemonState removes; empty fields take
// their place in Home.
type DeleteStateOptions struct {
	Home       string
	SocketPath string
	DBFilename string
}

// DeleteDaemonState removes the daemon's state (upstream
// deleteDaemonState): the database with its -wal, -shm and -journal files,
// the socket, the pid file, the log and its rotated backups, and the
// bundles directory. The home directory and daemon.lock stay. Missing
// files are not errors. The caller must make sure no daemon runs.
func DeleteDaemonState(opts DeleteStateOptions) error {
	l := Layout{Home: opts.Home}
	if opts.Home == "" && (opts.SocketPath == "" || opts.DBFilename == "") {
		return errors.New("daemon: DeleteDaemonState needs a home")
	}
	sock, db := opts.SocketPath, opts.DBFilename
	if sock == "" {
		sock = l.Socket()
	}
	if db == "" {
		db = l.DB()
	}
	paths := []string{db, db + "-wal", db + "-shm", db + "-journal", sock}
	if opts.Home != "" {
		paths = append(paths, l.PID(), l.Log())
		paths = append(paths, LogBackups(l.Log())...)
	}
	var errs []error
	for _, p := range paths {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if opts.Home != "" {
		if err := os.RemoveAll(l.Bundles()); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("delete daemon state: %w", err)
	}
	return nil
}
