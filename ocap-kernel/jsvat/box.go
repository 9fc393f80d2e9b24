package jsvat

import (
	"modernc.org/libc"
	lib "modernc.org/libquickjs"
)

// exceptionBox is an object of the JavaScript side, {e: undefined}, where
// a host function written against the engine's C API leaves the
// exception it met: a function registered through package quickjs cannot
// return an engine exception, so it answers a code and the JavaScript
// side takes box.e and throws it (runtime/src/repairs.js).
type exceptionBox struct {
	eng  engine
	ctx  uintptr // *lib.TJSContext
	obj  lib.TJSValue
	atom lib.TJSAtom
	held bool
}

// hold takes obj, an object, as the box; it answers false if it cannot.
func (b *exceptionBox) hold(eng engine, ctx uintptr, obj lib.TJSValue) bool {
	if b.held || !isObject(obj) {
		return false
	}
	name, err := libc.CString("e")
	if err != nil {
		return false
	}
	defer libc.Xfree(eng.tls, name)
	b.eng, b.ctx = eng, ctx
	b.obj = lib.XDupValue(eng.tls, ctx, obj)
	b.atom = lib.XJS_NewAtom(eng.tls, ctx, name)
	b.held = true
	return true
}

// release lets go of the box; the realm is being closed.
func (b *exceptionBox) release() {
	if !b.held {
		return
	}
	lib.XFreeValue(b.eng.tls, b.ctx, b.obj)
	lib.XJS_FreeAtom(b.eng.tls, b.ctx, b.atom)
	b.held = false
}

// catch moves the engine's pending exception into the box.
func (b *exceptionBox) catch() {
	exc := lib.XJS_GetException(b.eng.tls, b.ctx)
	lib.XJS_SetPropertyInternal(b.eng.tls, b.ctx, b.obj, b.atom, exc, b.obj, int32(lib.MJS_PROP_THROW))
}
