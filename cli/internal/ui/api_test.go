package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/cli/internal/daemontest"
)

// TestActions calls every panel action on a real daemon and checks that
// it reached the daemon's method of the same name: by its result, or by
// the daemon's state afterwards.
func TestActions(t *testing.T) {
	d := daemontest.Start(t)
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)
	cluster := string(helloCluster(t, sampleBundle(t)))
	var root, subcluster, url string
	vats := func() []string {
		var ids []string
		for _, v := range status(t, d).Vats {
			ids = append(ids, v.ID)
		}
		return ids
	}
	steps := []struct {
		method string
		params func() string
		check  func(t *testing.T, r callResult)
	}{
		{"launchSubcluster", func() string { return `{"config":` + cluster + `}` }, func(t *testing.T, r callResult) {
			var lr struct{ SubclusterID, RootKref string }
			json.Unmarshal(r.Result, &lr)
			root, subcluster = lr.RootKref, lr.SubclusterID
			if root == "" || subcluster == "" || len(vats()) != 3 {
				t.Fatalf("launch: %s; vats %v", r.Result, vats())
			}
		}},
		{"getStatus", nil, func(t *testing.T, r callResult) {
			if !strings.Contains(string(r.Result), `"subclusterId":"`+subcluster+`"`) {
				t.Fatalf("getStatus: %s", r.Result)
			}
		}},
		{"queueMessage", func() string { return fmt.Sprintf(`[%q,"hello",["panel"]]`, root) }, func(t *testing.T, r callResult) {
			if !strings.Contains(string(r.Result), `vat Alice got \\\"hello\\\" from panel`) {
				t.Fatalf("queueMessage: %s", r.Result)
			}
		}},
		{"pingVat", func() string { return `{"id":"v1"}` }, func(t *testing.T, r callResult) {
			if string(r.Result) != `"pong"` {
				t.Fatalf("pingVat: %s", r.Result)
			}
		}},
		{"restartVat", func() string { return `{"id":"v2"}` }, func(t *testing.T, r callResult) {
			if string(r.Result) != "null" || len(vats()) != 3 {
				t.Fatalf("restartVat: %s; vats %v", r.Result, vats())
			}
		}},
		{"executeDBQuery", func() string { return `{"sql":"SELECT value FROM kv WHERE key = 'v2.o.nextID' OR key = 'nextVatId'"}` }, func(t *testing.T, r callResult) {
			if !strings.Contains(string(r.Result), `"value":"4"`) {
				t.Fatalf("executeDBQuery: %s", r.Result)
			}
		}},
		{"issueOcapURL", func() string { return fmt.Sprintf(`{"kref":%q}`, root) }, func(t *testing.T, r callResult) {
			json.Unmarshal(r.Result, &url)
			if !strings.HasPrefix(url, "ocap:") {
				t.Fatalf("issueOcapURL: %s", r.Result)
			}
		}},
		{"redeemOcapURL", func() string { return fmt.Sprintf(`{"url":%q}`, url) }, func(t *testing.T, r callResult) {
			if string(r.Result) != fmt.Sprintf("%q", root) {
				t.Fatalf("redeemOcapURL: %s, want %q", r.Result, root)
			}
		}},
		// The issued URL made the kernel hold root for outside; releasing
		// the hold leaves the root to its vat.
		{"releaseKrefs", func() string { return fmt.Sprintf(`{"krefs":[%q]}`, root) }, func(t *testing.T, r callResult) {
			held := d.Call("executeDBQuery", map[string]string{"sql": "SELECT key FROM kv WHERE key = 'outsideHold." + root + "'"})
			if string(r.Result) != "null" || string(held) != "[]" {
				t.Fatalf("releaseKrefs: %s; holds left %s", r.Result, held)
			}
		}},
		{"isRevoked", func() string { return fmt.Sprintf(`{"kref":%q}`, root) }, func(t *testing.T, r callResult) {
			if string(r.Result) != "false" {
				t.Fatalf("isRevoked: %s", r.Result)
			}
		}},
		{"revoke", func() string { return fmt.Sprintf(`{"kref":%q}`, root) }, func(t *testing.T, r callResult) {
			if res := d.Call("isRevoked", map[string]string{"kref": root}); string(res) != "true" {
				t.Fatalf("after revoke, isRevoked = %s", res)
			}
		}},
		{"collectGarbage", nil, func(t *testing.T, r callResult) {
			if string(r.Result) != "null" {
				t.Fatalf("collectGarbage: %s", r.Result)
			}
		}},
		{"initRemoteComms", func() string { return `{"directListenAddresses":["/ip4/127.0.0.1/tcp/0"]}` }, func(t *testing.T, r callResult) {
			var st struct {
				RemoteComms struct{ State, PeerID string } `json:"remoteComms"`
			}
			json.Unmarshal(d.Call("getStatus", nil), &st)
			if st.RemoteComms.State != "connected" {
				t.Fatalf("after initRemoteComms: %+v", st.RemoteComms)
			}
		}},
		{"registerLocationHints", func() string {
			var st struct {
				RemoteComms struct{ PeerID string } `json:"remoteComms"`
			}
			json.Unmarshal(d.Call("getStatus", nil), &st)
			return fmt.Sprintf(`{"peerId":%q,"hints":["/ip4/127.0.0.1/tcp/9/ws/p2p/%s"]}`, st.RemoteComms.PeerID, st.RemoteComms.PeerID)
		}, func(t *testing.T, r callResult) {
			if string(r.Result) != "null" {
				t.Fatalf("registerLocationHints: %s", r.Result)
			}
		}},
		{"terminateVat", func() string { return `{"id":"v3"}` }, func(t *testing.T, r callResult) {
			if got := vats(); len(got) != 2 {
				t.Fatalf("after terminateVat v3: vats %v", got)
			}
		}},
		{"terminateSubcluster", func() string { return fmt.Sprintf(`{"id":%q}`, subcluster) }, func(t *testing.T, r callResult) {
			if st := status(t, d); len(st.Vats) != 0 || len(st.Subclusters) != 0 {
				t.Fatalf("after terminateSubcluster: %+v", st)
			}
		}},
		{"launchSubcluster", func() string { return `{"config":` + cluster + `}` }, nil},
		{"terminateAllVats", nil, func(t *testing.T, r callResult) {
			if got := vats(); len(got) != 0 {
				t.Fatalf("after terminateAllVats: vats %v", got)
			}
		}},
		{"clearState", nil, func(t *testing.T, r callResult) {
			if st := status(t, d); len(st.Subclusters) != 0 {
				t.Fatalf("after clearState: %+v", st)
			}
		}},
	}
	seen := map[string]bool{}
	for _, step := range steps {
		seen[step.method] = true
		params := ""
		if step.params != nil {
			params = step.params()
		}
		r := c.callOK(step.method, params)
		if step.check != nil {
			t.Run(step.method, func(t *testing.T) { step.check(t, r) })
		}
	}
	for m := range actions {
		if !seen[m] {
			t.Errorf("action %s is not tested", m)
		}
	}
}

