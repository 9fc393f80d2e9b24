package jsvat_test

// End-to-end tests of the vat endowments: the globals a vat config may
// list (api.AllowedGlobalNames), network.allowedHosts, platformConfig.fs
// and creationOptions, each run by a real kernel on a real SQLite file,
// with bundles from the real bundler, in the real engine. The vat is
// testdata/endowments/probe-vat.js, written the upstream way.
//

import (
	"bytes"
	"context"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// ---- harness ----

// endowRecRuntime wraps the real jsvat runtime to record, per vat, what the
// kernel delivered and what the vat did, and when its worker asked for
// wake cranks. Nothing is simulated: it only forwards and takes notes.
type endowRecRuntime struct {
	inner vat.Runtime
	seq   atomic.Int64 // orders deliveries across vats
	mu    sync.Mutex
	vats  map[string]*endowWorker
}

type endowDelivery struct {
	seq      int64
	kind     vat.DeliveryKind
	method   string // messages: the method
	result   string // messages: the result vpid
	syscalls []vat.Syscall
}

type endowWorker struct {
	vat.Worker
	rt *endowRecRuntime
	id string

	mu                   sync.Mutex
	closed               bool
	closedAt             time.Time
	wakeTimes            []time.Time
	deliveries           []endowDelivery
	wakesAfterClose      int
	deliveriesAfterClose int
	wakeDone             chan struct{} // a token per wake delivery done (dropped when full)
}

func (r *endowRecRuntime) Launch(ctx context.Context, vatID string, cfg api.VatConfig) (vat.Worker, error) {
	w, err := r.inner.Launch(ctx, vatID, cfg)
	if err != nil {
		return nil, err
	}
	rw := &endowWorker{Worker: w, rt: r, id: vatID, wakeDone: make(chan struct{}, 1024)}
	r.mu.Lock()
	r.vats[vatID] = rw
	r.mu.Unlock()
	return rw, nil
}

func (r *endowRecRuntime) worker(t testing.TB, vatID string) *endowWorker {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	w := r.vats[vatID]
	if w == nil {
		t.Fatalf("no worker for %s", vatID)
	}
	return w
}

// SetWake implements vat.Waker, noting the worker's wake requests.
func (w *endowWorker) SetWake(wake func()) {
	wk, ok := w.Worker.(vat.Waker)
	if !ok {
		return
	}
	wk.SetWake(func() {
		w.mu.Lock()
		w.wakeTimes = append(w.wakeTimes, time.Now())
		if w.closed {
			w.wakesAfterClose++
		}
		w.mu.Unlock()
		wake()
	})
}

func (w *endowWorker) Deliver(ctx context.Context, d vat.Delivery) (vat.Result, error) {
	res, err := w.Worker.Deliver(ctx, d)
	rd := endowDelivery{seq: w.rt.seq.Add(1), kind: d.Kind, syscalls: res.Syscalls}
	if d.Kind == vat.DeliverMessage {
		rd.result = d.Message.Result
		if m, _, derr := smallcaps.DecodeMethArgs(endowCapData(d.Message.Methargs)); derr == nil {
			rd.method = m
		}
	}
	w.mu.Lock()
	w.deliveries = append(w.deliveries, rd)
	if w.closed {
		w.deliveriesAfterClose++
	}
	w.mu.Unlock()
	if d.Kind == vat.DeliverWake {
		select {
		case w.wakeDone <- struct{}{}:
		default:
		}
	}
	return res, err
}

func (w *endowWorker) Close() error {
	w.mu.Lock()
	w.closed = true
	w.closedAt = time.Now()
	w.mu.Unlock()
	return w.Worker.Close()
}

// wakesSinceClose is when the wake requests after Close came, from Close.
func (w *endowWorker) wakesSinceClose() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []time.Duration
	for _, wt := range w.wakeTimes {
		if w.closed && !wt.Before(w.closedAt) {
			out = append(out, wt.Sub(w.closedAt))
		}
	}
	return out
}

func (w *endowWorker) record() []endowDelivery {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.deliveries)
}

func (w *endowWorker) afterClose() (wakes, deliveries int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.wakesAfterClose, w.deliveriesAfterClose
}

func endowCapData(cd api.CapData) smallcaps.CapData {
	return smallcaps.CapData(cd)
}

// endowMessage is the last delivery of method in ds.
func endowMessage(t testing.TB, ds []endowDelivery, method string) endowDelivery {
	t.Helper()
	for i := len(ds) - 1; i >= 0; i-- {
		if ds[i].kind == vat.DeliverMessage && ds[i].method == method {
			return ds[i]
		}
	}
	t.Fatalf("no delivery of %s", method)
	return endowDelivery{}
}

func endowResolves(d endowDelivery, vpid string) bool {
	for _, sc := range d.syscalls {
		if sc.Kind == vat.SyscallResolve {
			for _, r := range sc.Resolutions {
				if r.VPID == vpid {
					return true
				}
			}
		}
	}
	return false
}

func endowSends(d endowDelivery, method string) bool {
	for _, sc := range d.syscalls {
		if sc.Kind == vat.SyscallSend {
			if m, _, err := smallcaps.DecodeMethArgs(endowCapData(sc.Message.Methargs)); err == nil && m == method {
				return true
			}
		}
	}
	return false
}

// endowKernel is a real kernel on a SQLite file whose JavaScript vats run
// in a jsvat runtime with the given options; everything logs as JSON.
type endowKernel struct {
	*kernelHarness
	rec  *endowRecRuntime
	logs *syncBuffer
}

func newEndowKernel(t testing.TB, opts jsvat.Options) *endowKernel {
	t.Helper()
	buf := &syncBuffer{}
	opts.Logger = slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := &endowRecRuntime{inner: jsvat.NewRuntime(opts), vats: map[string]*endowWorker{}}
	klog := slog.New(slog.NewJSONHandler(buf, nil))
	kh := kerneltest.New(t, "", kernel.Options{Runtime: rec, DeliveryTimeout: 10 * time.Second, Logger: klog})
	return &endowKernel{kernelHarness: &kernelHarness{Harness: kh, t: t, log: buf, k: kh.K}, rec: rec, logs: buf}
}

// on is h reporting its failures to t (a subtest).
func (h *endowKernel) on(t testing.TB) *endowKernel {
	hh := *h.Harness
	hh.TB = t
	kh := *h.kernelHarness
	kh.Harness = &hh
	kh.t = t
	c := *h
	c.kernelHarness = &kh
	return &c
}

// launchProbes launches one subcluster of probe vats (name -> extra
// config) with boot as its bootstrap vat, and returns each vat's root.
func (h *endowKernel) launchProbes(boot string, vats map[string]map[string]any) (api.LaunchResult, map[string]string) {
	h.t.Helper()
	spec := endowProbeBundle(h.t)
	cfgs := map[string]any{}
	for name, extra := range vats {
		cfgs[name] = endowProbeCfg(spec, name, extra)
	}
	res := h.mustLaunch(boot, cfgs)
	roots := map[string]string{}
	for name := range vats {
		roots[name] = h.rootOf(h.vatOf(res.SubclusterID, name))
	}
	return res, roots
}

var (
	endowProbeMu     sync.Mutex
	endowProbeSource string
)

// endowProbeBundle bundles testdata/endowments/probe-vat.js for this test.
func endowProbeBundle(t testing.TB) string {
	t.Helper()
	endowProbeMu.Lock()
	src := endowProbeSource
	if src == "" {
		b, err := os.ReadFile(filepath.Join("testdata", "endowments", "probe-vat.js"))
		if err != nil {
			endowProbeMu.Unlock()
			t.Fatal(err)
		}
		src = string(b)
		endowProbeSource = src
	}
	endowProbeMu.Unlock()
	return bundleSource(t, "probe-vat.js", src)
}

// endowProbeCfg is a VatConfig-shaped map for the probe vat.
func endowProbeCfg(spec, name string, extra map[string]any) map[string]any {
	c := vatCfg(spec, map[string]any{"name": name})
	for k, v := range extra {
		c[k] = v
	}
	return c
}

func endowGlobals(names ...string) map[string]any { return map[string]any{"globals": names} }

func endowHosts(extra map[string]any, hosts ...string) map[string]any {
	if hosts == nil {
		hosts = []string{}
	}
	extra["network"] = map[string]any{"allowedHosts": hosts}
	return extra
}

var endowTimerGlobals = []string{"setTimeout", "clearTimeout", "setInterval", "clearInterval"}

// call sends method to target and decodes the result, JSON-style, into out.
func (h *endowKernel) call(target, method string, out any, args ...any) {
	h.t.Helper()
	cd, err := h.send(target, method, args...)
	if err != nil {
		h.t.Fatalf("%s.%s: %v", target, method, err)
	}
	v, err := smallcaps.Decode(endowCapData(cd))
	if err != nil {
		h.t.Fatalf("%s.%s: decode %s: %v", target, method, cd.Body, err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		h.t.Fatalf("%s.%s: re-encode %#v: %v", target, method, v, err)
	}
	if out == nil {
		return
	}
	reflect.ValueOf(out).Elem().SetZero() // no leftovers from an earlier call
	if err := json.Unmarshal(raw, out); err != nil {
		h.t.Fatalf("%s.%s: %s into %T: %v", target, method, raw, out, err)
	}
}

// callJSON returns the result as JSON text (object keys sorted).
func (h *endowKernel) callJSON(target, method string, args ...any) string {
	h.t.Helper()
	var v any
	h.call(target, method, &v, args...)
	raw, _ := json.Marshal(v)
	return string(raw)
}

// endowJSError is errInfo of probe-vat.js.
type endowJSError struct {
	Name    string `json:"name"`
	Message string `json:"message"`
	Code    any    `json:"code"`
	Cause   string `json:"cause"`
}

// endowOutcome is attempt/attemptAsync of probe-vat.js.
type endowOutcome struct {
	OK    json.RawMessage `json:"ok"`
	Error *endowJSError   `json:"error"`
}

func (o endowOutcome) String() string {
	if o.Error != nil {
		return fmt.Sprintf("error %+v", *o.Error)
	}
	return "ok " + string(o.OK)
}

// endowWantError checks that o failed with an error named name whose message
// contains msg.
func endowWantError(t testing.TB, what string, o endowOutcome, name, msg string) {
	t.Helper()
	if o.Error == nil {
		t.Errorf("%s: got %s, want %s %q", what, o, name, msg)
		return
	}
	if (name != "" && o.Error.Name != name) || !strings.Contains(o.Error.Message, msg) {
		t.Errorf("%s: got %s, want %s %q", what, o, name, msg)
	}
}

func endowWantOK(t testing.TB, what string, o endowOutcome, want string) {
	t.Helper()
	if o.Error != nil || string(o.OK) != want {
		t.Errorf("%s: got %s, want ok %s", what, o, want)
	}
}

// endowRegression fails with the description of a bug these tests found and
// that was fixed: it must not come back.
func endowRegression(t *testing.T, why string) {
	t.Helper()
	t.Fatalf("regression: %s", why)
}

// endowWaitFor waits on ch, failing the test after d.
func endowWaitFor(t testing.TB, ch <-chan struct{}, d time.Duration, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(d):
		t.Fatalf("timed out after %v waiting for %s", d, what)
	}
}

// endowSettleGoroutines waits, a bounded while, for the number of goroutines to
// come back to at most baseline; it fails with a dump if it does not.
func endowSettleGoroutines(t testing.TB, baseline int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	n := runtime.NumGoroutine()
	for n > baseline && time.Now().Before(deadline) {
		runtime.GC()
		runtime.Gosched()
		time.Sleep(5 * time.Millisecond) // a poll interval, not a synchronisation
		n = runtime.NumGoroutine()
	}
	if n > baseline {
		var b bytes.Buffer
		pprof.Lookup("goroutine").WriteTo(&b, 1)
		t.Fatalf("%d goroutines, want at most the baseline %d:\n%s", n, baseline, b.String())
	}
}

// endowStableGoroutines waits, a bounded while, for the number of goroutines to
// stop falling (what the test did before winds down) and returns it.
func endowStableGoroutines() int {
	n, same := runtime.NumGoroutine(), 0
	for deadline := time.Now().Add(2 * time.Second); same < 20 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // a poll interval
		if m := runtime.NumGoroutine(); m < n {
			n, same = m, 0
		} else {
			same++
		}
	}
	return n
}

