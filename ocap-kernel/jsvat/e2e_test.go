package jsvat_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// kernelHarness is a real kernel on a SQLite file, running JavaScript and
// Go vats, driven through the kernel-control method table (kerneltest).
type kernelHarness struct {
	*kerneltest.Harness
	t   testing.TB
	log *syncBuffer
	k   *kernel.Kernel
}

func newKernel(t testing.TB, timeout time.Duration) *kernelHarness {
	t.Helper()
	gort := govat.NewRuntime()
	examples.Register(gort)
	buf := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(buf, nil))
	rt := jsvat.MultiRuntime{gort, jsvat.NewRuntime(jsvat.Options{Logger: log})}
	kh := kerneltest.New(t, "", kernel.Options{Runtime: rt, DeliveryTimeout: timeout, Logger: log})
	return &kernelHarness{Harness: kh, t: t, log: buf, k: kh.K}
}

func (h *kernelHarness) reopen() {
	h.t.Helper()
	h.Reopen()
	h.k = h.K
}

func (h *kernelHarness) mustCall(method string, params any) string {
	h.t.Helper()
	return h.MustCall(method, params)
}

func (h *kernelHarness) launch(bootstrap string, vats map[string]any) (api.LaunchResult, error) {
	h.t.Helper()
	return h.Launch(bootstrap, vats)
}

func (h *kernelHarness) mustLaunch(bootstrap string, vats map[string]any) api.LaunchResult {
	h.t.Helper()
	return h.MustLaunch(bootstrap, vats)
}

func (h *kernelHarness) send(target, method string, args ...any) (api.CapData, error) {
	h.t.Helper()
	return h.Send(target, method, args...)
}

// mustSend returns the result's body.
func (h *kernelHarness) mustSend(target, method string, args ...any) string {
	h.t.Helper()
	return h.MustSend(target, method, args...).Body
}

func (h *kernelHarness) vatOf(subcluster, name string) string {
	h.t.Helper()
	return h.VatOf(subcluster, name)
}

func (h *kernelHarness) rootOf(vatID string) string {
	h.t.Helper()
	return h.RootOf(vatID)
}

func vatCfg(spec string, params map[string]any) map[string]any {
	c := map[string]any{"bundleSpec": spec}
	if params != nil {
		c["parameters"] = params
	}
	return c
}

func wantBody(t testing.TB, got, want string) {
	t.Helper()
	if got != want {
		t.Fatalf("body = %s, want %s", got, want)
	}
}

func TestKernelHelloCluster(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	// The example cluster file, with its relative bundleSpecs resolved.
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "vats", "hello-cluster.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg map[string]any
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	for _, v := range cfg["vats"].(map[string]any) {
		vc := v.(map[string]any)
		if vc["bundleSpec"] != "./sample-vat.bundle" {
			t.Fatalf("unexpected bundleSpec %v", vc["bundleSpec"])
		}
		vc["bundleSpec"] = example(t, "sample-vat")
	}
	out := h.mustCall("launchSubcluster", map[string]any{"config": cfg})
	var res api.LaunchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.SubclusterID != "s1" || res.RootKref != "ko4" || res.BootstrapResult == nil || res.BootstrapResult.Body != `#"#undefined"` {
		t.Fatalf("launch = %s", out)
	}
	wantBody(t, h.mustSend("ko4", "hello", "golden"), `#"vat Alice got \"hello\" from golden"`)
	wantBody(t, h.mustSend("ko4", "hello", "$5 #x"), `#"vat Alice got \"hello\" from $5 #x"`)
	wantBody(t, h.mustSend("ko4", "hello"), `#"vat Alice got \"hello\" from undefined"`)
	wantBody(t, h.mustSend("ko4", "hello", map[string]any{"b": 1, "a": nil}), `#"vat Alice got \"hello\" from [object Object]"`)
	for _, line := range []string{`vat Bob got \"hello\" from Alice`, `vat Alice got \"hello\" answer from carol: 'vat Carol got \"hello\" from Alice'`} {
		if !strings.Contains(h.log.String(), line) {
			t.Errorf("vat log lacks %q:\n%s", line, h.log.String())
		}
	}
	if pong := h.mustCall("pingVat", map[string]any{"id": "v2"}); pong != `"pong"` {
		t.Fatalf("pingVat = %s", pong)
	}
}