// TestErrors: what the user sees when an action fails.
func TestErrors(t *testing.T) {
	d := daemontest.Start(t)
	d.Call("launchSubcluster", map[string]json.RawMessage{"config": helloCluster(t, sampleBundle(t))})
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)
	for _, tc := range []struct {
		name, method, path, body string
		want                     int
		wantMsg                  string
	}{
		{"unknown vat", "POST", "/api/call/pingVat", `{"id":"v99"}`, 422, "Vat does not exist"},
		{"bad params", "POST", "/api/call/pingVat", `{"id":7}`, 422, `"code":-32602`},
		{"invalid JSON", "POST", "/api/call/pingVat", `{"id":`, 400, "not valid JSON"},
		{"unknown object", "POST", "/api/call/queueMessage", `["ko999","hello",[]]`, 422, "no owner"},
		{"write SQL", "POST", "/api/call/executeDBQuery", `{"sql":"DELETE FROM kv"}`, 422, "read-only"},
		{"SQL error", "POST", "/api/call/executeDBQuery", `{"sql":"SELECT * FROM nope"}`, 422, "no such table: nope"},
		{"bad config", "POST", "/api/call/launchSubcluster", `{"config":{"bootstrap":"x","vats":{}}}`, 422, `"message":`},
		{"unknown method", "POST", "/api/call/fooBar", `{}`, 404, "does not call"},
		{"bad endpoint", "GET", "/api/objects?endpoint=v1'--", "", 400, "endpoint must be"},
		{"bad cursor", "GET", "/api/objects?endpoint=v1&after=x'", "", 400, "after must be"},
		{"bad limit", "GET", "/api/objects?endpoint=v1&limit=0", "", 400, "limit must be"},
		{"unknown table", "GET", "/api/table?name=nope", "", 404, "no table named"},
		{"quoted table", "GET", `/api/table?name=kv%22;--`, "", 404, "no table named"},
		{"bad offset", "GET", "/api/table?name=kv&offset=-1", "", 400, "offset must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := c.request(tc.method, tc.path, tc.body, nil)
			if code != tc.want || !strings.Contains(body, tc.wantMsg) || !strings.Contains(body, `"error"`) {
				t.Fatalf("%s %s %s: %d %s, want %d with %q", tc.method, tc.path, tc.body, code, body, tc.want, tc.wantMsg)
			}
			if strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") {
				t.Fatalf("answer shows a stack trace: %s", body)
			}
		})
	}
	big := `{"sql":"` + strings.Repeat("x", maxBodyBytes) + `"}`
	if code, body := c.request("POST", "/api/call/executeDBQuery", big, nil); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("huge body: %d %s", code, body)
	}
	d.Stop()
	code, body := c.request("GET", "/api/status", "", nil)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "The daemon is not running") {
		t.Fatalf("daemon stopped: %d %s", code, body)
	}
}