// ---- a loopback HTTP server ----

type endowServer struct {
	*httptest.Server
	port string

	mu   sync.Mutex
	hits map[string]int

	slowArrived  chan struct{} // a /slow request arrived
	slowCanceled chan struct{} // a /slow request ended (client gone) before release
	release      chan struct{} // closed by the test to answer /slow
	releaseOnce  sync.Once
}

func newEndowServer(t testing.TB) *endowServer {
	t.Helper()
	s := &endowServer{
		hits:         map[string]int{},
		slowArrived:  make(chan struct{}, 64),
		slowCanceled: make(chan struct{}, 64),
		release:      make(chan struct{}),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("X-Reply", "abc")
		w.Header().Add("X-Multi", "one")
		w.Header().Add("X-Multi", "two")
		io.WriteString(w, "hello from go")
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"a":1,"b":[true,null],"s":"é"}`)
	})
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		w.Write(endowBytes(256))
	})
	mux.HandleFunc("/status/418", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout")
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{
			"method":      r.Method,
			"body":        string(body),
			"contentType": r.Header.Get("Content-Type"),
			"xTest":       r.Header.Get("X-Test"),
			"xVia":        r.Header.Get("X-Via"),
		})
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		s.slowArrived <- struct{}{}
		select {
		case <-s.release:
			io.WriteString(w, "finally")
		case <-r.Context().Done():
			s.slowCanceled <- struct{}{}
		}
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	u, _ := url.Parse(s.URL)
	if h := u.Hostname(); h != "127.0.0.1" {
		s.Close()
		t.Fatalf("test server listens on %s, want 127.0.0.1", h)
	}
	s.port = u.Port()
	t.Cleanup(func() {
		s.releaseSlow()
		s.Close()
	})
	return s
}

func (s *endowServer) releaseSlow() { s.releaseOnce.Do(func() { close(s.release) }) }

func (s *endowServer) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *endowServer) totalHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

func endowBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// ---- globals: present when listed, absent when not ----

// endowTypeofListed is what typeof says of each global when the vat lists it.
var endowTypeofListed = map[string]string{"crypto": "object", "Math": "object"}

// endowTypeofUnlisted is what typeof says when it does not: Date and Math are
// ECMAScript intrinsics, present in every Compartment but tamed by SES.
var endowTypeofUnlisted = map[string]string{"Date": "function", "Math": "object"}

// endowGroups partitions api.AllowedGlobalNames so that each global is
// listed without its usual companions (setTimeout without clearTimeout,
// fetch without Request, Headers and Response, crypto without
// SubtleCrypto, TextEncoder without TextDecoder, ...).
var endowGroups = map[string][]string{
	"g1": {"setTimeout", "Date", "crypto", "Request", "TextEncoder"},
	"g2": {"clearTimeout", "Math", "SubtleCrypto", "Headers", "TextDecoder"},
	"g3": {"setInterval", "fetch", "URL", "atob", "AbortController"},
	"g4": {"clearInterval", "Response", "URLSearchParams", "btoa", "AbortSignal"},
}

func TestEndowmentsGlobalsPresence(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	vats := map[string]map[string]any{
		"none": nil,
		"all":  endowHosts(endowGlobals(api.AllowedGlobalNames...)),
	}
	var grouped []string
	for g, names := range endowGroups {
		extra := endowGlobals(names...)
		if slices.Contains(names, "fetch") {
			extra = endowHosts(extra) // no host allowed: nothing goes out
		}
		vats[g] = extra
		grouped = append(grouped, names...)
	}
	slices.Sort(grouped)
	if all := slices.Sorted(slices.Values(api.AllowedGlobalNames)); !slices.Equal(grouped, all) {
		t.Fatalf("the groups list %v, want each of %v once", grouped, all)
	}
	res, roots := h.launchProbes("none", vats)

	want := func(listed []string) map[string]string {
		m := map[string]string{"fs": "undefined"}
		for _, n := range api.AllowedGlobalNames {
			m[n] = "undefined"
			if v, ok := endowTypeofUnlisted[n]; ok {
				m[n] = v
			}
		}
		for _, n := range listed {
			m[n] = "function"
			if v, ok := endowTypeofListed[n]; ok {
				m[n] = v
			}
		}
		return m
	}
	check := func(t *testing.T, vatName string, listed []string) {
		t.Helper()
		var got map[string]string
		h.on(t).call(roots[vatName], "typeofs", &got)
		w := want(listed)
		for n := range w {
			if got[n] != w[n] {
				t.Errorf("%s: typeof %s = %q, want %q", vatName, n, got[n], w[n])
			}
		}
		if len(got) != len(w) {
			t.Errorf("%s: typeofs = %v", vatName, got)
		}
	}
	t.Run("none", func(t *testing.T) {
		check(t, "none", nil)
		// In a SES Compartment an unknown free variable reads as undefined
		// (the strict scope terminator), so a missing global is undefined
		// and calling it a TypeError.
		got := h.on(t).callJSON(roots["none"], "freeVariables")
		want := `{"call":{"error":{"message":"not a function","name":"TypeError"}},"inOperator":false,"timer":{"ok":{}},"undeclared":{"ok":{}},"viaGlobalThis":{"ok":{}}}`
		if got != want {
			t.Errorf("free variables\n got %s\nwant %s", got, want)
		}
	})
	t.Run("all", func(t *testing.T) { check(t, "all", api.AllowedGlobalNames) })

	// What useOne(name) gives when name works.
	uses := map[string]string{
		"setTimeout":      `"fired"`,
		"clearTimeout":    `"cleared nothing"`,
		"setInterval":     `"ticked"`,
		"clearInterval":   `"cleared nothing"`,
		"Date":            `"number"`,
		"Math":            `true`,
		"crypto":          `36`,
		"SubtleCrypto":    `"function"`,
		"fetch":           `"Invalid host: x.test"`,
		"Request":         `"http://x.test/a"`,
		"Headers":         `"1"`,
		"Response":        `"r"`,
		"TextEncoder":     `2`,
		"TextDecoder":     `"é"`,
		"URL":             `"http://x.test/b"`,
		"URLSearchParams": `["1","2"]`,
		"atob":            `"hi"`,
		"btoa":            `"aGk="`,
		"AbortController": `"r"`,
		"AbortSignal":     `"abort"`,
	}
	if len(uses) != len(api.AllowedGlobalNames) {
		t.Fatalf("uses covers %d names, AllowedGlobalNames has %d", len(uses), len(api.AllowedGlobalNames))
	}
	// Each global works listed with all the others, and listed without
	// its companions, which are then absent.
	for _, g := range slices.Sorted(maps.Keys(endowGroups)) {
		t.Run(g, func(t *testing.T) {
			h := h.on(t)
			check(t, g, endowGroups[g])
			for _, name := range endowGroups[g] {
				for _, vat := range []string{g, "all"} {
					if got := h.callJSON(roots[vat], "useOne", name); got != uses[name] {
						t.Errorf("%s: useOne(%s) = %s, want %s", vat, name, got, uses[name])
					}
				}
			}
		})
	}
	// Nothing can clear the intervals useOne set: stop those vats.
	for _, vat := range []string{"all", "g3"} {
		h.mustCall("terminateVat", map[string]any{"id": h.vatOf(res.SubclusterID, vat)})
	}
}

// ---- Date and Math ----

func TestEndowmentsDateMath(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("plain", map[string]map[string]any{
		"plain":    nil,
		"dateOnly": endowGlobals("Date"),
		"mathOnly": endowGlobals("Math"),
	})
	type dateProbe struct {
		Now       endowOutcome `json:"now"`
		NewDate   endowOutcome `json:"newDate"`
		CallDate  endowOutcome `json:"callDate"`
		Epoch     string       `json:"epoch"`
		Parse     float64      `json:"parse"`
		UTC       float64      `json:"utc"`
		Monotonic *bool        `json:"monotonic"`
		Integer   *bool        `json:"integer"`
	}
	type mathProbe struct {
		Random endowOutcome `json:"random"`
		Max    float64      `json:"max"`
		Sqrt   float64      `json:"sqrt"`
	}
	checkCommonDate := func(t *testing.T, d dateProbe) {
		t.Helper()
		// What does not read the clock works either way.
		if d.Epoch != "1970-01-01T00:00:00.000Z" || d.Parse != 1577934245000 || d.UTC != 1577923200000 {
			t.Errorf("clock-free Date use: %+v", d)
		}
	}
	for _, tc := range []struct {
		vat        string
		date, math bool
	}{
		{"plain", false, false},
		{"dateOnly", true, false},
		{"mathOnly", false, true},
	} {
		t.Run(tc.vat, func(t *testing.T) {
			h := h.on(t)
			var d dateProbe
			before := time.Now().UnixMilli()
			h.call(roots[tc.vat], "date", &d)
			after := time.Now().UnixMilli()
			checkCommonDate(t, d)
			if tc.date {
				var now, made int64
				if d.Now.Error != nil || json.Unmarshal(d.Now.OK, &now) != nil || d.NewDate.Error != nil || json.Unmarshal(d.NewDate.OK, &made) != nil {
					t.Fatalf("Date listed: now %s, new Date() %s", d.Now, d.NewDate)
				}
				// Date.now() adds under 1 ms of noise and never goes back.
				if now < before-1 || now > after+2 || made < before-1 || made > after+2 {
					t.Errorf("Date.now() = %d, new Date() = %d, want within [%d, %d]", now, made, before, after)
				}
				if d.Monotonic == nil || !*d.Monotonic || d.Integer == nil || !*d.Integer {
					t.Errorf("Date.now() monotonic %v, integer %v", d.Monotonic, d.Integer)
				}
				// Date() called as a function throws, as with Snaps' createDate
				// (Reflect.construct with an undefined new.target).
				if d.CallDate.Error == nil || d.CallDate.Error.Name != "TypeError" {
					t.Errorf("Date() = %s, want a TypeError", d.CallDate)
				}
			} else {
				// SES's %SharedDate%, exactly.
				endowWantError(t, "Date.now()", d.Now, "TypeError", "secure mode Calling %SharedDate%.now() throws")
				endowWantError(t, "new Date()", d.NewDate, "TypeError", "secure mode Calling new %SharedDate%() with no arguments throws")
				endowWantError(t, "Date()", d.CallDate, "TypeError", "secure mode Calling %SharedDate% constructor as a function throws")
				if d.Monotonic != nil {
					t.Errorf("monotonic reported without a clock")
				}
			}

			var m mathProbe
			h.call(roots[tc.vat], "math", &m)
			if m.Max != 7 || m.Sqrt != 9 {
				t.Errorf("Math functions: %+v", m)
			}
			if tc.math {
				var r struct {
					Min, Max   float64
					Distinct   int
					AllNumbers bool
				}
				if m.Random.Error != nil || json.Unmarshal(m.Random.OK, &r) != nil {
					t.Fatalf("Math.random() with Math listed: %s", m.Random)
				}
				if !r.AllNumbers || r.Min < 0 || r.Max >= 1 || r.Distinct < 990 {
					t.Errorf("1000 Math.random() values: %+v, want distinct numbers in [0,1)", r)
				}
			} else {
				endowWantError(t, "Math.random()", m.Random, "TypeError", "secure mode %SharedMath%.random() throws")
			}
		})
	}
}

// ---- timers ----

func TestEndowmentsTimers(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	res, roots := h.launchProbes("a", map[string]map[string]any{
		"a":    endowGlobals(append(slices.Clone(endowTimerGlobals), "Date")...),
		"peer": endowGlobals(endowTimerGlobals...),
	})
	a, peer := roots["a"], roots["peer"]
	wantBody(t, res.BootstrapResult.Body, `#"a"`)
	aWorker := h.rec.worker(t, h.vatOf(res.SubclusterID, "a"))
	peerWorker := h.rec.worker(t, h.vatOf(res.SubclusterID, "peer"))

	t.Run("fires in a later crank and resolves the result", func(t *testing.T) {
		h := h.on(t)
		if got := h.callJSON(a, "timeoutArgs", 10, "x", 2, map[string]any{"k": "v"}); got != `["x",2,{"k":"v"}]` {
			t.Fatalf("timeoutArgs = %s", got)
		}
		ds := aWorker.record()
		set := endowMessage(t, ds, "timeoutArgs")
		if set.result == "" || endowResolves(set, set.result) {
			t.Fatalf("the delivery that set the timer resolved its result %q itself: %+v", set.result, set.syscalls)
		}
		found := false
		for _, d := range ds {
			if d.seq > set.seq && d.kind == vat.DeliverWake && endowResolves(d, set.result) {
				found = true
			}
		}
		if !found {
			t.Fatalf("no later wake crank resolved %s", set.result)
		}
	})

	t.Run("callback sends with E()", func(t *testing.T) {
		h := h.on(t)
		wantBody(t, h.mustSend(a, "armNote", 10, "tag-1"), `#"armed"`)
		wantBody(t, h.mustSend(peer, "nextNote"), `#"tag-1"`)
		ds := aWorker.record()
		arm := endowMessage(t, ds, "armNote")
		if endowSends(arm, "note") {
			t.Fatalf("armNote's own delivery sent the note")
		}
		sent := false
		for _, d := range ds {
			if d.seq > arm.seq && d.kind == vat.DeliverWake && endowSends(d, "note") {
				sent = true
			}
		}
		if !sent {
			t.Fatalf("no wake crank of a sent note")
		}
	})

	t.Run("clearTimeout", func(t *testing.T) {
		h := h.on(t)
		if got := h.callJSON(a, "clearTimeoutTest"); got != `["after"]` {
			t.Fatalf("clearTimeoutTest = %s, want only the later timer", got)
		}
	})

	t.Run("setInterval and clearInterval", func(t *testing.T) {
		h := h.on(t)
		for _, n := range []int{1, 3} {
			if got := h.callJSON(a, "intervalTest", n, 10); got != fmt.Sprint(n) {
				t.Fatalf("intervalTest(%d) = %s: the interval went on after clearInterval", n, got)
			}
		}
	})

	t.Run("10 ms minimum", func(t *testing.T) {
		h := h.on(t)
		for _, delay := range []any{0, 1, 5, -5, nil, "NaN", "-Infinity", "absent"} {
			start := time.Now()
			var ms float64
			if delay == "absent" {
				h.call(a, "timeoutNoDelay", &ms)
			} else {
				h.call(a, "delayFires", &ms, delay)
			}
			elapsed := time.Since(start)
			// The Date endowment adds under 1 ms of noise to each reading.
			if elapsed < 10*time.Millisecond || ms < 9 {
				t.Errorf("setTimeout(fn, %v) fired after %v (%v ms by Date), want at least 10 ms", delay, elapsed, ms)
			}
		}
		// An interval of 0 ms ticks every 10 ms: 3 ticks, then 50 ms.
		start := time.Now()
		if got := h.callJSON(a, "intervalTicks", 0, 3); got != "3" {
			t.Fatalf("intervalTicks = %s", got)
		}
		if elapsed := time.Since(start); elapsed < 80*time.Millisecond {
			t.Errorf("3 ticks of setInterval(fn, 0) and 50 ms took %v, want at least 80 ms", elapsed)
		}
	})

	t.Run("odd delays are accepted", func(t *testing.T) {
		h := h.on(t)
		var got map[string]map[string]endowOutcome
		h.call(a, "oddDelays", &got)
		if len(got) != 9 {
			t.Fatalf("oddDelays = %v", got)
		}
		for label, o := range got {
			endowWantOK(t, "setTimeout delay "+label, o["timeout"], `"armed"`)
			endowWantOK(t, "setInterval delay "+label, o["interval"], `"armed"`)
		}
	})

	t.Run("non-function handler", func(t *testing.T) {
		h := h.on(t)
		var got map[string]endowOutcome
		h.call(a, "badHandlers", &got)
		for key, msg := range map[string]string{
			"timeoutString":    "The timeout handler must be a function. Received: string.",
			"timeoutUndefined": "The timeout handler must be a function. Received: undefined.",
			"timeoutObject":    "The timeout handler must be a function. Received: object.",
			"intervalString":   "The interval handler must be a function. Received: string.",
			"intervalNumber":   "The interval handler must be a function. Received: number.",
		} {
			o := got[key]
			if o.Error == nil || o.Error.Message != msg {
				t.Errorf("%s: %s, want %q", key, o, msg)
			}
		}
	})

	t.Run("handles of the wrong kind, forged or numeric clear nothing", func(t *testing.T) {
		h := h.on(t)
		if got := h.callJSON(a, "wrongHandles"); got != `["interval","timeout"]` {
			t.Fatalf("wrongHandles = %s, want both timers to fire", got)
		}
	})

	t.Run("a throwing callback is reported and the vat goes on", func(t *testing.T) {
		h := h.on(t)
		wantBody(t, h.mustSend(a, "throwingCallback"), `#"still alive"`)
		if !endowLogHas(t, h.logs, func(e endowLogEntry) bool {
			return e.Msg == "Uncaught exception in a vat callback:" && len(e.Data) == 1 && strings.Contains(string(e.Data[0]), "thrown from a timer callback")
		}) {
			t.Fatalf("the callback's exception was not logged:\n%s", h.logs.String())
		}
	})

	t.Run("one vat cannot clear another's timers", func(t *testing.T) {
		h := h.on(t)
		// a arms a timer and, in the next crank, the peer clears every
		// numeric id and handle shape it can make; a's timer still fires.
		wantBody(t, h.mustSend(a, "armAndAskPeerToClear", 150, "survivor"), `#"cleared"`)
		wantBody(t, h.mustSend(peer, "nextNote"), `#"survivor"`)
		cleared := endowMessage(t, peerWorker.record(), "clearEverything")
		ds := aWorker.record()
		arm := endowMessage(t, ds, "armAndAskPeerToClear")
		fired := slices.IndexFunc(ds, func(d endowDelivery) bool {
			return d.seq > arm.seq && d.kind == vat.DeliverWake && endowSends(d, "note")
		})
		if fired < 0 || !(arm.seq < cleared.seq && cleared.seq < ds[fired].seq) {
			t.Fatalf("want arming, clearing, firing in this order; got arming %d, clearing %d, firing at index %d", arm.seq, cleared.seq, fired)
		}
		// And a timer handle cannot even be given to another vat.
		var o endowOutcome
		h.call(a, "sendHandle", &o)
		endowWantError(t, "sending a timer handle to another vat", o, "Error", "Remotables must be explicitly declared")
	})
}

