package kernelstore

import (
	"fmt"
	"sync"

	"zombiezen.com/go/sqlite"
)

// Reader is a read-only connection of its own to the kv table, for a
// goroutine that reads while another one writes: the kernel goroutine
// reads through a Reader while its writer goroutine commits cranks on the
// DB. On a file database (WAL) a Reader sees the last committed state and
// never waits for a write transaction in progress; in memory (no WAL) a
// read waits while one is open, up to the busy timeout. Each call is its
// own read transaction, so it sees every transaction committed before it
// began. A Reader is safe for concurrent use, but its calls are
// serialized: give each reading goroutine its own.
type Reader struct {
	db *DB

	mu     sync.Mutex
	closed bool
	conn   *sqlite.Conn

	stGet, stSeek, stKeys, stKeysOpen *sqlite.Stmt
}

// OpenReader opens a Reader. [DB.Close] closes it, if [Reader.Close] has
// not.
func (db *DB) OpenReader() (*Reader, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil, ErrClosed
	}
	conn, err := sqlite.OpenConn(db.name, db.rflags)
	if err != nil {
		return nil, fmt.Errorf("kernelstore: open reader: %w", err)
	}
	conn.SetBusyTimeout(db.busy)
	r := &Reader{db: db, conn: conn}
	for _, p := range []struct {
		dst   **sqlite.Stmt
		query string
	}{
		{&r.stGet, `SELECT value FROM kv WHERE key = ?1`},
		{&r.stSeek, `SELECT key, value FROM kv WHERE key >= ?1 ORDER BY key LIMIT 1`},
		// Selecting only the key makes these covering scans of the
		// primary-key index.
		{&r.stKeys, `SELECT key FROM kv WHERE key >= ?1 AND key < ?2 ORDER BY key`},
		{&r.stKeysOpen, `SELECT key FROM kv WHERE key >= ?1 ORDER BY key`},
	} {
		if *p.dst, err = conn.Prepare(p.query); err != nil {
			conn.Close()
			return nil, fmt.Errorf("kernelstore: open reader: %w", err)
		}
	}
	db.readers[r] = struct{}{}
	return r, nil
}

// Close closes the connection; it is idempotent.
func (r *Reader) Close() error {
	r.db.mu.Lock()
	defer r.db.mu.Unlock()
	delete(r.db.readers, r)
	return r.close()
}

// close closes the connection; db.mu is held.
func (r *Reader) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	if err := r.conn.Close(); err != nil {
		return fmt.Errorf("close reader: %w", err)
	}
	return nil
}

// Get returns the committed value of key; ok is false when there is none.
func (r *Reader) Get(key string) (value string, ok bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", false, ErrClosed
	}
	st := r.stGet
	st.BindText(1, key)
	row, err := st.Step()
	if err == nil && row {
		value, ok = st.ColumnText(0), true
	}
	// Reset ends the read transaction, so that the next call sees later
	// commits.
	if rerr := st.Reset(); err == nil {
		err = rerr
	}
	if err != nil {
		return "", false, fmt.Errorf("kernelstore: get %q: %w", key, err)
	}
	return value, ok, nil
}

// Seek returns the smallest committed key that is key or after it in byte
// order, with its value; ok is false when there is none. For the price of
// a Get it tells a caller looking for a missing key that no key lies
// between key and next.
func (r *Reader) Seek(key string) (next, value string, ok bool, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", "", false, ErrClosed
	}
	st := r.stSeek
	st.BindText(1, key)
	row, err := st.Step()
	if err == nil && row {
		next, value, ok = st.ColumnText(0), st.ColumnText(1), true
	}
	if rerr := st.Reset(); err == nil {
		err = rerr
	}
	if err != nil {
		return "", "", false, fmt.Errorf("kernelstore: seek %q: %w", key, err)
	}
	return next, value, ok, nil
}

// AppendKeysWithPrefix appends to dst every committed key that starts with
// prefix, in byte order, read in one transaction by a range scan of the
// primary-key index.
func (r *Reader) AppendKeysWithPrefix(dst []string, prefix string) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return dst, ErrClosed
	}
	var st *sqlite.Stmt
	if end, bounded := prefixEnd(prefix); bounded {
		st = r.stKeys
		st.BindText(1, prefix)
		st.BindText(2, end)
	} else {
		st = r.stKeysOpen
		st.BindText(1, prefix)
	}
	var err error
	for {
		var row bool
		if row, err = st.Step(); err != nil || !row {
			break
		}
		dst = append(dst, st.ColumnText(0))
	}
	if rerr := st.Reset(); err == nil {
		err = rerr
	}
	if err != nil {
		return dst, fmt.Errorf("kernelstore: keys with prefix %q: %w", prefix, err)
	}
	return dst, nil
}
