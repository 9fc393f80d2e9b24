package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// The kernel's kv layout, as upstream's kernel-ui reads it: c-list entries
// "<endpoint>.c.<kref>" = "<R|_> <eref>" (R: reachable), object owners
// "<ko>.owner" = "<endpoint>", promise states "<kp>.state" and deciders
// "<kp>.decider". An eref with '+' is an export of the endpoint, with '-'
// an import; remote c-lists prefix erefs with 'r'.

var (
	endpointRE = regexp.MustCompile(`^[vr][0-9]{1,12}$`)
	krefRE     = regexp.MustCompile(`^k[op][0-9]{1,15}$`)
)

// objectEntry is one row of a vat's object registry.
type objectEntry struct {
	Kref      string `json:"kref"`
	Eref      string `json:"eref"`
	Kind      string `json:"kind"`      // "object" or "promise"
	Direction string `json:"direction"` // "export" or "import"
	Reachable bool   `json:"reachable"`
	// Owner is the endpoint that exports an object; State is a promise's
	// state (unresolved, fulfilled, rejected) and Decider who resolves it.
	Owner   string `json:"owner,omitempty"`
	State   string `json:"state,omitempty"`
	Decider string `json:"decider,omitempty"`
}

// parseCListValue splits "R o+3" into reachable and eref.
func parseCListValue(v string) (eref string, reachable bool, ok bool) {
	flag, eref, found := strings.Cut(v, " ")
	if !found || (flag != "R" && flag != "_") || eref == "" {
		return "", false, false
	}
	return eref, flag == "R", true
}

// erefDirection is "export" for o+N/p+N (ro+N for remotes), else "import".
func erefDirection(eref string) string {
	e := strings.TrimPrefix(eref, "r")
	if len(e) > 1 && e[1] == '+' {
		return "export"
	}
	return "import"
}

// handleObjects pages through one endpoint's c-list:
// ?endpoint=v1&after=<kref>&limit=100, in key order.
func (s *Server) handleObjects(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ep, after := q.Get("endpoint"), q.Get("after")
	if !endpointRE.MatchString(ep) {
		writeError(w, http.StatusBadRequest, "endpoint must be a vat or remote id such as v1 or r2, got "+fmt.Sprintf("%q", ep))
		return
	}
	if after != "" && !krefRE.MatchString(after) {
		writeError(w, http.StatusBadRequest, "after must be a kref such as ko3, got "+fmt.Sprintf("%q", after))
		return
	}
	limit, err := intParam(r, "limit", 100, maxPage)
	if err != nil || limit == 0 {
		writeError(w, http.StatusBadRequest, "limit must be an integer from 1 to 500")
		return
	}
	// Every entry is stored twice (kref->eref and eref->kref): the
	// "<ep>.c.k…" half lists each once. Both bounds are fixed strings
	// built from validated ids.
	// Ordered by length, then text: ko9 before ko10.
	lo, hi := ep+".c.k", ep+".c.l"
	cursor := ""
	if after != "" {
		k := ep + ".c." + after
		cursor = fmt.Sprintf(" AND (length(key) > %d OR (length(key) = %d AND key > '%s'))", len(k), len(k), k)
	}
	rows, err := s.queryKV(r.Context(), fmt.Sprintf(
		"SELECT key, value FROM kv WHERE key > '%s' AND key < '%s'%s ORDER BY length(key), key LIMIT %d", lo, hi, cursor, limit+1))
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	count, err := s.query(r.Context(), fmt.Sprintf("SELECT count(*) AS n FROM kv WHERE key > '%s' AND key < '%s'", lo, hi))
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	entries := make([]objectEntry, 0, len(rows))
	var detailKeys []string
	for _, row := range rows {
		kref := strings.TrimPrefix(row.key, ep+".c.")
		eref, reachable, ok := parseCListValue(row.value)
		if !ok || !krefRE.MatchString(kref) {
			continue
		}
		e := objectEntry{Kref: kref, Eref: eref, Reachable: reachable, Direction: erefDirection(eref), Kind: "object"}
		if kref[1] == 'p' {
			e.Kind = "promise"
			detailKeys = append(detailKeys, kref+".state", kref+".decider")
		} else {
			detailKeys = append(detailKeys, kref+".owner")
		}
		entries = append(entries, e)
	}
	if len(detailKeys) > 0 {
		quoted := make([]string, len(detailKeys))
		for i, k := range detailKeys {
			quoted[i] = "'" + k + "'" // validated krefs: no quotes inside
		}
		details, err := s.queryKV(r.Context(), "SELECT key, value FROM kv WHERE key IN ("+strings.Join(quoted, ",")+")")
		if err != nil {
			s.writeCallError(w, "executeDBQuery", err)
			return
		}
		m := make(map[string]string, len(details))
		for _, d := range details {
			m[d.key] = d.value
		}
		for i := range entries {
			e := &entries[i]
			e.Owner, e.State, e.Decider = m[e.Kref+".owner"], m[e.Kref+".state"], m[e.Kref+".decider"]
		}
	}
	total := 0
	if len(count) == 1 {
		if n, ok := count[0]["n"].(float64); ok {
			total = int(n)
		}
	}
	out := map[string]any{"endpoint": ep, "entries": entries, "total": total}
	if more {
		out["next"] = entries[len(entries)-1].Kref
	}
	writeJSON(w, http.StatusOK, out)
}

// Graph bounds: the rows read per kind and the nodes drawn.
const (
	graphMaxRows  = 100000
	graphMaxNodes = 60
)

type graphNode struct {
	ID         string         `json:"id"`
	Name       string         `json:"name,omitempty"`
	Subcluster string         `json:"subcluster,omitempty"`
	Kind       string         `json:"kind"` // vat, remote, kernel, gone (a vat no longer running)
	Exports    int            `json:"exports"`
	Imports    int            `json:"imports"`
	Promises   map[string]int `json:"promises"` // by state, of promises it decides
}