func TestKernelJSAndGoVats(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	// A JavaScript bootstrap vat greets a Go vat and a JavaScript vat.
	h.mustLaunch("alice", map[string]any{
		"alice": vatCfg(example(t, "sample-vat"), map[string]any{"name": "Alice"}),
		"bob":   vatCfg("go:greeter", map[string]any{"name": "Bob"}),
		"carol": vatCfg(example(t, "sample-vat"), map[string]any{"name": "Carol"}),
	})
	if !strings.Contains(h.log.String(), `answer from bob: 'vat Bob got \"hello\" from Alice'`) {
		t.Fatalf("log:\n%s", h.log.String())
	}
	// And a Go bootstrap vat greets JavaScript vats.
	res := h.mustLaunch("dave", map[string]any{
		"dave": vatCfg("go:greeter", map[string]any{"name": "dave"}),
		"erin": vatCfg(example(t, "sample-vat"), map[string]any{"name": "erin"}),
	})
	wantBody(t, res.BootstrapResult.Body, `#["vat dave got \"hello\" from dave","vat erin got \"hello\" from dave"]`)
}

func TestKernelObjectPassedBetweenVats(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	h.mustLaunch("importer", map[string]any{
		"exporter": vatCfg(example(t, "exporter-vat"), nil),
		"importer": vatCfg(example(t, "importer-vat"), nil),
	})
	importer := h.rootOf(h.vatOf("s1", "importer"))
	exporter := h.rootOf(h.vatOf("s1", "exporter"))
	cd, err := h.send(importer, "importFrom", "x")
	if err != nil || cd.Body != `#"$0.Alleged: SharedObject"` || len(cd.Slots) != 1 {
		t.Fatalf("importFrom = %+v, %v", cd, err)
	}
	wantBody(t, h.mustSend(importer, "useImport", "x"), `#"value of x"`)
	// The object can be called directly, by kref, too.
	wantBody(t, h.mustSend(cd.Slots[0], "getValue"), `#"value of x"`)
	wantBody(t, h.mustSend(exporter, "isObjectPresent", "x"), `#true`)
	wantBody(t, h.mustSend(importer, "listImportedObjects"), `#["x"]`)
	// The importer drops its presence; the kernel accepts the GC syscalls.
	wantBody(t, h.mustSend(importer, "forgetImport", "x"), `#true`)
	wantBody(t, h.mustSend(importer, "listImportedObjects"), `#[]`)
}

func TestKernelPipelining(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	res := h.mustLaunch("alice", map[string]any{
		"alice": vatCfg(example(t, "pipeline-vat"), map[string]any{"peer": "bob"}),
		"bob":   vatCfg(example(t, "pipeline-vat"), nil),
	})
	// E(E(bob).makeCounter(10)).inc() twice, sent before makeCounter answered.
	wantBody(t, h.mustSend(res.RootKref, "run", 10), `#[11,12]`)
	// A send to a promise that bob resolves only later.
	wantBody(t, h.mustSend(res.RootKref, "runHeld", 5), `#6`)
}

func TestKernelBaggageSurvivesRestarts(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	res := h.mustLaunch("counter", map[string]any{"counter": vatCfg(example(t, "counter-vat"), nil)})
	wantBody(t, res.BootstrapResult.Body, `#0`)
	wantBody(t, h.mustSend(res.RootKref, "inc"), `#1`)
	wantBody(t, h.mustSend(res.RootKref, "inc"), `#2`)
	vatID := h.vatOf(res.SubclusterID, "counter")
	h.mustCall("restartVat", map[string]any{"id": vatID})
	wantBody(t, h.mustSend(res.RootKref, "inc"), `#3`)
	h.reopen()
	wantBody(t, h.mustSend(res.RootKref, "inc", 10), `#13`)
	wantBody(t, h.mustSend(res.RootKref, "get"), `#13`)
}

