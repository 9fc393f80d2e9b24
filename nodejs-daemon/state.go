package daemon

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// Layout names the files of a daemon home.
type Layout struct{ Home string }

// Socket, PID, Log, Lock and DB are the paths of the daemon's files in the
// home.
func (l Layout) Socket() string { return client.SocketPath(l.Home) }
func (l Layout) PID() string    { return filepath.Join(l.Home, client.PIDFile) }
func (l Layout) Log() string    { return filepath.Join(l.Home, client.LogFile) }
func (l Layout) Lock() string   { return filepath.Join(l.Home, client.LockFile) }
func (l Layout) DB() string     { return filepath.Join(l.Home, client.DBFile) }

// HomeError says why a directory cannot be a daemon home.
type HomeError struct {
	Home   string
	Reason string
}

func (e *HomeError) Error() string { return "ocap home " + e.Home + ": " + e.Reason }

// EnsureHome creates the home directory 0700, or accepts an existing one
// only if it is a directory owned by this process's user that group and
// others cannot write: the socket, the log and the database inside rely on
// nobody else being able to add or swap files there. An existing home of
// ours that group or others can read is tightened to 0700; a home that is
// not ours is never changed.
func EnsureHome(home string) error {
	if home == "" {
		return &HomeError{Home: `""`, Reason: "the home directory must not be empty"}
	}
	fi, err := os.Stat(home)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(home, 0o700); err != nil {
			return fmt.Errorf("create ocap home: %w", err)
		}
		fi, err = os.Stat(home)
	}
	if err != nil {
		return fmt.Errorf("ocap home: %w", err)
	}
	if !fi.IsDir() {
		return &HomeError{Home: home, Reason: "not a directory"}
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return &HomeError{Home: home, Reason: fmt.Sprintf("owned by uid %d, not by this user (uid %d)", st.Uid, os.Geteuid())}
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return &HomeError{Home: home, Reason: fmt.Sprintf("group or others can write to it (mode %04o); make it 0700", fi.Mode().Perm())}
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(home, 0o700); err != nil {
			return fmt.Errorf("restrict ocap home to 0700: %w", err)
		}
	}
	return nil
}

// openHomeFile opens a file of the home without following a symbolic link
// in its place, so that a planted link cannot make the daemon write, append
// to or truncate another file. With excl the file must be new.
func openHomeFile(path string, flag int, excl bool) (*os.File, error) {
	flag |= syscall.O_NOFOLLOW | syscall.O_CLOEXEC
	if excl {
		flag |= os.O_CREATE | os.O_EXCL
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if errors.Is(err, syscall.ELOOP) {
		return nil, fmt.Errorf("%s is a symbolic link; the daemon does not follow links in its home", path)
	}
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// AppendLogFile opens the log at path for appending, creating it 0600,
// without following a link in its place: for a process that hands the
// file to a daemon it starts as its output.
func AppendLogFile(path string) (*os.File, error) {
	return openHomeFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, false)
}

// refuseLink fails if path is a symbolic link: for the files the daemon
// does not open itself (SQLite opens the database and its journals).
func refuseLink(path string) error {
	fi, err := os.Lstat(path)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("%s is a symbolic link; the daemon does not follow links in its home", path)
	}
	return nil
}

// writePIDFile writes pid to a new file at path, replacing a stale one; a
// link in its place is an error.
func writePIDFile(path string, pid int) error {
	if err := refuseLink(path); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := openHomeFile(path, os.O_WRONLY, true)
	if err != nil {
		return err
	}
	_, err = f.WriteString(strconv.Itoa(pid))
	return errors.Join(err, f.Close())
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
// the socket, the pid file, and the log with its rotated backups; only the
// files the daemon writes (unlike upstream, which also removes a bundles
// directory that this daemon never makes). A link in a file's place is
// removed, never what it points to. The home directory, daemon.lock and
// config.json stay. Missing files are not errors. The caller must make
// sure no daemon runs.
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
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("delete daemon state: %w", err)
	}
	return nil
}
