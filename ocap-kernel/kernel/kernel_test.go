package kernel_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

var greeters = map[string]string{"alice": "greeter", "bob": "greeter", "carol": "greeter"}

func TestFreshKernelState(t *testing.T) {
	h := newHarness(t, "")
	kv := h.kv("")
	want := map[string]string{
		"initialized": "true", "queue.run.head": "1", "queue.run.tail": "1",
		"nextObjectId": "4", "nextPromiseId": "1", "nextVatId": "1", "nextRemoteId": "1", "nextSubclusterId": "1",
		"gcActions": "[]", "reapQueue": "[]", "vats.terminated": "[]", "subclusters": "[]", "vatToSubclusterMap": "{}",
		"ko1.owner": "kernel", "ko1.refCount": "2,2", "ko2.owner": "kernel", "ko2.refCount": "2,2", "ko3.owner": "kernel", "ko3.refCount": "2,2",
		"kernelService.ocapURLIssuerService": "ko1", "kernelService.ocapURLRedemptionService": "ko2", "kernelService.kernelFacet": "ko3",
		"pinnedObjects": "ko1,ko2,ko3",
	}
	for key, v := range want {
		if kv[key] != v {
			t.Errorf("kv[%s] = %q, want %q", key, kv[key], v)
		}
	}
	for _, key := range []string{"incarnationId", "keySeed", "peerId", "ocapURLKey"} {
		if kv[key] == "" {
			t.Errorf("kv[%s] missing", key)
		}
	}
	// The upstream fresh database has 27 keys; so does ours.
	if len(kv) != 27 {
		t.Errorf("fresh kv has %d keys, want 27: %v", len(kv), kv)
	}
}

func TestBootstrapPassesReferences(t *testing.T) {
	h := newHarness(t, "")
	res := h.launch("alice", greeters)
	if res.SubclusterID != "s1" || res.RootKref != "ko4" {
		t.Fatalf("launch = %+v, want s1/ko4", res)
	}
	// alice greeted every vat, itself included, in name order.
	want := `#["vat alice got \"hello\" from alice","vat bob got \"hello\" from alice","vat carol got \"hello\" from alice"]`
	if res.BootstrapResult == nil || res.BootstrapResult.Body != want {
		t.Fatalf("bootstrap result = %+v, want body %s", res.BootstrapResult, want)
	}
	cd := h.mustSend("ko4", "hello", "golden")
	if cd.Body != `#"vat alice got \"hello\" from golden"` || len(cd.Slots) != 0 {
		t.Fatalf("hello = %+v", cd)
	}
	// Status lists the three vats in launch order.
	st, err := h.k.GetStatus(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Vats) != 3 || st.Vats[0].ID != "v1" || st.Vats[2].SubclusterID != "s1" {
		t.Fatalf("status vats = %+v", st.Vats)
	}
	if st.RemoteComms.State != "identity-only" || !strings.HasPrefix(st.RemoteComms.PeerID, "12D3KooW") {
		t.Fatalf("remoteComms = %+v", st.RemoteComms)
	}
}

func TestObjectPassedBetweenVats(t *testing.T) {
	h := newHarness(t, "")
	h.launch("importer", map[string]string{"exporter": "exporter", "importer": "importer"})
	importer := h.rootOf(h.vatOf("s1", "importer"))
	if got := h.mustSend(importer, "importFrom", "x"); got.Body != "#true" {
		t.Fatalf("importFrom = %+v", got)
	}
	if cd := h.mustSend(importer, "useImport", "x"); cd.Body != `#"value of x"` {
		t.Fatalf("useImport = %s", cd.Body)
	}
}

func TestPipelining(t *testing.T) {
	h := newHarness(t, "")
	h.launch("pipeliner", map[string]string{"pipeliner": "pipeliner", "maker": "maker"})
	root := h.rootOf(h.vatOf("s1", "pipeliner"))
	cd := h.mustSend(root, "run")
	if cd.Body != "#[11,12]" {
		t.Fatalf("run = %s, want #[11,12]", cd.Body)
	}
	// The kernel promise of the pipelined send was parked and drained:
	// nothing stays queued.
	kv := h.kv("queue.")
	if kv["queue.run.head"] != kv["queue.run.tail"] {
		t.Fatalf("run queue not empty: %v", kv)
	}
}

