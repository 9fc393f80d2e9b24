package remotes_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/remotes"
)

// TestConcurrentInitRemoteCommsRace starts remote comms from many callers
// at once: exactly one starts the network, the others are told it is
// starting or started, and nothing panics.
func TestConcurrentInitRemoteCommsRace(t *testing.T) {
	relay := startRelay(t)
	h := kerneltest.New(t, "", kernel.Options{Runtime: govat.NewRuntime(), RemoteTransport: remotes.Factory(fastBackoff)})
	const callers = 8
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			errs[i] = h.K.InitRemoteComms(h.Ctx(), api.RemoteCommsOptions{Relays: []string{relay}})
		})
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case strings.Contains(err.Error(), "already starting"), strings.Contains(err.Error(), "already initialized"):
		default:
			t.Errorf("caller %d: %v", i, err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d callers started remote comms, want 1: %v", ok, errs)
	}
	if st, err := h.K.GetStatus(h.Ctx()); err != nil || st.RemoteComms.State != "connected" {
		t.Fatalf("status = %+v, %v", st.RemoteComms, err)
	}
}

// TestInitRemoteCommsCallerGivesUp: a caller whose context ends while the
// transport starts does not leave the state stuck in "starting".
func TestInitRemoteCommsCallerGivesUp(t *testing.T) {
	relay := startRelay(t)
	h := kerneltest.New(t, "", kernel.Options{Runtime: govat.NewRuntime(), RemoteTransport: remotes.Factory(fastBackoff)})
	ctx, cancel := context.WithCancel(h.Ctx())
	cancel()
	if err := h.K.InitRemoteComms(ctx, api.RemoteCommsOptions{Relays: []string{relay}}); err == nil {
		t.Fatal("InitRemoteComms with a cancelled context succeeded")
	}
	ctx, cancel = context.WithTimeout(h.Ctx(), time.Millisecond)
	defer cancel()
	_ = h.K.InitRemoteComms(ctx, api.RemoteCommsOptions{Relays: []string{relay}}) // may finish or not
	err := h.K.InitRemoteComms(h.Ctx(), api.RemoteCommsOptions{Relays: []string{relay}})
	if err != nil && !strings.Contains(err.Error(), "already initialized") {
		t.Fatalf("after an abandoned start: %v", err)
	}
	if st, err := h.K.GetStatus(h.Ctx()); err != nil || st.RemoteComms.State != "connected" {
		t.Fatalf("status = %+v, %v", st.RemoteComms, err)
	}
}
