package jsvat

import (
	"sort"

	"github.com/google/btree"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// vatstore is a vat's key-value store as liveslots sees it: the persisted
// vatstore loaded at start, read and written synchronously by syscalls,
// with the changes since the last delivery reported as its checkpoint
// (upstream's makeVatKVStore). Keys are kept ordered for getNextKey, which
// liveslots uses to walk collections and kinds.
type vatstore struct {
	tree    *btree.BTreeG[entry]
	sets    map[string]string
	deletes map[string]struct{}
}

type entry struct{ key, value string }

func entryLess(a, b entry) bool { return a.key < b.key }

func newVatstore(state [][2]string) *vatstore {
	s := &vatstore{
		tree:    btree.NewG(32, entryLess),
		sets:    map[string]string{},
		deletes: map[string]struct{}{},
	}
	for _, kv := range state {
		s.tree.ReplaceOrInsert(entry{kv[0], kv[1]})
	}
	return s
}

func (s *vatstore) get(key string) (string, bool) {
	e, ok := s.tree.Get(entry{key: key})
	return e.value, ok
}

// nextKey is the smallest key greater than key.
func (s *vatstore) nextKey(key string) (string, bool) {
	var next string
	found := false
	s.tree.AscendGreaterOrEqual(entry{key: key}, func(e entry) bool {
		if e.key == key {
			return true
		}
		next, found = e.key, true
		return false
	})
	return next, found
}

func (s *vatstore) set(key, value string) {
	s.tree.ReplaceOrInsert(entry{key, value})
	s.sets[key] = value
	delete(s.deletes, key)
}

func (s *vatstore) del(key string) {
	s.tree.Delete(entry{key: key})
	delete(s.sets, key)
	s.deletes[key] = struct{}{}
}

// checkpoint returns the changes since the last checkpoint, in key order,
// and forgets them.
func (s *vatstore) checkpoint() vat.Checkpoint {
	var cp vat.Checkpoint
	if len(s.sets) > 0 {
		cp.Sets = make([][2]string, 0, len(s.sets))
		for k, v := range s.sets {
			cp.Sets = append(cp.Sets, [2]string{k, v})
		}
		sort.Slice(cp.Sets, func(i, j int) bool { return cp.Sets[i][0] < cp.Sets[j][0] })
		clear(s.sets)
	}
	if len(s.deletes) > 0 {
		cp.Deletes = make([]string, 0, len(s.deletes))
		for k := range s.deletes {
			cp.Deletes = append(cp.Deletes, k)
		}
		sort.Strings(cp.Deletes)
		clear(s.deletes)
	}
	return cp
}
