package transport

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	lp2p "github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	ma "github.com/multiformats/go-multiaddr"
)

// whateverStreams counts open ProtocolID streams from p to other.
func whateverStreams(p *testPeer, other peer.ID) int {
	n := 0
	for _, c := range p.host.Network().ConnsToPeer(other) {
		for _, s := range c.GetStreams() {
			if s.Protocol() == protocol.ID(ProtocolID) {
				n++
			}
		}
	}
	return n
}

func TestDirectExchange(t *testing.T) {
	a := newTestPeer(t)
	b := newTestPeer(t)
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())

	const n = 50
	for i := range n {
		mustSend(t, a, b, fmt.Sprintf(`{"seq":%d}`, i+1))
	}
	for i := range n {
		expectMsg(t, b, a, fmt.Sprintf(`{"seq":%d}`, i+1))
	}
	// b knows no address of a: replies must use the inbound channel.
	for i := range n {
		mustSend(t, b, a, fmt.Sprintf(`{"ack":%d}`, i+1))
	}
	for i := range n {
		expectMsg(t, a, b, fmt.Sprintf(`{"ack":%d}`, i+1))
	}
	if got := whateverStreams(a, b.pid()); got != 1 {
		t.Errorf("a has %d %q streams to b, want 1", got, ProtocolID)
	}
	if got := whateverStreams(b, a.pid()); got != 1 {
		t.Errorf("b has %d %q streams to a, want 1", got, ProtocolID)
	}
	if inc, ok := a.store.Get(b.PeerID()); !ok || inc != b.inc {
		t.Errorf("a recorded incarnation %q,%v for b, want %q", inc, ok, b.inc)
	}
	if inc, ok := b.store.Get(a.PeerID()); !ok || inc != a.inc {
		t.Errorf("b recorded incarnation %q,%v for a, want %q", inc, ok, a.inc)
	}

	t.Run("large frames", func(t *testing.T) {
		big := `"` + strings.Repeat("x", 300000-2) + `"`
		mustSend(t, a, b, big)
		expectMsg(t, b, a, big)
		mustSend(t, b, a, big)
		expectMsg(t, a, b, big)
	})

	t.Run("oversized send refused", func(t *testing.T) {
		for _, size := range []int{DefaultMaxMessageSize + 1, 2 * DefaultMaxMessageSize} {
			err := a.Send(ctxTimeout(t, waitTimeout), b.PeerID(), make([]byte, size))
			var rle *ResourceLimitError
			if !errors.As(err, &rle) || rle.LimitType != LimitMessageSize {
				t.Fatalf("Send(%d bytes) = %v, want messageSize ResourceLimitError", size, err)
			}
		}
		// Exactly the limit is allowed.
		exact := `"` + strings.Repeat("y", DefaultMaxMessageSize-2) + `"`
		mustSend(t, a, b, exact)
		expectMsg(t, b, a, exact)
	})
}

func TestQUICExchange(t *testing.T) {
	a := newTestPeer(t, withListen("/ip4/127.0.0.1/udp/0/quic-v1"))
	b := newTestPeer(t, withListen("/ip4/127.0.0.1/udp/0/quic-v1"))
	if len(b.directAddrs()) == 0 || !strings.Contains(b.directAddrs()[0], "/quic-v1/") {
		t.Fatalf("b listen addresses %v lack QUIC", b.ListenAddresses())
	}
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())
	mustSend(t, a, b, `"over quic"`)
	expectMsg(t, b, a, `"over quic"`)
	mustSend(t, b, a, `"back"`)
	expectMsg(t, a, b, `"back"`)
}

