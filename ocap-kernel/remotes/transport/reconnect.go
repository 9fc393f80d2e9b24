package transport

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// reconnection is a running reconnection loop for one peer.
type reconnection struct {
	cancel context.CancelFunc
	// woken cuts the current backoff sleep short after ResetAllBackoffs.
	woken chan struct{}
}

// handleConnectionLoss starts reconnecting to a peer whose channel failed
// (upstream handleConnectionLoss): nothing for an intentionally closed
// peer, a peer that already has a new channel, or one already
// reconnecting; a permanently failed peer is given up at once.
func (t *Transport) handleConnectionLoss(pid peer.ID) {
	t.mu.Lock()
	if t.stopped || t.intentional[pid] {
		t.mu.Unlock()
		return
	}
	ps := t.peerLocked(pid)
	if ps.ch != nil || ps.recon != nil {
		t.mu.Unlock()
		return
	}
	if ps.permFailed {
		// Report asynchronously: this may run on a Send caller's
		// goroutine, which must never run callbacks.
		t.wg.Add(1)
		t.mu.Unlock()
		go func() {
			defer t.wg.Done()
			t.giveUp(pid, "peer permanently failed")
		}()
		return
	}
	t.startReconnectionLocked(pid, ps)
	t.mu.Unlock()
}

// startReconnectionLocked starts a new reconnection session, which resets
// the attempt count and error history.
func (t *Transport) startReconnectionLocked(pid peer.ID, ps *peerState) {
	ctx, cancel := context.WithCancel(t.ctx)
	r := &reconnection{cancel: cancel, woken: make(chan struct{}, 1)}
	ps.recon = r
	ps.attempts = 0
	ps.errCodes = nil
	t.wg.Add(1)
	go t.reconnectLoop(ctx, pid, r)
	t.log.Info("connection lost; reconnecting", "peer", pid)
}

// reconnectLoop is upstream attemptReconnection: give-up checks, a
// full-jitter backoff sleep, one dial without retries, and error
// classification, until a channel exists, the loop is cancelled
// (registration, intentional close, shutdown) or it gives up.
func (t *Transport) reconnectLoop(ctx context.Context, pid peer.ID, r *reconnection) {
	defer t.wg.Done()
	defer r.cancel()
	giveUp := func(reason string) {
		t.mu.Lock()
		ps := t.peers[pid]
		current := ps != nil && ps.recon == r
		if current {
			ps.recon = nil
		}
		t.mu.Unlock()
		if current {
			t.giveUp(pid, reason)
		}
	}
	for {
		t.mu.Lock()
		ps := t.peers[pid]
		if ps == nil || ps.recon != r {
			t.mu.Unlock()
			return
		}
		if ps.permFailed {
			t.mu.Unlock()
			giveUp("peer permanently failed")
			return
		}
		if max := t.cfg.MaxRetryAttempts; max > 0 && ps.attempts >= max {
			t.mu.Unlock()
			giveUp("max retry attempts reached")
			return
		}
		ps.attempts++
		attempt := ps.attempts
		t.mu.Unlock()

		if !t.backoffSleep(ctx, pid, r, attempt) {
			return
		}
		err := t.tryReconnect(ctx, pid)
		if err == nil {
			t.log.Info("reconnected", "peer", pid, "attempt", attempt)
			t.mu.Lock()
			if ps := t.peers[pid]; ps != nil && ps.recon == r {
				ps.recon = nil
			}
			t.mu.Unlock()
			return
		}
		if ctx.Err() != nil {
			return
		}
		var rle *ResourceLimitError
		if errors.As(err, &rle) {
			switch rle.LimitType {
			case LimitConnectionRate:
				// Not the peer's fault: do not count this attempt.
				t.mu.Lock()
				if ps := t.peers[pid]; ps != nil && ps.attempts > 0 {
					ps.attempts--
				}
				t.mu.Unlock()
				continue
			case LimitConnection:
				continue
			}
		}
		if !isRetryableNetworkError(err) {
			t.log.Info("non-retryable reconnection error", "peer", pid, "err", err)
			giveUp("non-retryable error: " + err.Error())
			return
		}
		code := networkErrorCode(err)
		t.log.Debug("reconnection attempt failed", "peer", pid, "attempt", attempt, "code", code, "err", err)
		t.mu.Lock()
		if ps := t.peers[pid]; ps != nil && ps.recon == r {
			ps.errCodes = append(ps.errCodes, code)
			if n := len(ps.errCodes); n > permanentFailureThreshold {
				ps.errCodes = slices.Delete(ps.errCodes, 0, n-permanentFailureThreshold)
			}
			if isPermanentFailure(ps.errCodes) {
				ps.permFailed = true
			}
		}
		t.mu.Unlock()
	}
}

