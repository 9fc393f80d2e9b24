package transport

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	relaylib "github.com/ocap-kernel/ocap-go/kernel-utils/libp2p"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
)

// waitTimeout bounds every wait in these tests; it is a failure deadline,
// not a timing assertion.
const waitTimeout = 20 * time.Second

type received struct {
	from string
	msg  string
}

// testPeer is a Transport with channels recording its callbacks.
type testPeer struct {
	*Transport
	seed     [32]byte
	inc      string
	listen   []string
	got      chan received
	restarts chan string
	giveUps  chan string
	store    *memIncarnations
}

type peerOpt func(*testPeer, *Config)

func withSeed(seed [32]byte) peerOpt { return func(p *testPeer, _ *Config) { p.seed = seed } }
func withInc(inc string) peerOpt     { return func(p *testPeer, _ *Config) { p.inc = inc } }
func withListen(addrs ...string) peerOpt {
	return func(p *testPeer, _ *Config) { p.listen = addrs }
}
func withConfig(f func(*Config)) peerOpt { return func(_ *testPeer, c *Config) { f(c) } }

func randomSeed(t testing.TB) [32]byte {
	var s [32]byte
	if _, err := rand.Read(s[:]); err != nil {
		t.Fatal(err)
	}
	return s
}

func randomUUID(t testing.TB) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func testLogger() *slog.Logger {
	if os.Getenv("TRANSPORT_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func newTestPeer(t testing.TB, opts ...peerOpt) *testPeer {
	t.Helper()
	p := &testPeer{
		seed:     randomSeed(t),
		inc:      randomUUID(t),
		listen:   []string{"/ip4/127.0.0.1/tcp/0"},
		got:      make(chan received, 4096),
		restarts: make(chan string, 16),
		giveUps:  make(chan string, 16),
		store:    &memIncarnations{m: map[string]string{}},
	}
	cfg := Config{
		ReconnectBaseDelay: 10 * time.Millisecond,
		ReconnectMaxDelay:  200 * time.Millisecond,
		Logger:             testLogger(),
	}
	for _, o := range opts {
		o(p, &cfg)
	}
	cfg.KeySeed = p.seed
	cfg.IncarnationID = p.inc
	if cfg.DirectListenAddrs == nil {
		cfg.DirectListenAddrs = p.listen
	}
	cfg.Incarnations = p.store
	if cfg.Handler == nil {
		cfg.Handler = func(from string, msg []byte) { p.got <- received{from, string(msg)} }
	}
	cfg.OnIncarnationChange = func(id string) { p.restarts <- id }
	cfg.OnGiveUp = func(id string) {
		select {
		case p.giveUps <- id:
		default:
		}
	}
	tr, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	p.Transport = tr
	t.Cleanup(func() { _ = tr.Close() })
	return p
}

func (p *testPeer) pid() peer.ID { return p.self }

// directAddrs are the peer's non-circuit listen addresses.
func (p *testPeer) directAddrs() []string {
	var out []string
	for _, a := range p.ListenAddresses() {
		if !strings.Contains(a, "/p2p-circuit") {
			out = append(out, a)
		}
	}
	return out
}

func ctxTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func mustSend(t testing.TB, from *testPeer, to *testPeer, msg string) {
	t.Helper()
	if err := from.Send(ctxTimeout(t, waitTimeout), to.PeerID(), []byte(msg)); err != nil {
		t.Fatalf("Send %q: %v", truncate(msg), err)
	}
}

func expectMsg(t testing.TB, p *testPeer, from *testPeer, want string) {
	t.Helper()
	select {
	case r := <-p.got:
		if r.from != from.PeerID() || r.msg != want {
			t.Fatalf("received %q from %s, want %q from %s", truncate(r.msg), r.from, truncate(want), from.PeerID())
		}
	case <-time.After(waitTimeout):
		t.Fatalf("timed out waiting for %q", truncate(want))
	}
}

func truncate(s string) string {
	if len(s) > 80 {
		return fmt.Sprintf("%s…(%d bytes)", s[:80], len(s))
	}
	return s
}

// eventually polls cond until it holds or waitTimeout passes.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *testPeer) hasCircuitAddr() bool {
	for _, a := range p.ListenAddresses() {
		if strings.Contains(a, "/p2p-circuit/p2p/") {
			return true
		}
	}
	return false
}

var relayListen = []string{"/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0/ws"}

func startRelay(t testing.TB, listen []string) *relaylib.Relay {
	t.Helper()
	r, err := relaylib.StartRelay(context.Background(), relaylib.Config{ListenAddrs: listen, DevIdentity: true})
	if err != nil {
		t.Fatalf("StartRelay: %v", err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// relayAddrs returns the relay's TCP and WebSocket addresses (with /p2p).
func relayAddrs(t testing.TB, r *relaylib.Relay) (tcp, ws string) {
	t.Helper()
	for _, a := range r.Addrs() {
		s := a.String()
		switch {
		case strings.Contains(s, "/ws/"):
			ws = s
		case strings.Contains(s, "/tcp/"):
			tcp = s
		}
	}
	if tcp == "" || ws == "" {
		t.Fatalf("relay addresses %v lack tcp or ws", r.Addrs())
	}
	return tcp, ws
}

// relayTCPAddr returns the relay's plain TCP address (with /p2p).
func relayTCPAddr(t testing.TB, r *relaylib.Relay) string {
	t.Helper()
	for _, a := range r.Addrs() {
		if s := a.String(); strings.Contains(s, "/tcp/") && !strings.Contains(s, "/ws") {
			return s
		}
	}
	t.Fatalf("relay addresses %v lack tcp", r.Addrs())
	return ""
}

func peerIDFromSeed(seed [32]byte) (peer.ID, error) { return identity.PeerIDFromSeed(seed) }
