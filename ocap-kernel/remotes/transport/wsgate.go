package transport

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// PlainWsRefusedError reports a dial to an unencrypted websocket address
// whose host is neither private nor allowed (upstream's connection gater
// denies these). It is final: reconnection gives up on it.
type PlainWsRefusedError struct {
	Addr string // the refused multiaddr
	Host string // its host, "" when it names none upstream recognises
}

func (e *PlainWsRefusedError) Error() string {
	host := e.Host
	if host == "" {
		host = "(no ip4/ip6/dns4/dns6/dnsaddr host)"
	}
	return fmt.Sprintf("refusing plain ws:// dial to %s: host %s is not a private or loopback address and not in allowedWsHosts", e.Addr, host)
}

// wsGate is upstream's denyDialMultiaddr: plain ws:// (ws without wss or
// tls) is dialled only to private/loopback hosts or allowed ones, which
// are allowedWsHosts plus the hosts of plain-ws relays.
type wsGate struct {
	allowed []string
}

func newWsGate(allowedWsHosts []string, relays []relayAddr) *wsGate {
	g := &wsGate{}
	add := func(h string) {
		if !slices.Contains(g.allowed, h) {
			g.allowed = append(g.allowed, h)
		}
	}
	for _, h := range allowedWsHosts {
		add(h)
	}
	for _, r := range relays {
		if isPlainWs(r.addr) {
			if h, ok := multiaddrHost(r.addr); ok {
				add(h)
			}
		}
	}
	return g
}

// check returns nil when a may be dialled, else a *PlainWsRefusedError.
func (g *wsGate) check(a ma.Multiaddr) error {
	if !isPlainWs(a) {
		return nil // wss, tls, tcp, quic, circuit over those, ...
	}
	host, _ := multiaddrHost(a)
	if isPrivateAddress(host) || slices.Contains(g.allowed, host) {
		return nil
	}
	return &PlainWsRefusedError{Addr: a.String(), Host: host}
}

// The connection gater applies check to every address the swarm dials,
// including addresses learned through identify and relay dials.
func (g *wsGate) InterceptPeerDial(peer.ID) bool { return true }
func (g *wsGate) InterceptAddrDial(_ peer.ID, a ma.Multiaddr) bool {
	return g.check(a) == nil
}
func (g *wsGate) InterceptAccept(network.ConnMultiaddrs) bool { return true }
func (g *wsGate) InterceptSecured(network.Direction, peer.ID, network.ConnMultiaddrs) bool {
	return true
}
func (g *wsGate) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }

// isPlainWs is upstream's isPlainWs: a ws component and neither wss nor tls.
func isPlainWs(a ma.Multiaddr) bool {
	var ws, secure bool
	for _, c := range a {
		switch c.Code() {
		case ma.P_WS:
			ws = true
		case ma.P_WSS, ma.P_TLS:
			secure = true
		}
	}
	return ws && !secure
}

// multiaddrHost is upstream's getHost: the value of the first ip4, ip6,
// dns4, dns6 or dnsaddr component (upstream does not count /dns).
func multiaddrHost(a ma.Multiaddr) (string, bool) {
	for _, c := range a {
		switch c.Code() {
		case ma.P_IP4, ma.P_IP6, ma.P_DNS4, ma.P_DNS6, ma.P_DNSADDR:
			return c.Value(), true
		}
	}
	return "", false
}

var (
	ipv4Pattern = regexp.MustCompile(`^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$`)
	// Hex digits and colons with at least one colon, so that an all-hex
	// hostname such as "fdcafe" is not taken for fc00::/7.
	ipv6Pattern = regexp.MustCompile(`^[0-9a-f]*:[0-9a-f:]+$`)
)

// isPrivateAddress is upstream's isPrivateAddress: localhost, ::1,
// fc00::/7, fe80::/64 (textual prefix), 127/8, 10/8, 172.16/12 and
// 192.168/16.
func isPrivateAddress(host string) bool {
	if host == "localhost" || host == "::1" {
		return true
	}
	lower := strings.ToLower(host)
	if ipv6Pattern.MatchString(lower) &&
		(strings.HasPrefix(lower, "fc") || strings.HasPrefix(lower, "fd") || strings.HasPrefix(lower, "fe80:")) {
		return true
	}
	m := ipv4Pattern.FindStringSubmatch(host)
	if m == nil {
		return false
	}
	var o [4]int
	for i := range o {
		n, _ := strconv.Atoi(m[i+1])
		if n > 255 {
			return false
		}
		o[i] = n
	}
	return o[0] == 127 || o[0] == 10 ||
		(o[0] == 172 && o[1] >= 16 && o[1] <= 31) ||
		(o[0] == 192 && o[1] == 168)
}
