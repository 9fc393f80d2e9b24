package transport

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/net/swarm"
	ma "github.com/multiformats/go-multiaddr"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// dialCall is one in-flight dial-and-handshake to a peer, shared by every
// caller that needs a channel to it meanwhile (upstream dialIdempotent).
type dialCall struct {
	done      chan struct{}
	cancel    context.CancelFunc
	waiters   int // guarded by Transport.mu
	ch        *channel
	restarted bool
	err       error
}

// connect returns a channel to pid for Send: it clears a permanent failure
// (a user send revives the peer), checks the connection cap and dial rate,
// then joins or starts the peer's dial (with retries). A dial that finds a
// restarted peer registers the channel but fails with PeerRestartedError.
func (t *Transport) connect(ctx context.Context, pid peer.ID) (*channel, error) {
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return nil, ErrNetworkStopped
	}
	ps := t.peerLocked(pid)
	if ps.ch != nil {
		ch := ps.ch
		t.mu.Unlock()
		return ch, nil
	}
	ps.permFailed = false
	call := ps.dial
	if call == nil {
		if t.nchannels >= t.cfg.MaxConcurrentConnections {
			t.mu.Unlock()
			return nil, connectionLimitError(t.nchannels, t.cfg.MaxConcurrentConnections)
		}
		var err error
		if call, err = t.startDialLocked(pid, ps, true); err != nil {
			t.mu.Unlock()
			return nil, err
		}
	}
	call.waiters++
	t.mu.Unlock()
	ch, restarted, err := t.awaitDial(ctx, pid, call)
	if err != nil {
		return nil, err
	}
	if restarted {
		return nil, &PeerRestartedError{PeerID: pid.String()}
	}
	return ch, nil
}

// startDialLocked records a dial attempt against the per-peer dial rate and
// starts the shared dial goroutine.
func (t *Transport) startDialLocked(pid peer.ID, ps *peerState, withRetry bool) (*dialCall, error) {
	if err := ps.dialRate.checkAndRecord(time.Now(), t.cfg.MaxConnectionAttemptsPerMinute,
		connectionRateWindow, LimitConnectionRate); err != nil {
		return nil, err
	}
	dctx, cancel := context.WithCancel(t.ctx)
	call := &dialCall{done: make(chan struct{}), cancel: cancel}
	ps.dial = call
	t.wg.Add(1)
	go t.runDial(dctx, pid, call, withRetry)
	return call, nil
}

// awaitDial waits for a shared dial. A waiter whose ctx ends leaves; the
// last one to leave cancels the dial, and the reconnection loop takes over.
func (t *Transport) awaitDial(ctx context.Context, pid peer.ID, call *dialCall) (*channel, bool, error) {
	select {
	case <-call.done:
		return call.ch, call.restarted, call.err
	case <-ctx.Done():
		t.mu.Lock()
		call.waiters--
		if call.waiters == 0 {
			call.cancel()
			if ps := t.peers[pid]; ps != nil && ps.dial == call {
				ps.dial = nil
			}
		}
		t.mu.Unlock()
		return nil, false, fmt.Errorf("dial %s: %w", pid, ctx.Err())
	}
}

// runDial performs a shared dial and publishes its result. A failure starts
// reconnection (upstream: any error on the send-path dial →
// handleConnectionLoss).
func (t *Transport) runDial(ctx context.Context, pid peer.ID, call *dialCall, withRetry bool) {
	defer t.wg.Done()
	defer call.cancel()
	ch, restarted, err := t.establish(ctx, pid, withRetry)
	t.mu.Lock()
	if err != nil && t.stopped {
		err = ErrNetworkStopped
	}
	if ps := t.peers[pid]; ps != nil && ps.dial == call {
		ps.dial = nil
	}
	call.ch, call.restarted, call.err = ch, restarted, err
	close(call.done)
	stopped := t.stopped
	t.mu.Unlock()
	if err != nil && !stopped && withRetry {
		t.log.Info("dial failed", "peer", pid, "err", err)
		t.handleConnectionLoss(pid)
	}
}

