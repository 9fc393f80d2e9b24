// Package transport is the libp2p transport under remote comms: one
// go-libp2p node per kernel, one long-lived bidirectional stream ("channel")
// per remote peer on the upstream application protocol "whatever", unsigned
// varint length-prefixed JSON frames, the incarnation handshake, and the
// upstream connection management (reconnection with full-jitter backoff,
// permanent failure after repeated identical errors, per-peer message and
// dial rate limits, a connection cap, a message size cap on both
// directions, stale-peer cleanup and clean shutdown), upstream's dial gate
// for unencrypted websockets (plain ws:// only to private, loopback,
// allowedWsHosts or plain-ws relay hosts; see wsgate.go) and its
// wake-from-sleep detector, which resets reconnection backoffs when the
// wall clock jumps (wake.go).
//
// The package is wire-compatible with the upstream JavaScript kernel at
// HEAD (length-prefixed framing, persisted peer incarnations), which
// remotes/wire_test.go checks against frames recorded from it.
// It knows nothing about RemoteHandle messages: frames are opaque UTF-8 JSON
// handed to Config.Handler in arrival order per peer.
package transport
