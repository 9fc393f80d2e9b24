package rpc

import (
	"context"
	"sync"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// callRecorder is NOT a kernel and does not pretend to behave like one. It
// implements Kernel only so tests can see which Kernel method the Service
// dispatched to and with which decoded arguments. Every call returns zero
// values and err. Behaviour of successful calls is tested against the real
// kernel elsewhere.
type callRecorder struct {
	mu    sync.Mutex
	calls []recordedCall
	err   error
}

type recordedCall struct {
	Method string
	Args   []any
}

func (r *callRecorder) record(method string, args ...any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, recordedCall{Method: method, Args: args})
	return r.err
}

func (r *callRecorder) Calls() []recordedCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedCall(nil), r.calls...)
}

func (r *callRecorder) GetStatus(context.Context) (api.Status, error) {
	return api.Status{}, r.record("GetStatus")
}

func (r *callRecorder) LaunchSubcluster(_ context.Context, config api.ClusterConfig) (api.LaunchResult, error) {
	return api.LaunchResult{}, r.record("LaunchSubcluster", config)
}

func (r *callRecorder) TerminateSubcluster(_ context.Context, id string) error {
	return r.record("TerminateSubcluster", id)
}

func (r *callRecorder) QueueMessage(_ context.Context, target, method string, args []any) (api.CapData, error) {
	return api.CapData{}, r.record("QueueMessage", target, method, args)
}

func (r *callRecorder) PingVat(_ context.Context, id string) (string, error) {
	return "", r.record("PingVat", id)
}

func (r *callRecorder) RestartVat(_ context.Context, id string) error {
	return r.record("RestartVat", id)
}

func (r *callRecorder) TerminateVat(_ context.Context, id string) error {
	return r.record("TerminateVat", id)
}

func (r *callRecorder) TerminateAllVats(context.Context) error { return r.record("TerminateAllVats") }

func (r *callRecorder) CollectGarbage(context.Context) error { return r.record("CollectGarbage") }

func (r *callRecorder) ClearState(context.Context) error { return r.record("ClearState") }

func (r *callRecorder) ExecuteDBQuery(_ context.Context, sql string) ([]kernelstore.Row, error) {
	return nil, r.record("ExecuteDBQuery", sql)
}

func (r *callRecorder) IssueOcapURL(_ context.Context, kref string) (string, error) {
	return "", r.record("IssueOcapURL", kref)
}

func (r *callRecorder) RedeemOcapURL(_ context.Context, url string) (string, error) {
	return "", r.record("RedeemOcapURL", url)
}

func (r *callRecorder) Revoke(_ context.Context, kref string) error {
	return r.record("Revoke", kref)
}

func (r *callRecorder) IsRevoked(_ context.Context, kref string) (bool, error) {
	return false, r.record("IsRevoked", kref)
}

func (r *callRecorder) InitRemoteComms(_ context.Context, opts api.RemoteCommsOptions) error {
	return r.record("InitRemoteComms", opts)
}

func (r *callRecorder) RegisterLocationHints(_ context.Context, peer string, hints []string) error {
	return r.record("RegisterLocationHints", peer, hints)
}

func (r *callRecorder) ReleaseKrefs(_ context.Context, krefs []string) error {
	return r.record("ReleaseKrefs", krefs)
}

var _ Kernel = (*callRecorder)(nil)
