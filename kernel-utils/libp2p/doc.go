// Package libp2p runs the ocap circuit relay: the Go counterpart of
// startRelay in @metamask/kernel-utils/libp2p, built on go-libp2p v0.51.0.
//
// Kernels behind NAT reserve a slot on the relay and reach each other
// through <relay>/p2p-circuit/p2p/<peer>. The upstream JS kernel treats a
// "limited" relayed connection as fatal, so by default the relay grants
// unlimited reservations and puts no data or duration cap on circuits.
//
// # Usage
//
//	r, err := libp2p.StartRelay(ctx, libp2p.Config{
//		IdentityFile: filepath.Join(home, "identity.key"),
//		Logger:       logger,
//	})
//	if err != nil { ... }
//	defer r.Close()
//	addr, err := libp2p.SelectRelayAddr(r.Addrs(), "", r.ID()) // for relay.addr
//
// # Defaults (upstream-compatible)
//
//   - Listen on /ip4/0.0.0.0/tcp/9001/ws (browsers, kernels) and
//     /ip4/0.0.0.0/tcp/9002 (TCP). Every listen address must bind.
//   - Noise security, yamux multiplexing, identify, ping, AutoNAT v1 and v2
//     services. Reachability is forced to public: a relay on a private
//     network is still a relay.
//   - Circuit relay v2 service with unlimited reservations, circuits and
//     per-IP/ASN slots, no per-circuit limit (relayv2.WithInfiniteLimits
//     semantics), 2 h reservations as in the JS relay, and a reservation
//     address filter that keeps private and loopback addresses.
//   - No connection gater, i.e. every address, private ones included, may
//     connect (upstream: denyDialMultiaddr returns false).
//   - Connection manager watermarks 512/768 (go-libp2p's 160/192 would trim
//     reserved peers on a busy relay).
//
// Differences from upstream: go-libp2p's relay connect timeout is a fixed
// 30 s (relayv2.ConnectTimeout), not upstream's 10 s hopTimeout, and cannot
// be configured. Operators may bound the service with Config.Limits; any
// per-circuit limit makes relayed connections limited, which the JS kernel
// rejects.
//
// # Identity
//
// DevIdentity returns the upstream development key (Ed25519, seed byte 0 =
// 200), peer ID DevPeerID. Its private key is derivable from public source
// code, so it is opt-in (Config.DevIdentity, CLI --dev-identity). Otherwise
// Config.IdentityFile names a key file that LoadOrCreateIdentity creates on
// first use (random Ed25519, mode 0600, created atomically) and reuses on
// every later start, so the peer ID, and every OCAP URL that embeds the
// relay as a hint, stays stable. The file holds a libp2p-marshalled private
// key (crypto.MarshalPrivateKey, as go-libp2p-relay-daemon and Kubo use).
// A key file with any group or other permission bit is refused
// (ErrInsecureKeyFile); unparsable content gives ErrBadKeyFile. Neither is
// ever overwritten. With no identity configured the relay uses an
// ephemeral key (tests).
//
// # Logging
//
// Config.Logger (log/slog, default discard) receives the start banner
// (a rule, "Relay Server Started", "PeerID: <id>", "Multiaddrs:", one
// address per record, a rule), connection open/close with peer, remote
// address, direction and the limited flag, peer connect/disconnect, and
// one record per reservation and per circuit request.
package libp2p
