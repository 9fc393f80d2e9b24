package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	lp2p "github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	libp2pquic "github.com/libp2p/go-libp2p/p2p/transport/quic"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	"github.com/libp2p/go-libp2p/p2p/transport/websocket"
	ma "github.com/multiformats/go-multiaddr"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
)

// Upstream defaults (its remote-comms constants) and fixed timeouts (its
// transport).
const (
	DefaultMaxConcurrentConnections       = 100
	DefaultMaxMessagesPerSecond           = 100
	DefaultMaxConnectionAttemptsPerMinute = 10
	DefaultCleanupInterval                = 15 * time.Minute
	DefaultStalePeerTimeout               = time.Hour
	DefaultWakeCheckInterval              = 15 * time.Second
	DefaultWakeJumpThreshold              = 30 * time.Second

	// HandshakeTimeout bounds each handshake read and write.
	HandshakeTimeout = 10 * time.Second
	// WriteTimeout bounds one frame write, including waiting for the
	// channel's writer slot.
	WriteTimeout = 10 * time.Second
	// DialTimeout bounds one dial attempt over all candidate addresses.
	DialTimeout = 30 * time.Second

	messageRateWindow    = time.Second
	connectionRateWindow = time.Minute
	// maxHintsPerPeer bounds remembered location hints per peer (upstream
	// HEAD caps its relay pool at 20).
	maxHintsPerPeer = 20
	// maxRememberedPeers bounds the peers whose location hints are kept,
	// and separately those with an intentional-close mark: both outlive
	// the peers' connection state, and outside input (redeemed URLs,
	// registerLocationHints) names new peers at will. The kernel keeps
	// its peers' hints in its own records and registers them again when
	// it uses them.
	maxRememberedPeers = 4096
	// raceWindow is how long after registering an outbound channel an
	// inbound one from the same peer is treated as a simultaneous dial
	// rather than a re-dial (see handleStream).
	raceWindow = HandshakeTimeout
	// userAgent is announced through identify.
	userAgent = "ocap-go-kernel"
)

// IncarnationStore persists the last incarnation id seen for each peer
// (upstream HEAD KV key peerIncarnation.<peerId>), so that a restart of
// the peer is detected even across restarts of this kernel.
type IncarnationStore interface {
	Get(peerID string) (string, bool)
	Set(peerID, incarnation string)
}

// Config configures New. Zero numeric fields select the upstream defaults.
//
// The callbacks run on transport goroutines, never on the goroutine of a
// Send or other method call, and never with a transport lock held; they
// must not call Close.
type Config struct {
	// KeySeed is the kernel's Ed25519 seed (identity.PrivateKeyFromSeed).
	KeySeed [32]byte
	// IncarnationID is this kernel's incarnation, sent in every handshake.
	IncarnationID string
	// Relays are relay multiaddrs ending in /p2p/<relayID>. The transport
	// keeps a reservation on every relay and dials peers through them.
	Relays []string
	// DirectListenAddrs are direct listen multiaddrs, e.g.
	// /ip4/127.0.0.1/tcp/0 or /ip4/127.0.0.1/udp/0/quic-v1. Empty means
	// reachable through relays only.
	DirectListenAddrs []string
	// AllowedWsHosts are hosts (as they appear in ip4/ip6/dns4/dns6/dnsaddr
	// components) that plain ws:// may be dialled to besides private and
	// loopback ones; hosts of plain-ws relays are always allowed.
	AllowedWsHosts []string

	// MaxRetryAttempts bounds reconnection and send-path dial retries; 0
	// retries forever (upstream default).
	MaxRetryAttempts int
	// MaxConcurrentConnections caps peers with a channel (default 100).
	MaxConcurrentConnections int
	// MaxMessagesPerSecond caps sends per peer in a sliding 1 s window,
	// acks included (default 100).
	MaxMessagesPerSecond int
	// MaxConnectionAttemptsPerMinute caps dials per peer in a sliding 60 s
	// window (default 10).
	MaxConnectionAttemptsPerMinute int
	// MaxMessageSize caps frames in both directions (default 1 MiB).
	MaxMessageSize int

	// ReconnectBaseDelay and ReconnectMaxDelay shape the full-jitter
	// reconnection backoff (defaults 500 ms and 10 s, as upstream). Tests
	// lower them; production leaves them zero.
	ReconnectBaseDelay time.Duration
	ReconnectMaxDelay  time.Duration
	// CleanupInterval and StalePeerTimeout tune the stale-peer sweep
	// (defaults 15 min and 1 h).
	CleanupInterval  time.Duration
	StalePeerTimeout time.Duration

	// Logger receives transport events; nil discards them.
	Logger *slog.Logger
	// Handler receives every inbound message, in order per peer, on the
	// peer's read goroutine. It must not block for long.
	Handler func(from string, msg []byte)
	// OnGiveUp is called when reconnection to a peer is abandoned.
	OnGiveUp func(peerID string)
	// OnIncarnationChange is called when a handshake shows that a known
	// peer restarted, before any message of its new incarnation is handed
	// to Handler.
	OnIncarnationChange func(peerID string)
	// Incarnations persists peer incarnations; nil keeps them in memory.
	Incarnations IncarnationStore

	// WakeCheckInterval and WakeJumpThreshold tune the wake-from-sleep
	// detector (defaults 15 s and 30 s, as upstream).
	WakeCheckInterval time.Duration
	WakeJumpThreshold time.Duration

	// backoff, when set by tests, replaces the reconnection backoff.
	backoff func(attempt int) time.Duration
	// wakeTicks, when set by tests, replaces the wake detector's ticker:
	// each value is the wall-clock time of one check.
	wakeTicks <-chan time.Time
}

