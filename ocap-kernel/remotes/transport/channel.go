package transport

import (
	"bufio"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

// channel is one libp2p stream on ProtocolID to one peer, used in both
// directions. Writes are serialised by a one-slot semaphore so that each
// frame goes out whole; reads happen only on the channel's read loop (or
// on the handshake before it starts).
type channel struct {
	peer     peer.ID
	stream   network.Stream
	r        *bufio.Reader
	outbound bool
	limit    int

	wslot chan struct{}
	done  chan struct{} // closed by close
	once  sync.Once

	registeredAt time.Time // guarded by Transport.mu
	// inc is the incarnation id our handshake on this channel sent.
	inc string
}

func newChannel(s network.Stream, outbound bool, limit int) *channel {
	return &channel{
		peer:     s.Conn().RemotePeer(),
		stream:   s,
		r:        bufio.NewReader(s),
		outbound: outbound,
		limit:    limit,
		wslot:    make(chan struct{}, 1),
		done:     make(chan struct{}),
	}
}

// notWrittenError wraps the reason a write gave up before writing any byte;
// the stream is still intact.
type notWrittenError struct{ err error }

func (e *notWrittenError) Error() string { return "message not written: " + e.err.Error() }

func (e *notWrittenError) Unwrap() error { return e.err }

// write writes one complete frame within WriteTimeout.
func (c *channel) write(ctx context.Context, frame []byte) error {
	return c.writeTimeout(ctx, frame, WriteTimeout)
}

func (c *channel) writeTimeout(ctx context.Context, frame []byte, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case c.wslot <- struct{}{}:
	case <-ctx.Done():
		return &notWrittenError{err: ctx.Err()}
	case <-c.done:
		return &notWrittenError{err: errChannelClosed}
	case <-timer.C:
		return &SendTimeoutError{Timeout: timeout}
	}
	defer func() { <-c.wslot }()
	if c.isClosed() {
		return &notWrittenError{err: errChannelClosed}
	}
	if err := c.stream.SetWriteDeadline(deadline); err != nil {
		return err
	}
	_, err := c.stream.Write(frame)
	if err == nil {
		_ = c.stream.SetWriteDeadline(time.Time{})
		return nil
	}
	if isTimeout(err) {
		return &SendTimeoutError{Timeout: timeout}
	}
	return err
}

// read reads one frame, optionally with a deadline.
func (c *channel) read(deadline time.Time) ([]byte, error) {
	if err := c.stream.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	return readFrame(c.r, c.limit)
}

// close closes the stream (falling back to a reset) exactly once. Read and
// write errors on a closed channel are expected and ignored.
func (c *channel) close() {
	c.once.Do(func() {
		close(c.done)
		if err := c.stream.Close(); err != nil {
			_ = c.stream.Reset()
		}
	})
}

// reset aborts the stream; used for garbage and refused streams.
func (c *channel) reset() {
	c.once.Do(func() {
		close(c.done)
		_ = c.stream.Reset()
	})
}

func (c *channel) isClosed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// handleStream serves an inbound stream on ProtocolID: refuse it when the
// peer is intentionally closed, the connection cap is reached, or it is
// the losing side of a simultaneous dial; otherwise answer the handshake
// and register it (closing the peer's previous channel).
func (t *Transport) handleStream(s network.Stream) {
	pid := s.Conn().RemotePeer()
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		_ = s.Reset()
		return
	}
	ps := t.peers[pid]
	var refuse string
	switch {
	case t.intentional[pid]:
		refuse = "peer intentionally closed"
	case (ps == nil || ps.ch == nil) && t.nchannels >= t.cfg.MaxConcurrentConnections:
		refuse = connectionLimitError(t.nchannels, t.cfg.MaxConcurrentConnections).Error()
	case ps != nil && t.self < pid && (ps.dial != nil ||
		(ps.ch != nil && ps.ch.outbound && time.Since(ps.ch.registeredAt) < raceWindow)):
		// Simultaneous dial: both sides would otherwise replace their
		// own stream with the other's and close both. The peer with
		// the smaller id keeps its outbound stream; the other side
		// accepts it and drops its own (see establish).
		refuse = "simultaneous dial; keeping our outbound channel"
	}
	if refuse != "" {
		t.mu.Unlock()
		t.log.Info("refusing inbound channel", "peer", pid, "reason", refuse)
		_ = s.Reset()
		return
	}
	ch := newChannel(s, false, t.cfg.MaxMessageSize)
	t.pending[ch] = struct{}{}
	t.wg.Add(1)
	t.mu.Unlock()
	defer t.wg.Done()

	restarted, err := t.handshakeInbound(ch)
	t.mu.Lock()
	delete(t.pending, ch)
	t.mu.Unlock()
	if err != nil {
		t.log.Warn("inbound handshake failed; closing channel", "peer", pid, "err", err)
		ch.reset()
		return
	}
	if err := t.register(ch); err != nil {
		ch.close()
		return
	}
	t.startReadLoop(ch, restarted)
}

