package kernel_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/identity"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// logMessages is a slog handler that passes each record's message on.
type logMessages chan string

func (l logMessages) Enabled(context.Context, slog.Level) bool { return true }
func (l logMessages) Handle(_ context.Context, r slog.Record) error {
	select {
	case l <- r.Message:
	default:
	}
	return nil
}
func (l logMessages) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l logMessages) WithGroup(string) slog.Handler      { return l }

// TestResumeRemoteCommsRetries: a kernel whose remote comms cannot resume
// at start-up (the transport fails to start, as with a listen port still
// taken) starts anyway, and retries in the background until the
// transport starts.
func TestResumeRemoteCommsRetries(t *testing.T) {
	var failing atomic.Bool
	starts := make(chan error, 8)
	wire := &wireTransport{sent: make(chan []byte, 8)}
	opts := kernel.Options{Runtime: newRuntime(), DeliveryTimeout: 5 * time.Second}
	clock := kernel.UseFakeClock(&opts)
	opts.RemoteTransport = func(_ context.Context, cfg kernel.TransportConfig) (kernel.RemoteTransport, error) {
		if failing.Load() {
			err := errors.New("listen tcp 127.0.0.1:4001: address already in use")
			starts <- err
			return nil, err
		}
		pid, err := identity.PeerIDFromSeed(cfg.KeySeed)
		if err != nil {
			return nil, err
		}
		wire.self = pid.String()
		starts <- nil
		return wire, nil
	}
	logs := make(logMessages, 64)
	opts.Logger = slog.New(logs)
	h := kerneltest.New(t, "", opts)
	if err := h.K.InitRemoteComms(h.Ctx(), api.RemoteCommsOptions{}); err != nil {
		t.Fatal(err)
	}
	<-starts

	failing.Store(true)
	h.Reopen() // a restart: resumes with the stored options, and fails
	if err := <-starts; err == nil {
		t.Fatal("the resume at start-up did not fail")
	}
	state := func() string {
		st, err := h.K.GetStatus(h.Ctx())
		if err != nil {
			t.Fatal(err)
		}
		return st.RemoteComms.State
	}
	if s := state(); s == api.RemoteCommsConnected {
		t.Fatalf("remote comms %s without a transport", s)
	}
	clock.WaitTimers(1)
	clock.Advance(kernel.ResumeRetryFirst) // a retry, failing again
	if err := <-starts; err == nil {
		t.Fatal("the first retry did not fail")
	}
	failing.Store(false)
	clock.WaitTimers(1)
	clock.Advance(2 * kernel.ResumeRetryFirst) // the next, which starts it
	if err := <-starts; err != nil {
		t.Fatalf("the second retry failed: %v", err)
	}
	waitLog(t, logs, "remote comms resumed")
	if s := state(); s != api.RemoteCommsConnected {
		t.Fatalf("remote comms %s after the retry", s)
	}
	if err := h.K.InitRemoteComms(h.Ctx(), api.RemoteCommsOptions{}); err == nil || !strings.Contains(err.Error(), "already initialized") {
		t.Fatalf("initRemoteComms after the resume: %v", err)
	}
}

func waitLog(t *testing.T, logs logMessages, msg string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-logs:
			if m == msg {
				return
			}
		case <-timeout:
			t.Fatalf("no %q in the log", msg)
		}
	}
}
