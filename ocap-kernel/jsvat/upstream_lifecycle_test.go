package jsvat_test

import (
	"slices"
	"strings"
	"testing"
)

// subclusterVats is upstream's kernel.getSubclusterVats(id), from getStatus.
func (h *scenarioKernel) subclusterVats(id string) ([]string, bool) {
	h.t.Helper()
	for _, s := range h.status().Subclusters {
		if s.ID == id {
			var out []string
			for _, e := range s.Vats.Entries {
				out = append(out, e.Value)
			}
			return out, true
		}
	}
	return nil, false
}

func (h *scenarioKernel) subclusterIDs() []string {
	h.t.Helper()
	ids := []string{}
	for _, s := range h.status().Subclusters {
		ids = append(ids, s.ID)
	}
	return ids
}

// TestUpstreamSubclusters ports upstream's subclusters test ("Subcluster
// functionality") through the kernel-control methods and getStatus.
func TestUpstreamSubclusters(t *testing.T) {
	t.Parallel()
	launch := func(h *scenarioKernel, name string) {
		h.t.Helper()
		spec := scenario(h.t, "subcluster")
		res, err := h.launchCluster(map[string]any{
			"bootstrap":  "alice",
			"forceReset": true,
			"vats": map[string]any{
				"alice": vatCfg(spec, map[string]any{"name": "Alice", "subcluster": name}),
				"bob":   vatCfg(spec, map[string]any{"name": "Bob", "subcluster": name}),
			},
		})
		if err != nil {
			h.t.Fatalf("launchSubcluster: %v", err)
		}
		wantBody(h.t, res.BootstrapResult.Body, `#"bootstrap complete"`)
	}

	t.Run("can create and manage multiple subclusters", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		launch(h, "subcluster1")
		launch(h, "subcluster2")
		wantStrings(t, "subclusters", h.subclusterIDs(), []string{"s1", "s2"})
		if n := len(h.vatIDs()); n != 4 {
			t.Fatalf("%d vats, want 4", n)
		}
		for id, want := range map[string][]string{"s1": {"v1", "v2"}, "s2": {"v3", "v4"}} {
			got, _ := h.subclusterVats(id)
			slices.Sort(got)
			wantStrings(t, id+"'s vats", got, want)
		}
		wantStrings(t, "console log", h.taggedLogs("console"), []string{"Alice: bootstrap() in subcluster1", "Alice: bootstrap() in subcluster2"})
	})

	t.Run("can terminate a subcluster", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		launch(h, "subcluster1")
		if len(h.subclusterIDs()) != 1 || len(h.vatIDs()) != 2 {
			t.Fatalf("subclusters %v vats %v", h.subclusterIDs(), h.vatIDs())
		}
		h.mustCall("terminateSubcluster", map[string]any{"id": "s1"})
		wantStrings(t, "subclusters", h.subclusterIDs(), []string{})
		wantStrings(t, "vats", h.vatIDs(), []string{})
		if _, ok := h.subclusterVats("s1"); ok {
			t.Fatal("s1 still exists")
		}
	})

	t.Run("can check if a vat belongs to a subcluster", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		launch(h, "subcluster1")
		s1, _ := h.subclusterVats("s1")
		s2, _ := h.subclusterVats("s2")
		if !slices.Contains(s1, "v1") || !slices.Contains(s1, "v2") || slices.Contains(s2, "v1") {
			t.Fatalf("s1 = %v, s2 = %v", s1, s2)
		}
	})

	t.Run("can handle subcluster operations with non-existent subclusters", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		// upstream's getSubclusterVats('nonexistent') throws; there is no
		// control method for it: getStatus simply has no such subcluster.
		if _, ok := h.subclusterVats("nonexistent"); ok {
			t.Fatal("a nonexistent subcluster exists")
		}
		// upstream calls kernel.terminateSubcluster('nonexistent') directly;
		// the control method would refuse the id's shape first.
		err := h.k.TerminateSubcluster(h.Ctx(), "nonexistent")
		if err == nil || !strings.Contains(err.Error(), "Subcluster does not exist") {
			t.Fatalf("terminateSubcluster(nonexistent): err = %v", err)
		}
		// Through the control method, with a well-formed id.
		_, err = h.Call("terminateSubcluster", map[string]any{"id": "s9"})
		if err == nil || err.Error() != "Subcluster does not exist." {
			t.Fatalf("terminateSubcluster(s9): err = %v", err)
		}
	})

	t.Run("can handle subcluster operations with terminated vats", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		launch(h, "subcluster1")
		h.mustCall("terminateVat", map[string]any{"id": "v2"})
		h.mustCall("collectGarbage", nil)
		got, _ := h.subclusterVats("s1")
		wantStrings(t, "s1's vats", got, []string{"v1"})
	})
}

