package kernelstore

import (
	"fmt"

	"zombiezen.com/go/sqlite"
)

// scanBatch is how many rows ScanPrefix reads per lock acquisition.
const scanBatch = 256

// Get returns the value stored under key. ok is false when there is none.
func (db *DB) Get(key string) (value string, ok bool, err error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return "", false, ErrClosed
	}
	st := db.stGet
	st.BindText(1, key)
	row, err := st.Step()
	if err != nil {
		return "", false, fmt.Errorf("kernelstore: get %q: %w", key, err)
	}
	if row {
		value, ok = st.ColumnText(0), true
	}
	if err := st.Reset(); err != nil {
		return "", false, fmt.Errorf("kernelstore: get %q: %w", key, err)
	}
	return value, ok, nil
}

// GetRequired returns the value stored under key, or an error matching
// [ErrNotFound] (text `no record matching key '<key>'`) when there is none or
// it is empty, as upstream's getRequired does.
func (db *DB) GetRequired(key string) (string, error) {
	v, ok, err := db.Get(key)
	if err != nil {
		return "", err
	}
	if !ok || v == "" {
		return "", &notFoundError{key: key}
	}
	return v, nil
}

// Set stores value under key, replacing any previous value.
func (db *DB) Set(key, value string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	if err := db.set(key, value); err != nil {
		return fmt.Errorf("kernelstore: set %q: %w", key, err)
	}
	return nil
}

func (db *DB) set(key, value string) error {
	st := db.stSet
	st.BindText(1, key)
	st.BindText(2, value)
	return step(st)
}

// SetMany stores every pair atomically: all of them or, on error, none.
// Inside an open savepoint it joins that transaction.
func (db *DB) SetMany(pairs [][2]string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	err := db.atomically(func() error {
		for _, kv := range pairs {
			if err := db.set(kv[0], kv[1]); err != nil {
				return fmt.Errorf("set %q: %w", kv[0], err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kernelstore: set many: %w", err)
	}
	return nil
}

// Delete removes key; deleting a missing key is not an error.
func (db *DB) Delete(key string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	st := db.stDelete
	st.BindText(1, key)
	if err := step(st); err != nil {
		return fmt.Errorf("kernelstore: delete %q: %w", key, err)
	}
	return nil
}

// GetNextKey returns the smallest key strictly greater than previous in
// byte order (SQLite's BINARY collation), which is how upstream walks key
// ranges. ok is false when previous is the last key.
func (db *DB) GetNextKey(previous string) (key string, ok bool, err error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return "", false, ErrClosed
	}
	st := db.stNextKey
	st.BindText(1, previous)
	row, err := st.Step()
	if err != nil {
		return "", false, fmt.Errorf("kernelstore: next key after %q: %w", previous, err)
	}
	if row {
		key, ok = st.ColumnText(0), true
	}
	if err := st.Reset(); err != nil {
		return "", false, fmt.Errorf("kernelstore: next key after %q: %w", previous, err)
	}
	return key, ok, nil
}

// ScanPrefix calls fn for every key that starts with prefix, in byte order,
// and stops at the first error fn returns (which ScanPrefix returns). fn is
// called without the store's lock held, so it may read and write the store,
// for example delete the key it is given; keys after the current one that
// change during the scan are seen as they are when the scan reaches them
// (rows are read in batches).
func (db *DB) ScanPrefix(prefix string, fn func(key, value string) error) error {
	end, bounded := prefixEnd(prefix)
	from := prefix
	buf := make([][2]string, 0, scanBatch)
	for {
		var err error
		buf, err = db.scanBatch(buf[:0], from, end, bounded)
		if err != nil {
			return fmt.Errorf("kernelstore: scan prefix %q: %w", prefix, err)
		}
		for _, kv := range buf {
			if err := fn(kv[0], kv[1]); err != nil {
				return err
			}
		}
		if len(buf) < scanBatch {
			return nil
		}
		// The smallest string greater than the last key seen.
		from = buf[len(buf)-1][0] + "\x00"
	}
}

func (db *DB) scanBatch(buf [][2]string, from, end string, bounded bool) ([][2]string, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return buf, ErrClosed
	}
	var st *sqlite.Stmt
	if bounded {
		st = db.stRange
		st.BindText(1, from)
		st.BindText(2, end)
		st.BindInt64(3, scanBatch)
	} else {
		st = db.stRangeOpen
		st.BindText(1, from)
		st.BindInt64(2, scanBatch)
	}
	for {
		row, err := st.Step()
		if err != nil {
			return buf, err
		}
		if !row {
			break
		}
		buf = append(buf, [2]string{st.ColumnText(0), st.ColumnText(1)})
	}
	return buf, st.Reset()
}

// KeysWithPrefix returns every key that starts with prefix, in byte order.
func (db *DB) KeysWithPrefix(prefix string) ([]string, error) {
	var keys []string
	err := db.ScanPrefix(prefix, func(key, _ string) error {
		keys = append(keys, key)
		return nil
	})
	return keys, err
}

// prefixEnd returns the smallest string greater than every string with the
// given prefix, or bounded=false when there is none (the prefix is empty or
// all 0xFF bytes).
func prefixEnd(prefix string) (end string, bounded bool) {
	for i := len(prefix) - 1; i >= 0; i-- {
		if c := prefix[i]; c != 0xff {
			b := []byte(prefix[:i+1])
			b[i] = c + 1
			return string(b), true
		}
	}
	return "", false
}

// Clear deletes every row of both tables in one transaction (joining an open
// savepoint if there is one), as upstream's clear does.
func (db *DB) Clear() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	err := db.atomically(func() error {
		if err := step(db.stClearKV); err != nil {
			return err
		}
		return step(db.stClearVat)
	})
	if err != nil {
		return fmt.Errorf("kernelstore: clear: %w", err)
	}
	return nil
}

// atomically runs fn inside an internal savepoint: a transaction of its own
// in autocommit mode, or a nested part of the open transaction. On error
// fn's writes are undone. db.mu must be held.
func (db *DB) atomically(fn func() error) error {
	if err := step(db.stInSave); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(); err != nil {
		// ROLLBACK TO leaves the savepoint open; RELEASE then closes it
		// (committing nothing, or ending the transaction it started).
		if rerr := step(db.stInRollback); rerr != nil {
			return fmt.Errorf("%w (and rollback failed: %v)", err, rerr)
		}
		if rerr := step(db.stInRelease); rerr != nil {
			return fmt.Errorf("%w (and release failed: %v)", err, rerr)
		}
		return err
	}
	if err := step(db.stInRelease); err != nil {
		// The release (commit, when it started the transaction) failed;
		// undo rather than leave a transaction open behind the caller.
		if rerr := step(db.stInRollback); rerr == nil {
			_ = step(db.stInRelease)
		}
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
