package kernel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// harness is a kernel running the example Go vats, driven through the
// kernel-control method table (kerneltest), with shorthands for this
// package's tests.
type harness struct {
	*kerneltest.Harness
	t testing.TB
	k *kernel.Kernel
}

func newRuntime() *govat.Runtime {
	rt := govat.NewRuntime()
	examples.Register(rt)
	return rt
}

// newHarness opens a kernel on a file database in a temp dir ("" path) or
// on path; ":memory:" for logic-only tests.
func newHarness(t testing.TB, path string) *harness {
	t.Helper()
	kh := kerneltest.New(t, path, kernel.Options{Runtime: newRuntime(), DeliveryTimeout: 5 * time.Second})
	return &harness{Harness: kh, t: t, k: kh.K}
}

// reopen stops the kernel and opens a new one on the same database.
func (h *harness) reopen() {
	h.t.Helper()
	h.Reopen()
	h.k = h.K
}

func (h *harness) call(method string, params any) (string, error) {
	h.t.Helper()
	return h.Call(method, params)
}

func (h *harness) mustCall(method string, params any) string {
	h.t.Helper()
	return h.MustCall(method, params)
}

// launch starts a subcluster of Go vats; vats maps names to go:<vat>
// specs, each given its name as the "name" parameter.
func (h *harness) launch(bootstrap string, vats map[string]string, services ...string) api.LaunchResult {
	h.t.Helper()
	vm := map[string]any{}
	for name, spec := range vats {
		vm[name] = map[string]any{"bundleSpec": "go:" + spec, "parameters": map[string]any{"name": name}}
	}
	return h.MustLaunch(bootstrap, vm, services...)
}

func (h *harness) send(target, method string, args ...any) (api.CapData, error) {
	h.t.Helper()
	return h.Send(target, method, args...)
}

func (h *harness) mustSend(target, method string, args ...any) api.CapData {
	h.t.Helper()
	return h.MustSend(target, method, args...)
}

func (h *harness) kv(prefix string) map[string]string {
	h.t.Helper()
	return h.KV(prefix)
}

func (h *harness) vatOf(subcluster, name string) string {
	h.t.Helper()
	return h.VatOf(subcluster, name)
}

func (h *harness) rootOf(vatID string) string {
	h.t.Helper()
	return h.RootOf(vatID)
}

func (h *harness) ctx() context.Context { return h.Ctx() }

func wantErr(t testing.TB, err error, substr string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), substr) {
		t.Fatalf("error = %v, want one containing %q", err, substr)
	}
}
