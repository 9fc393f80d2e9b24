package jsvat

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/quickjs"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// abandonGrace is how long a call may go on after its context ended and
// the vat was interrupted, before the worker gives up on it. Only a long
// native builtin (a huge sort or JSON.stringify) takes that long: the
// engine checks for interrupts between JavaScript operations, not inside
// builtins.
const abandonGrace = 250 * time.Millisecond

// interruptEvery is how often a cancelled call is interrupted again until
// it returns.
const interruptEvery = 5 * time.Millisecond

// memorySlack is how close to its cap a vat's heap may be after a
// delivery before the vat counts as having exceeded it.
const memorySlack = 1 << 20

// ErrClosed is returned by calls on a closed worker.
var ErrClosed = errors.New("vat worker is closed")

// ErrStuck is returned by a call abandoned because its vat went on in a
// native call for abandonGrace after it was interrupted.
var ErrStuck = errors.New("stopped responding in a native call after it was interrupted")

// MemoryLimitError is a vat that reached its memory cap; the kernel
// terminates it.
type MemoryLimitError struct {
	VatID string
	Limit int64
}

func (e *MemoryLimitError) Error() string {
	return fmt.Sprintf("vat %s exceeded its memory limit of %d MiB", e.VatID, e.Limit>>20)
}

// worker is one JavaScript vat: a goroutine that owns the vat's realm
// and runs jobs from its inbox one at a time.
type worker struct {
	id       string
	code     string
	cfg      *launchConfig
	maxStack int

	inbox chan func() // unbuffered: a send succeeds when the loop takes the job
	quit  chan struct{}
	done  chan struct{} // closed when the loop exits

	closeOnce sync.Once
	mu        sync.Mutex
	broken    error // set when the vat can no longer be used

	// vm is the realm's engine, for Interrupt from other goroutines.
	vm atomic.Pointer[quickjs.VM]

	h *host  // the host side; its events and timers are goroutine-safe
	r *realm // touched only on the vat goroutine
}

var _ vat.Worker = (*worker)(nil)
var _ vat.Waker = (*worker)(nil)

func newWorker(id, code string, cfg *launchConfig, h *host, maxStack int) *worker {
	w := &worker{
		id:       id,
		code:     code,
		cfg:      cfg,
		maxStack: maxStack,
		inbox:    make(chan func()),
		quit:     make(chan struct{}),
		done:     make(chan struct{}),
		h:        h,
	}
	go w.loop()
	return w
}

func (w *worker) loop() {
	defer close(w.done)
	defer func() {
		w.h.shutdown()
		if w.r != nil {
			w.vm.Store(nil)
			w.r.close()
			w.r = nil
		}
	}()
	for {
		select {
		case job := <-w.inbox:
			job()
			if w.usable() != nil {
				return // the realm cannot be trusted any more
			}
		case <-w.quit:
			return
		}
	}
}

// SetWake implements vat.Waker.
func (w *worker) SetWake(wake func()) { w.h.events.setWake(wake) }

// run executes f on the vat goroutine and waits for it. When ctx ends
// first, the vat is interrupted until f returns; f then normally returns
// promptly with the context's error. A call that does not return within
// abandonGrace is abandoned and the worker broken.
func (w *worker) run(ctx context.Context, f func(ctx context.Context) (vat.Result, error)) (vat.Result, error) {
	if err := w.usable(); err != nil {
		return vat.Result{}, err
	}
	type outcome struct {
		res vat.Result
		err error
	}
	out := make(chan outcome, 1)
	job := func() {
		finished := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			t := time.NewTicker(interruptEvery)
			defer t.Stop()
			for {
				if vm := w.vm.Load(); vm != nil {
					vm.Interrupt()
				}
				select {
				case <-finished:
					return
				case <-t.C:
				}
			}
		})
		res, err := w.protect(ctx, f)
		close(finished)
		stop()
		if err != nil {
			w.breakWith(fmt.Errorf("vat %s failed: %w", w.id, err))
		}
		out <- outcome{res, err}
	}
	select {
	case w.inbox <- job:
	case <-ctx.Done():
		return vat.Result{}, fmt.Errorf("vat %s: %w", w.id, ctx.Err())
	case <-w.done:
		return vat.Result{}, fmt.Errorf("vat %s: %w", w.id, ErrClosed)
	}
	select {
	case o := <-out:
		return o.res, o.err
	case <-ctx.Done():
	}
	t := time.NewTimer(abandonGrace)
	defer t.Stop()
	select {
	case o := <-out:
		return o.res, o.err
	case <-t.C:
		err := fmt.Errorf("vat %s: %w: %w", w.id, ErrStuck, ctx.Err())
		w.breakWith(err)
		return vat.Result{}, err
	}
}

