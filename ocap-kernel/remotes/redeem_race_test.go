package remotes_test

import (
	"encoding/json"
	"sync"
	"testing"
)

// TestConcurrentRedeemRace redeems one URL from many clients at once. The
// replies are handed over after their crank commits, on the store's writer
// goroutine, while the kernel goroutine records new redemptions: the race
// detector catches any access to the kernel's redemption map from the
// writer.
func TestConcurrentRedeemRace(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)
	url := a.issue(a.launch("alice", "greeter"))
	// Each client redeems again as soon as it has its answer, so new
	// redemptions are recorded while earlier replies are handed over.
	const clients, each = 16, 8
	var wg sync.WaitGroup
	krefs := make([][]string, clients)
	errs := make([]error, clients)
	for i := range clients {
		wg.Go(func() {
			for range each {
				out, err := b.call("redeemOcapURL", map[string]any{"url": url})
				var kref string
				if err == nil {
					err = json.Unmarshal(out, &kref)
				}
				if err != nil {
					errs[i] = err
					return
				}
				krefs[i] = append(krefs[i], kref)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		for _, kref := range krefs[i] {
			if kref != krefs[0][0] {
				t.Fatalf("client %d got %s, client 0 %s: one URL, one object", i, kref, krefs[0][0])
			}
		}
	}
}
