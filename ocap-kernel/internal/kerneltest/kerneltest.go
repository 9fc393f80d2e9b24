// Package kerneltest drives a real kernel, on a real SQLite database,
// through the kernel-control method table, the way the daemon drives it.
// The kernel's, the vat runtimes' and remote comms' tests share it.
package kerneltest

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// CallTimeout bounds each control call a Harness makes.
const CallTimeout = 30 * time.Second

// Harness is a kernel and its method table.
type Harness struct {
	TB   testing.TB
	Path string
	Opts kernel.Options
	K    *kernel.Kernel
	Svc  *rpc.Service
}

// New opens a kernel on path ("" for a file in a temporary directory,
// ":memory:" for an in-memory database) with opts, initialises its
// identity, and stops it when the test ends.
func New(tb testing.TB, path string, opts kernel.Options) *Harness {
	tb.Helper()
	if path == "" {
		path = filepath.Join(tb.TempDir(), "kernel.sqlite")
	}
	h := &Harness{TB: tb, Path: path, Opts: opts}
	h.Open()
	tb.Cleanup(func() { h.K.Stop() })
	return h
}

// Open starts a kernel on h.Path.
func (h *Harness) Open() {
	h.TB.Helper()
	db, err := kernelstore.Open(h.Path)
	if err != nil {
		h.TB.Fatalf("open db: %v", err)
	}
	k, err := kernel.New(context.Background(), db, h.Opts)
	if err != nil {
		h.TB.Fatalf("new kernel: %v", err)
	}
	if err := k.InitIdentity(context.Background()); err != nil {
		h.TB.Fatalf("init identity: %v", err)
	}
	h.K, h.Svc = k, rpc.NewService(k)
}

// Reopen stops the kernel and starts a new one on the same database.
func (h *Harness) Reopen() {
	h.TB.Helper()
	if err := h.K.Stop(); err != nil {
		h.TB.Fatalf("stop: %v", err)
	}
	h.Open()
}

// Ctx is a context for one control call.
func (h *Harness) Ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), CallTimeout)
	h.TB.Cleanup(cancel)
	return ctx
}

// Call runs a kernel-control method and returns its JSON result.
func (h *Harness) Call(method string, params any) (string, error) {
	h.TB.Helper()
	raw, err := json.Marshal(params)
	if err != nil {
		h.TB.Fatal(err)
	}
	res, err := h.Svc.Execute(h.Ctx(), method, raw)
	if err != nil {
		return "", err
	}
	out, err := json.Marshal(res)
	if err != nil {
		h.TB.Fatal(err)
	}
	return string(out), nil
}

// MustCall is Call failing the test on error.
func (h *Harness) MustCall(method string, params any) string {
	h.TB.Helper()
	out, err := h.Call(method, params)
	if err != nil {
		h.TB.Fatalf("%s: %v", method, err)
	}
	return out
}

// Launch starts a subcluster; vats maps names to VatConfig-shaped maps.
func (h *Harness) Launch(bootstrap string, vats map[string]any, services ...string) (api.LaunchResult, error) {
	h.TB.Helper()
	cfg := map[string]any{"bootstrap": bootstrap, "vats": vats}
	if len(services) > 0 {
		cfg["services"] = services
	}
	out, err := h.Call("launchSubcluster", map[string]any{"config": cfg})
	if err != nil {
		return api.LaunchResult{}, err
	}
	var res api.LaunchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		h.TB.Fatal(err)
	}
	return res, nil
}

// MustLaunch is Launch failing the test on error.
func (h *Harness) MustLaunch(bootstrap string, vats map[string]any, services ...string) api.LaunchResult {
	h.TB.Helper()
	res, err := h.Launch(bootstrap, vats, services...)
	if err != nil {
		h.TB.Fatalf("launchSubcluster: %v", err)
	}
	return res
}

// Send runs queueMessage and returns the result CapData.
func (h *Harness) Send(target, method string, args ...any) (api.CapData, error) {
	h.TB.Helper()
	if args == nil {
		args = []any{}
	}
	out, err := h.Call("queueMessage", []any{target, method, args})
	if err != nil {
		return api.CapData{}, err
	}
	var cd api.CapData
	if err := json.Unmarshal([]byte(out), &cd); err != nil {
		h.TB.Fatal(err)
	}
	return cd, nil
}

// MustSend is Send failing the test on error.
func (h *Harness) MustSend(target, method string, args ...any) api.CapData {
	h.TB.Helper()
	cd, err := h.Send(target, method, args...)
	if err != nil {
		h.TB.Fatalf("queueMessage %s.%s: %v", target, method, err)
	}
	return cd
}

// KV reads the kv rows whose key starts with prefix, through executeDBQuery.
func (h *Harness) KV(prefix string) map[string]string {
	h.TB.Helper()
	out := h.MustCall("executeDBQuery", map[string]any{"sql": "SELECT key, value FROM kv WHERE key LIKE '" + prefix + "%' ORDER BY key"})
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		h.TB.Fatal(err)
	}
	m := map[string]string{}
	for _, r := range rows {
		m[r["key"]] = r["value"]
	}
	return m
}

// VatOf returns the id of vat name in subcluster.
func (h *Harness) VatOf(subcluster, name string) string {
	h.TB.Helper()
	st, err := h.K.GetStatus(h.Ctx())
	if err != nil {
		h.TB.Fatal(err)
	}
	for _, s := range st.Subclusters {
		if s.ID == subcluster {
			if id, ok := s.Vats.Get(name); ok {
				return id
			}
		}
	}
	h.TB.Fatalf("no vat %s in %s", name, subcluster)
	return ""
}

// RootOf returns the kref of a vat's root object.
func (h *Harness) RootOf(vatID string) string {
	h.TB.Helper()
	kref := h.KV(vatID + ".c.o+0")[vatID+".c.o+0"]
	if kref == "" {
		h.TB.Fatalf("no root for %s", vatID)
	}
	return kref
}
