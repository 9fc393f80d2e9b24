package kernel

import "sync"

// group runs and tracks the kernel's background goroutines (senders, IO,
// service calls, timer callbacks). Stop closes it and waits: from then on
// Go starts nothing, so a timer, the store's writer or a transport that
// asks for work while the kernel stops cannot add to a WaitGroup that is
// being waited on.
type group struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// Go runs f on a goroutine of its own and reports whether it did; it does
// not once the group is closed.
func (g *group) Go(f func()) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		f()
	}()
	return true
}

// enter counts work its caller does on its own goroutine as the group's,
// so that closeAndWait waits for it too, and reports whether it did; it
// does not once the group is closed. leave ends what enter began.
func (g *group) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	return true
}

func (g *group) leave() { g.wg.Done() }

// closeAndWait stops new goroutines and waits for the running ones.
func (g *group) closeAndWait() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.wg.Wait()
}
