package libp2p

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	lp2p "github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	"github.com/libp2p/go-libp2p/p2p/transport/websocket"
	ma "github.com/multiformats/go-multiaddr"
)

const echoProto = protocol.ID("/ocap-go/test/echo/1.0.0")

// loopbackListen never uses the real 9001/9002 ports.
var loopbackListen = []string{"/ip4/127.0.0.1/tcp/0/ws", "/ip4/127.0.0.1/tcp/0"}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func startTestRelay(t testing.TB, cfg Config) *Relay {
	t.Helper()
	if cfg.ListenAddrs == nil {
		cfg.ListenAddrs = loopbackListen
	}
	r, err := StartRelay(testContext(t), cfg)
	if err != nil {
		t.Fatalf("StartRelay: %v", err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return r
}

// newClientHost is a NAT-ed kernel: no listen addresses, circuit client on.
func newClientHost(t testing.TB) host.Host {
	t.Helper()
	h, err := lp2p.New(
		lp2p.NoListenAddrs,
		lp2p.Transport(tcp.NewTCPTransport),
		lp2p.Transport(websocket.New),
		lp2p.Security(noise.ID, noise.New),
		lp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		lp2p.EnableRelay(),
		lp2p.DisableMetrics(),
	)
	if err != nil {
		t.Fatalf("client host: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// relayAddrInfo returns the relay's address for the wanted transport.
func relayAddrInfo(t testing.TB, r *Relay, wantWS bool) (peer.AddrInfo, ma.Multiaddr) {
	t.Helper()
	for _, a := range r.Addrs() {
		if isWS(a) == wantWS {
			info, err := peer.AddrInfoFromP2pAddr(a)
			if err != nil {
				t.Fatalf("AddrInfoFromP2pAddr(%s): %v", a, err)
			}
			return *info, a
		}
	}
	t.Fatalf("relay has no ws=%v address in %v", wantWS, r.Addrs())
	return peer.AddrInfo{}, nil
}

func reserve(ctx context.Context, t testing.TB, h host.Host, relay peer.AddrInfo) *client.Reservation {
	t.Helper()
	if err := h.Connect(ctx, relay); err != nil {
		t.Fatalf("connect to relay: %v", err)
	}
	rsvp, err := client.Reserve(ctx, h, relay)
	if err != nil {
		t.Fatalf("Reserve: %v", err)
	}
	return rsvp
}

// openCircuitStream reserves slots for a and b on the relay and opens an
// echo stream from a to b through <relay>/p2p-circuit/p2p/<b>. It does not
// allow limited connections, so it fails if the circuit is limited.
func openCircuitStream(ctx context.Context, t testing.TB, r *Relay, ws bool, allowLimited bool) (network.Stream, *client.Reservation) {
	t.Helper()
	a, b := newClientHost(t), newClientHost(t)
	b.SetStreamHandler(echoProto, func(s network.Stream) {
		defer s.Close()
		if _, err := io.Copy(s, s); err != nil {
			s.Reset()
		}
	})
	info, relayAddr := relayAddrInfo(t, r, ws)
	rsvpA := reserve(ctx, t, a, info)
	reserve(ctx, t, b, info)

	circuit, err := ma.NewMultiaddr(relayAddr.String() + "/p2p-circuit")
	if err != nil {
		t.Fatal(err)
	}
	a.Peerstore().AddAddrs(b.ID(), []ma.Multiaddr{circuit}, peerstore.TempAddrTTL)
	sctx := ctx
	if allowLimited {
		sctx = network.WithAllowLimitedConn(ctx, "test")
	}
	s, err := a.NewStream(sctx, b.ID(), echoProto)
	if err != nil {
		t.Fatalf("NewStream through circuit: %v", err)
	}
	t.Cleanup(func() { s.Reset() })
	if _, err := s.Conn().RemoteMultiaddr().ValueForProtocol(ma.P_CIRCUIT); err != nil {
		t.Fatalf("stream is not relayed: remote addr %s", s.Conn().RemoteMultiaddr())
	}
	return s, rsvpA
}

func TestRelayCircuit(t *testing.T) {
	const payload = 300 << 10 // > 128 KiB: go-libp2p's default per-circuit data limit

	for _, tc := range []struct {
		name string
		ws   bool
	}{
		{"tcp", false},
		{"websocket", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testContext(t)
			r := startTestRelay(t, Config{})
			s, rsvp := openCircuitStream(ctx, t, r, tc.ws, false)

			if rsvp.LimitData != 0 || rsvp.LimitDuration != 0 {
				t.Errorf("reservation carries limits data=%d duration=%v, want none", rsvp.LimitData, rsvp.LimitDuration)
			}
			if len(rsvp.Addrs) == 0 {
				t.Errorf("reservation has no relay addresses: loopback addresses were filtered out")
			}
			if s.Conn().Stat().Limited {
				t.Fatalf("relayed connection is limited")
			}

			want := make([]byte, payload)
			if _, err := rand.Read(want); err != nil {
				t.Fatal(err)
			}
			writeErr := make(chan error, 1)
			go func() {
				_, err := s.Write(want)
				if err == nil {
					err = s.CloseWrite()
				}
				writeErr <- err
			}()
			got, err := io.ReadAll(s)
			if err != nil {
				t.Fatalf("read echo: %v", err)
			}
			if err := <-writeErr; err != nil {
				t.Fatalf("write: %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("echo mismatch: got %d bytes, want %d", len(got), len(want))
			}
		})
	}
}

func TestRelayLimitsAreAdvertised(t *testing.T) {
	ctx := testContext(t)
	r := startTestRelay(t, Config{Limits: &Limits{CircuitDataLimit: 1 << 20, CircuitDurationLimit: time.Minute}})
	s, rsvp := openCircuitStream(ctx, t, r, false, true)
	if rsvp.LimitData != 1<<20 || rsvp.LimitDuration != time.Minute {
		t.Errorf("reservation limits data=%d duration=%v, want %d, %v", rsvp.LimitData, rsvp.LimitDuration, 1<<20, time.Minute)
	}
	if !s.Conn().Stat().Limited {
		t.Errorf("relayed connection through a bounded relay is not marked limited")
	}
}

func TestRelayMaxReservations(t *testing.T) {
	ctx := testContext(t)
	r := startTestRelay(t, Config{Limits: &Limits{MaxReservations: 1}})
	info, _ := relayAddrInfo(t, r, false)
	reserve(ctx, t, newClientHost(t), info)

	h := newClientHost(t)
	if err := h.Connect(ctx, info); err != nil {
		t.Fatal(err)
	}
	_, err := client.Reserve(ctx, h, info)
	var rerr client.ReservationError
	if !errors.As(err, &rerr) {
		t.Fatalf("second reservation: got %v, want a ReservationError", err)
	}
}

func TestStartRelayAddrs(t *testing.T) {
	r := startTestRelay(t, Config{PublicIP: "203.0.113.7", AnnounceAddrs: []string{"/dns4/relay.example/tcp/443/wss"}})
	var sawWS, sawTCP, sawPublicWS, sawPublicTCP, sawAnnounce bool
	for _, a := range r.Addrs() {
		id, err := a.ValueForProtocol(ma.P_P2P)
		if err != nil || id != r.ID().String() {
			t.Errorf("address %s does not end in /p2p/%s", a, r.ID())
		}
		s := a.String()
		switch {
		case strings.HasPrefix(s, "/ip4/127.0.0.1/") && isWS(a):
			sawWS = true
		case strings.HasPrefix(s, "/ip4/127.0.0.1/"):
			sawTCP = true
		case strings.HasPrefix(s, "/ip4/203.0.113.7/") && isWS(a):
			sawPublicWS = true
		case strings.HasPrefix(s, "/ip4/203.0.113.7/"):
			sawPublicTCP = true
		case strings.HasPrefix(s, "/dns4/relay.example/tcp/443/wss"):
			sawAnnounce = true
		}
	}
	if !sawWS || !sawTCP || !sawPublicWS || !sawPublicTCP || !sawAnnounce {
		t.Errorf("addrs %v: ws=%v tcp=%v publicWS=%v publicTCP=%v announce=%v",
			r.Addrs(), sawWS, sawTCP, sawPublicWS, sawPublicTCP, sawAnnounce)
	}
	sel, err := SelectRelayAddr(r.Addrs(), "", r.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sel.String(), "/ip4/203.0.113.7/tcp/") || !isWS(sel) {
		t.Errorf("SelectRelayAddr = %s, want the public ws address", sel)
	}
}

func TestStartRelayErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port

	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"port in use", Config{ListenAddrs: []string{"/ip4/127.0.0.1/tcp/0/ws", "/ip4/127.0.0.1/tcp/" + strconv.Itoa(busyPort)}}, "listen on /ip4/127.0.0.1/tcp/"},
		{"bad listen addr", Config{ListenAddrs: []string{"/ip4/nonsense"}}, "invalid listen address"},
		{"bad announce addr", Config{ListenAddrs: loopbackListen, AnnounceAddrs: []string{"nope"}}, "invalid announce address"},
		{"bad public ip", Config{ListenAddrs: loopbackListen, PublicIP: "example.com"}, "invalid public IP"},
		{"negative limit", Config{ListenAddrs: loopbackListen, Limits: &Limits{MaxCircuits: -1}}, "negative max circuits"},
		{"sub-second duration", Config{ListenAddrs: loopbackListen, Limits: &Limits{CircuitDurationLimit: time.Millisecond}}, "below 1s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := StartRelay(testContext(t), tc.cfg)
			if err == nil {
				r.Close()
				t.Fatalf("StartRelay succeeded, want error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}

	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := StartRelay(ctx, Config{ListenAddrs: loopbackListen}); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
	})
}

func TestRelayCloseIdempotent(t *testing.T) {
	r, err := StartRelay(testContext(t), Config{ListenAddrs: loopbackListen})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := r.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRelayLogging(t *testing.T) {
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	r := startTestRelay(t, Config{DevIdentity: true, Logger: logger})
	ctx := testContext(t)
	info, _ := relayAddrInfo(t, r, false)
	h := newClientHost(t)
	reserve(ctx, t, h, info)
	h.Close()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{
		strings.Repeat("=", 60),
		"Relay Server Started",
		"PeerID: " + DevPeerID,
		"Multiaddrs:",
		"/ip4/127.0.0.1/tcp/",
		"[CONNECTION] opened",
		"peer=" + h.ID().String(),
		"direction=Inbound",
		"[RELAY] reservation",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
