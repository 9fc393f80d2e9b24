package bundler_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// The golden interchange: testdata/bundles/endo-vat.js, a vat in upstream
// style (exo classes with guards, @agoric/store, promise kits, a durable
// kind in baggage), and endo-vat.bundle, that source as upstream's bundler
// (vite) wrote it.
var (
	goldenSource = filepath.Join("..", "testdata", "bundles", "endo-vat.js")
	goldenBundle = filepath.Join("..", "testdata", "bundles", "endo-vat.bundle")
)

// TestGoldenFormat: our bundle of endo-vat.js has the top-level shape of
// upstream's bundle of it.
func TestGoldenFormat(t *testing.T) {
	upstreamData, err := os.ReadFile(goldenBundle)
	if err != nil {
		t.Fatal(err)
	}
	ours := encode(t, mustBundle(t, copyToTemp(t, goldenSource)))
	var up, our map[string]json.RawMessage
	if err := json.Unmarshal(upstreamData, &up); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(ours, &our); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keys(up), keys(our)) {
		t.Errorf("keys: ours %v, upstream's %v", keys(our), keys(up))
	}
	for _, k := range []string{"moduleFormat", "exports", "external"} {
		if string(up[k]) != string(our[k]) {
			t.Errorf("%s: ours %s, upstream's %s", k, our[k], up[k])
		}
	}
	for _, data := range [][]byte{upstreamData, ours} {
		if _, err := kernelutils.ParseVatBundle(data); err != nil {
			t.Errorf("ParseVatBundle: %v", err)
		}
	}
}

// goldenStep is one delivery to the endo vat and the answer upstream's
// kernel gives (testdata/bundles/README.md).
type goldenStep struct {
	target   string // "o+0", or "counter"/"tally" for the objects made earlier
	methargs api.CapData
	body     string
	slot     string // the vref the answer carries ("" for none, "counter" for the counter's)
	rejected bool
}

// TestGoldenRun runs upstream's bundle and ours side by side in real vats,
// delivery by delivery, and checks that both give upstream's answers with
// the same syscalls and vatstore writes.
func TestGoldenRun(t *testing.T) {
	upstream, err := filepath.Abs(goldenBundle)
	if err != nil {
		t.Fatal(err)
	}
	ours := writeBundle(t, mustBundle(t, copyToTemp(t, goldenSource)))
	opts := vatOptions{params: map[string]any{"name": "endo"}}
	vats := []*testVat{startBundle(t, upstream, opts), startBundle(t, ours, opts)}
	names := []string{"upstream's bundle", "our bundle"}
	if !reflect.DeepEqual(vats[0].init, vats[1].init) {
		t.Errorf("startVat differs:\n upstream: %+v\n ours:     %+v", vats[0].init, vats[1].init)
	}
	m := func(body string, slots ...string) api.CapData {
		if slots == nil {
			slots = []string{}
		}
		return api.CapData{Body: body, Slots: slots}
	}
	steps := []goldenStep{
		{target: "o+0", methargs: m(`#["bootstrap",[]]`), body: `#"endo ready"`},
		{target: "o+0", methargs: m(`#["guarded",[]]`), body: `#"In \"inc\" method of (Counter): arg 0: string \"x\" - Must be a number"`},
		{target: "o+0", methargs: m(`#["note",["a",1]]`), body: `#"a"`},
		{target: "o+0", methargs: m(`#["note",["b",2]]`), body: `#"a,b"`},
		{target: "o+0", methargs: m(`#["later",["x"]]`), body: `#"later x"`},
		{target: "o+0", methargs: m(`#["counter",[5]]`), body: `#"$0.Alleged: Counter"`, slot: "counter"},
		{target: "o+0", methargs: m(`#["makeTally",["t1"]]`), body: `#"$0.Alleged: Tally"`, slot: "o+d10/1"},
		{target: "o+0", methargs: m(`#["tally",["t1"]]`), body: `#"$0.Alleged: Tally"`, slot: "o+d10/1"},
		{target: "tally", methargs: m(`#["add",[2]]`), body: `#"t1=2"`},
		{target: "tally", methargs: m(`#["read",[]]`), body: `#"t1=2"`},
		{target: "counter", methargs: m(`#["inc",[3]]`), body: `#8`},
		{target: "counter", methargs: m(`#["inc",["x"]]`), body: `#{"#error":"In \"inc\" method of (Counter): arg 0: string \"x\" - Must be a number","errorId":"error:liveSlots:v1#70001","name":"Error"}`, rejected: true},
		{target: "counter", methargs: m(`#["value",[]]`), body: `#8`},
		// The counter passed back in: E(counter).inc(4) inside the vat.
		{target: "o+0", methargs: m(`#["askCounter",["$0.Alleged: Counter",4]]`, "counter"), body: `#12`},
	}
	counter := ""
	for i, s := range steps {
		var results [2]answer
		for j, v := range vats {
			target, md := s.target, s.methargs
			switch target {
			case "counter":
				target = counter
			case "tally":
				target = "o+d10/1"
			}
			md.Slots = slices.Clone(md.Slots)
			for k, sl := range md.Slots {
				if sl == "counter" {
					md.Slots[k] = counter
				}
			}
			a := v.deliverCapData(target, md)
			results[j] = a
			if a.rejected != s.rejected || a.data.Body != s.body {
				t.Errorf("step %d, %s: %s %s = %s (rejected %v), want %s (rejected %v)", i, names[j], target, md.Body, a.data.Body, a.rejected, s.body, s.rejected)
			}
			switch {
			case s.slot == "":
				if len(a.data.Slots) != 0 {
					t.Errorf("step %d, %s: slots %v, want none", i, names[j], a.data.Slots)
				}
			case s.slot == "counter":
				if len(a.data.Slots) != 1 || !regexpVref.MatchString(a.data.Slots[0]) {
					t.Fatalf("step %d, %s: slots %v, want one o+N", i, names[j], a.data.Slots)
				}
				if j == 0 {
					counter = a.data.Slots[0]
				}
			default:
				if len(a.data.Slots) != 1 || a.data.Slots[0] != s.slot {
					t.Errorf("step %d, %s: slots %v, want [%s]", i, names[j], a.data.Slots, s.slot)
				}
			}
		}
		if !reflect.DeepEqual(results[0].res, results[1].res) {
			t.Errorf("step %d (%s %s): the vats did different things:\n upstream: %+v\n ours:     %+v", i, s.target, s.methargs.Body, results[0].res, results[1].res)
		}
	}
	// A garbage collection crank, too.
	var boyd [2]vat.Result
	for j, v := range vats {
		boyd[j] = v.deliverRaw(vat.Delivery{Kind: vat.DeliverBringOutYourDead})
	}
	if !reflect.DeepEqual(boyd[0], boyd[1]) {
		t.Errorf("bringOutYourDead differs:\n upstream: %+v\n ours:     %+v", boyd[0], boyd[1])
	}
}

// copyToTemp copies a file into a fresh temporary directory (so that no
// node_modules of the repository is above it) and returns the copy.
func copyToTemp(t testing.TB, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	requireNoNodeModulesAbove(t, dir)
	p := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// regexpVref matches the vref of an ephemeral object a vat exports.
var regexpVref = regexp.MustCompile(`^o\+[0-9]+$`)
