package transport

import "time"

// wakeDetector is upstream's installWakeDetector: a check every interval
// compares wall-clock time with the previous check's; a jump beyond
// interval+threshold means the process was suspended (machine sleep).
type wakeDetector struct {
	interval, threshold time.Duration
	last                time.Time
}

// observe records a check at wall-clock time now and reports a wake.
func (d *wakeDetector) observe(now time.Time) bool {
	// Wall clock only: Go's monotonic clock stops during suspend.
	now = now.Round(0)
	woke := now.Sub(d.last) > d.interval+d.threshold
	d.last = now
	return woke
}

// startWakeDetector runs the detector until Close; a wake resets every
// reconnection backoff.
func (t *Transport) startWakeDetector() {
	ticks := t.cfg.wakeTicks
	var ticker *time.Ticker
	if ticks == nil {
		ticker = time.NewTicker(t.cfg.WakeCheckInterval)
		ticks = ticker.C
	}
	d := &wakeDetector{interval: t.cfg.WakeCheckInterval, threshold: t.cfg.WakeJumpThreshold, last: time.Now().Round(0)}
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		if ticker != nil {
			defer ticker.Stop()
		}
		for {
			select {
			case <-t.ctx.Done():
				return
			case now, ok := <-ticks:
				if !ok {
					return
				}
				if d.observe(now) {
					t.log.Info("wake from sleep detected; resetting reconnection backoffs")
					t.ResetAllBackoffs()
				}
			}
		}
	}()
}
