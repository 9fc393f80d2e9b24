package jsvat

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"
	"modernc.org/quickjs"
)

// hardener is SES's harden written against the engine's C API. SES uses a
// harden that exists on the global object before it loads (as on XS,
// whose harden is native), and harden is what vats spend most of their
// time in when it is interpreted: every value that crosses liveslots,
// marshal or an exo guard is hardened, and each object costs dozens of
// interpreted calls. The algorithm is SES's (its hardener): from the
// root, visit every object not hardened yet, in order; freeze it
// (typed arrays: non-index properties only, by the JavaScript helper that
// repairs.js gives), read its own property descriptors and then its
// prototype, and visit the prototype and each data value, getter and
// setter; once all are frozen, add them all to the hardened set. If any
// step throws, the exception propagates and nothing is added to the set.
//
// The JavaScript side (runtime/src/repairs.js) keeps the hardened WeakSet,
// answers primitives and already hardened objects itself, and rethrows
// the exception the native side leaves in a box.
type hardener struct {
	eng engine
	ctx uintptr // *lib.TJSContext

	// Values held from hardenInit until the realm closes.
	set, freeze, wsHas, wsAdd, freezeTypedArray lib.TJSValue
	box                                         exceptionBox
	ready                                       bool
}

// valueOffset is where quickjs.Value keeps its engine value.
var valueOffset = func() uintptr {
	f, ok := reflect.TypeOf(quickjs.Value{}).FieldByName("v")
	if !ok || f.Type != reflect.TypeOf(lib.TJSValue{}) {
		return ^uintptr(0)
	}
	return f.Offset
}()

var errValueLayout = errors.New("quickjs.Value does not have the expected internal layout")

func rawValue(v *quickjs.Value) lib.TJSValue {
	return *(*lib.TJSValue)(unsafe.Add(unsafe.Pointer(v), valueOffset))
}

func isObject(v lib.TJSValue) bool    { return v.Ftag == int64(lib.EJS_TAG_OBJECT) }
func isException(v lib.TJSValue) bool { return v.Ftag == int64(lib.EJS_TAG_EXCEPTION) }
func objectPtr(v lib.TJSValue) uintptr {
	return *(*uintptr)(unsafe.Pointer(&v.Fu))
}

