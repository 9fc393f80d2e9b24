package kernel

import "testing"

// TestForgetRedemption: a redemption whose caller gave up is dropped; the
// others wait on.
func TestForgetRedemption(t *testing.T) {
	gone, kept := make(chan redeemResult, 1), make(chan redeemResult, 1)
	r := &remote{id: "r1", redemptions: map[string]chan redeemResult{"1": gone, "2": kept}}
	k := &Kernel{rc: &remoteComms{byID: map[string]*remote{"r1": r}}}
	k.forgetRedemption(gone)
	if _, ok := r.redemptions["1"]; ok || r.redemptions["2"] != kept || len(r.redemptions) != 1 {
		t.Fatalf("redemptions after forgetting one: %v", r.redemptions)
	}
	k.forgetRedemption(gone) // already gone: nothing happens
	(&Kernel{}).forgetRedemption(kept)
	if len(r.redemptions) != 1 {
		t.Fatalf("redemptions: %v", r.redemptions)
	}
}

// TestRetiredRemotes: after clearState's retirement, an old endpoint is
// not current (its timers do nothing) and its sender drops frames.
func TestRetiredRemotes(t *testing.T) {
	k := &Kernel{}
	old := &remote{id: "r1", sender: newPeerSender(k, "peer")}
	k.rc = &remoteComms{byID: map[string]*remote{"r1": old}}
	if !k.current(old) {
		t.Fatal("a live endpoint is not current")
	}
	k.retireRemotes(errStateCleared)
	k.rc.byID = map[string]*remote{"r1": {id: "r1"}} // clearState's fresh maps, the id reused
	if k.current(old) {
		t.Error("a retired endpoint is current")
	}
	old.sender.enqueue([]byte("frame"))
	if len(old.sender.q) != 0 || old.sender.busy {
		t.Errorf("a retired sender queued a frame: %d queued, busy %v", len(old.sender.q), old.sender.busy)
	}
}

// TestUnsolicitedRemote: an ack or a non-opening message from a peer the
// kernel never talked to creates no endpoint record.
func TestUnsolicitedRemote(t *testing.T) {
	for _, msg := range []string{`{"ack":3}`, `{"seq":1,"method":"redeemURLReply","params":[true,"1","ko1"]}`, `{"seq":1,"method":"bogus"}`} {
		k := storeKernel(t)
		k.rc = &remoteComms{byID: map[string]*remote{}, byPeer: map[string]*remote{}}
		if err := k.receiveRemote("12D3KooWstranger", []byte(msg)); err == nil {
			t.Errorf("%s from a stranger was accepted", msg)
		}
		if len(k.rc.byPeer) != 0 || k.st.has(prefixRemote+"r1") {
			t.Errorf("%s from a stranger created an endpoint", msg)
		}
	}
}
