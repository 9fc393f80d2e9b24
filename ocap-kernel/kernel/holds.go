package kernel

import (
	"context"
	"fmt"
	"strings"
)

// Holds the kernel takes for what is outside it.
//
// Outside holds: a kref handed to something outside the kernel (the value
// of a queueMessage or launchSubcluster result, the kref redeemOcapURL
// returns, the object an issued OCAP URL names) cannot be counted like a
// c-list entry, so the kernel holds it, once per kref however often it was
// handed out, under outsideHold.<kref> with one reference, until a client
// releases it (releaseKrefs). The result promise itself is released once
// it settles, like any other.
//
// Wait holds: while the kernel waits in memory for a promise, it holds
// it, and says so in the same crank: waitHold.<kpid> for a caller of
// queueMessage or launchSubcluster, serviceHold.<kpid> = <service name>
// for a kernel service that answers later (a queueMessage sent straight to
// a service has both). The waits die with the process, so at start-up
// every hold still recorded is released, and a service's promise still
// unresolved is rejected.

const (
	prefixOutsideHold = "outsideHold."
	prefixWaitHold    = "waitHold."
	prefixServiceHold = "serviceHold."
)

func keyOutsideHold(kref string) string { return prefixOutsideHold + kref }
func keyWaitHold(kpid string) string    { return prefixWaitHold + kpid }
func keyServiceHold(kpid string) string { return prefixServiceHold + kpid }

// holdOutside takes the outside hold on kref, unless it has it already.
// A kref that names nothing is not held.
func (k *Kernel) holdOutside(kref string) {
	if k.st.has(keyOutsideHold(kref)) {
		return
	}
	if !k.krefExists(kref) {
		return
	}
	k.st.set(keyOutsideHold(kref), "1")
	k.incRef(kref)
}

func (k *Kernel) krefExists(kref string) bool {
	if isPromiseKref(kref) {
		return k.promiseExists(kref)
	}
	return k.objectExists(kref)
}

// holdsOutside reports whether the kernel holds kref for outside.
func (k *Kernel) holdsOutside(kref string) bool { return k.st.has(keyOutsideHold(kref)) }

// ReleaseKrefs drops the outside holds on krefs (each listed once or more),
// whatever took them: a result, a redemption, an issued OCAP URL. It is all
// or nothing: a kref that is malformed or not held is an error naming it,
// and then nothing is released. What nothing else refers to is then
// collected, and its owner told to drop it, as collectGarbage does.
func (k *Kernel) ReleaseKrefs(ctx context.Context, krefs []string) error {
	return k.do(ctx, func(context.Context) error { return k.releaseOutside(krefs) })
}

func (k *Kernel) releaseOutside(krefs []string) error {
	seen := make(map[string]bool, len(krefs))
	list := make([]string, 0, len(krefs))
	for _, kref := range krefs {
		if !isKref(kref) {
			return fmt.Errorf("cannot release %q: not a kref", kref)
		}
		if seen[kref] {
			continue
		}
		seen[kref] = true
		if !k.holdsOutside(kref) {
			return fmt.Errorf("cannot release %s: the kernel does not hold it for a client (never handed out, or released already)", kref)
		}
		list = append(list, kref)
	}
	for _, kref := range list {
		k.st.del(keyOutsideHold(kref))
		k.decRef(kref)
	}
	return nil
}

// holdForWait takes the hold of a caller's in-memory wait on kpid.
func (k *Kernel) holdForWait(kpid string) {
	k.incRef(kpid)
	k.st.set(keyWaitHold(kpid), "1")
}

// releaseWaitHold drops the hold holdForWait took.
func (k *Kernel) releaseWaitHold(kpid string) {
	k.st.del(keyWaitHold(kpid))
	k.decRef(kpid)
}

// holdForService takes the hold on kpid, the result of a message to
// service, until the service answers.
func (k *Kernel) holdForService(kpid, service string) {
	k.incRef(kpid)
	k.st.set(keyServiceHold(kpid), service)
}

// releaseServiceHold drops the hold holdForService took.
func (k *Kernel) releaseServiceHold(kpid string) {
	k.st.del(keyServiceHold(kpid))
	k.decRef(kpid)
}

// releaseOrphanedHolds, at start-up, releases the holds of the waits of
// the previous process: their callers are gone, and so are the service
// calls that would have answered (their promises are rejected first, so
// that whoever awaits them hears so).
func (k *Kernel) releaseOrphanedHolds() {
	for _, key := range k.st.keysWithPrefix(prefixServiceHold) {
		kpid := key[len(prefixServiceHold):]
		if !k.promiseExists(kpid) {
			k.st.del(key) // cannot be: the hold kept it
			continue
		}
		if k.promiseState(kpid) == stateUnresolved {
			k.rejectWith(kpid, fmt.Errorf("kernel service %q did not answer: the kernel stopped first", k.st.getString(key)))
		}
		k.releaseServiceHold(kpid)
	}
	for _, key := range k.st.keysWithPrefix(prefixWaitHold) {
		kpid := key[len(prefixWaitHold):]
		if !k.promiseExists(kpid) {
			k.st.del(key)
			continue
		}
		k.releaseWaitHold(kpid)
	}
}

// migratePins turns the pins of earlier versions, which kept every object
// handed to a client or named by an issued OCAP URL for ever, into outside
// holds, which a client can release. Kernel services' pins stay pins. The
// reference the pin counted becomes the hold's.
func (k *Kernel) migratePins() {
	pins := k.pinnedObjects()
	if len(pins) == 0 {
		return
	}
	services := map[string]bool{}
	for _, key := range k.st.keysWithPrefix(prefixKernelService) {
		services[k.st.getString(key)] = true
	}
	keep := make([]string, 0, len(services))
	for _, kref := range pins {
		switch {
		case services[kref]:
			keep = append(keep, kref)
		case !k.krefExists(kref):
			// Nothing to hold (a pin kept it, so this cannot be).
		case k.holdsOutside(kref):
			k.decRef(kref) // held already: the pin's reference goes
		default:
			k.st.set(keyOutsideHold(kref), "1")
		}
	}
	if len(keep) != len(pins) {
		k.st.set(keyPinnedObjects, strings.Join(keep, ","))
	}
}
