package kernel

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat/examples"
)

// newWaitersKernel runs a kernel with the example Go vats on a file
// database, and a go:maker vat; it returns the maker's root.
func newWaitersKernel(t *testing.T) (*Kernel, string) {
	t.Helper()
	db, err := kernelstore.Open(filepath.Join(t.TempDir(), "kernel.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	rt := govat.NewRuntime()
	examples.Register(rt)
	k, err := New(context.Background(), db, Options{Runtime: rt})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Stop() })
	res, err := k.LaunchSubcluster(context.Background(), api.ClusterConfig{
		Bootstrap: "maker",
		Vats:      api.NamedMap[api.VatConfig]{Entries: []api.Named[api.VatConfig]{{Name: "maker", Value: api.VatConfig{BundleSpec: "go:maker"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return k, res.RootKref
}

// TestOpThatRanKeepsItsOutcome: a caller whose context ends while its op
// runs is told what the op did, not that it was cancelled. QueueMessage
// relies on it: told "cancelled", it would not take back the kernel's
// hold on the result of the message it did send.
func TestOpThatRanKeepsItsOutcome(t *testing.T) {
	k, _ := newWaitersKernel(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := false
	err := k.do(ctx, func(context.Context) error {
		ran = true
		cancel() // the caller leaves while its op runs
		return nil
	})
	if err != nil || !ran {
		t.Fatalf("op ran: %v, do = %v; want it run and no error", ran, err)
	}
}

// TestAbandonedCallsLeaveNoWaiters: queueMessage calls whose callers leave
// while their results are still owed, and which the vat settles only
// afterwards, leave no waiter behind and the kv table as it was.
func TestAbandonedCallsLeaveNoWaiters(t *testing.T) {
	k, root := newWaitersKernel(t)
	bg := context.Background()
	send := func(method string, args ...any) int {
		t.Helper()
		res, err := k.QueueMessage(bg, root, method, args)
		if err != nil {
			t.Fatalf("%s(): %v", method, err)
		}
		n, err := strconv.Atoi(strings.TrimPrefix(res.Body, "#"))
		if err != nil {
			t.Fatalf("%s() = %v, want a number", method, res)
		}
		return n
	}
	count := func(sql string) int64 {
		t.Helper()
		rows, err := k.ExecuteDBQuery(bg, sql)
		if err != nil || len(rows) != 1 || len(rows[0].Values) != 1 {
			t.Fatalf("%s = %v, %v", sql, rows, err)
		}
		n, ok := rows[0].Values[0].(int64)
		if !ok {
			t.Fatalf("%s = %v, want a count", sql, rows)
		}
		return n
	}
	// quiescent reports an empty run queue, and no GC action or reap due.
	quiescent := func() bool {
		var idle bool
		if err := k.do(bg, func(context.Context) error {
			reaps := k.st.getString(keyReapQueue)
			idle = k.st.getInt(keyRunHead) == k.st.getInt(keyRunTail) &&
				len(k.gcActions()) == 0 && (reaps == "" || reaps == "[]") && len(k.reapDue) == 0
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return idle
	}
	waitQuiescent := func() {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !quiescent() {
			if time.Now().After(deadline) {
				t.Fatal("the kernel did not settle")
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitQuiescent()
	idleRows := count("SELECT COUNT(*) FROM kv")

	const calls = 2_000
	ctx, cancel := context.WithCancel(bg)
	errs := make(chan error, calls)
	for range calls {
		go func() {
			_, err := k.QueueMessage(ctx, root, "hold", nil)
			errs <- err
		}()
	}
	deadline := time.Now().Add(time.Minute)
	for send("holding") < calls {
		if time.Now().After(deadline) {
			t.Fatal("the vat never held every call")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	for range calls {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Fatalf("abandoned hold() = %v, want the cancelled call", err)
		}
	}
	if held := count("SELECT COUNT(*) FROM kv WHERE key GLOB 'kp*.refCount' AND value <> '1'"); held != 0 {
		t.Errorf("the kernel still holds %d results for callers that left", held)
	}
	if got := send("settle", "late"); got != calls {
		t.Fatalf("settle() settled %d, want %d", got, calls)
	}
	waitQuiescent()
	var waiters int
	if err := k.do(bg, func(context.Context) error { waiters = len(k.waiters); return nil }); err != nil {
		t.Fatal(err)
	}
	if waiters != 0 {
		t.Errorf("%d promises still have waiters", waiters)
	}
	if rows := count("SELECT COUNT(*) FROM kv"); rows != idleRows {
		t.Errorf("%d kv rows after the abandoned calls, %d before", rows, idleRows)
	}
}
