package jsvat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// vatConfig is what a worker needs to start its vat.
type vatConfig struct {
	id        string
	program   *goja.Program
	params    []byte // JSON object, or nil
	allowDate bool
	log       *slog.Logger
	maxStack  int
}

// abandonGrace is how long a delivery may keep running after its context
// is done and the vat was interrupted, before the worker gives up on it.
// Only an uninterruptible native builtin can take that long.
const abandonGrace = 2 * time.Second

// ErrClosed is returned by calls on a closed worker.
var ErrClosed = errors.New("vat worker is closed")

// errInterrupted is the value passed to vm.Interrupt.
var errInterrupted = errors.New("delivery deadline exceeded")

// worker is one JavaScript vat: a goroutine that owns the goja runtime
// and runs jobs from its inbox one at a time.
type worker struct {
	id    string
	inbox chan func() // unbuffered: a send succeeds when the loop runs the job
	quit  chan struct{}
	done  chan struct{} // closed when the loop exits

	closeOnce sync.Once
	mu        sync.Mutex
	broken    error // set when the vat can no longer be used

	v *vatState // touched only on the vat goroutine
}

func newWorker(cfg vatConfig) *worker {
	w := &worker{
		id:    cfg.id,
		inbox: make(chan func()),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
		v:     newVatState(cfg),
	}
	go w.loop()
	return w
}

func (w *worker) loop() {
	defer close(w.done)
	for {
		select {
		case job := <-w.inbox:
			job()
		case <-w.quit:
			w.v = nil // let the runtime be collected even if the worker is retained
			return
		}
	}
}

type outcome struct {
	res vat.Result
	err error
}

// run executes f on the vat goroutine and waits for it. When ctx ends
// first, the vat is interrupted; f then normally returns promptly with an
// interrupt error.
func (w *worker) run(ctx context.Context, f func(ctx context.Context, v *vatState) (vat.Result, error)) (vat.Result, error) {
	if err := w.usable(); err != nil {
		return vat.Result{}, err
	}
	done := make(chan outcome, 1)
	job := func() {
		v := w.v
		fired := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			defer close(fired)
			v.vm.Interrupt(errInterrupted)
		})
		res, err := f(ctx, v)
		if !stop() {
			<-fired
			if err == nil && v.fatal == nil {
				// The interrupt came after the work was done: drop it.
				v.vm.ClearInterrupt()
			}
		}
		if err != nil || v.fatal != nil {
			w.breakWith(fmt.Errorf("vat %s failed: %w", w.id, errors.Join(err, v.fatal)))
		}
		done <- outcome{res, err}
	}
	select {
	case w.inbox <- job:
	case <-ctx.Done():
		return vat.Result{}, fmt.Errorf("vat %s: %w", w.id, ctx.Err())
	case <-w.done:
		return vat.Result{}, fmt.Errorf("vat %s: %w", w.id, ErrClosed)
	}
	select {
	case o := <-done:
		return o.res, o.err
	case <-ctx.Done():
	}
	t := time.NewTimer(abandonGrace)
	defer t.Stop()
	select {
	case o := <-done:
		return o.res, o.err
	case <-t.C:
		err := fmt.Errorf("vat %s: delivery did not stop %s after it was interrupted (a long native call?): %w", w.id, abandonGrace, ctx.Err())
		w.breakWith(err)
		return vat.Result{}, err
	}
}

func (w *worker) usable() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.broken != nil {
		return w.broken
	}
	return nil
}

func (w *worker) breakWith(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.broken == nil {
		w.broken = err
	}
}

// Init implements vat.Worker: it sets up the vat's realm, evaluates the
// bundle and runs buildRootObject with the persisted vatstore.
func (w *worker) Init(ctx context.Context, state [][2]string) (vat.Result, error) {
	return w.run(ctx, func(ctx context.Context, v *vatState) (vat.Result, error) {
		return v.start(ctx, state)
	})
}

// Deliver implements vat.Worker.
func (w *worker) Deliver(ctx context.Context, d vat.Delivery) (vat.Result, error) {
	return w.run(ctx, func(ctx context.Context, v *vatState) (vat.Result, error) {
		return v.deliver(ctx, d)
	})
}

// Ping implements vat.Worker: the vat's goroutine answers.
func (w *worker) Ping(ctx context.Context) (string, error) {
	if _, err := w.run(ctx, func(context.Context, *vatState) (vat.Result, error) { return vat.Result{}, nil }); err != nil {
		return "", err
	}
	return "pong", nil
}

// Close implements vat.Worker. It stops the vat's goroutine; it waits for
// it unless the worker was abandoned in a native call.
func (w *worker) Close() error {
	w.closeOnce.Do(func() {
		w.breakWith(fmt.Errorf("vat %s: %w", w.id, ErrClosed))
		close(w.quit)
	})
	select {
	case <-w.done:
	case <-time.After(abandonGrace):
	}
	return nil
}
