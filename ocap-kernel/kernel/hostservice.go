package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// HostService is a kernel service implemented by the program that embeds
// the kernel, the equivalent of upstream's registerKernelServiceObject:
// a subcluster that lists Name in its config's services gets it in
// bootstrap's services record and calls E(services[Name]).method(...args).
//
// Each call runs on a goroutine of its own, never on the kernel goroutine,
// and its result settles the caller's result promise in a later crank: a
// value resolves it, an error rejects it with the error's text. Arguments
// and results are plain data (null, booleans, finite numbers, strings,
// arrays and records): a call with anything else (a remotable, a promise,
// undefined, a bigint, ...) is rejected without reaching the method.
// Record members whose value is undefined are left out, as JSON.stringify
// does. A message sent without a result promise (sendOnly) has nobody to
// answer and is not run.
//
// The service keeps its kref across restarts and clearState, like the
// built-in services; a kernel opened without it answers calls to that
// kref with an error naming the service.
type HostService struct {
	// Name is the service's name in cluster configs' services. It must
	// not be a built-in service's name nor start with "io:".
	Name string
	// Methods are the service's methods, by name.
	Methods map[string]HostMethod
	// MaxConcurrent bounds the calls in progress at once; a call beyond it
	// is rejected at once. Zero means DefaultHostConcurrency.
	MaxConcurrent int
}

// DefaultHostConcurrency is HostService.MaxConcurrent's default.
const DefaultHostConcurrency = 64

// HostMethod runs one call. ctx is cancelled when the kernel stops, and a
// method must then return promptly. The result is marshalled with
// encoding/json and must be plain data; nil resolves to null.
type HostMethod func(ctx context.Context, call HostCall) (any, error)

// HostCall is one call of a host service method.
type HostCall struct {
	Service, Method string
	// Args are the arguments as JSON, one element per argument.
	Args []json.RawMessage
	// Caller is who sent the message.
	Caller Caller
}

// Caller is the sender of a message to a host service: a vat (with its
// subcluster), another kernel (Remote), or this kernel's own control
// calls (all empty).
type Caller struct {
	Vat, Subcluster string
	// Remote is the endpoint id of the remote kernel that sent it.
	Remote string
}

// String names the caller for logs and errors.
func (c Caller) String() string {
	switch {
	case c.Subcluster != "":
		return "subcluster " + c.Subcluster + " (vat " + c.Vat + ")"
	case c.Vat != "":
		return "vat " + c.Vat
	case c.Remote != "":
		return "remote " + c.Remote
	}
	return "the kernel"
}

// hostService is a registered HostService and its bound on calls in
// progress (kept across clearState: calls in flight still hold slots).
type hostService struct {
	HostService
	slots chan struct{}
}

func builtinServiceName(name string) bool {
	return name == ServiceOcapURLIssuer || name == ServiceOcapURLRedemption || name == ServiceKernelFacet
}

// checkHostServices validates Options.Services.
func checkHostServices(svcs []HostService) (map[string]*hostService, error) {
	out := make(map[string]*hostService, len(svcs))
	for _, s := range svcs {
		switch {
		case s.Name == "":
			return nil, errors.New("kernel: a host service needs a name")
		case builtinServiceName(s.Name) || strings.HasPrefix(s.Name, "io:"):
			return nil, fmt.Errorf("kernel: host service name %q is reserved", s.Name)
		case out[s.Name] != nil:
			return nil, fmt.Errorf("kernel: host service %q is given twice", s.Name)
		case len(s.Methods) == 0:
			return nil, fmt.Errorf("kernel: host service %q has no methods", s.Name)
		case s.MaxConcurrent < 0:
			return nil, fmt.Errorf("kernel: host service %q: MaxConcurrent %d is negative", s.Name, s.MaxConcurrent)
		}
		for m, fn := range s.Methods {
			if m == "" || m == "__getMethodNames__" || fn == nil {
				return nil, fmt.Errorf("kernel: host service %q: method %q is not allowed (empty name, reserved name or nil function)", s.Name, m)
			}
		}
		n := s.MaxConcurrent
		if n == 0 {
			n = DefaultHostConcurrency
		}
		out[s.Name] = &hostService{HostService: s, slots: make(chan struct{}, n)}
	}
	return out, nil
}