// TestEndowmentsTimerDuringStart: as upstream's liveslots requires,
// buildRootObject must settle before the start crank's promise queue
// drains; one that waits for a timer fails the start with liveslots'
// "buildRootObject unresolved" (on Node too: setImmediate, upstream's
// quiescence, comes before any timer). The dead vat's timer never fires.
func TestEndowmentsTimerDuringStart(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("testdata", "endowments", "slow-start-vat.js"))
	if err != nil {
		t.Fatal(err)
	}
	spec := bundleSource(t, "slow-start-vat.js", string(src))
	h := newEndowKernel(t, jsvat.Options{})
	_, err = h.launch("s", map[string]any{"s": map[string]any{"bundleSpec": spec, "parameters": map[string]any{"ms": 50}, "globals": []string{"setTimeout"}}})
	if err == nil || !strings.Contains(err.Error(), "buildRootObject unresolved") {
		t.Fatalf("start of a vat whose buildRootObject waits for a timer: %v", err)
	}
	failed := h.rec.worker(t, "v1")
	// Without setTimeout, buildRootObject throws (SES: the free variable
	// reads as undefined, so calling it is a TypeError).
	_, err = h.launch("s", map[string]any{"s": map[string]any{"bundleSpec": spec}})
	if err == nil || !strings.Contains(err.Error(), "not a function") {
		t.Errorf("start without setTimeout: %v", err)
	}
	// 100 ms later by a clock vat, the failed vat's 50 ms timer has not
	// woken anything.
	_, clock := h.launchProbes("clock", map[string]map[string]any{"clock": endowGlobals("setTimeout")})
	wantBody(t, h.mustSend(clock["clock"], "after", 100), `#100`)
	if wakes, deliveries := failed.afterClose(); wakes != 0 || deliveries != 0 {
		t.Errorf("the vat that failed to start: %d wake requests, %d deliveries after its close", wakes, deliveries)
	}
}

// TestEndowmentsTimerHugeDelay: setInterval(fn, Infinity), or a delay
// whose milliseconds would overflow a time.Duration, once killed the
// process (a nil timer in a timer goroutine). It runs the scenario in a
// child process.
func TestEndowmentsTimerHugeDelay(t *testing.T) {
	if os.Getenv("ENDOW_CHILD") != "1" {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "ENDOW_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child process failed: %v\n%s", err, out)
		}
		return
	}
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("a", map[string]map[string]any{"a": endowGlobals(append(slices.Clone(endowTimerGlobals), "Date")...)})
	for _, delay := range []string{"Infinity", "1e300", "1e13"} {
		start := time.Now()
		if got := h.callJSON(roots["a"], "intervalTicks", delay, 3); got != "3" {
			t.Fatalf("intervalTicks(%s) = %s", delay, got)
		}
		t.Logf("setInterval(fn, %s): 3 ticks and 50 ms in %v", delay, time.Since(start))
		var ms float64
		h.call(roots["a"], "delayFires", &ms, delay)
		if ms < 9 {
			t.Errorf("setTimeout(fn, %s) fired after %v ms, below the 10 ms minimum", delay, ms)
		}
	}
}

// ---- crypto ----

func endowHash(name string) func() hash.Hash {
	return map[string]func() hash.Hash{"SHA-1": sha1.New, "SHA-256": sha256.New, "SHA-384": sha512.New384, "SHA-512": sha512.New}[name]
}

var endowHashNames = []string{"SHA-1", "SHA-256", "SHA-384", "SHA-512"}

