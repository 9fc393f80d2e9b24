package transport

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// Public addresses below are from the documentation ranges (RFC 5737,
// RFC 3849); the tests check that nothing is ever dialled to them.

func TestIsPrivateAddress(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"localhost", true},
		{"::1", true},
		{"127.0.0.1", true},
		{"127.255.0.9", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"172.15.0.1", false},
		{"172.32.0.1", false},
		{"192.168.1.1", true},
		{"192.169.1.1", false},
		{"203.0.113.7", false},
		{"8.8.8.8", false},
		{"256.1.1.1", false},
		{"127.0.0.256", false},
		{"fc00::1", true},
		{"fd12:3456::1", true},
		{"FD12::1", true},
		{"fe80::1", true},
		{"fe80:0:0:1::1", true},
		{"fec0::1", false},
		{"2001:db8::1", false},
		{"fdcafe", false}, // a hostname, not fc00::/7
		{"fd.example.com", false},
		{"", false},
		{"LOCALHOST", false}, // upstream compares case-sensitively
	}
	for _, tc := range tests {
		t.Run(tc.host, func(t *testing.T) {
			if got := isPrivateAddress(tc.host); got != tc.want {
				t.Errorf("isPrivateAddress(%q) = %v, want %v", tc.host, got, tc.want)
			}
		})
	}
}

const gateRelayID = "12D3KooWJBDqsyHQF2MWiCdU4kdqx4zTsSTLRdShg7Ui6CRWB4uc"

func TestWsGate(t *testing.T) {
	relays, err := parseRelays([]string{
		"/ip4/198.51.100.9/tcp/80/ws/p2p/" + gateRelayID, // plain ws: its host is allowed
		"/dns4/secure.example/tcp/443/wss/p2p/" + gateRelayID,
	})
	if err != nil {
		t.Fatal(err)
	}
	g := newWsGate([]string{"relay.example.com", "203.0.113.50", "2001:db8::5"}, relays)
	tests := []struct {
		addr  string
		allow bool
	}{
		// Not plain ws: never gated.
		{"/ip4/203.0.113.7/tcp/4001", true},
		{"/ip4/203.0.113.7/udp/4001/quic-v1", true},
		{"/ip4/203.0.113.7/tcp/443/wss", true},
		{"/ip4/203.0.113.7/tcp/443/tls/ws", true},
		{"/dns4/public.example/tcp/443/tls/sni/public.example/ws", true},
		// Plain ws to private and loopback hosts.
		{"/ip4/127.0.0.1/tcp/9001/ws", true},
		{"/ip4/10.0.0.5/tcp/9001/ws", true},
		{"/ip4/172.20.1.1/tcp/9001/ws", true},
		{"/ip4/192.168.0.2/tcp/9001/ws", true},
		{"/ip6/::1/tcp/9001/ws", true},
		{"/ip6/fd00::2/tcp/9001/ws", true},
		{"/ip6/fe80::2/tcp/9001/ws", true},
		{"/dns4/localhost/tcp/9001/ws", true},
		{"/dns6/localhost/tcp/9001/ws", true},
		// Plain ws to listed hosts, and to a plain-ws relay's host.
		{"/dns4/relay.example.com/tcp/80/ws", true},
		{"/dns6/relay.example.com/tcp/80/ws", true},
		{"/dnsaddr/relay.example.com/tcp/80/ws", true},
		{"/ip4/203.0.113.50/tcp/80/ws", true},
		{"/ip6/2001:db8::5/tcp/80/ws", true},
		{"/ip4/198.51.100.9/tcp/80/ws", true},
		{"/ip4/198.51.100.9/tcp/80/ws/p2p/" + gateRelayID + "/p2p-circuit", true},
		// Plain ws to anything else is refused.
		{"/ip4/203.0.113.7/tcp/80/ws", false},
		{"/ip4/203.0.113.7/tcp/80/ws/p2p/" + gateRelayID + "/p2p-circuit", false},
		{"/ip6/2001:db8::7/tcp/80/ws", false},
		{"/dns4/other.example.com/tcp/80/ws", false},
		{"/dns4/sub.relay.example.com/tcp/80/ws", false}, // exact match only
		{"/dns4/secure.example/tcp/80/ws", false},        // a wss relay allows nothing
		// Upstream finds no host in /dns: refused, even for localhost.
		{"/dns/localhost/tcp/9001/ws", false},
		{"/dns/relay.example.com/tcp/80/ws", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			a := ma.StringCast(tc.addr)
			err := g.check(a)
			if (err == nil) != tc.allow {
				t.Fatalf("check(%s) = %v, want allowed=%v", tc.addr, err, tc.allow)
			}
			if got := g.InterceptAddrDial("", a); got != tc.allow {
				t.Errorf("InterceptAddrDial(%s) = %v, want %v", tc.addr, got, tc.allow)
			}
			var refused *PlainWsRefusedError
			if !tc.allow && (!errors.As(err, &refused) || refused.Addr != tc.addr ||
				!strings.Contains(err.Error(), "allowedWsHosts")) {
				t.Errorf("refusal = %#v (%v), want a PlainWsRefusedError for %s", err, err, tc.addr)
			}
		})
	}
}

