package kernelutils

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrAborted is matched (with errors.Is) by every error that this package
// returns because a context ended, the counterpart of upstream AbortError.
// Those errors also wrap ctx.Err(), so errors.Is(err, context.Canceled) and
// errors.Is(err, context.DeadlineExceeded) work too.
var ErrAborted = errors.New("operation aborted")

// abortError builds the error for an ended ctx: it wraps ErrAborted,
// ctx.Err() and, when one was given, the cancellation cause.
func abortError(ctx context.Context) error {
	err := ctx.Err()
	if err == nil {
		return ErrAborted
	}
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, err) {
		return fmt.Errorf("%w: %w: %w", ErrAborted, err, cause)
	}
	return fmt.Errorf("%w: %w", ErrAborted, err)
}

// Delay sleeps for d. It is the counterpart of upstream delay; because
// anything that blocks in Go takes a context, it has the same semantics as
// [AbortableDelay].
func Delay(ctx context.Context, d time.Duration) error {
	return AbortableDelay(ctx, d)
}

// AbortableDelay sleeps for d unless ctx ends first, with the upstream
// abortableDelay semantics:
//
//   - d <= 0 returns nil at once, even if ctx has already ended;
//   - an already ended ctx returns an [ErrAborted] error without waiting;
//   - ctx ending during the wait stops the timer and returns an [ErrAborted]
//     error.
//
// The timer is always stopped before returning, so nothing leaks.
func AbortableDelay(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if ctx.Err() != nil {
		return abortError(ctx)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return abortError(ctx)
	}
}