// rawStream opens a ProtocolID stream to target from a bare libp2p host
// that speaks no handshake of its own.
func rawStream(t *testing.T, target *testPeer) network.Stream {
	t.Helper()
	h, err := lp2p.New(lp2p.NoListenAddrs, lp2p.DisableMetrics())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	var addrs []ma.Multiaddr
	for _, s := range target.directAddrs() {
		a, _ := peer.SplitAddr(ma.StringCast(s))
		addrs = append(addrs, a)
	}
	ctx := ctxTimeout(t, waitTimeout)
	if err := h.Connect(ctx, peer.AddrInfo{ID: target.pid(), Addrs: addrs}); err != nil {
		t.Fatal(err)
	}
	s, err := h.NewStream(ctx, target.pid(), protocol.ID(ProtocolID))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func frameBytes(s string) []byte { return appendFrame(nil, []byte(s)) }

func TestGarbageFromPeer(t *testing.T) {
	a := newTestPeer(t)
	b := newTestPeer(t)
	a.RegisterLocationHints(b.PeerID(), b.directAddrs())
	handshake := string(encodeHandshake(methodHandshake, "00000000-0000-4000-8000-000000000000"))

	tests := []struct {
		name    string
		send    []byte
		wantAck bool
	}{
		{"huge length prefix", binary.AppendUvarint(nil, 1<<40), false},
		{"just over the limit", append(binary.AppendUvarint(nil, DefaultMaxMessageSize+1), "abc"...), false},
		{"varint overflow", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, false},
		{"not JSON", frameBytes("hello, kernel"), false},
		{"wrong first message", frameBytes(`{"seq":1,"method":"deliver","params":["bringOutYourDead"]}`), false},
		{"handshake without incarnation", frameBytes(`{"method":"handshake","params":{}}`), false},
		{"handshakeAck instead of handshake", frameBytes(`{"method":"handshakeAck","params":{"incarnationId":"x"}}`), false},
		{"oversized frame after handshake", append(frameBytes(handshake), binary.AppendUvarint(nil, 1<<30)...), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := rawStream(t, b)
			if _, err := s.Write(tc.send); err != nil {
				t.Fatalf("write garbage: %v", err)
			}
			_ = s.SetReadDeadline(time.Now().Add(waitTimeout))
			r := bufio.NewReader(s)
			if tc.wantAck {
				ack, err := readFrame(r, DefaultMaxMessageSize)
				if err != nil {
					t.Fatalf("read handshakeAck: %v", err)
				}
				if want := string(encodeHandshake(methodHandshakeAck, b.inc)); string(ack) != want {
					t.Fatalf("ack = %s, want %s", ack, want)
				}
			}
			if frame, err := readFrame(r, DefaultMaxMessageSize); err == nil {
				t.Fatalf("stream still open after garbage; read %q", frame)
			} else if isTimeout(err) {
				t.Fatalf("stream not closed after garbage: %v", err)
			}
			// The transport still serves everyone else.
			msg := fmt.Sprintf(`{"after":%q}`, tc.name)
			mustSend(t, a, b, msg)
			expectMsg(t, b, a, msg)
			mustSend(t, b, a, msg)
			expectMsg(t, a, b, msg)
		})
	}
}

func TestRelayExchange(t *testing.T) {
	relay := startRelay(t, relayListen)
	tcpAddr, wsAddr := relayAddrs(t, relay)
	// a reaches the relay over TCP, b over WebSocket; neither listens
	// directly.
	a := newTestPeer(t, withConfig(func(c *Config) { c.Relays = []string{tcpAddr}; c.DirectListenAddrs = []string{} }))
	b := newTestPeer(t, withConfig(func(c *Config) { c.Relays = []string{wsAddr}; c.DirectListenAddrs = []string{} }))
	eventually(t, "a's reservation", a.hasCircuitAddr)
	eventually(t, "b's reservation", b.hasCircuitAddr)
	for _, p := range []*testPeer{a, b} {
		if len(p.directAddrs()) != 0 {
			t.Fatalf("%s listens directly: %v", p.PeerID(), p.ListenAddresses())
		}
		want := "/p2p-circuit/p2p/" + p.PeerID()
		if got := p.ListenAddresses(); len(got) != 1 || !strings.HasSuffix(got[0], want) {
			t.Fatalf("ListenAddresses = %v, want one circuit address", got)
		}
	}

	// No hints: a dials b through its known relay.
	for i := range 10 {
		mustSend(t, a, b, fmt.Sprintf(`{"seq":%d}`, i+1))
	}
	for i := range 10 {
		expectMsg(t, b, a, fmt.Sprintf(`{"seq":%d}`, i+1))
	}
	for i := range 10 {
		mustSend(t, b, a, fmt.Sprintf(`{"ack":%d}`, i+1))
	}
	for i := range 10 {
		expectMsg(t, a, b, fmt.Sprintf(`{"ack":%d}`, i+1))
	}
	big := `"` + strings.Repeat("r", 300000-2) + `"`
	mustSend(t, b, a, big)
	expectMsg(t, a, b, big)
	for _, c := range a.host.Network().ConnsToPeer(b.pid()) {
		if !isCircuit(c.RemoteMultiaddr()) {
			t.Errorf("a is connected to b over %s, want a relayed connection", c.RemoteMultiaddr())
		}
	}
	if got := whateverStreams(a, b.pid()); got != 1 {
		t.Errorf("a has %d %q streams to b, want 1", got, ProtocolID)
	}
}

