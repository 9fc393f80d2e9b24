package kernel

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
)

// store is the kernel's view of the kv table: an in-memory mirror of every
// row, loaded once at start, with the changes of the current crank kept in
// an undo log. A crank commits as one SQLite transaction that writes only
// the keys it changed; a rolled-back crank restores the mirror from the
// undo log and never touches SQLite.
//
// Only the kernel goroutine uses a store. Reads never go to SQLite, which
// is what makes a delivery cost microseconds; the mirror is small (kernel
// bookkeeping, not vat data: vatstores live in kv_vatstore and are read
// only when a vat starts).
//
// Failures of the underlying database are fatal to the crank: they panic
// with a *storeError, which the crank runner recovers and turns into a
// rollback.
type store struct {
	db   *kernelstore.DB
	kv   map[string]string
	undo map[string]undoEntry // old value of every key changed this crank
	vs   map[string]*vatstoreDelta
	// wipe empties both tables before the crank's writes (clearState).
	wipe bool

	// Committed cranks not yet written to SQLite. A durable store writes
	// every crank at once; an in-memory database (":memory:", nothing to
	// survive) is written when the kernel is idle, before a query and on
	// stop, so cranks cost no SQL at all.
	deferWrites bool
	pending     map[string]struct{}
	pendingVS   map[string]*vatstoreDelta
	pendingWipe bool

	// The writer goroutine applies batches in order while the kernel goes
	// on with the next crank: each crank is still its own transaction, and
	// nothing a crank caused is shown to the outside world (a queueMessage
	// reply, a remote message) until its batch is durable.
	jobs     chan writeJob
	writerWG sync.WaitGroup
	werr     atomic.Pointer[error] // first write failure; the kernel stops
}

// writeJob is a batch for the writer and what to do once it is durable.
type writeJob struct {
	batch kernelstore.Batch
	after func(err error)
}

type undoEntry struct {
	value  string
	exists bool
}

type vatstoreDelta struct {
	sets    map[string]string
	deletes map[string]struct{}
	clear   bool
}

type storeError struct{ err error }