func TestRevocation(t *testing.T) {
	h := newHarness(t, "")
	h.launch("alice", greeters)
	if out := h.mustCall("isRevoked", map[string]any{"kref": "ko5"}); out != "false" {
		t.Fatalf("isRevoked = %s", out)
	}
	h.mustCall("revoke", map[string]any{"kref": "ko5"})
	if out := h.mustCall("isRevoked", map[string]any{"kref": "ko5"}); out != "true" {
		t.Fatalf("isRevoked = %s", out)
	}
	_, err := h.send("ko5", "hello", "x")
	wantErr(t, err, "[KERNEL:OBJECT_REVOKED] Target object has been revoked")
	_, err = h.call("revoke", map[string]any{"kref": "kp1"})
	wantErr(t, err, "cannot revoke promise kp1")
	// Other objects still work, and so does the kernel.
	h.mustSend("ko6", "hello", "x")
}

func TestTerminateVatRejectsItsPromises(t *testing.T) {
	h := newHarness(t, "")
	h.launch("maker", map[string]string{"maker": "maker"})
	root := h.rootOf("v1")
	errc := make(chan error, 1)
	go func() {
		_, err := h.k.QueueMessage(context.Background(), root, "hold", nil)
		errc <- err
	}()
	// Wait until the vat decides the result promise, then terminate it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if kv := h.kv("kp"); strings.Contains(strings.Join(values(kv), " "), "v1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("hold never reached the vat")
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.mustCall("terminateVat", map[string]any{"id": "v1"})
	select {
	case err := <-errc:
		wantErr(t, err, "Vat was deleted.")
	case <-time.After(10 * time.Second):
		t.Fatal("queueMessage still waiting after its decider was terminated")
	}
	_, err := h.send(root, "hold")
	wantErr(t, err, "[KERNEL:OBJECT_DELETED]")
	_, err = h.call("pingVat", map[string]any{"id": "v1"})
	if !errors.Is(err, api.ErrVatNotFound) {
		t.Fatalf("pingVat after terminate: %v", err)
	}
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestErrorsAndUndeliverableSends(t *testing.T) {
	h := newHarness(t, "")
	h.launch("t", map[string]string{"t": "thrower", "alice": "greeter"})
	thrower := h.rootOf(h.vatOf("s1", "t"))
	alice := h.rootOf(h.vatOf("s1", "alice"))
	tests := []struct {
		name, target, method string
		want                 string
	}{
		{"vat method throws", thrower, "throw", "boom"},
		{"unknown method", alice, "nope", `target has no method "nope"`},
		{"unknown object", "ko999", "hello", "[KERNEL:OBJECT_DELETED] Target object has no owner; it may have been deleted"},
		{"never-allocated promise", "kp999", "hello", "Target promise kp999 does not exist"},
		{"freed promise", "kp1", "hello", "[KERNEL:OBJECT_DELETED]"},
		{"kernel service, unknown method", "ko1", "nope", `[KERNEL:DELIVERY_FAILED] target has no method "nope", has ["__getMethodNames__","issue"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.send(tt.target, tt.method)
			wantErr(t, err, tt.want)
		})
	}
	// The run loop is alive after all of that.
	if cd := h.mustSend("ko3", "ping"); cd.Body != `#"pong"` {
		t.Fatalf("kernelFacet ping = %s", cd.Body)
	}
	h.mustSend(alice, "hello", "still here")
}

func TestFailedDeliveryTerminatesOnlyThatVat(t *testing.T) {
	h := newHarness(t, "")
	h.launch("t", map[string]string{"t": "thrower", "alice": "greeter"})
	thrower := h.rootOf(h.vatOf("s1", "t"))
	alice := h.rootOf(h.vatOf("s1", "alice"))
	_, err := h.send(thrower, "exit")
	wantErr(t, err, "gave up")
	if _, err := h.call("pingVat", map[string]any{"id": h.vatOf("s1", "alice")}); err != nil {
		t.Fatalf("alice died too: %v", err)
	}
	st, _ := h.k.GetStatus(h.ctx())
	if len(st.Vats) != 1 {
		t.Fatalf("vats after exit = %+v", st.Vats)
	}
	h.mustSend(alice, "hello", "x")
}

func TestLaunchErrors(t *testing.T) {
	h := newHarness(t, "")
	tests := []struct {
		name   string
		config map[string]any
		want   string
	}{
		{"bad bootstrap", map[string]any{"bootstrap": "nobody", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter"}}}, `invalid bootstrap vat name "nobody"`},
		{"unknown service", map[string]any{"bootstrap": "a", "services": []string{"noSuchService"}, "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter"}}}, "no registered kernel service 'noSuchService'"},
		{"system-only service", map[string]any{"bootstrap": "a", "services": []string{"kernelFacet"}, "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter"}}}, "no registered kernel service 'kernelFacet'"},
		{"unknown go vat", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:nope"}}}, `Failed to launch vat v1 (a)`},
		{"sourceSpec", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"sourceSpec": "a.js"}}}, `vat "a": for now, only bundleSpec is supported in vatConfig specifications`},
		{"bundleName", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleName": "a"}}}, `vat "a": for now, only bundleSpec is supported in vatConfig specifications`},
		{"bundles", map[string]any{"bootstrap": "a", "bundles": map[string]any{"b": map[string]any{"bundleSpec": "go:greeter"}}, "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter"}}}, `Cluster config "bundles" is not supported`},
		{"IO without a factory", map[string]any{"bootstrap": "a", "services": []string{"repl"}, "io": map[string]any{"repl": map[string]any{"type": "socket", "path": "/nonexistent/r.sock"}}, "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter"}}}, "Cluster config declares IO channels but no IO channel factory was provided to the kernel"},
		{"Go vat globals", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "globals": []string{"Date"}}}}, `"globals" is not supported for Go vats`},
		{"Go vat network", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "network": map[string]any{"allowedHosts": []string{"h"}}}}}, `"network" is not supported for Go vats`},
		{"Go vat platformConfig", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "platformConfig": map[string]any{"fs": map[string]any{"rootDir": "/tmp"}}}}}, `"platformConfig" is not supported for Go vats`},
		{"Go vat creationOptions", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "creationOptions": map[string]any{"memoryLimitMiB": 64}}}}, `"creationOptions" is not supported for Go vats`},
		{"Go vat empty JS-only members are fine, a bad build still fails", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:thrower", "globals": []string{}, "platformConfig": map[string]any{}, "creationOptions": map[string]any{}, "parameters": map[string]any{"failBuild": true}}}}, "from buildRootObject"},
		{"Go vat parameters not an object", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "parameters": []any{1}}}}, `parameters`},
		{"build throws", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:thrower", "parameters": map[string]any{"failBuild": true}}}}, "from buildRootObject"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.call("launchSubcluster", map[string]any{"config": tt.config})
			wantErr(t, err, tt.want)
			// A failed launch changes nothing: no vats, no subclusters.
			st, _ := h.k.GetStatus(h.ctx())
			if len(st.Vats) != 0 || len(st.Subclusters) != 0 {
				t.Fatalf("state after failed launch: %+v", st)
			}
		})
	}
}

