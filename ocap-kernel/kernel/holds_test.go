package kernel_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// kvRows is the number of rows of the kv table.
func (h *harness) kvRows() int {
	h.t.Helper()
	out := h.mustCall("executeDBQuery", map[string]any{"sql": "SELECT COUNT(*) AS n FROM kv"})
	var rows []struct{ N int }
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
		h.t.Fatalf("count kv rows: %s", out)
	}
	return rows[0].N
}

func (h *harness) release(krefs ...string) error {
	h.t.Helper()
	if krefs == nil {
		krefs = []string{}
	}
	_, err := h.call("releaseKrefs", map[string]any{"krefs": krefs})
	return err
}

// present asks the exporter whether the kernel still has its object id
// (the vat hears of a collection through retireExports). Being a send, it
// also waits for the GC deliveries that are due: the kernel runs them
// before the run queue.
func (h *harness) present(exporter, id string) bool {
	h.t.Helper()
	return h.mustSend(exporter, "isObjectPresent", id).Body == "#true"
}

func slotOf(t *testing.T, cd api.CapData) string {
	t.Helper()
	if len(cd.Slots) != 1 {
		t.Fatalf("result %+v: want one slot", cd)
	}
	return cd.Slots[0]
}

// TestReleaseReturnedObjects is the reproduction of the open issue, scaled
// down: calls that each return a new object grow the kv; collectGarbage
// frees nothing while the client may still use the krefs; releasing them
// gives the kv back and the vat hears that the kernel dropped them.
func TestReleaseReturnedObjects(t *testing.T) {
	h := newHarness(t, "")
	exporter := h.launch("exporter", map[string]string{"exporter": "exporter"}).RootKref
	// One round first, so that what the first call creates once is in the
	// baseline.
	warm := slotOf(t, h.mustSend(exporter, "createObject", "warm"))
	if err := h.release(warm); err != nil {
		t.Fatal(err)
	}
	if h.present(exporter, "warm") {
		t.Fatal("the warm-up object was not collected")
	}
	baseline := h.kvRows()

	const calls = 2000
	krefs := make([]string, calls)
	for i := range calls {
		krefs[i] = slotOf(t, h.mustSend(exporter, "createObject", fmt.Sprint(i)))
	}
	grown := h.kvRows()
	if grown < baseline+4*calls {
		t.Fatalf("kv rows %d after %d objects from %d: the objects are not kept", grown, calls, baseline)
	}
	// Nothing is garbage while the client may use the krefs: not even the
	// settled result promises are left to collect.
	h.mustCall("collectGarbage", nil)
	if !h.present(exporter, "0") || h.kvRows() != grown {
		t.Fatalf("collectGarbage changed kept objects: %d rows, want %d", h.kvRows(), grown)
	}
	if n := len(h.kv("kp")); n != 0 {
		t.Errorf("%d kp rows left: settled result promises are kept", n)
	}
	if h.mustSend(krefs[calls-1], "getValue").Body != fmt.Sprintf(`#"value of %d"`, calls-1) {
		t.Fatal("a returned object is not usable")
	}

	if err := h.release(krefs...); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"0", "1", fmt.Sprint(calls / 2), fmt.Sprint(calls - 1)} {
		if h.present(exporter, id) {
			t.Errorf("object %s still exported after its release", id)
		}
	}
	if got := h.kvRows(); got != baseline {
		t.Errorf("kv rows after release: %d, want the baseline %d (%d after the calls)", got, baseline, grown)
	}
	if held := h.kv("outsideHold."); len(held) != 0 {
		t.Errorf("holds left: %v", held)
	}
	_, err := h.send(krefs[0], "getValue")
	wantErr(t, err, "[KERNEL:OBJECT_DELETED]")
}

