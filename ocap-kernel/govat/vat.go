package govat

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// Method is one method of an object. It may return a *Promise to answer
// later.
type Method func(args []any) (any, error)

// Object is an object of this vat, callable from other vats once exported.
type Object struct {
	iface   string
	methods map[string]Method
}

// Presence stands for an object of another vat (or the kernel).
type Presence struct {
	vref  string
	iface string
}

// Vref returns the presence's reference in this vat.
func (p *Presence) Vref() string { return p.vref }

// RemoteError is an error received from another vat.
type RemoteError struct {
	Name    string
	Message string
}

func (e *RemoteError) Error() string { return e.Message }

// Vat is the vat-side state of one Go vat.
type Vat struct {
	id string

	root        *Object
	exports     map[string]*Object
	exportVrefs map[*Object]string
	imports     map[string]*Presence
	promises    map[string]*Promise // vpid -> local promise
	promiseIDs  map[*Promise]string
	nextExport  int
	nextPromise int

	syscalls []vat.Syscall
	tasks    []func()

	store   map[string]string
	sets    map[string]string
	deletes map[string]struct{}
}

func newVat(id string) *Vat {
	return &Vat{
		id:          id,
		exports:     make(map[string]*Object),
		exportVrefs: make(map[*Object]string),
		imports:     make(map[string]*Presence),
		promises:    make(map[string]*Promise),
		promiseIDs:  make(map[*Promise]string),
		nextExport:  1,
		nextPromise: 1,
		store:       make(map[string]string),
		sets:        make(map[string]string),
		deletes:     make(map[string]struct{}),
	}
}

// ID returns the vat's id.
func (v *Vat) ID() string { return v.id }

// Far makes an object with the given interface name and methods.
func (v *Vat) Far(iface string, methods map[string]Method) *Object {
	return &Object{iface: "Alleged: " + iface, methods: methods}
}

const keyCounters = "idCounters"

func (v *Vat) start(build BuildFunc, params map[string]any, state [][2]string) (res vat.Result) {
	for _, kv := range state {
		v.store[kv[0]] = kv[1]
	}
	if raw, ok := v.store[keyCounters]; ok {
		var c struct{ ExportID, PromiseID int }
		if err := json.Unmarshal([]byte(raw), &c); err == nil {
			v.nextExport, v.nextPromise = c.ExportID, c.PromiseID
		}
	}
	defer func() {
		if r := recover(); r != nil {
			res = v.result(fmt.Errorf("buildRootObject panicked: %v", r))
		}
	}()
	root, err := build(v, params, &Baggage{v: v})
	if err == nil && root == nil {
		err = errors.New("buildRootObject returned no root object")
	}
	if err == nil {
		v.root = root
		v.exports["o+0"] = root
		v.exportVrefs[root] = "o+0"
		v.runTasks()
	}
	return v.result(err)
}

// result collects the syscalls and checkpoint of the current delivery.
func (v *Vat) result(err error) vat.Result {
	v.saveCounters()
	res := vat.Result{Syscalls: v.syscalls}
	if err != nil {
		res.Error = err.Error()
	}
	for k, val := range v.sets {
		res.Checkpoint.Sets = append(res.Checkpoint.Sets, [2]string{k, val})
	}
	for k := range v.deletes {
		res.Checkpoint.Deletes = append(res.Checkpoint.Deletes, k)
	}
	sort.Slice(res.Checkpoint.Sets, func(i, j int) bool { return res.Checkpoint.Sets[i][0] < res.Checkpoint.Sets[j][0] })
	sort.Strings(res.Checkpoint.Deletes)
	v.syscalls = nil
	clear(v.sets)
	clear(v.deletes)
	return res
}

func (v *Vat) saveCounters() {
	c := fmt.Sprintf(`{"exportID":%d,"promiseID":%d}`, v.nextExport, v.nextPromise)
	if v.store[keyCounters] != c {
		v.storeSet(keyCounters, c)
	}
}

