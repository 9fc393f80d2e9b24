package kernel

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// TestGapCache checks the gap cache against a model over a small universe
// of keys: it never claims a key absent that no add since its last remove
// claimed (it may forget), a fresh gap covers its whole range, and gaps stay
// sorted and disjoint.
func TestGapCache(t *testing.T) {
	var universe []string
	var gen func(prefix string, depth int)
	gen = func(prefix string, depth int) {
		universe = append(universe, prefix)
		if depth == 0 {
			return
		}
		for _, c := range []string{"\x00", "a", "b"} {
			gen(prefix+c, depth-1)
		}
	}
	gen("", 3)
	sort.Strings(universe)
	for _, max := range []int{2, 1024} {
		r := rand.New(rand.NewPCG(7, uint64(max)))
		g := gapCache{max: max}
		claimed := map[string]bool{}
		for i := range 20000 {
			if r.IntN(2) == 0 {
				from := universe[r.IntN(len(universe))]
				if g.contains(from) {
					continue
				}
				to, open := universe[r.IntN(len(universe))], r.IntN(8) == 0
				resets := (open || to > from) && len(g.gaps) >= g.max
				g.add(from, to, open)
				if resets {
					clear(claimed)
				}
				for _, k := range universe {
					if k >= from && (open || k < to) {
						claimed[k] = true
						if !g.contains(k) {
							t.Fatalf("step %d: add(%q, %q, %v) does not cover %q: %+v", i, from, to, open, k, g.gaps)
						}
					}
				}
			} else {
				k := universe[r.IntN(len(universe))]
				g.remove(k)
				delete(claimed, k)
				if g.contains(k) {
					t.Fatalf("step %d: remove(%q) left it in %+v", i, k, g.gaps)
				}
			}
			for _, k := range universe {
				if g.contains(k) && !claimed[k] {
					t.Fatalf("step %d: %q in a gap but never claimed absent: %+v", i, k, g.gaps)
				}
			}
			for j := 1; j < len(g.gaps); j++ {
				a, b := g.gaps[j-1], g.gaps[j]
				if a.open || a.to > b.from || a.from > b.from {
					t.Fatalf("step %d: gaps overlap or are unsorted: %+v", i, g.gaps)
				}
			}
			if len(g.gaps) > max {
				t.Fatalf("step %d: %d gaps, max %d", i, len(g.gaps), max)
			}
		}
	}
}
