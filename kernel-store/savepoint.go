package kernelstore

import (
	"fmt"

	"zombiezen.com/go/sqlite"
)

// maxCachedSavepoints bounds the per-name statement cache; the kernel uses a
// handful of ordinal names (t0, t1, ...), anything beyond is prepared afresh.
const maxCachedSavepoints = 64

type savepointStmts struct {
	create, release, rollbackTo *sqlite.Stmt
}

// CreateSavepoint opens a savepoint named name. If no transaction is open it
// first begins one, so that releasing the outermost savepoint commits
// explicitly (upstream semantics; a crank is savepoint "t0"). Names must
// match ^[A-Za-z_]\w*$ (error [ErrInvalidIdentifier]).
func (db *DB) CreateSavepoint(name string) error {
	if !validIdentifier(name) {
		return fmt.Errorf("%w: %s", ErrInvalidIdentifier, name)
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	db.syncStack()
	sp, release, err := db.savepointStmts(name)
	if err != nil {
		return fmt.Errorf("kernelstore: create savepoint %s: %w", name, err)
	}
	defer release()
	began := false
	if db.conn.AutocommitEnabled() {
		if err := step(db.stBegin); err != nil {
			return fmt.Errorf("kernelstore: create savepoint %s: begin: %w", name, err)
		}
		began = true
	}
	if err := step(sp.create); err != nil {
		if began {
			_ = step(db.stRollback)
		}
		return fmt.Errorf("kernelstore: create savepoint %s: %w", name, err)
	}
	db.savepoints = append(db.savepoints, name)
	return nil
}

// ReleaseSavepoint releases name and every savepoint opened after it; when
// no savepoint remains the transaction commits. If the commit fails the
// transaction is rolled back, so that no half-done crank stays open.
func (db *DB) ReleaseSavepoint(name string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	idx, err := db.findSavepoint(name)
	if err != nil {
		return err
	}
	sp, release, err := db.savepointStmts(name)
	if err != nil {
		return fmt.Errorf("kernelstore: release savepoint %s: %w", name, err)
	}
	defer release()
	if err := step(sp.release); err != nil {
		return fmt.Errorf("kernelstore: release savepoint %s: %w", name, err)
	}
	db.savepoints = db.savepoints[:idx]
	if len(db.savepoints) == 0 {
		if err := step(db.stCommit); err != nil {
			if !db.conn.AutocommitEnabled() {
				_ = step(db.stRollback)
			}
			return fmt.Errorf("kernelstore: release savepoint %s: commit: %w", name, err)
		}
	}
	return nil
}

// RollbackSavepoint undoes every write made since name was created and
// closes name and every savepoint opened after it; when no savepoint remains
// the whole transaction is rolled back.
func (db *DB) RollbackSavepoint(name string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	idx, err := db.findSavepoint(name)
	if err != nil {
		return err
	}
	if idx == 0 {
		// Rolling back the outermost savepoint ends the transaction that
		// CreateSavepoint began.
		db.savepoints = db.savepoints[:0]
		if err := step(db.stRollback); err != nil {
			return fmt.Errorf("kernelstore: rollback savepoint %s: %w", name, err)
		}
		return nil
	}
	sp, release, err := db.savepointStmts(name)
	if err != nil {
		return fmt.Errorf("kernelstore: rollback savepoint %s: %w", name, err)
	}
	defer release()
	if err := step(sp.rollbackTo); err != nil {
		return fmt.Errorf("kernelstore: rollback savepoint %s: %w", name, err)
	}
	// ROLLBACK TO keeps the savepoint open; release it to match the stack.
	if err := step(sp.release); err != nil {
		return fmt.Errorf("kernelstore: rollback savepoint %s: release: %w", name, err)
	}
	db.savepoints = db.savepoints[:idx]
	return nil
}

// InTransaction reports whether a transaction is open, i.e. whether writes
// made now will only become durable when the outermost savepoint is released.
func (db *DB) InTransaction() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return !db.closed && !db.conn.AutocommitEnabled()
}

// Depth returns the number of open savepoints.
func (db *DB) Depth() int {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.syncStack()
	return len(db.savepoints)
}

// syncStack forgets the savepoint stack when SQLite has ended the
// transaction on its own (it rolls back automatically after some I/O and
// out-of-memory errors), so that later calls report "No such savepoint"
// instead of acting on savepoints that no longer exist.
func (db *DB) syncStack() {
	if len(db.savepoints) > 0 && (db.closed || db.conn.AutocommitEnabled()) {
		db.savepoints = db.savepoints[:0]
	}
}

// findSavepoint checks name and returns its position on the open stack.
// db.mu must be held.
func (db *DB) findSavepoint(name string) (int, error) {
	if !validIdentifier(name) {
		return 0, fmt.Errorf("%w: %s", ErrInvalidIdentifier, name)
	}
	if db.closed {
		return 0, ErrClosed
	}
	db.syncStack()
	idx := db.lastIndex(name)
	if idx < 0 {
		return 0, fmt.Errorf("%w: %s", ErrNoSuchSavepoint, name)
	}
	return idx, nil
}

func (db *DB) lastIndex(name string) int {
	for i := len(db.savepoints) - 1; i >= 0; i-- {
		if db.savepoints[i] == name {
			return i
		}
	}
	return -1
}

// savepointStmts returns the statements for a savepoint name, cached for
// the first maxCachedSavepoints names; release must be called when done (it
// finalizes uncached statements).
func (db *DB) savepointStmts(name string) (*savepointStmts, func(), error) {
	if sp := db.spCache[name]; sp != nil {
		return sp, func() {}, nil
	}
	// name is a validated identifier, so splicing it in is safe.
	queries := [3]string{"SAVEPOINT " + name, "RELEASE SAVEPOINT " + name, "ROLLBACK TO SAVEPOINT " + name}
	var stmts [3]*sqlite.Stmt
	cache := len(db.spCache) < maxCachedSavepoints
	finalize := func() {
		for _, st := range stmts {
			if st != nil {
				st.Finalize()
			}
		}
	}
	for i, q := range queries {
		var (
			st  *sqlite.Stmt
			err error
		)
		if cache {
			st, err = db.conn.Prepare(q)
		} else {
			st, _, err = db.conn.PrepareTransient(q)
		}
		if err != nil {
			finalize()
			return nil, nil, err
		}
		stmts[i] = st
	}
	sp := &savepointStmts{create: stmts[0], release: stmts[1], rollbackTo: stmts[2]}
	if cache {
		db.spCache[name] = sp
		return sp, func() {}, nil
	}
	return sp, finalize, nil
}

// validIdentifier reports whether name matches ^[A-Za-z_]\w*$ (ASCII word
// characters, as in JavaScript regular expressions).
func validIdentifier(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
