package kernelstore

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"
)

// The schema is byte-for-byte the upstream one (including whitespace), so
// that `SELECT sql FROM sqlite_master` reads the same as upstream.
const (
	schemaKV = `CREATE TABLE IF NOT EXISTS kv (
      key TEXT,
      value TEXT,
      PRIMARY KEY(key)
    )`
	schemaVatstore = `CREATE TABLE IF NOT EXISTS kv_vatstore (
      vatID TEXT,
      key TEXT,
      value TEXT,
      PRIMARY KEY(vatID, key)
    )`
)

// Defaults for the options.
const (
	DefaultBusyTimeout   = 5 * time.Second
	DefaultQueryTimeout  = 30 * time.Second
	DefaultQueryRowLimit = 100000
	// DefaultQueryByteLimit bounds the JSON an ExecuteQuery result makes:
	// enough for every row of a large kernel's kv table, small enough that
	// one client query cannot take the daemon's memory.
	DefaultQueryByteLimit = 64 << 20

	// journalSizeLimit bounds the size a WAL file is truncated back to after a
	// checkpoint, so a burst of large transactions does not leave a huge
	// -wal file behind.
	journalSizeLimit = 64 << 20
)

// ErrClosed is returned by every method called after [DB.Close].
var ErrClosed = errors.New("kernelstore: database is closed")

// Option configures [Open].
type Option func(*config)

type config struct {
	syncFull       bool
	busyTimeout    time.Duration
	queryTimeout   time.Duration
	queryRowLimit  int
	queryByteLimit int
}

// WithSynchronousFull runs file databases with `PRAGMA synchronous=FULL`:
// every committed crank is fsynced and survives power loss, at the price of
// one fsync per commit. The default, NORMAL, survives process crashes only.
func WithSynchronousFull() Option {
	return func(c *config) { c.syncFull = true }
}

// WithBusyTimeout sets how long the writer waits for a lock held by someone
// else (another process opening the file, or, for in-memory databases,
// which have no WAL, a running query; there the query timeout is added)
// before failing with SQLITE_BUSY.
func WithBusyTimeout(d time.Duration) Option {
	return func(c *config) { c.busyTimeout = d }
}

// WithQueryTimeout bounds the run time of each [DB.ExecuteQuery] call, which
// executes SQL supplied by a client; 0 means only the caller's context
// bounds it.
func WithQueryTimeout(d time.Duration) Option {
	return func(c *config) { c.queryTimeout = d }
}

// WithQueryRowLimit bounds the number of rows one [DB.ExecuteQuery] call may
// return (it fails with [ErrTooManyRows] beyond); 0 means no limit.
func WithQueryRowLimit(n int) Option {
	return func(c *config) { c.queryRowLimit = n }
}

// WithQueryByteLimit bounds the size of one [DB.ExecuteQuery] result as
// JSON (it fails with [ErrResultTooLarge] beyond, before the rows are held in
// memory, and SQLite refuses to build any single value larger); 0 means no
// limit.
func WithQueryByteLimit(n int) Option {
	return func(c *config) { c.queryByteLimit = n }
}

// DB is an open kernel database. Its methods are safe for concurrent use.
type DB struct {
	path   string
	memory bool

	// mu guards the writer connection, its statements and the savepoint
	// stack. qmu guards the query connection. closed is written with both
	// held, so reading it under either is safe. Lock order: mu, then qmu.
	mu     sync.Mutex
	qmu    sync.Mutex
	closed bool

	conn       *sqlite.Conn
	savepoints []string
	spCache    map[string]*savepointStmts

	stGet, stSet, stDelete, stNextKey     *sqlite.Stmt
	stRange, stRangeOpen                  *sqlite.Stmt
	stVatGet, stVatSet, stVatDel, stVatDr *sqlite.Stmt
	stBegin, stCommit, stRollback         *sqlite.Stmt
	stInSave, stInRelease, stInRollback   *sqlite.Stmt
	stClearKV, stClearVat                 *sqlite.Stmt
	stSetJSON, stDeleteJSON               *sqlite.Stmt
	stVatSetJSON, stVatDelJSON            *sqlite.Stmt

	qconn *sqlite.Conn
	qauth *readOnlyAuthorizer

	// What OpenReader needs to open one more connection; readers is the
	// set Close closes (guarded by mu).
	name    string
	rflags  sqlite.OpenFlags
	busy    time.Duration
	readers map[*Reader]struct{}

	queryTimeout   time.Duration
	queryRowLimit  int
	queryByteLimit int
}

