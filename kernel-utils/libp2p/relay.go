package libp2p

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	lp2p "github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/net/connmgr"
	relayv2 "github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	"github.com/libp2p/go-libp2p/p2p/transport/websocket"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

// Upstream-compatible defaults (upstream kernel-utils' libp2p relay).
const (
	// DefaultWSPort is the WebSocket port browsers and kernels dial.
	DefaultWSPort = 9001
	// DefaultTCPPort is the plain TCP port for server-to-server links.
	DefaultTCPPort = 9002
	// DefaultReservationTTL matches the JS relay's 2 h reservations
	// (go-libp2p's own default is 1 h).
	DefaultReservationTTL = 2 * time.Hour
)

// UserAgent is announced through identify.
const UserAgent = "ocap-go-relay"

// Connection-manager watermarks. go-libp2p's default (160/192) is sized for
// an ordinary peer; a relay holds one connection per reserved peer plus one
// per circuit endpoint, so it trims only far above that (relayd's values).
const (
	connMgrLow   = 512
	connMgrHigh  = 768
	connMgrGrace = 2 * time.Minute
)

// DefaultListenAddrs returns the upstream listen addresses:
// /ip4/0.0.0.0/tcp/9001/ws and /ip4/0.0.0.0/tcp/9002.
func DefaultListenAddrs() []string {
	return []string{
		"/ip4/0.0.0.0/tcp/" + strconv.Itoa(DefaultWSPort) + "/ws",
		"/ip4/0.0.0.0/tcp/" + strconv.Itoa(DefaultTCPPort),
	}
}

// Limits bounds the relay service for operators who expose it publicly.
// A zero field means "unlimited" for that dimension, so setting one bound
// never silently enables another.
//
// Setting CircuitDataLimit or CircuitDurationLimit makes every relayed
// connection "limited" in libp2p terms. The upstream JS kernel refuses to
// use limited connections (its protocol handlers lack
// runOnLimitedConnection), so only set them for relays that serve Go peers.
type Limits struct {
	// MaxReservations caps active reservations (go-libp2p default 128).
	MaxReservations int
	// MaxCircuits caps open relayed connections per peer (default 16).
	MaxCircuits int
	// MaxReservationsPerIP caps reservations from one IP address (default
	// 8). Note that every local peer shares 127.0.0.1.
	MaxReservationsPerIP int
	// MaxReservationsPerASN caps reservations from one IPv6 ASN (default 32).
	MaxReservationsPerASN int
	// CircuitDataLimit caps bytes relayed per circuit and direction
	// (default 128 KiB).
	CircuitDataLimit int64
	// CircuitDurationLimit caps the lifetime of a circuit (default 2 min).
	CircuitDurationLimit time.Duration
}

// Config configures StartRelay. The zero value starts an upstream-compatible
// relay on the default ports with a fresh, ephemeral identity.
type Config struct {
	// ListenAddrs are the multiaddrs to listen on; empty means
	// DefaultListenAddrs. Every address must bind or StartRelay fails.
	ListenAddrs []string
	// AnnounceAddrs are extra multiaddrs (without /p2p) to advertise, in
	// addition to the listen addresses.
	AnnounceAddrs []string
	// PublicIP, if set, adds /ip4/<ip>/tcp/<port>/ws and /ip4/<ip>/tcp/<port>
	// announce addresses for every TCP and WebSocket listener (upstream
	// --public-ip / LIBP2P_RELAY_PUBLIC_IP). IPv6 is accepted too.
	PublicIP string

	// PrivateKey, if set, is the relay identity (highest precedence).
	PrivateKey crypto.PrivKey
	// DevIdentity selects the fixed upstream development identity (DevPeerID).
	DevIdentity bool
	// IdentityFile is a key file loaded by LoadOrCreateIdentity. Empty with
	// DevIdentity false and PrivateKey nil means an ephemeral random key.
	IdentityFile string

	// Limits bounds the relay service; nil means unlimited, as upstream.
	Limits *Limits
	// ReservationTTL is the reservation lifetime; zero means
	// DefaultReservationTTL.
	ReservationTTL time.Duration

	// Logger receives connection, peer, reservation and circuit events and
	// the start banner. Nil discards them.
	Logger *slog.Logger
}