// establish opens a stream to pid, resolves races with inbound channels,
// handshakes and registers the channel.
func (t *Transport) establish(ctx context.Context, pid peer.ID, withRetry bool) (*channel, bool, error) {
	var s network.Stream
	var err error
	if withRetry {
		s, err = kernelutils.RetryValue(ctx, func(ctx context.Context) (network.Stream, error) {
			return t.openStream(ctx, pid)
		}, kernelutils.RetryOptions{
			MaxAttempts: t.cfg.MaxRetryAttempts,
			BaseDelay:   t.cfg.ReconnectBaseDelay,
			MaxDelay:    t.cfg.ReconnectMaxDelay,
			ShouldRetry: isRetryableNetworkError,
			OnRetry: func(info kernelutils.RetryInfo) {
				t.log.Debug("dial attempt failed; retrying", "peer", pid,
					"attempt", info.Attempt, "delay", info.Delay, "err", info.Err)
			},
		})
	} else {
		s, err = t.openStream(ctx, pid)
	}
	if err != nil {
		return nil, false, err
	}

	// An inbound channel may have been registered while we dialed: use it.
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		_ = s.Reset()
		return nil, false, ErrNetworkStopped
	}
	ps := t.peerLocked(pid)
	if ps.ch != nil {
		existing := ps.ch
		t.mu.Unlock()
		_ = s.Close()
		return existing, false, nil
	}
	if t.nchannels >= t.cfg.MaxConcurrentConnections {
		t.mu.Unlock()
		_ = s.Reset()
		return nil, false, connectionLimitError(t.nchannels, t.cfg.MaxConcurrentConnections)
	}
	t.mu.Unlock()

	ch := newChannel(s, true, t.cfg.MaxMessageSize)
	restarted, err := t.handshakeOutbound(ctx, ch)
	if err != nil {
		ch.reset()
		// The peer may have refused our stream because its own dial
		// won the race; its inbound channel is then ours to use.
		if existing := t.awaitRaceWinner(ctx, pid); existing != nil {
			return existing, false, nil
		}
		return nil, false, err
	}
	if !restarted && t.self > pid {
		// Simultaneous dial lost: the peer with the smaller id keeps its
		// outbound stream, which we registered meanwhile as inbound.
		if existing := t.currentChannel(pid); existing != nil && !existing.outbound {
			ch.close()
			return existing, false, nil
		}
	}
	if err := t.register(ch); err != nil {
		ch.close()
		return nil, false, err
	}
	t.startReadLoop(ch, restarted)
	return ch, restarted, nil
}

func (t *Transport) currentChannel(pid peer.ID) *channel {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ps := t.peers[pid]; ps != nil {
		return ps.ch
	}
	return nil
}

// openStream makes one dial attempt: every candidate address is added to
// the peerstore and go-libp2p dials them (direct addresses ranked before
// relayed ones), all within DialTimeout. Limited (relayed) connections are
// allowed, as upstream.
func (t *Transport) openStream(ctx context.Context, pid peer.ID) (network.Stream, error) {
	addrs, refused := t.gatedCandidates(pid)
	if len(addrs) == 0 && refused != nil {
		// Every candidate is a refused plain ws:// address: fail before
		// any connection attempt.
		return nil, fmt.Errorf("open %s stream to %s: %w", ProtocolID, pid, refused)
	}
	if len(addrs) > 0 {
		t.host.Peerstore().AddAddrs(pid, addrs, peerstore.TempAddrTTL)
	}
	// Our own backoff schedules dials; go-libp2p's per-address dial
	// backoff would only refuse a dial to a peer that just came back.
	t.clearDialBackoff(pid)
	dctx, cancel := context.WithTimeout(ctx, DialTimeout)
	defer cancel()
	dctx = network.WithAllowLimitedConn(dctx, "ocap remote comms")
	s, err := t.host.NewStream(dctx, pid, protocol.ID(ProtocolID))
	if err != nil {
		return nil, fmt.Errorf("open %s stream to %s: %w", ProtocolID, pid, err)
	}
	return s, nil
}

