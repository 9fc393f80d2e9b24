package kernelutils

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func fixedRand(r float64) func() float64 { return func() float64 { return r } }

func TestCalculateReconnectionBackoff(t *testing.T) {
	const maxDuration = time.Duration(math.MaxInt64)
	noJitter := BackoffOptions{NoJitter: true}
	tests := []struct {
		name    string
		attempt int
		opts    BackoffOptions
		want    time.Duration
	}{
		{"first attempt is the base", 1, noJitter, 500 * time.Millisecond},
		{"second doubles", 2, noJitter, time.Second},
		{"third", 3, noJitter, 2 * time.Second},
		{"fifth", 5, noJitter, 8 * time.Second},
		{"sixth hits the cap", 6, noJitter, 10 * time.Second},
		{"zero attempt counts as first", 0, noJitter, 500 * time.Millisecond},
		{"negative attempt counts as first", -7, noJitter, 500 * time.Millisecond},
		{"attempt 63 saturates", 63, noJitter, 10 * time.Second},
		{"attempt 64 saturates", 64, noJitter, 10 * time.Second},
		{"MaxInt attempt saturates", math.MaxInt, noJitter, 10 * time.Second},
		{"custom base and cap", 3, BackoffOptions{BaseDelay: 10 * time.Millisecond, MaxDelay: time.Second, NoJitter: true}, 40 * time.Millisecond},
		{"negative base selects default", 1, BackoffOptions{BaseDelay: -1, NoJitter: true}, 500 * time.Millisecond},
		{"negative cap selects default", 30, BackoffOptions{MaxDelay: -1, NoJitter: true}, 10 * time.Second},
		{"cap below base is raised to base", 4, BackoffOptions{BaseDelay: time.Second, MaxDelay: time.Millisecond, NoJitter: true}, time.Second},
		{"huge cap does not overflow", 62, BackoffOptions{BaseDelay: time.Hour, MaxDelay: maxDuration, NoJitter: true}, maxDuration},
		{"huge cap, exact power", 3, BackoffOptions{BaseDelay: time.Hour, MaxDelay: maxDuration, NoJitter: true}, 4 * time.Hour},
		{"1ns base, attempt 63", 63, BackoffOptions{BaseDelay: 1, MaxDelay: maxDuration, NoJitter: true}, 1 << 62},
		{"1ns base, attempt 64 saturates", 64, BackoffOptions{BaseDelay: 1, MaxDelay: maxDuration, NoJitter: true}, maxDuration},
		{"jitter 0", 1, BackoffOptions{Rand: fixedRand(0)}, 0},
		{"jitter half", 2, BackoffOptions{Rand: fixedRand(0.5)}, 500 * time.Millisecond},
		{"jitter half at cap", 40, BackoffOptions{Rand: fixedRand(0.5)}, 5 * time.Second},
		{"jitter just below 1 stays below raw", 1, BackoffOptions{Rand: fixedRand(math.Nextafter(1, 0))}, 500*time.Millisecond - 1},
		{"jitter of 1 is out of range", 1, BackoffOptions{Rand: fixedRand(1)}, 0},
		{"negative jitter is out of range", 1, BackoffOptions{Rand: fixedRand(-0.5)}, 0},
		{"NaN jitter is out of range", 1, BackoffOptions{Rand: fixedRand(math.NaN())}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CalculateReconnectionBackoff(tt.attempt, tt.opts); got != tt.want {
				t.Errorf("CalculateReconnectionBackoff(%d) = %v, want %v", tt.attempt, got, tt.want)
			}
		})
	}
}

func TestCalculateReconnectionBackoffDefaultRandomness(t *testing.T) {
	for attempt := range 100 {
		raw := CalculateReconnectionBackoff(attempt, BackoffOptions{NoJitter: true})
		if got := CalculateReconnectionBackoff(attempt, BackoffOptions{}); got < 0 || got >= raw {
			t.Fatalf("attempt %d: jittered %v outside [0, %v)", attempt, got, raw)
		}
	}
}

var errFlaky = errors.New("flaky")

// failing returns an operation that fails `failures` times, then succeeds,
// counting its calls.
func failing(failures int, calls *int) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		*calls++
		if *calls <= failures {
			return "", fmt.Errorf("call %d: %w", *calls, errFlaky)
		}
		return "done", nil
	}
}

