package daemon

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// ErrLocked is returned by AcquireLock when another process holds the lock.
var ErrLocked = errors.New("lock is held by another process")

// Lock is an exclusive flock on a file, held until Release or process
// exit (including SIGKILL: the kernel drops it, so there is never a stale
// lock to clean up).
type Lock struct {
	f *os.File
}

// AcquireLock takes the exclusive lock on path (created 0600, never through
// a symbolic link) without waiting; it fails with an error wrapping
// ErrLocked if it is held.
func AcquireLock(path string) (*Lock, error) {
	f, err := openHomeFile(path, os.O_RDWR|os.O_CREATE, false)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// WritePID records pid in the lock file, for people reading it; nothing
// trusts it.
func (l *Lock) WritePID(pid int) error {
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(strconv.Itoa(pid)), 0)
	return err
}

// Release drops the lock. The file stays, so that a process waiting to
// lock it never locks an unlinked file.
func (l *Lock) Release() error {
	return l.f.Close()
}

// LockHolder reports whether the lock on path is held and, on Linux, by
// which process (from /proc/locks; 0 if it cannot be told). A missing lock
// file means not held.
func LockHolder(path string) (pid int, held bool, err error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW, 0)
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("open lock file: %w", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return 0, false, nil
	} else if !errors.Is(err, syscall.EWOULDBLOCK) {
		return 0, false, fmt.Errorf("probe lock %s: %w", path, err)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return 0, true, nil
	}
	return flockOwner(st.Ino, uint64(st.Dev)), true, nil
}

// flockOwner finds the process holding an exclusive FLOCK on the inode in
// /proc/locks, whose lines read
// "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF".
func flockOwner(ino, dev uint64) int {
	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0
	}
	defer f.Close()
	major, minor := (dev>>8)&0xfff|(dev>>32)&^0xfff, dev&0xff|(dev>>12)&^0xff
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, ino)
	inoSuffix := ":" + strconv.FormatUint(ino, 10)
	byInode := 0 // fallback for overlay filesystems, whose st_dev differs
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		// Blocked waiters are listed as "1: -> FLOCK ..."; skip them.
		if len(fields) < 6 || fields[1] != "FLOCK" || fields[3] != "WRITE" {
			continue
		}
		pid, err := strconv.Atoi(fields[4])
		if err != nil {
			continue
		}
		if fields[5] == want {
			return pid
		}
		if strings.HasSuffix(fields[5], inoSuffix) && byInode == 0 {
			byInode = pid
		}
	}
	return byInode
}
