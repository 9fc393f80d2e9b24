package jsvat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"weak"

	"github.com/dop251/goja"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// markKind says what kind of special object a mark describes.
type markKind uint8

const (
	markRemotable markKind = iota + 1 // a Far object of this vat
	markPresence                      // an import: stands for an object elsewhere
	markTagged                        // a decoded tagged record
)

// mark is what the vat knows about a special object. Marks are kept in a
// map keyed by weak pointers, so marking an object does not keep it alive
// and vat code cannot see or forge a mark.
type mark struct {
	kind  markKind
	iface string
	vref  string // presence: its o-N
	gone  bool   // presence: dropped by the vat or retired by the kernel
}

// deadMarks collects the weak keys of collected objects; Go runs cleanups
// on another goroutine, so it has its own lock. It must not reference the
// vat (a cleanup that reaches the vat would keep the whole realm alive).
type deadMarks struct {
	mu   sync.Mutex
	keys []weak.Pointer[goja.Object]
}

func (d *deadMarks) add(k weak.Pointer[goja.Object]) {
	d.mu.Lock()
	d.keys = append(d.keys, k)
	d.mu.Unlock()
}

func (d *deadMarks) take() []weak.Pointer[goja.Object] {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := d.keys
	d.keys = nil
	return k
}

// promiseEntry is a promise the vat has a vpid for.
type promiseEntry struct {
	obj *goja.Object
	// resolve and reject settle obj; set for promises the kernel decides
	// (imports and the results of the vat's sends).
	resolve, reject func(any) error
	// decided is true when this vat decides the promise (an exported
	// local promise).
	decided bool
}

// vatState is one vat's realm and liveslots tables. It is used only on the
// vat's goroutine.
type vatState struct {
	id  string
	cfg vatConfig
	vm  *goja.Runtime
	log *slog.Logger
	r   *realm

	marks map[weak.Pointer[goja.Object]]*mark
	dead  *deadMarks

	root       *goja.Object
	exports    map[string]*goja.Object
	exportIDs  map[*goja.Object]string
	imports    map[string]*goja.Object
	promises   map[string]*promiseEntry
	promiseIDs map[*goja.Object]string

	nextExport  int
	nextPromise int

	syscalls []vat.Syscall
	store    map[string]string
	sets     map[string]string
	deletes  map[string]struct{}

	retiredImports map[string]struct{} // imports the kernel retired

	baggageRefs  map[string]int // vref -> number of baggage entries holding it
	baggageCache map[string]goja.Value

	depth   int   // > 0 while JavaScript is on the stack
	fatal   error // an uncatchable failure (interrupt, stack overflow)
	started bool
	exited  bool
}

func newVatState(cfg vatConfig) *vatState {
	return &vatState{
		id:             cfg.id,
		cfg:            cfg,
		vm:             goja.New(),
		log:            cfg.log,
		marks:          make(map[weak.Pointer[goja.Object]]*mark),
		dead:           &deadMarks{},
		exports:        make(map[string]*goja.Object),
		exportIDs:      make(map[*goja.Object]string),
		imports:        make(map[string]*goja.Object),
		promises:       make(map[string]*promiseEntry),
		promiseIDs:     make(map[*goja.Object]string),
		nextExport:     1,
		nextPromise:    1,
		store:          make(map[string]string),
		sets:           make(map[string]string),
		deletes:        make(map[string]struct{}),
		baggageRefs:    make(map[string]int),
		retiredImports: make(map[string]struct{}),
		baggageCache:   make(map[string]goja.Value),
	}
}

// --- marks ---

func (v *vatState) setMark(o *goja.Object, m *mark) {
	k := weak.Make(o)
	if _, ok := v.marks[k]; !ok {
		dead := v.dead
		runtimeAddCleanup(o, dead, k)
	}
	v.marks[k] = m
}

func (v *vatState) markOf(o *goja.Object) *mark {
	if len(v.marks) == 0 {
		return nil
	}
	return v.marks[weak.Make(o)]
}

// sweepMarks forgets the marks of collected objects.
func (v *vatState) sweepMarks() {
	for _, k := range v.dead.take() {
		if k.Value() == nil {
			delete(v.marks, k)
		}
	}
}

// --- calling JavaScript ---

