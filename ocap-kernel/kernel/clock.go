package kernel

import "time"

// clock is where the kernel's timers come from: the reliable channel's
// ack and delayed-ack timers. Tests of the channel substitute a clock
// they advance by hand, so retransmission and give-up run without sleeps.
type clock interface {
	AfterFunc(d time.Duration, f func()) timer
}

// timer is a pending AfterFunc; Stop reports whether it stopped the call.
type timer interface{ Stop() bool }

type realClock struct{}

func (realClock) AfterFunc(d time.Duration, f func()) timer { return time.AfterFunc(d, f) }