func (v *Vat) storeSet(k, val string) {
	v.store[k] = val
	v.sets[k] = val
	delete(v.deletes, k)
}

func (v *Vat) storeDelete(k string) {
	delete(v.store, k)
	delete(v.sets, k)
	v.deletes[k] = struct{}{}
}

func (v *Vat) deliver(d vat.Delivery) (res vat.Result) {
	defer func() {
		if r := recover(); r != nil {
			res = v.result(fmt.Errorf("vat %s panicked: %v", v.id, r))
		}
	}()
	switch d.Kind {
	case vat.DeliverMessage:
		v.deliverMessage(d.Target, d.Message)
	case vat.DeliverNotify:
		for _, r := range d.Resolutions {
			p := v.promises[r.VPID]
			v.forgetPromise(r.VPID)
			val, err := v.unmarshal(r.Data)
			if p == nil {
				continue
			}
			switch {
			case err != nil:
				p.settle(nil, fmt.Errorf("unmarshal resolution: %w", err))
			case r.Rejected:
				p.settle(nil, asError(val))
			default:
				p.settle(val, nil)
			}
		}
	case vat.DeliverDropExports:
		// The kernel no longer needs these; keep them until retired.
	case vat.DeliverRetireExports:
		for _, vref := range d.Refs {
			if obj := v.exports[vref]; obj != nil && vref != "o+0" {
				delete(v.exports, vref)
				delete(v.exportVrefs, obj)
			}
		}
	case vat.DeliverRetireImports:
		for _, vref := range d.Refs {
			delete(v.imports, vref)
		}
	case vat.DeliverBringOutYourDead:
	default:
		return v.result(fmt.Errorf("unknown delivery %q", d.Kind))
	}
	v.runTasks()
	return v.result(nil)
}

func (v *Vat) deliverMessage(target string, msg vat.Message) {
	method, args, err := v.unmarshalMethargs(msg.Methargs)
	var result any
	if err == nil {
		result, err = v.invoke(target, method, args)
	}
	if msg.Result == "" {
		return
	}
	vpid := msg.Result
	if p, ok := result.(*Promise); ok && err == nil {
		p.then(func(val any, perr error) { v.resolve(vpid, val, perr) })
		return
	}
	v.resolve(vpid, result, err)
}

func (v *Vat) invoke(target, method string, args []any) (result any, err error) {
	obj := v.exports[target]
	if obj == nil {
		return nil, fmt.Errorf("vat %s has no object %s", v.id, target)
	}
	fn := obj.methods[method]
	if fn == nil {
		names := make([]string, 0, len(obj.methods))
		for n := range obj.methods {
			names = append(names, strconv.Quote(n))
		}
		sort.Strings(names)
		return nil, &RemoteError{Name: "TypeError", Message: fmt.Sprintf("target has no method %q, has [%s]", method, strings.Join(names, ","))}
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s panicked: %v", method, r)
		}
	}()
	return fn(args)
}

// resolve settles a promise the vat decides and retires its vpid.
func (v *Vat) resolve(vpid string, val any, err error) {
	rejected := err != nil
	var data api.CapData
	var merr error
	if rejected {
		data, merr = v.marshal(errorValue(err))
	} else {
		data, merr = v.marshal(val)
	}
	if merr != nil {
		rejected = true
		data, _ = v.marshal(errorValue(fmt.Errorf("cannot marshal result: %w", merr)))
	}
	v.syscalls = append(v.syscalls, vat.Syscall{Kind: vat.SyscallResolve, Resolutions: []vat.Resolution{{VPID: vpid, Rejected: rejected, Data: data}}})
	v.forgetPromise(vpid)
}

func (v *Vat) forgetPromise(vpid string) {
	if p := v.promises[vpid]; p != nil {
		delete(v.promiseIDs, p)
	}
	delete(v.promises, vpid)
}

