package jsvat

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"weak"

	"github.com/dop251/goja"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// runtimeAddCleanup arranges for k to be queued on dead once o is
// collected. The cleanup captures only dead, never the vat.
func runtimeAddCleanup(o *goja.Object, dead *deadMarks, k weak.Pointer[goja.Object]) {
	runtime.AddCleanup(o, func(k weak.Pointer[goja.Object]) { dead.add(k) }, k)
}

// exportedPromise is a local promise given a vpid by a marshal: once the
// syscall carrying it is recorded, the vat watches it to resolve the vpid.
type exportedPromise struct {
	vpid string
	obj  *goja.Object
}

// errNotPassable is wrapped by every marshalling failure of a value that
// cannot be passed.
var errNotPassable = errors.New("not passable")

func notPassable(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errNotPassable, fmt.Sprintf(format, args...))
}

// protect runs f, which may run vat code (getters), and turns JavaScript
// exceptions into errors. With no JavaScript on the stack, uncatchable
// failures (interrupts) are recorded as fatal instead of unwinding Go.
func (v *vatState) protect(f func() error) (err error) {
	if v.depth > 0 {
		return f() // exceptions propagate to the calling JavaScript
	}
	defer func() {
		if x := recover(); x != nil {
			if e, ok := x.(error); ok && !isException(e) {
				var ie *goja.InterruptedError
				var so *goja.StackOverflowError
				if errors.As(e, &ie) || errors.As(e, &so) {
					v.setFatal(e)
					err = e
					return
				}
			}
			panic(x)
		}
	}()
	v.depth++
	defer func() { v.depth-- }()
	var ferr error
	if ex := v.vm.Try(func() { ferr = f() }); ex != nil {
		return ex
	}
	return ferr
}

// marshal serializes a vat value to smallcaps CapData: Far objects become
// exports (o+N), presences their imports, promises vpids (exporting local
// promises as p+N). On failure nothing is exported.
func (v *vatState) marshal(val goja.Value) (capData, []exportedPromise, error) {
	m := marshaller{v: v}
	done := false
	defer func() {
		if !done { // also when vat code threw through us
			m.rollback()
		}
	}()
	var cd capData
	err := v.protect(func() error {
		x, err := m.value(val)
		if err != nil {
			return err
		}
		cd, err = smallcaps.Encode(x)
		return err
	})
	if err != nil {
		return capData{}, nil, err
	}
	done = true
	return cd, m.fresh, nil
}

// marshalMethargs serializes [method, args] where args is a JS array.
func (v *vatState) marshalMethargs(method string, args goja.Value) (capData, []exportedPromise, error) {
	m := marshaller{v: v}
	done := false
	defer func() {
		if !done {
			m.rollback()
		}
	}()
	var cd capData
	err := v.protect(func() error {
		a, err := m.value(args)
		if err != nil {
			return err
		}
		if _, ok := a.([]any); !ok {
			return notPassable("arguments are not an array")
		}
		cd, err = smallcaps.Encode([]any{method, a})
		return err
	})
	if err != nil {
		return capData{}, nil, err
	}
	done = true
	return cd, m.fresh, nil
}

type marshaller struct {
	v     *vatState
	refs  map[*goja.Object]*smallcaps.Ref
	fresh []exportedPromise
	depth int
}

// rollback forgets promises exported by a failed marshal: no syscall
// carries their vpids, so the kernel never heard of them.
func (m *marshaller) rollback() {
	for _, ep := range m.fresh {
		m.v.forgetPromise(ep.vpid)
	}
	m.fresh = nil
}

func (m *marshaller) ref(o *goja.Object, slot, iface string, promise bool) *smallcaps.Ref {
	r := &smallcaps.Ref{Slot: slot, Iface: iface, Promise: promise}
	if m.refs == nil {
		m.refs = make(map[*goja.Object]*smallcaps.Ref)
	}
	m.refs[o] = r
	return r
}

func (m *marshaller) value(val goja.Value) (any, error) {
	switch x := val.(type) {
	case nil:
		return smallcaps.Undefined, nil
	case *goja.Object:
		return m.object(x)
	case *goja.Symbol:
		return nil, notPassable("symbol %s", x.String())
	}
	if goja.IsUndefined(val) {
		return smallcaps.Undefined, nil
	}
	if goja.IsNull(val) {
		return nil, nil
	}
	switch e := val.Export().(type) {
	case string:
		return e, nil
	case bool:
		return e, nil
	case float64:
		return e, nil
	case int64:
		return float64(e), nil
	case *big.Int:
		return e, nil
	default:
		return nil, notPassable("value of type %T", e)
	}
}