// Open opens (creating if needed) the kernel database at path. See the
// package documentation for how path is interpreted and for the durability
// guarantees.
func Open(path string, opts ...Option) (*DB, error) {
	cfg := config{
		busyTimeout:    DefaultBusyTimeout,
		queryTimeout:   DefaultQueryTimeout,
		queryRowLimit:  DefaultQueryRowLimit,
		queryByteLimit: DefaultQueryByteLimit,
	}
	for _, o := range opts {
		o(&cfg)
	}
	if path == "" {
		return nil, errors.New("kernelstore: open: empty database path")
	}
	db := &DB{
		path:           path,
		memory:         strings.HasPrefix(path, ":"),
		spCache:        make(map[string]*savepointStmts),
		readers:        make(map[*Reader]struct{}),
		queryTimeout:   cfg.queryTimeout,
		queryRowLimit:  cfg.queryRowLimit,
		queryByteLimit: cfg.queryByteLimit,
	}
	if err := db.open(cfg); err != nil {
		_ = db.closeConns()
		return nil, fmt.Errorf("kernelstore: open %s: %w", path, err)
	}
	return db, nil
}

func (db *DB) open(cfg config) error {
	var (
		name   string
		wflags = sqlite.OpenReadWrite | sqlite.OpenCreate
		rflags = sqlite.OpenReadOnly
	)
	if db.memory {
		// A named memdb database is shared by every connection of this
		// process that opens the same name, and freed when the last one
		// closes. The random name keeps DBs apart.
		var b [12]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("random name: %w", err)
		}
		name = "file:/ocap-kernelstore-" + hex.EncodeToString(b[:]) + "?vfs=memdb"
		wflags |= sqlite.OpenURI
		rflags |= sqlite.OpenURI
	} else {
		name = db.path
		if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
			return fmt.Errorf("create parent directory: %w", err)
		}
	}

	conn, err := sqlite.OpenConn(name, wflags)
	if err != nil {
		return err
	}
	db.conn = conn
	db.name, db.rflags, db.busy = name, rflags, cfg.busyTimeout
	if db.memory {
		// Without WAL a commit must wait for running queries to finish;
		// they are bounded by the query timeout, so wait that long too
		// rather than fail the commit.
		db.busy = cfg.busyTimeout + cfg.queryTimeout
	}
	conn.SetBusyTimeout(db.busy)

	if !db.memory {
		mode, err := pragmaText(conn, "PRAGMA journal_mode=wal")
		if err != nil {
			return fmt.Errorf("enable WAL: %w", err)
		}
		if mode != "wal" {
			return fmt.Errorf("enable WAL: journal_mode is %q", mode)
		}
		syncPragma := "PRAGMA synchronous=NORMAL"
		if cfg.syncFull {
			syncPragma = "PRAGMA synchronous=FULL"
		}
		if err := sqlitex.ExecuteTransient(conn, syncPragma, nil); err != nil {
			return fmt.Errorf("set synchronous: %w", err)
		}
		if _, err := pragmaText(conn, fmt.Sprintf("PRAGMA journal_size_limit=%d", journalSizeLimit)); err != nil {
			return fmt.Errorf("set journal_size_limit: %w", err)
		}
	}
	for _, s := range []string{schemaKV, schemaVatstore} {
		if err := sqlitex.ExecuteTransient(conn, s, nil); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
	}
	if err := db.prepareStatements(); err != nil {
		return err
	}

	qconn, err := sqlite.OpenConn(name, rflags)
	if err != nil {
		return fmt.Errorf("open query connection: %w", err)
	}
	db.qconn = qconn
	// The query connection keeps zombiezen's default busy handler, which
	// waits until the connection is interrupted, i.e. until the query's
	// context (bounded by queryTimeout) is done.
	if err := sqlitex.ExecuteTransient(qconn, "PRAGMA query_only=1", nil); err != nil {
		return fmt.Errorf("set query_only: %w", err)
	}
	qconn.Limit(sqlite.LimitAttached, 0)
	if n := cfg.queryByteLimit; n > 0 {
		// No single string or blob of a query may exceed the whole result's
		// budget: SQLite then refuses randomblob(1e9) before allocating it.
		qconn.Limit(sqlite.LimitLength, int32(min(n, math.MaxInt32)))
	}
	db.qauth = &readOnlyAuthorizer{}
	if err := qconn.SetAuthorizer(db.qauth); err != nil {
		return fmt.Errorf("install query authorizer: %w", err)
	}
	return nil
}