// ErrNoWSAddr is returned by SelectRelayAddr when the relay has no
// WebSocket address to advertise.
var ErrNoWSAddr = errors.New("no /tcp/<port>/ws multiaddr found")

// Relay is a running circuit relay v2 server. Close it to release its ports.
type Relay struct {
	host    host.Host
	service *relayv2.Relay
	log     *slog.Logger

	sub      event.Subscription
	notifiee network.Notifiee
	loopDone chan struct{}

	closeOnce sync.Once
	closeErr  error
}

// StartRelay starts a circuit relay v2 server: Noise + yamux over TCP and
// WebSocket, identify, ping, AutoNAT v1 and v2 services, reservations that
// advertise private and loopback addresses, and no per-circuit limits
// unless cfg.Limits says otherwise. It returns once every listen address is
// bound.
func StartRelay(ctx context.Context, cfg Config) (*Relay, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}

	sk, err := relayIdentity(cfg)
	if err != nil {
		return nil, err
	}
	listen, err := parseAddrs(defaultIfEmpty(cfg.ListenAddrs, DefaultListenAddrs()), "listen")
	if err != nil {
		return nil, err
	}
	announce, err := parseAddrs(cfg.AnnounceAddrs, "announce")
	if err != nil {
		return nil, err
	}
	var publicIP netip.Addr
	if cfg.PublicIP != "" {
		publicIP, err = netip.ParseAddr(cfg.PublicIP)
		if err != nil {
			return nil, fmt.Errorf("invalid public IP %q: %w", cfg.PublicIP, err)
		}
	}
	resources, err := relayResources(cfg)
	if err != nil {
		return nil, err
	}
	cm, err := connmgr.NewConnManager(connMgrLow, connMgrHigh, connmgr.WithGracePeriod(connMgrGrace))
	if err != nil {
		return nil, fmt.Errorf("create connection manager: %w", err)
	}

	h, err := lp2p.New(
		lp2p.Identity(sk),
		lp2p.NoListenAddrs, // listen below, one address at a time, so every failure is fatal
		lp2p.Transport(tcp.NewTCPTransport),
		lp2p.Transport(websocket.New),
		lp2p.Security(noise.ID, noise.New),
		lp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		lp2p.UserAgent(UserAgent),
		lp2p.Ping(true),
		// The relay serves circuits; it never needs to dial or accept them.
		lp2p.DisableRelay(),
		// A relay on a private network is still a relay: skip AutoNAT
		// probing and believe we are reachable.
		lp2p.ForceReachabilityPublic(),
		lp2p.EnableNATService(),
		lp2p.EnableAutoNATv2(),
		lp2p.ConnectionManager(cm),
		lp2p.AddrsFactory(announceFactory(announce, publicIP)),
		// No global Prometheus registration: a process may run several
		// relays (tests), and the CLI has no metrics endpoint yet.
		lp2p.DisableMetrics(),
		// No ConnectionGater: go-libp2p then allows every address,
		// including private and loopback ones (upstream's
		// denyDialMultiaddr: () => false).
	)
	if err != nil {
		return nil, fmt.Errorf("create relay host: %w", err)
	}

	r := &Relay{host: h, log: logger, loopDone: make(chan struct{})}
	fail := func(err error) (*Relay, error) {
		r.closeHost()
		return nil, err
	}

	// Subscribe before listening so no early connection goes unlogged.
	r.notifiee = &network.NotifyBundle{
		ConnectedF:    func(_ network.Network, c network.Conn) { r.logConn("[CONNECTION] opened", c) },
		DisconnectedF: func(_ network.Network, c network.Conn) { r.logConn("[CONNECTION] closed", c) },
	}
	h.Network().Notify(r.notifiee)
	r.sub, err = h.EventBus().Subscribe(new(event.EvtPeerConnectednessChanged))
	if err != nil {
		close(r.loopDone)
		return fail(fmt.Errorf("subscribe to peer events: %w", err))
	}
	go r.peerEventLoop()

	r.service, err = relayv2.New(h,
		relayv2.WithResources(resources),
		relayv2.WithReservationAddressFilter(keepAllButCircuit),
		relayv2.WithACL(loggingACL{log: logger}),
	)
	if err != nil {
		return fail(fmt.Errorf("start relay service: %w", err))
	}

	for _, a := range listen {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if err := h.Network().Listen(a); err != nil {
			return fail(fmt.Errorf("listen on %s: %w", a, err))
		}
	}
	r.banner()
	return r, nil
}

