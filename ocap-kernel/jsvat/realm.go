package jsvat

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"modernc.org/quickjs"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// The vat environment, built by make vat-runtime from pinned npm packages
// (see runtime/package.json) and committed.
var (
	//go:embed runtime/dist/prelude.js
	preludeJS string
	//go:embed runtime/dist/supervisor.js
	supervisorJS string
)

// environment is the vat environment compiled to QuickJS bytecode, once
// per process, and evaluated in every new realm.
type environment struct {
	prelude, supervisor []byte
}

var compiledEnvironment = sync.OnceValues(func() (*environment, error) {
	vm, err := quickjs.NewVM()
	if err != nil {
		return nil, err
	}
	defer vm.Close()
	p, err := vm.Compile(preludeJS, quickjs.EvalGlobal)
	if err != nil {
		return nil, fmt.Errorf("compile the vat prelude: %w", err)
	}
	s, err := vm.Compile(supervisorJS, quickjs.EvalGlobal)
	if err != nil {
		return nil, fmt.Errorf("compile the vat supervisor: %w", err)
	}
	return &environment{prelude: p, supervisor: s}, nil
})

// entryPoints are the supervisor's functions the host calls.
var entryPoints = []string{"initVat", "deliver", "quiesce", "terminate", "fire", "settle"}

// realm is one vat's JavaScript engine: SES locked down, liveslots and the
// supervisor loaded. It is used only on its vat's goroutine.
type realm struct {
	vm    *quickjs.VM
	eng   engine
	hz    *hardener
	sort  *sorter
	entry map[string]quickjs.Value
	h     *host
}

// errOutOfMemory marks a vat that reached its memory cap.
var errOutOfMemory = errors.New("out of memory")

// newRealm builds a realm with the memory cap limit (bytes).
func newRealm(h *host, limit int64, maxStack int) (r *realm, err error) {
	env, err := compiledEnvironment()
	if err != nil {
		return nil, err
	}
	vm, err := quickjs.NewVM()
	if err != nil {
		return nil, fmt.Errorf("new JavaScript engine: %w", err)
	}
	defer func() {
		if err != nil {
			vm.Close()
		}
	}()
	eng, err := engineOf(vm)
	if err != nil {
		return nil, err
	}
	vm.SetWTF8(true)
	if maxStack > 0 {
		vm.SetMaxStackSize(uintptr(maxStack))
	}
	hz, err := newHardener(vm, eng)
	if err != nil {
		return nil, err
	}
	r = &realm{vm: vm, eng: eng, hz: hz, sort: newSorter(eng, hz.ctx), entry: map[string]quickjs.Value{}, h: h}
	defer func() {
		if err != nil {
			hz.close()
			r.sort.close()
		}
	}()
	if err := hz.register(vm); err != nil {
		return nil, err
	}
	if err := r.sort.register(vm); err != nil {
		return nil, err
	}
	if err := h.register(vm); err != nil {
		return nil, err
	}
	if _, err := vm.EvalBytecode(env.prelude); err != nil {
		return nil, fmt.Errorf("start SES: %w", err)
	}
	if _, err := vm.EvalBytecode(env.supervisor); err != nil {
		return nil, fmt.Errorf("start the vat supervisor: %w", err)
	}
	if err := r.takeEntryPoints(); err != nil {
		return nil, err
	}
	// The cap applies to the vat, not to the environment every vat holds.
	vm.SetMemoryLimit(uintptr(eng.heapBytes() + limit))
	return r, nil
}

func (r *realm) takeEntryPoints() error {
	global := r.vm.GlobalObject()
	defer global.Free()
	atom, err := r.vm.NewAtom("__ocapSupervisor")
	if err != nil {
		return err
	}
	sup, err := global.GetPropertyValue(atom)
	if err != nil {
		return fmt.Errorf("vat supervisor: %w", err)
	}
	defer sup.Free()
	for _, name := range entryPoints {
		a, err := r.vm.NewAtom(name)
		if err != nil {
			return err
		}
		fn, err := sup.GetPropertyValue(a)
		if err != nil {
			return fmt.Errorf("vat supervisor entry point %s: %w", name, err)
		}
		if fn.IsUndefined() {
			return fmt.Errorf("vat supervisor has no entry point %s", name)
		}
		r.entry[name] = fn
	}
	if _, err := r.vm.Eval("delete globalThis.__ocapSupervisor", quickjs.EvalGlobal); err != nil {
		return err
	}
	return nil
}

// close releases the engine.
func (r *realm) close() {
	for name, fn := range r.entry {
		fn.Free()
		delete(r.entry, name)
	}
	r.hz.close()
	r.sort.close()
	r.vm.Close()
}

// call runs a supervisor entry point with the deadline and cancellation of
// ctx: a call still running when ctx is done is interrupted.
func (r *realm) call(ctx context.Context, name string, args ...any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.armTimeout(ctx)
	_, err := r.entry[name].Call(quickjs.UndefinedValue, args...)
	return r.jsError(ctx, err)
}