// TestHeldKrefsStayUsable: a kref handed to a client stays usable across
// collectGarbage and reaps, and held across a restart, until the client
// releases it; the same kref handed out twice is held once.
func TestHeldKrefsStayUsable(t *testing.T) {
	h := newHarness(t, "")
	maker := h.launch("maker", map[string]string{"maker": "maker"}).RootKref
	counter := slotOf(t, h.mustSend(maker, "makeCounter", 10))
	if cd := h.mustSend(counter, "inc"); cd.Body != "#11" {
		t.Fatalf("inc = %s", cd.Body)
	}
	h.mustCall("collectGarbage", nil)
	h.mustSend(maker, "bootstrap") // after the reap the drained queue scheduled
	if cd := h.mustSend(counter, "inc"); cd.Body != "#12" {
		t.Fatalf("inc after collectGarbage = %s", cd.Body)
	}
	refCount := h.kv(counter + ".refCount")
	h.reopen()
	if got := h.kv("outsideHold."); !maps.Equal(got, map[string]string{"outsideHold." + counter: "1"}) {
		t.Fatalf("holds after a restart = %v", got)
	}
	if got := h.kv(counter + ".refCount"); !maps.Equal(got, refCount) {
		t.Fatalf("refCount after a restart %v, was %v", got, refCount)
	}
	// The kref handed out again (an OCAP URL of it, redeemed) is held once.
	url := strings.Trim(h.mustCall("issueOcapURL", map[string]any{"kref": counter}), `"`)
	if got := strings.Trim(h.mustCall("redeemOcapURL", map[string]any{"url": url}), `"`); got != counter {
		t.Fatalf("redeemed %s, want %s", got, counter)
	}
	if got := h.kv(counter + ".refCount"); !maps.Equal(got, refCount) {
		t.Fatalf("refCount after a second hand-out %v, was %v", got, refCount)
	}
	if err := h.release(counter, counter); err != nil { // listed twice: released once
		t.Fatal(err)
	}
	h.mustSend(maker, "bootstrap") // after the GC deliveries
	if got := h.kv(counter + "."); len(got) != 0 {
		t.Fatalf("the released counter is still there: %v", got)
	}
	_, err := h.send(counter, "inc")
	wantErr(t, err, "[KERNEL:OBJECT_DELETED]")
	_, err = h.call("redeemOcapURL", map[string]any{"url": url})
	wantErr(t, err, "[KERNEL:OBJECT_DELETED] The object this OCAP URL names was released")
}

