package jsvat

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"
	"modernc.org/quickjs"
)

// The JavaScript suites of the vat runtime, run inside the vat engine: a
// realm built by newRealm (QuickJS, the vat prelude with lockdown(), the
// supervisor), where the runner is evaluated as a script of the start
// compartment. runtime/test/run-quickjs.js imports the suites
// (runtime/test/web/*.test.js and runtime/packages/kernel-utils/test/
// kernel-utils.test.js) and builds their deps as the Node runners do, with
// the realm's own URL class (the host's IDNA behind it).

const (
	jsRunnerEntry = "runtime/test/run-quickjs.js"
	jsURLCases    = "runtime/test/web/url-cases.json"
	// The npm packages a vat may import with no node_modules of its own;
	// CI has no runtime/node_modules, so the suites' @endo imports are
	// always resolved here.
	jsEverydayDir = "../bundler/everyday"
	// A bound on the whole run in the engine (it takes seconds).
	jsRunLimit = 3 * time.Minute
	// The realm's memory cap, on top of the environment's heap.
	jsMemoryLimit = 1 << 30
)

// knownFailures are JavaScript cases ("suite: case") that fail inside
// QuickJS but pass under Node (node test/web/run-node.mjs,
// node test/web/url-run-node.mjs, packages/kernel-utils/test/run-node.mjs),
// with why. They are reported in the test log, not as failures; an entry
// whose case ran and passed (or, in a full run, no longer exists) fails the
// test, so the list stays current. The modules, not the suites, are to be
// fixed.
var knownFailures = map[string]string{}

// raceSkips are the cases ("suite: case") left out under the race
// detector, with why: each is a single large-input case that takes well
// over ten seconds there (a second or less without it; times measured on
// two CPUs). Every one runs in a plain go test.
var raceSkips = map[string]string{
	"text: utf-8: large inputs decode correctly": "about 25 s under -race",
	"base64: round trip of a large input":        "about 30 s under -race",
	"url: URL: long inputs stay linear":          "about 65 s under -race",
}

// jsReport is what __runSuites resolves to.
type jsReport struct {
	Suites []jsSuiteReport `json:"suites"`
	Fatal  string          `json:"fatal"`
}

type jsSuiteReport struct {
	Name     string          `json:"name"`
	Names    []string        `json:"names"`   // the suite's cases
	Skipped  []string        `json:"skipped"` // those that did not run
	Passed   int             `json:"passed"`
	Failures []jsCaseFailure `json:"failures"`
	Ms       int             `json:"ms"`
	Slowest  []struct {
		Name string `json:"name"`
		Ms   int    `json:"ms"`
	} `json:"slowest"`
}

type jsCaseFailure struct {
	Name    string `json:"name"`
	Message string `json:"message"`
	Stack   string `json:"stack"`
}

const (
	// jsFullEnv, set to 1, runs everything under the race detector too.
	jsFullEnv = "JSVAT_JS_SUITES_FULL"
	// jsRaceSample: under the race detector, every jsRaceSample-th parse
	// and setter fixture of the URL corpus runs.
	jsRaceSample = 20
)

// jsRunOptions are __runSuites' options: everything in a plain go test;
// under the race detector, every jsRaceSample-th parse and setter fixture
// of the URL corpus and not the raceSkips. -race (the detector, and above
// all the checkptr instrumentation it turns on, in an engine made of
// transpiled C) makes the engine some 10 to 50 times slower, and finds
// nothing here, where the engine runs on one goroutine.
func jsRunOptions(t *testing.T) (sample int, skip []string) {
	if !jsRaceEnabled() || os.Getenv(jsFullEnv) == "1" {
		return 1, []string{}
	}
	skip = []string{}
	for key := range raceSkips {
		skip = append(skip, key)
	}
	sort.Strings(skip)
	t.Logf("under the race detector: every %dth parse and setter fixture of %s, and not the %d raceSkips (%s=1 runs everything)", jsRaceSample, jsURLCases, len(skip), jsFullEnv)
	return jsRaceSample, skip
}

func jsRaceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

func TestJavaScriptSuites(t *testing.T) {
	sample, skip := jsRunOptions(t)
	t0 := time.Now()
	code := bundleJSRunner(t)
	tBundle := time.Since(t0)

	cases, err := os.ReadFile(jsURLCases)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	vm := newJSTestVM(t, code)
	tRealm := time.Since(t1)

	t2 := time.Now()
	report := runJSSuites(t, vm, string(cases), sample, skip)
	tRun := time.Since(t2)
	t.Logf("bundle %v, realm %v, suites %v", tBundle.Round(time.Millisecond), tRealm.Round(time.Millisecond), tRun.Round(time.Millisecond))

	suites := map[string]bool{}
	for _, s := range report.Suites {
		suites[s.Name] = true
		t.Run(s.Name, func(t *testing.T) {
			checkJSSuite(t, s, sample == 1)
		})
	}
	for _, list := range []map[string]string{knownFailures, raceSkips} {
		for key := range list {
			suite, _, _ := strings.Cut(key, ": ")
			if !suites[suite] {
				t.Errorf("%q is of a suite the runner does not run", key)
			}
		}
	}
}