// isException reports whether err is a JavaScript exception (as opposed
// to an uncatchable interrupt or stack overflow).
func isException(err error) bool {
	var ex *goja.Exception
	return errors.As(err, &ex)
}

// call calls fn. From Go (no JavaScript on the stack) it is the outermost
// call: goja drains the job queue before it returns, and an uncatchable
// error is recorded as fatal. From a Go function that JavaScript called,
// an uncatchable error is re-panicked so that it unwinds the whole stack.
func (v *vatState) call(fn goja.Callable, this goja.Value, args ...goja.Value) (goja.Value, error) {
	if v.depth > 0 {
		res, err := fn(this, args...)
		if err != nil && !isException(err) {
			panic(err)
		}
		return res, err
	}
	v.depth++
	res, err := func() (goja.Value, error) {
		defer func() { v.depth-- }()
		return fn(this, args...)
	}()
	if err != nil && !isException(err) {
		v.setFatal(err)
	}
	return res, err
}

func (v *vatState) setFatal(err error) {
	if v.fatal != nil {
		return
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		err = fmt.Errorf("maximum call stack size (%d) exceeded: %w", v.cfg.maxStack, err)
	}
	v.fatal = err
}

// settle calls a promise resolving function with the same discipline as
// call.
func (v *vatState) settle(f func(any) error, val goja.Value) {
	if v.depth > 0 {
		if err := f(val); err != nil && !isException(err) {
			panic(err)
		}
		return
	}
	v.depth++
	err := func() error {
		defer func() { v.depth-- }()
		return f(val)
	}()
	if err != nil && !isException(err) {
		v.setFatal(err)
	}
}

// fatalError turns a fatal condition into the delivery's Go error.
func (v *vatState) fatalError(ctx context.Context) error {
	var ie *goja.InterruptedError
	if errors.As(v.fatal, &ie) {
		cause := ctx.Err()
		if cause == nil {
			cause = errInterrupted
		}
		return fmt.Errorf("vat %s: delivery interrupted: %w", v.id, cause)
	}
	return fmt.Errorf("vat %s: %w", v.id, v.fatal)
}

// --- deliveries ---

const keyCounters = "idCounters"

type counters struct {
	ExportID  int `json:"exportID"`
	PromiseID int `json:"promiseID"`
}

// start is initVat: load the vatstore, build the realm, evaluate the
// bundle and run buildRootObject.
func (v *vatState) start(ctx context.Context, state [][2]string) (vat.Result, error) {
	if v.started {
		return vat.Result{}, fmt.Errorf("vat %s: Init called twice", v.id)
	}
	v.started = true
	for _, kv := range state {
		v.store[kv[0]] = kv[1]
	}
	if raw, ok := v.store[keyCounters]; ok {
		var c counters
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return vat.Result{}, fmt.Errorf("vat %s: vatstore %s is corrupt: %w", v.id, keyCounters, err)
		}
		v.nextExport, v.nextPromise = max(c.ExportID, 1), max(c.PromiseID, 1)
	}
	if err := v.loadBaggageRefs(); err != nil {
		return vat.Result{}, err
	}
	if err := v.setupRealm(); err != nil {
		if v.fatal != nil {
			return vat.Result{}, v.fatalError(ctx)
		}
		return vat.Result{}, fmt.Errorf("vat %s: set up realm: %w", v.id, err)
	}
	verr := v.buildRoot()
	if v.fatal != nil {
		return vat.Result{}, v.fatalError(ctx)
	}
	return v.result(verr), nil
}