// handshakeInbound waits for the peer's handshake and answers with ours.
func (t *Transport) handshakeInbound(ch *channel) (restarted bool, err error) {
	frame, err := ch.read(time.Now().Add(HandshakeTimeout))
	if err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	inc, err := decodeHandshake(frame, methodHandshake)
	if err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	if err := ch.stream.SetReadDeadline(time.Time{}); err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	ch.inc = t.incarnation()
	ack := appendFrame(nil, encodeHandshake(methodHandshakeAck, ch.inc))
	if err := ch.writeTimeout(t.ctx, ack, HandshakeTimeout); err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	return t.recordIncarnation(ch.peer, inc), nil
}

// handshakeOutbound sends our handshake and waits for the ack.
func (t *Transport) handshakeOutbound(ctx context.Context, ch *channel) (restarted bool, err error) {
	ch.inc = t.incarnation()
	hs := appendFrame(nil, encodeHandshake(methodHandshake, ch.inc))
	if err := ch.writeTimeout(ctx, hs, HandshakeTimeout); err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	deadline := time.Now().Add(HandshakeTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	frame, err := ch.read(deadline)
	if err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	inc, err := decodeHandshake(frame, methodHandshakeAck)
	if err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	if err := ch.stream.SetReadDeadline(time.Time{}); err != nil {
		return false, &HandshakeError{PeerID: ch.peer.String(), Err: err}
	}
	return t.recordIncarnation(ch.peer, inc), nil
}

// register makes ch the peer's channel, closing the previous one, and stops
// any reconnection. It fails once the transport is stopped, and for a
// channel whose handshake sent an incarnation id SetIncarnation replaced.
func (t *Transport) register(ch *channel) error {
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return ErrNetworkStopped
	}
	if ch.inc != t.incarnation() {
		t.mu.Unlock()
		return errStaleHandshake
	}
	ps := t.peerLocked(ch.peer)
	old := ps.ch
	if old == nil {
		t.nchannels++
	}
	ps.ch = ch
	ch.registeredAt = time.Now()
	ps.lastActivity = ch.registeredAt
	ps.attempts = 0
	ps.errCodes = nil
	ps.permFailed = false
	if ps.recon != nil {
		ps.recon.cancel()
		ps.recon = nil
	}
	// Keep the connection out of connection-manager trimming while it
	// carries a channel; never close idle channels.
	t.host.ConnManager().Protect(ch.peer, connmgrTag)
	t.mu.Unlock()
	if old != nil && old != ch {
		t.log.Info("replacing channel", "peer", ch.peer)
		old.close()
	}
	t.log.Info("channel registered", "peer", ch.peer, "outbound", ch.outbound,
		"addr", ch.stream.Conn().RemoteMultiaddr())
	return nil
}

// errStaleHandshake: the channel's handshake told the peer an incarnation
// this kernel no longer has; a new dial handshakes with the current one.
var errStaleHandshake = errors.New("handshake sent a replaced incarnation id")

// incarnation is the id the next handshake sends.
func (t *Transport) incarnation() string { return *t.inc.Load() }

// SetIncarnation replaces the incarnation id sent in handshakes, after
// the kernel's state was cleared, and closes every channel: each peer
// handshakes again, sees the new incarnation, and drops the sequence
// state and the references it kept for this kernel's old one.
func (t *Transport) SetIncarnation(id string) {
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return
	}
	t.inc.Store(&id)
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
	t.log.Info("incarnation replaced; closing channels", "channels", len(chans))
	for _, ch := range chans {
		ch.close()
	}
}

const connmgrTag = "ocap-channel"

// unregisterLocked forgets the peer's channel without closing it.
func (t *Transport) unregisterLocked(pid peer.ID, ps *peerState) {
	if ps.ch == nil {
		return
	}
	ps.ch = nil
	t.nchannels--
	t.host.ConnManager().Unprotect(pid, connmgrTag)
}

// startReadLoop starts the read loop of a freshly registered channel. If the
// handshake showed a restart, OnIncarnationChange runs first on that
// goroutine, so that it precedes every message of the new incarnation.
func (t *Transport) startReadLoop(ch *channel, restarted bool) {
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		ch.close()
		return
	}
	t.wg.Add(1)
	t.mu.Unlock()
	go func() {
		defer t.wg.Done()
		if restarted {
			t.log.Info("peer restarted (incarnation changed)", "peer", ch.peer)
			if t.cfg.OnIncarnationChange != nil {
				t.cfg.OnIncarnationChange(ch.peer.String())
			}
		}
		from := ch.peer.String()
		for {
			msg, err := ch.read(time.Time{})
			if err != nil {
				t.channelFailed(ch, err)
				return
			}
			t.noteActivity(ch.peer)
			t.handler(from, msg)
		}
	}()
}

// channelFailed handles a read or write error on ch: close it and, if it
// was the peer's current channel, treat it as connection loss.
func (t *Transport) channelFailed(ch *channel, err error) {
	if ch.isClosed() {
		return // closed on purpose (replaced, intentional close, shutdown)
	}
	ch.close()
	var rle *ResourceLimitError
	if errors.As(err, &rle) {
		t.log.Warn("peer sent an oversized frame; closing channel", "peer", ch.peer, "err", err)
	} else {
		t.log.Info("channel failed", "peer", ch.peer, "err", err)
	}
	t.mu.Lock()
	ps := t.peers[ch.peer]
	if ps == nil || ps.ch != ch {
		t.mu.Unlock()
		return
	}
	t.unregisterLocked(ch.peer, ps)
	t.mu.Unlock()
	t.handleConnectionLoss(ch.peer)
}