func TestExecuteDBQueryIsReadOnly(t *testing.T) {
	h := newHarness(t, "")
	h.launch("alice", greeters)
	if kv := h.kv("v1.c.o+0"); kv["v1.c.o+0"] != "ko4" {
		t.Fatalf("v1.c.o+0 = %v", kv)
	}
	before := h.kv("")
	for _, sql := range []string{"DELETE FROM kv", "DELETE FROM kv RETURNING *", "UPDATE kv SET value = 'x'", "DROP TABLE kv"} {
		if _, err := h.call("executeDBQuery", map[string]any{"sql": sql}); err == nil {
			t.Errorf("%s was allowed", sql)
		}
	}
	after := h.kv("")
	if len(before) != len(after) {
		t.Fatalf("kv changed: %d keys -> %d", len(before), len(after))
	}
	h.mustSend("ko4", "hello", "x")
}

func TestRestartVatAndTerminateAll(t *testing.T) {
	h := newHarness(t, "")
	h.launch("alice", greeters)
	h.mustCall("restartVat", map[string]any{"id": "v1"})
	h.mustSend("ko4", "hello", "after restart")
	st, _ := h.k.GetStatus(h.ctx())
	if st.Vats[2].ID != "v1" {
		t.Fatalf("restarted vat should be last: %+v", st.Vats)
	}
	// Upstream underflows a refcount here; we must not.
	h.mustCall("terminateAllVats", []any{})
	h.mustCall("collectGarbage", []any{})
	st, _ = h.k.GetStatus(h.ctx())
	if len(st.Vats) != 0 || len(st.Subclusters) != 0 {
		t.Fatalf("after terminateAllVats: %+v", st)
	}
	// Only kernel objects remain.
	for key := range h.kv("ko") {
		if !strings.HasPrefix(key, "ko1.") && !strings.HasPrefix(key, "ko2.") && !strings.HasPrefix(key, "ko3.") {
			t.Errorf("leftover %s", key)
		}
	}
	if kv := h.kv("kp"); len(kv) != 0 {
		t.Errorf("leftover promises: %v", kv)
	}
}