// neverReconnect makes the reconnection loop sleep for the test's
// lifetime, so only the send path dials.
func neverReconnect(c *Config) { c.backoff = func(int) time.Duration { return time.Hour } }

func TestIncarnationChange(t *testing.T) {
	a := newTestPeer(t, withConfig(neverReconnect))
	seed := randomSeed(t)
	b1 := newTestPeer(t, withSeed(seed))
	bAddrs := b1.directAddrs()
	a.RegisterLocationHints(b1.PeerID(), bAddrs)
	mustSend(t, a, b1, `"to b1"`)
	expectMsg(t, b1, a, `"to b1"`)

	restartB := func(inc string) *testPeer {
		t.Helper()
		var addrs []string
		for _, s := range bAddrs {
			tr, _ := peer.SplitAddr(ma.StringCast(s))
			addrs = append(addrs, tr.String())
		}
		eventually(t, "a to notice b's shutdown", func() bool { return a.currentChannel(b1.pid()) == nil })
		return newTestPeer(t, withSeed(seed), withInc(inc), withListen(addrs...))
	}

	// b restarts with a new incarnation.
	_ = b1.Close()
	b2 := restartB(randomUUID(t))
	err := a.Send(ctxTimeout(t, waitTimeout), b2.PeerID(), []byte(`"stale"`))
	var pre *PeerRestartedError
	if !errors.As(err, &pre) {
		t.Fatalf("first send after restart = %v, want PeerRestartedError", err)
	}
	if err.Error() != "Remote peer restarted: message not sent to avoid stale delivery" {
		t.Errorf("error text = %q", err.Error())
	}
	select {
	case id := <-a.restarts:
		if id != b2.PeerID() {
			t.Fatalf("OnIncarnationChange(%s), want %s", id, b2.PeerID())
		}
	case <-time.After(waitTimeout):
		t.Fatal("OnIncarnationChange not called")
	}
	mustSend(t, a, b2, `"fresh"`)
	expectMsg(t, b2, a, `"fresh"`) // "stale" was never written
	if inc, _ := a.store.Get(b2.PeerID()); inc != b2.inc {
		t.Errorf("a persisted incarnation %q, want %q", inc, b2.inc)
	}
	if len(b2.restarts) != 0 {
		t.Error("b2 reported a restart of a, which never restarted")
	}

	// b restarts with the same incarnation: a channel replacement.
	_ = b2.Close()
	b3 := restartB(b2.inc)
	mustSend(t, a, b3, `"same incarnation"`)
	expectMsg(t, b3, a, `"same incarnation"`)
	// And b re-dials a with the same incarnation: replaces a's channel.
	_ = b3.Close()
	b4 := restartB(b2.inc)
	b4.RegisterLocationHints(a.PeerID(), a.directAddrs())
	mustSend(t, b4, a, `"re-dial"`)
	expectMsg(t, a, b4, `"re-dial"`)
	mustSend(t, a, b4, `"reply"`)
	expectMsg(t, b4, a, `"reply"`)
	if len(a.restarts) != 0 {
		t.Errorf("same-incarnation re-dial reported as a restart (%d events)", len(a.restarts))
	}
}