// Transport is one kernel's libp2p node and its channels. All methods are
// safe for concurrent use.
type Transport struct {
	cfg     Config
	log     *slog.Logger
	host    host.Host
	self    peer.ID
	relays  []relayAddr
	gate    *wsGate
	handler func(from string, msg []byte)

	incMu        sync.Mutex
	incarnations IncarnationStore
	inc          atomic.Pointer[string] // our incarnation id (SetIncarnation)

	ctx    context.Context // cancelled by Close; parent of every loop
	cancel context.CancelFunc
	wg     sync.WaitGroup // every goroutine the transport owns

	mu           sync.Mutex
	stopped      bool
	peers        map[peer.ID]*peerState
	hints        map[peer.ID][]string
	intentional  map[peer.ID]bool
	nchannels    int
	pending      map[*channel]struct{} // inbound channels mid-handshake
	reservations map[peer.ID]bool      // relays with an active reservation

	closeOnce sync.Once
	closeErr  error
}

// peerState is the per-peer connection state, guarded by Transport.mu.
type peerState struct {
	ch           *channel
	dial         *dialCall
	recon        *reconnection
	lastActivity time.Time
	permFailed   bool
	attempts     int      // reconnection attempts since the last reset
	errCodes     []string // recent reconnection error codes
	msgRate      slidingWindow
	dialRate     slidingWindow
}