// TestReleaseKrefsRefusals: a release naming anything the kernel does not
// hold for a client is refused, names it, and changes nothing, however
// many held krefs come with it.
func TestReleaseKrefsRefusals(t *testing.T) {
	h := newHarness(t, "")
	exporter := h.launch("exporter", map[string]string{"exporter": "exporter"}).RootKref
	held := slotOf(t, h.mustSend(exporter, "createObject", "held"))
	gone := slotOf(t, h.mustSend(exporter, "createObject", "gone"))
	if err := h.release(gone); err != nil {
		t.Fatal(err)
	}
	h.present(exporter, "gone")
	tests := []struct {
		name   string
		krefs  []string
		direct bool // through the Kernel method, past the RPC's validation
		want   string
	}{
		{"never allocated", []string{held, "ko999"}, false, "cannot release ko999: the kernel does not hold it for a client"},
		{"released already", []string{held, gone}, false, "cannot release " + gone + ": the kernel does not hold it for a client (never handed out, or released already)"},
		{"a vat root, never held", []string{exporter, held}, false, "cannot release " + exporter + ":"},
		{"a kernel service", []string{"ko1"}, false, "cannot release ko1:"},
		{"an unknown promise", []string{"kp77", held}, false, "cannot release kp77:"},
		{"malformed, through the RPC", []string{held, "o+1"}, false, "Invalid params: At path: krefs.1 -- Expected a value of type `KRef`"},
		{"malformed", []string{held, "ko"}, true, `cannot release "ko": not a kref`},
		{"empty", []string{""}, true, `cannot release "": not a kref`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := h.kv("")
			var err error
			if tc.direct {
				err = h.k.ReleaseKrefs(h.ctx(), tc.krefs)
			} else {
				err = h.release(tc.krefs...)
			}
			wantErr(t, err, tc.want)
			if after := h.kv(""); !maps.Equal(before, after) {
				t.Errorf("a refused release changed the kv:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
	if !h.present(exporter, "held") || h.mustSend(held, "getValue").Body != `#"value of held"` {
		t.Fatal("the held object went")
	}
	if err := h.release(); err != nil {
		t.Fatalf("releasing nothing: %v", err)
	}
}

// TestReleaseOcapURL: an issued OCAP URL holds its object, however it was
// issued; releasing the kref drops that hold, and once the object is
// collected the URL redeems no more, neither for a client nor for a vat.
func TestReleaseOcapURL(t *testing.T) {
	h := newHarness(t, "")
	exporter := h.launch("exporter", map[string]string{"exporter": "exporter"}, "ocapURLIssuerService").RootKref
	redeemer := h.launch("remote", map[string]string{"remote": "remote"}, "ocapURLRedemptionService").RootKref
	tests := []struct {
		name  string
		issue func(id string) (url, kref string)
	}{
		{"issued through the RPC", func(id string) (string, string) {
			kref := slotOf(t, h.mustSend(exporter, "createObject", id))
			return strings.Trim(h.mustCall("issueOcapURL", map[string]any{"kref": kref}), `"`), kref
		}},
		{"issued by a vat through the issuer service", func(id string) (string, string) {
			var url string
			if err := json.Unmarshal([]byte(strings.TrimPrefix(h.mustSend(exporter, "createURL", id).Body, "#")), &url); err != nil {
				t.Fatal(err)
			}
			return url, ""
		}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := fmt.Sprint("url", i)
			url, kref := tc.issue(id)
			h.mustCall("collectGarbage", nil)
			got := strings.Trim(h.mustCall("redeemOcapURL", map[string]any{"url": url}), `"`)
			if kref != "" && got != kref {
				t.Fatalf("redeemed %s, want %s", got, kref)
			}
			kref = got
			if cd := h.mustSend(kref, "getValue"); cd.Body != `#"value of `+id+`"` {
				t.Fatalf("getValue = %s", cd.Body)
			}
			if err := h.release(kref); err != nil {
				t.Fatal(err)
			}
			if h.present(exporter, id) {
				t.Fatal("the object is still exported after its release")
			}
			_, err := h.call("redeemOcapURL", map[string]any{"url": url})
			wantErr(t, err, "[KERNEL:OBJECT_DELETED] The object this OCAP URL names was released and no longer exists")
			_, err = h.send(redeemer, "redeem", url, "x")
			wantErr(t, err, "[KERNEL:OBJECT_DELETED] The object this OCAP URL names was released")
			if held := h.kv("outsideHold."); len(held) != 0 {
				t.Errorf("holds left: %v", held)
			}
		})
	}
}

// stallService's wait answers only when the kernel stops; started says
// that a call began.
func stallService(started chan<- struct{}) kernel.HostService {
	return kernel.HostService{Name: "stallService", MaxConcurrent: 4, Methods: map[string]kernel.HostMethod{
		"wait": func(ctx context.Context, _ kernel.HostCall) (any, error) {
			started <- struct{}{}
			<-ctx.Done()
			return nil, ctx.Err()
		},
		"echo": func(context.Context, kernel.HostCall) (any, error) { return "echo", nil },
	}}
}

// TestRestartReleasesOrphanedHolds: a kernel stopped while calls wait (a
// queueMessage on a vat whose service never answers; one straight to the
// service) leaves holds whose waits died with it. The next start releases
// them, rejects the service calls that will never be answered, and what
// is then garbage is collected.
func TestRestartReleasesOrphanedHolds(t *testing.T) {
	started := make(chan struct{}, 2)
	kh := hostKernel(t, "", stallService(started))
	root := kh.MustLaunch("a", hostCallerVats(), "stallService").RootKref
	svc := kh.KV("kernelService.stallService")["kernelService.stallService"]
	errc := make(chan error, 2)
	for _, call := range [][]any{{root, "call", []any{"stallService", "wait"}}, {svc, "wait", []any{}}} {
		go func() {
			_, err := kh.K.QueueMessage(context.Background(), call[0].(string), call[1].(string), call[2].([]any))
			errc <- err
		}()
	}
	<-started
	<-started
	waits, services := kh.KV("waitHold."), kh.KV("serviceHold.")
	if len(waits) != 2 || len(services) != 2 {
		t.Fatalf("holds before the stop: waits %v, services %v", waits, services)
	}
	// kpA, the vat's result, has a wait hold only; the service's results
	// (kpB, the vat's call, and kpC, the kernel's own) a service hold, and
	// kpC a wait hold too.
	var kpA string
	var serviceKpids []string
	for key := range services {
		serviceKpids = append(serviceKpids, strings.TrimPrefix(key, "serviceHold."))
	}
	for key := range waits {
		if kpid := strings.TrimPrefix(key, "waitHold."); services["serviceHold."+kpid] == "" {
			kpA = kpid
		}
	}
	if kpA == "" {
		t.Fatalf("no wait without a service: waits %v, services %v", waits, services)
	}
	if err := kh.K.Stop(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := <-errc; !errors.Is(err, kernel.ErrStopped) {
			t.Fatalf("a waiting call got %v, want ErrStopped", err)
		}
	}
	// The holds are on disk: nothing released them.
	db, err := kernelstore.Open(kh.Path)
	if err != nil {
		t.Fatal(err)
	}
	left, err := db.KeysWithPrefix("waitHold.")
	db.Close()
	if err != nil || len(left) != 2 {
		t.Fatalf("wait holds on disk after the stop: %v, %v", left, err)
	}

	kh.Open()
	if got := len(kh.KV("waitHold.")) + len(kh.KV("serviceHold.")); got != 0 {
		t.Fatalf("%d orphaned holds after the restart", got)
	}
	// The vat hears that its service call failed and lets go of it; a
	// later send runs after that delivery.
	if cd, err := kh.Send(svc, "echo"); err != nil || cd.Body != `#"echo"` {
		t.Fatalf("after the restart: %+v, %v", cd, err)
	}
	if _, err := kh.Call("pingVat", map[string]any{"id": "v1"}); err != nil {
		t.Fatalf("the vat: %v", err)
	}
	kp := kh.KV("kp")
	for _, kpid := range serviceKpids {
		if _, ok := kp[kpid+".state"]; ok {
			t.Errorf("%s, whose service never answered, is still there: %v", kpid, kp)
		}
	}
	// The vat (restarted, it forgot the call) still decides kpA: its c-list
	// entry is all that holds it. When the vat goes, so does kpA.
	if got := kp[kpA+".refCount"]; got != "1" {
		t.Errorf("%s.refCount = %q after the restart, want the decider's 1", kpA, got)
	}
	kh.MustCall("terminateVat", map[string]any{"id": "v1"})
	if kp := kh.KV(kpA + "."); len(kp) != 0 {
		t.Errorf("%s is left after its decider went: %v", kpA, kp)
	}
}

// TestLegacyPinsBecomeHolds: a database of an earlier version pinned the
// objects of issued URLs and redemptions in pinnedObjects, for ever. At
// start-up they become outside holds: still usable, and now releasable.
func TestLegacyPinsBecomeHolds(t *testing.T) {
	h := newHarness(t, "")
	exporter := h.launch("exporter", map[string]string{"exporter": "exporter"}).RootKref
	kref := slotOf(t, h.mustSend(exporter, "createObject", "old"))
	url := strings.Trim(h.mustCall("issueOcapURL", map[string]any{"kref": kref}), `"`)
	refCount := h.kv(kref + ".refCount")
	if err := h.k.Stop(); err != nil {
		t.Fatal(err)
	}
	// What the earlier version wrote for it.
	db, err := kernelstore.Open(h.Path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Delete("outsideHold." + kref); err != nil {
		t.Fatal(err)
	}
	if err := db.Set("pinnedObjects", "ko1,ko2,ko3,"+kref); err != nil {
		t.Fatal(err)
	}
	db.Close()

	h.Open()
	h.k = h.K
	if got := h.kv("pinnedObjects")["pinnedObjects"]; got != "ko1,ko2,ko3" {
		t.Fatalf("pinnedObjects = %q, want the services' only", got)
	}
	if got := h.kv("outsideHold."); !maps.Equal(got, map[string]string{"outsideHold." + kref: "1"}) {
		t.Fatalf("holds = %v", got)
	}
	if got := h.kv(kref + ".refCount"); !maps.Equal(got, refCount) {
		t.Fatalf("refCount %v, was %v", got, refCount)
	}
	if got := strings.Trim(h.mustCall("redeemOcapURL", map[string]any{"url": url}), `"`); got != kref {
		t.Fatalf("redeemed %s, want %s", got, kref)
	}
	if err := h.release(kref); err != nil {
		t.Fatal(err)
	}
	if h.present(exporter, "old") {
		t.Fatal("the formerly pinned object was not collected after its release")
	}
}

// TestKernelFacetReleaseKrefs: a system vat's kernelFacet.queueMessage
// hands it krefs as strings, held like a client's, which it releases with
// kernelFacet.releaseKrefs.
func TestKernelFacetReleaseKrefs(t *testing.T) {
	h := newHarness(t, "")
	exporter := h.launch("exporter", map[string]string{"exporter": "exporter"}).RootKref
	facet := h.kv("kernelService.kernelFacet")["kernelService.kernelFacet"]
	cd := h.mustSend(facet, "queueMessage", exporter, "createObject", []any{"f"})
	var res struct{ Slots []string }
	if err := json.Unmarshal([]byte(strings.TrimPrefix(cd.Body, "#")), &res); err != nil || len(res.Slots) != 1 {
		t.Fatalf("kernelFacet.queueMessage = %s", cd.Body)
	}
	kref := res.Slots[0]
	if _, ok := h.kv("outsideHold.")["outsideHold."+kref]; !ok {
		t.Fatalf("%s is not held", kref)
	}
	tests := []struct {
		name string
		args []any
		want string
	}{
		{"no array", []any{kref}, "releaseKrefs needs an array of krefs"},
		{"not a string", []any{[]any{kref, 5}}, "releaseKrefs: element 1 is not a string"},
		{"not held", []any{[]any{kref, "ko999"}}, "cannot release ko999"},
		{"released", []any{[]any{kref}}, ""},
		{"again", []any{[]any{kref}}, "cannot release " + kref},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.send(facet, "releaseKrefs", tc.args...)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantErr(t, err, tc.want)
		})
	}
	if h.present(exporter, "f") {
		t.Fatal("the released object was not collected")
	}
}
