package jsvat_test

// Shared machinery of the upstream_*_test.go files, which port the
// end-to-end scenarios of upstream's kernel-test package (MetaMask/
// ocap-kernel at 3ca833da5) to a real ocap-go kernel on a SQLite file.
// The vats are our own sources under testdata/scenarios/; the expected
// results and log lines are upstream's.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// scenarioBundles caches the bundled code of each scenario vat (bundling
// is the slow part); every test writes the bytes into its own directory.
var scenarioBundles sync.Map // name -> func() ([]byte, error)

// scenario returns a file:// URL of the bundle of
// testdata/scenarios/<name>.js, written under t's temporary directory.
func scenario(t testing.TB, name string) string {
	t.Helper()
	f, _ := scenarioBundles.LoadOrStore(name, sync.OnceValues(func() ([]byte, error) {
		b, err := bundler.Bundle(context.Background(), filepath.Join("testdata", "scenarios", name+".js"))
		if err != nil {
			return nil, err
		}
		return bundler.Encode(b)
	}))
	data, err := f.(func() ([]byte, error))()
	if err != nil {
		t.Fatalf("bundle scenario %s: %v", name, err)
	}
	p := filepath.Join(t.TempDir(), name+bundler.Extension)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return fileURL(p)
}

// scenarioKernel is a kernelHarness whose log is JSON, so that the vats'
// log entries (message, tags, data) can be read back exactly as upstream's
// tests read their LogEntry arrays.
type scenarioKernel struct {
	*kernelHarness
}

type kernelOpt func(*kernel.Options, *vat.Runtime)

// withRuntimeWrapper lets a test observe what the vats do, below the kernel.
func withRuntimeWrapper(wrap func(vat.Runtime) vat.Runtime) kernelOpt {
	return func(_ *kernel.Options, rt *vat.Runtime) { *rt = wrap(*rt) }
}

func newScenarioKernel(t testing.TB, opts ...kernelOpt) *scenarioKernel {
	t.Helper()
	gort := govat.NewRuntime()
	examples.Register(gort)
	buf := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var rt vat.Runtime = jsvat.MultiRuntime{gort, jsvat.NewRuntime(jsvat.Options{Logger: log})}
	kopts := kernel.Options{DeliveryTimeout: 10 * time.Second, Logger: log}
	for _, o := range opts {
		o(&kopts, &rt)
	}
	kopts.Runtime = rt
	kh := kerneltest.New(t, "", kopts)
	return &scenarioKernel{&kernelHarness{Harness: kh, t: t, log: buf, k: kh.K}}
}

// logEntry is one line of the captured log.
type logEntry struct {
	Level string            `json:"level"`
	Msg   string            `json:"msg"`
	Tags  []string          `json:"tags"`
	Data  []json.RawMessage `json:"data"`
}

func (e logEntry) hasTag(tag string) bool {
	return slices.Contains(e.Tags, tag)
}

func (h *scenarioKernel) entries() []logEntry {
	h.t.Helper()
	var out []logEntry
	sc := bufio.NewScanner(strings.NewReader(h.log.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e logEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			h.t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}

// testLogs is upstream's extractTestLogs(entries, ...withTags): the
// non-empty messages of the entries tagged "test" and (if any tags are
// given) one of withTags.
func (h *scenarioKernel) testLogs(withTags ...string) []string {
	h.t.Helper()
	out := []string{}
	for _, e := range h.entries() {
		if !e.hasTag("test") || e.Msg == "" {
			continue
		}
		if len(withTags) > 0 && !slices.ContainsFunc(withTags, e.hasTag) {
			continue
		}
		out = append(out, e.Msg)
	}
	return out
}

// taggedLogs returns the messages of the entries tagged tag (upstream's
// extractTestLogs(entries, 'console') where every entry is tagged test).
func (h *scenarioKernel) taggedLogs(tag string) []string {
	h.t.Helper()
	out := []string{}
	for _, e := range h.entries() {
		if e.hasTag(tag) && e.Msg != "" {
			out = append(out, e.Msg)
		}
	}
	return out
}

// clearLog forgets what was logged so far (upstream's clearLogEntries).
func (h *scenarioKernel) clearLog() {
	h.log.mu.Lock()
	h.log.b.Reset()
	h.log.mu.Unlock()
}

// kvValue reads one kernel kv value through executeDBQuery ("" if absent).
func (h *scenarioKernel) kvValue(key string) string {
	h.t.Helper()
	out := h.mustCall("executeDBQuery", map[string]any{"sql": "SELECT value FROM kv WHERE key = '" + key + "'"})
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		h.t.Fatal(err)
	}
	if len(rows) == 0 {
		return ""
	}
	return rows[0]["value"]
}

// vatstore reads a vat's whole vatstore through executeDBQuery.
func (h *scenarioKernel) vatstore(vatID string) map[string]string {
	h.t.Helper()
	out := h.mustCall("executeDBQuery", map[string]any{"sql": "SELECT key, value FROM kv_vatStore WHERE vatID = '" + vatID + "'"})
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

// pollDeadline bounds every wait on kernel state.
const pollDeadline = 10 * time.Second

// pollInterval spaces the polls so that they do not crowd out the cranks
// (control calls run ahead of the run queue). It is not a wait for
// anything: the condition polled is what the test synchronises on.
const pollInterval = time.Millisecond

// eventually polls cond (each poll is a control call, which the kernel
// runs between two cranks) until it holds or the deadline passes, and
// returns whether it held.
func (h *scenarioKernel) eventually(cond func() bool) bool {
	h.t.Helper()
	deadline := time.Now().Add(pollDeadline)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		<-time.After(pollInterval)
	}
	return cond()
}

// idle reports whether the kernel has no work persisted: an empty run
// queue, no GC actions and no reaps pending.
func (h *scenarioKernel) idle() bool {
	h.t.Helper()
	out := h.mustCall("executeDBQuery", map[string]any{"sql": "SELECT key, value FROM kv WHERE key IN ('queue.run.head', 'queue.run.tail', 'gcActions', 'reapQueue')"})
	var rows []map[string]string
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		h.t.Fatal(err)
	}
	kv := map[string]string{}
	for _, r := range rows {
		kv[r["key"]] = r["value"]
	}
	return kv["queue.run.head"] == kv["queue.run.tail"] &&
		(kv["gcActions"] == "" || kv["gcActions"] == "[]") &&
		(kv["reapQueue"] == "" || kv["reapQueue"] == "[]")
}

