package jsvat

import (
	"errors"
	"reflect"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"
	"modernc.org/quickjs"
)

// engine reaches the two things of a QuickJS runtime that package quickjs
// does not export and a vat host needs: how many bytes the vat's heap
// holds (to tell a vat that hit its memory cap from one that merely threw)
// and a full garbage collection (liveslots' gcAndFinalize, so that dropped
// imports are noticed). Both read the runtime pointer the quickjs.VM keeps
// in its unexported state; the dependency is pinned in go.mod, and
// TestEngineInternals fails if a new version moves these fields.
type engine struct {
	tls *libc.TLS
	rt  uintptr // *lib.TJSRuntime
}

var errEngineLayout = errors.New("quickjs.VM does not have the expected internal layout")

func engineOf(vm *quickjs.VM) (engine, error) {
	v := reflect.ValueOf(vm)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return engine{}, errEngineLayout
	}
	st := v.Elem().FieldByName("state")
	if !st.IsValid() {
		return engine{}, errEngineLayout
	}
	rtp := st.FieldByName("runtime")
	if !rtp.IsValid() || rtp.Kind() != reflect.Pointer || rtp.IsNil() {
		return engine{}, errEngineLayout
	}
	r := rtp.Elem()
	crt := r.FieldByName("cRuntime")
	tls := r.FieldByName("tls")
	if !crt.IsValid() || crt.Kind() != reflect.Uintptr || !tls.IsValid() || tls.Kind() != reflect.Pointer {
		return engine{}, errEngineLayout
	}
	if tls.Type() != reflect.TypeOf((*libc.TLS)(nil)) || crt.Uint() == 0 || tls.IsNil() {
		return engine{}, errEngineLayout
	}
	return engine{tls: (*libc.TLS)(tls.UnsafePointer()), rt: uintptr(crt.Uint())}, nil
}

func (e engine) runtime() *lib.TJSRuntime {
	return (*lib.TJSRuntime)(cPointer(e.rt))
}

// heapBytes is what the vat's heap holds now, as QuickJS counts it against
// the memory limit.
func (e engine) heapBytes() int64 {
	return int64(e.runtime().Fmalloc_ctx.Fmalloc_state.Fmalloc_size)
}

// heapLimit is the memory limit QuickJS enforces.
func (e engine) heapLimit() int64 {
	return int64(e.runtime().Fmalloc_ctx.Fmalloc_state.Fmalloc_limit)
}

// collect runs a full collection, cycles included. It must run on the VM's
// goroutine while no JavaScript is running.
func (e engine) collect() {
	lib.XJS_RunGC(e.tls, e.rt)
}