func (m *marshaller) object(o *goja.Object) (any, error) {
	v := m.v
	if r := m.refs[o]; r != nil {
		return r, nil
	}
	if mk := v.markOf(o); mk != nil {
		switch mk.kind {
		case markPresence:
			if mk.gone {
				return nil, notPassable("presence %s was dropped", mk.vref)
			}
			return m.ref(o, mk.vref, mk.iface, false), nil
		case markRemotable:
			vref, ok := v.exportIDs[o]
			if !ok {
				vref = v.allocExport()
				v.exports[vref] = o
				v.exportIDs[o] = vref
			}
			return m.ref(o, vref, mk.iface, false), nil
		case markTagged:
			tag := o.GetSymbol(goja.SymToStringTag)
			payload, err := m.nested(o.Get("payload"))
			if err != nil {
				return nil, err
			}
			return smallcaps.Tagged{Tag: tag.String(), Payload: payload}, nil
		}
	}
	if isPromise(o) {
		if vpid, ok := v.promiseIDs[o]; ok {
			return m.ref(o, vpid, "", true), nil
		}
		vpid := v.allocPromise()
		v.promises[vpid] = &promiseEntry{obj: o, decided: true}
		v.promiseIDs[o] = vpid
		m.fresh = append(m.fresh, exportedPromise{vpid: vpid, obj: o})
		return m.ref(o, vpid, "", true), nil
	}
	switch o.ClassName() {
	case "Array":
		n := o.Get("length").ToInteger()
		out := make([]any, n)
		for i := range out {
			x, err := m.nested(o.Get(strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case "Error":
		return &smallcaps.Error{Name: stringProp(o, "name", "Error"), Message: stringProp(o, "message", "")}, nil
	case "Object":
		if p := o.Prototype(); p != nil && p != v.r.objectProto {
			return nil, notPassable("%s: only plain records, arrays, errors, promises, Far objects and presences pass; use Far or makeDefaultExo for objects with behaviour", v.describe(o))
		}
		keys := o.Keys()
		out := make(map[string]any, len(keys))
		for _, k := range keys {
			x, err := m.nested(o.Get(k))
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", k, err)
			}
			out[k] = x
		}
		return out, nil
	case "Function":
		return nil, notPassable("function %s (only Far objects carry behaviour)", v.describe(o.Get("name")))
	default:
		return nil, notPassable("%s object", o.ClassName())
	}
}

func (m *marshaller) nested(val goja.Value) (any, error) {
	m.depth++
	defer func() { m.depth-- }()
	if m.depth > smallcaps.MaxDepth {
		return nil, notPassable("value nested more than %d levels (a cycle?)", smallcaps.MaxDepth)
	}
	return m.value(val)
}

func stringProp(o *goja.Object, name, dflt string) string {
	p := o.Get(name)
	if p == nil || goja.IsUndefined(p) {
		return dflt
	}
	return p.String()
}

var promiseType = reflect.TypeOf((*goja.Promise)(nil))

// isPromise reports whether o is a native promise (goja's class name for
// promises is "Object").
func isPromise(o *goja.Object) bool {
	return o.ExportType() == promiseType
}

// asPromise returns o's promise state, if o is a promise.
func asPromise(o *goja.Object) (*goja.Promise, bool) {
	if !isPromise(o) {
		return nil, false
	}
	p, ok := o.Export().(*goja.Promise)
	return p, ok
}

// --- decoding ---

// decode deserializes CapData into hardened vat values. Slots become the
// vat's own objects, presences (imports) and promises; an unknown kernel
// promise is subscribed to.
func (v *vatState) decode(cd capData) (goja.Value, error) {
	var out goja.Value
	err := v.protect(func() error {
		x, err := smallcaps.DecodeWith(cd, v.convertSlot)
		if err != nil {
			return err
		}
		out, err = v.toJS(x)
		return err
	})
	return out, err
}

// decodeMethargs decodes [method, args] into the method name and the
// argument values.
func (v *vatState) decodeMethargs(cd capData) (string, []goja.Value, error) {
	var method string
	var args []goja.Value
	err := v.protect(func() error {
		x, err := smallcaps.DecodeWith(cd, v.convertSlot)
		if err != nil {
			return err
		}
		arr, ok := x.([]any)
		if !ok || len(arr) != 2 {
			return errors.New("methargs is not [method, args]")
		}
		method, ok = arr[0].(string)
		if !ok {
			return errors.New("method name is not a string")
		}
		list, ok := arr[1].([]any)
		if !ok {
			return errors.New("args is not an array")
		}
		args = make([]goja.Value, len(list))
		for i, a := range list {
			if args[i], err = v.toJS(a); err != nil {
				return err
			}
		}
		return nil
	})
	return method, args, err
}

func (v *vatState) convertSlot(slot, iface string, isPromise bool) (any, error) {
	if len(slot) < 3 {
		return nil, fmt.Errorf("bad slot %q", slot)
	}
	switch slot[:2] {
	case "p+", "p-":
		if e := v.promises[slot]; e != nil {
			return e.obj, nil
		}
		return v.newImportedPromise(slot, true), nil
	case "o+":
		if obj := v.exports[slot]; obj != nil {
			return obj, nil
		}
		return nil, fmt.Errorf("vat %s has no object %s", v.id, slot)
	case "o-":
		if p := v.imports[slot]; p != nil {
			return p, nil
		}
		return v.newPresence(slot, iface), nil
	default:
		return nil, fmt.Errorf("bad slot %q", slot)
	}
}

// newPresence makes the local stand-in for an imported object: a frozen
// empty object whose toString tag is its interface.
func (v *vatState) newPresence(vref, iface string) *goja.Object {
	p := v.vm.NewObject()
	if iface == "" {
		iface = "Alleged: presence"
	}
	_ = p.DefineDataPropertySymbol(goja.SymToStringTag, v.vm.ToValue(iface), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	v.freeze(p)
	v.setMark(p, &mark{kind: markPresence, iface: iface, vref: vref, gone: v.isRetiredImport(vref)})
	if !v.isRetiredImport(vref) {
		v.imports[vref] = p
	}
	return p
}

func (v *vatState) isRetiredImport(vref string) bool {
	_, ok := v.retiredImports[vref]
	return ok
}

func (v *vatState) freeze(o *goja.Object) {
	_, _ = v.call(v.r.freeze, goja.Undefined(), o)
}

// toJS builds hardened JavaScript values from decoded smallcaps values.
func (v *vatState) toJS(x any) (goja.Value, error) {
	vm := v.vm
	switch t := x.(type) {
	case nil:
		return goja.Null(), nil
	case goja.Value:
		return t, nil
	case bool:
		return vm.ToValue(t), nil
	case float64:
		return vm.ToValue(t), nil
	case string:
		return vm.ToValue(t), nil
	case *big.Int:
		return vm.ToValue(t), nil
	case []any:
		items := make([]any, len(t))
		for i, e := range t {
			jv, err := v.toJS(e)
			if err != nil {
				return nil, err
			}
			items[i] = jv
		}
		arr := vm.NewArray(items...)
		v.freeze(arr)
		return arr, nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		obj := vm.NewObject()
		for _, k := range keys {
			jv, err := v.toJS(t[k])
			if err != nil {
				return nil, err
			}
			if err := obj.Set(k, jv); err != nil {
				return nil, err
			}
		}
		v.freeze(obj)
		return obj, nil
	case *smallcaps.Error:
		e := v.makeError(t.Name, t.Message)
		v.freeze(e)
		return e, nil
	case smallcaps.Tagged:
		payload, err := v.toJS(t.Payload)
		if err != nil {
			return nil, err
		}
		obj := vm.NewObject()
		_ = obj.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue(t.Tag), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		_ = obj.DefineDataProperty("payload", payload, goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		v.freeze(obj)
		v.setMark(obj, &mark{kind: markTagged})
		return obj, nil
	case smallcaps.Symbol:
		return nil, fmt.Errorf("passable symbol %s is not supported in JavaScript vats", t)
	}
	if x == smallcaps.Undefined {
		return goja.Undefined(), nil
	}
	return nil, fmt.Errorf("cannot decode value of type %T", x)
}

// --- introspection for vat code ---

func (v *vatState) markOfValue(val goja.Value) *mark {
	o, ok := val.(*goja.Object)
	if !ok {
		return nil
	}
	return v.markOf(o)
}

// passStyleOf mirrors @endo/pass-style's passStyleOf closely enough for
// vat code that branches on it.
func (v *vatState) passStyleOf(val goja.Value) string {
	if mk := v.markOfValue(val); mk != nil {
		if mk.kind == markTagged {
			return "tagged"
		}
		return "remotable"
	}
	switch x := val.(type) {
	case nil:
		return "undefined"
	case *goja.Object:
		if isPromise(x) {
			return "promise"
		}
		switch x.ClassName() {
		case "Array":
			return "copyArray"
		case "Error":
			return "error"
		case "Object":
			return "copyRecord"
		}
		return "unknown"
	case *goja.Symbol:
		return "symbol"
	}
	switch {
	case goja.IsUndefined(val):
		return "undefined"
	case goja.IsNull(val):
		return "null"
	case goja.IsString(val):
		return "string"
	case goja.IsNumber(val):
		return "number"
	case goja.IsBigInt(val):
		return "bigint"
	}
	return "boolean"
}