// protect turns a panic in the engine (or in a host function) into an
// error: the vat is lost, the daemon is not.
func (w *worker) protect(ctx context.Context, f func(ctx context.Context) (vat.Result, error)) (res vat.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the vat's engine failed: %v", p)
		}
	}()
	return f(ctx)
}

func (w *worker) usable() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.broken
}

func (w *worker) breakWith(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.broken == nil {
		w.broken = err
	}
}

// Init implements vat.Worker: it builds the vat's realm, loads the bundle
// and starts liveslots with the persisted vatstore.
func (w *worker) Init(ctx context.Context, state [][2]string) (vat.Result, error) {
	return w.run(ctx, func(ctx context.Context) (vat.Result, error) {
		if w.r != nil {
			return vat.Result{}, errors.New("vat is already started")
		}
		r, err := newRealm(w.h, w.cfg.memoryLimit, w.maxStack)
		if err != nil {
			return vat.Result{}, err
		}
		w.r = r
		w.vm.Store(r.vm)
		w.h.store = newVatstore(state)
		cfgJSON, err := w.cfg.configJSON(w.id)
		if err != nil {
			return vat.Result{}, err
		}
		w.h.begin()
		if err := r.call(ctx, "initVat", cfgJSON, w.code); err != nil {
			return w.failed(err)
		}
		if err := r.drive(ctx, w.h.events); err != nil {
			return w.failed(err)
		}
		return w.result()
	})
}

// Deliver implements vat.Worker.
func (w *worker) Deliver(ctx context.Context, d vat.Delivery) (vat.Result, error) {
	return w.run(ctx, func(ctx context.Context) (vat.Result, error) {
		if w.r == nil {
			return vat.Result{}, errors.New("vat is not started")
		}
		w.h.begin()
		if d.Kind == vat.DeliverWake {
			if err := w.r.runEvents(ctx, w.h.events); err != nil {
				return w.failed(err)
			}
			w.h.done = true
			return w.result()
		}
		text, err := deliveryJSON(d)
		if err != nil {
			return vat.Result{}, err
		}
		if err := w.r.call(ctx, "deliver", text); err != nil {
			return w.failed(err)
		}
		if err := w.r.drive(ctx, w.h.events); err != nil {
			return w.failed(err)
		}
		return w.result()
	})
}

// failed turns an engine failure into the worker's answer.
func (w *worker) failed(err error) (vat.Result, error) {
	if errors.Is(err, errOutOfMemory) || w.h.oom {
		return vat.Result{}, &MemoryLimitError{VatID: w.id, Limit: w.cfg.memoryLimit}
	}
	return vat.Result{}, err
}

// result is what the current call did, once it is done.
func (w *worker) result() (vat.Result, error) {
	if w.h.oom || w.r.eng.heapBytes() > w.r.eng.heapLimit()-memorySlack {
		return vat.Result{}, &MemoryLimitError{VatID: w.id, Limit: w.cfg.memoryLimit}
	}
	return vat.Result{
		Syscalls:   w.h.syscalls,
		Checkpoint: w.h.store.checkpoint(),
		Error:      w.h.doneErr,
	}, nil
}

// Ping implements vat.Worker: the vat's goroutine answers.
func (w *worker) Ping(ctx context.Context) (string, error) {
	if _, err := w.run(ctx, func(context.Context) (vat.Result, error) { return vat.Result{}, nil }); err != nil {
		return "", err
	}
	return "pong", nil
}

// Close implements vat.Worker. It interrupts a call in progress, stops the
// vat's goroutine and waits for it, unless the vat is stuck in a native
// call, which is abandoned.
func (w *worker) Close() error {
	w.closeOnce.Do(func() {
		w.breakWith(fmt.Errorf("vat %s: %w", w.id, ErrClosed))
		close(w.quit)
		if vm := w.vm.Load(); vm != nil {
			vm.Interrupt()
		}
	})
	t := time.NewTimer(abandonGrace)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return nil
		case <-t.C:
			return nil
		case <-time.After(interruptEvery):
			if vm := w.vm.Load(); vm != nil {
				vm.Interrupt()
			}
		}
	}
}