func (e *storeError) Error() string { return "kernel store: " + e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

func openStore(db *kernelstore.DB) (*store, error) {
	s := &store{
		db: db, kv: make(map[string]string), undo: make(map[string]undoEntry), vs: make(map[string]*vatstoreDelta),
		deferWrites: strings.HasPrefix(db.Path(), ":"),
		pending:     make(map[string]struct{}), pendingVS: make(map[string]*vatstoreDelta),
		jobs: make(chan writeJob, 256),
	}
	if err := db.ScanPrefix("", func(k, v string) error {
		s.kv[k] = v
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load kv: %w", err)
	}
	s.writerWG.Add(1)
	go s.writer()
	return s, nil
}

// writer applies batches in order. When cranks come faster than SQLite
// takes them, the batches waiting in the queue are merged into one
// transaction (group commit): every crank stays whole, keys that several
// cranks touched are written once, and each crank's outputs are released
// when the transaction holding it commits. After a failure it applies
// nothing more: later batches depend on the lost one.
func (s *store) writer() {
	defer s.writerWG.Done()
	const maxGroup = 64
	group := make([]writeJob, 0, maxGroup)
	for j := range s.jobs {
		group = append(group[:0], j)
	drain:
		for len(group) < maxGroup {
			select {
			case more, ok := <-s.jobs:
				if !ok {
					break drain
				}
				group = append(group, more)
			default:
				break drain
			}
		}
		batch := group[0].batch
		for _, g := range group[1:] {
			batch.Merge(g.batch)
		}
		err := s.writeErr()
		if err == nil && !batch.Empty() {
			if err = s.db.Apply(batch); err != nil {
				s.werr.CompareAndSwap(nil, &err)
			}
		}
		for _, g := range group {
			if g.after != nil {
				g.after(err)
			}
		}
	}
}

func (s *store) writeErr() error {
	if p := s.werr.Load(); p != nil {
		return *p
	}
	return nil
}

// submit hands a batch to the writer; after runs once it is durable.
func (s *store) submit(b kernelstore.Batch, after func(error)) {
	s.jobs <- writeJob{batch: b, after: after}
}

// fence waits until every submitted batch is written.
func (s *store) fence() error {
	done := make(chan error, 1)
	s.submit(kernelstore.Batch{}, func(err error) { done <- err })
	return <-done
}

// closeWriter drains and stops the writer.
func (s *store) closeWriter() error {
	close(s.jobs)
	s.writerWG.Wait()
	return s.writeErr()
}

func (s *store) get(key string) (string, bool) {
	v, ok := s.kv[key]
	return v, ok
}

// getString returns the value or "" when absent.
func (s *store) getString(key string) string { return s.kv[key] }

func (s *store) has(key string) bool {
	_, ok := s.kv[key]
	return ok
}

func (s *store) remember(key string) {
	if _, ok := s.undo[key]; ok {
		return
	}
	old, exists := s.kv[key]
	s.undo[key] = undoEntry{old, exists}
}

func (s *store) set(key, value string) {
	s.remember(key)
	s.kv[key] = value
}

func (s *store) del(key string) {
	if _, ok := s.kv[key]; !ok {
		if _, changed := s.undo[key]; !changed {
			return
		}
	}
	s.remember(key)
	delete(s.kv, key)
}

// getInt reads a decimal counter; absent means 0.
func (s *store) getInt(key string) int {
	v, ok := s.kv[key]
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		panic(&storeError{fmt.Errorf("key %q holds %q, not an integer", key, v)})
	}
	return n
}

func (s *store) setInt(key string, n int) { s.set(key, strconv.Itoa(n)) }

// incCounter returns the counter's value and stores value+1, as upstream's
// counters do.
func (s *store) incCounter(key string) int {
	n := s.getInt(key)
	s.setInt(key, n+1)
	return n
}

// keysWithPrefix returns the keys starting with prefix in byte order.
func (s *store) keysWithPrefix(prefix string) []string {
	var out []string
	for k := range s.kv {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// vatstoreUpdate records a vat's checkpoint; it is written with the crank.
func (s *store) vatstoreUpdate(vatID string, sets [][2]string, deletes []string) {
	d := s.vs[vatID]
	if d == nil {
		d = &vatstoreDelta{sets: make(map[string]string), deletes: make(map[string]struct{})}
		s.vs[vatID] = d
	}
	for _, k := range deletes {
		delete(d.sets, k)
		d.deletes[k] = struct{}{}
	}
	for _, kv := range sets {
		delete(d.deletes, kv[0])
		d.sets[kv[0]] = kv[1]
	}
}

// clearAll makes the crank start from empty tables: every vatstore is
// deleted, and kv holds only what the crank writes.
func (s *store) clearAll() {
	s.wipe = true
	clear(s.vs)
}

// vatstoreDelete schedules the deletion of a vat's whole vatstore.
func (s *store) vatstoreDelete(vatID string) {
	s.vs[vatID] = &vatstoreDelta{sets: make(map[string]string), deletes: make(map[string]struct{}), clear: true}
}

// vatstoreLoad reads a vat's vatstore: what SQLite holds, plus committed
// but unwritten changes, plus this crank's.
func (s *store) vatstoreLoad(vatID string) ([][2]string, error) {
	if err := s.fence(); err != nil {
		return nil, err
	}
	var rows [][2]string
	if !s.pendingWipe && !s.wipe {
		var err error
		if rows, err = s.db.VatStore(vatID).GetKVData(); err != nil {
			return nil, err
		}
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r[0]] = r[1]
	}
	for _, d := range []*vatstoreDelta{s.pendingVS[vatID], s.vs[vatID]} {
		if d == nil {
			continue
		}
		if d.clear {
			clear(m)
		}
		for k := range d.deletes {
			delete(m, k)
		}
		for k, v := range d.sets {
			m[k] = v
		}
	}
	out := make([][2]string, 0, len(m))
	for k, v := range m {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out, nil
}

// dirty reports whether the current crank changed anything.
func (s *store) dirty() bool { return len(s.undo) > 0 || len(s.vs) > 0 || s.wipe }

// commit ends the crank: its changes become permanent. A durable store
// hands them to the writer as one transaction and calls after once that is
// written; an in-memory store keeps them for the next flush and calls
// after at once (there is nothing to wait for).
func (s *store) commit(after func(error)) error {
	if err := s.writeErr(); err != nil {
		s.rollback()
		return err
	}
	if !s.dirty() {
		if after != nil {
			if s.deferWrites {
				after(nil)
			} else {
				s.submit(kernelstore.Batch{}, after) // keep outputs in order
			}
		}
		return nil
	}
	if s.wipe {
		s.pendingWipe = true
		clear(s.pending)
		clear(s.pendingVS)
	}
	for k, u := range s.undo {
		v, ok := s.kv[k]
		if ok != u.exists || (ok && v != u.value) { // not changed back
			s.pending[k] = struct{}{}
		}
	}
	for vatID, d := range s.vs {
		p := s.pendingVS[vatID]
		if p == nil || d.clear {
			s.pendingVS[vatID] = d
			continue
		}
		for k := range d.deletes {
			delete(p.sets, k)
			p.deletes[k] = struct{}{}
		}
		for k, v := range d.sets {
			delete(p.deletes, k)
			p.sets[k] = v
		}
	}
	s.undo = reset(s.undo)
	s.vs = make(map[string]*vatstoreDelta) // the deltas now belong to pendingVS
	s.wipe = false
	if s.deferWrites {
		if after != nil {
			after(nil)
		}
		return nil
	}
	s.submit(s.takePending(), after)
	return nil
}

// flush writes every committed change to SQLite and waits for it.
func (s *store) flush() error {
	if len(s.pending) > 0 || len(s.pendingVS) > 0 || s.pendingWipe {
		s.submit(s.takePending(), nil)
	}
	return s.fence()
}

// takePending turns the committed, unwritten changes into one batch.
func (s *store) takePending() kernelstore.Batch {
	b := kernelstore.Batch{Clear: s.pendingWipe}
	if s.pendingWipe {
		for k, v := range s.kv {
			b.Sets = append(b.Sets, [2]string{k, v})
		}
	} else {
		for k := range s.pending {
			if v, ok := s.kv[k]; ok {
				b.Sets = append(b.Sets, [2]string{k, v})
			} else {
				b.Deletes = append(b.Deletes, k)
			}
		}
	}
	for vatID, d := range s.pendingVS {
		c := kernelstore.VatStoreChange{VatID: vatID, Delete: d.clear}
		for k, v := range d.sets {
			c.Sets = append(c.Sets, [2]string{k, v})
		}
		for k := range d.deletes {
			c.Deletes = append(c.Deletes, k)
		}
		if c.Delete || len(c.Sets) > 0 || len(c.Deletes) > 0 {
			b.VatStores = append(b.VatStores, c)
		}
	}
	s.pending = reset(s.pending)
	s.pendingVS = make(map[string]*vatstoreDelta)
	s.pendingWipe = false
	return b
}

// rollback forgets the current crank's changes (committed ones stay).
func (s *store) rollback() {
	for k, u := range s.undo {
		if u.exists {
			s.kv[k] = u.value
		} else {
			delete(s.kv, k)
		}
	}
	s.undo = reset(s.undo)
	clear(s.vs)
	s.wipe = false
}

// reset empties a per-crank map. A map that grew large (a crank that
// touched thousands of keys) is replaced: Go maps keep their capacity, and
// iterating one costs its capacity, not its length, on every later crank.
func reset[V any](m map[string]V) map[string]V {
	if len(m) > 256 {
		return make(map[string]V)
	}
	clear(m)
	return m
}
