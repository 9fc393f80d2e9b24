package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ocap-kernel/ocap-go/cli/internal/daemontest"
	"github.com/ocap-kernel/ocap-go/cli/internal/ui"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

var uiScreenshots = flag.Bool("ui.screenshots", false, "write screenshots of the panel's views to docs/ui-*.png")

// chromiumPath is Debian's chromium (scripts/install-chromium.sh installs it).
func chromiumPath() string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// bundleExamples bundles example vats with the real bundler into dir.
func bundleExamples(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		b, err := bundler.Bundle(context.Background(), "../../../examples/vats/"+n+".js")
		if err != nil {
			t.Fatal(err)
		}
		data, err := bundler.Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n+".bundle"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPanelInBrowser drives the panel in headless Chromium, one browser
// with two tabs, against a real daemon: launch examples/vats/hello-cluster.json
// from the page, send hello, watch the vat table and the graph follow
// changes, run SQL, restart a vat, reload, and survive a daemon restart.
func TestPanelInBrowser(t *testing.T) {
	chromium := chromiumPath()
	if chromium == "" {
		t.Skip("Chromium not found (/usr/bin/chromium): run scripts/install-chromium.sh to run the panel's browser tests")
	}
	bundles := t.TempDir()
	bundleExamples(t, bundles, "sample-vat", "importer-vat", "exporter-vat")
	d := daemontest.Start(t)
	home := d.Home

	var logBuf bytes.Buffer
	srv, err := ui.Listen(uiOptions("127.0.0.1:0", home, &logBuf))
	if err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx) }()
	defer func() {
		scancel()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()

	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer acancel()
	// A failure deadline for the whole browser session, not pacing.
	actx, tcancel := context.WithTimeout(actx, 4*time.Minute)
	defer tcancel()
	tab1, cancel1 := chromedp.NewContext(actx)
	defer cancel1()

	run := func(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("browser: %v\npanel log:\n%s", err, logBuf.String())
		}
	}
	// waitJS waits until a JavaScript expression is true in the page.
	waitJS := func(ctx context.Context, what, expr string) {
		t.Helper()
		var err error
		for range 20 {
			_, err = chromedp.Run(ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(45*time.Second), chromedp.WithPollingInterval(20*time.Millisecond)))
			// Just after a navigation the poll can target the old
			// document's context, which is gone: poll again.
			if err == nil || !strings.Contains(err.Error(), "Cannot find context with specified id") {
				break
			}
		}
		if err != nil {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').innerText.slice(0, 2000)`))
			t.Fatalf("waiting for %s: %v\npage:\n%s\npanel log:\n%s", what, err, got, logBuf.String())
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q).textContent`, sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	click := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
	setValue := func(sel, v string) chromedp.Action[chromedp.Void] { return chromedp.SetValue(chromedp.CSS(sel), v) }
	shot := func(ctx context.Context, name string) {
		t.Helper()
		if !*uiScreenshots {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "..", "docs", "ui-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// choose picks an option of a select as a user does: value, then change.
	choose := func(sel, v string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event('change')); })()`, sel, v))
	}
	rows := func(table string) string {
		return fmt.Sprintf(`document.querySelectorAll('%s tbody tr').length`, table)
	}
	connected := `['live','unsupported'].includes(document.getElementById('conn').dataset.state)`

	// The printed URL authenticates once; the page then runs on the cookie.
	run(tab1, chromedp.Navigate(srv.URL()))
	waitJS(tab1, "the panel to connect", connected)
	loc, _ := chromedp.Run(tab1, chromedp.Evaluate[string](`location.href`))
	if strings.Contains(loc, "token") {
		t.Fatalf("the token stays in the address bar: %s", loc)
	}
	if s := text(tab1, "#conn"); s != "Live" {
		t.Fatalf("the banner says %q, want Live: the daemon's subscribeKernelEvents feeds the panel", s)
	}

	// A second tab, opened without the token: the cookie lets it in.
	tab2, cancel2 := chromedp.NewContext(tab1)
	defer cancel2()
	run(tab2, chromedp.Navigate("http://"+srv.Addr().String()+"/#vats"))
	waitJS(tab2, "the second tab to connect", connected)

	// Launch hello-cluster.json, pasted, with its bundles given as paths.
	cfg, err := os.ReadFile("../../../examples/vats/hello-cluster.json")
	if err != nil {
		t.Fatal(err)
	}
	cfgText := strings.ReplaceAll(string(cfg), `"./sample-vat.bundle"`, fmt.Sprintf("%q", filepath.Join(bundles, "sample-vat.bundle")))
	run(tab1, click(`#nav [data-view=launch]`), setValue("#launch-config", cfgText), click("#launch-go"))
	waitJS(tab1, "the launch result", `document.getElementById('launch-out').textContent.includes('rootKref')`)
	if out := text(tab1, "#launch-out"); strings.Contains(out, "Error") {
		t.Fatalf("launch: %s", out)
	}
	shot(tab1, "launch")
	run(tab1, click(`#nav [data-view=vats]`))
	waitJS(tab1, "three vats in the table", rows("#vats-table")+` === 3 && document.querySelector('#vats-table tr[data-vat=v1]').textContent.includes('alice')`)
	waitJS(tab2, "the other tab to show the three vats", rows("#vats-table")+` === 3`)

	// Send hello to alice's root object: the decoded answer is shown.
	run(tab1, click(`#nav [data-view=send]`), setValue("#send-method", "hello"), setValue("#send-args", `["panel"]`), click("#send-go"))
	waitJS(tab1, "the answer to hello", `document.getElementById('send-out').textContent.includes('vat Alice got \\"hello\\" from panel')`)
	if raw := text(tab1, "#send-raw"); !strings.Contains(raw, `"body"`) {
		t.Fatalf("raw result %q", raw)
	}
	shot(tab1, "send")
	// An error is shown to the user, not swallowed.
	run(tab1, setValue("#send-target", "ko999"), click("#send-go"))
	waitJS(tab1, "the error of a send to nothing", `document.getElementById('send-out').textContent.startsWith('Error:')`)

	// Remote comms: issue an OCAP URL for alice's root object and redeem it.
	var launched struct{ RootKref string }
	if err := json.Unmarshal([]byte(text(tab1, "#launch-out")), &launched); err != nil || launched.RootKref == "" {
		t.Fatalf("launch result %q: %v", text(tab1, "#launch-out"), err)
	}
	run(tab1, click(`#nav [data-view=remote]`), setValue("#url-kref", launched.RootKref), click("#url-issue"))
	waitJS(tab1, "an OCAP URL", `document.getElementById('url-out').textContent.startsWith('ocap:')`)
	run(tab1, click("#url-redeem"))
	waitJS(tab1, "the redeemed kref", `document.getElementById('redeem-out').textContent === 'kref: `+launched.RootKref+`'`)
	if st := text(tab1, "#remote-status"); !strings.Contains(st, `"identity-only"`) {
		t.Fatalf("remote status %q", st)
	}
	shot(tab1, "remote")

	// The graph: three vat nodes; then a subcluster launched outside the
	// panel, whose importer keeps its exporter's root, adds two nodes and
	// an edge, live, without the page doing anything.
	run(tab1, click(`#nav [data-view=graph]`))
	waitJS(tab1, "the graph's vat nodes", `document.querySelectorAll('#graph g[data-node^=v]').length === 3`)
	imp := fmt.Sprintf(`{"bootstrap":"importer","vats":{"importer":{"bundleSpec":%q},"exporter":{"bundleSpec":%q}}}`,
		"file://"+filepath.Join(bundles, "importer-vat.bundle"), "file://"+filepath.Join(bundles, "exporter-vat.bundle"))
	var lr struct{ RootKref string }
	json.Unmarshal(d.Call("launchSubcluster", map[string]json.RawMessage{"config": json.RawMessage(imp)}), &lr)
	for i := range 3 {
		d.Call("queueMessage", []any{lr.RootKref, "importFrom", []any{fmt.Sprintf("obj%d", i)}})
	}
	waitJS(tab1, "the importer's edge in the graph", `(() => { const e = document.querySelector('#graph g[data-from=v4][data-to=v5]'); return e && e.textContent === '4'; })()`)
	shot(tab1, "graph")

	// The object registry of the importer lists its imports, paged.
	run(tab1, click(`#nav [data-view=objects]`), choose("#obj-endpoint", "v4"))
	waitJS(tab1, "the importer's registry", rows("#obj-table")+` >= 5 && document.getElementById('obj-table').textContent.includes('owner v5')`)
	shot(tab1, "objects")

	// A write is refused; a read-only SQL query runs; a table is browsed
	// page by page.
	run(tab1, click(`#nav [data-view=db]`), setValue("#db-sql", "DELETE FROM kv"), click("#db-run"))
	waitJS(tab1, "the refusal of a write", `document.getElementById('db-info').textContent.includes('read-only')`)
	run(tab1, setValue("#db-sql", "SELECT key, value FROM kv WHERE key GLOB 'v4.c.ko*' ORDER BY key"), click("#db-run"))
	waitJS(tab1, "the query's rows", rows("#db-out")+` === 5 && document.getElementById('db-info').textContent === '5 rows'`)
	shot(tab1, "database")
	waitJS(tab1, "the table buttons", `document.querySelector('#db-tables [data-table=kv]')`)
	run(tab1, click(`#db-tables [data-table=kv]`))
	waitJS(tab1, "the first page of kv", `document.getElementById('db-info').textContent.startsWith('kv: rows 1–50 of ')`)
	run(tab1, click("#db-next"))
	waitJS(tab1, "the second page of kv", `document.getElementById('db-info').textContent.startsWith('kv: rows 51–')`)

	// Restart a vat from its row; ping it.
	run(tab1, click(`#nav [data-view=vats]`))
	waitJS(tab1, "five vats", rows("#vats-table")+` === 5`)
	run(tab1, click(`#vats-table tr[data-vat=v2] button.restart`))
	waitJS(tab1, "the restart", `document.querySelector('#vats-table tr[data-vat=v2] .result').textContent === 'restart: done'`)
	run(tab1, click(`#vats-table tr[data-vat=v2] button.ping`))
	waitJS(tab1, "the ping", `document.querySelector('#vats-table tr[data-vat=v2] .result').textContent === 'pong'`)
	// A kernel control asks first; cancelling changes nothing.
	run(tab1, click("#ctl-terminate-all"))
	waitJS(tab1, "the confirmation", `!document.getElementById('confirm').hidden`)
	run(tab1, click("#confirm-no"), click("#ctl-collect"))
	waitJS(tab1, "collectGarbage", `document.getElementById('ctl-out').textContent === 'collectGarbage: done'`)
	if n := len(vatIDs(t, d)); n != 5 {
		t.Fatalf("after a cancelled terminate-all %d vats run", n)
	}
	shot(tab1, "vats")

	// The log view, filtered by vat.
	run(tab1, click(`#nav [data-view=log]`), choose("#log-vat", "v1"))
	waitJS(tab1, "v1's log lines", `(() => { const l = [...document.querySelectorAll('#log-list div')]; return l.length > 0 && l.every((d) => d.textContent.includes('[v1]')); })()`)
	shot(tab1, "log")
	run(tab1, click(`#nav [data-view=vats]`))

	// A reload keeps the session.
	run(tab1, chromedp.Reload())
	waitJS(tab1, "the reloaded page", connected+` && `+rows("#vats-table")+` === 5`)

	// The daemon restarts under the panel: both tabs say so, then recover.
	d.Stop()
	waitJS(tab1, "the reconnecting banner", `document.getElementById('conn').dataset.state === 'connecting'`)
	waitJS(tab2, "the reconnecting banner in tab 2", `document.getElementById('conn').dataset.state === 'connecting'`)
	if s := text(tab1, "#conn"); !strings.Contains(s, "Reconnecting") {
		t.Fatalf("banner %q", s)
	}
	d.Start()
	waitJS(tab1, "the panel to recover", connected+` && `+rows("#vats-table")+` === 5`)
	waitJS(tab2, "tab 2 to recover", connected+` && `+rows("#vats-table")+` === 5`)
	run(tab1, click(`#vats-table tr[data-vat=v1] button.ping`))
	waitJS(tab1, "a ping after the restart", `document.querySelector('#vats-table tr[data-vat=v1] .result').textContent === 'pong'`)

	// A confirmed kernel control does its work.
	run(tab1, click("#ctl-terminate-all"))
	waitJS(tab1, "the confirmation", `!document.getElementById('confirm').hidden`)
	run(tab1, click("#confirm-yes"))
	waitJS(tab1, "terminateAllVats", `document.getElementById('ctl-out').textContent === 'terminateAllVats: done' && `+rows("#vats-table")+` === 0`)
	if ids := vatIDs(t, d); len(ids) != 0 {
		t.Fatalf("after terminate-all, vats %v run", ids)
	}
}