func (db *DB) prepareStatements() error {
	for _, p := range []struct {
		dst   **sqlite.Stmt
		query string
	}{
		{&db.stGet, `SELECT value FROM kv WHERE key = ?1`},
		{&db.stSet, `INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value`},
		{&db.stDelete, `DELETE FROM kv WHERE key = ?1`},
		{&db.stNextKey, `SELECT key FROM kv WHERE key > ?1 ORDER BY key LIMIT 1`},
		{&db.stRange, `SELECT key, value FROM kv WHERE key >= ?1 AND key < ?2 ORDER BY key LIMIT ?3`},
		{&db.stRangeOpen, `SELECT key, value FROM kv WHERE key >= ?1 ORDER BY key LIMIT ?2`},
		{&db.stVatGet, `SELECT key, value FROM kv_vatstore WHERE vatID = ?1 ORDER BY key`},
		{&db.stVatSet, `INSERT INTO kv_vatstore (vatID, key, value) VALUES (?1, ?2, ?3) ON CONFLICT(vatID, key) DO UPDATE SET value = excluded.value`},
		{&db.stVatDel, `DELETE FROM kv_vatstore WHERE vatID = ?1 AND key = ?2`},
		{&db.stVatDr, `DELETE FROM kv_vatstore WHERE vatID = ?1`},
		{&db.stBegin, `BEGIN`},
		{&db.stCommit, `COMMIT`},
		{&db.stRollback, `ROLLBACK`},
		// Internal savepoint for atomic multi-statement helpers. The quoted
		// name cannot collide with a caller's savepoint name (see
		// validIdentifier).
		{&db.stInSave, `SAVEPOINT "kernelstore.internal"`},
		{&db.stInRelease, `RELEASE SAVEPOINT "kernelstore.internal"`},
		{&db.stInRollback, `ROLLBACK TO SAVEPOINT "kernelstore.internal"`},
		{&db.stClearKV, `DELETE FROM kv`},
		{&db.stClearVat, `DELETE FROM kv_vatstore`},
		// Batch forms (Apply): ?1 is a JSON array of [key, value] pairs or
		// of keys. "WHERE true" resolves the upsert parse ambiguity.
		{&db.stSetJSON, `INSERT INTO kv (key, value) SELECT value->>0, value->>1 FROM json_each(?1) WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value`},
		{&db.stDeleteJSON, `DELETE FROM kv WHERE key IN (SELECT value FROM json_each(?1))`},
		{&db.stVatSetJSON, `INSERT INTO kv_vatstore (vatID, key, value) SELECT ?2, value->>0, value->>1 FROM json_each(?1) WHERE true ON CONFLICT(vatID, key) DO UPDATE SET value = excluded.value`},
		{&db.stVatDelJSON, `DELETE FROM kv_vatstore WHERE vatID = ?2 AND key IN (SELECT value FROM json_each(?1))`},
	} {
		st, err := db.conn.Prepare(p.query)
		if err != nil {
			return err
		}
		*p.dst = st
	}
	return nil
}

// pragmaText runs a PRAGMA and returns the first column of its first row.
func pragmaText(conn *sqlite.Conn, query string) (string, error) {
	var out string
	err := sqlitex.ExecuteTransient(conn, query, &sqlitex.ExecOptions{
		ResultFunc: func(stmt *sqlite.Stmt) error {
			out = stmt.ColumnText(0)
			return nil
		},
	})
	return out, err
}

// Path returns the path the database was opened with (":memory:" etc. for
// in-memory databases).
func (db *DB) Path() string { return db.path }

// Close closes the database. An open transaction (a savepoint never
// released) is rolled back. For file databases the WAL is checkpointed into
// the main file first. Close is idempotent.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil
	}
	var errs []error
	// End an open transaction before waiting for a running query: without
	// WAL (in-memory databases) that query may be waiting for it.
	if !db.conn.AutocommitEnabled() {
		if err := step(db.stRollback); err != nil {
			errs = append(errs, fmt.Errorf("roll back open transaction: %w", err))
		}
	}
	db.savepoints = nil
	db.qmu.Lock()
	defer db.qmu.Unlock()
	db.closed = true
	// Readers first too: an open read transaction holds a checkpoint back.
	for r := range db.readers {
		if err := r.close(); err != nil {
			errs = append(errs, err)
		}
	}
	clear(db.readers)
	// Close the query connection first so that it cannot hold the
	// checkpoint back.
	if db.qconn != nil {
		if err := db.qconn.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close query connection: %w", err))
		}
		db.qconn = nil
	}
	if db.conn != nil && !db.memory {
		if err := sqlitex.ExecuteTransient(db.conn, "PRAGMA wal_checkpoint(TRUNCATE)", nil); err != nil {
			errs = append(errs, fmt.Errorf("checkpoint: %w", err))
		}
	}
	if err := db.closeConns(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("kernelstore: close %s: %w", db.path, err)
	}
	return nil
}

// closeConns closes whatever connections are open; used by Close and by a
// failed Open. Closing a zombiezen connection finalizes its cached
// statements (including the savepoint cache) first.
func (db *DB) closeConns() error {
	var errs []error
	if db.qconn != nil {
		if err := db.qconn.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close query connection: %w", err))
		}
		db.qconn = nil
	}
	if db.conn != nil {
		if err := db.conn.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close writer connection: %w", err))
		}
		db.conn = nil
	}
	db.spCache = nil
	return errors.Join(errs...)
}

// step runs a cached statement that returns no rows and resets it.
func step(st *sqlite.Stmt) error {
	_, err := st.Step()
	if rerr := st.Reset(); err == nil && rerr != nil {
		err = rerr
	}
	return err
}