// deliverEventually sends numbered messages until one arrives, tolerating
// failures while the link is down.
func deliverEventually(t *testing.T, from, to *testPeer, tag string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for i := 0; ; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no message got through", tag)
		}
		msg := fmt.Sprintf(`{"%s":%d}`, tag, i)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := from.Send(ctx, to.PeerID(), []byte(msg))
		cancel()
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if awaitMsg(to, from, msg, 2*time.Second) {
			return
		}
		// Written into a connection that was already dead; retry.
	}
}

// awaitMsg waits for msg from `from`, skipping earlier messages (e.g. ones
// whose sends raced with a reconnection).
func awaitMsg(to, from *testPeer, msg string, d time.Duration) bool {
	timeout := time.After(d)
	for {
		select {
		case r := <-to.got:
			if r.from == from.PeerID() && r.msg == msg {
				return true
			}
		case <-timeout:
			return false
		}
	}
}

func TestLinkCutAndRestored(t *testing.T) {
	t.Run("relay restarted", func(t *testing.T) {
		relay := startRelay(t, []string{"/ip4/127.0.0.1/tcp/0"})
		tcpAddr := relayTCPAddr(t, relay)
		a := newTestPeer(t, withConfig(func(c *Config) { c.Relays = []string{tcpAddr}; c.DirectListenAddrs = []string{} }))
		b := newTestPeer(t, withConfig(func(c *Config) { c.Relays = []string{tcpAddr}; c.DirectListenAddrs = []string{} }))
		eventually(t, "reservations", func() bool { return a.hasCircuitAddr() && b.hasCircuitAddr() })
		mustSend(t, a, b, `"before"`)
		expectMsg(t, b, a, `"before"`)

		_ = relay.Close()
		eventually(t, "a to lose its channel", func() bool { return a.currentChannel(b.pid()) == nil })
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		if err := a.Send(ctx, b.PeerID(), []byte(`"during"`)); err == nil {
			t.Error("send while the relay is down succeeded")
		}
		cancel()

		tr, _ := peer.SplitAddr(ma.StringCast(tcpAddr))
		startRelay(t, []string{tr.String()})
		eventually(t, "reservations after relay restart", func() bool { return a.hasCircuitAddr() && b.hasCircuitAddr() })
		deliverEventually(t, a, b, "a2b")
		deliverEventually(t, b, a, "b2a")
	})

	t.Run("peer restarted behind relay", func(t *testing.T) {
		relay := startRelay(t, []string{"/ip4/127.0.0.1/tcp/0"})
		tcpAddr := relayTCPAddr(t, relay)
		relayOnly := withConfig(func(c *Config) { c.Relays = []string{tcpAddr}; c.DirectListenAddrs = []string{} })
		a := newTestPeer(t, relayOnly)
		seed, inc := randomSeed(t), randomUUID(t)
		b := newTestPeer(t, relayOnly, withSeed(seed), withInc(inc))
		eventually(t, "reservations", func() bool { return a.hasCircuitAddr() && b.hasCircuitAddr() })
		mustSend(t, a, b, `"before"`)
		expectMsg(t, b, a, `"before"`)

		_ = b.Close()
		eventually(t, "a to lose its channel", func() bool { return a.currentChannel(b.pid()) == nil })
		b2 := newTestPeer(t, relayOnly, withSeed(seed), withInc(inc))
		eventually(t, "b2's reservation", b2.hasCircuitAddr)
		// a's reconnection loop (NO_RESERVATION is retryable) or the next
		// send reaches b2; both sides then talk on one channel.
		deliverEventually(t, a, b2, "a2b")
		deliverEventually(t, b2, a, "b2a")
		if len(a.restarts) != 0 {
			t.Error("same-incarnation restart reported as a restart")
		}
	})
}