// New starts the libp2p host, listens on the direct addresses, registers
// the protocol handler and starts keeping reservations on the relays (in
// the background, retrying NO_RESERVATION and startup races with backoff).
// ctx bounds start-up only; the transport runs until Close.
func New(ctx context.Context, cfg Config) (*Transport, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)
	if cfg.MaxRetryAttempts < 0 {
		return nil, fmt.Errorf("transport: MaxRetryAttempts %d is negative", cfg.MaxRetryAttempts)
	}
	relays, err := parseRelays(cfg.Relays)
	if err != nil {
		return nil, err
	}
	for _, a := range cfg.DirectListenAddrs {
		if _, err := ma.NewMultiaddr(a); err != nil {
			return nil, fmt.Errorf("transport: invalid direct listen address %q: %w", a, err)
		}
	}
	gate := newWsGate(cfg.AllowedWsHosts, relays)
	priv, err := identity.PrivateKeyFromSeed(cfg.KeySeed)
	if err != nil {
		return nil, fmt.Errorf("transport: %w", err)
	}

	opts := []lp2p.Option{
		lp2p.Identity(priv),
		lp2p.Transport(tcp.NewTCPTransport),
		lp2p.Transport(libp2pquic.NewTransport),
		lp2p.Transport(websocket.New), // dialing relays on /ws
		lp2p.Security(noise.ID, noise.New),
		lp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		lp2p.EnableRelay(), // circuit v2 client: dial and accept /p2p-circuit
		lp2p.Ping(true),
		lp2p.UserAgent(userAgent),
		// Several kernels may share a process (tests); no global
		// Prometheus registration.
		lp2p.DisableMetrics(),
		// Plain ws:// only to private, loopback or allowed hosts, for
		// every dial the swarm makes (upstream denyDialMultiaddr).
		lp2p.ConnectionGater(gate),
		// No /webrtc-signaling handler: the JS dialer then falls back to
		// plain circuit addresses.
	}
	if len(cfg.DirectListenAddrs) > 0 {
		opts = append(opts, lp2p.ListenAddrStrings(cfg.DirectListenAddrs...))
	} else {
		opts = append(opts, lp2p.NoListenAddrs)
	}
	h, err := lp2p.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("transport: start libp2p host: %w", err)
	}

	tctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	t := &Transport{
		cfg:          cfg,
		log:          cfg.Logger,
		host:         h,
		self:         h.ID(),
		relays:       relays,
		gate:         gate,
		handler:      cfg.Handler,
		incarnations: cfg.Incarnations,
		ctx:          tctx,
		cancel:       cancel,
		peers:        make(map[peer.ID]*peerState),
		hints:        make(map[peer.ID][]string),
		intentional:  make(map[peer.ID]bool),
		pending:      make(map[*channel]struct{}),
		reservations: make(map[peer.ID]bool),
	}
	t.inc.Store(&cfg.IncarnationID)
	if t.incarnations == nil {
		t.incarnations = &memIncarnations{m: make(map[string]string)}
	}
	if t.handler == nil {
		t.handler = func(from string, msg []byte) {
			t.log.Warn("no message handler; dropping inbound message", "peer", from, "bytes", len(msg))
		}
	}
	h.SetStreamHandler(protocol.ID(ProtocolID), t.handleStream)
	if err := t.startRelays(); err != nil {
		_ = t.Close()
		return nil, err
	}
	t.wg.Add(1)
	go t.sweepLoop()
	t.startWakeDetector()
	t.log.Info("remote comms transport started", "peer", t.self, "listen", t.ListenAddresses())
	return t, nil
}

