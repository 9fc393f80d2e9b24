package kernel

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Reference counting.
//
// An object's refCount is "reachable,recognizable". What counts: every
// importer's c-list entry (reachable while its flag is R), every run-queue
// or promise-queue item that names it, every settled promise whose value
// names it, every pin, its outside hold (holds.go), and the owner's hold
// on a vat root or kernel service (which keeps those alive until their
// owner goes away). An ordinary export
// is held by its importers, not by its owner, so when the last importer
// lets go the owner is told to drop it, however many importers it had.
//
// A promise's refCount is the number of c-list entries naming it (either
// direction), queue items naming it, settled promises whose value names
// it, its outside hold, and the kernel's own hold while it waits for the
// promise (a queueMessage caller, a kernel service). At zero the promise
// is freed.
//
// This departs from upstream, which does not count importers and so drops
// an object shared by two vats as soon as one lets go, and which never frees
// settled promises (a deliberate difference: see ocap-kernel/README.md).

func parseRefCount(s string) (int, int) {
	i := strings.IndexByte(s, ',')
	if i < 0 {
		n, _ := strconv.Atoi(s)
		return n, n
	}
	a, _ := strconv.Atoi(s[:i])
	b, _ := strconv.Atoi(s[i+1:])
	return a, b
}

func (k *Kernel) objectRefCount(kref string) (int, int) {
	v, ok := k.st.get(keyRefCount(kref))
	if !ok {
		return 0, 0
	}
	return parseRefCount(v)
}

func (k *Kernel) setObjectRefCount(kref string, reach, recog int) {
	if reach < 0 || recog < 0 || reach > recog {
		panic(kernelBug("%q refcount underflow %d,%d", kref, reach, recog))
	}
	k.st.set(keyRefCount(kref), strconv.Itoa(reach)+","+strconv.Itoa(recog))
}

func (k *Kernel) promiseRefCount(kpid string) int {
	return k.st.getInt(keyRefCount(kpid))
}

// incRef adds a reference to kref (both counts for objects).
func (k *Kernel) incRef(kref string) {
	if isPromiseKref(kref) {
		k.st.setInt(keyRefCount(kref), k.promiseRefCount(kref)+1)
		return
	}
	r, c := k.objectRefCount(kref)
	k.setObjectRefCount(kref, r+1, c+1)
}

// decRef removes a reference added by incRef.
func (k *Kernel) decRef(kref string) {
	if isPromiseKref(kref) {
		n := k.promiseRefCount(kref) - 1
		if n < 0 {
			panic(kernelBug("%q refcount underflow %d", kref, n))
		}
		k.st.setInt(keyRefCount(kref), n)
		if n == 0 {
			k.maybeFree[kref] = struct{}{}
		}
		return
	}
	if !k.st.has(keyRefCount(kref)) {
		return // already deleted (e.g. revoked and collected)
	}
	r, c := k.objectRefCount(kref)
	k.setObjectRefCount(kref, r-1, c-1)
	if r-1 == 0 {
		k.maybeFree[kref] = struct{}{}
	}
}

func (k *Kernel) incReachable(kref string) {
	r, c := k.objectRefCount(kref)
	k.setObjectRefCount(kref, r+1, c)
}

func (k *Kernel) decReachable(kref string) {
	r, c := k.objectRefCount(kref)
	k.setObjectRefCount(kref, r-1, c)
	if r-1 == 0 {
		k.maybeFree[kref] = struct{}{}
	}
}

func (k *Kernel) decRecognizable(kref string) {
	r, c := k.objectRefCount(kref)
	k.setObjectRefCount(kref, r, c-1)
	if c-1 == 0 {
		k.maybeFree[kref] = struct{}{}
	}
}

func (k *Kernel) incSlots(slots []string) {
	for _, s := range slots {
		k.incRef(s)
	}
}

func (k *Kernel) decSlots(slots []string) {
	for _, s := range slots {
		k.decRef(s)
	}
}