// ID returns the relay's peer ID.
func (r *Relay) ID() peer.ID { return r.host.ID() }

// Host returns the underlying libp2p host, for callers that need to add
// protocols or inspect connections.
func (r *Relay) Host() host.Host { return r.host }

// Addrs returns the relay's advertised addresses, each ending in /p2p/<id>,
// ready to be handed to clients (e.g. written to relay.addr).
func (r *Relay) Addrs() []ma.Multiaddr {
	self, err := ma.NewComponent("p2p", r.host.ID().String())
	if err != nil {
		return nil
	}
	var out []ma.Multiaddr
	for _, a := range r.host.Addrs() {
		if isCircuit(a) {
			continue
		}
		out = append(out, withComponent(a, self))
	}
	return out
}

// Close stops the relay service, then the host. It is safe to call more
// than once; later calls return the first result.
func (r *Relay) Close() error {
	r.closeOnce.Do(func() {
		var errs []error
		if r.service != nil {
			if err := r.service.Close(); err != nil {
				errs = append(errs, fmt.Errorf("close relay service: %w", err))
			}
		}
		if err := r.closeHost(); err != nil {
			errs = append(errs, err)
		}
		r.closeErr = errors.Join(errs...)
	})
	return r.closeErr
}

// closeHost stops event delivery, waits for the event goroutine and closes
// the host.
func (r *Relay) closeHost() error {
	if r.notifiee != nil {
		r.host.Network().StopNotify(r.notifiee)
	}
	if r.sub != nil {
		r.sub.Close()
		<-r.loopDone
	}
	if err := r.host.Close(); err != nil {
		return fmt.Errorf("close relay host: %w", err)
	}
	return nil
}

func (r *Relay) peerEventLoop() {
	defer close(r.loopDone)
	for e := range r.sub.Out() {
		ev, ok := e.(event.EvtPeerConnectednessChanged)
		if !ok {
			continue
		}
		switch ev.Connectedness {
		case network.Connected:
			r.log.Info("[RELAY] peer connected", "peer", ev.Peer)
		case network.NotConnected:
			r.log.Info("[RELAY] peer disconnected", "peer", ev.Peer)
		}
	}
}

func (r *Relay) logConn(msg string, c network.Conn) {
	r.log.Info(msg,
		"peer", c.RemotePeer(),
		"remote_addr", c.RemoteMultiaddr(),
		"direction", c.Stat().Direction,
		"limited", c.Stat().Limited,
	)
}

// banner logs the upstream start banner, one record per line so it reads
// the same through any slog handler.
func (r *Relay) banner() {
	rule := strings.Repeat("=", 60)
	r.log.Info(rule)
	r.log.Info("Relay Server Started")
	r.log.Info("PeerID: " + r.ID().String())
	r.log.Info("Multiaddrs:")
	for _, a := range r.Addrs() {
		r.log.Info("  " + a.String())
	}
	r.log.Info(rule)
}

// loggingACL admits every reservation and circuit (as upstream does) and
// logs them, which gives operators per-reservation and per-circuit records.
type loggingACL struct{ log *slog.Logger }

func (a loggingACL) AllowReserve(p peer.ID, addr ma.Multiaddr) bool {
	a.log.Info("[RELAY] reservation", "peer", p, "remote_addr", addr)
	return true
}

func (a loggingACL) AllowConnect(src peer.ID, srcAddr ma.Multiaddr, dest peer.ID) bool {
	a.log.Info("[RELAY] circuit", "src", src, "src_addr", srcAddr, "dest", dest)
	return true
}

func relayIdentity(cfg Config) (crypto.PrivKey, error) {
	switch {
	case cfg.PrivateKey != nil:
		return cfg.PrivateKey, nil
	case cfg.DevIdentity:
		return DevIdentity(), nil
	case cfg.IdentityFile != "":
		return LoadOrCreateIdentity(cfg.IdentityFile)
	default:
		sk, _, err := crypto.GenerateEd25519Key(nil)
		if err != nil {
			return nil, fmt.Errorf("generate ephemeral identity: %w", err)
		}
		return sk, nil
	}
}