func withDefaults(cfg Config) Config {
	setDefault := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setDefault(&cfg.MaxConcurrentConnections, DefaultMaxConcurrentConnections)
	setDefault(&cfg.MaxMessagesPerSecond, DefaultMaxMessagesPerSecond)
	setDefault(&cfg.MaxConnectionAttemptsPerMinute, DefaultMaxConnectionAttemptsPerMinute)
	setDefault(&cfg.MaxMessageSize, DefaultMaxMessageSize)
	if cfg.CleanupInterval <= 0 {
		cfg.CleanupInterval = DefaultCleanupInterval
	}
	if cfg.StalePeerTimeout <= 0 {
		cfg.StalePeerTimeout = DefaultStalePeerTimeout
	}
	if cfg.WakeCheckInterval <= 0 {
		cfg.WakeCheckInterval = DefaultWakeCheckInterval
	}
	if cfg.WakeJumpThreshold <= 0 {
		cfg.WakeJumpThreshold = DefaultWakeJumpThreshold
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return cfg
}

// PeerID returns this node's libp2p peer id ("12D3KooW…").
func (t *Transport) PeerID() string { return t.self.String() }

// ListenAddresses returns the direct listen addresses and, for every relay
// with an active reservation, <relay>/p2p-circuit/p2p/<self>; each ends in
// /p2p/<self>, ready to be used as a location hint.
func (t *Transport) ListenAddresses() []string {
	self := "/p2p/" + t.self.String()
	var out []string
	for _, a := range t.host.Addrs() {
		if isCircuit(a) {
			continue
		}
		out = append(out, a.String()+self)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, r := range t.relays {
		if t.reservations[r.info.ID] {
			out = append(out, r.raw+"/p2p-circuit"+self)
		}
	}
	return out
}

// Send writes msg to the peer as one frame, dialing (direct hints first,
// then every relay) and handshaking first if there is no channel. The
// errors callers distinguish are ErrNetworkStopped, *IntentionalCloseError,
// *ResourceLimitError, *PeerRestartedError and *SendTimeoutError; any
// other error means the connection failed and reconnection has started.
func (t *Transport) Send(ctx context.Context, to string, msg []byte) error {
	pid, err := peer.Decode(to)
	if err != nil {
		return fmt.Errorf("send: invalid peer id %q: %w", to, err)
	}
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return ErrNetworkStopped
	}
	if t.intentional[pid] {
		t.mu.Unlock()
		return &IntentionalCloseError{PeerID: to}
	}
	if len(msg) > t.cfg.MaxMessageSize {
		t.mu.Unlock()
		return messageSizeError(len(msg), t.cfg.MaxMessageSize)
	}
	ps := t.peerLocked(pid)
	// Checked and recorded before sending, so failed sends count too.
	if err := ps.msgRate.checkAndRecord(time.Now(), t.cfg.MaxMessagesPerSecond, messageRateWindow, LimitMessageRate); err != nil {
		t.mu.Unlock()
		return err
	}
	ch := ps.ch
	t.mu.Unlock()

	frame := appendFrame(nil, msg)
	// A channel replaced (e.g. by the peer's re-dial) while we waited to
	// write is retried once on its successor.
	for retried := false; ; retried = true {
		if ch == nil {
			if ch, err = t.connect(ctx, pid); err != nil {
				return err
			}
		}
		err = ch.write(ctx, frame)
		if err == nil {
			t.noteActivity(pid)
			return nil
		}
		var nw *notWrittenError
		if !errors.As(err, &nw) {
			// A failed or partial write leaves the stream unusable.
			t.channelFailed(ch, err)
			return fmt.Errorf("send to %s: %w", pid, err)
		}
		if retried || !errors.Is(err, errChannelClosed) {
			return fmt.Errorf("send to %s: %w", pid, err)
		}
		if ch = t.currentChannel(pid); ch == nil && t.isStopped() {
			return ErrNetworkStopped
		}
	}
}

func (t *Transport) isStopped() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stopped
}

