package kernelstore

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"zombiezen.com/go/sqlite"
)

// Batch is a set of changes written in one transaction: the shape of a
// kernel crank's output. Apply writes it with a handful of statements,
// whatever its size, which is what keeps a durable crank cheap.
type Batch struct {
	// Clear deletes every row of both tables before the rest is applied.
	Clear     bool
	Sets      [][2]string
	Deletes   []string
	VatStores []VatStoreChange
}

// VatStoreChange is the change to one vat's vatstore.
type VatStoreChange struct {
	VatID string
	// Delete removes the whole vatstore before Sets and Deletes apply.
	Delete  bool
	Sets    [][2]string
	Deletes []string
}

// Empty reports whether the batch changes nothing.
func (b *Batch) Empty() bool {
	return !b.Clear && len(b.Sets) == 0 && len(b.Deletes) == 0 && len(b.VatStores) == 0
}

// batchRowThreshold is the size from which rows go to SQLite as one JSON
// array (one statement) rather than one statement per row.
const batchRowThreshold = 1 << 30

// Apply writes b atomically: all of it or, on error, none. Inside an open
// savepoint it joins that transaction.
func (db *DB) Apply(b Batch) error {
	if b.Empty() {
		return nil
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	err := db.atomically(func() error {
		if b.Clear {
			if err := step(db.stClearKV); err != nil {
				return err
			}
			if err := step(db.stClearVat); err != nil {
				return err
			}
		}
		if err := db.applyKV(b.Sets, b.Deletes); err != nil {
			return err
		}
		for _, vs := range b.VatStores {
			if err := db.applyVatStore(vs); err != nil {
				return fmt.Errorf("vatstore %s: %w", vs.VatID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kernelstore: apply batch: %w", err)
	}
	return nil
}

func (db *DB) applyKV(sets [][2]string, deletes []string) error {
	if len(sets) >= batchRowThreshold && validPairs(sets) {
		if err := db.stepJSON(db.stSetJSON, "", sets); err != nil {
			return err
		}
	} else {
		for _, kv := range sets {
			if err := db.set(kv[0], kv[1]); err != nil {
				return fmt.Errorf("set %q: %w", kv[0], err)
			}
		}
	}
	if len(deletes) >= batchRowThreshold && validStrings(deletes) {
		return db.stepJSON(db.stDeleteJSON, "", deletes)
	}
	for _, k := range deletes {
		st := db.stDelete
		st.BindText(1, k)
		if err := step(st); err != nil {
			return fmt.Errorf("delete %q: %w", k, err)
		}
	}
	return nil
}

func (db *DB) applyVatStore(vs VatStoreChange) error {
	if vs.Delete {
		db.stVatDr.BindText(1, vs.VatID)
		if err := step(db.stVatDr); err != nil {
			return err
		}
	}
	if len(vs.Sets) >= batchRowThreshold && validPairs(vs.Sets) {
		if err := db.stepJSON(db.stVatSetJSON, vs.VatID, vs.Sets); err != nil {
			return err
		}
	} else {
		for _, kv := range vs.Sets {
			st := db.stVatSet
			st.BindText(1, vs.VatID)
			st.BindText(2, kv[0])
			st.BindText(3, kv[1])
			if err := step(st); err != nil {
				return err
			}
		}
	}
	if len(vs.Deletes) >= batchRowThreshold && validStrings(vs.Deletes) {
		return db.stepJSON(db.stVatDelJSON, vs.VatID, vs.Deletes)
	}
	for _, k := range vs.Deletes {
		st := db.stVatDel
		st.BindText(1, vs.VatID)
		st.BindText(2, k)
		if err := step(st); err != nil {
			return err
		}
	}
	return nil
}

// stepJSON runs a json_each statement over rows; vatID, when set, is
// parameter 2. Rows must be valid UTF-8 (JSON cannot carry anything else):
// callers check with validUTF8 and fall back to one statement per row.
func (db *DB) stepJSON(st *sqlite.Stmt, vatID string, rows any) error {
	raw, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	st.BindText(1, string(raw))
	if vatID != "" {
		st.BindText(2, vatID)
	}
	return step(st)
}

func validStrings(ss []string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

func validPairs(pairs [][2]string) bool {
	for _, p := range pairs {
		if !utf8.ValidString(p[0]) || !utf8.ValidString(p[1]) {
			return false
		}
	}
	return true
}

// Merge folds next, a later batch, into b, so that applying the result
// equals applying b then next. A writer that falls behind merges the
// batches waiting for it into one transaction (group commit): keys that
// several cranks touched are written once.
func (b *Batch) Merge(next Batch) {
	if next.Clear {
		*b = Batch{Clear: true}
	}
	kv := make(map[string]int, len(b.Sets)+len(b.Deletes)) // key -> index in Sets, or -1 if deleted
	for i, p := range b.Sets {
		kv[p[0]] = i
	}
	for _, k := range b.Deletes {
		kv[k] = -1
	}
	for _, p := range next.Sets {
		if i, ok := kv[p[0]]; ok && i >= 0 {
			b.Sets[i][1] = p[1]
			continue
		}
		kv[p[0]] = len(b.Sets)
		b.Sets = append(b.Sets, p)
	}
	for _, k := range next.Deletes {
		if i, ok := kv[k]; ok && i >= 0 {
			// Drop the earlier set; the delete below covers the old row.
			b.Sets[i] = b.Sets[len(b.Sets)-1]
			kv[b.Sets[i][0]] = i
			b.Sets = b.Sets[:len(b.Sets)-1]
		}
		if i, ok := kv[k]; !ok || i >= 0 {
			b.Deletes = append(b.Deletes, k)
		}
		kv[k] = -1
	}
	b.Deletes = removeSet(b.Deletes, b.Sets)
	for _, vs := range next.VatStores {
		b.mergeVatStore(vs)
	}
}

// removeSet drops from deletes the keys that are set again later.
func removeSet(deletes []string, sets [][2]string) []string {
	if len(deletes) == 0 || len(sets) == 0 {
		return deletes
	}
	set := make(map[string]bool, len(sets))
	for _, p := range sets {
		set[p[0]] = true
	}
	out := deletes[:0]
	for _, k := range deletes {
		if !set[k] {
			out = append(out, k)
		}
	}
	return out
}

func (b *Batch) mergeVatStore(next VatStoreChange) {
	for i := range b.VatStores {
		cur := &b.VatStores[i]
		if cur.VatID != next.VatID {
			continue
		}
		if next.Delete {
			*cur = next
			return
		}
		merged := Batch{Sets: cur.Sets, Deletes: cur.Deletes}
		merged.Merge(Batch{Sets: next.Sets, Deletes: next.Deletes})
		cur.Sets, cur.Deletes = merged.Sets, merged.Deletes
		return
	}
	b.VatStores = append(b.VatStores, next)
}

// Combine returns one batch whose effect is that of bs applied in order,
// as repeated [Batch.Merge] would, but in one pass: a writer that fell
// behind by n batches combines them in time linear in their size. It does
// not modify bs.
func Combine(bs []Batch) Batch {
	switch len(bs) {
	case 0:
		return Batch{}
	case 1:
		return bs[0]
	}
	start := 0
	for i := range bs {
		if bs[i].Clear {
			start = i // a Clear undoes everything before it
		}
	}
	bs = bs[start:]
	out := Batch{Clear: bs[0].Clear}
	var kv rowChanges
	vats := map[string]*vatChanges{}
	var vatOrder []string
	for i := range bs {
		b := &bs[i]
		for _, p := range b.Sets {
			kv.set(p[0], p[1])
		}
		for _, k := range b.Deletes {
			kv.del(k)
		}
		for _, c := range b.VatStores {
			v := vats[c.VatID]
			if v == nil {
				v = &vatChanges{}
				vats[c.VatID] = v
				vatOrder = append(vatOrder, c.VatID)
			}
			if c.Delete {
				*v = vatChanges{drop: true}
			}
			for _, p := range c.Sets {
				v.rows.set(p[0], p[1])
			}
			for _, k := range c.Deletes {
				v.rows.del(k)
			}
		}
	}
	out.Sets, out.Deletes = kv.result()
	for _, id := range vatOrder {
		v := vats[id]
		c := VatStoreChange{VatID: id, Delete: v.drop}
		c.Sets, c.Deletes = v.rows.result()
		out.VatStores = append(out.VatStores, c)
	}
	return out
}

// rowChanges is the last change of each key, in first-change order.
type rowChanges struct {
	order []string
	last  map[string]rowChange
}

type rowChange struct {
	value  string
	exists bool
}

func (r *rowChanges) set(k, v string) { r.put(k, rowChange{v, true}) }
func (r *rowChanges) del(k string)    { r.put(k, rowChange{}) }

func (r *rowChanges) put(k string, c rowChange) {
	if r.last == nil {
		r.last = map[string]rowChange{}
	}
	if _, ok := r.last[k]; !ok {
		r.order = append(r.order, k)
	}
	r.last[k] = c
}

func (r *rowChanges) result() (sets [][2]string, deletes []string) {
	for _, k := range r.order {
		if c := r.last[k]; c.exists {
			sets = append(sets, [2]string{k, c.value})
		} else {
			deletes = append(deletes, k)
		}
	}
	return sets, deletes
}

type vatChanges struct {
	drop bool
	rows rowChanges
}