func TestRetryValue(t *testing.T) {
	errFatal := errors.New("fatal")
	tests := []struct {
		name      string
		failures  int
		opts      RetryOptions
		ctx       func(context.Context) context.Context
		cancelOn  int // cancel the context from OnRetry at this attempt
		wantValue string
		wantCalls int
		wantIs    []error
		wantNotIs []error
		wantInfo  []RetryInfo // Err compared with errors.Is(errFlaky)
		wantSlept time.Duration
	}{
		{name: "first call succeeds", failures: 0, wantValue: "done", wantCalls: 1},
		{name: "succeeds after failures, unlimited", failures: 3,
			opts:      RetryOptions{Rand: fixedRand(0.5)},
			wantValue: "done", wantCalls: 4,
			wantInfo: []RetryInfo{
				{Attempt: 1, Delay: 250 * time.Millisecond},
				{Attempt: 2, Delay: 500 * time.Millisecond},
				{Attempt: 3, Delay: time.Second},
			},
			wantSlept: 1750 * time.Millisecond},
		{name: "no jitter uses the raw delays", failures: 2,
			opts:      RetryOptions{NoJitter: true, MaxAttempts: 5},
			wantValue: "done", wantCalls: 3,
			wantInfo: []RetryInfo{
				{Attempt: 1, MaxAttempts: 5, Delay: 500 * time.Millisecond},
				{Attempt: 2, MaxAttempts: 5, Delay: time.Second},
			},
			wantSlept: 1500 * time.Millisecond},
		{name: "custom base and cap", failures: 3,
			opts:      RetryOptions{NoJitter: true, BaseDelay: time.Second, MaxDelay: 3 * time.Second},
			wantValue: "done", wantCalls: 4,
			wantInfo: []RetryInfo{
				{Attempt: 1, Delay: time.Second},
				{Attempt: 2, Delay: 2 * time.Second},
				{Attempt: 3, Delay: 3 * time.Second},
			},
			wantSlept: 6 * time.Second},
		{name: "final attempt fails", failures: 10,
			opts:      RetryOptions{MaxAttempts: 3, NoJitter: true},
			wantCalls: 3, wantIs: []error{errFlaky}, wantNotIs: []error{ErrAborted},
			wantInfo: []RetryInfo{
				{Attempt: 1, MaxAttempts: 3, Delay: 500 * time.Millisecond},
				{Attempt: 2, MaxAttempts: 3, Delay: time.Second},
			},
			wantSlept: 1500 * time.Millisecond},
		{name: "one attempt means no retry", failures: 1,
			opts:      RetryOptions{MaxAttempts: 1},
			wantCalls: 1, wantIs: []error{errFlaky}},
		{name: "ShouldRetry false stops at once", failures: 5,
			opts:      RetryOptions{ShouldRetry: func(err error) bool { return !errors.Is(err, errFlaky) }},
			wantCalls: 1, wantIs: []error{errFlaky}},
		{name: "ShouldRetry true keeps going", failures: 2,
			opts:      RetryOptions{ShouldRetry: func(err error) bool { return !errors.Is(err, errFatal) }, Rand: fixedRand(0)},
			wantValue: "done", wantCalls: 3,
			wantInfo: []RetryInfo{{Attempt: 1}, {Attempt: 2}}},
		{name: "negative MaxAttempts is rejected", failures: 0,
			opts:      RetryOptions{MaxAttempts: -1},
			wantCalls: 0, wantIs: []error{ErrInvalidRetryOptions}},
		{name: "context cancelled before the first attempt", failures: 0,
			ctx:       cancelled,
			wantCalls: 0, wantIs: []error{ErrAborted, context.Canceled}},
		{name: "context cancelled during a delay", failures: 5,
			opts:      RetryOptions{NoJitter: true},
			cancelOn:  2,
			wantCalls: 2, wantIs: []error{ErrAborted, context.Canceled}, wantNotIs: []error{errFlaky},
			wantInfo: []RetryInfo{
				{Attempt: 1, Delay: 500 * time.Millisecond},
				{Attempt: 2, Delay: time.Second},
			},
			wantSlept: 500 * time.Millisecond},
		{name: "context cancelled with a zero delay", failures: 5,
			opts:      RetryOptions{Rand: fixedRand(0)},
			cancelOn:  1,
			wantCalls: 1, wantIs: []error{ErrAborted, context.Canceled},
			wantInfo: []RetryInfo{{Attempt: 1}}},
		{name: "deadline during a delay", failures: 100,
			ctx: func(ctx context.Context) context.Context {
				ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
				time.AfterFunc(time.Hour, cancel)
				return ctx
			},
			opts: RetryOptions{NoJitter: true},
			// Attempts at 0 s, 0.5 s and 1.5 s; the third delay (2 s) is cut at 2 s.
			wantCalls: 3, wantIs: []error{ErrAborted, context.DeadlineExceeded},
			wantInfo: []RetryInfo{
				{Attempt: 1, Delay: 500 * time.Millisecond},
				{Attempt: 2, Delay: time.Second},
				{Attempt: 3, Delay: 2 * time.Second},
			},
			wantSlept: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx := t.Context()
				if tt.ctx != nil {
					ctx = tt.ctx(ctx)
				}
				ctx, cancel := context.WithCancel(ctx)
				defer cancel()
				var infos []RetryInfo
				opts := tt.opts
				opts.OnRetry = func(info RetryInfo) {
					if !errors.Is(info.Err, errFlaky) {
						t.Errorf("OnRetry got error %v", info.Err)
					}
					info.Err = nil
					infos = append(infos, info)
					if info.Attempt == tt.cancelOn {
						cancel()
					}
				}
				calls := 0
				start := time.Now()
				v, err := RetryValue(ctx, failing(tt.failures, &calls), opts)
				slept := time.Since(start) // virtual time, exact
				if v != tt.wantValue {
					t.Errorf("value = %q, want %q", v, tt.wantValue)
				}
				if calls != tt.wantCalls {
					t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
				}
				if (err != nil) != (len(tt.wantIs) > 0) {
					t.Fatalf("error = %v, want errors matching %v", err, tt.wantIs)
				}
				for _, target := range tt.wantIs {
					if !errors.Is(err, target) {
						t.Errorf("errors.Is(%v, %v) = false", err, target)
					}
				}
				for _, target := range tt.wantNotIs {
					if errors.Is(err, target) {
						t.Errorf("errors.Is(%v, %v) = true", err, target)
					}
				}
				if !slices.Equal(infos, tt.wantInfo) {
					t.Errorf("OnRetry infos = %+v, want %+v", infos, tt.wantInfo)
				}
				if slept != tt.wantSlept {
					t.Errorf("slept %v, want %v", slept, tt.wantSlept)
				}
			})
		})
	}
}

