package kernel

import (
	"errors"
	"fmt"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// resolution settles one kernel promise.
type resolution struct {
	kpid     string
	rejected bool
	data     api.CapData
}

// resolvePromise settles kpid. decider is the endpoint claiming the right
// to decide it; "" means the kernel itself (splats, services, vat
// termination), which may settle any unresolved promise.
func (k *Kernel) resolvePromise(decider string, r resolution) error {
	state, ok := k.st.get(keyState(r.kpid))
	if !ok {
		return fmt.Errorf("unknown kernel promise %s", r.kpid)
	}
	if state != stateUnresolved {
		return fmt.Errorf("%q was already resolved", r.kpid)
	}
	if decider != "" {
		d, ok := k.st.get(keyDecider(r.kpid))
		if !ok {
			return fmt.Errorf("%q not permitted to resolve %q because \"it has no decider\"", decider, r.kpid)
		}
		if d != decider {
			return fmt.Errorf("%q not permitted to resolve %q because \"its decider is %s\"", decider, r.kpid, d)
		}
	}
	k.incSlots(r.data.Slots) // the value's references
	for _, sub := range k.subscribers(r.kpid) {
		k.enqueueNotify(sub, r.kpid)
	}
	if r.rejected {
		k.st.set(keyState(r.kpid), stateRejected)
	} else {
		k.st.set(keyState(r.kpid), stateFulfilled)
	}
	k.st.set(keyValue(r.kpid), mustJSON(r.data))
	k.st.del(keyDecider(r.kpid))
	k.st.del(keySubscribers(r.kpid))
	k.drainPromiseQueue(r.kpid)
	if _, waiting := k.waiters[r.kpid]; waiting {
		k.settled = append(k.settled, r.kpid)
	}
	return nil
}

// rejectWith settles kpid as rejected with a kernel error.
func (k *Kernel) rejectWith(kpid string, err error) {
	if k.promiseState(kpid) != stateUnresolved {
		return
	}
	if rerr := k.resolvePromise("", resolution{kpid: kpid, rejected: true, data: errorCapData(err)}); rerr != nil {
		panic(kernelBug("reject %s: %v", kpid, rerr))
	}
}

// errorCapData marshals err as a kernel error value.
func errorCapData(err error) api.CapData {
	name := "Error"
	if errors.Is(err, api.ErrVatDeleted) {
		name = "VatDeletedError"
	}
	cd, mErr := smallcaps.KSer(&smallcaps.Error{Name: name, Message: err.Error()})
	if mErr != nil {
		panic(kernelBug("marshal error: %v", mErr))
	}
	return cd
}

// settledPromisesIn returns kpid followed by every settled promise reachable
// through the values of the promises listed, each once.
func (k *Kernel) settledPromisesIn(kpid string) []string {
	out := []string{kpid}
	seen := map[string]bool{kpid: true}
	for i := 0; i < len(out); i++ {
		for _, s := range k.promiseValue(out[i]).Slots {
			if isPromiseKref(s) && !seen[s] && k.promiseState(s) != stateUnresolved && k.promiseExists(s) {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// freePromise deletes a promise nothing refers to any more.
func (k *Kernel) freePromise(kpid string) {
	if k.promiseRefCount(kpid) != 0 || !k.promiseExists(kpid) {
		return
	}
	if k.promiseState(kpid) != stateUnresolved {
		slots := k.promiseValue(kpid).Slots
		defer k.decSlots(slots)
	}
	// An unresolved promise has no parked messages here: each would hold a
	// reference to it.
	for _, suffix := range []string{".state", ".value", ".decider", ".subscribers", ".refCount"} {
		k.st.del(kpid + suffix)
	}
	k.st.del(promiseQueueHead(kpid))
	k.st.del(promiseQueueTail(kpid))
}
