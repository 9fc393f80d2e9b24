package kernel

import (
	"context"
	"slices"
	"sync"
	"time"
)

// FakeClock is a clock that moves only when a test advances it, for
// driving the reliable channel's timers without sleeps.
type FakeClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []*fakeTimer
	added  chan struct{} // signalled at each AfterFunc
}

type fakeTimer struct {
	c    *FakeClock
	at   time.Duration
	f    func()
	done bool // fired or stopped
}

// UseFakeClock makes kernels started with opts take their timers from the
// returned clock.
func UseFakeClock(opts *Options) *FakeClock {
	c := &FakeClock{added: make(chan struct{}, 1)}
	opts.clock = c
	return c
}

// AfterFunc implements clock.
func (c *FakeClock) AfterFunc(d time.Duration, f func()) timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now + d, f: f}
	c.timers = append(c.timers, t)
	select {
	case c.added <- struct{}{}:
	default:
	}
	return t
}

// WaitTimers waits until n timers are pending (for a timer that another
// goroutine is about to set).
func (c *FakeClock) WaitTimers(n int) {
	for c.Pending() < n {
		<-c.added
	}
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.done
	t.done = true
	return was
}

// Advance moves the clock on by d and calls, in deadline order, the
// functions of the timers that are then due.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now += d
	var due []*fakeTimer
	live := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.done:
		case t.at <= c.now:
			t.done = true
			due = append(due, t)
		default:
			live = append(live, t)
		}
	}
	c.timers = live
	c.mu.Unlock()
	slices.SortStableFunc(due, func(a, b *fakeTimer) int { return int(a.at - b.at) })
	for _, t := range due {
		t.f()
	}
}

// Pending is the number of timers that have neither fired nor been
// stopped.
func (c *FakeClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.done {
			n++
		}
	}
	return n
}

// Reliable-channel constants, for tests that advance a FakeClock.
const (
	AckTimeout = remoteAckTimeout
	DelayedAck = remoteDelayedAck
	MaxRetries = remoteMaxRetries
)

// ResumeRetryFirst is the wait before the first retry of a failed resume
// of remote comms.
const ResumeRetryFirst = resumeRetryFirst

// RemoteSweepInterval is how often idle remote endpoints are swept.
const RemoteSweepInterval = remoteSweepInterval

// RemotesInMemory is the number of remote endpoints the kernel holds in
// memory.
func (k *Kernel) RemotesInMemory(ctx context.Context) (int, error) {
	var n int
	err := k.do(ctx, func(context.Context) error {
		if k.rc != nil {
			n = len(k.rc.byID)
		}
		return nil
	})
	return n, err
}
