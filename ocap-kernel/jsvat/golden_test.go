package jsvat_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// TestGoldenEndoVat replays, step by step, what the upstream daemon
// answered with the bundle its own bundler built from endo-vat.js
// (testdata/bundles/README.md): exo guards, @agoric/store, promise kits,
// and a durable kind whose instances survive restartVat and a kernel
// restart. It runs upstream's bundle and the bundle our bundler makes from
// the same source: both must give upstream's answers.
func TestGoldenEndoVat(t *testing.T) {
	upstream, err := filepath.Abs(filepath.Join("..", "testdata", "bundles", "endo-vat.bundle"))
	if err != nil {
		t.Fatal(err)
	}
	ours, _, err := bundler.BundleFile(context.Background(), copyTo(t, filepath.Join("..", "testdata", "bundles", "endo-vat.js")))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, bundle string }{
		{"upstream bundle", upstream},
		{"our bundle", ours},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newKernel(t, 10*time.Second)
			res := h.mustLaunch("endo", map[string]any{
				"endo": vatCfg(fileURL(tc.bundle), map[string]any{"name": "endo"}),
			})
			if res.RootKref != "ko4" {
				t.Fatalf("root = %s, want ko4", res.RootKref)
			}
			wantBody(t, res.BootstrapResult.Body, `#"endo ready"`)
			steps := []struct {
				target, method string
				args           []any
				body           string
				slots          []string
			}{
				{"ko4", "guarded", nil, `#"In \"inc\" method of (Counter): arg 0: string \"x\" - Must be a number"`, nil},
				{"ko4", "note", []any{"a", 1}, `#"a"`, nil},
				{"ko4", "later", []any{"x"}, `#"later x"`, nil},
				{"ko4", "counter", []any{5}, `#"$0.Alleged: Counter"`, []string{"ko5"}},
				{"ko4", "makeTally", []any{"t1"}, `#"$0.Alleged: Tally"`, []string{"ko6"}},
				{"ko4", "tally", []any{"t1"}, `#"$0.Alleged: Tally"`, []string{"ko6"}},
				{"ko6", "add", []any{2}, `#"t1=2"`, nil},
			}
			run := func(steps []struct {
				target, method string
				args           []any
				body           string
				slots          []string
			}) {
				t.Helper()
				for _, s := range steps {
					cd, err := h.send(s.target, s.method, s.args...)
					if err != nil {
						t.Fatalf("%s.%s: %v", s.target, s.method, err)
					}
					if cd.Body != s.body || strings.Join(cd.Slots, ",") != strings.Join(s.slots, ",") {
						t.Fatalf("%s.%s = %s %v, want %s %v", s.target, s.method, cd.Body, cd.Slots, s.body, s.slots)
					}
				}
			}
			run(steps)
			// The durable instance survives restartVat.
			if out := h.mustCall("restartVat", map[string]any{"id": "v1"}); out != "null" {
				t.Fatalf("restartVat = %s", out)
			}
			wantBody(t, h.mustSend("ko6", "add", 3), `#"t1=5"`)
			cd, err := h.send("ko4", "tally", "t1")
			if err != nil || cd.Body != `#"$0.Alleged: Tally"` || len(cd.Slots) != 1 || cd.Slots[0] != "ko6" {
				t.Fatalf("tally after restartVat = %+v, %v", cd, err)
			}
			// And a kernel restart.
			h.reopen()
			wantBody(t, h.mustSend("ko6", "add", 4), `#"t1=9"`)
			wantBody(t, h.mustSend("ko6", "read"), `#"t1=9"`)
			// A plain exo from before the restarts is gone: liveslots
			// fails the delivery and the kernel terminates the vat.
			_, err = h.send("ko5", "value")
			if err == nil || err.Error() != `[KERNEL:VAT_FATAL:INTERNAL_ERROR] I don't remember allocating "o+11"` {
				t.Fatalf("ko5.value after restarts: err = %v", err)
			}
			st, err := h.k.GetStatus(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range st.Vats {
				if v.ID == "v1" {
					t.Fatalf("vat v1 still runs after its fatal delivery")
				}
			}
		})
	}
}

// copyTo copies a file into a fresh temporary directory and returns the
// copy's path.
func copyTo(t *testing.T, src string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