func TestEndowmentsCrypto(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("c", map[string]map[string]any{
		"c":          endowGlobals("crypto", "SubtleCrypto"),
		"cryptoOnly": endowGlobals("crypto"),
	})
	c := roots["c"]

	long := bytes.Repeat(endowBytes(256), 64) // 16 KiB
	t.Run("digest", func(t *testing.T) {
		h := h.on(t)
		for _, alg := range endowHashNames {
			for _, data := range [][]byte{nil, []byte("abc"), long} {
				d := endowHash(alg)()
				d.Write(data)
				want := hex.EncodeToString(d.Sum(nil))
				var got string
				h.call(c, "digest", &got, alg, hex.EncodeToString(data))
				if got != want {
					t.Errorf("digest(%s, %d bytes) = %s, want %s", alg, len(data), got, want)
				}
			}
		}
		// Algorithm names are case-insensitive and may be objects.
		d := sha256.Sum256([]byte("abc"))
		for _, alg := range []any{"sha-256", map[string]any{"name": "SHA-256"}} {
			var got string
			h.call(c, "digest", &got, alg, hex.EncodeToString([]byte("abc")))
			if got != hex.EncodeToString(d[:]) {
				t.Errorf("digest(%v) = %s", alg, got)
			}
		}
	})

	t.Run("HMAC", func(t *testing.T) {
		h := h.on(t)
		key := []byte("a key for the HMAC test, 32 byte")
		data := []byte("the data that is signed")
		for _, alg := range endowHashNames {
			m := hmac.New(endowHash(alg), key)
			m.Write(data)
			want := hex.EncodeToString(m.Sum(nil))
			var got struct {
				Sig, Exported, KeyType, KeyAlgorithm, KeyHash string
				Verified, TamperedVerified, ShortVerified     bool
				GeneratedVerified                             bool
				GeneratedExport                               endowOutcome
				GeneratedLength                               int
				Usages                                        []string
			}
			h.call(c, "hmac", &got, alg, hex.EncodeToString(key), hex.EncodeToString(data))
			if got.Sig != want {
				t.Errorf("HMAC-%s sign = %s, want %s", alg, got.Sig, want)
			}
			if !got.Verified || got.TamperedVerified || got.ShortVerified {
				t.Errorf("HMAC-%s verify: good %v, tampered %v, short %v", alg, got.Verified, got.TamperedVerified, got.ShortVerified)
			}
			if got.Exported != hex.EncodeToString(key) || got.KeyType != "secret" || got.KeyAlgorithm != "HMAC" || got.KeyHash != alg || !slices.Equal(got.Usages, []string{"sign", "verify"}) {
				t.Errorf("HMAC-%s key: %+v", alg, got)
			}
			block := map[string]int{"SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024}[alg]
			if !got.GeneratedVerified || got.GeneratedLength != block {
				t.Errorf("HMAC-%s generateKey: verified %v, length %d (want %d)", alg, got.GeneratedVerified, got.GeneratedLength, block)
			}
			endowWantError(t, "exportKey of a non-extractable key", got.GeneratedExport, "InvalidAccessError", "not extractable")
		}
	})

	t.Run("PBKDF2 deriveBits", func(t *testing.T) {
		h := h.on(t)
		password, salt := []byte("password"), []byte("salt, salt, salt")
		for _, alg := range endowHashNames {
			for _, tc := range []struct{ iter, bits int }{{1, 160}, {1000, 256}, {4096, 512}} {
				want, err := pbkdf2.Key(endowHash(alg), string(password), salt, tc.iter, tc.bits/8)
				if err != nil {
					t.Fatal(err)
				}
				var got string
				h.call(c, "pbkdf2", &got, alg, hex.EncodeToString(password), hex.EncodeToString(salt), tc.iter, tc.bits)
				if got != hex.EncodeToString(want) {
					t.Errorf("PBKDF2-%s(%d iterations, %d bits) = %s, want %x", alg, tc.iter, tc.bits, got, want)
				}
			}
		}
	})

	t.Run("HKDF deriveBits", func(t *testing.T) {
		h := h.on(t)
		secret := []byte("input keying material")
		for _, alg := range endowHashNames {
			for _, tc := range []struct {
				salt, info []byte
				bits       int
			}{{[]byte("salt"), []byte("info"), 256}, {nil, nil, 128}, {endowBytes(64), []byte("context"), 1024}} {
				want, err := hkdf.Key(endowHash(alg), secret, tc.salt, string(tc.info), tc.bits/8)
				if err != nil {
					t.Fatal(err)
				}
				var got string
				h.call(c, "hkdf", &got, alg, hex.EncodeToString(secret), hex.EncodeToString(tc.salt), hex.EncodeToString(tc.info), tc.bits)
				if got != hex.EncodeToString(want) {
					t.Errorf("HKDF-%s(salt %q, info %q, %d bits) = %s, want %x", alg, tc.salt, tc.info, tc.bits, got, want)
				}
			}
		}
	})

	t.Run("getRandomValues", func(t *testing.T) {
		h := h.on(t)
		type fill struct {
			Same          bool
			ByteLength    int
			NonZero       int
			DistinctBytes int
		}
		var got map[string]json.RawMessage
		h.call(c, "randomValues", &got)
		sizes := map[string]int{"Int8Array": 1, "Uint8Array": 1, "Uint8ClampedArray": 1, "Int16Array": 2, "Uint16Array": 2, "Int32Array": 4, "Uint32Array": 4, "BigInt64Array": 8, "BigUint64Array": 8}
		for kind, size := range sizes {
			var f fill
			if err := json.Unmarshal(got[kind], &f); err != nil {
				t.Fatalf("%s: %s", kind, got[kind])
			}
			// 64 elements: the chance of fewer than 16 distinct random bytes is nil.
			if !f.Same || f.ByteLength != 64*size || f.NonZero < f.ByteLength/2 || f.DistinctBytes < 16 {
				t.Errorf("getRandomValues(new %s(64)): %+v", kind, f)
			}
		}
		if string(got["max"]) != "65536" || string(got["differ"]) != "true" {
			t.Errorf("65536 bytes: %s, two fills differ: %s", got["max"], got["differ"])
		}
		if string(got["viewTouched"]) != "["+strings.TrimSuffix(strings.Repeat("true,", 16), ",")+"]" {
			t.Errorf("a view filled outside its bounds: %s", got["viewTouched"])
		}
	})

	t.Run("randomUUID", func(t *testing.T) {
		h := h.on(t)
		var ids []string
		h.call(c, "randomUUIDs", &ids, 200)
		re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
		seen := map[string]bool{}
		for _, id := range ids {
			if !re.MatchString(id) || seen[id] {
				t.Errorf("randomUUID() = %q (seen before: %v)", id, seen[id])
			}
			seen[id] = true
		}
		if len(ids) != 200 {
			t.Fatalf("%d UUIDs", len(ids))
		}
	})

	t.Run("errors", func(t *testing.T) {
		h := h.on(t)
		var got map[string]endowOutcome
		h.call(c, "cryptoErrors", &got)
		for _, tc := range []struct {
			key, name string
			code      float64
			msg       string
		}{
			{"float32", "TypeMismatchError", 17, "integer-type TypedArray"},
			{"float64", "TypeMismatchError", 17, "integer-type TypedArray"},
			{"dataView", "TypeMismatchError", 17, "integer-type TypedArray"},
			{"tooBig", "QuotaExceededError", 22, "(65537) exceeds the number of bytes of entropy available via this API (65536)"},
			{"tooBig32", "QuotaExceededError", 22, "(65540) exceeds"},
			{"digestMD5", "NotSupportedError", 9, "MD5"},
			{"encrypt", "NotSupportedError", 9, "AES-GCM"},
			{"generateECDSA", "NotSupportedError", 9, "ECDSA"},
			{"importJWK", "NotSupportedError", 9, "jwk"},
			{"importAES", "NotSupportedError", 9, "AES-GCM"},
			{"hmacMD5", "NotSupportedError", 9, "MD5"},
		} {
			o := got[tc.key]
			endowWantError(t, tc.key, o, tc.name, tc.msg)
			if o.Error != nil && o.Error.Code != tc.code {
				t.Errorf("%s: code %v, want %v", tc.key, o.Error.Code, tc.code)
			}
		}
		if got["plainArray"].Error == nil {
			t.Errorf("getRandomValues([1, 2, 3]) = %s, want an error", got["plainArray"])
		}
	})

	t.Run("SubtleCrypto", func(t *testing.T) {
		h := h.on(t)
		var got struct {
			TypeofClass string       `json:"typeofClass"`
			Construct   endowOutcome `json:"construct"`
			Instance    any          `json:"instance"`
		}
		h.call(c, "subtleClass", &got)
		if got.TypeofClass != "function" || got.Instance != true {
			t.Errorf("SubtleCrypto listed: %+v", got)
		}
		endowWantError(t, "new SubtleCrypto()", got.Construct, "TypeError", "Illegal constructor")
		// crypto without SubtleCrypto: crypto.subtle works, the class is absent.
		h.call(roots["cryptoOnly"], "subtleClass", &got)
		if got.TypeofClass != "undefined" {
			t.Errorf("SubtleCrypto not listed: typeof %q", got.TypeofClass)
		}
		var digest string
		h.call(roots["cryptoOnly"], "digest", &digest, "SHA-256", "")
		if d := sha256.Sum256(nil); digest != hex.EncodeToString(d[:]) {
			t.Errorf("crypto.subtle.digest without SubtleCrypto listed = %s", digest)
		}
	})
}

// ---- plain Web APIs ----

func TestEndowmentsWebAPIs(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("w", map[string]map[string]any{
		"w": endowGlobals("TextEncoder", "TextDecoder", "URL", "URLSearchParams", "atob", "btoa", "AbortController", "AbortSignal", "Request", "Headers", "Response"),
	})
	w := roots["w"]

	t.Run("TextEncoder and TextDecoder", func(t *testing.T) {
		h := h.on(t)
		for _, s := range []string{"", "plain ascii", "héllo €", "😀 and 中文", "nul\x00inside"} {
			var got struct {
				Encoding, Hex, Back, DecoderEncoding, Lossy, Bom string
				Fatal, Utf16le, BadLabel                         endowOutcome
				Into                                             struct{ Read, Written int }
			}
			h.call(w, "text", &got, s)
			if got.Hex != hex.EncodeToString([]byte(s)) || got.Back != s {
				t.Errorf("encode(%q) = %s, decoded %q", s, got.Hex, got.Back)
			}
			if got.Encoding != "utf-8" || got.DecoderEncoding != "utf-8" || got.Lossy != "a\uFFFDb" || got.Bom != "A" {
				t.Errorf("text(%q): %+v", s, got)
			}
			endowWantError(t, "fatal decode", got.Fatal, "TypeError", "not valid")
			endowWantOK(t, "utf-16le decode", got.Utf16le, `"AB"`)
			endowWantError(t, "unknown label", got.BadLabel, "RangeError", "no-such-encoding")
			if s == "héllo €" && (got.Into.Read != 2 || got.Into.Written != 3) {
				t.Errorf("encodeInto into 3 bytes: %+v, want read 2, written 3", got.Into)
			}
		}
	})

	t.Run("URL", func(t *testing.T) {
		h := h.on(t)
		type parts struct {
			Href, Protocol, Username, Password, Host, Hostname, Port, Pathname, Search, Hash, Origin, JSON string
			Params                                                                                         [][2]string
		}
		for _, tc := range []struct {
			input string
			base  any
			want  parts
		}{
			{"https://user:pw@例え.テスト:8080/a/../b?x=1&y=2#frag", nil, parts{
				Href: "https://user:pw@xn--r8jz45g.xn--zckzah:8080/b?x=1&y=2#frag", Protocol: "https:", Username: "user", Password: "pw",
				Host: "xn--r8jz45g.xn--zckzah:8080", Hostname: "xn--r8jz45g.xn--zckzah", Port: "8080", Pathname: "/b", Search: "?x=1&y=2", Hash: "#frag",
				Origin: "https://xn--r8jz45g.xn--zckzah:8080", Params: [][2]string{{"x", "1"}, {"y", "2"}}}},
			{"../c?d=%20e", "http://h.test/a/b/", parts{
				Href: "http://h.test/a/c?d=%20e", Protocol: "http:", Host: "h.test", Hostname: "h.test", Pathname: "/a/c", Search: "?d=%20e",
				Origin: "http://h.test", Params: [][2]string{{"d", " e"}}}},
			{"HTTP://EXAMPLE.com:80/A b", nil, parts{
				Href: "http://example.com/A%20b", Protocol: "http:", Host: "example.com", Hostname: "example.com", Pathname: "/A%20b",
				Origin: "http://example.com", Params: [][2]string{}}},
			{"http://0x7f.1:8080/", nil, parts{
				Href: "http://127.0.0.1:8080/", Protocol: "http:", Host: "127.0.0.1:8080", Hostname: "127.0.0.1", Port: "8080", Pathname: "/",
				Origin: "http://127.0.0.1:8080", Params: [][2]string{}}},
			{"http://[0:0::1]/x", nil, parts{
				Href: "http://[::1]/x", Protocol: "http:", Host: "[::1]", Hostname: "[::1]", Pathname: "/x",
				Origin: "http://[::1]", Params: [][2]string{}}},
		} {
			tc.want.JSON = tc.want.Href
			var got parts
			if tc.base == nil {
				h.call(w, "url", &got, tc.input)
			} else {
				h.call(w, "url", &got, tc.input, tc.base)
			}
			if got.Params == nil {
				got.Params = [][2]string{}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("new URL(%q, %v)\n got %+v\nwant %+v", tc.input, tc.base, got, tc.want)
			}
		}
		var errs struct {
			Invalid, BadPort endowOutcome
			CanParse         any
		}
		h.call(w, "urlErrors", &errs)
		endowWantError(t, "new URL('not a url')", errs.Invalid, "TypeError", "Invalid URL")
		endowWantError(t, "port 99999", errs.BadPort, "TypeError", "Invalid URL")
		if fmt.Sprint(errs.CanParse) != "[true false]" {
			t.Errorf("URL.canParse: %v", errs.CanParse)
		}
	})

	t.Run("URLSearchParams", func(t *testing.T) {
		h := h.on(t)
		got := h.callJSON(w, "searchParams", "a=1&b=2&a=3")
		want := `{"all":["1","3"],"entries":[["a","1"],["a","3"],["q","a b\u0026c=d"],["é","€"]],"fromPairs":["v","w"],"fromRecord":"x=1\u0026y=two+words","get":"a b\u0026c=d","has":true,"string":"a=1\u0026a=3\u0026q=a+b%26c%3Dd\u0026%C3%A9=%E2%82%AC"}`
		if got != want {
			t.Errorf("searchParams\n got %s\nwant %s", got, want)
		}
	})

	t.Run("atob and btoa", func(t *testing.T) {
		h := h.on(t)
		var got struct {
			Hello, Unhello, Whitespace, Unpadded, Encoded, Back string
			BadChar, BadLength, Wide                            endowOutcome
		}
		data := endowBytes(256)
		h.call(w, "base64", &got, hex.EncodeToString(data))
		if got.Hello != "aGVsbG8=" || got.Unhello != "hello" || got.Whitespace != "hello" || got.Unpadded != "hello" {
			t.Errorf("base64: %+v", got)
		}
		if got.Encoded != base64.StdEncoding.EncodeToString(data) || got.Back != hex.EncodeToString(data) {
			t.Errorf("btoa of bytes 0..255 = %s, round trip %s", got.Encoded, got.Back)
		}
		for what, o := range map[string]endowOutcome{"atob('!!!!')": got.BadChar, "atob('a')": got.BadLength, "btoa('€')": got.Wide} {
			endowWantError(t, what, o, "InvalidCharacterError", "")
			if o.Error != nil && o.Error.Code != float64(5) {
				t.Errorf("%s: code %v, want 5", what, o.Error.Code)
			}
		}
	})

	t.Run("AbortController and AbortSignal", func(t *testing.T) {
		h := h.on(t)
		got := h.callJSON(w, "abort")
		want := `{"aborted":true,"before":false,"construct":{"error":{"code":"ERR_ILLEGAL_CONSTRUCTOR","message":"Illegal constructor","name":"TypeError"}},"defaultReason":{"code":20,"message":"This operation was aborted","name":"AbortError"},"events":["abort:why"],"notAborted":{"ok":{}},"reason":"why","staticAborted":true,"staticReason":"static reason","throwIfAborted":{"error":{"message":"why","name":"string"}}}`
		if got != want {
			t.Errorf("abort\n got %s\nwant %s", got, want)
		}
	})

	t.Run("AbortSignal.timeout fires", func(t *testing.T) {
		h := h.on(t)
		start := time.Now()
		var got struct {
			Before, Aborted bool
			Reason          endowJSError
		}
		// The vat has no timer globals: AbortSignal.timeout has its own.
		h.call(w, "abortTimeout", &got, 30)
		if elapsed := time.Since(start); elapsed < 30*time.Millisecond {
			t.Errorf("AbortSignal.timeout(30) fired after %v", elapsed)
		}
		if got.Before || !got.Aborted || got.Reason.Name != "TimeoutError" || got.Reason.Code != float64(23) {
			t.Errorf("AbortSignal.timeout: %+v", got)
		}
	})

	t.Run("Request, Headers and Response without fetch", func(t *testing.T) {
		h := h.on(t)
		got := h.callJSON(w, "webClasses")
		want := `{"badHeader":{"error":{"message":"Headers.append: \"bad name\" is an invalid header name.","name":"TypeError"}},"bodyUsed":true,"headerA":"1, 2","headerNames":["content-type","x-a"],"json":{"a":[1,2]},"ok":true,"reqBody":"request body","reqHeader":"text/plain","reqMethod":"POST","reqURL":"http://example.test/p?q=1","resBody":"response body","resHeader":"b","status":201,"statusText":"Made"}`
		if got != want {
			t.Errorf("webClasses\n got %s\nwant %s", got, want)
		}
	})
}

// ---- fetch ----

type endowFetchInfo struct {
	Status      int
	StatusText  string
	OK          bool
	URL         string
	Redirected  bool
	Headers     [][2]string
	ContentType string
	Text        string
}

func (f endowFetchInfo) header(name string) string {
	for _, kv := range f.Headers {
		if kv[0] == name {
			return kv[1]
		}
	}
	return ""
}

var endowFetchGlobals = []string{"fetch", "Request", "AbortController", "AbortSignal"}

func TestEndowmentsFetch(t *testing.T) {
	t.Parallel()
	srv := newEndowServer(t)
	other := newEndowServer(t) // a second port on 127.0.0.1
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("port", map[string]map[string]any{
		"port":      endowHosts(endowGlobals(endowFetchGlobals...), "127.0.0.1:"+srv.port),
		"host":      endowHosts(endowGlobals(endowFetchGlobals...), "127.0.0.1"),
		"other":     endowHosts(endowGlobals(endowFetchGlobals...), "127.0.0.1:"+other.port),
		"localhost": endowHosts(endowGlobals(endowFetchGlobals...), "localhost"),
	})
	port := roots["port"]

	t.Run("GET: status, headers, text", func(t *testing.T) {
		h := h.on(t)
		var f endowFetchInfo
		h.call(port, "fetchInfo", &f, srv.URL+"/text")
		if f.Status != 200 || f.StatusText != "OK" || !f.OK || f.URL != srv.URL+"/text" || f.Redirected || f.Text != "hello from go" {
			t.Errorf("fetch /text: %+v", f)
		}
		if f.ContentType != "text/plain; charset=utf-8" || f.header("x-reply") != "abc" || f.header("x-multi") != "one, two" || f.header("content-length") != "13" {
			t.Errorf("fetch /text headers: %v", f.Headers)
		}
	})

	t.Run("json", func(t *testing.T) {
		h := h.on(t)
		if got := h.callJSON(port, "fetchJSON", srv.URL+"/json"); got != `{"a":1,"b":[true,null],"s":"é"}` {
			t.Errorf("json() = %s", got)
		}
	})

	t.Run("binary body", func(t *testing.T) {
		h := h.on(t)
		var got string
		h.call(port, "fetchBytes", &got, srv.URL+"/bytes")
		if got != hex.EncodeToString(endowBytes(256)) {
			t.Errorf("arrayBuffer() = %s", got)
		}
	})

	t.Run("error status", func(t *testing.T) {
		h := h.on(t)
		var f endowFetchInfo
		h.call(port, "fetchInfo", &f, srv.URL+"/status/418")
		if f.Status != 418 || f.StatusText != "I'm a teapot" || f.OK || f.Text != "short and stout" {
			t.Errorf("fetch /status/418: %+v", f)
		}
	})

	t.Run("POST body echoed", func(t *testing.T) {
		h := h.on(t)
		var f endowFetchInfo
		h.call(port, "fetchInfo", &f, srv.URL+"/echo", map[string]any{
			"method":  "POST",
			"body":    "hello body ✓",
			"headers": map[string]any{"Content-Type": "text/plain", "X-Test": "yes"},
		})
		var echo map[string]string
		if err := json.Unmarshal([]byte(f.Text), &echo); err != nil {
			t.Fatalf("echo: %q", f.Text)
		}
		if want := map[string]string{"method": "POST", "body": "hello body ✓", "contentType": "text/plain", "xTest": "yes", "xVia": ""}; !reflect.DeepEqual(echo, want) {
			t.Errorf("echo = %v, want %v", echo, want)
		}
		// A Request object as fetch's input.
		var text string
		h.call(port, "fetchRequest", &text, srv.URL+"/echo")
		if err := json.Unmarshal([]byte(text), &echo); err != nil || echo["method"] != "PUT" || echo["body"] != "from a Request" || echo["xVia"] != "request" {
			t.Errorf("fetch(new Request(...)) echoed %q", text)
		}
	})

	t.Run("redirect to an allowed URL is followed", func(t *testing.T) {
		h := h.on(t)
		var f endowFetchInfo
		h.call(port, "fetchInfo", &f, srv.URL+"/redirect?to=/json")
		if f.Status != 200 || !f.Redirected || f.URL != srv.URL+"/json" || f.Text != `{"a":1,"b":[true,null],"s":"é"}` {
			t.Errorf("redirected fetch: %+v", f)
		}
		var o endowOutcome
		h.call(port, "fetchOutcome", &o, srv.URL+"/redirect?to=/json", map[string]any{"redirect": "error"})
		endowWantError(t, "redirect: 'error'", o, "TypeError", "fetch failed")
	})

	t.Run("redirect to a disallowed host is refused", func(t *testing.T) {
		h := h.on(t)
		for _, tc := range []struct{ to, host string }{
			{"http://localhost:" + srv.port + "/json", "localhost"},
			{other.URL + "/text", "127.0.0.1"},
		} {
			var o endowOutcome
			h.call(port, "fetchOutcome", &o, srv.URL+"/redirect?to="+url.QueryEscape(tc.to))
			endowWantError(t, "redirect to "+tc.to, o, "TypeError", "fetch failed")
			if o.Error != nil && !strings.Contains(o.Error.Cause, "Invalid host: "+tc.host) {
				t.Errorf("redirect to %s: cause %q, want Invalid host: %s", tc.to, o.Error.Cause, tc.host)
			}
		}
		if n := other.totalHits(); n != 0 {
			t.Errorf("the disallowed server got %d requests", n)
		}
	})

	t.Run("allowed hosts", func(t *testing.T) {
		h := h.on(t)
		for _, tc := range []struct {
			vat, url string
			refused  string // "" when allowed
		}{
			{"host", srv.URL + "/text", ""},   // "127.0.0.1" allows every port
			{"host", other.URL + "/text", ""}, // ... this one too
			{"other", srv.URL + "/text", "Invalid host: 127.0.0.1"},
			{"localhost", srv.URL + "/text", "Invalid host: 127.0.0.1"},
			{"port", "http://localhost:" + srv.port + "/text", "Invalid host: localhost"},
		} {
			before := srv.hitCount("/text") + other.hitCount("/text")
			var o endowOutcome
			h.call(roots[tc.vat], "fetchOutcome", &o, tc.url)
			after := srv.hitCount("/text") + other.hitCount("/text")
			if tc.refused == "" {
				endowWantOK(t, tc.vat+" fetching "+tc.url, o, `{"status":200,"text":"hello from go"}`)
				continue
			}
			// The caveat refuses with upstream's error, before any request.
			if o.Error == nil || o.Error.Name != "Error" || o.Error.Message != tc.refused {
				t.Errorf("%s fetching %s: %s, want Error %q", tc.vat, tc.url, o, tc.refused)
			}
			if after != before {
				t.Errorf("%s fetching %s: the request reached a server", tc.vat, tc.url)
			}
		}
	})

	t.Run("file: URLs are refused", func(t *testing.T) {
		h := h.on(t)
		dir := t.TempDir()
		secret := filepath.Join(dir, "secret.txt")
		if err := os.WriteFile(secret, []byte("do not read"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, vat := range []string{"port", "host", "localhost"} {
			var o endowOutcome
			h.call(roots[vat], "fetchOutcome", &o, fileURL(secret))
			if o.Error == nil || strings.Contains(o.String(), "do not read") {
				t.Errorf("%s fetching a file: URL: %s", vat, o)
			}
		}
	})

	t.Run("AbortController aborts with its reason", func(t *testing.T) {
		h := h.on(t)
		type aborted struct {
			Rejected bool
			IsReason bool
			Reason   any
			Resolved any
		}
		type sent struct {
			cd  api.CapData
			err error
		}
		done := make(chan sent, 1)
		go func() {
			cd, err := h.send(port, "startAbortable", srv.URL+"/slow")
			done <- sent{cd, err}
		}()
		endowWaitFor(t, srv.slowArrived, 10*time.Second, "the request to reach the server")
		wantBody(t, h.mustSend(port, "abortFetch", "stop now"), `#"aborted"`)
		var r sent
		select {
		case r = <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the aborted fetch did not settle")
		}
		if r.err != nil {
			t.Fatalf("startAbortable: %v", r.err)
		}
		var got aborted
		v, err := smallcaps.Decode(endowCapData(r.cd))
		raw, _ := json.Marshal(v)
		if err != nil || json.Unmarshal(raw, &got) != nil {
			t.Fatalf("startAbortable = %s (%v)", r.cd.Body, err)
		}
		if !got.Rejected || !got.IsReason || got.Reason != "stop now" {
			t.Errorf("aborted fetch: %+v, want a rejection with the reason", got)
		}
		endowWaitFor(t, srv.slowCanceled, 10*time.Second, "the server to see the request cancelled")
	})

	t.Run("AbortSignal.timeout aborts a fetch", func(t *testing.T) {
		h := h.on(t)
		var o endowOutcome
		h.call(port, "fetchWithTimeout", &o, srv.URL+"/slow", 50)
		endowWantError(t, "fetch with AbortSignal.timeout(50)", o, "TimeoutError", "timeout")
		endowWaitFor(t, srv.slowArrived, 10*time.Second, "the request to reach the server")
		endowWaitFor(t, srv.slowCanceled, 10*time.Second, "the server to see the request cancelled")
	})

	t.Run("a slow response blocks neither other vats nor the kernel", func(t *testing.T) {
		h := h.on(t)
		type result struct {
			f   endowFetchInfo
			err error
		}
		done := make(chan result, 1)
		go func() {
			cd, err := h.send(port, "fetchInfo", srv.URL+"/slow")
			var f endowFetchInfo
			if err == nil {
				v, derr := smallcaps.Decode(endowCapData(cd))
				raw, _ := json.Marshal(v)
				err = errors.Join(derr, json.Unmarshal(raw, &f))
			}
			done <- result{f, err}
		}()
		endowWaitFor(t, srv.slowArrived, 10*time.Second, "the request to reach the server")
		// While the response is outstanding: another vat, the fetching vat
		// itself and the kernel all answer.
		wantBody(t, h.mustSend(roots["localhost"], "name"), `#"localhost"`)
		wantBody(t, h.mustSend(port, "name"), `#"port"`)
		var o endowOutcome
		h.call(roots["host"], "fetchOutcome", &o, srv.URL+"/text")
		endowWantOK(t, "a second vat's fetch", o, `{"status":200,"text":"hello from go"}`)
		h.mustCall("getStatus", nil)
		select {
		case r := <-done:
			t.Fatalf("the slow fetch settled before the server answered: %+v", r)
		default:
		}
		srv.releaseSlow()
		select {
		case r := <-done:
			if r.err != nil || r.f.Status != 200 || r.f.Text != "finally" {
				t.Errorf("slow fetch: %+v, %v", r.f, r.err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the slow fetch did not settle after the release")
		}
	})
}

// TestEndowmentsFetchFileMessage: upstream's makeHostCaveat refuses file:
// URLs with its own message, before fetch runs.
func TestEndowmentsFetchFileMessage(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("f", map[string]map[string]any{"f": endowHosts(endowGlobals("fetch"), "127.0.0.1")})
	var o endowOutcome
	h.call(roots["f"], "fetchOutcome", &o, "file:///etc/hostname")
	endowWantError(t, "fetch of a file: URL", o, "Error", "fetch cannot target file:// URLs. Use the fs platform capability (VatConfig.platformConfig.fs) for filesystem access.")
}

// TestEndowmentsFetchIPv6Host: an allowedHosts entry for an IPv6 literal,
// written as URL.hostname gives it ("[::1]", as upstream compares), allows
// that host.
func TestEndowmentsFetchIPv6Host(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "over v6") }))
	srv.Listener = l
	srv.Start()
	defer srv.Close()
	_, p, _ := net.SplitHostPort(l.Addr().String())
	target := "http://[::1]:" + p + "/"
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("hostport", map[string]map[string]any{
		"hostport": endowHosts(endowGlobals("fetch"), "[::1]:"+p),
		"host":     endowHosts(endowGlobals("fetch"), "[::1]"),
	})
	var o endowOutcome
	h.call(roots["hostport"], "fetchOutcome", &o, target)
	endowWantOK(t, "allowed [::1]:port", o, `{"status":200,"text":"over v6"}`)

	h.call(roots["host"], "fetchOutcome", &o, target)
	if o.Error != nil && o.Error.Cause == "Invalid host: ::1" {
		endowRegression(t, "allowedHosts [\"[::1]\"] passes the JavaScript caveat (URL.hostname is \"[::1]\") but the Go check "+
			"(fetch.go hostAllowed) compares url.URL.Hostname(), which has no brackets (\"::1\"), so the request fails with "+
			"TypeError \"fetch failed\", cause \"Invalid host: ::1\"; and [\"::1\"] is refused by the caveat. "+
			"No host-only entry allows an IPv6 literal; only \"[::1]:port\" works")
	}
	endowWantOK(t, "allowed [::1]", o, `{"status":200,"text":"over v6"}`)
}

// TestEndowmentsFetchTimeoutOption: Options.FetchTimeout bounds each
// request of a vat's fetch.
func TestEndowmentsFetchTimeoutOption(t *testing.T) {
	t.Parallel()
	srv := newEndowServer(t)
	h := newEndowKernel(t, jsvat.Options{FetchTimeout: 250 * time.Millisecond})
	_, roots := h.launchProbes("f", map[string]map[string]any{"f": endowHosts(endowGlobals("fetch"), "127.0.0.1:"+srv.port)})
	start := time.Now()
	var o endowOutcome
	h.call(roots["f"], "fetchOutcome", &o, srv.URL+"/slow")
	if elapsed := time.Since(start); elapsed < 250*time.Millisecond {
		t.Errorf("the request failed after %v, before its timeout", elapsed)
	}
	endowWantError(t, "fetch past FetchTimeout", o, "TypeError", "fetch failed")
	if o.Error != nil && !strings.Contains(o.Error.Cause, "deadline exceeded") {
		t.Errorf("cause %q, want a deadline", o.Error.Cause)
	}
	endowWaitFor(t, srv.slowCanceled, 10*time.Second, "the server to see the request cancelled")
	// A request that answers in time is unaffected.
	h.call(roots["f"], "fetchOutcome", &o, srv.URL+"/text")
	endowWantOK(t, "fetch within FetchTimeout", o, `{"status":200,"text":"hello from go"}`)
}

// ---- launch-time refusals ----

// endowConfigErr launches cfg directly with a jsvat runtime and returns the
// ConfigError's reason, or "" if the launch succeeded.
func endowConfigErr(t *testing.T, rt *jsvat.Runtime, vatID string, cfg api.VatConfig) string {
	t.Helper()
	w, err := rt.Launch(context.Background(), vatID, cfg)
	if err == nil {
		w.Close()
		return ""
	}
	var le *jsvat.LaunchError
	var ce *jsvat.ConfigError
	if !errors.As(err, &le) || !errors.As(err, &ce) {
		t.Fatalf("Launch: %v (%T), want a *LaunchError wrapping a *ConfigError", err, err)
	}
	if ce.VatID != vatID || !strings.Contains(err.Error(), ce.Reason) {
		t.Fatalf("ConfigError %+v in %v", ce, err)
	}
	return ce.Reason
}

func TestEndowmentsLaunchErrors(t *testing.T) {
	t.Parallel()
	spec := endowProbeBundle(t)
	root := t.TempDir()
	rt := jsvat.NewRuntime(jsvat.Options{})
	h := newEndowKernel(t, jsvat.Options{})
	hostsNil := &api.NetworkConfig{}
	for _, tc := range []struct {
		name string
		cfg  api.VatConfig
		want string // the ConfigError's reason, exactly
		rpc  string // what launchSubcluster answers: "params" for an invalid-params refusal, else a substring
	}{
		{"unknown global", api.VatConfig{Globals: []string{"Date", "x"}}, `Vat "v1" requested unknown global "x"`, "params"},
		{"console is not a global one asks for", api.VatConfig{Globals: []string{"console"}}, `Vat "v1" requested unknown global "console"`, "params"},
		{"fetch without network", api.VatConfig{Globals: []string{"fetch"}}, `Vat "v1" requested "fetch" but no network.allowedHosts was specified`, ""},
		{"fetch with network but no allowedHosts", api.VatConfig{Globals: []string{"fetch"}, Network: hostsNil}, `Vat "v1": network.allowedHosts must be an array of host names`, "params"},
		{"allowedHosts entry with a scheme", api.VatConfig{Globals: []string{"fetch"}, Network: &api.NetworkConfig{AllowedHosts: []string{"http://x.test"}}}, `Vat "v1": network.allowedHosts entry "http://x.test" is not a host or host:port`, ""},
		{"network without fetch", api.VatConfig{Globals: []string{"Date"}, Network: &api.NetworkConfig{AllowedHosts: []string{"x.test"}}}, `Vat "v1": network.allowedHosts is given but "fetch" is not in its globals`, ""},
		{"unknown platformConfig capability", api.VatConfig{PlatformConfig: json.RawMessage(`{"net":{}}`)}, `Vat "v1": platformConfig: Config provided entry for unregistered capability: net`, "params"},
		{"unknown fs key", api.VatConfig{PlatformConfig: json.RawMessage(`{"fs":{"rootDir":"` + root + `","writeFile":true}}`)}, `Vat "v1": platformConfig: fs: json: unknown field "writeFile"`, "params"},
		{"relative rootDir", api.VatConfig{PlatformConfig: json.RawMessage(`{"fs":{"rootDir":"rel/dir","existsSync":true}}`)}, `Vat "v1": platformConfig: fs.rootDir must be an absolute path, got "rel/dir"`, ""},
		{"missing rootDir", api.VatConfig{PlatformConfig: json.RawMessage(`{"fs":{"existsSync":true}}`)}, `Vat "v1": platformConfig: fs.rootDir must be an absolute path, got ""`, "params"},
		{"unknown creationOptions key", api.VatConfig{CreationOptions: json.RawMessage(`{"memoryLimitMiB":64,"stackSize":1}`)}, `Vat "v1": creationOptions: "stackSize" is not supported (supported: memoryLimitMiB)`, ""},
		{"memoryLimitMiB too small", api.VatConfig{CreationOptions: json.RawMessage(`{"memoryLimitMiB":4}`)}, `Vat "v1": creationOptions: memoryLimitMiB must be at least 8`, ""},
		{"memoryLimitMiB zero", api.VatConfig{CreationOptions: json.RawMessage(`{"memoryLimitMiB":0}`)}, `Vat "v1": creationOptions: memoryLimitMiB must be a positive whole number of MiB`, ""},
		{"memoryLimitMiB fraction", api.VatConfig{CreationOptions: json.RawMessage(`{"memoryLimitMiB":16.5}`)}, `Vat "v1": creationOptions: memoryLimitMiB must be a positive whole number of MiB`, ""},
		{"memoryLimitMiB string", api.VatConfig{CreationOptions: json.RawMessage(`{"memoryLimitMiB":"16"}`)}, `Vat "v1": creationOptions: memoryLimitMiB must be a positive whole number of MiB`, ""},
		{"memoryLimitMiB huge", api.VatConfig{CreationOptions: json.RawMessage(`{"memoryLimitMiB":2000000}`)}, `Vat "v1": creationOptions: memoryLimitMiB 2000000 is too large`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := h.on(t)
			tc.cfg.BundleSpec = spec
			// jsvat.Runtime.Launch, directly.
			if got := endowConfigErr(t, rt, "v1", tc.cfg); got != tc.want {
				t.Errorf("Launch: reason %q, want %q", got, tc.want)
			}
			// Through the kernel the vat gets the kernel's next id.
			wantRE := regexp.MustCompile(strings.Replace(regexp.QuoteMeta(tc.want), `"v1"`, `"v[0-9]+"`, 1))
			// The kernel's API, which does no validation of its own.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cc := api.ClusterConfig{Bootstrap: "x", Vats: api.NamedMap[api.VatConfig]{Entries: []api.Named[api.VatConfig]{{Name: "x", Value: tc.cfg}}}}
			if _, err := h.k.LaunchSubcluster(ctx, cc); err == nil || !wantRE.MatchString(err.Error()) {
				t.Errorf("Kernel.LaunchSubcluster: %v, want an error matching %s", err, wantRE)
			}
			// The kernel-control method, whose params validation may refuse first.
			raw, _ := json.Marshal(tc.cfg)
			var vc map[string]any
			json.Unmarshal(raw, &vc)
			_, err := h.launch("x", map[string]any{"x": vc})
			switch {
			case err == nil:
				t.Errorf("launchSubcluster accepted the config")
			case tc.rpc == "params":
				if !strings.HasPrefix(err.Error(), "Invalid params:") {
					t.Errorf("launchSubcluster: %v, want invalid params", err)
				}
			case !wantRE.MatchString(err.Error()):
				t.Errorf("launchSubcluster: %v, want an error matching %s", err, wantRE)
			}
		})
	}
	// The refused vats left nothing running; the kernel goes on.
	st, err := h.k.GetStatus(context.Background())
	if err != nil || len(st.Vats) != 0 || len(st.Subclusters) != 0 {
		t.Errorf("after the refusals: %d vats, %d subclusters (%v)", len(st.Vats), len(st.Subclusters), err)
	}
	res, err := h.launch("ok", map[string]any{"ok": endowProbeCfg(spec, "ok", nil)})
	if err != nil || res.BootstrapResult == nil || res.BootstrapResult.Body != `#"ok"` {
		t.Fatalf("a good vat after the refusals: %+v, %v", res, err)
	}

	t.Run("accepted configs", func(t *testing.T) {
		for _, cfg := range []api.VatConfig{
			{Globals: []string{"fetch"}, Network: &api.NetworkConfig{AllowedHosts: []string{}}},
			{Globals: []string{"Date", "Date"}},
			{Globals: []string{"fetch"}, Network: &api.NetworkConfig{AllowedHosts: []string{"x.test", "127.0.0.1:8080", "[::1]:443"}}},
			{PlatformConfig: json.RawMessage(`{"fs":{"rootDir":"` + root + `"}}`)},
			{PlatformConfig: json.RawMessage(`{}`), CreationOptions: json.RawMessage(`{}`)},
			{CreationOptions: json.RawMessage(`{"memoryLimitMiB":8}`)},
		} {
			cfg.BundleSpec = spec
			if got := endowConfigErr(t, rt, "v9", cfg); got != "" {
				t.Errorf("%+v refused: %s", cfg, got)
			}
		}
	})
}