// Objects and promises.

func (k *Kernel) newObject(owner string) string {
	kref := "ko" + strconv.Itoa(k.st.incCounter(keyNextObjectID))
	k.st.set(keyOwner(kref), owner)
	k.st.set(keyRefCount(kref), "0,0")
	return kref
}

func (k *Kernel) objectExists(kref string) bool { return k.st.has(keyRefCount(kref)) }

func (k *Kernel) owner(kref string) (string, bool) { return k.st.get(keyOwner(kref)) }

func (k *Kernel) newPromise(decider string) string {
	kpid := "kp" + strconv.Itoa(k.st.incCounter(keyNextPromiseID))
	k.st.set(keyState(kpid), stateUnresolved)
	k.st.set(keySubscribers(kpid), "[]")
	k.st.set(keyRefCount(kpid), "0")
	if decider != "" {
		k.st.set(keyDecider(kpid), decider)
	}
	return kpid
}

func (k *Kernel) promiseExists(kpid string) bool { return k.st.has(keyState(kpid)) }

func (k *Kernel) promiseState(kpid string) string { return k.st.getString(keyState(kpid)) }

func (k *Kernel) promiseValue(kpid string) api.CapData {
	var cd api.CapData
	if v, ok := k.st.get(keyValue(kpid)); ok {
		if err := json.Unmarshal([]byte(v), &cd); err != nil {
			panic(kernelBug("%s.value is corrupt: %v", kpid, err))
		}
	}
	return cd
}

func (k *Kernel) subscribers(kpid string) []string {
	var subs []string
	if v, ok := k.st.get(keySubscribers(kpid)); ok && v != "[]" {
		if err := json.Unmarshal([]byte(v), &subs); err != nil {
			panic(kernelBug("%s.subscribers is corrupt: %v", kpid, err))
		}
	}
	return subs
}

func (k *Kernel) addSubscriber(kpid, endpoint string) {
	subs := k.subscribers(kpid)
	for _, s := range subs {
		if s == endpoint {
			return
		}
	}
	subs = append(subs, endpoint)
	sort.Strings(subs)
	k.st.set(keySubscribers(kpid), mustJSON(subs))
}

// C-lists: two keys per mapping, "<endpoint>.c.<kref>" = "<flag> <eref>"
// (flag R reachable, _ recognizable only) and "<endpoint>.c.<eref>" = kref.

func (k *Kernel) clistKref(endpoint, eref string) (string, bool) {
	return k.st.get(keyCList(endpoint, eref))
}

func (k *Kernel) clistEref(endpoint, kref string) (eref string, reachable bool, ok bool) {
	v, ok := k.st.get(keyCList(endpoint, kref))
	if !ok || len(v) < 3 {
		return "", false, false
	}
	return v[2:], v[0] == 'R', true
}

func (k *Kernel) addCList(endpoint, kref, eref string) {
	k.st.set(keyCList(endpoint, kref), "R "+eref)
	k.st.set(keyCList(endpoint, eref), kref)
}

func (k *Kernel) setReachableFlag(endpoint, kref, eref string, reachable bool) {
	flag := "_ "
	if reachable {
		flag = "R "
	}
	k.st.set(keyCList(endpoint, kref), flag+eref)
}

// deleteCList removes a mapping and the reference it held.
func (k *Kernel) deleteCList(endpoint, kref, eref string) {
	_, reachable, ok := k.clistEref(endpoint, kref)
	if !ok {
		return
	}
	k.st.del(keyCList(endpoint, kref))
	k.st.del(keyCList(endpoint, eref))
	if isPromiseKref(kref) {
		k.decRef(kref)
		return
	}
	if !erefKind(eref).export { // an import: the importer's reference goes away
		if reachable {
			k.decReachable(kref)
		}
		k.decRecognizable(kref)
	}
}