// TestUpstreamVatLifecycle ports upstream's vat-lifecycle test.
func TestUpstreamVatLifecycle(t *testing.T) {
	t.Parallel()
	// vatNamed finds a vat by its name parameter, as upstream does.
	vatNamed := func(h *scenarioKernel, name string) string {
		h.t.Helper()
		for _, v := range h.status().Vats {
			var p struct{ Name string }
			if err := jsonUnmarshal(v.Config.Parameters, &p); err != nil {
				h.t.Fatal(err)
			}
			if p.Name == name {
				return v.ID
			}
		}
		return ""
	}

	t.Run("should clean up manually terminated vats", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		if _, err := h.launchCluster(map[string]any{
			"bootstrap": "main",
			"vats":      map[string]any{"main": vatCfg(scenario(t, "logger"), map[string]any{"name": "CrashTestVat"})},
		}); err != nil {
			t.Fatalf("launchSubcluster: %v", err)
		}
		h.settle()
		id := vatNamed(h, "CrashTestVat")
		if id == "" {
			t.Fatal("no CrashTestVat")
		}
		h.mustCall("terminateVat", map[string]any{"id": id})
		h.settle()
		if vatNamed(h, "CrashTestVat") != "" {
			t.Fatalf("vat %s still running", id)
		}
		h.mustCall("collectGarbage", nil)
		h.settle()
		if root := h.rootObject(id); root != "" {
			t.Fatalf("root object of %s still in the store: %s", id, root)
		}
	})

	t.Run("should handle messages to terminated vat objects gracefully", func(t *testing.T) {
		t.Parallel()
		h := newScenarioKernel(t)
		spec := scenario(t, "persistence-counter")
		res, err := h.launchCluster(map[string]any{
			"bootstrap": "main",
			"vats": map[string]any{
				"main":   vatCfg(spec, map[string]any{"name": "CounterLiveVat"}),
				"target": vatCfg(spec, map[string]any{"name": "CounterDeadVat"}),
			},
		})
		if err != nil {
			t.Fatalf("launchSubcluster: %v", err)
		}
		wantBody(t, res.BootstrapResult.Body, `#"Counter initialized with count: 1"`)
		h.settle()
		live, dead := vatNamed(h, "CounterLiveVat"), vatNamed(h, "CounterDeadVat")
		deadRoot := h.rootObject(dead)
		wantBody(t, h.mustSend(deadRoot, "resume"), `#"Counter incremented to: 2"`)
		liveRoot := h.rootObject(live)
		wantBody(t, h.mustSend(liveRoot, "resume"), `#"Counter incremented to: 2"`)

		h.mustCall("terminateVat", map[string]any{"id": dead})
		h.settle()
		wantStrings(t, "remaining vats", h.vatIDs(), []string{live})
		_, err = h.send(deadRoot, "resume")
		if err == nil || !strings.Contains(err.Error(), "[KERNEL:OBJECT_DELETED]") {
			t.Fatalf("resume on the dead root: err = %v, want [KERNEL:OBJECT_DELETED]", err)
		}
		wantBody(t, h.mustSend(liveRoot, "resume"), `#"Counter incremented to: 3"`)
		if root := h.rootObject(dead); root != "" {
			t.Fatalf("root object of %s still in the store: %s", dead, root)
		}
	})
}

// TestUpstreamLogger ports upstream's logger test: what a vat logs on
// vatPowers.logger reaches the kernel's log tagged with the vat's id.
func TestUpstreamLogger(t *testing.T) {
	t.Parallel()
	h := newScenarioKernel(t)
	if _, err := h.launchCluster(map[string]any{
		"bootstrap": "main",
		"vats":      map[string]any{"main": vatCfg(scenario(t, "logger"), map[string]any{"name": "Alice"})},
	}); err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	wantStrings(t, "vat ids", h.vatIDs(), []string{"v1"})
	h.settle()
	wantBody(t, h.mustSend("ko4", "foo"), `#"#undefined"`)
	h.settle()
	wantStrings(t, "v1's test log", h.testLogs("v1"), []string{"foo: Alice"})
	// The console line is there too, tagged console, not test.
	wantStrings(t, "v1's console", h.taggedLogs("console"), []string{"bar: Alice"})
}
