package jsvat_test

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"testing"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// checkpoint is upstream's normalised VatCheckpoint: the sets as a record
// and the deletes sorted.
type checkpoint struct {
	sets    map[string]string
	deletes []string
}

func normalize(c vat.Checkpoint) checkpoint {
	out := checkpoint{sets: map[string]string{}, deletes: slices.Clone(c.Deletes)}
	for _, kv := range c.Sets {
		out.sets[kv[0]] = kv[1]
	}
	if out.deletes == nil {
		out.deletes = []string{}
	}
	sort.Strings(out.deletes)
	return out
}

// TestUpstreamVatstore ports upstream's vatstore test ("exercise
// vatstore"): the vatstore changes alice (v1) makes in each of her cranks,
// and the vatstore she ends with, must be upstream's exactly. Upstream
// spies on the database's updateKVData; we record the checkpoint each of
// v1's Init and deliveries returns to the kernel.
func TestUpstreamVatstore(t *testing.T) {
	t.Parallel()
	rec := &recordingRuntime{vatID: "v1"}
	h := newScenarioKernel(t, withRuntimeWrapper(func(rt vat.Runtime) vat.Runtime {
		rec.Runtime = rt
		return rec
	}))
	spec := scenario(t, "vatstore")
	res, err := h.launchCluster(map[string]any{
		"bootstrap":  "alice",
		"forceReset": true,
		"vats": map[string]any{
			"alice": vatCfg(spec, map[string]any{"name": "Alice"}),
			"bob":   vatCfg(spec, map[string]any{"name": "Bob"}),
			"carol": vatCfg(spec, map[string]any{"name": "Carol"}),
		},
	})
	if err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	h.settle()
	wantBody(t, res.BootstrapResult.Body, `#"#undefined"`)

	vs := h.vatstore("v1")
	for key, want := range map[string]string{
		"idCounters":       `{"exportID":10,"collectionID":4,"promiseID":8}`,
		"vc.1.sthing":      `{"body":"#3","slots":[]}`,
		"vc.1.|entryCount": "1",
	} {
		if vs[key] != want {
			t.Errorf("v1 vatstore %s = %q, want %q", key, vs[key], want)
		}
	}

	none := map[string]string{}
	reference := []checkpoint{
		// initVat initializes built-in tables and empty baggage
		{map[string]string{
			"baggageID":             `o+d6/1`,
			"idCounters":            `{"exportID":10,"collectionID":4,"promiseID":5}`,
			"kindIDID":              `1`,
			"storeKindIDTable":      `{"scalarMapStore":2,"scalarWeakMapStore":3,"scalarSetStore":4,"scalarWeakSetStore":5,"scalarDurableMapStore":6,"scalarDurableWeakMapStore":7,"scalarDurableSetStore":8,"scalarDurableWeakSetStore":9}`,
			"vc.1.|entryCount":      `0`,
			"vc.1.|nextOrdinal":     `1`,
			"vc.1.|schemata":        `{"body":"#{\"keyShape\":{\"#tag\":\"match:string\",\"payload\":[]},\"label\":\"baggage\"}","slots":[]}`,
			"vc.2.|entryCount":      `0`,
			"vc.2.|nextOrdinal":     `1`,
			"vc.2.|schemata":        `{"body":"#{\"keyShape\":{\"#tag\":\"match:scalar\",\"payload\":\"#undefined\"},\"label\":\"promiseWatcherByKind\"}","slots":[]}`,
			"vc.3.|entryCount":      `0`,
			"vc.3.|nextOrdinal":     `1`,
			"vc.3.|schemata":        `{"body":"#{\"keyShape\":{\"#tag\":\"match:and\",\"payload\":[{\"#tag\":\"match:scalar\",\"payload\":\"#undefined\"},{\"#tag\":\"match:string\",\"payload\":[]}]},\"label\":\"watchedPromises\"}","slots":[]}`,
			"vom.rc.o+d6/1":         `1`,
			"vom.rc.o+d6/2":         `1`,
			"vom.rc.o+d6/3":         `1`,
			"watchedPromiseTableID": `o+d6/3`,
			"watcherTableID":        `o+d6/2`,
		}, []string{}},
		// bootstrap puts "thing" = 1 and "goAway" in baggage (2 entries)
		// and sends two messages
		{map[string]string{
			"idCounters":       `{"exportID":10,"collectionID":4,"promiseID":7}`,
			"vc.1.sgoAway":     `{"body":"#\"now you see me\"","slots":[]}`,
			"vc.1.sthing":      `{"body":"#1","slots":[]}`,
			"vc.1.|entryCount": `2`,
		}, []string{}},
		// Bob's bump: "thing" = 2
		{map[string]string{"vc.1.sthing": `{"body":"#2","slots":[]}`}, []string{}},
		// the notification of Bob's "go" result changes nothing
		{none, []string{}},
		// Carol's bump: "thing" = 3
		{map[string]string{"vc.1.sthing": `{"body":"#3","slots":[]}`}, []string{}},
		// the notification of Carol's "go" result lets bootstrap finish:
		// "goAway" is deleted and loopback is sent
		{map[string]string{
			"idCounters":       `{"exportID":10,"collectionID":4,"promiseID":8}`,
			"vc.1.|entryCount": `1`,
		}, []string{"vc.1.sgoAway"}},
		// the notification of loopback's result changes nothing
		{none, []string{}},
	}

	// ocap-go also reaps v1 (bringOutYourDead) whenever the kernel goes
	// idle after v1 had deliveries; upstream's test has no reaps. They are
	// left out of the comparison but must not change the vatstore.
	var got []checkpoint
	var kinds []string
	for _, r := range rec.checkpoints() {
		c := normalize(r.checkpoint)
		if r.kind == string(vat.DeliverBringOutYourDead) {
			if len(c.sets) != 0 || len(c.deletes) != 0 {
				t.Errorf("bringOutYourDead changed v1's vatstore: %v %v", c.sets, c.deletes)
			}
			continue
		}
		got = append(got, c)
		kinds = append(kinds, r.kind)
	}
	wantStrings(t, "v1's cranks", kinds, []string{"init", "message", "message", "notify", "message", "notify", "notify"})
	for i := range reference {
		if !maps.Equal(got[i].sets, reference[i].sets) || !slices.Equal(got[i].deletes, reference[i].deletes) {
			t.Errorf("checkpoint %d (%s):\n got sets %v deletes %v\nwant sets %v deletes %v", i, kinds[i], got[i].sets, got[i].deletes, reference[i].sets, reference[i].deletes)
		}
	}
	// The console lines the vats print (upstream logs them and does not check).
	for _, line := range []string{`vat Alice is bootstrap`, `Bob bumps thing from 1 to 2`, `Carol bumps thing from 2 to 3`, `vat Alice got "go" answer from Carol: 'vat Carol got "go" from Alice'`} {
		if !slices.Contains(h.taggedLogs("console"), line) {
			t.Errorf("console log lacks %q", line)
		}
	}
}