// registerHostServices registers Options.Services next to the built-ins.
func (k *Kernel) registerHostServices() {
	for _, h := range k.opts.Services {
		hs := k.hosts[h.Name]
		methods := make(map[string]serviceMethod, len(h.Methods))
		for name := range h.Methods {
			methods[name] = nil // host calls are run by callHost
		}
		k.registerService(h.Name, false, methods)
		k.services[k.serviceNames[h.Name]].host = hs
	}
}

// callerOf is the sender of the message whose result promise is res: the
// decider of a result promise is its sender until the message is
// delivered.
func (k *Kernel) callerOf(res string) Caller {
	d := k.st.getString(keyDecider(res))
	if d == "" || d == ownerKernel {
		return Caller{}
	}
	if k.remoteByID(d) != nil {
		return Caller{Remote: d}
	}
	return Caller{Vat: d, Subcluster: k.vatToSubcluster()[d]}
}

// callHost starts a host service call off the kernel goroutine; reply
// settles its result promise later.
func (k *Kernel) callHost(hs *hostService, method string, args []any, caller Caller, reply func(any, error)) {
	call := HostCall{Service: hs.Name, Method: method, Caller: caller, Args: make([]json.RawMessage, len(args))}
	for i, a := range args {
		raw, err := plainJSON(a)
		if err != nil {
			reply(nil, fmt.Errorf("%s.%s: argument %d: %w", hs.Name, method, i, err))
			return
		}
		call.Args[i] = raw
	}
	select {
	case hs.slots <- struct{}{}:
	default:
		reply(nil, fmt.Errorf("%s.%s: the service is busy (%d calls in progress); try again later", hs.Name, method, cap(hs.slots)))
		return
	}
	fn := hs.Methods[method]
	started := k.bg.Go(func() {
		defer func() { <-hs.slots }()
		v, err := runHostMethod(k, fn, call)
		if err != nil {
			reply(nil, err)
			return
		}
		reply(v, nil)
	})
	if !started {
		<-hs.slots // the kernel is stopping: nobody would hear a reply
	}
}

// runHostMethod runs fn and turns its result into plain data. A panic is
// logged with its stack and becomes an error without it.
func runHostMethod(k *Kernel, fn HostMethod, call HostCall) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			k.log.Error("host service method panicked", "service", call.Service, "method", call.Method, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			v, err = nil, fmt.Errorf("%s.%s failed", call.Service, call.Method)
		}
	}()
	res, err := fn(k.runCtx, call)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("%s.%s: result is not plain data: %w", call.Service, call.Method, err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s.%s: result is not plain data: %w", call.Service, call.Method, err)
	}
	return out, nil
}

// errNotPlain is the refusal of a value a host service cannot take.
var errNotPlain = errors.New("not plain data: host services take null, booleans, finite numbers, strings, arrays and records")

// plainJSON encodes a decoded smallcaps value as JSON if it is plain data.
func plainJSON(v any) (json.RawMessage, error) {
	if err := checkPlain(v, 0); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(stripUndefined(v))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotPlain, err)
	}
	return raw, nil
}

// maxPlainDepth bounds the nesting of a host service argument.
const maxPlainDepth = 64

func checkPlain(v any, depth int) error {
	if depth > maxPlainDepth {
		return fmt.Errorf("%w (nested deeper than %d)", errNotPlain, maxPlainDepth)
	}
	switch x := v.(type) {
	case nil, bool, string:
		return nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w (got %v)", errNotPlain, x)
		}
		return nil
	case []any:
		for _, e := range x {
			if err := checkPlain(e, depth+1); err != nil {
				return err
			}
		}
		return nil
	case map[string]any:
		for key, e := range x {
			if e == smallcaps.Undefined {
				continue
			}
			if err := checkPlain(e, depth+1); err != nil {
				return fmt.Errorf("%q: %w", key, err)
			}
		}
		return nil
	}
	return fmt.Errorf("%w (got a %s)", errNotPlain, smallcaps.PassStyleOf(v))
}

// stripUndefined drops record members that are undefined.
func stripUndefined(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = stripUndefined(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for key, e := range x {
			if e != smallcaps.Undefined {
				out[key] = stripUndefined(e)
			}
		}
		return out
	}
	return v
}

// unregisteredServiceName names the kernel service kref stood for, if the
// store remembers it (a host service of a previous run, say).
func (k *Kernel) unregisteredServiceName(kref string) string {
	for _, key := range k.st.keysWithPrefix(prefixKernelService) {
		if k.st.getString(key) == kref {
			return key[len(prefixKernelService):]
		}
	}
	return ""
}