func TestRetry(t *testing.T) {
	tests := []struct {
		name      string
		f         func(context.Context, func(context.Context) error, RetryOptions) error
		op        func(calls *int) func(context.Context) error
		opts      RetryOptions
		wantCalls int
		wantIs    error
	}{
		{"Retry succeeds after a failure", Retry, flakyOnce, RetryOptions{Rand: fixedRand(0)}, 2, nil},
		{"RetryWithBackoff succeeds after a failure", RetryWithBackoff, flakyOnce, RetryOptions{Rand: fixedRand(0)}, 2, nil},
		{"Retry returns the last error", Retry, flakyOnce, RetryOptions{MaxAttempts: 1}, 1, errFlaky},
		{"Retry rejects a nil operation", Retry, nil, RetryOptions{}, 0, ErrInvalidRetryOptions},
		{"RetryWithBackoff rejects bad options", RetryWithBackoff, flakyOnce, RetryOptions{MaxAttempts: -3}, 0, ErrInvalidRetryOptions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				calls := 0
				var op func(context.Context) error
				if tt.op != nil {
					op = tt.op(&calls)
				}
				err := tt.f(t.Context(), op, tt.opts)
				if calls != tt.wantCalls {
					t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
				}
				if tt.wantIs == nil && err != nil || !errors.Is(err, tt.wantIs) {
					t.Errorf("error = %v, want %v", err, tt.wantIs)
				}
			})
		})
	}
	t.Run("RetryValue rejects a nil operation", func(t *testing.T) {
		if _, err := RetryValue[int](t.Context(), nil, RetryOptions{}); !errors.Is(err, ErrInvalidRetryOptions) {
			t.Errorf("error = %v, want ErrInvalidRetryOptions", err)
		}
	})
}

func flakyOnce(calls *int) func(context.Context) error {
	return func(context.Context) error {
		*calls++
		if *calls == 1 {
			return errFlaky
		}
		return nil
	}
}

func TestRetryAbortMessage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		err := Retry(ctx, func(context.Context) error { return errFlaky }, RetryOptions{
			NoJitter: true,
			OnRetry:  func(RetryInfo) { cancel() },
		})
		const want = "retry after attempt 1 (last error: flaky): operation aborted: context canceled"
		if err == nil || err.Error() != want {
			t.Errorf("error = %v, want %q", err, want)
		}
	})
}

func BenchmarkCalculateReconnectionBackoff(b *testing.B) {
	opts := BackoffOptions{}
	for i := 0; b.Loop(); i++ {
		CalculateReconnectionBackoff(i%20, opts)
	}
}