// relayResources maps Config onto go-libp2p relay resources. Unlimited
// counts use math.MaxInt; no per-circuit Limit (WithInfiniteLimits) keeps
// relayed connections unlimited so JS kernels can use them.
func relayResources(cfg Config) (relayv2.Resources, error) {
	rc := relayv2.DefaultResources()
	rc.Limit = nil
	rc.ReservationTTL = DefaultReservationTTL
	if cfg.ReservationTTL < 0 {
		return rc, fmt.Errorf("negative reservation TTL %v", cfg.ReservationTTL)
	}
	if cfg.ReservationTTL > 0 {
		rc.ReservationTTL = cfg.ReservationTTL
	}
	rc.MaxReservations = math.MaxInt
	rc.MaxCircuits = math.MaxInt
	rc.MaxReservationsPerIP = math.MaxInt
	rc.MaxReservationsPerASN = math.MaxInt
	l := cfg.Limits
	if l == nil {
		return rc, nil
	}
	for name, v := range map[string]int64{
		"max reservations":         int64(l.MaxReservations),
		"max circuits":             int64(l.MaxCircuits),
		"max reservations per IP":  int64(l.MaxReservationsPerIP),
		"max reservations per ASN": int64(l.MaxReservationsPerASN),
		"circuit data limit":       l.CircuitDataLimit,
		"circuit duration limit":   int64(l.CircuitDurationLimit),
	} {
		if v < 0 {
			return rc, fmt.Errorf("relay limits: negative %s", name)
		}
	}
	if l.CircuitDurationLimit > 0 && l.CircuitDurationLimit < time.Second {
		// The wire format carries whole seconds.
		return rc, fmt.Errorf("relay limits: circuit duration limit %v is below 1s", l.CircuitDurationLimit)
	}
	setIfPositive(&rc.MaxReservations, l.MaxReservations)
	setIfPositive(&rc.MaxCircuits, l.MaxCircuits)
	setIfPositive(&rc.MaxReservationsPerIP, l.MaxReservationsPerIP)
	setIfPositive(&rc.MaxReservationsPerASN, l.MaxReservationsPerASN)
	if l.CircuitDataLimit > 0 || l.CircuitDurationLimit > 0 {
		// go-libp2p applies both halves of a RelayLimit, so an unset half
		// becomes effectively infinite (duration: the largest value the
		// uint32-seconds wire field can carry).
		rc.Limit = &relayv2.RelayLimit{Data: math.MaxInt64, Duration: math.MaxUint32 * time.Second}
		if l.CircuitDataLimit > 0 {
			rc.Limit.Data = l.CircuitDataLimit
		}
		if l.CircuitDurationLimit > 0 {
			rc.Limit.Duration = l.CircuitDurationLimit
		}
	}
	return rc, nil
}

func setIfPositive(dst *int, v int) {
	if v > 0 {
		*dst = v
	}
}