func vatIDs(t *testing.T, d *daemontest.Daemon) []string {
	var st struct{ Vats []struct{ ID string } }
	json.Unmarshal(d.Call("getStatus", nil), &st)
	var ids []string
	for _, v := range st.Vats {
		ids = append(ids, v.ID)
	}
	return ids
}

func TestUIHooks(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in, want, wantErr string
	}{
		{"string", `{"body":"#\"hi\"","slots":[]}`, `"hi"`, ""},
		{"slot", `{"body":"#{\"o\":\"$0.Alleged: Counter\",\"n\":\"+7\"}","slots":["ko5"]}`, `{"o":"<ko5> (Alleged: Counter)","n":"7n"}`, ""},
		{"not capdata", `{"x":1}`, `{"x":1}`, ""},
		{"bad body", `{"body":"x","slots":[]}`, "", "Expected body to start with '#'"},
	} {
		t.Run("prettify "+tc.name, func(t *testing.T) {
			got, err := prettifyResult(json.RawMessage(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("prettify %s = %s, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, in, want, wantErr string
	}{
		{"relative path", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"x/a.bundle"}}}}`,
			`{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"file://` + cwd + `/x/a.bundle"}}}}`, ""},
		{"absolute path", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"/b/a.bundle"}}}}`,
			`{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"file:///b/a.bundle"}}}}`, ""},
		{"url", `{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"http://localhost:3000/a.bundle"}}}}`,
			`{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"http://localhost:3000/a.bundle"}}}}`, ""},
		{"null vats", `{"config":{"bootstrap":"a","vats":null}}`, "", "config.vats is null"},
	} {
		t.Run("launch "+tc.name, func(t *testing.T) {
			got, err := resolveLaunchParams(json.RawMessage(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("resolve %s = %s, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestDaemonUIRefusesNonLoopback(t *testing.T) {
	var out, errOut bytes.Buffer
	home := t.TempDir()
	code := Main([]string{"daemon", "ui", "--home", home, "--addr", "0.0.0.0:0"}, &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "loopback addresses only") || out.Len() != 0 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	// Refused before anything starts: no daemon was spawned in the home.
	entries, _ := os.ReadDir(home)
	if len(entries) != 0 {
		t.Fatalf("the home has %v", entries)
	}
}
