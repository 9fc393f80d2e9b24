package kernel_test

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestClearStateMidStormRace clears the kernel's state while clients keep
// sending: every call is answered (a result or an error), none is left
// waiting.
func TestClearStateMidStormRace(t *testing.T) {
	h := newHarness(t, "")
	res := h.launch("counter", map[string]string{"counter": "counter"})
	ctx, cancel := context.WithCancel(h.Ctx())
	var wg sync.WaitGroup
	var mu sync.Mutex
	stuck := 0
	const clients = 8
	started := make(chan struct{}, clients)
	for range clients {
		wg.Go(func() {
			first := true
			for ctx.Err() == nil {
				cctx, ccancel := context.WithTimeout(context.Background(), 20*time.Second)
				_, err := h.k.QueueMessage(cctx, res.RootKref, "inc", nil)
				if cctx.Err() != nil {
					mu.Lock()
					stuck++
					mu.Unlock()
				}
				ccancel()
				if first {
					first = false
					started <- struct{}{}
				}
				_ = err // after the clear, the target is gone: errors are answers too
			}
		})
	}
	for range clients {
		<-started
	}
	if err := h.k.ClearState(h.Ctx()); err != nil {
		t.Fatal(err)
	}
	// A few more rounds against the cleared kernel, then stop.
	if _, err := h.call("getStatus", nil); err != nil {
		t.Fatal(err)
	}
	cancel()
	wg.Wait()
	if stuck > 0 {
		t.Fatalf("%d calls were never answered", stuck)
	}
}
