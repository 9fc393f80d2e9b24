package kernelutils

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

var errShutdown = errors.New("shutting down")

// The tests run inside synctest bubbles: time is virtual, so hour-long
// delays finish at once, and a bubble fails if a goroutine or timer it
// started is still blocked when the test ends.

func TestAbortableDelay(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the context to pass; it may cancel it.
		setup     func(context.Context) context.Context
		d         time.Duration
		wantErr   bool
		wantIs    []error
		wantSlept time.Duration
	}{
		{name: "zero delay", setup: live, d: 0},
		{name: "negative delay", setup: live, d: -time.Second},
		{name: "zero delay ignores a cancelled context", setup: cancelled, d: 0},
		{name: "negative delay ignores a cancelled context", setup: cancelled, d: -1},
		{name: "sleeps the full delay", setup: live, d: time.Hour, wantSlept: time.Hour},
		{name: "already cancelled", setup: cancelled, d: time.Hour, wantErr: true,
			wantIs: []error{ErrAborted, context.Canceled}},
		{name: "cancelled with a cause", setup: func(ctx context.Context) context.Context {
			ctx, cancel := context.WithCancelCause(ctx)
			cancel(errShutdown)
			return ctx
		}, d: time.Hour, wantErr: true, wantIs: []error{ErrAborted, context.Canceled, errShutdown}},
		{name: "deadline during the wait", setup: func(ctx context.Context) context.Context {
			ctx, cancel := context.WithTimeout(ctx, time.Minute)
			time.AfterFunc(2*time.Hour, cancel)
			return ctx
		}, d: time.Hour, wantErr: true, wantIs: []error{ErrAborted, context.DeadlineExceeded},
			wantSlept: time.Minute},
		{name: "cancel during the wait", setup: func(ctx context.Context) context.Context {
			ctx, cancel := context.WithCancel(ctx)
			time.AfterFunc(3*time.Second, cancel)
			return ctx
		}, d: time.Hour, wantErr: true, wantIs: []error{ErrAborted, context.Canceled},
			wantSlept: 3 * time.Second},
	}
	for _, fn := range []struct {
		name string
		f    func(context.Context, time.Duration) error
	}{{"AbortableDelay", AbortableDelay}, {"Delay", Delay}} {
		for _, tt := range tests {
			t.Run(fn.name+"/"+tt.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					ctx := tt.setup(t.Context())
					start := time.Now()
					err := fn.f(ctx, tt.d)
					// Virtual time: this is exact and deterministic.
					if slept := time.Since(start); slept != tt.wantSlept {
						t.Errorf("slept %v, want %v", slept, tt.wantSlept)
					}
					if (err != nil) != tt.wantErr {
						t.Fatalf("error = %v, want error %v", err, tt.wantErr)
					}
					for _, target := range tt.wantIs {
						if !errors.Is(err, target) {
							t.Errorf("errors.Is(%v, %v) = false", err, target)
						}
					}
				})
			})
		}
	}
}

func live(ctx context.Context) context.Context { return ctx }

func cancelled(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	return ctx
}

func TestAbortErrorMessage(t *testing.T) {
	tests := []struct {
		name  string
		setup func(context.Context) context.Context
		want  string
	}{
		{"cancelled", cancelled, "operation aborted: context canceled"},
		{"cause", func(ctx context.Context) context.Context {
			ctx, cancel := context.WithCancelCause(ctx)
			cancel(errShutdown)
			return ctx
		}, "operation aborted: context canceled: shutting down"},
		{"live context", live, "operation aborted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := abortError(tt.setup(t.Context())).Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
