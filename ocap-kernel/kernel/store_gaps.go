package kernel

import "sort"

// gapCache remembers ranges of keys of which SQLite holds none, learnt
// from the reads that missed: a read of an absent key asks SQLite for the
// next key instead, and the range between them is a gap. The kernel keeps
// reading keys it is about to create (the c-list entries and queues of a
// new promise, "v2.c.kp15", "queue.kp15.head"), and the next such key falls
// in the same gap as the last, so those reads cost a binary search instead
// of a SQLite read each.
//
// A key enters SQLite only through a committed write; the store removes it
// from the gaps when that write is durable (the entry leaves the pinned
// layer, which answers for it until then). gaps are sorted by from and do
// not overlap; there are at most max of them (beyond, they are forgotten).
type gapCache struct {
	gaps []keyGap
	max  int
}

// keyGap is [from, to), or (from, to) when after, and ∞ for to when open.
type keyGap struct {
	from, to    string
	after, open bool
}

// find returns the index of the gap holding key, or -1.
func (g *gapCache) find(key string) int {
	i := sort.Search(len(g.gaps), func(i int) bool { return g.gaps[i].from > key }) - 1
	if i < 0 {
		return -1
	}
	if gp := &g.gaps[i]; (gp.open || key < gp.to) && !(gp.after && key == gp.from) {
		return i
	}
	return -1
}

func (g *gapCache) contains(key string) bool { return g.find(key) >= 0 }

// add records that SQLite holds no key in [from, to) (or [from, ∞)); from
// is in no gap. Gaps it overlaps or touches are merged into it.
func (g *gapCache) add(from, to string, open bool) {
	if !open && to <= from {
		return
	}
	if len(g.gaps) >= g.max {
		g.reset()
	}
	i := sort.Search(len(g.gaps), func(i int) bool { return g.gaps[i].from >= from })
	j := i
	for ; j < len(g.gaps); j++ {
		gj := g.gaps[j]
		if !open && (gj.from > to || gj.from == to && gj.after) {
			break
		}
		if gj.open {
			open = true
		} else if gj.to > to {
			to = gj.to
		}
	}
	n := keyGap{from: from, to: to, open: open}
	if j > i {
		g.gaps[i] = n
		g.gaps = append(g.gaps[:i+1], g.gaps[j:]...)
		return
	}
	g.gaps = append(g.gaps, keyGap{})
	copy(g.gaps[i+1:], g.gaps[i:])
	g.gaps[i] = n
}

// remove takes key out of the gaps: the gap holding it keeps only its
// part after key. Keys are mostly created in increasing order ("kp15" then
// "kp16"), so that part is the one later reads fall in; dropping the part
// before key keeps the gaps few (at worst it costs a SQLite read that
// learns it again).
func (g *gapCache) remove(key string) {
	i := g.find(key)
	if i < 0 {
		return
	}
	// (key, to) is empty only when to is the next string, key+"\x00".
	rest := keyGap{from: key, to: g.gaps[i].to, after: true, open: g.gaps[i].open}
	if rest.open || !isSuccessor(rest.to, key) {
		g.gaps[i] = rest // still before gaps[i+1]
		return
	}
	g.gaps = append(g.gaps[:i], g.gaps[i+1:]...)
}

func (g *gapCache) reset() {
	clear(g.gaps)
	g.gaps = g.gaps[:0]
}

// isSuccessor reports whether s is key+"\x00", the string right after key.
func isSuccessor(s, key string) bool {
	return len(s) == len(key)+1 && s[len(key)] == 0 && s[:len(key)] == key
}