// settle waits (bounded) until the kernel is seen idle three polls in a
// row: upstream's waitUntilQuiescent after a step.
func (h *scenarioKernel) settle() {
	h.t.Helper()
	streak := 0
	ok := h.eventually(func() bool {
		if h.idle() {
			streak++
		} else {
			streak = 0
		}
		return streak >= 3
	})
	if !ok {
		h.t.Fatalf("kernel not idle within %s", pollDeadline)
	}
}

// status is getStatus.
func (h *scenarioKernel) status() api.Status {
	h.t.Helper()
	st, err := h.k.GetStatus(h.Ctx())
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

func (h *scenarioKernel) vatIDs() []string {
	h.t.Helper()
	ids := []string{}
	for _, v := range h.status().Vats {
		ids = append(ids, v.ID)
	}
	return ids
}

// rootObject is upstream's kernelStore.getRootObject(vatID): the kref the
// vat's o+0 maps to, "" if none.
func (h *scenarioKernel) rootObject(vatID string) string {
	h.t.Helper()
	return h.kvValue(vatID + ".c.o+0")
}

// launchCluster launches a subcluster from a full ClusterConfig-shaped map.
func (h *scenarioKernel) launchCluster(cfg map[string]any) (api.LaunchResult, error) {
	h.t.Helper()
	out, err := h.Call("launchSubcluster", map[string]any{"config": cfg})
	if err != nil {
		return api.LaunchResult{}, err
	}
	var res api.LaunchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		h.t.Fatal(err)
	}
	return res, nil
}

func wantStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, quoteAll(got), quoteAll(want))
	}
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// recordingRuntime wraps a runtime and records the vatstore checkpoints
// of one vat's Init and deliveries (what upstream's vatstore test spies on
// with updateKVData).
type recordingRuntime struct {
	vat.Runtime
	vatID string
	mu    sync.Mutex
	log   []recorded
}

type recorded struct {
	kind       string // "init" or the delivery kind
	checkpoint vat.Checkpoint
}

func (r *recordingRuntime) Launch(ctx context.Context, vatID string, cfg api.VatConfig) (vat.Worker, error) {
	w, err := r.Runtime.Launch(ctx, vatID, cfg)
	if err != nil || vatID != r.vatID {
		return w, err
	}
	return &recordingWorker{Worker: w, r: r}, nil
}

func (r *recordingRuntime) checkpoints() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.log)
}

type recordingWorker struct {
	vat.Worker
	r *recordingRuntime
}

func (w *recordingWorker) record(kind string, res vat.Result) {
	w.r.mu.Lock()
	w.r.log = append(w.r.log, recorded{kind, res.Checkpoint})
	w.r.mu.Unlock()
}

func (w *recordingWorker) Init(ctx context.Context, state [][2]string) (vat.Result, error) {
	res, err := w.Worker.Init(ctx, state)
	if err == nil {
		w.record("init", res)
	}
	return res, err
}

func (w *recordingWorker) Deliver(ctx context.Context, d vat.Delivery) (vat.Result, error) {
	res, err := w.Worker.Deliver(ctx, d)
	if err == nil {
		w.record(string(d.Kind), res)
	}
	return res, err
}

// SetWake passes the kernel's wake hook on, if the wrapped worker has one.
func (w *recordingWorker) SetWake(wake func()) {
	if wk, ok := w.Worker.(vat.Waker); ok {
		wk.SetWake(wake)
	}
}

// jsonUnmarshal is json.Unmarshal that leaves v alone for empty input
// (a vat config without parameters).
func jsonUnmarshal(data json.RawMessage, v any) error {
	if len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, v)
}

// queue is kernel.queueMessage with krefs among the arguments (as
// upstream's tests pass kunser(result) back in): the RPC
// method takes only JSON, so this calls the kernel directly.
func (h *scenarioKernel) queue(target, method string, args ...any) api.CapData {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), pollDeadline)
	defer cancel()
	if args == nil {
		args = []any{}
	}
	cd, err := h.k.QueueMessage(ctx, target, method, args)
	if err != nil {
		h.t.Fatalf("queueMessage %s.%s: %v", target, method, err)
	}
	return cd
}