// A plain ws:// address with a public host is refused before any
// connection attempt, and the refusal is final (the peer is given up);
// nothing reaches the swarm.
func TestPlainWsRefusedWithoutDialing(t *testing.T) {
	target, err := peerIDFromSeed(randomSeed(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		hint string
	}{
		{"direct", "/ip4/203.0.113.7/tcp/80/ws/p2p/" + target.String()},
		{"relay", "/ip4/203.0.113.8/tcp/80/ws/p2p/" + gateRelayID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestPeer(t, withConfig(func(c *Config) { c.MaxRetryAttempts = 1 }))
			a.RegisterLocationHints(target.String(), []string{tc.hint})
			// Fail the test before a dial could happen if the gate let it by.
			for _, c := range a.candidates(target) {
				if a.gate.check(c) == nil {
					t.Fatalf("gate allows candidate %s", c)
				}
			}
			err := a.Send(ctxTimeout(t, waitTimeout), target.String(), []byte(`"x"`))
			var refused *PlainWsRefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("Send = %v, want a PlainWsRefusedError", err)
			}
			if isRetryableNetworkError(err) {
				t.Error("the refusal is classified as retryable")
			}
			if addrs := a.host.Peerstore().Addrs(target); len(addrs) != 0 {
				t.Errorf("refused addresses reached the peerstore: %v", addrs)
			}
			if n := len(a.host.Network().Conns()); n != 0 {
				t.Errorf("%d connections opened", n)
			}
			select {
			case id := <-a.giveUps:
				if id != target.String() {
					t.Fatalf("OnGiveUp(%s), want %s", id, target)
				}
			case <-time.After(waitTimeout):
				t.Fatal("OnGiveUp not called for a refused peer")
			}
		})
	}
}

// Plain ws:// to loopback is dialled, directly and through a ws relay.
func TestPlainWsLoopbackDialled(t *testing.T) {
	t.Run("direct", func(t *testing.T) {
		a := newTestPeer(t)
		b := newTestPeer(t, withListen("/ip4/127.0.0.1/tcp/0/ws"))
		var hints []string
		for _, h := range b.directAddrs() {
			if isPlainWs(ma.StringCast(h)) {
				hints = append(hints, h)
			}
		}
		if len(hints) == 0 {
			t.Fatalf("b has no ws listen address: %v", b.ListenAddresses())
		}
		a.RegisterLocationHints(b.PeerID(), hints)
		mustSend(t, a, b, `"over ws"`)
		expectMsg(t, b, a, `"over ws"`)
		for _, c := range a.host.Network().ConnsToPeer(b.pid()) {
			if !isPlainWs(c.RemoteMultiaddr()) {
				t.Errorf("connection over %s, want plain ws", c.RemoteMultiaddr())
			}
		}
	})
	t.Run("relay", func(t *testing.T) {
		relay := startRelay(t, relayListen)
		_, ws := relayAddrs(t, relay)
		relayOnly := withConfig(func(c *Config) { c.Relays = []string{ws}; c.DirectListenAddrs = []string{} })
		a, b := newTestPeer(t, relayOnly), newTestPeer(t, relayOnly)
		eventually(t, "reservations", func() bool { return a.hasCircuitAddr() && b.hasCircuitAddr() })
		mustSend(t, a, b, `"via ws relay"`)
		expectMsg(t, b, a, `"via ws relay"`)
	})
}

