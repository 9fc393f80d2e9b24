package jsvat_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// Tests of one worker driven directly through the vat.Worker interface.

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func launchWorker(t *testing.T, spec string, params any) (vat.Worker, vat.Result, error) {
	t.Helper()
	cfg := api.VatConfig{BundleSpec: spec}
	if params != nil {
		raw, err := json.Marshal(params)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Parameters = raw
	}
	w, err := jsvat.NewRuntime(jsvat.Options{}).Launch(ctxT(t), "v1", cfg)
	if err != nil {
		t.Fatalf("launch: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	res, err := w.Init(ctxT(t), nil)
	return w, res, err
}

func message(body, result string) vat.Delivery {
	return vat.Delivery{Kind: vat.DeliverMessage, Target: "o+0", Message: vat.Message{Methargs: api.CapData{Body: body, Slots: []string{}}, Result: result}}
}

// resolution is the body the delivery resolved vpid with.
func resolution(t *testing.T, res vat.Result, vpid string) (body string, rejected bool) {
	t.Helper()
	for _, sc := range res.Syscalls {
		for _, r := range sc.Resolutions {
			if r.VPID == vpid {
				return r.Data.Body, r.Rejected
			}
		}
	}
	t.Fatalf("no resolution of %s in %+v", vpid, res.Syscalls)
	return "", false
}

func TestInitFailures(t *testing.T) {
	tests := []struct {
		name, src string
		params    any
		want      string
	}{
		{"build throws", "", map[string]any{"failBuild": "yes"}, "buildRootObject failed on purpose: yes"},
		{"top-level throw", `throw new RangeError('at top level'); export const buildRootObject = () => 1;`, nil, "at top level"},
		{"no buildRootObject", `export const x = 1;`, nil, "vat source bundle lacks buildRootObject() function"},
		{"async rejects", `export const buildRootObject = async () => { await null; throw Error('late'); };`, nil, "late"},
		{"never settles", `export const buildRootObject = () => new Promise(() => {});`, nil, "buildRootObject unresolved"},
		{"not passable", `export const buildRootObject = () => ({ hello() {} });`, nil, "Cannot pass non-frozen objects like"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := example(t, "thrower-vat")
			if tt.src != "" {
				spec = bundleSource(t, "vat.js", tt.src)
			}
			_, res, err := launchWorker(t, spec, tt.params)
			if err != nil {
				t.Fatalf("Init: %v", err)
			}
			if !strings.Contains(res.Error, tt.want) {
				t.Fatalf("Init error = %q, want it to contain %q", res.Error, tt.want)
			}
		})
	}
}

func TestWorkerDeliveries(t *testing.T) {
	spec := bundleSource(t, "vat.js", `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
const deep = (n) => deep(n + 1) + 1;
export function buildRootObject() {
  return makeDefaultExo('root', {
    recurse() { return deep(0); },
    recurseCaught() { try { return deep(0); } catch (e) { return e.name + ': ' + e.message; } },
    spin() { for (;;) {} },
    echo(x) { return x; },
  });
}`)
	w, res, err := launchWorker(t, spec, nil)
	if err != nil || res.Error != "" {
		t.Fatalf("Init: %v %s", err, res.Error)
	}
	t.Run("stack overflow is an exception the vat survives", func(t *testing.T) {
		res, err := w.Deliver(ctxT(t), message(`#["recurse",[]]`, "p-1"))
		if err != nil {
			t.Fatal(err)
		}
		if body, rejected := resolution(t, res, "p-1"); !rejected || !strings.Contains(body, "stack overflow") {
			t.Fatalf("recurse = %s (rejected %v)", body, rejected)
		}
		res, err = w.Deliver(ctxT(t), message(`#["recurseCaught",[]]`, "p-2"))
		if err != nil {
			t.Fatal(err)
		}
		if body, _ := resolution(t, res, "p-2"); !strings.Contains(body, "InternalError: stack overflow") {
			t.Fatalf("recurseCaught = %s", body)
		}
	})
	t.Run("an interrupted delivery breaks the worker", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := w.Deliver(ctx, message(`#["spin",[]]`, "p-3"))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the deadline", err)
		}
		if _, err := w.Deliver(ctxT(t), message(`#["echo",[1]]`, "p-4")); err == nil {
			t.Fatal("a delivery to an interrupted vat succeeded")
		}
	})
}

func TestLaunchErrors(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/bad.bundle"
	if err := os.WriteFile(bad, []byte(`{"moduleFormat":"esm","code":"x","exports":[],"external":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sample-vat.bundle" {
			data, _ := os.ReadFile(strings.TrimPrefix(example(t, "sample-vat"), "file://"))
			w.Write(data)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	rt := jsvat.NewRuntime(jsvat.Options{})
	tests := []struct {
		spec        string
		want        string
		unsupported bool
	}{
		{"./sample-vat.bundle", "must be an absolute", false},
		{"file://" + dir + "/absent.bundle", "no such file", false},
		{"file://" + bad, "Unknown bundle format: esm", false},
		{srv.URL + "/missing.bundle", "404", false},
		{"http://127.0.0.1:1/x.bundle", "fetch of user code", false},
		{"%zz", "malformed", false},
		{"go:greeter", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := rt.Launch(ctxT(t), "v7", api.VatConfig{BundleSpec: tt.spec})
			if tt.unsupported {
				if !errors.Is(err, vat.ErrUnsupportedSpec) {
					t.Fatalf("err = %v, want ErrUnsupportedSpec", err)
				}
				return
			}
			var le *jsvat.LaunchError
			if !errors.As(err, &le) || le.VatID != "v7" || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "v7") {
				t.Fatalf("err = %v, want a LaunchError for v7 containing %q", err, tt.want)
			}
		})
	}
	t.Run("http", func(t *testing.T) {
		w, err := rt.Launch(ctxT(t), "v8", api.VatConfig{BundleSpec: srv.URL + "/sample-vat.bundle"})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if res, err := w.Init(ctxT(t), nil); err != nil || res.Error != "" {
			t.Fatalf("init: %v %s", err, res.Error)
		}
	})
}
