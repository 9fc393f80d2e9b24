package kernel

import "time"

// Idle endpoints leave memory. An endpoint with nothing in flight (no
// pending message, no timer, no URL redemption) and no c-list entries, as
// a peer that only asked for a URL or whose references are all gone, is
// dropped from the kernel's maps after a sweep interval without traffic;
// its records stay in kv (the sequence numbers both sides agree on), and
// it is restored from them when the peer or the kernel talks to it
// again. So the memory of remote comms follows the peers in use, not
// every peer ever heard from.

// remoteSweepInterval is how often idle endpoints are looked for; one
// is dropped at the first sweep that finds it idle since the previous.
const remoteSweepInterval = 5 * time.Minute

// prefixRemotePeer indexes endpoints by peer id: remotePeer.<peerId> = rN.
const prefixRemotePeer = "remotePeer."

// scheduleRemoteSweep arms the next sweep of rc's endpoints.
func (k *Kernel) scheduleRemoteSweep(rc *remoteComms) {
	rc.sweep = k.clock.AfterFunc(remoteSweepInterval, func() {
		k.async(func() {
			if k.rc != rc {
				return // stopped, or replaced
			}
			k.sweepRemotes()
			k.scheduleRemoteSweep(rc)
		})
	})
}

// sweepRemotes drops the endpoints idle since the last sweep.
func (k *Kernel) sweepRemotes() {
	for _, r := range k.rc.byID {
		if r.active {
			r.active = false
			continue
		}
		if r.ackTimer != nil || r.delayedAck != nil || len(r.redemptions) > 0 || k.hasPending(r) ||
			k.st.hasKeyWithPrefix(r.id+".c.") {
			continue
		}
		r.sender.stop()
		delete(k.rc.byID, r.id)
		delete(k.rc.byPeer, r.peerID)
	}
}

// remoteOfPeer is peer's endpoint, restored from kv if it left memory;
// nil if the kernel has none.
func (k *Kernel) remoteOfPeer(peer string) *remote {
	if r := k.rc.byPeer[peer]; r != nil {
		return r
	}
	if rid, ok := k.st.get(prefixRemotePeer + peer); ok {
		return k.restoreRemote(rid)
	}
	return nil
}

// remoteOfID is endpoint rid, restored from kv if it left memory; nil if
// there is none.
func (k *Kernel) remoteOfID(rid string) *remote {
	if r := k.rc.byID[rid]; r != nil {
		return r
	}
	if k.st.has(prefixRemote + rid) {
		return k.restoreRemote(rid)
	}
	return nil
}