// E sends method(args...) to target (a *Presence, a *Promise for one, or a
// local *Object) and returns a promise for the result.
func (v *Vat) E(target any, method string, args ...any) *Promise {
	if args == nil {
		args = []any{}
	}
	switch t := target.(type) {
	case *Presence:
		return v.send(t.vref, method, args)
	case *Promise:
		if t.state == fulfilled {
			return v.E(t.value, method, args...)
		}
		if t.state == rejected {
			return v.Rejected(t.err)
		}
		if vpid, ok := v.promiseIDs[t]; ok {
			return v.send(vpid, method, args) // pipelined through the kernel
		}
		out := v.NewPromise()
		t.then(func(val any, err error) {
			if err != nil {
				out.settle(nil, err)
				return
			}
			v.E(val, method, args...).then(out.settle)
		})
		return out
	case *Object:
		out := v.NewPromise()
		v.tasks = append(v.tasks, func() {
			fn := t.methods[method]
			if fn == nil {
				out.settle(nil, fmt.Errorf("target has no method %q", method))
				return
			}
			res, err := fn(args)
			if p, ok := res.(*Promise); ok && err == nil {
				p.then(out.settle)
				return
			}
			out.settle(res, err)
		})
		return out
	default:
		return v.Rejected(fmt.Errorf("cannot send %q to %T", method, target))
	}
}

func (v *Vat) send(targetRef, method string, args []any) *Promise {
	methargs, err := v.marshal([]any{method, args})
	if err != nil {
		return v.Rejected(fmt.Errorf("marshal arguments of %s: %w", method, err))
	}
	p := v.NewPromise()
	vpid := v.exportPromise(p)
	v.syscalls = append(v.syscalls,
		vat.Syscall{Kind: vat.SyscallSend, Target: targetRef, Message: vat.Message{Methargs: methargs, Result: vpid}},
		vat.Syscall{Kind: vat.SyscallSubscribe, VPID: vpid})
	return p
}

// Drop tells the kernel the vat no longer needs presence, so its exporter
// may collect the object.
func (v *Vat) Drop(p *Presence) {
	if v.imports[p.vref] != p {
		return
	}
	delete(v.imports, p.vref)
	v.syscalls = append(v.syscalls,
		vat.Syscall{Kind: vat.SyscallDropImports, Refs: []string{p.vref}},
		vat.Syscall{Kind: vat.SyscallRetireImports, Refs: []string{p.vref}})
}

// Exit ends the vat; with failure the current delivery is also undone.
func (v *Vat) Exit(failure bool, info any) {
	data, err := v.marshal(info)
	if err != nil {
		data, _ = v.marshal(err.Error())
	}
	v.syscalls = append(v.syscalls, vat.Syscall{Kind: vat.SyscallExit, IsFailure: failure, Info: data})
}

func (v *Vat) runTasks() {
	for len(v.tasks) > 0 {
		t := v.tasks[0]
		v.tasks[0] = nil // the backing array outlives the delivery
		v.tasks = v.tasks[1:]
		t()
	}
}

func errorValue(err error) *smallcaps.Error {
	var re *RemoteError
	if errors.As(err, &re) {
		return &smallcaps.Error{Name: re.Name, Message: re.Message}
	}
	return &smallcaps.Error{Name: "Error", Message: err.Error()}
}

func asError(val any) error {
	switch e := val.(type) {
	case *smallcaps.Error:
		return &RemoteError{Name: e.Name, Message: e.Message}
	case error:
		return e
	default:
		b, _ := json.Marshal(val)
		return &RemoteError{Name: "Error", Message: string(b)}
	}
}

// IsExported reports whether obj is still in the vat's export table (the
// kernel has not retired it).
func (v *Vat) IsExported(obj *Object) bool {
	if obj == nil {
		return false
	}
	_, ok := v.exportVrefs[obj]
	return ok
}