// exportFromEndpoint creates the kernel object or promise for a new export
// of endpoint.
func (k *Kernel) exportFromEndpoint(endpoint, eref string) string {
	var kref string
	if erefKind(eref).typ == 'o' {
		kref = k.newObject(endpoint)
		k.addCList(endpoint, kref, eref)
	} else {
		kref = k.newPromise(endpoint)
		k.addCList(endpoint, kref, eref)
		k.incRef(kref) // the exporter's c-list entry
	}
	return kref
}

// translateEtoK maps an endpoint ref to a kref, exporting new + refs.
func (k *Kernel) translateEtoK(endpoint, eref string) (string, error) {
	if kref, ok := k.clistKref(endpoint, eref); ok {
		return kref, nil
	}
	kind, err := parseVref(eref)
	if err != nil {
		return "", err
	}
	if !kind.export {
		return "", fmt.Errorf("%s is not an export reference of %s", eref, endpoint)
	}
	return k.exportFromEndpoint(endpoint, eref), nil
}

// translateKtoE maps a kref to the endpoint's ref, importing it if needed.
func (k *Kernel) translateKtoE(endpoint, kref string) string {
	if eref, reachable, ok := k.clistEref(endpoint, kref); ok {
		if !reachable && !isPromiseKref(kref) {
			// Sent again after the endpoint dropped it: reachable once more.
			k.setReachableFlag(endpoint, kref, eref, true)
			if !erefKind(eref).export {
				k.incReachable(kref)
			}
		}
		return eref
	}
	prefix := ""
	if isRemoteID(endpoint) {
		prefix = "r"
	}
	var eref string
	if isPromiseKref(kref) {
		eref = prefix + "p-" + strconv.Itoa(k.st.incCounter("e.nextPromiseId."+endpoint))
	} else {
		eref = prefix + "o-" + strconv.Itoa(k.st.incCounter("e.nextObjectId."+endpoint))
	}
	k.addCList(endpoint, kref, eref)
	k.incRef(kref) // the importer's c-list entry
	return eref
}

func (k *Kernel) translateSlotsEtoK(endpoint string, slots []string) ([]string, error) {
	out := make([]string, len(slots))
	for i, s := range slots {
		kref, err := k.translateEtoK(endpoint, s)
		if err != nil {
			return nil, err
		}
		out[i] = kref
	}
	return out, nil
}

func (k *Kernel) translateSlotsKtoE(endpoint string, slots []string) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = k.translateKtoE(endpoint, s)
	}
	return out
}

// Pins: kernel services only, in upstream's comma-joined pinnedObjects
// (what is handed outside the kernel has outside holds: holds.go).

func (k *Kernel) pinnedObjects() []string {
	v := k.st.getString(keyPinnedObjects)
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func (k *Kernel) pin(kref string) {
	pins := append(k.pinnedObjects(), kref)
	sort.Strings(pins)
	k.st.set(keyPinnedObjects, strings.Join(pins, ","))
	k.incRef(kref)
}

func (k *Kernel) unpin(kref string) {
	pins := k.pinnedObjects()
	for i, p := range pins {
		if p == kref {
			pins = append(pins[:i], pins[i+1:]...)
			k.st.set(keyPinnedObjects, strings.Join(pins, ","))
			k.decRef(kref)
			return
		}
	}
}

// mustJSON encodes v as JavaScript's JSON.stringify would for the values
// the kernel stores: compact, and without Go's HTML escaping.
func mustJSON(v any) string {
	b, err := jsonNoEscape(v)
	if err != nil {
		panic(kernelBug("marshal %T: %v", v, err))
	}
	return string(b)
}

// kernelError is an invariant violation: a bug in the kernel or corrupt
// state. It aborts the crank in which it happens.
type kernelError struct{ msg string }

func (e *kernelError) Error() string { return e.msg }

func kernelBug(format string, args ...any) error {
	return &kernelError{fmt.Sprintf(format, args...)}
}