func TestKernelErrors(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	res := h.mustLaunch("thrower", map[string]any{"thrower": vatCfg(example(t, "thrower-vat"), nil)})
	wantBody(t, res.BootstrapResult.Body, `#"ready"`)
	tests := []struct {
		method string
		want   string
	}{
		{"throwError", "thrown on purpose"},
		{"rejectError", "thrown on purpose"},
		{"nope", `target has no method "nope", has ["__getInterfaceGuard__","__getMethodNames__","bootstrap","rejectError","throwError"]`},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			_, err := h.send(res.RootKref, tt.method, "thrown on purpose")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
	// The vat survives its own exceptions.
	wantBody(t, h.mustSend(res.RootKref, "bootstrap"), `#"ready"`)

	t.Run("buildRootObject throws", func(t *testing.T) {
		_, err := h.launch("bad", map[string]any{"bad": vatCfg(example(t, "thrower-vat"), map[string]any{"failBuild": "requested"})})
		if err == nil || !strings.Contains(err.Error(), "Failed to initialize vat") || !strings.Contains(err.Error(), "buildRootObject failed on purpose: requested") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("missing bundle", func(t *testing.T) {
		spec := fileURL(filepath.Join(t.TempDir(), "absent.bundle"))
		_, err := h.launch("gone", map[string]any{"gone": vatCfg(spec, nil)})
		if err == nil || !strings.Contains(err.Error(), spec) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestKernelRunawayVatIsTerminated(t *testing.T) {
	h := newKernel(t, 300*time.Millisecond)
	res := h.mustLaunch("runaway", map[string]any{
		"runaway": vatCfg(example(t, "runaway-vat"), nil),
		"alice":   vatCfg(example(t, "sample-vat"), map[string]any{"name": "Alice"}),
	})
	runawayID := h.vatOf(res.SubclusterID, "runaway")
	alice := h.rootOf(h.vatOf(res.SubclusterID, "alice"))
	wantBody(t, h.mustSend(res.RootKref, "ping"), `#"pong"`)
	_, err := h.send(res.RootKref, "spin")
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("spin: err = %v, want an interrupted delivery", err)
	}
	// The runaway vat is gone; the kernel keeps serving the others.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := h.k.GetStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range st.Vats {
		if v.ID == runawayID {
			t.Fatalf("vat %s still running after its runaway delivery", runawayID)
		}
	}
	wantBody(t, h.mustSend(alice, "hello", "survivor"), `#"vat Alice got \"hello\" from survivor"`)
}

// upstreamStyleVat is written exactly as for the upstream kernel.
const upstreamStyleVat = `
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters.name ?? 'anonymous';
  const logger = vatPowers.logger.subLogger({ tags: ['test', name] });
  if (!baggage.has('greetings')) {
    baggage.init('greetings', harden([]));
  }
  return makeDefaultExo('root', {
    async bootstrap(vats, services) {
      logger.log('bootstrap', Object.keys(services).length);
      const reply = await E(vats.bob).hello(name);
      baggage.set('greetings', harden([...baggage.get('greetings'), reply]));
      baggage.init('bob', vats.bob);
      return reply;
    },
    hello(from) {
      return 'hello ' + from + ' from ' + name;
    },
    async again() {
      const reply = await E(baggage.get('bob')).hello(name + ' again');
      return [...baggage.get('greetings'), reply];
    },
  });
}
`

func TestKernelUpstreamStyleVat(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	spec := bundleSource(t, "upstream-vat.js", upstreamStyleVat)
	res := h.mustLaunch("alice", map[string]any{
		"alice": vatCfg(spec, map[string]any{"name": "alice"}),
		"bob":   vatCfg(spec, map[string]any{"name": "bob"}),
	})
	wantBody(t, res.BootstrapResult.Body, `#"hello alice from bob"`)
	wantBody(t, h.mustSend(res.RootKref, "again"), `#["hello alice from bob","hello alice again from bob"]`)
	// The presence of bob kept in baggage still works after a restart.
	h.mustCall("restartVat", map[string]any{"id": h.vatOf(res.SubclusterID, "alice")})
	wantBody(t, h.mustSend(res.RootKref, "again"), `#["hello alice from bob","hello alice again from bob"]`)
}

func TestKernelDiscoverableVat(t *testing.T) {
	h := newKernel(t, 5*time.Second)
	res := h.mustLaunch("notes", map[string]any{"notes": vatCfg(example(t, "discoverable-vat"), nil)})
	wantBody(t, h.mustSend(res.RootKref, "write", "a", "text"), `#1`)
	wantBody(t, h.mustSend(res.RootKref, "read", "a"), `#"text"`)
	cd, err := h.send(res.RootKref, "__getDescription__")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]struct {
		Description string                    `json:"description"`
		Args        map[string]map[string]any `json:"args"`
		Returns     map[string]any            `json:"returns"`
	}
	if err := json.Unmarshal([]byte(strings.TrimPrefix(cd.Body, "#")), &schema); err != nil {
		t.Fatalf("describe body %s: %v", cd.Body, err)
	}
	if w := schema["write"]; w.Description == "" || w.Args["title"]["type"] != "string" || w.Returns["type"] != "number" {
		t.Fatalf("describe = %s", cd.Body)
	}
}
