package kernel_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"
)

const crashChainLength = 20000

// TestCrashHelper is the child process of TestCrashRecovery: it starts a
// long message chain on a file database and runs until it is killed.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv("OCAP_CRASH_DB")
	if path == "" {
		t.Skip("helper process for TestCrashRecovery")
	}
	h := newHarness(t, path)
	h.launch("a", map[string]string{"a": "chain", "b": "chain"})
	a := h.rootOf(h.vatOf("s1", "a"))
	h.mustSend(a, "step", 1, crashChainLength)
	os.Stdout.WriteString("chain started\n")
	time.Sleep(time.Hour) // until killed
}

// TestCrashRecovery kills a kernel with SIGKILL in the middle of a long
// message chain, reopens its database and lets the chain finish: every
// step must have been delivered exactly once.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child kernel")
	}
	path := filepath.Join(t.TempDir(), "kernel.sqlite")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OCAP_CRASH_DB="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	started := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "chain started") {
				started <- true
				return
			}
		}
		started <- false
	}()
	select {
	case ok := <-started:
		if !ok {
			t.Fatal("helper exited before starting the chain")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("helper did not start")
	}
	// Let it commit some steps, then kill it mid-run.
	waitSteps(t, path, 200)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	before := countSteps(t, path)
	if before == 0 || before >= crashChainLength {
		t.Fatalf("killed after %d of %d steps; want a kill mid-run", before, crashChainLength)
	}
	t.Logf("killed after %d of %d steps", before, crashChainLength)

	h := newHarness(t, path)
	a := h.rootOf("v1")
	b := h.rootOf("v2")
	// The chain must keep moving; how fast depends on the machine's load
	// (and the race detector), so only a stall fails.
	const stall = time.Minute
	progress, lastMove := -1.0, time.Now()
	for {
		ra, rb := report(t, h, a), report(t, h, b)
		if ra["dups"] != 0 || rb["dups"] != 0 {
			t.Fatalf("steps delivered twice: a=%v b=%v", ra, rb)
		}
		if ra["distinct"]+rb["distinct"] == crashChainLength {
			if max(ra["last"], rb["last"]) != crashChainLength {
				t.Fatalf("last step missing: a=%v b=%v", ra, rb)
			}
			break
		}
		if done := ra["distinct"] + rb["distinct"]; done != progress {
			progress, lastMove = done, time.Now()
		} else if time.Since(lastMove) > stall {
			t.Fatalf("chain stalled for %v: a=%v b=%v", stall, ra, rb)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func report(t *testing.T, h *harness, root string) map[string]float64 {
	t.Helper()
	cd := h.mustSend(root, "report")
	var m map[string]float64
	if err := json.Unmarshal([]byte(strings.TrimPrefix(cd.Body, "#")), &m); err != nil {
		t.Fatalf("report %s: %v", cd.Body, err)
	}
	return m
}

// countSteps reads the committed number of steps from the vatstores.
func countSteps(t *testing.T, path string) int {
	t.Helper()
	db, err := kernelstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.ExecuteQuery(context.Background(), "SELECT COUNT(*) AS n FROM kv_vatstore WHERE key LIKE 'baggage.seen.%'")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := rows[0]["n"].(int64)
	return int(n)
}

func waitSteps(t *testing.T, path string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for countStepsReadOnly(path) < n {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d steps committed", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// countStepsReadOnly peeks at a database another process is writing.
func countStepsReadOnly(path string) int {
	conn, err := sqlite.OpenConn(path, sqlite.OpenReadOnly)
	if err != nil {
		return 0
	}
	defer conn.Close()
	n := 0
	err = sqlitex.ExecuteTransient(conn, "SELECT COUNT(*) FROM kv_vatstore WHERE key LIKE 'baggage.seen.%'", &sqlitex.ExecOptions{
		ResultFunc: func(stmt *sqlite.Stmt) error {
			n = stmt.ColumnInt(0)
			return nil
		},
	})
	if err != nil {
		return 0
	}
	return n
}
