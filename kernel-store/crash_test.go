package kernelstore

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

const crashEnv = "KERNELSTORE_CRASH_HELPER_DB"

// TestHelperProcess is the child of TestCrashDurability: it commits numbered
// crank-like transactions forever, reporting each commit on stdout, until it
// is killed. It does nothing in a normal test run.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		return
	}
	db, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(2)
	}
	pad := strings.Repeat("x", 2000) // grow the WAL so checkpoints happen too
	out := bufio.NewWriter(os.Stdout)
	start := 0
	if last, ok, err := db.Get("last"); err != nil {
		fmt.Fprintln(os.Stderr, "get last:", err)
		os.Exit(2)
	} else if ok {
		start, _ = strconv.Atoi(last)
		start++
	}
	for n := start; ; n++ {
		err := func() error {
			if err := db.CreateSavepoint("t0"); err != nil {
				return err
			}
			if err := db.Set(fmt.Sprintf("a.%08d", n), pad); err != nil {
				return err
			}
			// A nested savepoint that is rolled back must leave no trace.
			if err := db.CreateSavepoint("t1"); err != nil {
				return err
			}
			if err := db.Set(fmt.Sprintf("c.%08d", n), "rolled back"); err != nil {
				return err
			}
			if err := db.RollbackSavepoint("t1"); err != nil {
				return err
			}
			if err := db.VatStore("v1").UpdateKVData([][2]string{{fmt.Sprintf("vs.%08d", n), pad}}, nil); err != nil {
				return err
			}
			if err := db.Set(fmt.Sprintf("b.%08d", n), pad); err != nil {
				return err
			}
			if err := db.Set("last", strconv.Itoa(n)); err != nil {
				return err
			}
			return db.ReleaseSavepoint("t0")
		}()
		if err != nil {
			fmt.Fprintln(os.Stderr, "crank:", err)
			os.Exit(2)
		}
		fmt.Fprintf(out, "committed %d\n", n)
		out.Flush()
	}
}

// TestCrashDurability SIGKILLs a process that is committing transactions to
// a file database and checks that every transaction it reported committed
// survived whole and no transaction survived in part.
func TestCrashDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	path := filepath.Join(t.TempDir(), "crash.sqlite")
	// Several rounds: each child recovers the database the previous one
	// left behind when it was killed, and continues.
	const rounds, perRound = 3, 150
	lastCommitted := -1
	for round := range rounds {
		lastCommitted = runAndKill(t, path, (round+1)*perRound)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after SIGKILL: %v", err)
	}
	defer db.Close()
	last, err := db.GetRequired("last")
	if err != nil {
		t.Fatal(err)
	}
	lastInDB, _ := strconv.Atoi(last)
	if lastInDB < lastCommitted {
		t.Fatalf("last = %d in the database, but %d was reported committed", lastInDB, lastCommitted)
	}
	count := func(prefix string) map[string]bool {
		keys, err := db.KeysWithPrefix(prefix)
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]bool, len(keys))
		for _, k := range keys {
			m[strings.TrimPrefix(k, prefix)] = true
		}
		return m
	}
	as, bs, cs := count("a."), count("b."), count("c.")
	vsRows, err := db.VatStore("v1").GetKVData()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 0 {
		t.Errorf("%d rolled-back nested writes survived", len(cs))
	}
	if len(as) != lastInDB+1 || len(bs) != lastInDB+1 || len(vsRows) != lastInDB+1 {
		t.Errorf("a=%d b=%d vatstore=%d rows, want %d each (transactions 0..%d)", len(as), len(bs), len(vsRows), lastInDB+1, lastInDB)
	}
	for n := 0; n <= lastInDB; n++ {
		id := fmt.Sprintf("%08d", n)
		if !as[id] || !bs[id] {
			t.Fatalf("transaction %d is torn: a=%v b=%v", n, as[id], bs[id])
		}
	}
	t.Logf("child reported %d commits, database holds %d", lastCommitted+1, lastInDB+1)
}

// runAndKill runs the helper on path until it reports committing
// transaction target, SIGKILLs it while it is writing the next one, and
// returns the last transaction it reported committed.
func runAndKill(t *testing.T, path string, target int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lastCommitted := -1
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "committed "))
		if err != nil {
			continue
		}
		lastCommitted = n
		if n >= target {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if lastCommitted < target {
		t.Fatalf("child reported commits only up to %d before exiting; stderr:\n%s", lastCommitted, stderr.String())
	}
	return lastCommitted
}