// buildRoot evaluates the bundle and runs buildRootObject; its error is a
// vat failure, reported in Result.Error.
func (v *vatState) buildRoot() error {
	var ns goja.Value
	err := v.runOutermost(func() error {
		var err error
		ns, err = v.vm.RunProgram(v.cfg.program)
		return err
	})
	if err != nil {
		return v.jsError(err)
	}
	nsObj, ok := ns.(*goja.Object)
	if !ok {
		return errors.New("vat source bundle lacks buildRootObject() function")
	}
	build, ok := goja.AssertFunction(nsObj.Get("buildRootObject"))
	if !ok {
		return errors.New("vat source bundle lacks buildRootObject() function")
	}
	powers, params, baggage, err := v.makeEndowments()
	if err != nil {
		return err
	}
	res, err := v.call(build, goja.Undefined(), powers, params, baggage)
	if err != nil {
		return v.jsError(err)
	}
	if o, ok := res.(*goja.Object); ok {
		if p, ok := asPromise(o); ok {
			switch p.State() {
			case goja.PromiseStateFulfilled:
				res = p.Result()
			case goja.PromiseStateRejected:
				return errors.New(v.errorText(p.Result()))
			default:
				return errors.New("buildRootObject() returned a promise that did not settle")
			}
		}
	}
	root, ok := res.(*goja.Object)
	if m := v.markOfValue(res); !ok || m == nil || m.kind != markRemotable {
		return fmt.Errorf("buildRootObject() for vat %s returned %s, which is not a Far object", v.id, v.describe(res))
	}
	v.root = root
	v.exports["o+0"] = root
	v.exportIDs[root] = "o+0"
	return nil
}

// runOutermost runs f as an outermost JavaScript entry.
func (v *vatState) runOutermost(f func() error) error {
	v.depth++
	err := func() error {
		defer func() { v.depth-- }()
		return f()
	}()
	if err != nil && !isException(err) {
		v.setFatal(err)
	}
	return err
}

// jsError turns a JavaScript exception into a Go error carrying its
// message, as upstream reports err.message.
func (v *vatState) jsError(err error) error {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return errors.New(v.errorText(ex.Value()))
	}
	return err
}

// errorText is the message of an Error, or the string form of any other
// thrown value.
func (v *vatState) errorText(val goja.Value) string {
	if o, ok := val.(*goja.Object); ok && o.ClassName() == "Error" {
		if msg := o.Get("message"); msg != nil && !goja.IsUndefined(msg) {
			return msg.String()
		}
	}
	return v.describe(val)
}

// describe renders a value for an error message without running vat code
// that could throw.
func (v *vatState) describe(val goja.Value) string {
	if val == nil {
		return "undefined"
	}
	var s string
	if ex := v.vm.Try(func() { s = val.String() }); ex != nil {
		return "[unprintable value]"
	}
	return s
}

func (v *vatState) deliver(ctx context.Context, d vat.Delivery) (vat.Result, error) {
	if !v.started || v.root == nil {
		return vat.Result{}, fmt.Errorf("vat %s: cannot deliver before the vat is started", v.id)
	}
	v.sweepMarks()
	var verr error
	switch d.Kind {
	case vat.DeliverMessage:
		v.deliverMessage(d.Target, d.Message)
	case vat.DeliverNotify:
		v.deliverNotify(d.Resolutions)
	case vat.DeliverDropExports:
		// The kernel no longer needs these; they stay until retired.
	case vat.DeliverRetireExports:
		for _, vref := range d.Refs {
			if obj := v.exports[vref]; obj != nil && vref != "o+0" {
				delete(v.exports, vref)
				delete(v.exportIDs, obj)
			}
		}
	case vat.DeliverRetireImports:
		for _, vref := range d.Refs {
			v.retiredImports[vref] = struct{}{}
			if p := v.imports[vref]; p != nil {
				if m := v.markOf(p); m != nil {
					m.gone = true
				}
				delete(v.imports, vref)
			}
		}
	case vat.DeliverBringOutYourDead:
	default:
		verr = fmt.Errorf("unknown delivery %q", d.Kind)
	}
	if v.fatal != nil {
		v.syscalls = nil
		return vat.Result{}, v.fatalError(ctx)
	}
	return v.result(verr), nil
}

