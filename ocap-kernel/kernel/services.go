package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// Names of the built-in kernel services.
const (
	ServiceOcapURLIssuer     = "ocapURLIssuerService"
	ServiceOcapURLRedemption = "ocapURLRedemptionService"
	ServiceKernelFacet       = "kernelFacet"
)

// serviceMethod runs on the kernel goroutine during the delivery of a
// message to a kernel service. It either returns a result at once
// (async=false) or arranges to call reply later from any goroutine.
type serviceMethod func(k *Kernel, args []any, reply func(any, error)) (result any, async bool, err error)

type service struct {
	name       string
	kref       string
	systemOnly bool
	methods    map[string]serviceMethod
	host       *hostService // set for Options.Services
}

// registerServices (re-)registers the built-in services. A service keeps
// its kref across restarts (kernelService.<name>); a new one is created,
// pinned and held by the kernel.
func (k *Kernel) registerServices() {
	k.registerService(ServiceOcapURLIssuer, false, map[string]serviceMethod{"issue": svcIssue})
	k.registerService(ServiceOcapURLRedemption, false, map[string]serviceMethod{"redeem": svcRedeem})
	k.registerService(ServiceKernelFacet, true, kernelFacetMethods())
	k.registerHostServices()
	// Replies to calls made before this (re-)registration are for
	// promises that no longer exist (clearState reuses their kpids).
	k.serviceEpoch++
}

func (k *Kernel) registerService(name string, systemOnly bool, methods map[string]serviceMethod) {
	kref, ok := k.st.get(prefixKernelService + name)
	if !ok {
		kref = k.newObject(ownerKernel)
		k.incRef(kref) // the kernel's hold on its service
		k.pin(kref)
		k.st.set(prefixKernelService+name, kref)
	}
	s := &service{name: name, kref: kref, systemOnly: systemOnly, methods: methods}
	k.services[kref] = s
	k.serviceNames[name] = kref
}

// deliverToService invokes a kernel service. Its result promise is decided
// by the kernel, which holds it until the service replies.
func (k *Kernel) deliverToService(kref string, msg message) {
	res := msg.result()
	settle := func(v any, err error) {
		if res == "" || k.promiseState(res) != stateUnresolved {
			return
		}
		if err != nil {
			k.rejectWith(res, err)
			return
		}
		cd, merr := smallcaps.KSer(v)
		if merr != nil {
			k.rejectWith(res, fmt.Errorf("marshal service result: %w", merr))
			return
		}
		if rerr := k.resolvePromise("", resolution{kpid: res, data: cd}); rerr != nil {
			panic(kernelBug("service result %s: %v", res, rerr))
		}
	}
	s := k.services[kref]
	if s == nil {
		if name := k.unregisteredServiceName(kref); name != "" {
			settle(nil, api.DeliveryFailed(fmt.Sprintf("kernel service %q is not registered in this kernel", name)))
			return
		}
		settle(nil, api.DeliveryFailed(fmt.Sprintf("no registered service for %s", kref)))
		return
	}
	method, args, err := smallcaps.DecodeMethArgs(msg.Methargs)
	if err != nil {
		settle(nil, api.DeliveryFailed(err.Error()))
		return
	}
	fn := s.methods[method]
	if method == "__getMethodNames__" {
		settle(toAnySlice(s.methodNames()), nil)
		return
	}
	if _, ok := s.methods[method]; !ok {
		settle(nil, api.DeliveryFailed(fmt.Sprintf("target has no method %q, has %s", method, mustJSON(s.methodNames()))))
		return
	}
	if s.host != nil && res == "" {
		k.log.Warn("a message to a host service without a result promise is not run", "service", s.name, "method", method)
		return
	}
	var caller Caller
	if res != "" {
		caller = k.callerOf(res) // before the kernel becomes the decider
		k.st.set(keyDecider(res), ownerKernel)
		// Held until the service replies; if the kernel stops first, the
		// next start rejects the promise.
		k.holdForService(res, s.name)
	}
	epoch := k.serviceEpoch
	// A late reply settles the promise in a crank of its own.
	lateReply := func(v any, err error) {
		k.bg.Go(func() {
			_ = k.do(context.Background(), func(context.Context) error {
				if k.serviceEpoch != epoch {
					return nil // clearState ran: the promise is gone
				}
				settle(v, err)
				if res != "" {
					k.releaseServiceHold(res)
				}
				return nil
			})
		})
	}
	if s.host != nil {
		k.callHost(s.host, method, args, caller, lateReply)
		return
	}
	v, async, err := fn(k, args, lateReply)
	if !async {
		settle(v, err)
		if res != "" {
			k.releaseServiceHold(res)
		}
	}
}