type graphEdge struct {
	From  string `json:"from"` // the importer
	To    string `json:"to"`   // the owner
	Count int    `json:"count"`
}

// handleGraph summarises who imports whose objects: one node per endpoint,
// one edge per (importer, owner) pair with the number of objects, and each
// node's promises by state. Thousands of objects make a few edges.
func (s *Server) handleGraph(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	raw, err := s.call(ctx, "getStatus", nil)
	if err != nil {
		s.writeCallError(w, "getStatus", err)
		return
	}
	var st struct {
		Vats []struct {
			ID           string `json:"id"`
			SubclusterID string `json:"subclusterId"`
		} `json:"vats"`
		Subclusters []struct {
			ID   string            `json:"id"`
			Vats map[string]string `json:"vats"`
		} `json:"subclusters"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		writeError(w, http.StatusBadGateway, "getStatus result: "+err.Error())
		return
	}
	nodes := map[string]*graphNode{}
	node := func(id, kind string) *graphNode {
		n, ok := nodes[id]
		if !ok {
			n = &graphNode{ID: id, Kind: kind, Promises: map[string]int{}}
			nodes[id] = n
		}
		return n
	}
	for _, v := range st.Vats {
		node(v.ID, "vat").Subcluster = v.SubclusterID
	}
	for _, sc := range st.Subclusters {
		for name, id := range sc.Vats {
			if n, ok := nodes[id]; ok {
				n.Name = name
			}
		}
	}
	limit := fmt.Sprintf(" LIMIT %d", graphMaxRows+1)
	clist, err := s.queryKV(ctx, "SELECT key, value FROM kv WHERE key GLOB '[vr][0-9]*.c.ko*'"+limit)
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	owners, err := s.queryKV(ctx, "SELECT key, value FROM kv WHERE key GLOB 'ko[0-9]*.owner'"+limit)
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	promises, err := s.queryKV(ctx, "SELECT key, value FROM kv WHERE key GLOB 'kp[0-9]*.state' OR key GLOB 'kp[0-9]*.decider'"+limit)
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	truncated := len(clist) > graphMaxRows || len(owners) > graphMaxRows || len(promises) > graphMaxRows
	kindOf := func(ep string) string {
		if strings.HasPrefix(ep, "r") {
			return "remote"
		}
		return "gone"
	}
	owner := make(map[string]string, len(owners))
	for _, o := range owners {
		owner[strings.TrimSuffix(o.key, ".owner")] = o.value
	}
	edges := map[[2]string]int{}
	for _, c := range clist {
		ep, kref, ok := strings.Cut(c.key, ".c.")
		if !ok {
			continue
		}
		eref, _, ok := parseCListValue(c.value)
		if !ok {
			continue
		}
		n := node(ep, kindOf(ep))
		if erefDirection(eref) == "export" {
			n.Exports++
			continue
		}
		n.Imports++
		own := owner[kref]
		if own == "" {
			own = "kernel"
		}
		if own != ep {
			edges[[2]string{ep, own}]++
		}
	}
	state, decider := map[string]string{}, map[string]string{}
	for _, p := range promises {
		if kp, ok := strings.CutSuffix(p.key, ".state"); ok {
			state[kp] = p.value
		} else if kp, ok := strings.CutSuffix(p.key, ".decider"); ok {
			decider[kp] = p.value
		}
	}
	for kp, stt := range state {
		d := decider[kp]
		if d == "" {
			d = "kernel"
		}
		kind := kindOf(d)
		if d == "kernel" {
			kind = "kernel"
		}
		node(d, kind).Promises[stt]++
	}
	for pair := range edges {
		if pair[1] == "kernel" {
			node("kernel", "kernel")
		} else {
			node(pair[1], kindOf(pair[1]))
		}
	}
	list := make([]*graphNode, 0, len(nodes))
	for _, n := range nodes {
		list = append(list, n)
	}
	// Busiest first; beyond graphMaxNodes, nodes are left out and counted.
	weight := func(n *graphNode) int {
		w := n.Exports + n.Imports
		for _, c := range n.Promises {
			w += c
		}
		return w
	}
	sort.Slice(list, func(i, j int) bool {
		if wi, wj := weight(list[i]), weight(list[j]); wi != wj {
			return wi > wj
		}
		return endpointLess(list[i].ID, list[j].ID)
	})
	hidden := 0
	if len(list) > graphMaxNodes {
		hidden = len(list) - graphMaxNodes
		list = list[:graphMaxNodes]
	}
	shown := map[string]bool{}
	for _, n := range list {
		shown[n.ID] = true
	}
	sort.Slice(list, func(i, j int) bool { return endpointLess(list[i].ID, list[j].ID) })
	edgeList := []graphEdge{}
	for pair, c := range edges {
		if shown[pair[0]] && shown[pair[1]] {
			edgeList = append(edgeList, graphEdge{From: pair[0], To: pair[1], Count: c})
		}
	}
	sort.Slice(edgeList, func(i, j int) bool {
		if edgeList[i].From != edgeList[j].From {
			return endpointLess(edgeList[i].From, edgeList[j].From)
		}
		return endpointLess(edgeList[i].To, edgeList[j].To)
	})
	writeJSON(w, http.StatusOK, map[string]any{"nodes": list, "edges": edgeList, "hiddenNodes": hidden, "truncated": truncated})
}

// endpointLess orders v2 before v10, vats before remotes, kernel last.
func endpointLess(a, b string) bool {
	if len(a) == 0 || len(b) == 0 || a[0] != b[0] {
		return a < b
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
