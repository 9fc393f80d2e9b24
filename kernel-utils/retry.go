package kernelutils

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Defaults shared by [Retry] and [CalculateReconnectionBackoff]; the values
// are upstream's, so a Go kernel reconnects on the same schedule as a
// TypeScript one.
const (
	// DefaultMaxRetryAttempts means "retry forever".
	DefaultMaxRetryAttempts = 0
	// DefaultBaseDelay is the backoff before the second attempt (before
	// jitter).
	DefaultBaseDelay = 500 * time.Millisecond
	// DefaultMaxDelay caps every backoff.
	DefaultMaxDelay = 10 * time.Second
)

// ErrInvalidRetryOptions is matched by the error that [Retry], [RetryValue]
// and [RetryWithBackoff] return, before calling the operation, when their
// options cannot be used.
var ErrInvalidRetryOptions = errors.New("invalid retry options")

// BackoffOptions tunes [CalculateReconnectionBackoff]. The zero value selects
// the upstream defaults with full jitter.
type BackoffOptions struct {
	// BaseDelay is the un-jittered delay after the first failed attempt;
	// values <= 0 select DefaultBaseDelay.
	BaseDelay time.Duration
	// MaxDelay caps the un-jittered delay; values <= 0 select
	// DefaultMaxDelay, and a cap below BaseDelay is raised to BaseDelay.
	MaxDelay time.Duration
	// NoJitter disables full jitter. It is a negative flag so that the zero
	// value jitters, as upstream does by default.
	NoJitter bool
	// Rand returns a number in [0, 1) used for jitter; nil uses
	// math/rand/v2. Tests inject a fixed source here; results outside
	// [0, 1) count as 0.
	Rand func() float64
}

// CalculateReconnectionBackoff returns the delay to wait after the given
// 1-based failed attempt: raw = min(MaxDelay, BaseDelay·2^(attempt−1)), and
// with jitter a value drawn uniformly from [0, raw) ("full jitter", which
// spreads reconnecting peers apart). Attempts below 1 count as 1. Large
// attempts saturate at MaxDelay instead of overflowing.
func CalculateReconnectionBackoff(attempt int, opts BackoffOptions) time.Duration {
	base := opts.BaseDelay
	if base <= 0 {
		base = DefaultBaseDelay
	}
	ceiling := opts.MaxDelay
	if ceiling <= 0 {
		ceiling = DefaultMaxDelay
	}
	ceiling = max(ceiling, base)

	shift := max(attempt-1, 0)
	raw := ceiling
	// base<<shift <= ceiling exactly when base <= ceiling>>shift, which is
	// checked without overflowing; shifts of 63 or more always saturate.
	if shift < 63 && base <= ceiling>>shift {
		raw = base << shift
	}
	if opts.NoJitter {
		return raw
	}
	random := opts.Rand
	if random == nil {
		random = rand.Float64
	}
	r := random()
	if !(r >= 0 && r < 1) { // also catches NaN
		r = 0
	}
	// Rounding r·raw for r close to 1 can reach raw; keep the interval open.
	return min(time.Duration(r*float64(raw)), raw-1)
}

// RetryInfo describes a failed attempt that is about to be retried.
type RetryInfo struct {
	// Attempt is the 1-based attempt that just failed.
	Attempt int
	// MaxAttempts is the configured limit; 0 means unlimited.
	MaxAttempts int
	// Delay is how long Retry will wait before the next attempt.
	Delay time.Duration
	// Err is the error of the failed attempt.
	Err error
}

// RetryOptions tunes [Retry]. The zero value retries forever with the
// default backoff and jitter.
type RetryOptions struct {
	// MaxAttempts bounds the number of calls; 0 (DefaultMaxRetryAttempts)
	// means unlimited. Negative values are rejected.
	MaxAttempts int
	// BaseDelay, MaxDelay, NoJitter and Rand shape the backoff exactly as in
	// BackoffOptions.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	NoJitter  bool
	Rand      func() float64
	// ShouldRetry decides whether an error is worth another attempt; nil
	// retries every error.
	ShouldRetry func(error) bool
	// OnRetry, if set, observes every scheduled retry before its delay.
	OnRetry func(RetryInfo)
}

// Retry calls op until it succeeds, the way upstream retry does. It returns
// op's error unchanged when ShouldRetry rejects it or the last allowed
// attempt fails. Between attempts it calls OnRetry and waits for
// [CalculateReconnectionBackoff]; if ctx ends before an attempt or during a
// wait it returns an error matching [ErrAborted] and ctx.Err(). op receives
// ctx so that it can stop early too.
func Retry(ctx context.Context, op func(context.Context) error, opts RetryOptions) error {
	if op == nil {
		return fmt.Errorf("retry: nil operation: %w", ErrInvalidRetryOptions)
	}
	_, err := RetryValue(ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, op(ctx)
	}, opts)
	return err
}

// RetryWithBackoff is [Retry] under its other upstream name, kept so that
// ported call sites read the same.
func RetryWithBackoff(ctx context.Context, op func(context.Context) error, opts RetryOptions) error {
	return Retry(ctx, op, opts)
}

// RetryValue is [Retry] for operations that produce a value.
func RetryValue[T any](ctx context.Context, op func(context.Context) (T, error), opts RetryOptions) (T, error) {
	var zero T
	if op == nil {
		return zero, fmt.Errorf("retry: nil operation: %w", ErrInvalidRetryOptions)
	}
	if opts.MaxAttempts < 0 {
		return zero, fmt.Errorf("retry: MaxAttempts is %d, want 0 (unlimited) or more: %w",
			opts.MaxAttempts, ErrInvalidRetryOptions)
	}
	backoff := BackoffOptions{
		BaseDelay: opts.BaseDelay,
		MaxDelay:  opts.MaxDelay,
		NoJitter:  opts.NoJitter,
		Rand:      opts.Rand,
	}
	for attempt := 1; ; attempt++ {
		if ctx.Err() != nil {
			return zero, abortError(ctx)
		}
		v, err := op(ctx)
		if err == nil {
			return v, nil
		}
		if opts.ShouldRetry != nil && !opts.ShouldRetry(err) {
			return zero, err
		}
		if opts.MaxAttempts > 0 && attempt >= opts.MaxAttempts {
			return zero, err
		}
		d := CalculateReconnectionBackoff(attempt, backoff)
		if opts.OnRetry != nil {
			opts.OnRetry(RetryInfo{Attempt: attempt, MaxAttempts: opts.MaxAttempts, Delay: d, Err: err})
		}
		if derr := AbortableDelay(ctx, d); derr != nil {
			return zero, fmt.Errorf("retry after attempt %d (last error: %v): %w", attempt, err, derr)
		}
	}
}