// gatedCandidates splits candidates into those the ws gate allows and
// the first refusal.
func (t *Transport) gatedCandidates(pid peer.ID) ([]ma.Multiaddr, error) {
	var allowed []ma.Multiaddr
	var refused error
	for _, a := range t.candidates(pid) {
		if err := t.gate.check(a); err != nil {
			t.log.Warn("refusing candidate address", "peer", pid, "err", err)
			if refused == nil {
				refused = err
			}
			continue
		}
		allowed = append(allowed, a)
	}
	return allowed, refused
}

// candidates returns the addresses to dial pid at, in upstream order
// (candidateAddressStrings): direct hints (ending in /p2p/<pid>) first,
// then <relay>/p2p-circuit/p2p/<pid> for each relay hint and each known
// relay. WebRTC addresses are skipped (go-libp2p has no private-to-private
// WebRTC). The trailing /p2p/<pid> is stripped for the peerstore.
func (t *Transport) candidates(pid peer.ID) []ma.Multiaddr {
	t.mu.Lock()
	hints := slices.Clone(t.hints[pid])
	t.mu.Unlock()

	var direct, relays []ma.Multiaddr
	for _, h := range hints {
		a, err := ma.NewMultiaddr(h)
		if err != nil {
			t.log.Warn("skipping unparseable location hint", "peer", pid, "hint", h, "err", err)
			continue
		}
		if isWebRTC(a) {
			continue
		}
		transportAddr, id := peer.SplitAddr(a)
		switch {
		case id == pid && transportAddr != nil:
			direct = append(direct, transportAddr)
		case id != "" && !isCircuit(a):
			relays = append(relays, a)
		default:
			t.log.Warn("skipping location hint without a usable /p2p component", "peer", pid, "hint", h)
		}
	}
	for _, r := range t.relays {
		if !slices.ContainsFunc(relays, func(a ma.Multiaddr) bool { return a.Equal(r.addr) }) {
			relays = append(relays, r.addr)
		}
	}
	out := direct
	circuit := ma.StringCast("/p2p-circuit")
	for _, r := range relays {
		out = append(out, r.Encapsulate(circuit))
	}
	return out
}

func isWebRTC(a ma.Multiaddr) bool {
	for _, c := range a {
		if code := c.Code(); code == ma.P_WEBRTC || code == ma.P_WEBRTC_DIRECT {
			return true
		}
	}
	return false
}

func isCircuit(a ma.Multiaddr) bool {
	for _, c := range a {
		if c.Code() == ma.P_CIRCUIT {
			return true
		}
	}
	return false
}

var errNoRelayID = errors.New("relay address must end in /p2p/<relay peer id>")

// clearDialBackoff drops go-libp2p's per-address dial backoff for p: the
// transport schedules its own retries, and the swarm's backoff would only
// refuse a dial to a peer or relay that just came back.
func (t *Transport) clearDialBackoff(p peer.ID) {
	if sw, ok := t.host.Network().(*swarm.Swarm); ok {
		sw.Backoff().Clear(p)
	}
}

// raceGrace is how long the side that loses a simultaneous dial (the larger
// peer id) waits for the winner's channel after its own was refused.
const raceGrace = 2 * time.Second

// awaitRaceWinner returns the peer's registered channel, waiting up to
// raceGrace for it when this side is the expected loser of a simultaneous
// dial (the peer's stream may still be mid-handshake).
func (t *Transport) awaitRaceWinner(ctx context.Context, pid peer.ID) *channel {
	if ch := t.currentChannel(pid); ch != nil || t.self < pid {
		return ch
	}
	deadline := time.NewTimer(raceGrace)
	defer deadline.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-deadline.C:
			return nil
		case <-tick.C:
			if ch := t.currentChannel(pid); ch != nil {
				return ch
			}
		}
	}
}