// cPointer turns an address in the engine's (non-Go) memory into a
// pointer.
func cPointer(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

var undefinedValue = lib.TJSValue{Ftag: int64(lib.EJS_TAG_UNDEFINED)}

func newHardener(vm *quickjs.VM, eng engine) (*hardener, error) {
	if valueOffset == ^uintptr(0) {
		return nil, errValueLayout
	}
	st := reflect.ValueOf(vm).Elem().FieldByName("state")
	c := st.FieldByName("cContext")
	if !c.IsValid() || c.Kind() != reflect.Uintptr || c.Uint() == 0 {
		return nil, errEngineLayout
	}
	return &hardener{eng: eng, ctx: uintptr(c.Uint())}, nil
}

// register installs __ocap_hardenInit and __ocap_harden, which
// runtime/src/repairs.js captures before SES loads.
func (hz *hardener) register(vm *quickjs.VM) error {
	if err := vm.RegisterFunc("__ocap_hardenInit", hz.init, false); err != nil {
		return err
	}
	return vm.RegisterFunc("__ocap_harden", hz.harden, false)
}

func (hz *hardener) dup(v lib.TJSValue) lib.TJSValue { return lib.XDupValue(hz.eng.tls, hz.ctx, v) }
func (hz *hardener) free(v lib.TJSValue)             { lib.XFreeValue(hz.eng.tls, hz.ctx, v) }

// init receives the hardened set, Object.freeze, WeakSet.prototype.has
// and add, the typed-array freezer and the exception box.
func (hz *hardener) init(set, freeze, has, add, freezeTA, box quickjs.Value) (int32, error) {
	if hz.ready {
		return 0, errors.New("harden is already initialised")
	}
	args := []*quickjs.Value{&set, &freeze, &has, &add, &freezeTA, &box}
	for i, v := range args {
		if !isObject(rawValue(v)) {
			return 0, fmt.Errorf("hardenInit: argument %d is not an object", i)
		}
	}
	if !hz.box.hold(hz.eng, hz.ctx, rawValue(&box)) {
		return 0, errors.New("hardenInit: cannot hold the exception box")
	}
	for i, v := range []*lib.TJSValue{&hz.set, &hz.freeze, &hz.wsHas, &hz.wsAdd, &hz.freezeTypedArray} {
		*v = hz.dup(rawValue(args[i]))
	}
	hz.ready = true
	return 0, nil
}

// close releases what init holds; the realm is being closed.
func (hz *hardener) close() {
	if !hz.ready {
		return
	}
	for _, v := range []lib.TJSValue{hz.set, hz.freeze, hz.wsHas, hz.wsAdd, hz.freezeTypedArray} {
		hz.free(v)
	}
	hz.box.release()
	hz.ready = false
}

// call calls fn with one argument; the argument vector is in the
// engine's memory, as the engine expects.
func (hz *hardener) call(fn, this, arg lib.TJSValue) lib.TJSValue {
	size := int(unsafe.Sizeof(arg))
	argv := hz.eng.tls.Alloc(size)
	defer hz.eng.tls.Free(size)
	*(*lib.TJSValue)(cPointer(argv)) = arg
	return lib.XJS_Call(hz.eng.tls, hz.ctx, fn, this, 1, argv)
}

// harden hardens root, an object the JavaScript side found not hardened.
// It answers 0, or 1 with the exception in the box.
func (hz *hardener) harden(rootValue quickjs.Value) int32 {
	if !hz.ready {
		return hz.fail(lib.XJS_ThrowTypeError, "harden used before it was initialised")
	}
	root := rawValue(&rootValue)
	if !isObject(root) {
		return 0
	}
	queue := []lib.TJSValue{hz.dup(root)}
	seen := map[uintptr]struct{}{objectPtr(root): {}}
	defer func() {
		for _, v := range queue {
			hz.free(v)
		}
	}()
	// enqueue takes v's reference.
	enqueue := func(v lib.TJSValue) bool {
		if !isObject(v) {
			hz.free(v)
			return true
		}
		p := objectPtr(v)
		if _, ok := seen[p]; ok {
			hz.free(v)
			return true
		}
		r := hz.call(hz.wsHas, hz.set, v)
		if isException(r) {
			hz.free(v)
			return false
		}
		if r.Ftag == int64(lib.EJS_TAG_BOOL) && *(*int32)(unsafe.Pointer(&r.Fu)) != 0 {
			hz.free(v)
			return true
		}
		hz.free(r)
		seen[p] = struct{}{}
		queue = append(queue, v)
		return true
	}
	type desc struct {
		getset             bool
		value, get, setter lib.TJSValue
	}
	var descs []desc
	for i := 0; i < len(queue); i++ {
		obj := queue[i]
		var r lib.TJSValue
		if isTypedArray(obj) {
			r = hz.call(hz.freezeTypedArray, undefinedValue, obj)
		} else {
			r = hz.call(hz.freeze, undefinedValue, obj)
		}
		if isException(r) {
			return hz.pending()
		}
		hz.free(r)
		// The own property descriptors, then the prototype, as SES reads
		// them (a proxy sees its traps called in that order).
		descs = descs[:0]
		out := hz.eng.tls.Alloc(16)
		if lib.XJS_GetOwnPropertyNames(hz.eng.tls, hz.ctx, out, out+8, obj, int32(lib.MJS_GPN_STRING_MASK|lib.MJS_GPN_SYMBOL_MASK)) < 0 {
			hz.eng.tls.Free(16)
			return hz.pending()
		}
		tab := *(*uintptr)(cPointer(out))
		n := *(*uint32)(cPointer(out + 8))
		hz.eng.tls.Free(16)
		failed := false
		for j := uint32(0); j < n && !failed; j++ {
			atom := (*lib.TJSPropertyEnum)(unsafe.Add(cPointer(tab), uintptr(j)*unsafe.Sizeof(lib.TJSPropertyEnum{}))).Fatom
			dsize := int(unsafe.Sizeof(lib.TJSPropertyDescriptor{}))
			dp := hz.eng.tls.Alloc(dsize)
			found := lib.XJS_GetOwnProperty(hz.eng.tls, hz.ctx, dp, obj, atom)
			d := *(*lib.TJSPropertyDescriptor)(cPointer(dp))
			hz.eng.tls.Free(dsize)
			switch found {
			case -1:
				failed = true
			case 1:
				if d.Fflags&int32(lib.MJS_PROP_GETSET) != 0 {
					hz.free(d.Fvalue)
					descs = append(descs, desc{getset: true, get: d.Fgetter, setter: d.Fsetter})
				} else {
					hz.free(d.Fgetter)
					hz.free(d.Fsetter)
					descs = append(descs, desc{value: d.Fvalue})
				}
			}
		}
		lib.XJS_FreePropertyEnum(hz.eng.tls, hz.ctx, tab, n)
		if failed {
			for _, d := range descs {
				hz.freeDesc(d.getset, d.value, d.get, d.setter)
			}
			return hz.pending()
		}
		proto := lib.XJS_GetPrototype(hz.eng.tls, hz.ctx, obj)
		if isException(proto) {
			for _, d := range descs {
				hz.freeDesc(d.getset, d.value, d.get, d.setter)
			}
			return hz.pending()
		}
		ok := enqueue(proto)
		for k, d := range descs {
			if !ok {
				for _, rest := range descs[k:] {
					hz.freeDesc(rest.getset, rest.value, rest.get, rest.setter)
				}
				break
			}
			if d.getset {
				ok = enqueue(d.get)
				if ok {
					ok = enqueue(d.setter)
				} else {
					hz.free(d.setter)
				}
			} else {
				ok = enqueue(d.value)
			}
		}
		if !ok {
			return hz.pending()
		}
	}
	for _, v := range queue {
		r := hz.call(hz.wsAdd, hz.set, v)
		if isException(r) {
			return hz.pending()
		}
		hz.free(r)
	}
	return 0
}

func (hz *hardener) freeDesc(getset bool, value, get, set lib.TJSValue) {
	if getset {
		hz.free(get)
		hz.free(set)
	} else {
		hz.free(value)
	}
}

// pending moves the engine's pending exception into the box.
func (hz *hardener) pending() int32 {
	hz.box.catch()
	return 1
}

// fail throws a new error with msg and boxes it.
func (hz *hardener) fail(throw func(*libc.TLS, uintptr, uintptr, uintptr) lib.TJSValue, msg string) int32 {
	cmsg, err := libc.CString(msg)
	if err != nil {
		panic(err)
	}
	defer libc.Xfree(hz.eng.tls, cmsg)
	throw(hz.eng.tls, hz.ctx, cmsg, 0)
	return hz.pending()
}

func isTypedArray(v lib.TJSValue) bool {
	obj := (*lib.TJSObject)(cPointer(objectPtr(v)))
	return obj.Fclass_id >= lib.EJS_CLASS_UINT8C_ARRAY && obj.Fclass_id <= lib.EJS_CLASS_FLOAT64_ARRAY
}
