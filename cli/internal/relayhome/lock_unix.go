//go:build unix

package relayhome

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// tryLock opens relay.lock and tries a non-blocking flock, exclusive or
// shared. On success the returned file holds the lock; closing it releases
// the lock. locked is false if another process holds a conflicting lock.
func (h *Home) tryLock(exclusive bool) (f *os.File, locked bool, err error) {
	f, err = os.OpenFile(h.Path(LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("open relay lock: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err = syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return f, true, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		f.Close()
		return nil, false, nil
	default:
		f.Close()
		return nil, false, fmt.Errorf("lock %s: %w", h.Path(LockFile), err)
	}
}