func TestEndowmentsAllowedGlobalsOption(t *testing.T) {
	t.Parallel()
	spec := endowProbeBundle(t)
	rt := jsvat.NewRuntime(jsvat.Options{AllowedGlobals: []string{"Date", "setTimeout"}})
	for _, tc := range []struct {
		globals []string
		want    string
	}{
		{[]string{"Date"}, ""},
		{[]string{"setTimeout", "Date"}, ""},
		{[]string{"Math"}, `Vat "v3" requested unknown global "Math"`},
		{[]string{"Date", "clearTimeout"}, `Vat "v3" requested unknown global "clearTimeout"`},
		{[]string{"nope"}, `Vat "v3" requested unknown global "nope"`},
	} {
		if got := endowConfigErr(t, rt, "v3", api.VatConfig{BundleSpec: spec, Globals: tc.globals}); got != tc.want {
			t.Errorf("globals %v: %q, want %q", tc.globals, got, tc.want)
		}
	}
	// An empty restriction allows none.
	none := jsvat.NewRuntime(jsvat.Options{AllowedGlobals: []string{}})
	if got := endowConfigErr(t, none, "v1", api.VatConfig{BundleSpec: spec, Globals: []string{"Date"}}); got != `Vat "v1" requested unknown global "Date"` {
		t.Errorf("empty AllowedGlobals: %q", got)
	}
	// A restriction naming what no vat may have is a programming error.
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `"console"`) {
				t.Errorf("NewRuntime with AllowedGlobals [console]: panic %v", r)
			}
		}()
		jsvat.NewRuntime(jsvat.Options{AllowedGlobals: []string{"console"}})
	}()

	// Through a kernel: the restricted runtime refuses, the allowed global works.
	h := newEndowKernel(t, jsvat.Options{AllowedGlobals: []string{"Date"}})
	if _, err := h.launch("m", map[string]any{"m": endowProbeCfg(spec, "m", endowGlobals("Math"))}); err == nil || !regexp.MustCompile(`Vat "v\d+" requested unknown global "Math"`).MatchString(err.Error()) {
		t.Errorf("launch with Math: %v", err)
	}
	_, roots := h.launchProbes("d", map[string]map[string]any{"d": endowGlobals("Date")})
	if got := h.callJSON(roots["d"], "useOne", "Date"); got != `"number"` {
		t.Errorf("Date.now() in a vat of the restricted runtime: %s", got)
	}
}