// result collects the syscalls and vatstore checkpoint of the current
// delivery.
func (v *vatState) result(verr error) vat.Result {
	c := counters{ExportID: v.nextExport, PromiseID: v.nextPromise}
	raw := `{"exportID":` + strconv.Itoa(c.ExportID) + `,"promiseID":` + strconv.Itoa(c.PromiseID) + `}`
	if v.store[keyCounters] != raw {
		v.storeSet(keyCounters, raw)
	}
	res := vat.Result{Syscalls: v.syscalls}
	if verr != nil {
		res.Error = verr.Error()
	}
	if len(v.sets) > 0 {
		res.Checkpoint.Sets = make([][2]string, 0, len(v.sets))
		for k, val := range v.sets {
			res.Checkpoint.Sets = append(res.Checkpoint.Sets, [2]string{k, val})
		}
		sort.Slice(res.Checkpoint.Sets, func(i, j int) bool { return res.Checkpoint.Sets[i][0] < res.Checkpoint.Sets[j][0] })
	}
	if len(v.deletes) > 0 {
		res.Checkpoint.Deletes = make([]string, 0, len(v.deletes))
		for k := range v.deletes {
			res.Checkpoint.Deletes = append(res.Checkpoint.Deletes, k)
		}
		sort.Strings(res.Checkpoint.Deletes)
	}
	v.syscalls = nil
	clear(v.sets)
	clear(v.deletes)
	return res
}

func (v *vatState) storeSet(k, val string) {
	v.store[k] = val
	v.sets[k] = val
	delete(v.deletes, k)
}

func (v *vatState) storeDelete(k string) {
	delete(v.store, k)
	delete(v.sets, k)
	v.deletes[k] = struct{}{}
}

// deliverMessage invokes a method of one of the vat's objects and
// arranges for its result promise to be resolved.
func (v *vatState) deliverMessage(target string, msg vat.Message) {
	method, args, err := v.decodeMethargs(msg.Methargs)
	var obj *goja.Object
	if err == nil {
		obj = v.exports[target]
		if obj == nil {
			err = v.newError("Error", fmt.Sprintf("vat %s has no object %s", v.id, target))
		}
	}
	var fn goja.Callable
	if err == nil {
		var fv goja.Value
		if ex := v.vm.Try(func() { fv = obj.Get(method) }); ex != nil {
			err = ex
		} else if f, ok := goja.AssertFunction(fv); ok {
			fn = f
		} else {
			err = v.newError("TypeError", fmt.Sprintf("target has no method %q, has %s", method, v.methodNames(obj)))
		}
	}
	var res goja.Value
	if err == nil {
		res, err = v.call(fn, obj, args...)
		if v.fatal != nil {
			return
		}
	}
	if err != nil {
		if msg.Result != "" {
			v.resolveVpid(msg.Result, true, v.rejectionValue(err))
		}
		return
	}
	v.resolveWith(msg.Result, res)
}

// rejectionValue is the JavaScript value to reject with for err.
func (v *vatState) rejectionValue(err error) goja.Value {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return ex.Value()
	}
	var je *jsErr
	if errors.As(err, &je) {
		return je.val
	}
	return v.vm.ToValue(v.makeError("Error", err.Error()))
}

// jsErr carries a JavaScript error value through Go.
type jsErr struct {
	val *goja.Object
	msg string
}

func (e *jsErr) Error() string { return e.msg }

func (v *vatState) newError(name, msg string) error {
	return &jsErr{val: v.makeError(name, msg), msg: msg}
}

func (v *vatState) makeError(name, msg string) *goja.Object {
	ctor := v.r.errorCtors[name]
	if ctor == nil {
		ctor = v.r.errorCtors["Error"]
	}
	o, err := v.vm.New(ctor, v.vm.ToValue(msg))
	if err != nil {
		return v.vm.NewTypeError(msg)
	}
	return o
}

func (v *vatState) methodNames(obj *goja.Object) string {
	names, err := v.call(v.r.methodNames, goja.Undefined(), obj)
	if err != nil {
		return "[]"
	}
	var b strings.Builder
	b.WriteByte('[')
	if o, ok := names.(*goja.Object); ok {
		n := int(o.Get("length").ToInteger())
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(o.Get(strconv.Itoa(i)).String()))
		}
	}
	b.WriteByte(']')
	return b.String()
}

