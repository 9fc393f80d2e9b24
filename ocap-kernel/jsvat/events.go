package jsvat

import (
	"context"
	"sync"
)

// eventKind names a host event.
type eventKind int

const (
	eventTimer    eventKind = iota + 1 // a timer the vat armed is due
	eventResponse                      // a request the vat made is answered
)

// event is a host completion for the vat: the goroutines that run timers
// and requests post them; the vat's goroutine runs them.
type event struct {
	kind   eventKind
	id     int
	result string // eventResponse: the JSON result
	body   string // eventResponse: the body, one character per byte
}

// eventQueue carries host events to the vat's goroutine. Its size is
// bounded by what the vat may have outstanding (armed timers, requests in
// flight), and a repeating timer that is already queued is not queued
// again. wake is called when the queue stops being empty, so that the
// kernel gives the vat a crank to run them in.
type eventQueue struct {
	mu      sync.Mutex
	queue   []event
	ticking map[int]bool // repeating timers with a tick queued
	signal  chan struct{}
	wake    func()
	closed  bool
}

func newEventQueue() *eventQueue {
	return &eventQueue{ticking: map[int]bool{}, signal: make(chan struct{}, 1)}
}

// setWake installs the function called when events arrive.
func (q *eventQueue) setWake(wake func()) {
	q.mu.Lock()
	q.wake = wake
	pending := len(q.queue) > 0
	q.mu.Unlock()
	if pending && wake != nil {
		wake()
	}
}

// close makes the queue drop every later event: the vat is gone.
func (q *eventQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.queue = nil
	q.wake = nil
	q.mu.Unlock()
}

// post queues ev; a tick of a repeating timer already queued is dropped.
func (q *eventQueue) post(ev event, repeating bool) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	if repeating {
		if q.ticking[ev.id] {
			q.mu.Unlock()
			return
		}
		q.ticking[ev.id] = true
	}
	wasEmpty := len(q.queue) == 0
	q.queue = append(q.queue, ev)
	wake := q.wake
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
	if wasEmpty && wake != nil {
		wake()
	}
}

// take removes the oldest event, if any.
func (q *eventQueue) take() (event, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queue) == 0 {
		return event{}, false
	}
	ev := q.queue[0]
	q.queue[0] = event{}
	q.queue = q.queue[1:]
	if len(q.queue) == 0 {
		q.queue = nil
	}
	delete(q.ticking, ev.id)
	return ev, true
}

// wait takes the oldest event, waiting for one until ctx is done.
func (q *eventQueue) wait(ctx context.Context) (event, error) {
	for {
		if ev, ok := q.take(); ok {
			return ev, nil
		}
		select {
		case <-q.signal:
		case <-ctx.Done():
			return event{}, ctx.Err()
		}
	}
}

// drop forgets the queued events of id (a cleared timer, an aborted
// request).
func (q *eventQueue) drop(id int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.queue[:0]
	for _, ev := range q.queue {
		if ev.id != id {
			out = append(out, ev)
		}
	}
	for i := len(out); i < len(q.queue); i++ {
		q.queue[i] = event{}
	}
	q.queue = out
	delete(q.ticking, id)
}
