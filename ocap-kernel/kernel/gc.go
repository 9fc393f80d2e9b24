package kernel

import (
	"encoding/json"
	"sort"
	"strings"
)

// GC action types, as stored in gcActions ("<endpoint> <type> <kref>").
const (
	actDropExport   = "dropExport"
	actRetireExport = "retireExport"
	actRetireImport = "retireImport"
)

func (k *Kernel) gcActions() []string {
	var acts []string
	if v := k.st.getString(keyGCActions); v != "" && v != "[]" {
		if err := json.Unmarshal([]byte(v), &acts); err != nil {
			panic(kernelBug("gcActions is corrupt: %v", err))
		}
	}
	return acts
}

func (k *Kernel) setGCActions(acts []string) {
	sort.Strings(acts)
	acts = compactStrings(acts)
	if acts == nil {
		acts = []string{}
	}
	k.st.set(keyGCActions, mustJSON(acts))
}

func compactStrings(s []string) []string {
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// collectGarbage examines every kref whose counts dropped this crank:
// promises nobody refers to are freed; objects nobody can reach are
// scheduled for dropExport/retireExport to their owner, and dead objects
// (whose owner is gone) for retireImport to their importers.
func (k *Kernel) collectGarbage() {
	var acts []string
	for len(k.maybeFree) > 0 {
		krefs := make([]string, 0, len(k.maybeFree))
		for kref := range k.maybeFree {
			krefs = append(krefs, kref)
		}
		clear(k.maybeFree)
		sort.Strings(krefs)
		for _, kref := range krefs {
			if isPromiseKref(kref) {
				if k.promiseExists(kref) && k.promiseRefCount(kref) == 0 {
					k.freePromise(kref)
				}
				continue
			}
			if !k.objectExists(kref) {
				continue
			}
			reach, recog := k.objectRefCount(kref)
			owner, hasOwner := k.owner(kref)
			switch {
			case !hasOwner:
				// An orphan (its owner is gone) is retired from its
				// importers once none of them can reach it any more; until
				// then, messages to it fail with OBJECT_DELETED.
				if reach != 0 {
					continue
				}
				if recog == 0 {
					k.deleteObject(kref)
					continue
				}
				for _, importer := range k.importersOf(kref) {
					acts = append(acts, importer+" "+actRetireImport+" "+kref)
				}
			case owner == ownerKernel:
			default:
				if _, reachable, ok := k.clistEref(owner, kref); ok {
					if reach == 0 && reachable {
						acts = append(acts, owner+" "+actDropExport+" "+kref)
					}
					if recog == 0 {
						acts = append(acts, owner+" "+actRetireExport+" "+kref)
					}
				}
			}
		}
	}
	if len(acts) > 0 {
		k.setGCActions(append(k.gcActions(), acts...))
	}
}

// importersOf lists the running endpoints whose c-list imports kref.
func (k *Kernel) importersOf(kref string) []string {
	var out []string
	endpoints := append([]string(nil), k.vatOrder...)
	for id := range k.starting {
		if k.restarting(id) {
			endpoints = append(endpoints, id)
		}
	}
	if k.rc != nil {
		for rid := range k.rc.byID {
			endpoints = append(endpoints, rid)
		}
	}
	for _, id := range endpoints {
		if eref, _, ok := k.clistEref(id, kref); ok && !erefKind(eref).export {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// nextGCAction removes from gcActions the first group of still-valid actions
// (by endpoint, then dropExport before retireExport before retireImport)
// and returns it as a run item.
func (k *Kernel) nextGCAction() (runItem, bool) {
	acts := k.gcActions()
	if len(acts) == 0 {
		return runItem{}, false
	}
	type group struct {
		endpoint, typ string
		krefs         []string
	}
	priority := map[string]int{actDropExport: 0, actRetireExport: 1, actRetireImport: 2}
	var best *group
	var bestIdx []int
	for i, a := range acts {
		parts := strings.Fields(a)
		if len(parts) != 3 {
			continue
		}
		ep, typ, kref := parts[0], parts[1], parts[2]
		if k.restarting(ep) {
			continue // kept for when the vat runs again
		}
		if best == nil || ep < best.endpoint || (ep == best.endpoint && priority[typ] < priority[best.typ]) {
			best = &group{endpoint: ep, typ: typ}
			bestIdx = nil
		}
		if ep == best.endpoint && typ == best.typ {
			best.krefs = append(best.krefs, kref)
			bestIdx = append(bestIdx, i)
		}
	}
	remaining := make([]string, 0, len(acts))
	taken := make(map[int]bool, len(bestIdx))
	for _, i := range bestIdx {
		taken[i] = true
	}
	for i, a := range acts {
		if !taken[i] && len(strings.Fields(a)) == 3 {
			remaining = append(remaining, a)
		}
	}
	if best == nil {
		return runItem{}, false // all for vats being restarted
	}
	k.setGCActions(remaining)
	var valid []string
	for _, kref := range best.krefs {
		if k.gcActionValid(best.endpoint, best.typ, kref) {
			valid = append(valid, kref)
		}
	}
	sort.Strings(valid)
	if len(valid) == 0 {
		return k.nextGCAction()
	}
	itemType := map[string]string{actDropExport: itemDropExports, actRetireExport: itemRetireExports, actRetireImport: itemRetireImports}[best.typ]
	return runItem{Type: itemType, EndpointID: best.endpoint, Krefs: valid}, true
}

func (k *Kernel) gcActionValid(endpoint, typ, kref string) bool {
	if k.vats[endpoint] == nil && k.remoteByID(endpoint) == nil {
		return false
	}
	eref, reachable, ok := k.clistEref(endpoint, kref)
	if !ok {
		return false
	}
	switch typ {
	case actDropExport:
		r, _ := k.objectRefCount(kref)
		return k.objectExists(kref) && r == 0 && reachable
	case actRetireExport:
		r, c := k.objectRefCount(kref)
		return k.objectExists(kref) && r == 0 && c == 0
	case actRetireImport:
		if erefKind(eref).export {
			return false
		}
		if _, owned := k.owner(kref); owned {
			return false
		}
		r, _ := k.objectRefCount(kref)
		return r == 0
	}
	return false
}

// scheduleReap queues a bringOutYourDead for endpoint, once.
func (k *Kernel) scheduleReap(endpoint string) {
	var q []string
	if v := k.st.getString(keyReapQueue); v != "" && v != "[]" {
		if err := json.Unmarshal([]byte(v), &q); err != nil {
			panic(kernelBug("reapQueue is corrupt: %v", err))
		}
	}
	for _, id := range q {
		if id == endpoint {
			return
		}
	}
	k.st.set(keyReapQueue, mustJSON(append(q, endpoint)))
}

// nextReapAction pops a bringOutYourDead request.
func (k *Kernel) nextReapAction() (runItem, bool) {
	v := k.st.getString(keyReapQueue)
	if v == "" || v == "[]" {
		return runItem{}, false
	}
	var q []string
	if err := json.Unmarshal([]byte(v), &q); err != nil || len(q) == 0 {
		k.st.set(keyReapQueue, "[]")
		return runItem{}, false
	}
	k.st.set(keyReapQueue, mustJSON(q[1:]))
	return runItem{Type: itemBringOutYourDead, EndpointID: q[0]}, true
}