// ---- platformConfig.fs ----

func TestEndowmentsPlatformFS(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "root")
	outside := filepath.Join(t.TempDir(), "outside")
	for _, d := range []string{root, filepath.Join(root, "sub"), filepath.Join(root, "empty"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "a.txt"), []byte("héllo wörld"))
	write(filepath.Join(root, "bin.dat"), endowBytes(256))
	write(filepath.Join(root, "sub", "b.txt"), []byte("bee"))
	write(filepath.Join(root, "..dots"), []byte("inside"))
	write(filepath.Join(outside, "secret.txt"), []byte("top secret"))
	for link, target := range map[string]string{
		filepath.Join(root, "link.txt"):         filepath.Join(outside, "secret.txt"),
		filepath.Join(root, "linkdir"):          outside,
		filepath.Join(root, "sub", "inner.txt"): filepath.Join("..", "a.txt"), // stays inside, still a link
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	fsCfg := func(fs map[string]any) map[string]any {
		fs["rootDir"] = root
		return map[string]any{"platformConfig": map[string]any{"fs": fs}}
	}
	h := newEndowKernel(t, jsvat.Options{})
	_, roots := h.launchProbes("full", map[string]map[string]any{
		"full":          fsCfg(map[string]any{"existsSync": true, "promises": map[string]any{"readFile": true, "access": true}}),
		"existsOnly":    fsCfg(map[string]any{"existsSync": true}),
		"readOnly":      fsCfg(map[string]any{"promises": map[string]any{"readFile": true}}),
		"emptyPromises": fsCfg(map[string]any{"promises": map[string]any{}}),
	})
	full := roots["full"]

	t.Run("granted keys only", func(t *testing.T) {
		h := h.on(t)
		for vat, want := range map[string]string{
			"full":          `{"access":"function","existsSync":"function","frozen":true,"fs":"object","keys":["existsSync","promises"],"promiseKeys":["access","readFile"],"promises":"object","readFile":"function"}`,
			"existsOnly":    `{"access":"no promises","existsSync":"function","frozen":true,"fs":"object","keys":["existsSync"],"promiseKeys":[],"promises":"undefined","readFile":"no promises"}`,
			"readOnly":      `{"access":"undefined","existsSync":"undefined","frozen":true,"fs":"object","keys":["promises"],"promiseKeys":["readFile"],"promises":"object","readFile":"function"}`,
			"emptyPromises": `{"access":"undefined","existsSync":"undefined","frozen":true,"fs":"object","keys":["promises"],"promiseKeys":[],"promises":"object","readFile":"undefined"}`,
		} {
			if got := h.callJSON(roots[vat], "fsShape"); got != want {
				t.Errorf("%s: fs shape\n got %s\nwant %s", vat, got, want)
			}
		}
	})

	outsideRoot := "is outside allowed root " + root
	symlink := "Symlinks are prohibited: "
	t.Run("existsSync", func(t *testing.T) {
		h := h.on(t)
		for _, tc := range []struct {
			path    string
			ok      string
			errPart string
		}{
			{"a.txt", "true", ""},
			{filepath.Join(root, "a.txt"), "true", ""},
			{"sub/b.txt", "true", ""},
			{"sub", "true", ""},
			{".", "true", ""},
			{"..dots", "true", ""},
			{"nope", "false", ""},
			{"sub/nope/deeper", "false", ""},
			{filepath.Join(outside, "secret.txt"), "", "Path " + filepath.Join(outside, "secret.txt") + " " + outsideRoot},
			{"../outside/secret.txt", "", "is outside allowed root"},
			{"sub/../../x", "", "is outside allowed root"},
			{"/", "", "is outside allowed root"},
			{"link.txt", "", symlink + filepath.Join(root, "link.txt")},
			{"linkdir/secret.txt", "", symlink + filepath.Join(root, "linkdir")},
			{"sub/inner.txt", "", symlink + filepath.Join(root, "sub", "inner.txt")},
		} {
			var o endowOutcome
			h.call(full, "fsExists", &o, tc.path)
			if tc.errPart == "" {
				endowWantOK(t, "existsSync("+tc.path+")", o, tc.ok)
			} else {
				endowWantError(t, "existsSync("+tc.path+")", o, "Error", "fs.existsSync: ")
				endowWantError(t, "existsSync("+tc.path+")", o, "Error", tc.errPart)
			}
		}
	})

	t.Run("readFile", func(t *testing.T) {
		h := h.on(t)
		for _, tc := range []struct {
			path     string
			encoding any
			ok       string
			errPart  string
		}{
			{"a.txt", "utf8", `"héllo wörld"`, ""},
			{"a.txt", "utf-8", `"héllo wörld"`, ""},
			{"a.txt", map[string]any{"encoding": "utf8"}, `"héllo wörld"`, ""},
			{filepath.Join(root, "sub", "b.txt"), "utf8", `"bee"`, ""},
			{"bin.dat", nil, `{"bytes":"` + hex.EncodeToString(endowBytes(256)) + `","uint8":true}`, ""},
			{"bin.dat", "hex", `"` + hex.EncodeToString(endowBytes(256)) + `"`, ""},
			{"bin.dat", "base64", `"` + base64.StdEncoding.EncodeToString(endowBytes(256)) + `"`, ""},
			{"a.txt", "no-such-encoding", "", "encoding"},
			{"nope", "utf8", "", "ENOENT"},
			{"sub", "utf8", "", "EISDIR"},
			{filepath.Join(outside, "secret.txt"), "utf8", "", "is outside allowed root"},
			{"../outside/secret.txt", "utf8", "", "is outside allowed root"},
			{"link.txt", "utf8", "", symlink},
			{"linkdir/secret.txt", "utf8", "", symlink},
			{"sub/inner.txt", "utf8", "", symlink},
		} {
			var o endowOutcome
			if tc.encoding == nil {
				h.call(full, "fsRead", &o, tc.path)
			} else {
				h.call(full, "fsRead", &o, tc.path, tc.encoding)
			}
			what := fmt.Sprintf("readFile(%s, %v)", tc.path, tc.encoding)
			if strings.Contains(o.String(), "top secret") {
				t.Errorf("%s read the file outside the root: %s", what, o)
			}
			switch {
			case tc.errPart == "":
				endowWantOK(t, what, o, tc.ok)
			case strings.HasPrefix(tc.errPart, "E"):
				// The file system's own error, as Node throws it.
				endowWantError(t, what, o, "Error", tc.errPart+": ")
			default:
				// A refusal of the path: upstream's caveat error.
				endowWantError(t, what, o, "Error", "fs.readFile: ")
				endowWantError(t, what, o, "Error", tc.errPart)
			}
		}
	})

	t.Run("access", func(t *testing.T) {
		h := h.on(t)
		for _, tc := range []struct {
			path    string
			mode    any
			errPart string
		}{
			{"a.txt", nil, ""},
			{"a.txt", 4, ""}, // R_OK
			{"sub", 0, ""},
			{"nope", nil, "ENOENT"},
			{filepath.Join(outside, "secret.txt"), nil, "is outside allowed root"},
			{"link.txt", nil, symlink},
		} {
			var o endowOutcome
			if tc.mode == nil {
				h.call(full, "fsAccess", &o, tc.path)
			} else {
				h.call(full, "fsAccess", &o, tc.path, tc.mode)
			}
			what := fmt.Sprintf("access(%s, %v)", tc.path, tc.mode)
			switch {
			case tc.errPart == "":
				endowWantOK(t, what, o, `"ok"`)
			case strings.HasPrefix(tc.errPart, "E"):
				endowWantError(t, what, o, "Error", tc.errPart+": ")
			default:
				endowWantError(t, what, o, "Error", "fs.access: ")
				endowWantError(t, what, o, "Error", tc.errPart)
			}
		}
	})

	// Node's fs errors carry a code ("ENOENT"); vat code written for
	// upstream tests err.code.
	t.Run("error codes", func(t *testing.T) {
		h := h.on(t)
		var read, access endowOutcome
		h.call(full, "fsRead", &read, "missing.txt", "utf8")
		h.call(full, "fsAccess", &access, "missing.txt")
		if read.Error == nil || access.Error == nil {
			t.Fatalf("readFile %s, access %s: want ENOENT errors", read, access)
		}
		if read.Error.Code != "ENOENT" || access.Error.Code != "ENOENT" {
			endowRegression(t, fmt.Sprintf("a missing file rejects readFile with %+v and access with %+v: the error has no code "+
				"\"ENOENT\" and its message is prefixed \"fs.readFile: \"/\"fs.access: \", which upstream (kernel-platforms "+
				"makeCaveatedFsOperation) adds only to caveat refusals; Node's own errors pass through with err.code set",
				*read.Error, *access.Error))
			t.Errorf("codes %v, %v", read.Error.Code, access.Error.Code)
		}
	})
}

