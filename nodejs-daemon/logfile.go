package daemon

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Log rotation defaults.
const (
	DefaultLogMaxSize    = 10 << 20 // bytes per file before rotation
	DefaultLogMaxBackups = 3        // rotated files kept: daemon.log.1 … .3
)

// LogFile is an append-only log file with size-capped rotation: when a
// write would take it past MaxSize, daemon.log becomes daemon.log.1 (older
// backups shift up, the oldest beyond MaxBackups is deleted) and a fresh
// daemon.log is opened. It is safe for concurrent use and assumes it is
// the only writer of its files.
type LogFile struct {
	path       string
	maxSize    int64
	maxBackups int
	crash      bool

	mu   sync.Mutex
	f    *os.File
	size int64
}

// LogFileOptions configure OpenLogFile.
type LogFileOptions struct {
	// MaxSize in bytes (0: DefaultLogMaxSize) and MaxBackups (0:
	// DefaultLogMaxBackups; negative: keep none).
	MaxSize    int64
	MaxBackups int
	// CrashOutput makes the runtime write fatal errors and unrecovered
	// panics, with every goroutine's stack, to the current log file
	// (debug.SetCrashOutput), following it across rotations.
	CrashOutput bool
}

// OpenLogFile opens (appending, 0600) or creates the log at path; a
// symbolic link in its place is an error, not followed.
func OpenLogFile(path string, opts LogFileOptions) (*LogFile, error) {
	l := &LogFile{path: path, maxSize: opts.MaxSize, maxBackups: opts.MaxBackups, crash: opts.CrashOutput}
	if l.maxSize <= 0 {
		l.maxSize = DefaultLogMaxSize
	}
	if l.maxBackups == 0 {
		l.maxBackups = DefaultLogMaxBackups
	}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *LogFile) open() error {
	f, err := openHomeFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, false)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	if l.crash {
		if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
			f.Close()
			return fmt.Errorf("set crash output: %w", err)
		}
	}
	l.f, l.size = f, fi.Size()
	return nil
}

// File is the current log file, for redirecting a child's output to it.
func (l *LogFile) File() *os.File {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f
}

// Write appends p, rotating first if p would overflow the size cap.
func (l *LogFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.maxSize {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// Rotate starts a new log file now (the SIGHUP action).
func (l *LogFile) Rotate() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return os.ErrClosed
	}
	return l.rotate()
}

func (l *LogFile) rotate() error {
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	l.f = nil
	if l.maxBackups < 0 {
		os.Remove(l.path)
	} else {
		os.Remove(backupName(l.path, l.maxBackups))
		for i := l.maxBackups - 1; i >= 1; i-- {
			os.Rename(backupName(l.path, i), backupName(l.path, i+1))
		}
		if err := os.Rename(l.path, backupName(l.path, 1)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotate log: %w", err)
		}
	}
	return l.open()
}

// Close closes the log file.
func (l *LogFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

func backupName(path string, i int) string { return path + "." + strconv.Itoa(i) }

// LogBackups lists the rotated backups of the log at path, oldest last.
func LogBackups(path string) []string {
	matches, _ := filepath.Glob(path + ".*")
	var out []string
	for _, m := range matches {
		if _, err := strconv.Atoi(strings.TrimPrefix(m, path+".")); err == nil {
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, _ := strconv.Atoi(strings.TrimPrefix(out[i], path+"."))
		b, _ := strconv.Atoi(strings.TrimPrefix(out[j], path+"."))
		return a < b
	})
	return out
}

// LastFatal returns the error with which the daemon of the log at path
// last exited ("Daemon fatal" after the last "Daemon starting"), so that
// `ocap daemon status` can say why a daemon is gone; ok is false when its
// last run did not end on an error. Only the log's tail is read.
func LastFatal(path string) (reason string, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	const tail = 64 << 10
	if fi, err := f.Stat(); err == nil && fi.Size() > tail {
		f.Seek(fi.Size()-tail, io.SeekStart)
	}
	b, err := io.ReadAll(io.LimitReader(f, tail))
	if err != nil {
		return "", false
	}
	for _, line := range slices.Backward(strings.Split(string(b), "\n")) {
		if strings.Contains(line, `msg="Daemon starting"`) {
			return "", false
		}
		if !strings.Contains(line, `msg="Daemon fatal"`) {
			continue
		}
		_, v, found := strings.Cut(line, " err=")
		if !found {
			return "unknown error", true
		}
		if strings.HasPrefix(v, `"`) {
			if q, err := strconv.QuotedPrefix(v); err == nil {
				if s, err := strconv.Unquote(q); err == nil {
					return s, true
				}
			}
		}
		return strings.TrimSpace(v), true
	}
	return "", false
}