func TestObjectsTablesGraph(t *testing.T) {
	d := daemontest.Start(t)
	var lr struct{ RootKref string }
	json.Unmarshal(d.Call("launchSubcluster", map[string]json.RawMessage{"config": importerCluster(t)}), &lr)
	const made = 7
	for i := range made {
		d.Call("queueMessage", []any{lr.RootKref, "importFrom", []any{fmt.Sprintf("obj%d", i)}})
	}
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)

	type page struct {
		Entries []objectEntry
		Total   int
		Next    string
	}
	var all page
	c.getJSON("/api/objects?endpoint=v1", &all)
	if all.Total != len(all.Entries) || all.Next != "" {
		t.Fatalf("v1's registry: %+v", all)
	}
	imports := 0
	for _, e := range all.Entries {
		if e.Direction == "import" && e.Kind == "object" {
			imports++
			if e.Owner != "v2" || !e.Reachable || !strings.HasPrefix(e.Eref, "o-") {
				t.Errorf("importer's entry %+v: want a reachable import owned by v2", e)
			}
		}
	}
	if imports != made+1 {
		t.Fatalf("the importer imports %d objects, want the exporter's root and %d more: %+v", imports, made, all.Entries)
	}
	// Paging two entries at a time visits every entry once, in order.
	var paged []string
	for after := ""; ; {
		var p page
		c.getJSON("/api/objects?endpoint=v1&limit=2&after="+after, &p)
		if len(p.Entries) == 0 || len(p.Entries) > 2 || p.Total != all.Total {
			t.Fatalf("page after %q: %+v", after, p)
		}
		for _, e := range p.Entries {
			paged = append(paged, e.Kref)
		}
		if p.Next == "" {
			break
		}
		after = p.Next
	}
	if len(paged) != len(all.Entries) {
		t.Fatalf("paged %v, want %d entries", paged, len(all.Entries))
	}
	for i, e := range all.Entries {
		if paged[i] != e.Kref {
			t.Fatalf("paged %v, all %+v", paged, all.Entries)
		}
	}

	var g struct {
		Nodes []graphNode
		Edges []graphEdge
	}
	c.getJSON("/api/graph", &g)
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.ID] = n.Name
	}
	if names["v1"] != "importer" || names["v2"] != "exporter" {
		t.Fatalf("graph nodes %+v", g.Nodes)
	}
	if len(g.Edges) != 1 || g.Edges[0] != (graphEdge{From: "v1", To: "v2", Count: made + 1}) {
		t.Fatalf("graph edges %+v, want v1 importing %d objects from v2", g.Edges, made+1)
	}

	var tables struct{ Tables []string }
	c.getJSON("/api/tables", &tables)
	if !strings.Contains(","+strings.Join(tables.Tables, ",")+",", ",kv,") {
		t.Fatalf("tables %v", tables.Tables)
	}
	var tp struct {
		Total int
		Rows  []map[string]any
	}
	c.getJSON("/api/table?name=kv&limit=5&offset=2", &tp)
	if len(tp.Rows) != 5 || tp.Total <= 7 {
		t.Fatalf("kv page: %d rows of %d", len(tp.Rows), tp.Total)
	}
	if _, ok := tp.Rows[0]["key"]; !ok {
		t.Fatalf("kv row %v", tp.Rows[0])
	}
}

