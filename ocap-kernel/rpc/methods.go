package rpc

import (
	"context"
	"encoding/json"
	"fmt"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Kernel is what the kernel offers the control plane: one Go method per
// kernel-control RPC method. Errors are reported to clients with their
// Error() text (code -32603) unless they are *Error values.
type Kernel interface {
	GetStatus(ctx context.Context) (api.Status, error)
	LaunchSubcluster(ctx context.Context, config api.ClusterConfig) (api.LaunchResult, error)
	TerminateSubcluster(ctx context.Context, id string) error
	QueueMessage(ctx context.Context, target, method string, args []any) (api.CapData, error)
	PingVat(ctx context.Context, id string) (string, error)
	RestartVat(ctx context.Context, id string) error
	TerminateVat(ctx context.Context, id string) error
	TerminateAllVats(ctx context.Context) error
	CollectGarbage(ctx context.Context) error
	ClearState(ctx context.Context) error
	ExecuteDBQuery(ctx context.Context, sql string) ([]kernelstore.Row, error)
	IssueOcapURL(ctx context.Context, kref string) (string, error)
	RedeemOcapURL(ctx context.Context, url string) (string, error)
	Revoke(ctx context.Context, kref string) error
	IsRevoked(ctx context.Context, kref string) (bool, error)
	InitRemoteComms(ctx context.Context, opts api.RemoteCommsOptions) error
	RegisterLocationHints(ctx context.Context, peerID string, hints []string) error
	ReleaseKrefs(ctx context.Context, krefs []string) error
}

// Method is one kernel-control method: its upstream name, its param
// validation and its dispatch to the Kernel.
type Method struct {
	// Name is the JSON-RPC method name, as upstream spells it.
	Name string
	// Validate checks raw params (absent or JSON null count as []) and
	// returns the typed params (NoParams, VatIDParams, …) or a *ParamsError.
	Validate func(params json.RawMessage) (any, error)
	// Call invokes the Kernel with params returned by Validate and returns
	// the JSON-encodable result (nil for methods whose result is null).
	Call func(ctx context.Context, k Kernel, params any) (any, error)
}

// Method names, as the upstream kernel-control protocol spells them.
const (
	MethodGetStatus           = "getStatus"
	MethodLaunchSubcluster    = "launchSubcluster"
	MethodQueueMessage        = "queueMessage"
	MethodPingVat             = "pingVat"
	MethodTerminateVat        = "terminateVat"
	MethodRestartVat          = "restartVat"
	MethodTerminateSubcluster = "terminateSubcluster"
	MethodTerminateAllVats    = "terminateAllVats"
	MethodCollectGarbage      = "collectGarbage"
	MethodClearState          = "clearState"
	MethodExecuteDBQuery      = "executeDBQuery"
	MethodIssueOcapURL        = "issueOcapURL"
	MethodRedeemOcapURL       = "redeemOcapURL"
	MethodRevoke              = "revoke"
	MethodIsRevoked           = "isRevoked"
	// Upstream HEAD's remote-comms methods.
	MethodInitRemoteComms       = "initRemoteComms"
	MethodRegisterLocationHints = "registerLocationHints"
	// This kernel's own: the kernel holds every kref it hands to a client
	// (results, redemptions, issued OCAP URLs) until the client releases it.
	MethodReleaseKrefs = "releaseKrefs"
)

// params asserts the type Validate produced; a mismatch is a programming
// error in the caller (params not produced by the same Method's Validate).
func params[T any](method string, p any) (T, error) {
	v, ok := p.(T)
	if !ok {
		var zero T
		return zero, fmt.Errorf("rpc: %s called with params of type %T, want %T", method, p, zero)
	}
	return v, nil
}

var methodTable = []Method{
	{
		Name:     MethodGetStatus,
		Validate: validator(emptyParamsSchema, decodeNone),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			if _, err := params[NoParams](MethodGetStatus, p); err != nil {
				return nil, err
			}
			return k.GetStatus(ctx)
		},
	},
	{
		Name:     MethodLaunchSubcluster,
		Validate: validator(launchSubclusterSchema, decodeLaunchSubcluster),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			lp, err := params[LaunchSubclusterParams](MethodLaunchSubcluster, p)
			if err != nil {
				return nil, err
			}
			return k.LaunchSubcluster(ctx, lp.Config)
		},
	},
	{
		Name:     MethodQueueMessage,
		Validate: validator(queueMessageSchema, decodeQueueMessage),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			qp, err := params[QueueMessageParams](MethodQueueMessage, p)
			if err != nil {
				return nil, err
			}
			return k.QueueMessage(ctx, qp.Target, qp.Method, qp.Args)
		},
	},
	{
		Name:     MethodPingVat,
		Validate: validator(vatIDParamsSchema, decodeVatID),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			vp, err := params[VatIDParams](MethodPingVat, p)
			if err != nil {
				return nil, err
			}
			return k.PingVat(ctx, vp.ID)
		},
	},
	{
		Name:     MethodTerminateVat,
		Validate: validator(vatIDParamsSchema, decodeVatID),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			vp, err := params[VatIDParams](MethodTerminateVat, p)
			if err != nil {
				return nil, err
			}
			return nil, k.TerminateVat(ctx, vp.ID)
		},
	},
	{
		Name:     MethodRestartVat,
		Validate: validator(vatIDParamsSchema, decodeVatID),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			vp, err := params[VatIDParams](MethodRestartVat, p)
			if err != nil {
				return nil, err
			}
			return nil, k.RestartVat(ctx, vp.ID)
		},
	},
	{
		Name:     MethodTerminateSubcluster,
		Validate: validator(subclusterIDParamsSchema, decodeSubclusterID),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			sp, err := params[SubclusterIDParams](MethodTerminateSubcluster, p)
			if err != nil {
				return nil, err
			}
			return nil, k.TerminateSubcluster(ctx, sp.ID)
		},
	},
	{
		Name:     MethodTerminateAllVats,
		Validate: validator(emptyParamsSchema, decodeNone),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			if _, err := params[NoParams](MethodTerminateAllVats, p); err != nil {
				return nil, err
			}
			return nil, k.TerminateAllVats(ctx)
		},
	},
	{
		Name:     MethodCollectGarbage,
		Validate: validator(emptyParamsSchema, decodeNone),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			if _, err := params[NoParams](MethodCollectGarbage, p); err != nil {
				return nil, err
			}
			return nil, k.CollectGarbage(ctx)
		},
	},
	{
		Name:     MethodClearState,
		Validate: validator(emptyParamsSchema, decodeNone),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			if _, err := params[NoParams](MethodClearState, p); err != nil {
				return nil, err
			}
			return nil, k.ClearState(ctx)
		},
	},
	{
		Name:     MethodExecuteDBQuery,
		Validate: validator(sqlParamsSchema, decodeSQL),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			qp, err := params[SQLParams](MethodExecuteDBQuery, p)
			if err != nil {
				return nil, err
			}
			rows, err := k.ExecuteDBQuery(ctx, qp.SQL)
			if err != nil {
				return nil, err
			}
			if rows == nil {
				rows = []kernelstore.Row{} // an empty result is [], not null
			}
			return rows, nil
		},
	},
	{
		Name:     MethodIssueOcapURL,
		Validate: validator(krefParamsSchema, decodeKRef),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			kp, err := params[KRefParams](MethodIssueOcapURL, p)
			if err != nil {
				return nil, err
			}
			return k.IssueOcapURL(ctx, kp.KRef)
		},
	},
	{
		Name:     MethodRedeemOcapURL,
		Validate: validator(urlParamsSchema, decodeURL),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			up, err := params[URLParams](MethodRedeemOcapURL, p)
			if err != nil {
				return nil, err
			}
			return k.RedeemOcapURL(ctx, up.URL)
		},
	},
	{
		Name:     MethodRevoke,
		Validate: validator(krefParamsSchema, decodeKRef),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			kp, err := params[KRefParams](MethodRevoke, p)
			if err != nil {
				return nil, err
			}
			return nil, k.Revoke(ctx, kp.KRef)
		},
	},
	{
		Name:     MethodIsRevoked,
		Validate: validator(krefParamsSchema, decodeKRef),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			kp, err := params[KRefParams](MethodIsRevoked, p)
			if err != nil {
				return nil, err
			}
			return k.IsRevoked(ctx, kp.KRef)
		},
	},
	{
		Name:     MethodInitRemoteComms,
		Validate: validator(initRemoteCommsSchema, decodeInitRemoteComms),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			o, err := params[api.RemoteCommsOptions](MethodInitRemoteComms, p)
			if err != nil {
				return nil, err
			}
			return nil, k.InitRemoteComms(ctx, o)
		},
	},
	{
		Name:     MethodRegisterLocationHints,
		Validate: validator(locationHintsSchema, decodeLocationHints),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			h, err := params[LocationHintsParams](MethodRegisterLocationHints, p)
			if err != nil {
				return nil, err
			}
			return nil, k.RegisterLocationHints(ctx, h.PeerID, h.Hints)
		},
	},
	{
		Name:     MethodReleaseKrefs,
		Validate: validator(krefsParamsSchema, decodeKRefs),
		Call: func(ctx context.Context, k Kernel, p any) (any, error) {
			kp, err := params[KRefsParams](MethodReleaseKrefs, p)
			if err != nil {
				return nil, err
			}
			return nil, k.ReleaseKrefs(ctx, kp.KRefs)
		},
	},
}

var methodsByName = func() map[string]Method {
	m := make(map[string]Method, len(methodTable))
	for _, md := range methodTable {
		m[md.Name] = md
	}
	return m
}()

// Methods lists the kernel-control methods: upstream's 15 (in its
// order), then upstream HEAD's initRemoteComms and
// registerLocationHints, then this kernel's releaseKrefs. The slice is a
// fresh copy.
func Methods() []Method {
	return append([]Method(nil), methodTable...)
}

// LookupMethod returns the method with exactly this name. Like upstream's
// own-property lookup, names such as "toString" or "shutdown " are unknown.
func LookupMethod(name string) (Method, bool) {
	m, ok := methodsByName[name]
	return m, ok
}
