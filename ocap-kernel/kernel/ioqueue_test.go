package kernel

import (
	"strings"
	"sync"
	"testing"
)

// TestIOQueue: a channel's writes run one at a time in the order they were
// asked for, and at most maxIOPending wait.
func TestIOQueue(t *testing.T) {
	k := &Kernel{}
	q := &ioQueue{what: "writes"}
	release, running := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var order []int
	if err := q.add(k, "io:s1:out", func() { close(running); <-release }); err != nil { // holds the queue
		t.Fatal(err)
	}
	<-running // taken off the queue: maxIOPending more may wait behind it
	for i := range maxIOPending {
		if err := q.add(k, "io:s1:out", func() { mu.Lock(); order = append(order, i); mu.Unlock() }); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	err := q.add(k, "io:s1:out", func() {})
	if err == nil || !strings.Contains(err.Error(), "too many writes waiting") {
		t.Fatalf("write beyond the bound: %v", err)
	}
	close(release)
	k.bg.closeAndWait()
	for i, v := range order {
		if v != i {
			t.Fatalf("writes ran out of order: %v", order)
		}
	}
	if len(order) != maxIOPending {
		t.Fatalf("%d writes ran, want %d", len(order), maxIOPending)
	}
}