// TestLargeState: thousands of objects come back in bounded pages, and the
// graph sums them into one edge.
func TestLargeState(t *testing.T) {
	d := daemontest.Start(t)
	spec := "file://" + exampleBundle(t, "many-vat")
	cfg := fmt.Sprintf(`{"bootstrap":"holder","vats":{"holder":{"bundleSpec":%q},"maker":{"bundleSpec":%q}}}`, spec, spec)
	var lr struct{ RootKref string }
	json.Unmarshal(d.Call("launchSubcluster", map[string]json.RawMessage{"config": json.RawMessage(cfg)}), &lr)
	const many = 2000
	if res := d.Call("queueMessage", []any{lr.RootKref, "hold", []any{many}}); !strings.Contains(string(res), fmt.Sprintf(`"#%d"`, many)) {
		t.Fatalf("hold: %s", res)
	}
	s := startPanel(t, d, Options{})
	c := newPanelClient(t, s)
	var p struct {
		Entries []objectEntry
		Total   int
		Next    string
	}
	c.getJSON("/api/objects?endpoint=v1", &p)
	if len(p.Entries) != 100 || p.Total < many || p.Next == "" {
		t.Fatalf("first page: %d entries of %d, next %q", len(p.Entries), p.Total, p.Next)
	}
	seen := map[string]bool{}
	for after := ""; ; {
		var q struct {
			Entries []objectEntry
			Next    string
		}
		c.getJSON("/api/objects?endpoint=v1&limit=500&after="+after, &q)
		for _, e := range q.Entries {
			if seen[e.Kref] {
				t.Fatalf("%s on two pages", e.Kref)
			}
			seen[e.Kref] = true
		}
		if q.Next == "" {
			break
		}
		after = q.Next
	}
	if len(seen) != p.Total {
		t.Fatalf("the pages hold %d entries, the total is %d", len(seen), p.Total)
	}
	if code, body := c.request("GET", "/api/objects?endpoint=v1&limit=501", "", nil); code != http.StatusBadRequest {
		t.Fatalf("a page over the bound: %d %s", code, body)
	}
	var g struct {
		Nodes []graphNode
		Edges []graphEdge
	}
	c.getJSON("/api/graph", &g)
	if len(g.Edges) != 1 || g.Edges[0].From != "v1" || g.Edges[0].To != "v2" || g.Edges[0].Count < many {
		t.Fatalf("graph edges %+v, want one edge v1 -> v2 of %d objects or more", g.Edges, many)
	}
}