// RegisterLocationHints remembers multiaddrs at which the peer may be
// reached: its own direct addresses (ending in /p2p/<peerID>) or relays.
// At most maxHintsPerPeer are kept, newest last.
func (t *Transport) RegisterLocationHints(peerID string, hints []string) {
	pid, err := peer.Decode(peerID)
	if err != nil {
		t.log.Warn("ignoring location hints for invalid peer id", "peer", peerID, "err", err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.addHintsLocked(pid, hints)
}

func (t *Transport) addHintsLocked(pid peer.ID, hints []string) {
	cur := t.hints[pid]
	for _, h := range hints {
		if h == "" {
			continue
		}
		for i, c := range cur {
			if c == h {
				cur = append(cur[:i:i], cur[i+1:]...)
				break
			}
		}
		cur = append(cur, h)
	}
	if len(cur) > maxHintsPerPeer {
		cur = append([]string(nil), cur[len(cur)-maxHintsPerPeer:]...)
	}
	if len(cur) > 0 {
		if _, known := t.hints[pid]; !known {
			makeRoom(t.hints, t.idleLocked)
		}
		t.hints[pid] = cur
	}
}

// makeRoom keeps m, a per-peer map, below maxRememberedPeers for one more
// entry, forgetting a peer without connection state if there is one.
func makeRoom[V any](m map[peer.ID]V, idle func(peer.ID) bool) {
	if len(m) < maxRememberedPeers {
		return
	}
	var victim peer.ID
	for pid := range m {
		victim = pid
		if idle(pid) {
			break
		}
	}
	delete(m, victim)
}

// idleLocked reports whether the transport has no connection state for pid.
func (t *Transport) idleLocked(pid peer.ID) bool { return t.peers[pid] == nil }

// CloseConnection intentionally closes the channel to a peer: its
// reconnection and any dial stop, later sends fail with
// IntentionalCloseError and inbound channels from it are refused until
// ReconnectPeer.
func (t *Transport) CloseConnection(peerID string) error {
	pid, err := peer.Decode(peerID)
	if err != nil {
		return fmt.Errorf("close connection: invalid peer id %q: %w", peerID, err)
	}
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return ErrNetworkStopped
	}
	if !t.intentional[pid] {
		makeRoom(t.intentional, t.idleLocked)
	}
	t.intentional[pid] = true
	var ch *channel
	if ps := t.peers[pid]; ps != nil {
		ch = ps.ch
		t.unregisterLocked(pid, ps)
		if ps.recon != nil {
			ps.recon.cancel()
			ps.recon = nil
		}
		if ps.dial != nil {
			ps.dial.cancel()
			ps.dial = nil
		}
	}
	t.mu.Unlock()
	if ch != nil {
		ch.close()
	}
	t.log.Info("connection intentionally closed", "peer", pid)
	return nil
}

// ReconnectPeer revives a peer after CloseConnection or a give-up: it
// clears the intentional-close and permanent-failure marks, remembers the
// hints and, unless a channel or a reconnection already exists, starts
// reconnecting with backoff.
func (t *Transport) ReconnectPeer(peerID string, hints []string) {
	pid, err := peer.Decode(peerID)
	if err != nil {
		t.log.Warn("ignoring reconnect for invalid peer id", "peer", peerID, "err", err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	delete(t.intentional, pid)
	ps := t.peerLocked(pid)
	if ps.recon != nil {
		return
	}
	ps.permFailed = false
	t.addHintsLocked(pid, hints)
	if ps.ch == nil {
		t.startReconnectionLocked(pid, ps)
	}
}

// Close stops every loop, closes every channel and the host. It is
// idempotent; later calls return the first result. Sends after Close fail
// with ErrNetworkStopped.
func (t *Transport) Close() error {
	t.closeOnce.Do(func() {
		t.mu.Lock()
		t.stopped = true
		var chans []*channel
		for pid, ps := range t.peers {
			if ps.ch != nil {
				chans = append(chans, ps.ch)
				t.unregisterLocked(pid, ps)
			}
		}
		for ch := range t.pending {
			chans = append(chans, ch)
		}
		t.mu.Unlock()

		t.cancel()
		t.host.RemoveStreamHandler(protocol.ID(ProtocolID))
		for _, ch := range chans {
			ch.close()
		}
		if err := t.host.Close(); err != nil {
			t.closeErr = fmt.Errorf("transport: close libp2p host: %w", err)
		}
		t.wg.Wait()
		t.log.Info("remote comms transport stopped", "peer", t.self)
	})
	return t.closeErr
}

// peerLocked returns the state for pid, creating it.
func (t *Transport) peerLocked(pid peer.ID) *peerState {
	ps := t.peers[pid]
	if ps == nil {
		ps = &peerState{lastActivity: time.Now()}
		t.peers[pid] = ps
	}
	return ps
}

// noteActivity records traffic with the peer, which also resets its
// reconnection backoff and error history.
func (t *Transport) noteActivity(pid peer.ID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ps := t.peers[pid]; ps != nil {
		ps.lastActivity = time.Now()
		ps.attempts = 0
		ps.errCodes = nil
	}
}

// recordIncarnation stores the peer's incarnation and reports whether it
// differs from a previously known one (upstream setRemoteIncarnation).
func (t *Transport) recordIncarnation(pid peer.ID, incarnation string) bool {
	t.incMu.Lock()
	defer t.incMu.Unlock()
	prev, ok := t.incarnations.Get(pid.String())
	if ok && prev == incarnation {
		return false
	}
	t.incarnations.Set(pid.String(), incarnation)
	return ok
}

// memIncarnations is the in-memory IncarnationStore used when Config has
// none.
type memIncarnations struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memIncarnations) Get(peerID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[peerID]
	return v, ok
}

func (s *memIncarnations) Set(peerID, incarnation string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[peerID] = incarnation
}

// backoffFor returns the reconnection delay before the given attempt.
func (t *Transport) backoffFor(attempt int) time.Duration {
	if t.cfg.backoff != nil {
		return t.cfg.backoff(attempt)
	}
	return kernelutils.CalculateReconnectionBackoff(attempt, kernelutils.BackoffOptions{
		BaseDelay: t.cfg.ReconnectBaseDelay,
		MaxDelay:  t.cfg.ReconnectMaxDelay,
	})
}
