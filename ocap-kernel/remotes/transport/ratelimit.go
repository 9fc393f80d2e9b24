package transport

import "time"

// slidingWindow counts events in the trailing window (upstream
// SlidingWindowRateLimiter). It is not safe for concurrent use; the
// transport guards it with its mutex.
type slidingWindow struct {
	events []time.Time
}

// checkAndRecord admits an event at now unless max events already fall in
// the window ending at now, in which case it returns the upstream
// ResourceLimitError and records nothing.
func (w *slidingWindow) checkAndRecord(now time.Time, max int, window time.Duration, limitType string) error {
	w.prune(now, window)
	if len(w.events) >= max {
		return rateLimitError(limitType, len(w.events), max, window)
	}
	w.events = append(w.events, now)
	return nil
}

// prune drops events older than window, reusing the backing array.
func (w *slidingWindow) prune(now time.Time, window time.Duration) {
	cutoff := now.Add(-window)
	i := 0
	for i < len(w.events) && !w.events[i].After(cutoff) {
		i++
	}
	if i > 0 {
		n := copy(w.events, w.events[i:])
		w.events = w.events[:n]
	}
}
