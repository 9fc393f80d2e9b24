package kernel_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// harness is a kernel on a real SQLite database driven through the
// kernel-control method table, as the daemon drives it.
type harness struct {
	t    testing.TB
	k    *kernel.Kernel
	svc  *rpc.Service
	path string
	rt   *govat.Runtime
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
	if path == "" {
		path = filepath.Join(t.TempDir(), "kernel.sqlite")
	}
	h := &harness{t: t, path: path, rt: newRuntime()}
	h.open()
	t.Cleanup(func() { h.k.Stop() })
	return h
}

func (h *harness) open() {
	h.t.Helper()
	db, err := kernelstore.Open(h.path)
	if err != nil {
		h.t.Fatalf("open db: %v", err)
	}
	k, err := kernel.New(context.Background(), db, kernel.Options{Runtime: h.rt, DeliveryTimeout: 5 * time.Second})
	if err != nil {
		h.t.Fatalf("new kernel: %v", err)
	}
	if err := k.InitIdentity(context.Background()); err != nil {
		h.t.Fatalf("init identity: %v", err)
	}
	h.k = k
	h.svc = rpc.NewService(k)
}

// reopen stops the kernel and opens a new one on the same database.
func (h *harness) reopen() {
	h.t.Helper()
	if err := h.k.Stop(); err != nil {
		h.t.Fatalf("stop: %v", err)
	}
	h.open()
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// call runs a kernel-control method and returns its JSON result.
func (h *harness) call(method string, params any) (string, error) {
	h.t.Helper()
	raw, err := json.Marshal(params)
	if err != nil {
		h.t.Fatal(err)
	}
	res, err := h.svc.Execute(h.ctx(), method, raw)
	if err != nil {
		return "", err
	}
	out, err := json.Marshal(res)
	if err != nil {
		h.t.Fatal(err)
	}
	return string(out), nil
}

func (h *harness) mustCall(method string, params any) string {
	h.t.Helper()
	out, err := h.call(method, params)
	if err != nil {
		h.t.Fatalf("%s: %v", method, err)
	}
	return out
}

// launch starts a subcluster of Go vats; vats maps names to go:<vat> specs
// plus parameters.
func (h *harness) launch(bootstrap string, vats map[string]string, services ...string) api.LaunchResult {
	h.t.Helper()
	cfg := map[string]any{"bootstrap": bootstrap}
	vm := map[string]any{}
	for name, spec := range vats {
		vm[name] = map[string]any{"bundleSpec": "go:" + spec, "parameters": map[string]any{"name": name}}
	}
	cfg["vats"] = vm
	if len(services) > 0 {
		cfg["services"] = services
	}
	out := h.mustCall("launchSubcluster", map[string]any{"config": cfg})
	var res api.LaunchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		h.t.Fatal(err)
	}
	return res
}

func (h *harness) send(target, method string, args ...any) (api.CapData, error) {
	h.t.Helper()
	if args == nil {
		args = []any{}
	}
	out, err := h.call("queueMessage", []any{target, method, args})
	if err != nil {
		return api.CapData{}, err
	}
	var cd api.CapData
	if err := json.Unmarshal([]byte(out), &cd); err != nil {
		h.t.Fatal(err)
	}
	return cd, nil
}

func (h *harness) mustSend(target, method string, args ...any) api.CapData {
	h.t.Helper()
	cd, err := h.send(target, method, args...)
	if err != nil {
		h.t.Fatalf("queueMessage %s.%s: %v", target, method, err)
	}
	return cd
}

// kv reads kv rows whose key starts with prefix, through executeDBQuery.
func (h *harness) kv(prefix string) map[string]string {
	h.t.Helper()
	out := h.mustCall("executeDBQuery", map[string]any{"sql": "SELECT key, value FROM kv WHERE key LIKE '" + prefix + "%' ORDER BY key"})
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		h.t.Fatal(err)
	}
	m := map[string]string{}
	for _, r := range rows {
		m[r["key"]] = r["value"]
	}
	return m
}

// rootOf returns the root kref of a vat by name in subcluster s.
func (h *harness) vatOf(subcluster, name string) string {
	h.t.Helper()
	st, err := h.k.GetStatus(h.ctx())
	if err != nil {
		h.t.Fatal(err)
	}
	for _, s := range st.Subclusters {
		if s.ID == subcluster {
			if id, ok := s.Vats.Get(name); ok {
				return id
			}
		}
	}
	h.t.Fatalf("no vat %s in %s", name, subcluster)
	return ""
}

func (h *harness) rootOf(vatID string) string {
	h.t.Helper()
	rows := h.kv(vatID + ".c.o+0")
	kref := rows[vatID+".c.o+0"]
	if kref == "" {
		h.t.Fatalf("no root for %s", vatID)
	}
	return kref
}

func wantErr(t testing.TB, err error, substr string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), substr) {
		t.Fatalf("error = %v, want one containing %q", err, substr)
	}
}