func TestWakeDetector(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		ticks []time.Duration // offsets from base, one per check
		wakes []bool
	}{
		{"regular ticks", []time.Duration{15 * time.Second, 30 * time.Second, 45 * time.Second}, []bool{false, false, false}},
		{"late but under the threshold", []time.Duration{45 * time.Second}, []bool{false}},
		{"jump over interval+threshold", []time.Duration{15 * time.Second, 61 * time.Second, 76 * time.Second}, []bool{false, true, false}},
		{"long sleep", []time.Duration{8 * time.Hour}, []bool{true}},
		{"clock set back", []time.Duration{-time.Hour, -time.Hour + 15*time.Second}, []bool{false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &wakeDetector{interval: DefaultWakeCheckInterval, threshold: DefaultWakeJumpThreshold, last: base}
			for i, off := range tc.ticks {
				if got := d.observe(base.Add(off)); got != tc.wakes[i] {
					t.Errorf("tick %d (+%v): wake = %v, want %v", i, off, got, tc.wakes[i])
				}
			}
		})
	}
}

// A wake from sleep cuts a pending reconnection backoff short: the peer,
// back meanwhile, is redialled instead of after the hour-long backoff.
func TestWakeResetsReconnectionBackoff(t *testing.T) {
	ticks := make(chan time.Time)
	a := newTestPeer(t, withConfig(func(c *Config) {
		c.wakeTicks = ticks
		c.backoff = func(attempt int) time.Duration {
			if attempt == 1 {
				return 0
			}
			return time.Hour
		}
	}))
	seed, inc := randomSeed(t), randomUUID(t)
	b := newTestPeer(t, withSeed(seed), withInc(inc))
	hints := b.directAddrs()
	a.RegisterLocationHints(b.PeerID(), hints)
	mustSend(t, a, b, `"before"`)
	expectMsg(t, b, a, `"before"`)

	_ = b.Close()
	// The first reconnection attempt fails at once; the second waits an hour.
	eventually(t, "a to wait out its second attempt", func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		ps := a.peers[b.pid()]
		return ps != nil && ps.recon != nil && ps.attempts == 2 && len(ps.errCodes) == 1
	})
	var listen []string
	for _, h := range hints {
		tr, _ := peer.SplitAddr(ma.StringCast(h))
		listen = append(listen, tr.String())
	}
	b2 := newTestPeer(t, withSeed(seed), withInc(inc), withListen(listen...))

	ticks <- time.Now().Add(DefaultWakeCheckInterval) // an ordinary check
	ticks <- time.Now().Add(2 * time.Hour)            // the clock jumped: a wake
	eventually(t, "a to reconnect after the wake", func() bool { return a.currentChannel(b2.pid()) != nil })
	mustSend(t, a, b2, `"after"`)
	expectMsg(t, b2, a, `"after"`)
}

func TestResetAllBackoffs(t *testing.T) {
	a := newTestPeer(t)
	idle, _ := peerIDFromSeed(randomSeed(t))
	a.mu.Lock()
	ps := a.peerLocked(idle)
	ps.permFailed, ps.errCodes, ps.attempts = true, []string{"ECONNREFUSED"}, 4
	a.mu.Unlock()
	a.ResetAllBackoffs()
	a.mu.Lock()
	defer a.mu.Unlock()
	// Upstream resets the attempt count only of reconnecting peers.
	if ps.permFailed || ps.errCodes != nil || ps.attempts != 4 {
		t.Errorf("after reset: permFailed=%v errCodes=%v attempts=%d, want false, nil, 4", ps.permFailed, ps.errCodes, ps.attempts)
	}
}
