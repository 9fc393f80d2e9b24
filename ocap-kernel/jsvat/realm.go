package jsvat

import (
	"context"
	_ "embed"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

//go:embed js/prelude.js
var preludeSrc string

//go:embed js/lockdown.js
var lockdownSrc string

// The prelude and lockdown are compiled once per process and shared by
// every vat realm.
var (
	preludeProgram  = sync.OnceValues(func() (*goja.Program, error) { return goja.Compile("ocap:prelude.js", preludeSrc, false) })
	lockdownProgram = sync.OnceValues(func() (*goja.Program, error) { return goja.Compile("ocap:lockdown.js", lockdownSrc, false) })
)

// fixedRandom is what Math.random returns in a vat: vats are
// deterministic.
const fixedRandom = 0.5

// realm holds the intrinsics the runtime uses, captured before vat code
// runs so that vat code cannot substitute them.
type realm struct {
	objectProto    *goja.Object
	freeze         goja.Callable
	then           goja.Callable
	promiseCtor    *goja.Object
	promiseResolve goja.Callable
	jsonParse      goja.Callable
	jsonStringify  goja.Callable
	harden         goja.Callable
	methodNames    goja.Callable
	errorCtors     map[string]*goja.Object
}

var errorNames = []string{"Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError"}

func mustFunc(v goja.Value, name string) (goja.Callable, error) {
	f, ok := goja.AssertFunction(v)
	if !ok {
		return nil, fmt.Errorf("intrinsic %s is not a function", name)
	}
	return f, nil
}

// setupRealm prepares a fresh goja runtime for vat code: determinism,
// limits, the vat API (prelude), globals, and lockdown.
func (v *vatState) setupRealm() error {
	vm := v.vm
	vm.SetMaxCallStackSize(v.cfg.maxStack)
	vm.SetRandSource(func() float64 { return fixedRandom })
	if !v.cfg.allowDate {
		epoch := time.Unix(0, 0).UTC()
		vm.SetTimeSource(func() time.Time { return epoch })
	}
	r := &realm{errorCtors: make(map[string]*goja.Object, len(errorNames))}
	var err error
	objectCtor := vm.Get("Object").ToObject(vm)
	r.objectProto = objectCtor.Get("prototype").ToObject(vm)
	if r.freeze, err = mustFunc(objectCtor.Get("freeze"), "Object.freeze"); err != nil {
		return err
	}
	r.promiseCtor = vm.Get("Promise").ToObject(vm)
	if r.then, err = mustFunc(r.promiseCtor.Get("prototype").ToObject(vm).Get("then"), "Promise.prototype.then"); err != nil {
		return err
	}
	if r.promiseResolve, err = mustFunc(r.promiseCtor.Get("resolve"), "Promise.resolve"); err != nil {
		return err
	}
	jsonObj := vm.Get("JSON").ToObject(vm)
	if r.jsonParse, err = mustFunc(jsonObj.Get("parse"), "JSON.parse"); err != nil {
		return err
	}
	if r.jsonStringify, err = mustFunc(jsonObj.Get("stringify"), "JSON.stringify"); err != nil {
		return err
	}
	for _, n := range errorNames {
		r.errorCtors[n] = vm.Get(n).ToObject(vm)
	}
	v.r = r

	prelude, err := preludeProgram()
	if err != nil {
		return fmt.Errorf("compile prelude: %w", err)
	}
	lockdown, err := lockdownProgram()
	if err != nil {
		return fmt.Errorf("compile lockdown: %w", err)
	}
	var preludeFn goja.Value
	if err := v.runOutermost(func() (err error) { preludeFn, err = vm.RunProgram(prelude); return err }); err != nil {
		return fmt.Errorf("prelude: %w", err)
	}
	fn, err := mustFunc(preludeFn, "prelude")
	if err != nil {
		return err
	}
	out, err := v.call(fn, goja.Undefined(), v.internals())
	if err != nil {
		return fmt.Errorf("prelude: %w", err)
	}
	outObj := out.ToObject(vm)
	api := outObj.Get("api")
	if r.harden, err = mustFunc(outObj.Get("harden"), "harden"); err != nil {
		return err
	}
	if r.methodNames, err = mustFunc(outObj.Get("methodNames"), "methodNames"); err != nil {
		return err
	}
	for name, val := range map[string]goja.Value{
		"harden":  api.ToObject(vm).Get("harden"),
		"__ocap":  api,
		"console": v.makeLogger(v.log, "console"),
	} {
		if err := vm.GlobalObject().DefineDataProperty(name, val, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
			return fmt.Errorf("define global %s: %w", name, err)
		}
	}
	var lockdownFn goja.Value
	if err := v.runOutermost(func() (err error) { lockdownFn, err = vm.RunProgram(lockdown); return err }); err != nil {
		return fmt.Errorf("lockdown: %w", err)
	}
	fn, err = mustFunc(lockdownFn, "lockdown")
	if err != nil {
		return err
	}
	if _, err := v.call(fn, goja.Undefined(), outObj.Get("lockdownHarden")); err != nil {
		return fmt.Errorf("lockdown: %w", err)
	}
	return nil
}

// goFunc wraps a Go function for JavaScript.
func (v *vatState) goFunc(f func(goja.FunctionCall) goja.Value) goja.Value {
	return v.vm.ToValue(f)
}

// throw throws a new JavaScript error from a Go function called by
// JavaScript.
func (v *vatState) throw(name, msg string) {
	panic(v.makeError(name, msg))
}

// internals are the Go functions the prelude builds the vat API on.
func (v *vatState) internals() *goja.Object {
	vm := v.vm
	in := vm.NewObject()
	set := func(name string, f func(goja.FunctionCall) goja.Value) {
		_ = in.Set(name, v.goFunc(f))
	}
	set("send", func(c goja.FunctionCall) goja.Value {
		method := c.Argument(1).String()
		r := v.send(c.Argument(0), method, c.Argument(2), c.Argument(3).ToBoolean())
		if r == nil {
			return goja.Null()
		}
		return r
	})
	set("markRemotable", func(c goja.FunctionCall) goja.Value {
		o, ok := c.Argument(0).(*goja.Object)
		if !ok {
			v.throw("TypeError", "only objects can be remotables")
		}
		if m := v.markOf(o); m != nil {
			if m.kind == markRemotable {
				v.throw("TypeError", fmt.Sprintf("object is already a remotable (%s)", m.iface))
			}
			v.throw("TypeError", "a presence or tagged record cannot be made remotable")
		}
		if isPromise(o) || o.ClassName() == "Array" {
			v.throw("TypeError", "a promise or an array cannot be made remotable")
		}
		v.setMark(o, &mark{kind: markRemotable, iface: c.Argument(1).String()})
		return goja.Undefined()
	})
	set("interfaceOf", func(c goja.FunctionCall) goja.Value {
		if m := v.markOfValue(c.Argument(0)); m != nil && m.kind != markTagged {
			return vm.ToValue(m.iface)
		}
		return goja.Undefined()
	})
	set("passStyleOf", func(c goja.FunctionCall) goja.Value {
		return vm.ToValue(v.passStyleOf(c.Argument(0)))
	})
	return in
}

// makeEndowments builds buildRootObject's arguments: vatPowers,
// parameters and baggage, all hardened.
func (v *vatState) makeEndowments() (powers, params, baggage goja.Value, err error) {
	vm := v.vm
	p := vm.NewObject()
	_ = p.Set("logger", v.makeLogger(v.log, ""))
	_ = p.Set("exitVat", v.goFunc(func(c goja.FunctionCall) goja.Value {
		v.exit(false, c.Argument(0))
		return goja.Undefined()
	}))
	_ = p.Set("exitVatWithFailure", v.goFunc(func(c goja.FunctionCall) goja.Value {
		v.exit(true, c.Argument(0))
		return goja.Undefined()
	}))
	_ = p.Set("dropImport", v.goFunc(func(c goja.FunctionCall) goja.Value {
		if err := v.dropImport(c.Argument(0)); err != nil {
			v.throw("TypeError", err.Error())
		}
		return goja.Undefined()
	}))
	powers = p
	if v.cfg.params == nil {
		params = vm.NewObject()
	} else if params, err = v.call(v.r.jsonParse, goja.Undefined(), vm.ToValue(string(v.cfg.params))); err != nil {
		return nil, nil, nil, fmt.Errorf("parameters: %w", v.jsError(err))
	}
	baggage = v.makeBaggage()
	for _, x := range []goja.Value{powers, params, baggage} {
		if _, err := v.call(v.r.harden, goja.Undefined(), x); err != nil {
			return nil, nil, nil, fmt.Errorf("harden endowments: %w", err)
		}
	}
	return powers, params, baggage, nil
}

// makeLogger builds a console-like object (log/info/warn/error/debug and
// subLogger) writing to log.
func (v *vatState) makeLogger(log *slog.Logger, source string) *goja.Object {
	vm := v.vm
	obj := vm.NewObject()
	if source != "" {
		log = log.With("source", source)
	}
	levels := []struct {
		name  string
		level slog.Level
	}{{"log", slog.LevelInfo}, {"info", slog.LevelInfo}, {"warn", slog.LevelWarn}, {"error", slog.LevelError}, {"debug", slog.LevelDebug}}
	for _, l := range levels {
		level := l.level
		_ = obj.Set(l.name, v.goFunc(func(c goja.FunctionCall) goja.Value {
			if log.Enabled(context.Background(), level) {
				log.Log(context.Background(), level, v.formatArgs(c.Arguments))
			}
			return goja.Undefined()
		}))
	}
	_ = obj.Set("subLogger", v.goFunc(func(c goja.FunctionCall) goja.Value {
		sub := log
		if o, ok := c.Argument(0).(*goja.Object); ok {
			if tags, ok := o.Get("tags").(*goja.Object); ok && tags.ClassName() == "Array" {
				sub = log.With("tags", v.formatArg(tags))
			}
		}
		l := v.makeLogger(sub, "")
		_, _ = v.call(v.r.harden, goja.Undefined(), l)
		return l
	}))
	return obj
}

// formatArgs renders console arguments like a terminal console would.
func (v *vatState) formatArgs(args []goja.Value) string {
	if len(args) == 1 && goja.IsString(args[0]) {
		return args[0].String()
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = v.formatArg(a)
	}
	return strings.Join(parts, " ")
}

func (v *vatState) formatArg(a goja.Value) string {
	if goja.IsString(a) {
		return a.String()
	}
	o, ok := a.(*goja.Object)
	if !ok {
		if goja.IsBigInt(a) {
			return a.String() + "n"
		}
		return v.describe(a)
	}
	if m := v.markOf(o); m != nil && m.kind != markTagged {
		return "Object [" + m.iface + "] {}"
	}
	if isPromise(o) {
		return "Promise"
	}
	switch o.ClassName() {
	case "Error":
		return stringProp(o, "name", "Error") + ": " + stringProp(o, "message", "")
	case "Function":
		return "[Function " + stringProp(o, "name", "(anonymous)") + "]"
	}
	if s, err := v.call(v.r.jsonStringify, goja.Undefined(), o); err == nil && s != nil && !goja.IsUndefined(s) {
		return s.String()
	}
	return v.describe(a)
}
