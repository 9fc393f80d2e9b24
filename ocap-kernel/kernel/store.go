package kernel

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
)

// store is the kernel's view of the kv table. A read looks through three
// layers, the first that knows the key winning (a deleted key reads as
// absent):
//
//  1. the current crank's writes (cur), forgotten on rollback;
//  2. the committed cranks the writer goroutine has not written yet: their
//     entries are pinned in the cache until the batch holding their last
//     write is durable;
//  3. SQLite, read through a connection of the kernel's own (a Reader: on
//     a file database it never waits for the writer's transaction), with
//     a bounded LRU cache of values and a bounded cache of key ranges
//     SQLite holds none of (gapCache) in front of it.
//
// Only the kernel goroutine uses a store. The caches hold the keys a busy
// kernel keeps touching and the ones it is about to create, so a delivery
// rarely reads SQLite; memory is the caches' bounds plus what is in
// flight, not the size of the state. Prefix scans are range scans of
// SQLite's primary-key index merged with the first two layers.
//
// Failures of the underlying database are fatal to the crank: they panic
// with a *storeError, which the crank runner recovers and turns into a
// rollback.
type store struct {
	db     *kernelstore.DB
	reader *kernelstore.Reader

	cur map[string]crankWrite
	vs  map[string]*vatstoreDelta
	// wipe empties both tables before the crank's writes (clearState).
	wipe bool

	// entries holds every pinned entry and the cached ones; lru lists the
	// cached ones (unpinned), most recently used first.
	entries    map[string]*cacheEntry
	pinned     map[string]*cacheEntry
	lru        cacheEntry // sentinel of the circular list
	cached     int        // entries in lru
	cacheBytes int
	limits     cacheLimits
	gaps       gapCache
	// sqliteReads counts the reads that went to SQLite.
	sqliteReads int
	free        []*cacheEntry // dropped entries for reuse (bounded by cap)
	freePins    [][]*cacheEntry

	// unsubmitted lists the entries committed since the last batch was
	// built (pin == pinUnsubmitted), each once.
	unsubmitted []*cacheEntry
	// inflight are the batches handed to the writer, oldest first, with
	// the entries they pinned.
	inflight []inflightBatch
	lastSeq  uint64
	applied  atomic.Uint64 // highest batch seq the writer has made durable
	// wipeSeq is the batch of a committed wipe not yet durable (or
	// pinUnsubmitted): SQLite's rows are gone for the kernel already.
	wipeSeq uint64

	// Committed cranks not yet written to SQLite. A durable store writes
	// every crank at once; an in-memory database (":memory:", nothing to
	// survive) is written when the kernel is idle, before a query, on stop
	// and when limits.deferred entries wait, so cranks rarely cost SQL.
	deferWrites bool
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

// cacheLimits bound the cached (unpinned) entries: by number, and by their
// keys' and values' bytes plus cacheEntryOverhead each.
type cacheLimits struct {
	entries int
	bytes   int
	gaps    int // ranges of absent keys (gapCache)
	// deferred bounds the entries an in-memory store keeps unwritten:
	// past it, commit hands them to the writer without waiting for idle.
	deferred int
}

// defaultCacheLimits hold the hot keys of a busy kernel (run queue,
// counters, the c-lists and objects of the vats at work) many times over.
var defaultCacheLimits = cacheLimits{entries: 1 << 16, bytes: 32 << 20, gaps: 1024, deferred: 4096}

// cacheEntryOverhead approximates an entry's memory beyond its key and
// value: the struct and its share of the map.
const cacheEntryOverhead = 128

// pinUnsubmitted pins an entry committed but not yet in a batch.
const pinUnsubmitted = math.MaxUint64

type cacheEntry struct {
	key, value string
	exists     bool
	// pin is the seq of the batch holding the entry's last write, while
	// that batch is not durable; 0 for a cached entry.
	pin uint64
	// mayGap: the key was created by a write not yet durable, so it may
	// lie in a gap (SQLite did not have it when the gap was learnt).
	mayGap     bool
	prev, next *cacheEntry
}

type crankWrite struct {
	value  string
	exists bool
}

type inflightBatch struct {
	seq  uint64
	pins []*cacheEntry
}

// writeJob is a batch for the writer and what to do once it is durable.
type writeJob struct {
	batch kernelstore.Batch
	seq   uint64 // 0 for a batch that pins nothing
	after func(err error)
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
	return openStoreLimits(db, defaultCacheLimits)
}

func openStoreLimits(db *kernelstore.DB, limits cacheLimits) (*store, error) {
	r, err := db.OpenReader()
	if err != nil {
		return nil, fmt.Errorf("open kernel store: %w", err)
	}
	s := &store{
		db: db, reader: r,
		cur: make(map[string]crankWrite), vs: make(map[string]*vatstoreDelta),
		entries: make(map[string]*cacheEntry), pinned: make(map[string]*cacheEntry),
		limits:      limits,
		gaps:        gapCache{max: limits.gaps},
		free:        make([]*cacheEntry, 0, 1024),
		freePins:    make([][]*cacheEntry, 0, 16),
		deferWrites: strings.HasPrefix(db.Path(), ":"),
		pendingVS:   make(map[string]*vatstoreDelta),
		jobs:        make(chan writeJob, 256),
	}
	s.lru.prev, s.lru.next = &s.lru, &s.lru
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
	batches := make([]kernelstore.Batch, 0, maxGroup)
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
		batches = batches[:0]
		var seq uint64
		for _, g := range group {
			batches = append(batches, g.batch)
			seq = max(seq, g.seq)
		}
		batch := kernelstore.Combine(batches)
		clear(batches)
		err := s.writeErr()
		if err == nil && !batch.Empty() {
			if err = s.db.Apply(batch); err != nil {
				s.werr.CompareAndSwap(nil, &err)
			}
		}
		if err == nil && seq > s.applied.Load() {
			// Before the callbacks: whoever they wake may read SQLite.
			s.applied.Store(seq)
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
	err := <-done
	s.unpinApplied()
	return err
}

// closeWriter drains and stops the writer.
func (s *store) closeWriter() error {
	close(s.jobs)
	s.writerWG.Wait()
	return s.writeErr()
}

// lookup reads the committed state: the pinned and cached entries, then
// SQLite (and caches what it read).
func (s *store) lookup(key string) (string, bool) {
	if e := s.entries[key]; e != nil {
		if e.pin == 0 && s.lru.next != e {
			s.lruRemove(e)
			s.lruPush(e)
		}
		return e.value, e.exists
	}
	if s.wipeActive() || s.gaps.contains(key) {
		return "", false
	}
	s.sqliteReads++
	next, v, ok, err := s.reader.Seek(key)
	if err != nil {
		panic(&storeError{err})
	}
	if next != key {
		s.gaps.add(key, next, !ok)
		return "", false
	}
	e := s.newEntry(key)
	e.value, e.exists = v, true
	s.entries[key] = e
	s.lruPush(e)
	s.evict()
	return v, true
}

func (s *store) get(key string) (string, bool) {
	if w, ok := s.cur[key]; ok {
		return w.value, w.exists
	}
	if s.wipe {
		return "", false
	}
	return s.lookup(key)
}

// getString returns the value or "" when absent.
func (s *store) getString(key string) string {
	v, _ := s.get(key)
	return v
}

func (s *store) has(key string) bool {
	_, ok := s.get(key)
	return ok
}

func (s *store) set(key, value string) {
	s.cur[key] = crankWrite{value: value, exists: true}
}

// del deletes key; deleting an absent key changes nothing (the crank stays
// clean).
func (s *store) del(key string) {
	if !s.has(key) {
		return
	}
	s.cur[key] = crankWrite{}
}

// getInt reads a decimal counter; absent means 0.
func (s *store) getInt(key string) int {
	v, ok := s.get(key)
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

// keysWithPrefix returns the keys starting with prefix in byte order: a
// range scan of SQLite's primary-key index, merged with the keys the
// pinned entries and the current crank add or delete.
func (s *store) keysWithPrefix(prefix string) []string {
	var base []string
	if !s.wipe && !s.wipeActive() {
		var err error
		if base, err = s.reader.AppendKeysWithPrefix(nil, prefix); err != nil {
			panic(&storeError{err})
		}
	}
	// What the upper layers say about keys with the prefix; cur wins.
	over := make(map[string]bool)
	if !s.wipe {
		for k, e := range s.pinned {
			if strings.HasPrefix(k, prefix) {
				over[k] = e.exists
			}
		}
	}
	for k, w := range s.cur {
		if strings.HasPrefix(k, prefix) {
			over[k] = w.exists
		}
	}
	if len(over) == 0 {
		return base
	}
	var added []string
	for k, exists := range over {
		if exists {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	out := make([]string, 0, len(base)+len(added))
	i := 0
	for _, k := range base {
		for i < len(added) && added[i] < k {
			out = append(out, added[i])
			i++
		}
		if i < len(added) && added[i] == k {
			i++
		}
		if exists, ok := over[k]; ok && !exists {
			continue
		}
		out = append(out, k)
	}
	return append(out, added[i:]...)
}

// hasKeyWithPrefix reports whether any key starts with prefix, without
// listing them: the upper layers' keys, then SQLite's keys in order from
// prefix, skipping those the upper layers delete.
func (s *store) hasKeyWithPrefix(prefix string) bool {
	// overlay is what the upper layers say of key, if anything; cur wins.
	overlay := func(key string) (exists, known bool) {
		if w, ok := s.cur[key]; ok {
			return w.exists, true
		}
		if e, ok := s.pinned[key]; ok && !s.wipe {
			return e.exists, true
		}
		return false, false
	}
	for k, w := range s.cur {
		if w.exists && strings.HasPrefix(k, prefix) {
			return true
		}
	}
	if !s.wipe {
		for k := range s.pinned {
			if exists, _ := overlay(k); exists && strings.HasPrefix(k, prefix) {
				return true
			}
		}
	}
	if s.wipe || s.wipeActive() {
		return false
	}
	for from := prefix; ; {
		key, _, ok, err := s.reader.Seek(from)
		if err != nil {
			panic(&storeError{err})
		}
		if !ok || !strings.HasPrefix(key, prefix) {
			return false
		}
		if exists, known := overlay(key); !known || exists {
			return true
		}
		from = key + "\x00" // deleted above: the next one
	}
}

// wipeActive reports whether a committed wipe is not yet durable, so that
// SQLite still holds rows the kernel has deleted.
func (s *store) wipeActive() bool {
	return s.wipeSeq != 0 && s.wipeSeq > s.applied.Load()
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
// deleted, and kv holds only what the crank writes (before or after).
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
func (s *store) dirty() bool { return len(s.cur) > 0 || len(s.vs) > 0 || s.wipe }

// commit ends the crank: its changes become permanent. A durable store
// hands them to the writer as one transaction and calls after once that is
// written; an in-memory store keeps them for the next flush and calls
// after at once (there is nothing to wait for).
func (s *store) commit(after func(error)) error {
	if err := s.writeErr(); err != nil {
		s.rollback()
		return err
	}
	s.unpinApplied()
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
		// Everything committed before is gone: what is pinned or cached
		// would be deleted by the wipe's batch anyway.
		clear(s.entries)
		clear(s.pinned)
		s.lru.prev, s.lru.next = &s.lru, &s.lru
		s.cached, s.cacheBytes = 0, 0
		s.gaps.reset()
		s.unsubmitted = s.unsubmitted[:0]
		s.wipeSeq = pinUnsubmitted
		s.pendingWipe = true
		clear(s.pendingVS)
	}
	for k, w := range s.cur {
		e := s.entries[k]
		switch {
		case e == nil:
			e = s.newEntry(k)
			s.entries[k] = e
		case e.exists == w.exists && e.value == w.value:
			continue // changed back, or set to what it was
		case e.pin == 0:
			s.lruRemove(e)
		}
		if !e.exists {
			e.mayGap = true
		}
		e.value, e.exists = w.value, w.exists
		if e.pin != pinUnsubmitted {
			e.pin = pinUnsubmitted
			s.pinned[k] = e
			s.unsubmitted = append(s.unsubmitted, e)
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
	s.cur = reset(s.cur)
	s.vs = make(map[string]*vatstoreDelta) // the deltas now belong to pendingVS
	s.wipe = false
	if s.deferWrites {
		if len(s.unsubmitted) >= s.limits.deferred {
			// A kernel that is never idle still writes: the pinned
			// entries stay bounded.
			s.submitPending(nil)
		}
		if after != nil {
			after(nil)
		}
		return nil
	}
	s.submitPending(after)
	return nil
}

// flush writes every committed change to SQLite and waits for it.
func (s *store) flush() error {
	if len(s.unsubmitted) > 0 || len(s.pendingVS) > 0 || s.pendingWipe {
		s.submitPending(nil)
	}
	return s.fence()
}

// submitPending hands the committed, unsubmitted changes to the writer as
// one batch; their entries stay pinned until it is durable.
func (s *store) submitPending(after func(error)) {
	s.lastSeq++
	seq := s.lastSeq
	b := kernelstore.Batch{Clear: s.pendingWipe}
	var pins []*cacheEntry
	if n := len(s.freePins); n > 0 && cap(s.freePins[n-1]) >= len(s.unsubmitted) {
		pins = s.freePins[n-1]
		s.freePins = s.freePins[:n-1]
	} else {
		pins = make([]*cacheEntry, 0, len(s.unsubmitted))
	}
	sets := 0
	for _, e := range s.unsubmitted {
		if e.exists {
			sets++
		}
	}
	if sets > 0 {
		b.Sets = make([][2]string, 0, sets)
	}
	if n := len(s.unsubmitted) - sets; n > 0 && !s.pendingWipe {
		b.Deletes = make([]string, 0, n)
	}
	for _, e := range s.unsubmitted {
		e.pin = seq
		pins = append(pins, e)
		if e.exists {
			b.Sets = append(b.Sets, [2]string{e.key, e.value})
		} else if !s.pendingWipe {
			b.Deletes = append(b.Deletes, e.key)
		}
	}
	clear(s.unsubmitted) // drop the pointers kept in the backing array
	s.unsubmitted = s.unsubmitted[:0]
	if s.pendingWipe {
		s.wipeSeq = seq
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
	if len(s.pendingVS) > 0 {
		s.pendingVS = make(map[string]*vatstoreDelta)
	}
	s.pendingWipe = false
	s.inflight = append(s.inflight, inflightBatch{seq: seq, pins: pins})
	s.jobs <- writeJob{batch: b, seq: seq, after: after}
}

// unpinApplied moves the entries of durable batches into the cache: SQLite
// now holds their values.
func (s *store) unpinApplied() {
	applied := s.applied.Load()
	n := 0
	for _, b := range s.inflight {
		if b.seq > applied {
			break
		}
		n++
		for _, e := range b.pins {
			// A later batch may have pinned it again, or a wipe dropped it.
			if e.pin == b.seq && s.entries[e.key] == e {
				if e.mayGap {
					if e.exists {
						s.gaps.remove(e.key)
					}
					e.mayGap = false
				}
				e.pin = 0
				delete(s.pinned, e.key)
				if !e.exists {
					// Deleted keys are rarely read again: do not spend
					// the cache on them.
					delete(s.entries, e.key)
					s.freeEntry(e)
					continue
				}
				s.lruPush(e)
			}
		}
	}
	for _, b := range s.inflight[:n] {
		if len(s.freePins) < cap(s.freePins) && cap(b.pins) <= 1024 {
			clear(b.pins)
			s.freePins = append(s.freePins, b.pins[:0])
		}
	}
	if n > 0 {
		rest := copy(s.inflight, s.inflight[n:])
		clear(s.inflight[rest:])
		s.inflight = s.inflight[:rest]
		s.evict()
	}
	if s.wipeSeq != 0 && s.wipeSeq <= applied {
		s.wipeSeq = 0
	}
}

// lruPush adds a cached entry at the front.
func (s *store) lruPush(e *cacheEntry) {
	e.prev, e.next = &s.lru, s.lru.next
	e.next.prev, s.lru.next = e, e
	s.cached++
	s.cacheBytes += len(e.key) + len(e.value) + cacheEntryOverhead
}

func (s *store) lruRemove(e *cacheEntry) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
	s.cached--
	s.cacheBytes -= len(e.key) + len(e.value) + cacheEntryOverhead
}

// evict drops the least recently used cached entries beyond the limits.
func (s *store) evict() {
	for s.cached > 0 && (s.cached > s.limits.entries || s.cacheBytes > s.limits.bytes) {
		e := s.lru.prev
		s.lruRemove(e)
		delete(s.entries, e.key)
		s.freeEntry(e)
	}
}

// newEntry returns an empty entry for key, reusing a dropped one: the
// kernel creates and deletes keys (promises, queue entries) at every
// delivery.
func (s *store) newEntry(key string) *cacheEntry {
	if n := len(s.free); n > 0 {
		e := s.free[n-1]
		s.free = s.free[:n-1]
		e.key = key
		return e
	}
	return &cacheEntry{key: key}
}

// freeEntry keeps e, no longer in entries, for reuse.
func (s *store) freeEntry(e *cacheEntry) {
	if len(s.free) < cap(s.free) {
		*e = cacheEntry{}
		s.free = append(s.free, e)
	}
}

// rollback forgets the current crank's changes (committed ones stay).
func (s *store) rollback() {
	s.cur = reset(s.cur)
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