// resolveWith resolves vpid with res, which may be a promise or thenable:
// then the vat resolves vpid when it settles.
func (v *vatState) resolveWith(vpid string, res goja.Value) {
	o, isObj := res.(*goja.Object)
	if isObj && v.markOf(o) == nil && !isPromise(o) {
		// A thenable other than a promise: adopt it like a promise would.
		var then goja.Value
		if ex := v.vm.Try(func() { then = o.Get("then") }); ex == nil {
			if _, ok := goja.AssertFunction(then); ok {
				p, err := v.call(v.r.promiseResolve, v.r.promiseCtor, o)
				if err != nil {
					if v.fatal == nil && vpid != "" {
						v.resolveVpid(vpid, true, v.rejectionValue(err))
					}
					return
				}
				res = p
				o = p.(*goja.Object)
			}
		}
	}
	if isObj && isPromise(o) {
		if vpid == "" {
			v.watch(o, nil) // handle rejections: a sendOnly result is dropped
			return
		}
		v.watch(o, func(rejected bool, val goja.Value) { v.resolveVpid(vpid, rejected, val) })
		return
	}
	if vpid != "" {
		v.resolveVpid(vpid, false, res)
	}
}

// watch calls then(onFulfilled, onRejected) on p from Go.
func (v *vatState) watch(p *goja.Object, cb func(rejected bool, val goja.Value)) {
	onF := v.vm.ToValue(func(c goja.FunctionCall) goja.Value {
		if cb != nil {
			cb(false, c.Argument(0))
		}
		return goja.Undefined()
	})
	onR := v.vm.ToValue(func(c goja.FunctionCall) goja.Value {
		if cb != nil {
			cb(true, c.Argument(0))
		}
		return goja.Undefined()
	})
	_, _ = v.call(v.r.then, p, onF, onR)
}

// resolveVpid resolves a promise this vat decides and forgets its vpid.
func (v *vatState) resolveVpid(vpid string, rejected bool, val goja.Value) {
	data, fresh, err := v.marshal(val)
	if err != nil {
		if v.fatal != nil {
			return
		}
		rejected = true
		data, fresh, _ = v.marshal(v.vm.ToValue(v.makeError("Error", "cannot marshal result: "+err.Error())))
	}
	v.syscalls = append(v.syscalls, vat.Syscall{Kind: vat.SyscallResolve, Resolutions: []vat.Resolution{{VPID: vpid, Rejected: rejected, Data: data}}})
	if e := v.promises[vpid]; e != nil {
		v.forgetPromise(vpid)
		if rejected && e.reject != nil {
			v.settle(e.reject, val)
		} else if e.resolve != nil {
			v.settle(e.resolve, val)
		}
	}
	v.watchExported(fresh)
}

func (v *vatState) forgetPromise(vpid string) {
	if e := v.promises[vpid]; e != nil {
		delete(v.promiseIDs, e.obj)
	}
	delete(v.promises, vpid)
}

// watchExported resolves newly exported local promises when they settle.
// It runs after the syscall that carries their vpids was recorded.
func (v *vatState) watchExported(fresh []exportedPromise) {
	for _, ep := range fresh {
		ep := ep
		v.watch(ep.obj, func(rejected bool, val goja.Value) {
			if e := v.promises[ep.vpid]; e != nil && e.obj == ep.obj && e.decided {
				v.resolveVpid(ep.vpid, rejected, val)
			}
		})
	}
}

// deliverNotify settles promises the kernel decided. Every vpid of the
// batch is forgotten before any is settled, so vat code reacting to one
// resolution never pipelines to a vpid the kernel is retiring.
func (v *vatState) deliverNotify(rs []vat.Resolution) {
	type settled struct {
		e        *promiseEntry
		rejected bool
		val      goja.Value
	}
	// Promises of the batch not known yet are created without a
	// subscription: the batch settles them.
	for _, r := range rs {
		if v.promises[r.VPID] == nil {
			v.newImportedPromise(r.VPID, false)
		}
	}
	out := make([]settled, 0, len(rs))
	for _, r := range rs {
		val, err := v.decode(r.Data)
		rejected := r.Rejected
		if err != nil {
			if v.fatal != nil {
				return
			}
			rejected, val = true, v.rejectionValue(fmt.Errorf("cannot decode resolution of %s: %w", r.VPID, err))
		}
		out = append(out, settled{e: v.promises[r.VPID], rejected: rejected, val: val})
	}
	for _, r := range rs {
		v.forgetPromise(r.VPID)
	}
	for _, s := range out {
		if s.e == nil || s.e.resolve == nil {
			continue
		}
		if s.rejected {
			v.settle(s.e.reject, s.val)
		} else {
			v.settle(s.e.resolve, s.val)
		}
		if v.fatal != nil {
			return
		}
	}
}

