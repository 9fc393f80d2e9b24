package kernelutils

import (
	"fmt"
	"slices"
)

// DuplicateKeyError reports the first key that [MergeDisjointRecords] found
// in two records. The indices are 0-based positions in the argument list.
type DuplicateKeyError struct {
	Key            string
	OriginalIndex  int
	CollidingIndex int
}

// Error uses the upstream wording.
func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("Duplicate keys in records: %s, found in entries %d and %d",
		e.Key, e.OriginalIndex, e.CollidingIndex)
}

// MergeDisjointRecords returns the union of records, which must not share
// keys; it is used where several parties contribute entries to one namespace
// (endowments, services) and a silent overwrite would be a capability leak.
// On a shared key it returns a *[DuplicateKeyError] and no map. Records are
// scanned in argument order and each record's keys in sorted order, so the
// reported key is deterministic. Nil records count as empty; the result is
// never nil on success.
func MergeDisjointRecords[V any](records ...map[string]V) (map[string]V, error) {
	size := 0
	for _, r := range records {
		size += len(r)
	}
	out := make(map[string]V, size)
	owner := make(map[string]int, size)
	for i, r := range records {
		keys := make([]string, 0, len(r))
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if j, dup := owner[k]; dup {
				return nil, &DuplicateKeyError{Key: k, OriginalIndex: j, CollidingIndex: i}
			}
			owner[k] = i
			out[k] = r[k]
		}
	}
	return out, nil
}