func TestClearStateKeepsServicesUsable(t *testing.T) {
	h := newHarness(t, "")
	h.launch("alice", greeters)
	peer := h.kv("peerId")["peerId"]
	h.mustCall("clearState", []any{})
	if got := h.kv("peerId")["peerId"]; got != peer {
		t.Fatalf("identity lost: %q -> %q", peer, got)
	}
	res := h.launch("alice", greeters)
	if res.RootKref != "ko4" {
		t.Fatalf("root after clearState = %s, want ko4 (services are ko1-ko3)", res.RootKref)
	}
	url := strings.Trim(h.mustCall("issueOcapURL", map[string]any{"kref": "ko4"}), `"`)
	if got := h.mustCall("redeemOcapURL", map[string]any{"url": url}); got != `"ko4"` {
		t.Fatalf("redeem = %s", got)
	}
	if cd := h.mustSend("ko3", "ping"); cd.Body != `#"pong"` {
		t.Fatalf("kernelFacet after clearState: %s", cd.Body)
	}
}

func TestCounterSurvivesRestarts(t *testing.T) {
	h := newHarness(t, "")
	h.launch("counter", map[string]string{"counter": "counter"})
	for i, want := range []string{"#1", "#2"} {
		if cd := h.mustSend("ko4", "inc"); cd.Body != want {
			t.Fatalf("inc %d = %s", i, cd.Body)
		}
	}
	h.mustCall("restartVat", map[string]any{"id": "v1"})
	if cd := h.mustSend("ko4", "inc"); cd.Body != "#3" {
		t.Fatalf("after restartVat = %s", cd.Body)
	}
	h.reopen()
	if cd := h.mustSend("ko4", "inc"); cd.Body != "#4" {
		t.Fatalf("after reopening the kernel = %s", cd.Body)
	}
	st, _ := h.k.GetStatus(h.ctx())
	if len(st.Subclusters) != 1 || len(st.Vats) != 1 {
		t.Fatalf("status after reopen: %+v", st)
	}
}

