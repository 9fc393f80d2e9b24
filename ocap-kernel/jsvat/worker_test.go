package jsvat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// syncBuffer is a log sink safe for the vat goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testVat is a worker driven directly through the vat.Worker interface.
type testVat struct {
	t   *testing.T
	w   vat.Worker
	log *syncBuffer
}

func launch(t *testing.T, spec string, params any, state ...[2]string) (*testVat, vat.Result) {
	t.Helper()
	buf := &syncBuffer{}
	rt := jsvat.NewRuntime(jsvat.Options{Logger: slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	cfg := api.VatConfig{BundleSpec: spec}
	if params != nil {
		raw, err := json.Marshal(params)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Parameters = raw
	}
	w, err := rt.Launch(context.Background(), "v1", cfg)
	if err != nil {
		t.Fatalf("launch: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	res, err := w.Init(ctxT(t), state)
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	return &testVat{t: t, w: w, log: buf}, res
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func (tv *testVat) deliver(d vat.Delivery) vat.Result {
	tv.t.Helper()
	res, err := tv.w.Deliver(ctxT(tv.t), d)
	if err != nil {
		tv.t.Fatalf("deliver %s: %v", d.Kind, err)
	}
	if res.Error != "" {
		tv.t.Fatalf("deliver %s: vat error %s", d.Kind, res.Error)
	}
	return res
}

func message(target, body string, slots []string, result string) vat.Delivery {
	if slots == nil {
		slots = []string{}
	}
	return vat.Delivery{Kind: vat.DeliverMessage, Target: target, Message: vat.Message{Methargs: api.CapData{Body: body, Slots: slots}, Result: result}}
}

func notify(vpid string, rejected bool, body string, slots ...string) vat.Delivery {
	if slots == nil {
		slots = []string{}
	}
	return vat.Delivery{Kind: vat.DeliverNotify, Resolutions: []vat.Resolution{{VPID: vpid, Rejected: rejected, Data: api.CapData{Body: body, Slots: slots}}}}
}

// render prints syscalls compactly for comparison.
func render(scs []vat.Syscall) []string {
	out := make([]string, 0, len(scs))
	for _, sc := range scs {
		switch sc.Kind {
		case vat.SyscallSend:
			out = append(out, "send "+sc.Target+" "+sc.Message.Methargs.Body+" "+strings.Join(sc.Message.Methargs.Slots, ",")+" -> "+sc.Message.Result)
		case vat.SyscallSubscribe:
			out = append(out, "subscribe "+sc.VPID)
		case vat.SyscallResolve:
			for _, r := range sc.Resolutions {
				state := "fulfill"
				if r.Rejected {
					state = "reject"
				}
				out = append(out, state+" "+r.VPID+" "+r.Data.Body+" "+strings.Join(r.Data.Slots, ","))
			}
		case vat.SyscallExit:
			out = append(out, "exit "+sc.Info.Body)
		default:
			out = append(out, string(sc.Kind)+" "+strings.Join(sc.Refs, ","))
		}
	}
	return out
}

func wantSyscalls(t *testing.T, res vat.Result, want ...string) {
	t.Helper()
	got := render(res.Syscalls)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("syscalls:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestSampleVatProtocol(t *testing.T) {
	tv, res := launch(t, example(t, "sample-vat"), map[string]any{"name": "Alice"})
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	wantSyscalls(t, res)
	if len(res.Checkpoint.Sets) != 1 || res.Checkpoint.Sets[0][0] != "idCounters" {
		t.Fatalf("init checkpoint = %+v", res.Checkpoint)
	}

	// bootstrap({alice: root, bob: o-1}, {}) greets bob and awaits him.
	res = tv.deliver(message("o+0", `#["bootstrap",[{"alice":"$0.Alleged: root","bob":"$1.Alleged: root"},{}]]`, []string{"o+0", "o-1"}, "p-1"))
	wantSyscalls(t, res,
		`send o-1 #["hello",["Alice"]]  -> p+1`,
		`subscribe p+1`)
	res = tv.deliver(notify("p+1", false, `#"vat Bob got \"hello\" from Alice"`))
	wantSyscalls(t, res, `fulfill p-1 #"#undefined" `)
	if !strings.Contains(tv.log.String(), `vat Alice got \"hello\" answer from bob: 'vat Bob got \"hello\" from Alice'`) {
		t.Errorf("log:\n%s", tv.log.String())
	}

	// A message to the root answers at once.
	res = tv.deliver(message("o+0", `#["hello",["golden"]]`, nil, "p-2"))
	wantSyscalls(t, res, `fulfill p-2 #"vat Alice got \"hello\" from golden" `)
	// Smallcaps escapes survive the round trip.
	res = tv.deliver(message("o+0", `#["hello",["!$5 #x"]]`, nil, "p-3"))
	wantSyscalls(t, res, `fulfill p-3 #"vat Alice got \"hello\" from $5 #x" `)

	// Unknown methods reject with upstream's message.
	res = tv.deliver(message("o+0", `#["nope",[]]`, nil, "p-4"))
	wantSyscalls(t, res, `reject p-4 #{"#error":"target has no method \"nope\", has [\"__getInterfaceGuard__\",\"__getMethodNames__\",\"bootstrap\",\"hello\"]","name":"TypeError"} `)

	if pong, err := tv.w.Ping(ctxT(t)); err != nil || pong != "pong" {
		t.Fatalf("ping = %q, %v", pong, err)
	}
}

func TestPromisesAndObjects(t *testing.T) {
	spec := bundleSource(t, "vat.js", `
import { E } from '@endo/far';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject(vatPowers) {
  let resolveLater;
  const later = new Promise((r) => { resolveLater = r; });
  const made = [];
  let dropped;
  return makeDefaultExo('root', {
    make(name) { const o = makeDefaultExo(name, { name: () => name }); made.push(o); return o; },
    same() { return [made[0], made[0]]; },
    local() { return E(made[0]).name(); },
    pipe(p) { return E(p).go(1n, -0, undefined, null); },
    forward(x) { return x; },
    later() { return { later }; },
    settle(v) { resolveLater(v); return 'ok'; },
    record() { return { b: [1, 'x', true], a: { '!bang': NaN, n: -Infinity } }; },
    bad() { return new Map(); },
    tell(p, ...args) { E.sendOnly(p).hear(...args); },
    drop(p) { vatPowers.dropImport(p); dropped = p; return 'dropped'; },
    useDropped() { return E(dropped).hear(); },
    exit(reason) { vatPowers.exitVat(reason); },
  });
}`)
	tv, _ := launch(t, spec, nil)
	steps := []struct {
		name string
		d    vat.Delivery
		want []string
	}{
		{"export", message("o+0", `#["make",["a"]]`, nil, "p-1"), []string{`fulfill p-1 #"$0.Alleged: a" o+1`}},
		{"export again", message("o+0", `#["same",[]]`, nil, "p-2"), []string{`fulfill p-2 #["$0.Alleged: a","$0"] o+1`}},
		{"call export", message("o+1", `#["name",[]]`, nil, "p-3"), []string{`fulfill p-3 #"a" `}},
		{"local E", message("o+0", `#["local",[]]`, nil, "p-4"), []string{`fulfill p-4 #"a" `}},
		{"pipeline to import promise", message("o+0", `#["pipe",["&0"]]`, []string{"p-10"}, "p-5"), []string{
			`subscribe p-10`, `send p-10 #["go",["+1",0,"#undefined",null]]  -> p+1`, `subscribe p+1`}},
		{"result settles", notify("p+1", false, `#"went"`), []string{`fulfill p-5 #"went" `}},
		{"import settles", notify("p-10", false, `#"$0.Alleged: thing"`, "o-5"), nil},
		{"forward presence", message("o+0", `#["forward",["$0.Alleged: thing"]]`, []string{"o-5"}, "p-6"), []string{`fulfill p-6 #"$0.Alleged: thing" o-5`}},
		{"export local promise", message("o+0", `#["later",[]]`, nil, "p-7"), []string{`fulfill p-7 #{"later":"&0"} p+2`}},
		// The method's own microtasks run before it returns to the vat.
		{"settle local promise", message("o+0", `#["settle",["done"]]`, nil, "p-8"), []string{`fulfill p+2 #"done" `, `fulfill p-8 #"ok" `}},
		{"record", message("o+0", `#["record",[]]`, nil, "p-9"), []string{`fulfill p-9 #{"a":{"!!bang":"#NaN","n":"#-Infinity"},"b":[1,"x",true]} `}},
		{"not passable", message("o+0", `#["bad",[]]`, nil, "p-11"), []string{`reject p-11 #{"#error":"cannot marshal result: not passable: [object Map]: only plain records, arrays, errors, promises, Far objects and presences pass; use Far or makeDefaultExo for objects with behaviour","name":"Error"} `}},
		{"sendOnly", message("o+0", `#["tell",["$0",1]]`, []string{"o-5"}, ""), []string{`send o-5 #["hear",[1]]  -> `}},
		{"drop import", message("o+0", `#["drop",["$0"]]`, []string{"o-5"}, "p-12"), []string{`dropImports o-5`, `retireImports o-5`, `fulfill p-12 #"dropped" `}},
		{"use dropped", message("o+0", `#["useDropped",[]]`, nil, "p-13"), []string{`reject p-13 #{"#error":"cannot send \"hear\" to a dropped presence (o-5)","name":"TypeError"} `}},
		{"import again", message("o+0", `#["forward",["$0.Alleged: thing"]]`, []string{"o-5"}, "p-14"), []string{`fulfill p-14 #"$0.Alleged: thing" o-5`}},
		{"exit", message("o+0", `#["exit",["bye"]]`, nil, ""), []string{`exit #"bye"`}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			res := tv.deliver(s.d)
			wantSyscalls(t, res, s.want...)
		})
	}
}

func TestBaggageAndCounters(t *testing.T) {
	tv, res := launch(t, example(t, "counter-vat"), nil)
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	state := map[string]string{}
	apply := func(res vat.Result) {
		for _, kv := range res.Checkpoint.Sets {
			state[kv[0]] = kv[1]
		}
		for _, k := range res.Checkpoint.Deletes {
			delete(state, k)
		}
	}
	apply(res)
	for i, want := range []string{"1", "2", "3"} {
		res := tv.deliver(message("o+0", `#["inc",[]]`, nil, "p-"+want))
		wantSyscalls(t, res, `fulfill p-`+want+` #`+want+` `)
		apply(res)
		_ = i
	}
	if state["baggage.count"] != `{"body":"#3","slots":[]}` {
		t.Fatalf("vatstore = %v", state)
	}
	// A new incarnation with the same vatstore keeps counting.
	var st [][2]string
	for k, v := range state {
		st = append(st, [2]string{k, v})
	}
	tv2, res := launch(t, example(t, "counter-vat"), nil, st...)
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	wantSyscalls(t, tv2.deliver(message("o+0", `#["inc",[5]]`, nil, "p-1")), `fulfill p-1 #8 `)
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
		{"not far", `export const buildRootObject = () => ({ hello() {} });`, nil, "which is not a Far object"},
		{"async rejects", `export const buildRootObject = async () => { await null; throw Error('late'); };`, nil, "late"},
		{"never settles", `export const buildRootObject = () => new Promise(() => {});`, nil, "did not settle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := example(t, "thrower-vat")
			if tt.src != "" {
				spec = bundleSource(t, "vat.js", tt.src)
			}
			_, res := launch(t, spec, tt.params)
			if !strings.Contains(res.Error, tt.want) {
				t.Fatalf("Init error = %q, want it to contain %q", res.Error, tt.want)
			}
		})
	}
}

func TestRealmIsLockedDown(t *testing.T) {
	spec := bundleSource(t, "vat.js", `
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
const attempt = (f) => { try { f(); return 'allowed'; } catch (e) { return e.name; } };
class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr'; } }
export function buildRootObject(_p, params) {
  return makeDefaultExo('root', {
    check() {
      return {
        protoPush: attempt(() => { Array.prototype.push = null; }),
        newGlobal: attempt(() => { globalThis.leak = 1; }),
        replaceJSON: attempt(() => { globalThis.JSON = {}; }),
        params: attempt(() => { params.name = 'x'; }),
        harden: attempt(() => { const o = harden({ a: { b: 1 } }); o.a.b = 2; }),
        override: new MyErr('m').name,
        random: Math.random(),
        now: Date.now(),
        frozenE: Object.isFrozen(__ocap.E),
      };
    },
  });
}`)
	tv, res := launch(t, spec, map[string]any{"name": "n"})
	if res.Error != "" {
		t.Fatal(res.Error)
	}
	res = tv.deliver(message("o+0", `#["check",[]]`, nil, "p-1"))
	wantSyscalls(t, res, `fulfill p-1 #{"frozenE":true,"harden":"TypeError","newGlobal":"TypeError","now":0,"override":"MyErr","params":"TypeError","protoPush":"TypeError","random":0.5,"replaceJSON":"TypeError"} `)
}

func TestRunawayIsInterrupted(t *testing.T) {
	tv, _ := launch(t, example(t, "runaway-vat"), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := tv.w.Deliver(ctx, message("o+0", `#["spin",[]]`, nil, "p-1"))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("err = %v, want an interrupt wrapping context.DeadlineExceeded", err)
	}
	// The worker is broken from then on.
	if _, err := tv.w.Deliver(ctxT(t), message("o+0", `#["ping",[]]`, nil, "p-2")); err == nil {
		t.Fatal("delivery to an interrupted vat succeeded")
	}
}

func TestStackOverflowIsFatal(t *testing.T) {
	spec := bundleSource(t, "vat.js", `
import { Far } from '@endo/far';
const f = (n) => f(n + 1) + 1;
export const buildRootObject = () => Far('root', { recurse: () => f(0) });`)
	tv, _ := launch(t, spec, nil)
	_, err := tv.w.Deliver(ctxT(t), message("o+0", `#["recurse",[]]`, nil, "p-1"))
	if err == nil || !strings.Contains(err.Error(), "maximum call stack size") {
		t.Fatalf("err = %v", err)
	}
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
