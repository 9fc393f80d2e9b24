package kernel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// The reliable channel between two kernels (sequence numbers, cumulative
// acks, retransmission, give-up, the pending cap), tested with the test
// as the peer kernel: frames the kernel sends arrive on a channel, frames
// the test writes go to the kernel's transport handler, and the ack
// timers run on a FakeClock the test advances.

// wireTransport is a kernel.RemoteTransport whose wire is the test.
type wireTransport struct {
	self    string
	sent    chan []byte
	handler func(from string, msg []byte)
}

func (w *wireTransport) PeerID() string                         { return w.self }
func (w *wireTransport) ListenAddresses() []string              { return nil }
func (w *wireTransport) RegisterLocationHints(string, []string) {}
func (w *wireTransport) ResetAllBackoffs()                      {}
func (w *wireTransport) SetIncarnation(string)                  {}
func (w *wireTransport) Close() error                           { return nil }
func (w *wireTransport) Send(ctx context.Context, _ string, msg []byte) error {
	select {
	case w.sent <- append([]byte(nil), msg...):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type memKV map[string]string

func (m memKV) Get(key string) (string, bool, error) { v, ok := m[key]; return v, ok, nil }
func (m memKV) Set(key, value string) error          { m[key] = value; return nil }

// channelTest is a kernel with remote comms on a wireTransport, the peer
// identity the test speaks for, and a URL of a vat root of the kernel.
type channelTest struct {
	t     *testing.T
	h     *kerneltest.Harness
	clock *kernel.FakeClock
	wire  *wireTransport
	peer  *identity.Identity
	url   string // the kernel's URL for its counter vat's root
}

func newChannelTest(t *testing.T, maxQueue int) *channelTest {
	t.Helper()
	opts := kernel.Options{Runtime: newRuntime(), DeliveryTimeout: 5 * time.Second}
	ct := &channelTest{t: t, clock: kernel.UseFakeClock(&opts), wire: &wireTransport{sent: make(chan []byte, 64)}}
	opts.RemoteTransport = func(_ context.Context, cfg kernel.TransportConfig) (kernel.RemoteTransport, error) {
		pid, err := identity.PeerIDFromSeed(cfg.KeySeed)
		if err != nil {
			return nil, err
		}
		ct.wire.self, ct.wire.handler = pid.String(), cfg.Handler
		return ct.wire, nil
	}
	ct.h = kerneltest.New(t, "", opts)
	peer, err := identity.InitIdentity(memKV{}, identity.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ct.peer = peer
	if err := ct.h.K.InitRemoteComms(ct.h.Ctx(), api.RemoteCommsOptions{MaxQueue: maxQueue}); err != nil {
		t.Fatal(err)
	}
	res := ct.h.MustLaunch("main", map[string]any{"main": map[string]any{"bundleSpec": "go:counter"}})
	if ct.url, err = ct.h.K.IssueOcapURL(ct.h.Ctx(), res.RootKref); err != nil {
		t.Fatal(err)
	}
	return ct
}

// deliver hands the kernel one frame from the peer, as its transport
// would.
func (ct *channelTest) deliver(frame string) {
	ct.wire.handler(ct.peer.PeerID.String(), []byte(frame))
}

// redeemFrame is the peer's redemption of the kernel's URL, as message
// seq with reply key key.
func (ct *channelTest) redeemFrame(seq int, key string) string {
	params, _ := json.Marshal([]string{ct.url, key})
	return fmt.Sprintf(`{"seq":%d,"method":"redeemURL","params":%s}`, seq, params)
}

type wireMessage struct {
	Seq    int               `json:"seq"`
	Ack    int               `json:"ack"`
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

// next is the next frame the kernel sends.
func (ct *channelTest) next() (string, wireMessage) {
	ct.t.Helper()
	select {
	case f := <-ct.wire.sent:
		var m wireMessage
		if err := json.Unmarshal(f, &m); err != nil {
			ct.t.Fatalf("kernel sent %q: %v", f, err)
		}
		return string(f), m
	case <-time.After(10 * time.Second):
		ct.t.Fatal("the kernel sent nothing")
		return "", wireMessage{}
	}
}

// quiet checks that the kernel has sent nothing more. Frames leave after
// their crank commits; a control call is a crank of its own, so one that
// ran after them has seen them queued.
func (ct *channelTest) quiet() {
	ct.t.Helper()
	ct.h.MustCall("getStatus", nil)
	select {
	case f := <-ct.wire.sent:
		ct.t.Fatalf("unexpected frame %s", f)
	default:
	}
}

func (ct *channelTest) seq(name string) int {
	ct.t.Helper()
	n, _ := strconv.Atoi(ct.h.KV("remoteSeq.r1." + name)["remoteSeq.r1."+name])
	return n
}

func (ct *channelTest) pending() int {
	ct.t.Helper()
	return len(ct.h.KV("remotePending.r1."))
}

// TestReliableChannelRetransmit: a message stays pending until acked and
// is resent verbatim each time the ack timer runs out; the ack ends it.
func TestReliableChannelRetransmit(t *testing.T) {
	ct := newChannelTest(t, 0)
	ct.deliver(ct.redeemFrame(1, "1"))
	first, m := ct.next()
	if m.Seq != 1 || m.Ack != 1 || m.Method != "redeemURLReply" {
		t.Fatalf("reply = %s, want seq 1 acking 1", first)
	}
	for i := 0; i < kernel.MaxRetries; i++ {
		ct.clock.Advance(kernel.AckTimeout)
		if again, _ := ct.next(); again != first {
			t.Fatalf("retransmission %d = %s, want %s", i+1, again, first)
		}
	}
	ct.deliver(`{"ack":1}`)
	if n := ct.pending(); n != 0 {
		t.Fatalf("%d messages pending after the ack", n)
	}
	if n := ct.clock.Pending(); n != 1 { // the idle sweep's
		t.Fatalf("%d timers left after the ack, want the idle sweep's", n)
	}
	ct.clock.Advance(kernel.AckTimeout)
	ct.quiet()
	// The retry count starts over: the next message gets its own retries.
	ct.deliver(ct.redeemFrame(2, "2"))
	if _, m := ct.next(); m.Seq != 2 {
		t.Fatalf("second reply seq %d, want 2", m.Seq)
	}
	for i := 0; i < kernel.MaxRetries; i++ {
		ct.clock.Advance(kernel.AckTimeout)
		if _, m := ct.next(); m.Seq != 2 {
			t.Fatalf("retransmission %d has seq %d", i+1, m.Seq)
		}
	}
}

// TestReliableChannelGiveUp: after MaxRetries unanswered retransmissions
// the kernel gives up on what is pending and fails what waits on it.
func TestReliableChannelGiveUp(t *testing.T) {
	ct := newChannelTest(t, 0)
	purl, err := ct.peer.IssueURL("ko7", nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ct.h.K.RedeemOcapURL(context.Background(), purl)
		done <- err
	}()
	first, m := ct.next()
	if m.Seq != 1 || m.Method != "redeemURL" {
		t.Fatalf("redemption = %s", first)
	}
	for i := 0; i < kernel.MaxRetries; i++ {
		ct.clock.Advance(kernel.AckTimeout)
		if again, _ := ct.next(); again != first {
			t.Fatalf("retransmission %d = %s, want %s", i+1, again, first)
		}
	}
	ct.clock.Advance(kernel.AckTimeout)
	select {
	case err := <-done:
		wantErr(t, err, fmt.Sprintf("Remote connection lost after %d failed retries", kernel.MaxRetries))
	case <-time.After(10 * time.Second):
		t.Fatal("the redemption did not fail after the give-up")
	}
	ct.quiet()
	if n := ct.pending(); n != 0 {
		t.Errorf("%d messages still pending after the give-up", n)
	}
	if start, next := ct.seq("startSeq"), ct.seq("nextSendSeq"); start != next+1 {
		t.Errorf("startSeq %d, nextSendSeq %d: the given-up messages are still counted", start, next)
	}
	if n := ct.clock.Pending(); n != 1 {
		t.Errorf("%d timers left after the give-up, want the idle sweep's", n)
	}
}

// TestReliableChannelInbound: duplicates are acknowledged again but not
// applied twice; a message past a gap is dropped unacknowledged, and
// applied once the peer resends in order.
func TestReliableChannelInbound(t *testing.T) {
	ct := newChannelTest(t, 0)
	steps := []struct {
		name      string
		frame     string
		wantReply int // seq of the reply it causes, 0 for none
		wantAck   int // the cumulative ack the kernel then sends
	}{
		{"first", ct.redeemFrame(1, "1"), 1, 1},
		{"duplicate", ct.redeemFrame(1, "1"), 0, 1},
		{"past a gap", ct.redeemFrame(3, "3"), 0, 1},
		{"the missing one", ct.redeemFrame(2, "2"), 2, 2},
		{"the one past the gap, resent", ct.redeemFrame(3, "3"), 3, 3},
		{"an old duplicate", ct.redeemFrame(2, "2"), 0, 3},
	}
	for _, st := range steps {
		ct.deliver(st.frame)
		if st.wantReply != 0 {
			f, m := ct.next()
			if m.Seq != st.wantReply || m.Ack != st.wantAck || m.Method != "redeemURLReply" {
				t.Fatalf("%s: reply %s, want seq %d ack %d", st.name, f, st.wantReply, st.wantAck)
			}
			ct.deliver(fmt.Sprintf(`{"ack":%d}`, m.Seq))
			continue
		}
		ct.clock.Advance(kernel.DelayedAck)
		f, m := ct.next()
		if m.Seq != 0 || m.Method != "" || m.Ack != st.wantAck {
			t.Fatalf("%s: sent %s, want a bare ack of %d", st.name, f, st.wantAck)
		}
	}
	if got := ct.seq("highestReceivedSeq"); got != 3 {
		t.Errorf("highestReceivedSeq = %d, want 3", got)
	}
	if got := ct.seq("nextSendSeq"); got != 3 {
		t.Errorf("the kernel sent %d replies, want 3 (one per redemption)", got)
	}
	ct.quiet()
}

// TestReliableChannelPendingCap: a kernel with maxQueue messages pending
// for a peer refuses new ones with a clear error until acks free room;
// replies to the peer's own requests are never refused.
func TestReliableChannelPendingCap(t *testing.T) {
	const maxQueue = 3
	ct := newChannelTest(t, maxQueue)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	redeem := func(ko string) chan error {
		purl, err := ct.peer.IssueURL(ko, nil)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := ct.h.K.RedeemOcapURL(ctx, purl)
			done <- err
		}()
		return done
	}
	for i := 1; i <= maxQueue; i++ {
		redeem("ko" + strconv.Itoa(i))
		if _, m := ct.next(); m.Seq != i {
			t.Fatalf("redemption %d went out as seq %d", i, m.Seq)
		}
	}
	purl, _ := ct.peer.IssueURL("ko9", nil)
	_, err := ct.h.K.RedeemOcapURL(ct.h.Ctx(), purl)
	wantErr(t, err, fmt.Sprintf("pending queue at capacity (%d)", maxQueue))
	if n := ct.pending(); n != maxQueue {
		t.Fatalf("%d pending after the refusal, want %d", n, maxQueue)
	}
	// The peer's own redemption is still answered.
	ct.deliver(ct.redeemFrame(1, "1"))
	if _, m := ct.next(); m.Method != "redeemURLReply" || m.Seq != maxQueue+1 {
		t.Fatalf("reply to the peer: seq %d %q", m.Seq, m.Method)
	}
	// An ack makes room.
	ct.deliver(fmt.Sprintf(`{"ack":%d}`, maxQueue+1))
	redeem("ko10")
	if _, m := ct.next(); m.Method != "redeemURL" || m.Seq != maxQueue+2 {
		t.Fatalf("after the ack: seq %d %q", m.Seq, m.Method)
	}
}

// TestIdleRemoteLeavesMemory: an endpoint with nothing in flight and no
// references leaves memory after a sweep interval without traffic, and
// comes back from its records, sequence numbers and all, when the peer
// speaks again; one that holds references stays.
func TestIdleRemoteLeavesMemory(t *testing.T) {
	ct := newChannelTest(t, 0)
	inMemory := func() int {
		n, err := ct.h.K.RemotesInMemory(ct.h.Ctx())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	sweep := func() {
		ct.clock.WaitTimers(1)
		ct.clock.Advance(kernel.RemoteSweepInterval)
		ct.clock.WaitTimers(1) // armed again once the sweep ran
	}
	bad := `{"seq":%d,"method":"redeemURL","params":["ocap:nonsense@nowhere","%d"]}`
	ct.deliver(fmt.Sprintf(bad, 1, 1))
	if _, m := ct.next(); m.Seq != 1 || string(m.Params[0]) != "false" {
		t.Fatalf("reply to a bad URL: seq %d %s", m.Seq, m.Params)
	}
	ct.deliver(`{"ack":1}`)
	sweep() // it had traffic since the start
	if n := inMemory(); n != 1 {
		t.Fatalf("%d endpoints in memory after one sweep, want 1", n)
	}
	sweep()
	if n := inMemory(); n != 0 {
		t.Fatalf("%d endpoints in memory after an idle sweep, want 0", n)
	}
	// The peer goes on where it left off: message 2, answered as 2.
	ct.deliver(fmt.Sprintf(bad, 2, 2))
	if f, m := ct.next(); m.Seq != 2 || m.Ack != 2 {
		t.Fatalf("after coming back: %s, want seq 2 acking 2", f)
	}
	ct.deliver(`{"ack":2}`)
	if n := len(ct.h.KV("remote.")); n != 1 {
		t.Fatalf("%d endpoint records, want the one", n)
	}
	// A redemption of a real URL gives the peer a reference: it stays.
	ct.deliver(ct.redeemFrame(3, "3"))
	if _, m := ct.next(); m.Seq != 3 || string(m.Params[0]) != "true" {
		t.Fatalf("reply to the redemption: seq %d %s", m.Seq, m.Params)
	}
	ct.deliver(`{"ack":3}`)
	sweep()
	sweep()
	if n := inMemory(); n != 1 {
		t.Fatalf("%d endpoints in memory, want the one holding a reference", n)
	}
}
