package daemon_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// TestAbandonedCallsLeaveNoState: queueMessage calls whose clients hang up
// while the vat still owes the answer, and which the vat answers only
// afterwards, leave the kernel state as it was before them.
func TestAbandonedCallsLeaveNoState(t *testing.T) {
	path := filepath.Join(shortTempDir(t), "kernel.sqlite")
	_, sock := serveKernel(t, daemon.KernelOptions{DBFilename: path}, daemon.ServerOptions{})
	a := newAbandoner(t, sock)
	idle := a.kvRows()
	a.abandon(2_000, 200)
	a.waitQuiescent()
	if got := a.kvRows(); got != idle {
		t.Errorf("%d kv rows after the abandoned calls, %d before; promise rows left: %v", got, idle, a.promiseRows())
	}
}

// abandoner makes queueMessage calls to a go:maker vat whose clients give
// up before the answer.
type abandoner struct {
	tb   testing.TB
	sock string
	ctl  *client.Conn // holding, settle and the state queries
	root string       // the maker
}

func newAbandoner(tb testing.TB, sock string) *abandoner {
	tb.Helper()
	ctl, err := client.Dial(context.Background(), sock)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ctl.Close() })
	a := &abandoner{tb: tb, sock: sock, ctl: ctl}
	a.root = launchRoot(tb, ctl, "go:maker")
	a.waitQuiescent()
	return a
}

// abandon makes calls hold() calls, at most round at once. In each round
// every client dials and sends its hold(); once the vat holds them all,
// every client's context is cancelled, so it closes its connection and
// the daemon cancels its call while the result is still owed; once the
// kernel has let go of every result, settle() fulfils them for nobody.
func (a *abandoner) abandon(calls, round int) {
	a.tb.Helper()
	for done := 0; done < calls; done += round {
		a.round(min(round, calls-done))
	}
}

func (a *abandoner) round(n int) {
	a.tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errs := make(chan error, n)
	for range n {
		go func() {
			conn, err := client.Dial(ctx, a.sock)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close()
			_, err = conn.Call(ctx, "queueMessage", []any{a.root, "hold", []any{}})
			errs <- err
		}()
	}
	a.waitFor("the vat to hold the round's calls", func() bool { return a.send("holding") == n })
	cancel()
	for range n {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			a.tb.Fatalf("abandoned hold() = %v, want the cancelled call", err)
		}
	}
	// Held for a caller, a result promise counts the kernel's reference
	// besides its deciding vat's.
	a.waitFor("the kernel to let go of the abandoned results", func() bool {
		return a.count("SELECT COUNT(*) AS n FROM kv WHERE key GLOB 'kp*.refCount' AND value <> '1'") == 0
	})
	if got := a.send("settle", "late"); got != n {
		a.tb.Fatalf("settle() settled %d promises, want %d", got, n)
	}
}

// send calls method on the maker and returns its answer, a number.
func (a *abandoner) send(method string, args ...any) int {
	a.tb.Helper()
	if args == nil {
		args = []any{}
	}
	raw, err := a.ctl.Call(context.Background(), "queueMessage", []any{a.root, method, args})
	if err != nil {
		a.tb.Fatalf("%s(): %v", method, err)
	}
	var res struct{ Body string }
	if err := json.Unmarshal(raw, &res); err != nil {
		a.tb.Fatalf("%s() = %s: %v", method, raw, err)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(res.Body, "#"))
	if err != nil {
		a.tb.Fatalf("%s() = %s, want a number", method, raw)
	}
	return n
}

// query runs a read-only SQL query through executeDBQuery.
func (a *abandoner) query(sql string) []map[string]any {
	a.tb.Helper()
	raw, err := a.ctl.Call(context.Background(), "executeDBQuery", map[string]string{"sql": sql})
	if err != nil {
		a.tb.Fatalf("%s: %v", sql, err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(raw, &rows); err != nil {
		a.tb.Fatalf("%s = %s: %v", sql, raw, err)
	}
	return rows
}

// count runs a query of one row whose column n is a number.
func (a *abandoner) count(sql string) int {
	a.tb.Helper()
	rows := a.query(sql)
	if len(rows) != 1 {
		a.tb.Fatalf("%s: %d rows", sql, len(rows))
	}
	n, ok := rows[0]["n"].(float64)
	if !ok {
		a.tb.Fatalf("%s = %v, want a count n", sql, rows)
	}
	return int(n)
}

func (a *abandoner) kvRows() int { return a.count("SELECT COUNT(*) AS n FROM kv") }

// promiseRows are the kv rows of kernel promises, for failure messages.
func (a *abandoner) promiseRows() []map[string]any {
	return a.query("SELECT key, value FROM kv WHERE key GLOB 'kp*' ORDER BY key LIMIT 20")
}

// waitQuiescent waits until the kernel has nothing queued: no run-queue
// item, GC action or reap (the crank that empties the run queue schedules
// the reaps it is owed, so that state is final).
func (a *abandoner) waitQuiescent() {
	a.tb.Helper()
	a.waitFor("the kernel to settle", func() bool {
		kv := map[string]any{}
		for _, r := range a.query("SELECT key, value FROM kv WHERE key IN ('queue.run.head','queue.run.tail','gcActions','reapQueue')") {
			kv[r["key"].(string)] = r["value"]
		}
		return kv["queue.run.head"] == kv["queue.run.tail"] && kv["gcActions"] == "[]" && kv["reapQueue"] == "[]"
	})
}

// waitFor polls cond until it holds, for at most a minute, less often as
// it waits longer: each poll is work for the kernel too.
func (a *abandoner) waitFor(what string, cond func() bool) {
	a.tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for pause := time.Millisecond; !cond(); pause = min(2*pause, 10*time.Millisecond) {
		if time.Now().After(deadline) {
			a.tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(pause)
	}
}