// armTimeout makes the engine stop by itself at ctx's deadline: an
// Interrupt that arrives while Go is between two calls into JavaScript is
// cleared by the next call, so the deadline cannot rely on it alone.
func (r *realm) armTimeout(ctx context.Context) {
	if d, ok := ctx.Deadline(); ok {
		left := time.Until(d)
		if left <= 0 {
			left = time.Millisecond
		}
		r.vm.SetEvalTimeout(left)
	} else {
		r.vm.SetEvalTimeout(0)
	}
}

// jsError classifies an error from the engine.
func (r *realm) jsError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var je *quickjs.Error
	if errors.As(err, &je) && je.Name == "InternalError" {
		switch je.Message {
		case "interrupted":
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			return context.DeadlineExceeded
		case "out of memory":
			return errOutOfMemory
		}
	}
	return err
}

// drive runs the realm's jobs until the supervisor reports that the
// current call is done: it resolves liveslots' quiescence waits whenever
// the job queue is empty, runs the garbage collections liveslots asks
// for, and, while the call waits on the host (a timer, a response), the
// host events that arrive. ctx bounds it.
func (r *realm) drive(ctx context.Context, events *eventQueue) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.armTimeout(ctx)
		n, err := r.vm.ExecutePendingJobs()
		if err = r.jsError(ctx, err); err != nil {
			if errors.Is(err, errOutOfMemory) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return err
			}
			r.h.logf("warn", "a job failed: %v", err)
		}
		if r.h.oom {
			return errOutOfMemory
		}
		if r.h.fatal != nil {
			return r.h.fatal
		}
		if r.h.done {
			return nil
		}
		if n > 0 {
			continue
		}
		if r.h.wantGC {
			r.h.wantGC = false
			r.eng.collect()
			continue
		}
		if r.h.wantQuiescence {
			r.h.wantQuiescence = false
			if err := r.call(ctx, "quiesce"); err != nil {
				return err
			}
			continue
		}
		// Nothing runnable: the call waits for the host.
		ev, err := events.wait(ctx)
		if err != nil {
			return err
		}
		if err := r.dispatchEvent(ctx, ev); err != nil {
			return err
		}
	}
}

// runEvents runs the host events already queued, to quiescence, without
// waiting for more (a wake crank).
func (r *realm) runEvents(ctx context.Context, events *eventQueue) error {
	for {
		ev, ok := events.take()
		if !ok {
			break
		}
		if err := r.dispatchEvent(ctx, ev); err != nil {
			return err
		}
	}
	return r.settle(ctx)
}

// settle drains the job queue, quiescence waits and collections, without
// waiting for host events.
func (r *realm) settle(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.armTimeout(ctx)
		n, err := r.vm.ExecutePendingJobs()
		if err = r.jsError(ctx, err); err != nil {
			if errors.Is(err, errOutOfMemory) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				return err
			}
			r.h.logf("warn", "a job failed: %v", err)
		}
		if r.h.oom {
			return errOutOfMemory
		}
		if r.h.fatal != nil {
			return r.h.fatal
		}
		if n > 0 {
			continue
		}
		switch {
		case r.h.wantGC:
			r.h.wantGC = false
			r.eng.collect()
		case r.h.wantQuiescence:
			r.h.wantQuiescence = false
			if err := r.call(ctx, "quiesce"); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

func (r *realm) dispatchEvent(ctx context.Context, ev event) error {
	switch ev.kind {
	case eventTimer:
		return r.call(ctx, "fire", ev.id)
	case eventResponse:
		return r.call(ctx, "settle", ev.id, ev.result, ev.body)
	default:
		return fmt.Errorf("unknown host event %d", ev.kind)
	}
}

// deliveryJSON is a vat.Delivery as upstream's VatDeliveryObject.
func deliveryJSON(d vat.Delivery) (string, error) {
	var v []any
	switch d.Kind {
	case vat.DeliverMessage:
		msg := map[string]any{"methargs": capData(d.Message.Methargs.Body, d.Message.Methargs.Slots)}
		if d.Message.Result != "" {
			msg["result"] = d.Message.Result
		} else {
			msg["result"] = nil
		}
		v = []any{"message", d.Target, msg}
	case vat.DeliverNotify:
		res := make([]any, len(d.Resolutions))
		for i, r := range d.Resolutions {
			res[i] = []any{r.VPID, r.Rejected, capData(r.Data.Body, r.Data.Slots)}
		}
		v = []any{"notify", res}
	case vat.DeliverDropExports, vat.DeliverRetireExports, vat.DeliverRetireImports:
		refs := d.Refs
		if refs == nil {
			refs = []string{}
		}
		v = []any{string(d.Kind), refs}
	case vat.DeliverBringOutYourDead:
		v = []any{"bringOutYourDead"}
	default:
		return "", fmt.Errorf("unsupported delivery %q", d.Kind)
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func capData(body string, slots []string) map[string]any {
	if slots == nil {
		slots = []string{}
	}
	return map[string]any{"body": body, "slots": slots}
}

// isOutOfMemoryRejection reports whether a rejection's capdata body is the
// engine's out-of-memory error, as liveslots serializes it when vat code
// let it reach the result promise.
func isOutOfMemoryRejection(body string) bool {
	return strings.Contains(body, `"#error":"out of memory"`)
}