// checkJSSuite reports a suite's failing cases; full says that no URL
// fixture was sampled out.
func checkJSSuite(t *testing.T, s jsSuiteReport, full bool) {
	total := s.Passed + len(s.Failures)
	if total == 0 {
		t.Fatalf("suite %s reported no cases", s.Name)
	}
	listed := map[string]bool{}
	for _, name := range s.Names {
		listed[s.Name+": "+name] = true
	}
	ran := maps.Clone(listed)
	for _, name := range s.Skipped {
		delete(ran, s.Name+": "+name)
		t.Logf("skipped: %s (%s)", name, raceSkips[s.Name+": "+name])
	}
	for key := range raceSkips {
		if strings.HasPrefix(key, s.Name+": ") && !listed[key] {
			t.Errorf("raceSkips lists %q, which is not a case of the suite: remove it", key)
		}
	}
	failing := map[string]bool{}
	known := 0
	for _, f := range s.Failures {
		key := s.Name + ": " + f.Name
		failing[key] = true
		if reason, ok := knownFailures[key]; ok {
			known++
			t.Logf("known failure: %s: %s\n    (why: %s)", f.Name, f.Message, reason)
			continue
		}
		msg := f.Message
		if f.Stack != "" {
			msg += "\n" + jsIndent(jsFirstLines(f.Stack, 8), "        ")
		}
		t.Errorf("%s: %s", f.Name, msg)
	}
	var stale []string
	for key := range knownFailures {
		if strings.HasPrefix(key, s.Name+": ") && !failing[key] && (ran[key] || full && !listed[key]) {
			stale = append(stale, key)
		}
	}
	sort.Strings(stale)
	for _, key := range stale {
		if ran[key] {
			t.Errorf("knownFailures lists %q, which passed: remove it", key)
		} else {
			t.Errorf("knownFailures lists %q, which is not a case of the suite: remove it", key)
		}
	}
	var slow []string
	for _, c := range s.Slowest {
		slow = append(slow, fmt.Sprintf("%q %d ms", c.Name, c.Ms))
	}
	t.Logf("%d/%d passed (%d known failures) in %d ms; slowest: %s", s.Passed, total, known, s.Ms, strings.Join(slow, ", "))
}

// bundleJSRunner bundles the runner as the vat runtime is bundled
// (internal/cmd/vatruntime): one IIFE script in strict mode.
func bundleJSRunner(t *testing.T) string {
	t.Helper()
	everyday, err := filepath.Abs(jsEverydayDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(everyday); err != nil {
		t.Fatalf("the everyday packages: %v", err)
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:   []string{jsRunnerEntry},
		AbsWorkingDir: jsAbsDir(t, "."),
		Bundle:        true,
		Write:         false,
		Format:        api.FormatIIFE,
		Platform:      api.PlatformNeutral,
		MainFields:    []string{"module", "main"},
		Conditions:    []string{"import", "default"},
		Target:        api.ES2022,
		Charset:       api.CharsetUTF8,
		LegalComments: api.LegalCommentsNone,
		Define:        map[string]string{"process.env.NODE_ENV": `"production"`},
		Banner:        map[string]string{"js": `"use strict";`},
		NodePaths:     []string{everyday},
		Plugins:       []api.Plugin{jsEverydayOnly(everyday)},
		Metafile:      true,
		LogLevel:      api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			loc := ""
			if m.Location != nil {
				loc = fmt.Sprintf("%s:%d: ", m.Location.File, m.Location.Line)
			}
			msgs = append(msgs, loc+m.Text)
		}
		t.Fatalf("bundle %s: %s", jsRunnerEntry, strings.Join(msgs, "; "))
	}
	if len(res.OutputFiles) != 1 {
		t.Fatalf("bundle %s: %d outputs", jsRunnerEntry, len(res.OutputFiles))
	}
	// What CI bundles: nothing from a node_modules directory.
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		t.Fatal(err)
	}
	fromEveryday := 0
	for in := range meta.Inputs {
		p := filepath.FromSlash(in)
		if !filepath.IsAbs(p) {
			p = filepath.Join(jsAbsDir(t, "."), p)
		}
		switch {
		case strings.Contains(filepath.ToSlash(p), "/node_modules/"):
			t.Errorf("bundle %s: %s comes from a node_modules directory, not %s", jsRunnerEntry, in, jsEverydayDir)
		case strings.HasPrefix(p, everyday+string(filepath.Separator)):
			fromEveryday++
		}
	}
	if fromEveryday == 0 {
		t.Errorf("bundle %s: nothing came from %s", jsRunnerEntry, jsEverydayDir)
	}
	return string(res.OutputFiles[0].Contents)
}

