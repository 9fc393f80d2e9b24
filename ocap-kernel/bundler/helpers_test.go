package bundler_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// files is a tree of test files: slash-separated path -> content.
type files map[string]string

// write creates the files under dir.
func write(t testing.TB, dir string, fs files) {
	t.Helper()
	for name, content := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// mustBundle bundles entry, failing the test on error.
func mustBundle(t testing.TB, entry string) *kernelutils.VatBundle {
	t.Helper()
	b, err := bundler.Bundle(context.Background(), entry)
	if err != nil {
		t.Fatalf("Bundle(%s): %v", entry, err)
	}
	return b
}

// encode is bundler.Encode failing the test on error.
func encode(t testing.TB, b *kernelutils.VatBundle) []byte {
	t.Helper()
	data, err := bundler.Encode(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// requireNoNodeModulesAbove skips the test when a node_modules directory
// exists in dir or any directory above it: esbuild would search it before
// the built-in packages, and the test is about bundling without one.
func requireNoNodeModulesAbove(t testing.TB, dir string) {
	t.Helper()
	for d := dir; ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		if _, err := os.Stat(nm); err == nil {
			t.Skipf("%s exists: this test bundles with no node_modules above its temporary directory %s; remove it (or set TMPDIR to a directory without one above it) to run the test", nm, dir)
		}
		if filepath.Dir(d) == d {
			return
		}
	}
}

// vatRuntime is one vat runtime shared by the tests: it is safe for
// concurrent use.
var vatRuntime = sync.OnceValue(func() *jsvat.Runtime { return jsvat.NewRuntime(jsvat.Options{}) })

// testVat is one running JavaScript vat, driven delivery by delivery as
// the kernel drives it.
type testVat struct {
	t      testing.TB
	w      vat.Worker
	init   vat.Result
	nextID int
}

// vatOptions are what a test vat is launched with.
type vatOptions struct {
	params  any // JSON-marshalled; nil for none
	globals []string
}

func fileURL(path string) string {
	return (&url.URL{Scheme: "file", Path: path}).String()
}

// writeBundle writes b to a fresh file and returns its path.
func writeBundle(t testing.TB, b *kernelutils.VatBundle) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "vat"+bundler.Extension)
	if err := os.WriteFile(p, encode(t, b), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// startBundle launches the bundle file at path in a real vat and starts
// it (liveslots' startVat, which runs buildRootObject).
func startBundle(t testing.TB, path string, opts vatOptions) *testVat {
	t.Helper()
	v, err := tryStartBundle(t, path, opts)
	if err != nil {
		t.Fatalf("start vat %s: %v", path, err)
	}
	return v
}

// tryStartBundle is startBundle returning the launch or start failure.
func tryStartBundle(t testing.TB, path string, opts vatOptions) (*testVat, error) {
	t.Helper()
	cfg := api.VatConfig{BundleSpec: fileURL(path), Globals: opts.globals}
	if opts.params != nil {
		p, err := json.Marshal(opts.params)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Parameters = p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w, err := vatRuntime().Launch(ctx, "v1", cfg)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { w.Close() })
	res, err := w.Init(ctx, nil)
	if err != nil {
		return nil, err
	}
	if res.Error != "" {
		return nil, fmt.Errorf("startVat: %s", res.Error)
	}
	return &testVat{t: t, w: w, init: res}, nil
}

// startVat bundles entry and starts it in a real vat.
func startVat(t testing.TB, entry string, opts vatOptions) *testVat {
	t.Helper()
	return startBundle(t, writeBundle(t, mustBundle(t, entry)), opts)
}

// answer is what a vat resolved a message's result promise with.
type answer struct {
	rejected bool
	data     api.CapData
	res      vat.Result // the whole delivery
}

// deliver sends method(args...) to target (a vref of the vat's exports,
// "o+0" for the root object) and returns how the vat resolved the result.
func (v *testVat) deliver(target, method string, args ...any) answer {
	v.t.Helper()
	return v.deliverCapData(target, api.CapData{Body: methargs(v.t, method, args), Slots: []string{}})
}

// deliverCapData sends a message whose methargs are given as capdata.
func (v *testVat) deliverCapData(target string, methargs api.CapData) answer {
	v.t.Helper()
	v.nextID++
	vpid := fmt.Sprintf("p-%d", v.nextID)
	res := v.deliverRaw(vat.Delivery{
		Kind:    vat.DeliverMessage,
		Target:  target,
		Message: vat.Message{Methargs: methargs, Result: vpid},
	})
	if res.Error != "" {
		v.t.Fatalf("deliver %s %s: delivery failed: %s", target, methargs.Body, res.Error)
	}
	for _, sc := range res.Syscalls {
		if sc.Kind != vat.SyscallResolve {
			continue
		}
		for _, r := range sc.Resolutions {
			if r.VPID == vpid {
				return answer{rejected: r.Rejected, data: r.Data, res: res}
			}
		}
	}
	v.t.Fatalf("deliver %s %s: the vat did not resolve %s; syscalls %+v", target, methargs.Body, vpid, res.Syscalls)
	return answer{}
}

// deliverRaw makes one delivery and returns what the vat did.
func (v *testVat) deliverRaw(d vat.Delivery) vat.Result {
	v.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := v.w.Deliver(ctx, d)
	if err != nil {
		v.t.Fatalf("deliver %s to %s: %v", d.Kind, d.Target, err)
	}
	return res
}

// call sends method(args...) to the root object and returns the answer's
// capdata, failing the test if the vat rejected it.
func (v *testVat) call(method string, args ...any) api.CapData {
	v.t.Helper()
	a := v.deliver("o+0", method, args...)
	if a.rejected {
		v.t.Fatalf("%s: rejected with %s", method, a.data.Body)
	}
	return a.data
}

// callValue is call decoding a JSON-like answer (no slots, no special
// smallcaps encodings other than strings escaped with "!").
func (v *testVat) callValue(method string, args ...any) any {
	v.t.Helper()
	cd := v.call(method, args...)
	return decodeBody(v.t, cd)
}

// callString is callValue for an answer that must be a string.
func (v *testVat) callString(method string, args ...any) string {
	v.t.Helper()
	got := v.callValue(method, args...)
	s, ok := got.(string)
	if !ok {
		v.t.Fatalf("%s = %#v, want a string", method, got)
	}
	return s
}

// methargs is the smallcaps body of [method, args].
func methargs(t testing.TB, method string, args []any) string {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	b, err := json.Marshal([]any{escape(method), escapeAll(args)})
	if err != nil {
		t.Fatal(err)
	}
	return "#" + string(b)
}

// smallcapsSpecial are the first characters of a string that smallcaps
// escapes with "!".
const smallcapsSpecial = "!\"#$%&'()*+,-"

func escape(s string) string {
	if s != "" && strings.ContainsRune(smallcapsSpecial, rune(s[0])) {
		return "!" + s
	}
	return s
}

func escapeAll(v any) any {
	switch x := v.(type) {
	case string:
		return escape(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = escapeAll(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = escapeAll(e)
		}
		return out
	default:
		return v
	}
}

func unescapeAll(v any) any {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "!") {
			return x[1:]
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = unescapeAll(e)
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = unescapeAll(e)
		}
		return x
	default:
		return v
	}
}

// decodeBody decodes a smallcaps body holding only JSON values.
func decodeBody(t testing.TB, cd api.CapData) any {
	t.Helper()
	if len(cd.Slots) != 0 || !strings.HasPrefix(cd.Body, "#") {
		t.Fatalf("answer %s %v is not plain data", cd.Body, cd.Slots)
	}
	var v any
	if err := json.Unmarshal([]byte(cd.Body[1:]), &v); err != nil {
		t.Fatalf("decode %s: %v", cd.Body, err)
	}
	if s, ok := v.(string); ok && strings.HasPrefix(s, "#") {
		t.Fatalf("answer %s is a special smallcaps value", cd.Body)
	}
	return unescapeAll(v)
}

// jsonOf is v as compact JSON, for comparing decoded answers.
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