// newImportedPromise makes a local promise for a kernel-decided vpid.
func (v *vatState) newImportedPromise(vpid string, subscribe bool) *goja.Object {
	p, resolve, reject := v.vm.NewPromise()
	obj := v.vm.ToValue(p).(*goja.Object)
	v.promises[vpid] = &promiseEntry{obj: obj, resolve: resolve, reject: reject}
	v.promiseIDs[obj] = vpid
	if subscribe {
		v.syscalls = append(v.syscalls, vat.Syscall{Kind: vat.SyscallSubscribe, VPID: vpid})
	}
	return obj
}

// send is E(target)[method](...args) for a presence or a kernel promise:
// the message goes to the kernel. It returns nil when target is local.
func (v *vatState) send(target goja.Value, method string, args goja.Value, wantResult bool) goja.Value {
	obj, ok := target.(*goja.Object)
	if !ok {
		return nil
	}
	var targetRef string
	if m := v.markOf(obj); m != nil {
		if m.kind != markPresence {
			return nil
		}
		if m.gone {
			return v.rejected(v.makeError("TypeError", fmt.Sprintf("cannot send %q to a dropped presence (%s)", method, m.vref)))
		}
		targetRef = m.vref
	} else if vpid, ok := v.promiseIDs[obj]; ok && !v.promises[vpid].decided {
		targetRef = vpid // pipelined: the kernel queues it on the promise
	} else {
		return nil
	}
	methargs, fresh, err := v.marshalMethargs(method, args)
	if err != nil {
		return v.rejected(v.makeError("TypeError", fmt.Sprintf("cannot send %q: %v", method, err)))
	}
	var result goja.Value = goja.Undefined()
	sc := vat.Syscall{Kind: vat.SyscallSend, Target: targetRef, Message: vat.Message{Methargs: methargs}}
	if wantResult {
		vpid := v.allocPromise()
		result = v.newImportedPromise(vpid, false)
		sc.Message.Result = vpid
		v.syscalls = append(v.syscalls, sc, vat.Syscall{Kind: vat.SyscallSubscribe, VPID: vpid})
	} else {
		v.syscalls = append(v.syscalls, sc)
	}
	v.watchExported(fresh)
	return result
}

func (v *vatState) allocPromise() string {
	vpid := "p+" + strconv.Itoa(v.nextPromise)
	v.nextPromise++
	return vpid
}

func (v *vatState) allocExport() string {
	vref := "o+" + strconv.Itoa(v.nextExport)
	v.nextExport++
	return vref
}

// rejected returns a promise rejected with reason.
func (v *vatState) rejected(reason *goja.Object) goja.Value {
	p, _, reject := v.vm.NewPromise()
	v.settle(reject, reason)
	return v.vm.ToValue(p)
}

// dropImport implements vatPowers.dropImport.
func (v *vatState) dropImport(val goja.Value) error {
	obj, ok := val.(*goja.Object)
	var m *mark
	if ok {
		m = v.markOf(obj)
	}
	if m == nil || m.kind != markPresence {
		return errors.New("dropImport: not a presence")
	}
	if m.gone {
		return nil
	}
	if v.baggageRefs[m.vref] > 0 {
		return fmt.Errorf("dropImport: %s is held in baggage", m.vref)
	}
	m.gone = true
	delete(v.imports, m.vref)
	v.syscalls = append(v.syscalls,
		vat.Syscall{Kind: vat.SyscallDropImports, Refs: []string{m.vref}},
		vat.Syscall{Kind: vat.SyscallRetireImports, Refs: []string{m.vref}})
	return nil
}

// exit implements vatPowers.exitVat and exitVatWithFailure.
func (v *vatState) exit(failure bool, info goja.Value) {
	data, fresh, err := v.marshal(info)
	if err != nil {
		data, fresh, _ = v.marshal(v.vm.ToValue(v.describe(info)))
	}
	v.exited = true
	v.syscalls = append(v.syscalls, vat.Syscall{Kind: vat.SyscallExit, IsFailure: failure, Info: data})
	_ = fresh // promises in an exit value are never resolved: the vat is gone
}

// capData is api.CapData, for brevity.
type capData = api.CapData