// TestUpstreamPersistence ports upstream's persistence test
// ("persistent storage"), on a SQLite file: reopen() stops the kernel and
// starts a new one on the same database, as upstream makes a second kernel
// on the same file.
func TestUpstreamPersistence(t *testing.T) {
	t.Parallel()
	const v1Root = "ko4"
	counterCluster := func(t *testing.T) map[string]any {
		return map[string]any{
			"bootstrap": "counter",
			"vats": map[string]any{
				"counter": vatCfg(scenario(t, "persistence-counter"), map[string]any{"name": "Counter"}),
			},
		}
	}
	launch := func(h *scenarioKernel, cfg map[string]any) string {
		h.t.Helper()
		res, err := h.launchCluster(cfg)
		if err != nil {
			h.t.Fatalf("launchSubcluster: %v", err)
		}
		h.settle()
		return res.BootstrapResult.Body
	}

	t.Run("maintains state across kernel restarts", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		wantBody(t, launch(h, counterCluster(t)), `#"Counter initialized with count: 1"`)
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Counter incremented to: 2"`)
		h.reopen()
		// upstream waits a second here for the vats to come back; ocap-go
		// restarts them before the new kernel answers calls.
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Counter incremented to: 3"`)
		wantStrings(t, "Counter's test log", h.testLogs("Counter"), []string{
			"Counter: initialized with count: 1",
			"Counter: bootstrap called",
			"Counter: resume called",
			"Counter: incremented to: 2",
			"Counter: resumed with count: 2",
			"Counter: resume called",
			"Counter: incremented to: 3",
		})
	})

	t.Run("handles multiple vats with persistent state", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		worker := scenario(t, "persistence-worker")
		wantBody(t, launch(h, map[string]any{
			"bootstrap": "coordinator",
			"vats": map[string]any{
				"coordinator": vatCfg(scenario(t, "persistence-coordinator"), map[string]any{"name": "Coordinator"}),
				"worker1":     vatCfg(worker, map[string]any{"name": "Worker1", "id": 1}),
				"worker2":     vatCfg(worker, map[string]any{"name": "Worker2", "id": 2}),
			},
		}), `#"Coordinator initialized with 2 workers"`)
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Work completed: Worker1(1), Worker2(1)"`)
		h.reopen()
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Work completed: Worker1(2), Worker2(2)"`)
	})

	t.Run("respects resetStorage flag when set to true", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		launch(h, counterCluster(t))
		h.mustSend(v1Root, "resume")
		h.Opts.ResetStorage = true
		h.reopen()
		if ids := h.vatIDs(); len(ids) != 0 {
			t.Fatalf("vats after a reset: %v", ids)
		}
		wantBody(t, launch(h, counterCluster(t)), `#"Counter initialized with count: 1"`)
	})

	t.Run("handles vat restarts within persistent kernel", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		launch(h, counterCluster(t))
		h.mustSend(v1Root, "resume")
		if out := h.mustCall("restartVat", map[string]any{"id": "v1"}); out != "null" {
			t.Fatalf("restartVat = %s", out)
		}
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Counter incremented to: 3"`)
	})

	t.Run("handles messages in queue after kernel restart", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		wantBody(t, launch(h, counterCluster(t)), `#"Counter initialized with count: 1"`)
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Counter incremented to: 2"`)
		// Upstream writes a send of resume (result kp3) into the kv of the
		// running kernel's database and stops it. ocap-go's kernel keeps
		// the kv in memory, so we write the same rows into the file while
		// no kernel has it open, in ocap-go's counting (deliberate
		// difference: refcounts count importers, not the owner): the
		// queued message holds its target and its result promise once
		// each. Upstream writes 3,3 and 2 by its own counting.
		if err := h.K.Stop(); err != nil {
			t.Fatal(err)
		}
		db, err := kernelstore.Open(h.Path)
		if err != nil {
			t.Fatal(err)
		}
		get := func(key string) string {
			v, _, err := db.Get(key)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		head, err := strconv.Atoi(get("queue.run.head"))
		if err != nil || get("queue.run.tail") != strconv.Itoa(head) {
			t.Fatalf("run queue not empty at stop: head %q tail %q", get("queue.run.head"), get("queue.run.tail"))
		}
		nextKP, err := strconv.Atoi(get("nextPromiseId"))
		if err != nil {
			t.Fatal(err)
		}
		if rc := get(v1Root + ".refCount"); rc != "1,1" {
			t.Fatalf("%s.refCount = %q before the injection, want 1,1 (the owner's hold on its root)", v1Root, rc)
		}
		kp := "kp" + strconv.Itoa(nextKP)
		item := "queue.run." + strconv.Itoa(head)
		if err := db.SetMany([][2]string{
			{"queue.run.head", strconv.Itoa(head + 1)},
			{"nextPromiseId", strconv.Itoa(nextKP + 1)},
			{v1Root + ".refCount", "2,2"},
			{kp + ".state", "unresolved"},
			{kp + ".subscribers", "[]"},
			{kp + ".refCount", "1"},
			{item, `{"type":"send","target":"` + v1Root + `","message":{"methargs":{"body":"#[\"resume\",[]]","slots":[]},"result":"` + kp + `"}}`},
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		h.Open()
		h.k = h.K
		// upstream: the run queue is empty once the new kernel has started
		// (polled here: ocap-go's kernel resumes its run queue on its own
		// goroutine).
		if !h.eventually(func() bool { return h.kvValue(item) == "" }) {
			t.Fatalf("%s still queued after the restart", item)
		}
		// the queued resume ran: the next one counts 4
		wantBody(t, h.mustSend(v1Root, "resume"), `#"Counter incremented to: 4"`)
	})
}

// TestUpstreamResume ports upstream's resume test ("restarting vats"):
// three vats keep names, start counts and each other's roots in baggage;
// after each vat is restarted (restartVat), and after the kernel is
// restarted, resume() on each root gives upstream's results and the vats'
// test logs, sorted by vat as upstream's sortLogs does, are upstream's.
func TestUpstreamResume(t *testing.T) {
	t.Parallel()
	bootstrapReference := []string{
		`Alice: saving name`,
		`Alice: start count: 1`,
		`Bob: saving name`,
		`Bob: start count: 1`,
		`Carol: saving name`,
		`Carol: start count: 1`,
		`Alice: bootstrap()`,
		`Bob: intro()`,
		`Carol: intro()`,
		`Bob: greet('hello from Alice')`,
		`Carol: greet('hello from Alice')`,
		`Alice: Bob answers greeting: 'Bob returns your greeting 'hello from Alice''`,
		`Alice: Carol answers greeting: 'Carol returns your greeting 'hello from Alice''`,
		`Alice: end bootstrap`,
	}
	restartReference := []string{
		`Alice: saved name is Alice`,
		`Alice: start count: 2`,
		`Bob: saved name is Bob`,
		`Bob: start count: 2`,
		`Carol: saved name is Carol`,
		`Carol: start count: 2`,
	}
	resumeReference := []string{
		`Alice: resume()`,
		`Alice: resumed vat is bootstrap`,
		`Bob: greet('hello again from Alice')`,
		`Carol: greet('hello again from Alice')`,
		`Alice: Bob answers greeting: 'Bob returns your greeting 'hello again from Alice''`,
		`Alice: Carol answers greeting: 'Carol returns your greeting 'hello again from Alice''`,
		`Alice: end resume`,
		`Bob: resume()`,
		`Bob: resumed vat is not bootstrap`,
		`Alice: greet('hello boot vat from Bob')`,
		`Bob: boot vat returns greeting with 'Alice returns your greeting 'hello boot vat from Bob''`,
		`Bob: end resume`,
		`Carol: resume()`,
		`Carol: resumed vat is not bootstrap`,
		`Alice: greet('hello boot vat from Carol')`,
		`Carol: boot vat returns greeting with 'Alice returns your greeting 'hello boot vat from Carol''`,
		`Carol: end resume`,
	}
	reference := sortLogs(slices.Concat(bootstrapReference, restartReference, resumeReference))

	run := func(t *testing.T, restart func(h *scenarioKernel)) {
		h := newScenarioKernel(t)
		spec := scenario(t, "resume")
		res, err := h.launchCluster(map[string]any{
			"bootstrap":  "alice",
			"forceReset": true,
			"vats": map[string]any{
				"alice": vatCfg(spec, map[string]any{"name": "Alice"}),
				"bob":   vatCfg(spec, map[string]any{"name": "Bob"}),
				"carol": vatCfg(spec, map[string]any{"name": "Carol"}),
			},
		})
		if err != nil {
			t.Fatalf("launchSubcluster: %v", err)
		}
		wantBody(t, res.BootstrapResult.Body, `#"bootstrap Alice"`)
		h.settle()
		restart(h)
		// "Vat root objects start with ko4"
		wantBody(t, h.mustSend("ko4", "resume"), `#"resume Alice"`)
		wantBody(t, h.mustSend("ko5", "resume"), `#"resume Bob"`)
		wantBody(t, h.mustSend("ko6", "resume"), `#"resume Carol"`)
		h.settle()
		wantStrings(t, "sorted test logs", sortLogs(h.testLogs("v1", "v2", "v3")), reference)
	}
	t.Run("exercise restart vats individually", func(t *testing.T) {
		t.Parallel()
		run(t, func(h *scenarioKernel) {
			for _, id := range []string{"v1", "v2", "v3"} {
				h.mustCall("restartVat", map[string]any{"id": id})
			}
		})
	})
	t.Run("exercise restart kernel", func(t *testing.T) {
		t.Parallel()
		run(t, func(h *scenarioKernel) { h.reopen() })
	})
}

// sortLogs is upstream's sortLogs: a stable sort by the text before the
// first colon (the vat's name), so that each vat's lines keep their order.
func sortLogs(logs []string) []string {
	out := slices.Clone(logs)
	prefix := func(s string) string {
		for i := range len(s) {
			if s[i] == ':' {
				return s[:i]
			}
		}
		return ""
	}
	slices.SortStableFunc(out, func(a, b string) int {
		pa, pb := prefix(a), prefix(b)
		if pa == "" || pb == "" {
			return 0
		}
		switch {
		case pa < pb:
			return -1
		case pa > pb:
			return 1
		}
		return 0
	})
	return out
}

// TestUpstreamDurableWatchedPromises covers what the brief of this port
// asks beyond upstream's kernel-test suite (which has no vat using durable
// kinds or promise watchers): a durable kind, durable map stores and a
// durable promise watcher (VatData.providePromiseWatcher + watchPromise)
// across restartVat and a kernel restart. The expectations are those of
// the liveslots upstream runs (the same @agoric/swingset-liveslots): a
// watch made by one incarnation fires in a later one, durable objects keep
// their krefs and state.
func TestUpstreamDurableWatchedPromises(t *testing.T) {
	t.Parallel()
	h := newScenarioKernel(t)
	res, err := h.launchCluster(map[string]any{
		"bootstrap": "keeper",
		"vats": map[string]any{
			"keeper":  vatCfg(scenario(t, "durable-keeper"), map[string]any{"name": "Keeper"}),
			"decider": vatCfg(scenario(t, "durable-decider"), nil),
		},
	})
	if err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	wantBody(t, res.BootstrapResult.Body, `#"keeper ready"`)
	keeper := res.RootKref
	keeperVat, deciderVat := h.vatOf(res.SubclusterID, "keeper"), h.vatOf(res.SubclusterID, "decider")
	decider := h.rootOf(deciderVat)

	ledger := h.MustSend(keeper, "makeLedger", "alice")
	if ledger.Body != `#"$0.Alleged: Ledger"` || len(ledger.Slots) != 1 {
		t.Fatalf("makeLedger = %+v", ledger)
	}
	ledgerRef := ledger.Slots[0]
	wantBody(t, h.mustSend(ledgerRef, "add", "x"), `#1`)
	for _, label := range []string{"a", "b", "c"} {
		wantBody(t, h.mustSend(keeper, "watch", label), `#"watching `+label+`"`)
	}
	wantBody(t, h.mustSend(keeper, "outcome", "a"), `#"pending"`)

	// A new incarnation of the keeper; the decider keeps its resolvers.
	h.mustCall("restartVat", map[string]any{"id": keeperVat})
	wantBody(t, h.mustSend(keeper, "incarnation"), `#2`)
	wantBody(t, h.mustSend(decider, "fulfil", "a", "yes"), `#true`)
	wantBody(t, h.mustSend(decider, "reject", "b", "no"), `#true`)
	outcome := func(label, want string) {
		t.Helper()
		var got string
		if !h.eventually(func() bool { got = h.mustSend(keeper, "outcome", label); return got == want }) {
			t.Fatalf("outcome(%s) = %s, want %s", label, got, want)
		}
	}
	outcome("a", `#"fulfilled: yes"`)
	outcome("b", `#"rejected: no"`)
	wantBody(t, h.mustSend(ledgerRef, "add", "y"), `#2`)
	wantBody(t, h.mustSend(ledgerRef, "read"), `#"alice: x,y"`)

	// A kernel restart: every vat starts a new incarnation.
	h.reopen()
	wantBody(t, h.mustSend(keeper, "incarnation"), `#3`)
	outcome("a", `#"fulfilled: yes"`)
	wantBody(t, h.mustSend(ledgerRef, "read"), `#"alice: x,y"`)
	ref := h.MustSend(keeper, "ledger", "alice")
	if len(ref.Slots) != 1 || ref.Slots[0] != ledgerRef {
		t.Fatalf("ledger(alice) = %+v, want %s", ref, ledgerRef)
	}
	outcome("c", `#"pending"`)
	// The decider's new incarnation cannot settle "c" any more. Ending the
	// decider settles it: ocap-go rejects the promises a terminated vat
	// decided (deliberate difference, README: "Promises decided by a
	// terminated vat are rejected"), and the watch made two incarnations
	// ago fires in the keeper's third.
	h.mustCall("terminateVat", map[string]any{"id": deciderVat})
	outcome("c", `#"rejected: Vat was deleted."`)
	wantStrings(t, "keeper's test log", h.testLogs("Keeper"), []string{
		"incarnation 1",
		"incarnation 2",
		"incarnation 2 saw a fulfilled",
		"incarnation 2 saw b rejected",
		"incarnation 3",
		"incarnation 3 saw c rejected",
	})
}