// backoffSleep waits the backoff before attempt; it reports false when ctx
// ends. ResetAllBackoffs (a wake from sleep) restarts the wait with the
// first attempt's delay, so the peer is redialled promptly.
func (t *Transport) backoffSleep(ctx context.Context, pid peer.ID, r *reconnection, attempt int) bool {
	for {
		delay := t.backoffFor(attempt)
		t.log.Debug("reconnection attempt scheduled", "peer", pid, "attempt", attempt, "delay", delay)
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return false
		case <-timer.C:
			return true
		case <-r.woken:
			timer.Stop()
			attempt = 1
		}
	}
}

// ResetAllBackoffs is upstream's resetAllBackoffs, run on a wake from
// sleep: every peer's permanent failure and error history are cleared,
// reconnecting peers start their attempt count afresh and their pending
// backoff sleep is cut short.
func (t *Transport) ResetAllBackoffs() {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, ps := range t.peers {
		ps.permFailed = false
		ps.errCodes = nil
		if ps.recon != nil {
			ps.attempts = 0
			select {
			case ps.recon.woken <- struct{}{}:
			default:
			}
			n++
		}
	}
	t.log.Info("reconnection backoffs reset", "reconnecting", n)
}

// isPermanentFailure: the last permanentFailureThreshold codes are
// identical and one of the unreachable-host codes.
func isPermanentFailure(codes []string) bool {
	if len(codes) < permanentFailureThreshold {
		return false
	}
	last := codes[len(codes)-permanentFailureThreshold:]
	for _, c := range last {
		if c != last[0] {
			return false
		}
	}
	return permanentFailureCodes[last[0]]
}

// tryReconnect makes one reconnection attempt (upstream tryReconnect).
func (t *Transport) tryReconnect(ctx context.Context, pid peer.ID) error {
	t.mu.Lock()
	if t.stopped {
		t.mu.Unlock()
		return ErrNetworkStopped
	}
	ps := t.peerLocked(pid)
	if ps.ch != nil {
		t.mu.Unlock()
		return nil
	}
	call := ps.dial
	if call == nil {
		if t.nchannels >= t.cfg.MaxConcurrentConnections {
			t.mu.Unlock()
			return connectionLimitError(t.nchannels, t.cfg.MaxConcurrentConnections)
		}
		var err error
		if call, err = t.startDialLocked(pid, ps, false); err != nil {
			t.mu.Unlock()
			return err
		}
	}
	call.waiters++
	t.mu.Unlock()
	_, _, err := t.awaitDial(ctx, pid, call)
	return err
}

// giveUp reports an abandoned peer to OnGiveUp.
func (t *Transport) giveUp(pid peer.ID, reason string) {
	t.log.Warn("giving up on peer", "peer", pid, "reason", reason)
	if t.cfg.OnGiveUp != nil {
		t.cfg.OnGiveUp(pid.String())
	}
}

// sweepLoop periodically forgets peers that have no channel, no dial and
// no reconnection and have been idle longer than StalePeerTimeout, together
// with their rate-limit and reconnection state. Location hints and
// intentional-close marks are kept.
func (t *Transport) sweepLoop() {
	defer t.wg.Done()
	tick := time.NewTicker(t.cfg.CleanupInterval)
	defer tick.Stop()
	for {
		select {
		case <-t.ctx.Done():
			return
		case now := <-tick.C:
			t.sweep(now)
		}
	}
}

func (t *Transport) sweep(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	removed := 0
	for pid, ps := range t.peers {
		if ps.ch == nil && ps.dial == nil && ps.recon == nil &&
			now.Sub(ps.lastActivity) > t.cfg.StalePeerTimeout {
			delete(t.peers, pid)
			removed++
		}
	}
	if removed > 0 {
		t.log.Info("cleaned up stale peers", "count", removed)
	}
}