// methodNames lists the service's methods as Endo exos list theirs,
// including the built-in __getMethodNames__.
func (s *service) methodNames() []string {
	names := []string{"__getMethodNames__"}
	for n := range s.methods {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func refArg(args []any, i int) (string, error) {
	if i >= len(args) {
		return "", errors.New("Argument must be a remotable")
	}
	kref, ok := smallcaps.KrefOf(args[i])
	if !ok {
		return "", errors.New("Argument must be a remotable")
	}
	return kref, nil
}

func stringArg(args []any, i int, what string) (string, error) {
	if i < len(args) {
		if s, ok := args[i].(string); ok {
			return s, nil
		}
	}
	return "", fmt.Errorf("%s must be a string", what)
}

func svcIssue(k *Kernel, args []any, _ func(any, error)) (any, bool, error) {
	kref, err := refArg(args, 0)
	if err != nil {
		return nil, false, err
	}
	url, err := k.issueURL(kref)
	return url, false, err
}

func svcRedeem(k *Kernel, args []any, reply func(any, error)) (any, bool, error) {
	url, err := stringArg(args, 0, "url")
	if err != nil {
		return nil, false, err
	}
	kref, wait, err := k.redeemURL(url)
	if err != nil {
		return nil, false, err
	}
	if wait == nil {
		return smallcaps.MustKSlot(kref, ""), false, nil
	}
	k.bg.Go(func() {
		kref, err := awaitRedemption(k.runCtx, k, wait)
		if err != nil {
			reply(nil, err)
			return
		}
		reply(smallcaps.MustKSlot(kref, ""), nil)
	})
	return nil, true, nil
}

// kernelFacetMethods is the system-only facet through which system vats
// drive the kernel. Calls that need cranks of their own (launching a
// subcluster) run on a goroutine and reply later.
func kernelFacetMethods() map[string]serviceMethod {
	later := func(fn func(ctx context.Context, k *Kernel, args []any) (any, error)) serviceMethod {
		return func(k *Kernel, args []any, reply func(any, error)) (any, bool, error) {
			k.bg.Go(func() {
				v, err := fn(context.Background(), k, args)
				reply(v, err)
			})
			return nil, true, nil
		}
	}
	return map[string]serviceMethod{
		"ping": func(*Kernel, []any, func(any, error)) (any, bool, error) { return "pong", false, nil },
		"getStatus": func(k *Kernel, _ []any, _ func(any, error)) (any, bool, error) {
			v, err := toPlain(k.status())
			return v, false, err
		},
		"getSubclusters": func(k *Kernel, _ []any, _ func(any, error)) (any, bool, error) {
			v, err := toPlain(k.status().Subclusters)
			return v, false, err
		},
		"getSubcluster": func(k *Kernel, args []any, _ func(any, error)) (any, bool, error) {
			id, err := stringArg(args, 0, "subcluster id")
			if err != nil {
				return nil, false, err
			}
			for _, s := range k.status().Subclusters {
				if s.ID == id {
					v, err := toPlain(s)
					return v, false, err
				}
			}
			return smallcaps.Undefined, false, nil
		},
		"getSystemSubclusterRoot": func(k *Kernel, args []any, _ func(any, error)) (any, bool, error) {
			name, err := stringArg(args, 0, "name")
			if err != nil {
				return nil, false, err
			}
			root, ok := k.systemRoots[name]
			if !ok {
				return nil, false, fmt.Errorf("System subcluster %q not found", name)
			}
			return smallcaps.MustKSlot(root, ""), false, nil
		},
		"getPresence": func(k *Kernel, args []any, _ func(any, error)) (any, bool, error) {
			kref, err := stringArg(args, 0, "kref")
			if err != nil || !isKref(kref) {
				return nil, false, fmt.Errorf("not a valid KRef: %v", args)
			}
			iface := "Kernel Object" // upstream's default
			if len(args) > 1 && args[1] != smallcaps.Undefined {
				if iface, err = stringArg(args, 1, "iface"); err != nil {
					return nil, false, err
				}
			}
			return smallcaps.MustKSlot(kref, iface), false, nil
		},
		"launchSubcluster": later(func(ctx context.Context, k *Kernel, args []any) (any, error) {
			if len(args) < 1 {
				return nil, errors.New("launchSubcluster requires a config")
			}
			raw, err := json.Marshal(args[0])
			if err != nil {
				return nil, fmt.Errorf("invalid cluster config: %w", err)
			}
			// The same check as the launchSubcluster RPC's: nothing a
			// system vat asks for is silently dropped.
			cfg, err := rpc.DecodeClusterConfig(raw)
			if err != nil {
				return nil, err
			}
			r, err := k.LaunchSubcluster(ctx, cfg)
			if err != nil {
				return nil, err
			}
			out := map[string]any{"subclusterId": r.SubclusterID, "rootKref": r.RootKref}
			if r.BootstrapResult != nil {
				out["bootstrapResult"] = map[string]any{"body": r.BootstrapResult.Body, "slots": toAnySlice(r.BootstrapResult.Slots)}
			}
			return out, nil
		}),
		"terminateSubcluster": later(func(ctx context.Context, k *Kernel, args []any) (any, error) {
			id, err := stringArg(args, 0, "subcluster id")
			if err != nil {
				return nil, err
			}
			return smallcaps.Undefined, k.TerminateSubcluster(ctx, id)
		}),
		"pingVat": later(func(ctx context.Context, k *Kernel, args []any) (any, error) {
			id, err := stringArg(args, 0, "vat id")
			if err != nil {
				return nil, err
			}
			return k.PingVat(ctx, id)
		}),
		"queueMessage": later(func(ctx context.Context, k *Kernel, args []any) (any, error) {
			target, err := stringArg(args, 0, "target")
			if err != nil {
				return nil, err
			}
			method, err := stringArg(args, 1, "method")
			if err != nil {
				return nil, err
			}
			var margs []any
			if len(args) > 2 && args[2] != smallcaps.Undefined {
				var ok bool
				if margs, ok = args[2].([]any); !ok {
					return nil, fmt.Errorf("queueMessage args must be an array, not %s", smallcaps.PassStyleOf(args[2]))
				}
			}
			cd, err := k.QueueMessage(ctx, target, method, margs)
			if err != nil {
				return nil, err
			}
			return map[string]any{"body": cd.Body, "slots": toAnySlice(cd.Slots)}, nil
		}),
		// releaseKrefs(krefs) drops the holds that queueMessage and
		// launchSubcluster took on the krefs they returned, as the RPC of
		// the same name does.
		"releaseKrefs": func(k *Kernel, args []any, _ func(any, error)) (any, bool, error) {
			var list []any
			if len(args) > 0 {
				list, _ = args[0].([]any)
			}
			if list == nil {
				return nil, false, errors.New("releaseKrefs needs an array of krefs")
			}
			krefs := make([]string, len(list))
			for i, v := range list {
				s, ok := v.(string)
				if !ok {
					return nil, false, fmt.Errorf("releaseKrefs: element %d is not a string", i)
				}
				krefs[i] = s
			}
			return smallcaps.Undefined, false, k.releaseOutside(krefs)
		},
		"reset": later(func(ctx context.Context, k *Kernel, _ []any) (any, error) {
			return smallcaps.Undefined, k.ClearState(ctx)
		}),
	}
}

// toPlain converts a Go value to the plain JSON-shaped value smallcaps
// marshals (maps, slices, strings, float64s).
func toPlain(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func toAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// serviceByName returns a registered service that subclusters may ask for
// by name (IO channel services are given to their subcluster only).
func (k *Kernel) serviceByName(name string) (*service, bool) {
	kref, ok := k.serviceNames[name]
	if !ok {
		return nil, false
	}
	s := k.services[kref]
	return s, s != nil && !strings.HasPrefix(name, "io:")
}