func TestGarbageCollection(t *testing.T) {
	h := newHarness(t, "")
	h.launch("importer", map[string]string{"exporter": "exporter", "importer": "importer"})
	exporter := h.rootOf(h.vatOf("s1", "exporter"))
	importer := h.rootOf(h.vatOf("s1", "importer"))
	h.mustSend(importer, "importFrom", "x")
	kref := h.kv("v1.c.o+1")["v1.c.o+1"] // the exporter's first export
	if cd := h.mustSend(exporter, "isObjectPresent", "x"); cd.Body != "#true" {
		t.Fatalf("isObjectPresent before drop = %s", cd.Body)
	}
	// The importer is the only holder once the queueMessage result is
	// gone: its c-list entry counts.
	if rc := h.kv(kref + ".refCount")[kref+".refCount"]; rc != "1,1" {
		t.Fatalf("%s.refCount = %q, want 1,1 (the importer)", kref, rc)
	}
	h.mustSend(importer, "forgetImport", "x")
	// dropExports then retireExports reach the exporter.
	waitFor(t, func() bool {
		return h.mustSend(exporter, "isObjectPresent", "x").Body == "#false"
	})
	if kv := h.kv(kref + "."); len(kv) != 0 {
		t.Fatalf("object %s still in kv: %v", kref, kv)
	}
	if kv := h.kv("gcActions"); kv["gcActions"] != "[]" {
		t.Fatalf("gcActions = %s", kv["gcActions"])
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestInvalidParamsThroughTheMethodTable(t *testing.T) {
	h := newHarness(t, "")
	_, err := h.call("pingVat", map[string]any{"vatId": "v1"})
	var pe *rpc.ParamsError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *rpc.ParamsError", err)
	}
	if rpc.ToError(err).Code != -32602 {
		t.Fatalf("code = %d", rpc.ToError(err).Code)
	}
}

// TestKernelFacetLaunchChecksConfig: the kernel facet's launchSubcluster
// holds a config to the launchSubcluster RPC's rules (upstream's
// isClusterConfig), so nothing in it is silently dropped.
func TestKernelFacetLaunchChecksConfig(t *testing.T) {
	h := newHarness(t, "")
	greeter := map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "parameters": map[string]any{"name": "a"}}}
	tests := []struct {
		name   string
		config map[string]any
		want   string
	}{
		{"misspelt member", map[string]any{"bootstrap": "a", "vats": greeter, "servces": []any{"ocapURLIssuerService"}}, "invalid cluster config: At path: servces -- Expected a value of type `never`"},
		{"bad vat config", map[string]any{"bootstrap": "a", "vats": map[string]any{"a": map[string]any{"bundleSpec": "go:greeter", "colour": "red"}}}, "invalid cluster config: At path: vats.a -- Expected a value of type `VatConfig`"},
		{"ok", map[string]any{"bootstrap": "a", "vats": greeter}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cd, err := h.send("ko3", "launchSubcluster", tt.config)
			if tt.want != "" {
				wantErr(t, err, tt.want)
				return
			}
			if err != nil || !strings.Contains(cd.Body, `"subclusterId":"s1"`) {
				t.Fatalf("launchSubcluster = %+v, %v", cd, err)
			}
		})
	}
}

// TestKernelFacetQueueMessageArgs: the facet's queueMessage sends the args
// it is given and refuses args that are not an array.
func TestKernelFacetQueueMessageArgs(t *testing.T) {
	h := newHarness(t, "")
	res := h.launch("alice", map[string]string{"alice": "greeter"})
	tests := []struct {
		name string
		args []any
		want string // the result body, or the error
	}{
		{"args", []any{res.RootKref, "hello", []any{"facet"}}, `#{"body":"!#\"vat alice got \\\"hello\\\" from facet\"","slots":[]}`},
		{"no args", []any{res.RootKref, "hello"}, `#{"body":"!#\"vat alice got \\\"hello\\\" from undefined\"","slots":[]}`},
		{"args not an array", []any{res.RootKref, "hello", "facet"}, "queueMessage args must be an array, not string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cd, err := h.send("ko3", "queueMessage", tt.args...)
			if strings.HasPrefix(tt.want, "#") {
				if err != nil || cd.Body != tt.want {
					t.Fatalf("queueMessage = %s, %v; want %s", cd.Body, err, tt.want)
				}
				return
			}
			wantErr(t, err, tt.want)
		})
	}
}

func TestKernelFacetGetPresence(t *testing.T) {
	h := newHarness(t, "")
	tests := []struct {
		name string
		args []any
		want string
	}{
		{"upstream's default iface", []any{"ko1"}, `#"$0.Alleged: Kernel Object"`},
		{"given iface", []any{"ko1", "Issuer"}, `#"$0.Alleged: Issuer"`},
		{"iface not a string", []any{"ko1", 7}, "iface must be a string"},
		{"not a kref", []any{"x"}, "not a valid KRef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cd, err := h.send("ko3", "getPresence", tt.args...)
			if strings.HasPrefix(tt.want, "#") {
				if err != nil || cd.Body != tt.want {
					t.Fatalf("getPresence = %s, %v; want %s", cd.Body, err, tt.want)
				}
				return
			}
			wantErr(t, err, tt.want)
		})
	}
}
