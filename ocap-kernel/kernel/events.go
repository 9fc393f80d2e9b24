package kernel

import "strings"

// Change says what a crank changed, for Options.OnChange.
type Change struct {
	Vats, Subclusters, Objects, Remote bool
	// Cranks counts the cranks this kernel committed since it started.
	Cranks uint64
	// QueueLength is the run queue's length after the crank.
	QueueLength int
}

// noteChange, at the end of a crank that is about to commit, returns what
// to tell Options.OnChange once the crank is durable (nil if nothing), so
// that what an observer then reads (executeDBQuery, getStatus) includes
// it. It runs before the crank's waiters are told, on the store's writer
// goroutine, and must not block.
func (k *Kernel) noteChange() func() {
	k.cranks++
	if k.opts.OnChange == nil {
		return nil
	}
	var kinds stateKinds
	if k.st.wipe {
		kinds = kindVats | kindSubclusters | kindObjects | kindRemote
	}
	for key := range k.st.cur {
		kinds |= keyKinds(key)
	}
	if kinds == 0 {
		return nil
	}
	c := Change{
		Vats: kinds&kindVats != 0, Subclusters: kinds&kindSubclusters != 0,
		Objects: kinds&kindObjects != 0, Remote: kinds&kindRemote != 0,
		Cranks:      k.cranks,
		QueueLength: max(0, k.st.getInt("queue.run.tail")-k.st.getInt("queue.run.head")),
	}
	observe := k.opts.OnChange
	return func() { observe(c) }
}

type stateKinds uint8

const (
	kindVats stateKinds = 1 << iota
	kindSubclusters
	kindObjects
	kindRemote
)

// keyKinds sorts a kv key into the kinds of state it belongs to.
func keyKinds(key string) stateKinds {
	switch {
	case strings.HasPrefix(key, "vatConfig."), strings.HasPrefix(key, "vats."), key == "nextVatId":
		return kindVats
	case key == "subclusters", key == "nextSubclusterId", key == "vatToSubclusterMap", strings.HasPrefix(key, "systemSubcluster."):
		return kindSubclusters
	case strings.HasPrefix(key, "remote"), strings.HasPrefix(key, "peer"), strings.HasPrefix(key, "relay"),
		key == "nextRemoteId", key == "knownRelays":
		return kindRemote
	case strings.HasPrefix(key, "ko"), strings.HasPrefix(key, "kp"), strings.HasPrefix(key, "e."),
		strings.HasPrefix(key, "queue."), key == "pinnedObjects", key == "gcActions", key == "reapQueue",
		strings.HasPrefix(key, prefixOutsideHold), strings.HasPrefix(key, prefixWaitHold), strings.HasPrefix(key, prefixServiceHold):
		return kindObjects
	}
	// c-lists: v<N>.c.<ref> (a vat's), r<N>.c.<ref> (a remote kernel's).
	if i := strings.Index(key, ".c."); i > 1 && allDigits(key[1:i]) {
		switch key[0] {
		case 'v':
			return kindObjects
		case 'r':
			return kindObjects | kindRemote
		}
	}
	return 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