// announceFactory appends the announce addresses and, with a public IP, a
// public twin of every TCP/WebSocket listen address (same port).
func announceFactory(announce []ma.Multiaddr, publicIP netip.Addr) func([]ma.Multiaddr) []ma.Multiaddr {
	return func(addrs []ma.Multiaddr) []ma.Multiaddr {
		out := make([]ma.Multiaddr, 0, len(addrs)+len(announce)+2)
		seen := make(map[string]bool)
		add := func(a ma.Multiaddr) {
			if k := string(a.Bytes()); !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
		for _, a := range addrs {
			add(a)
		}
		if publicIP.IsValid() {
			for _, a := range addrs {
				if p, ok := publicTwin(a, publicIP); ok {
					add(p)
				}
			}
		}
		for _, a := range announce {
			add(a)
		}
		return out
	}
}

// publicTwin rewrites /ipX/<any>/tcp/<port>[/ws] to use ip.
func publicTwin(a ma.Multiaddr, ip netip.Addr) (ma.Multiaddr, bool) {
	port, err := a.ValueForProtocol(ma.P_TCP)
	if err != nil {
		return nil, false
	}
	proto := "ip4"
	if ip.Is6() && !ip.Is4In6() {
		proto = "ip6"
	}
	s := fmt.Sprintf("/%s/%s/tcp/%s", proto, ip.Unmap(), port)
	if isWS(a) {
		s += "/ws"
	} else if len(a) != 2 {
		return nil, false // not plain TCP (e.g. /tls/ws, /wss)
	}
	m, err := ma.NewMultiaddr(s)
	return m, err == nil
}

// SelectRelayAddr picks the address written to relay.addr, with upstream's
// rules: among addresses containing /tcp/<port>/ws, a public IPv4 one
// first, then any non-loopback one, then the first. With publicIP set it
// synthesises /ip4/<publicIP>/tcp/<port>/ws/p2p/<id> using the port of the
// first WebSocket address. The result always ends in /p2p/<id>. It returns
// ErrNoWSAddr if no WebSocket address exists.
func SelectRelayAddr(addrs []ma.Multiaddr, publicIP string, id peer.ID) (ma.Multiaddr, error) {
	var ws []ma.Multiaddr
	for _, a := range addrs {
		if isWS(a) && !isCircuit(a) {
			ws = append(ws, a)
		}
	}
	if len(ws) == 0 {
		return nil, ErrNoWSAddr
	}
	self, err := ma.NewComponent("p2p", id.String())
	if err != nil {
		return nil, fmt.Errorf("relay peer ID: %w", err)
	}
	if publicIP != "" {
		ip, err := netip.ParseAddr(publicIP)
		if err != nil {
			return nil, fmt.Errorf("invalid public IP %q: %w", publicIP, err)
		}
		twin, ok := publicTwin(stripP2P(ws[0]), ip)
		if !ok {
			return nil, ErrNoWSAddr
		}
		return withComponent(twin, self), nil
	}
	chosen := ws[0]
	if a, ok := firstMatch(ws, isPublicIPv4); ok {
		chosen = a
	} else if a, ok := firstMatch(ws, func(a ma.Multiaddr) bool { return !manet.IsIPLoopback(a) }); ok {
		chosen = a
	}
	return withComponent(stripP2P(chosen), self), nil
}

func firstMatch(addrs []ma.Multiaddr, pred func(ma.Multiaddr) bool) (ma.Multiaddr, bool) {
	for _, a := range addrs {
		if pred(a) {
			return a, true
		}
	}
	return nil, false
}

func isPublicIPv4(a ma.Multiaddr) bool {
	if _, err := a.ValueForProtocol(ma.P_IP4); err != nil {
		return false
	}
	return manet.IsPublicAddr(a)
}

// isWS reports whether a is a plain (non-TLS) WebSocket address,
// /ipX/<ip>/tcp/<port>/ws[/p2p/<id>].
func isWS(a ma.Multiaddr) bool {
	for i, c := range a {
		if c.Code() == ma.P_WS {
			return i > 0 && a[i-1].Code() == ma.P_TCP
		}
	}
	return false
}

func isCircuit(a ma.Multiaddr) bool {
	_, err := a.ValueForProtocol(ma.P_CIRCUIT)
	return err == nil
}

// withComponent returns a copy of a with c appended; Multiaddr is a slice,
// so appending in place could clobber a shared backing array.
func withComponent(a ma.Multiaddr, c *ma.Component) ma.Multiaddr {
	out := make(ma.Multiaddr, 0, len(a)+1)
	out = append(out, a...)
	return append(out, *c)
}

func stripP2P(a ma.Multiaddr) ma.Multiaddr {
	if len(a) > 0 && a[len(a)-1].Code() == ma.P_P2P {
		return a[:len(a)-1]
	}
	return a
}

// keepAllButCircuit is the reservation address filter: unlike go-libp2p's
// default (public addresses only) it keeps private and loopback addresses,
// so clients on a LAN or on one machine learn usable relay addresses.
func keepAllButCircuit(a ma.Multiaddr) bool { return !isCircuit(a) }

func parseAddrs(ss []string, what string) ([]ma.Multiaddr, error) {
	out := make([]ma.Multiaddr, 0, len(ss))
	for _, s := range ss {
		a, err := ma.NewMultiaddr(s)
		if err != nil {
			return nil, fmt.Errorf("invalid %s address %q: %w", what, s, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func defaultIfEmpty(v, def []string) []string {
	if len(v) == 0 {
		return def
	}
	return v
}