// jsEverydayOnly resolves every bare import from the everyday packages, as
// in CI, even where someone ran npm ci and runtime/node_modules (which
// esbuild would search first, walking up from the suites) exists.
func jsEverydayOnly(everyday string) api.Plugin {
	type again struct{}
	return api.Plugin{Name: "everyday-only", Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^[^./]`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
			if _, ok := a.PluginData.(again); ok || filepath.IsAbs(a.Path) {
				return api.OnResolveResult{}, nil
			}
			r := b.Resolve(a.Path, api.ResolveOptions{
				Importer:   a.Importer,
				Kind:       a.Kind,
				ResolveDir: everyday,
				PluginData: again{},
			})
			if len(r.Errors) > 0 {
				return api.OnResolveResult{}, fmt.Errorf("%s (imported by %s) is not among the everyday packages: %s", a.Path, a.Importer, r.Errors[0].Text)
			}
			side := api.SideEffectsTrue
			if !r.SideEffects {
				side = api.SideEffectsFalse
			}
			return api.OnResolveResult{
				Path:        r.Path,
				External:    r.External,
				SideEffects: side,
				Namespace:   r.Namespace,
				Suffix:      r.Suffix,
			}, nil
		})
	}}
}

// newJSTestVM builds a vat realm with newRealm (the vat prelude, so SES
// locked down, and the supervisor, which takes the host functions off the
// global object), gives the runner the host function it needs again, as
// __ocap_test_domainToASCII (the engine registers a name only once; the
// runner takes and removes it when it loads), and evaluates the runner.
func newJSTestVM(t *testing.T, runner string) *quickjs.VM {
	t.Helper()
	h := newHost("v-jstests", slog.New(slog.NewTextHandler(io.Discard, nil)), &launchConfig{}, nil)
	t.Cleanup(h.shutdown)
	r, err := newRealm(h, jsMemoryLimit, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.close)
	if err := r.vm.RegisterHostFunc("__ocap_test_domainToASCII", h.jsDomainToASCII); err != nil {
		t.Fatal(err)
	}
	r.vm.SetEvalTimeout(jsRunLimit)
	if _, err := r.vm.Eval(runner, quickjs.EvalGlobal); err != nil {
		t.Fatalf("evaluate the test runner: %v", err)
	}
	return r.vm
}

// runJSSuites calls __runSuites and runs the job queue until its promise
// settles. The suites use no real timer, so the job queue alone runs them;
// if it runs dry with the report not ready, the case being waited on can
// never settle: it is failed (__stallCase) and the run goes on.
func runJSSuites(t *testing.T, vm *quickjs.VM, casesJSON string, sample int, skip []string) jsReport {
	t.Helper()
	var reportJSON string
	done := false
	if err := vm.RegisterHostFunc("__jsTestDone", func(args []any) (any, error) {
		if len(args) > 0 {
			reportJSON, _ = args[0].(string)
		}
		done = true
		return quickjs.Undefined{}, nil
	}); err != nil {
		t.Fatal(err)
	}
	const start = `globalThis.__jsTestStart = (cases, options) => {
  const done = __jsTestDone;
  delete globalThis.__jsTestDone;
  globalThis.__runSuites(cases, options).then(
    (report) => done(JSON.stringify(report)),
    (error) => done(JSON.stringify({ fatal: String(error?.stack ?? error) })),
  );
};`
	if _, err := vm.Eval(start, quickjs.EvalGlobal); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(jsRunLimit)
	arm := func() {
		left := time.Until(deadline)
		if left <= 0 {
			left = time.Millisecond
		}
		vm.SetEvalTimeout(left)
	}
	arm()
	if _, err := vm.Call("__jsTestStart", casesJSON, map[string]any{"sample": sample, "skip": skip}); err != nil {
		t.Fatalf("__runSuites: %v", err)
	}
	for !done {
		arm()
		n, err := vm.ExecutePendingJobs()
		if err != nil {
			var je *quickjs.Error
			if errors.As(err, &je) && je.Name == "InternalError" && je.Message == "interrupted" {
				t.Fatalf("the suites did not finish within %v", jsRunLimit)
			}
			t.Logf("a job failed: %v", err)
			continue
		}
		if done || n > 0 {
			continue
		}
		stalled, err := vm.Call("__stallCase")
		if err != nil {
			t.Fatalf("__stallCase: %v", err)
		}
		if stalled != true {
			t.Fatal("the job queue ran dry before the suites finished, with no case waiting")
		}
	}
	if reportJSON == "" {
		t.Fatal("__runSuites settled with no report")
	}
	var report jsReport
	if err := json.Unmarshal([]byte(reportJSON), &report); err != nil {
		t.Fatalf("the report: %v", err)
	}
	if report.Fatal != "" {
		t.Fatalf("__runSuites failed: %s", report.Fatal)
	}
	if len(report.Suites) == 0 {
		t.Fatal("__runSuites reported no suites")
	}
	return report
}

func jsAbsDir(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func jsFirstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

func jsIndent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
