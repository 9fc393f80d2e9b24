package kernel

import (
	"sync"
	"sync/atomic"
	"testing"
)

// TestGroupClose: goroutines asked for while the group closes either run
// before closeAndWait returns or never run; none is added to a wait in
// progress (which the race detector and sync.WaitGroup report).
func TestGroupClose(t *testing.T) {
	for range 50 {
		var g group
		var ran, started atomic.Int64
		var askers sync.WaitGroup
		for range 8 {
			askers.Add(1)
			go func() {
				defer askers.Done()
				for range 20 {
					if g.Go(func() { ran.Add(1) }) {
						started.Add(1)
					}
				}
			}()
		}
		g.closeAndWait()
		after := ran.Load()
		askers.Wait()
		if ran.Load() != after {
			t.Fatal("a goroutine started after closeAndWait returned")
		}
		if started.Load() != after {
			t.Fatalf("%d goroutines started, %d ran", started.Load(), after)
		}
		if g.Go(func() {}) {
			t.Fatal("a closed group started a goroutine")
		}
	}
}
