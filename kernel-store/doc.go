// Package kernelstore is the ocap kernel's persistent store: a SQLite database
// (zombiezen.com/go/sqlite, pure Go via modernc.org/sqlite) holding the
// kernel's key/value table `kv` and the vats' durable stores `kv_vatstore`,
// with the same schema, key order and savepoint semantics as the upstream
// @metamask/kernel-store, so that an upstream user's `executeDBQuery`
// queries see what they expect.
//
// # Connections
//
// A [DB] owns exactly two SQLite connections:
//
//   - a single writer connection that serves every KV, vatstore and savepoint
//     call. The kernel runs one goroutine that owns the store, but DB methods
//     are still safe for concurrent use: a mutex serialises them. Writes made
//     by any goroutine while a savepoint is open join that transaction, as
//     they did upstream.
//   - a separate read-only connection for [DB.ExecuteQuery]. It is opened
//     read-only, runs with `PRAGMA query_only=1`, cannot attach databases and
//     has an authorizer that admits only SELECT, reads and informational
//     PRAGMAs, so no statement text can change the database or touch other
//     files. Because it is a different connection it sees committed data
//     only, never the state of a crank in progress (upstream ran the query on
//     the writer connection and saw uncommitted state).
//
// # Durability
//
// File databases use WAL journaling. A kernel crank is one transaction
// (savepoint `t0` wrapped in BEGIN/COMMIT). By default the writer runs with
// `PRAGMA synchronous=NORMAL`: a committed crank survives the process crashing
// or being killed (SIGKILL), but the last few commits may be lost on power
// failure or an operating-system crash; the database is never corrupted.
// [WithSynchronousFull] makes every commit durable against power loss at the
// cost of an fsync per crank.
//
// While the database is open SQLite keeps two companion files next to it,
// `<path>-wal` and `<path>-shm`; anything that deletes a kernel's state
// (e.g. `ocap daemon purge`) must delete them too. [DB.Close] checkpoints the
// WAL into the main file (and SQLite removes the companions when the last
// connection closes), so after a clean close the main file is self-contained.
//
// # Paths
//
// ":memory:" and any other name starting with ':' give a private in-memory
// database (shared between the two connections through SQLite's memdb VFS
// under a random name). Any other path names a file; its parent directories
// are created (mode 0700). A relative path is relative to the process's
// working directory (upstream put relative names under $TMPDIR; we do not).
package kernelstore
