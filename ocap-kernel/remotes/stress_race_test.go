package remotes_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// TestStressRace runs, for a bounded time and at once, on two kernels on
// file databases with their writer goroutines: URL redemptions, local and
// remote sends, repeated initRemoteComms, launches and terminations (of
// subclusters and of vats),
// clearState of one kernel, and callers that give up early. It ends with
// no race report and no panic, every call answered, and the kernels' kv
// consistent.
func TestStressRace(t *testing.T) {
	relay := startRelay(t)
	a, b := newNode(t, relay, false), newNode(t, relay, false)
	// alice and her URL are replaced after each clearState of A.
	var aliceRef, urlRef atomic.Pointer[string]
	setAlice := func() error { // on any goroutine
		res, err := a.Launch("alice", map[string]any{"alice": map[string]any{"bundleSpec": "go:greeter"}})
		if err != nil {
			return err
		}
		url, err := a.K.IssueOcapURL(context.Background(), res.RootKref)
		if err != nil {
			return err
		}
		aliceRef.Store(&res.RootKref)
		urlRef.Store(&url)
		return nil
	}
	if err := setAlice(); err != nil {
		t.Fatal(err)
	}
	alice := func() string { return *aliceRef.Load() }
	url := func() string { return *urlRef.Load() }
	local := b.launch("bob", "greeter")

	ctx, stop := context.WithTimeout(context.Background(), 3*time.Second)
	defer stop()
	var calls, stuck, clears atomic.Int64
	call := func(n *node, timeout time.Duration, method string, params any) (json.RawMessage, error) {
		cctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		calls.Add(1)
		res, err := n.Svc.Execute(cctx, method, mustRaw(params))
		if timeout >= 20*time.Second && cctx.Err() != nil {
			stuck.Add(1)
			t.Logf("unanswered: %s", method)
		}
		if err != nil {
			return nil, err
		}
		return mustRaw(res), nil
	}
	var wg sync.WaitGroup
	loop := func(fn func(i int)) {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				fn(i)
			}
		})
	}
	const answered = 30 * time.Second
	for range 4 {
		loop(func(int) { call(b, answered, "redeemOcapURL", map[string]any{"url": url()}) })
	}
	loop(func(int) { call(b, answered, "queueMessage", []any{local, "hello", []any{"stress"}}) })
	loop(func(int) { call(a, answered, "queueMessage", []any{alice(), "hello", []any{"stress"}}) })
	loop(func(int) {
		_, err := call(b, answered, "initRemoteComms", api.RemoteCommsOptions{Relays: []string{relay}})
		if err == nil || !strings.Contains(err.Error(), "already") {
			t.Errorf("initRemoteComms on a connected kernel: %v", err)
		}
	})
	loop(func(i int) {
		out, err := call(a, answered, "launchSubcluster", map[string]any{"config": map[string]any{
			"bootstrap": "t", "vats": map[string]any{"t": map[string]any{"bundleSpec": "go:greeter", "parameters": map[string]any{"name": "t" + strconv.Itoa(i)}}},
		}})
		if err != nil {
			return
		}
		var res api.LaunchResult
		json.Unmarshal(out, &res)
		if i%2 == 0 {
			call(a, answered, "terminateSubcluster", map[string]any{"id": res.SubclusterID})
			return
		}
		// Or its vat alone, by the id getStatus reports.
		out, err = call(a, answered, "getStatus", nil)
		if err != nil {
			return
		}
		var st api.Status
		json.Unmarshal(out, &st)
		for _, v := range st.Vats {
			if v.SubclusterID == res.SubclusterID {
				call(a, answered, "terminateVat", map[string]any{"id": v.ID})
			}
		}
	})
	// clearState of A now and then, paced by calls of its own; calls in
	// flight on either kernel are answered or rejected, never stranded.
	wg.Go(func() {
		for ctx.Err() == nil {
			for range 20 {
				call(a, answered, "queueMessage", []any{alice(), "hello", []any{"before clearState"}})
			}
			if _, err := call(a, answered, "clearState", nil); err != nil {
				t.Errorf("clearState: %v", err)
				return
			}
			clears.Add(1)
			if err := setAlice(); err != nil {
				t.Errorf("launch after clearState: %v", err)
				return
			}
		}
	})
	// Callers that give up at once.
	loop(func(int) { call(b, time.Millisecond, "redeemOcapURL", map[string]any{"url": url()}) })
	loop(func(int) { call(a, time.Millisecond, "queueMessage", []any{alice(), "hello", []any{"hasty"}}) })
	wg.Wait()
	if n := stuck.Load(); n > 0 {
		t.Fatalf("%d of %d calls were never answered", n, calls.Load())
	}
	t.Logf("%d calls, %d clearStates", calls.Load(), clears.Load())
	for _, n := range []*node{a, b} {
		checkKV(t, n.KV(""))
	}
}

func mustRaw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// checkKV checks invariants of a kernel's kv: the run queue's bounds,
// reference counts that parse and are not negative, and c-lists whose two
// directions agree and name krefs that exist.
func checkKV(t *testing.T, kv map[string]string) {
	t.Helper()
	head, _ := strconv.Atoi(kv["queue.run.head"])
	tail, _ := strconv.Atoi(kv["queue.run.tail"])
	if head > tail {
		t.Errorf("run queue head %d > tail %d", head, tail)
	}
	for key, v := range kv {
		if strings.HasSuffix(key, ".refCount") && strings.HasPrefix(key, "ko") {
			var reach, recog int
			if _, err := fmt.Sscanf(v, "%d,%d", &reach, &recog); err != nil || reach < 0 || recog < 0 {
				t.Errorf("%s = %q", key, v)
			}
		}
		endpoint, ref, ok := strings.Cut(key, ".c.")
		if !ok || (endpoint[0] != 'v' && endpoint[0] != 'r') {
			continue
		}
		if strings.HasPrefix(ref, "ko") || strings.HasPrefix(ref, "kp") {
			// kref -> "R o-3" (flags, eref): the eref maps back.
			fields := strings.Fields(v)
			if len(fields) != 2 {
				t.Errorf("%s = %q", key, v)
				continue
			}
			if back := kv[endpoint+".c."+fields[1]]; back != ref {
				t.Errorf("%s = %q but %s.c.%s = %q", key, v, endpoint, fields[1], back)
			}
			if strings.HasPrefix(ref, "ko") && kv[ref+".refCount"] == "" {
				t.Errorf("%s names %s, which has no refCount", key, ref)
			}
			if strings.HasPrefix(ref, "kp") && kv[ref+".state"] == "" {
				t.Errorf("%s names %s, which has no state", key, ref)
			}
		}
	}
}
