package kernel

import (
	"fmt"
)

// Reference formats:
//
//	koN, kpN          kernel object / promise (krefs)
//	o+N, o-N          vat object export / import (vrefs)
//	p+N, p-N          vat promise export / import
//
// A + ref was allocated by the endpoint, a - ref by the kernel.

func isPromiseKref(kref string) bool { return len(kref) > 1 && kref[1] == 'p' }

func isKref(s string) bool {
	if len(s) < 3 || s[0] != 'k' || (s[1] != 'o' && s[1] != 'p') {
		return false
	}
	for i := 2; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// vrefKind describes a vref: its type ('o' or 'p') and whether the vat
// allocated it (export).
type vrefKind struct {
	typ    byte
	export bool
}

// parseVref parses an endpoint ref: a vat's o±N/p±N or a remote's
// ro±N/rp±N.
func parseVref(vref string) (vrefKind, error) {
	s := vref
	if len(s) > 0 && s[0] == 'r' {
		s = s[1:]
	}
	if len(s) < 3 || (s[0] != 'o' && s[0] != 'p') || (s[1] != '+' && s[1] != '-') {
		return vrefKind{}, fmt.Errorf("invalid vref %q", vref)
	}
	return vrefKind{typ: s[0], export: s[1] == '+'}, nil
}

// erefKind is parseVref for refs taken from the kernel's own c-lists,
// which are always well formed.
func erefKind(eref string) vrefKind {
	kind, err := parseVref(eref)
	if err != nil {
		panic(kernelBug("corrupt c-list ref %q", eref))
	}
	return kind
}

// isRemoteID reports whether an endpoint id names a remote kernel (rN).
func isRemoteID(endpoint string) bool { return len(endpoint) > 1 && endpoint[0] == 'r' }

// Keys of the kv layout (upstream section 8.3).
func keyOwner(kref string) string    { return kref + ".owner" }
func keyRefCount(kref string) string { return kref + ".refCount" }
func keyRevoked(kref string) string  { return kref + ".revoked" }
func keyState(kpid string) string    { return kpid + ".state" }
func keyValue(kpid string) string    { return kpid + ".value" }
func keyDecider(kpid string) string  { return kpid + ".decider" }
func keySubscribers(kpid string) string {
	return kpid + ".subscribers"
}
func keyCList(endpoint, ref string) string { return endpoint + ".c." + ref }

const (
	keyInitialized       = "initialized"
	keyNextVatID         = "nextVatId"
	keyNextRemoteID      = "nextRemoteId"
	keyNextObjectID      = "nextObjectId"
	keyNextPromiseID     = "nextPromiseId"
	keyNextSubclusterID  = "nextSubclusterId"
	keyRunHead           = "queue.run.head"
	keyRunTail           = "queue.run.tail"
	keyGCActions         = "gcActions"
	keyReapQueue         = "reapQueue"
	keyVatsTerminated    = "vats.terminated"
	keySubclusters       = "subclusters"
	keyVatToSubcluster   = "vatToSubclusterMap"
	keyPinnedObjects     = "pinnedObjects"
	keyIncarnationID     = "incarnationId"
	keyLastActiveTime    = "lastActiveTime"
	prefixVatConfig      = "vatConfig."
	prefixKernelService  = "kernelService."
	prefixSystemSubclust = "systemSubcluster."
)

// Promise states.
const (
	stateUnresolved = "unresolved"
	stateFulfilled  = "fulfilled"
	stateRejected   = "rejected"
)

// ownerKernel owns the kernel's own service objects.
const ownerKernel = "kernel"
