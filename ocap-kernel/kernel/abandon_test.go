package kernel_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestAbandonedQueueMessage: callers that give up on results that never
// come take back their waits and the kernel's hold on each result
// promise, so only the deciding vat's reference keeps it.
func TestAbandonedQueueMessage(t *testing.T) {
	h := newHarness(t, "")
	res := h.launch("maker", map[string]string{"maker": "maker"})
	const calls = 50
	for range calls {
		ctx, cancel := context.WithTimeout(h.Ctx(), 5*time.Millisecond)
		_, err := h.k.QueueMessage(ctx, res.RootKref, "hold", nil)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("hold: %v, want a deadline error", err)
		}
	}
	// Let the kernel finish the deliveries and the abandonments.
	h.mustCall("getStatus", nil)
	held := 0
	for key, v := range h.kv("kp") {
		if strings.HasSuffix(key, ".refCount") {
			if v != "1" {
				t.Logf("%s = %s", key, v)
				held++
			}
		}
	}
	if held > 0 {
		t.Errorf("%d result promises still held for callers that left", held)
	}
}