// ---- creationOptions ----

func TestEndowmentsCreationOptions(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	res, roots := h.launchProbes("small", map[string]map[string]any{
		"small":   {"creationOptions": map[string]any{"memoryLimitMiB": 24}},
		"default": nil,
	})
	small := roots["small"]
	wantBody(t, h.mustSend(small, "hog", 8), `#8`)
	// 48 MiB does not fit under 24: the vat is terminated, the others go on.
	_, err := h.send(small, "hog", 48)
	if err == nil || !strings.Contains(err.Error(), "exceeded its memory limit of 24 MiB") {
		t.Fatalf("hog(48) under a 24 MiB cap: %v", err)
	}
	if _, err := h.send(small, "name"); err == nil {
		t.Fatalf("the vat that exceeded its cap still answers")
	}
	// The default cap (256 MiB) holds 48 MiB.
	wantBody(t, h.mustSend(roots["default"], "hog", 48), `#48`)
	if id := h.vatOf(res.SubclusterID, "default"); h.mustCall("pingVat", map[string]any{"id": id}) != `"pong"` {
		t.Fatalf("vat %s does not answer ping", id)
	}
}

// ---- teardown ----

func TestEndowmentsTeardown(t *testing.T) {
	srv := newEndowServer(t)
	h := newEndowKernel(t, jsvat.Options{})
	_, clock := h.launchProbes("clock", map[string]map[string]any{
		"clock": endowHosts(endowGlobals(append(slices.Clone(endowTimerGlobals), "fetch")...), "127.0.0.1:"+srv.port),
	})
	// Warm up everything the kernel and the runtime start lazily.
	wantBody(t, h.mustSend(clock["clock"], "after", 10), `#10`)
	var o endowOutcome
	h.call(clock["clock"], "fetchOutcome", &o, srv.URL+"/text")
	endowWantOK(t, "warm-up fetch", o, `{"status":200,"text":"hello from go"}`)
	srv.CloseClientConnections()
	baseline := endowStableGoroutines()

	res, roots := h.launchProbes("timers", map[string]map[string]any{
		"timers":  endowGlobals(endowTimerGlobals...),
		"fetcher": endowHosts(endowGlobals(append(slices.Clone(endowTimerGlobals), "fetch")...), "127.0.0.1:"+srv.port),
	})
	timersID, fetcherID := h.vatOf(res.SubclusterID, "timers"), h.vatOf(res.SubclusterID, "fetcher")
	tw, fw := h.rec.worker(t, timersID), h.rec.worker(t, fetcherID)

	// An interval every 150 ms, a timeout at 300 ms, an interval every 450
	// ms; and in the fetcher vat 400, 800 and 1200 ms (away from the moment
	// of termination, so that no tick races with it).
	wantBody(t, h.mustSend(roots["timers"], "armForever", 150), `#"armed"`)
	wantBody(t, h.mustSend(roots["fetcher"], "armForever", 400), `#"armed"`)
	// Two requests in flight, one whose result the kernel waits for.
	pending := make(chan error, 1)
	go func() {
		_, err := h.send(roots["fetcher"], "fetchInfo", srv.URL+"/slow")
		pending <- err
	}()
	endowWaitFor(t, srv.slowArrived, 10*time.Second, "the first request")
	wantBody(t, h.mustSend(roots["fetcher"], "fetchInBackground", srv.URL+"/slow"), `#"started"`)
	endowWaitFor(t, srv.slowArrived, 10*time.Second, "the second request")
	// The first tick of the 150 ms interval runs in a wake crank; right
	// after it, with the next tick ~150 ms away, terminate both vats.
	endowWaitFor(t, tw.wakeDone, 10*time.Second, "a wake crank of the timers vat")
	h.mustCall("terminateSubcluster", map[string]any{"id": res.SubclusterID})

	// The requests in flight are cancelled, and the pending call rejected.
	endowWaitFor(t, srv.slowCanceled, 10*time.Second, "the server to see a request cancelled")
	endowWaitFor(t, srv.slowCanceled, 10*time.Second, "the server to see the other request cancelled")
	select {
	case err := <-pending:
		if err == nil {
			t.Errorf("the call waiting on a terminated vat's fetch resolved")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call waiting on a terminated vat's fetch never settled")
	}

	// By the clock vat, 500 ms pass: every timer of both vats would have
	// fired at least once more.
	wantBody(t, h.mustSend(clock["clock"], "after", 500), `#500`)
	// No crank ever reaches a terminated vat, and its timers are gone: the
	// timers vat, whose timers would have fired three times by now, never
	// asks for one.
	for _, w := range []*endowWorker{tw, fw} {
		if _, deliveries := w.afterClose(); deliveries != 0 {
			t.Errorf("vat %s got %d deliveries after its termination", w.id, deliveries)
		}
	}
	if wakes, _ := tw.afterClose(); wakes != 0 {
		t.Errorf("vat %s asked for %d wake cranks after its termination (at %v from its close)", tw.id, wakes, tw.wakesSinceClose())
	}
	srv.CloseClientConnections()
	endowSettleGoroutines(t, baseline)
	t.Run("a closed worker does not ask for wake cranks", func(t *testing.T) {
		if wakes, _ := fw.afterClose(); wakes != 0 {
			endowRegression(t, fmt.Sprintf("the fetcher vat's worker called its wake function %d time(s) after Close, at %v from it: "+
				"host.shutdown cancels the requests' context but leaves them in h.requests, so each cancelled request's "+
				"goroutine in jsFetch finds itself live, posts its failure to the dead vat's event queue and calls wake; "+
				"see TestEndowmentsRestartWithFetchInFlight for the spurious crank it gives a restarted vat",
				wakes, fw.wakesSinceClose()))
			t.Errorf("%d wake requests after Close", wakes)
		}
	})
	// The kernel is fine.
	wantBody(t, h.mustSend(clock["clock"], "after", 10), `#10`)
}

// TestEndowmentsRestartWithFetchInFlight: restarting a vat while its
// fetch is in flight must not give the new incarnation a crank it did
// not ask for.
func TestEndowmentsRestartWithFetchInFlight(t *testing.T) {
	srv := newEndowServer(t)
	h := newEndowKernel(t, jsvat.Options{})
	res, roots := h.launchProbes("clock", map[string]map[string]any{
		"clock": endowGlobals(endowTimerGlobals...),
		"f":     endowHosts(endowGlobals("fetch"), "127.0.0.1:"+srv.port),
	})
	id := h.vatOf(res.SubclusterID, "f")
	old := h.rec.worker(t, id)
	wantBody(t, h.mustSend(roots["f"], "fetchInBackground", srv.URL+"/slow"), `#"started"`)
	endowWaitFor(t, srv.slowArrived, 10*time.Second, "the request")
	h.mustCall("restartVat", map[string]any{"id": id})
	fresh := h.rec.worker(t, id)
	if fresh == old {
		t.Fatal("restartVat kept the worker")
	}
	endowWaitFor(t, srv.slowCanceled, 10*time.Second, "the server to see the request cancelled")
	// Let 100 ms pass by the clock vat, then look.
	wantBody(t, h.mustSend(roots["clock"], "after", 100), `#100`)
	wantBody(t, h.mustSend(roots["f"], "name"), `#"f"`)
	oldWakes, oldDeliveries := old.afterClose()
	fresh.mu.Lock()
	freshAsked := len(fresh.wakeTimes)
	fresh.mu.Unlock()
	freshCranks := 0
	for _, d := range fresh.record() {
		if d.kind == vat.DeliverWake {
			freshCranks++
		}
	}
	if oldDeliveries != 0 {
		t.Errorf("the old worker got %d deliveries after Close", oldDeliveries)
	}
	if oldWakes != 0 || freshCranks > freshAsked {
		endowRegression(t, fmt.Sprintf("after restartVat, the old worker's cancelled request called wake %d time(s) (at %v from "+
			"its Close); the kernel keys wakes by vat id, so the new worker, which asked for %d, got %d wake crank(s): "+
			"host.shutdown leaves cancelled requests in h.requests and jsFetch's goroutine posts and wakes for them",
			oldWakes, old.wakesSinceClose(), freshAsked, freshCranks))
		t.Errorf("old worker wakes after Close: %d; new worker: %d wake cranks for %d requests", oldWakes, freshCranks, freshAsked)
	}
}

// ---- logging ----

type endowLogEntry struct {
	Level string            `json:"level"`
	Msg   string            `json:"msg"`
	Vat   string            `json:"vat"`
	Tags  []string          `json:"tags"`
	Data  []json.RawMessage `json:"data"`
}

func endowLogEntries(t testing.TB, logs *syncBuffer) []endowLogEntry {
	t.Helper()
	var out []endowLogEntry
	for _, line := range strings.Split(logs.String(), "\n") {
		if line == "" {
			continue
		}
		var e endowLogEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

func endowLogHas(t testing.TB, logs *syncBuffer, pred func(endowLogEntry) bool) bool {
	t.Helper()
	return slices.ContainsFunc(endowLogEntries(t, logs), pred)
}

func TestEndowmentsLogger(t *testing.T) {
	t.Parallel()
	h := newEndowKernel(t, jsvat.Options{})
	res, roots := h.launchProbes("l", map[string]map[string]any{"l": nil})
	id := h.vatOf(res.SubclusterID, "l")
	wantBody(t, h.mustSend(roots["l"], "logAll"), `#"logged"`)
	base := "ocap-go-vat," + id
	// Upstream's LogEntry: the first argument is the message, the others
	// are the data, each kept as a JSON value (a "prefix*" element
	// matches the item's JSON text by prefix).
	want := []struct {
		level, msg, tags string
		data             []string
	}{
		{"INFO", "logger-log", base, []string{"1", `{"a":2}`, `"three"`, `["4n"]`}},
		{"INFO", "logger-info", base, nil},
		{"WARN", "logger-warn", base, []string{"true"}},
		{"ERROR", "logger-error", base, []string{`"Error: logged error*`}},
		{"DEBUG", "logger-debug", base, []string{"null"}},
		{"INFO", "sub-log", base + ",sub", []string{`"x"`}},
		{"INFO", "console-log", base + ",console", []string{"42", `"undefined"`}},
		{"INFO", "console-info", base + ",console", nil},
		{"WARN", "console-warn", base + ",console", nil},
		{"ERROR", "console-error", base + ",console", []string{`"Error: console error*`}},
		{"DEBUG", "console-debug", base + ",console", nil},
		{"INFO", "console-nested", base + ",console", []string{`{"n":"5n","list":[null,true,"x"],"e":"Error: inner*`, `"NaN"`, `"[object Object]"`}},
		{"INFO", "7", base + ",console", []string{`"eight"`}},
	}
	entries := endowLogEntries(t, h.logs)
	for _, w := range want {
		i := slices.IndexFunc(entries, func(e endowLogEntry) bool { return e.Msg == w.msg })
		if i < 0 {
			t.Errorf("no log line %q", w.msg)
			continue
		}
		e := entries[i]
		ok := e.Level == w.level && e.Vat == id && strings.Join(e.Tags, ",") == w.tags && len(e.Data) == len(w.data)
		for j := 0; ok && j < len(w.data); j++ {
			if p, isPrefix := strings.CutSuffix(w.data[j], "*"); isPrefix {
				ok = strings.HasPrefix(string(e.Data[j]), p)
			} else {
				ok = string(e.Data[j]) == w.data[j]
			}
		}
		if !ok {
			data := make([]string, len(e.Data))
			for j, d := range e.Data {
				data[j] = string(d)
			}
			t.Errorf("log line %q = level %s, vat %s, tags %s, data %s; want level %s, vat %s, tags %s, data %s",
				w.msg, e.Level, e.Vat, e.Tags, data, w.level, id, w.tags, w.data)
		}
	}
}

// TestLogEntryText: to the daemon's text log, a vat entry's tags are
// comma-separated and its data is the JSON array of the values.
func TestLogEntryText(t *testing.T) {
	var b strings.Builder
	log := slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	log.Info("hello", "tags", jsvat.LogTags{"ocap-go-vat", "v1", "console"},
		"data", jsvat.LogData{json.RawMessage(`1`), json.RawMessage(`{"a":[true,null]}`), json.RawMessage(`"x y"`)})
	want := `level=INFO msg=hello tags=ocap-go-vat,v1,console data="[1,{\"a\":[true,null]},\"x y\"]"` + "\n"
	if b.String() != want {
		t.Fatalf("text log line = %q, want %q", b.String(), want)
	}
}
