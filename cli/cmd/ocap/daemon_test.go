package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
)

// These tests run the real ocap binary (testscript.Main put it on PATH)
// against daemons in temporary homes.

func ocapHome(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ocaph") // short: the socket path must fit
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		runOcap(t, dir, "daemon", "stop")
		os.RemoveAll(dir)
	})
	return dir
}

func runOcap(t testing.TB, home string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := exec.Command("ocap", args...)
	cmd.Env = append(os.Environ(), "OCAP_HOME="+home)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

func mustOcap(t testing.TB, home string, args ...string) string {
	t.Helper()
	out, errOut, err := runOcap(t, home, args...)
	if err != nil {
		t.Fatalf("ocap %v: %v\n%s", args, err, errOut)
	}
	return out
}

// Hardening 2: ten concurrent starts give exactly one daemon, and all ten
// succeed; stop signals only the lock holder.
func TestDaemonConcurrentStart(t *testing.T) {
	home := ocapHome(t)
	var wg sync.WaitGroup
	errs := make([]error, 10)
	outs := make([]string, 10)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, outs[i], errs[i] = runOcap(t, home, "daemon", "start")
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil || !strings.Contains(outs[i], "Daemon running. Socket: ") {
			t.Errorf("start %d: %v\n%s", i, err, outs[i])
		}
	}
	pid, held, err := daemon.LockHolder(daemon.Layout{Home: home}.Lock())
	if err != nil || !held || pid <= 0 {
		t.Fatalf("lock holder = %d, %v, %v", pid, held, err)
	}
	// Exactly one daemon process serves this home.
	n := 0
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), "daemon\x00run\x00") && strings.Contains(string(b), home+"\x00") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d daemon processes for the home, want 1", n)
	}

	// A pid file pointing elsewhere is never signalled: stop goes by the
	// lock. Point it at a process of ours that must survive.
	sleeper := exec.Command("sleep", "30")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	defer sleeper.Process.Kill()
	os.WriteFile(daemon.Layout{Home: home}.PID(), []byte(strconv.Itoa(sleeper.Process.Pid)), 0o600)
	mustOcap(t, home, "daemon", "stop")
	if err := sleeper.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("stop signalled the pid file's process: %v", err)
	}
	if _, held, _ := daemon.LockHolder(daemon.Layout{Home: home}.Lock()); held {
		t.Fatal("daemon still holds the lock after stop")
	}
}

// TestDaemonKill9 kills the daemon with SIGKILL while two vats exchange a
// long chain of messages, starts it again, and checks that the chain
// completes with every step delivered exactly once.
func TestDaemonKill9(t *testing.T) {
	const steps = 3000
	home := ocapHome(t)
	mustOcap(t, home, "daemon", "exec", "launchSubcluster",
		`{"config":{"bootstrap":"a","vats":{"a":{"bundleSpec":"go:chain"},"b":{"bundleSpec":"go:chain"}}}}`)
	roots := map[string]string{}
	for _, v := range []string{"v1", "v2"} {
		out := mustOcap(t, home, "daemon", "exec", "executeDBQuery", `{"sql":"SELECT value FROM kv WHERE key = '`+v+`.c.o+0'"}`)
		var rows []map[string]string
		if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 {
			t.Fatalf("root of %s: %s", v, out)
		}
		roots[v] = rows[0]["value"]
	}
	mustOcap(t, home, "daemon", "queueMessage", roots["v1"], "step", "[1,"+strconv.Itoa(steps)+"]")

	count := func() int {
		out, _, err := runOcap(t, home, "daemon", "exec", "executeDBQuery", `{"sql":"SELECT COUNT(*) AS n FROM kv_vatstore WHERE key LIKE 'baggage.seen.%'"}`)
		if err != nil {
			return -1
		}
		var rows []map[string]int
		json.Unmarshal([]byte(out), &rows)
		if len(rows) != 1 {
			return -1
		}
		return rows[0]["n"]
	}
	deadline := time.Now().Add(60 * time.Second)
	for c := count(); c < 100; c = count() {
		if time.Now().After(deadline) {
			t.Fatalf("chain did not start: %d steps", c)
		}
		time.Sleep(5 * time.Millisecond)
	}
	pid, held, err := daemon.LockHolder(daemon.Layout{Home: home}.Lock())
	if err != nil || !held || pid <= 0 {
		t.Fatalf("lock holder = %d, %v, %v", pid, held, err)
	}
	if c := count(); c >= steps {
		t.Fatalf("chain finished (%d steps) before the kill", c)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for {
		if _, held, _ := daemon.LockHolder(daemon.Layout{Home: home}.Lock()); !held {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}

	// The socket file is stale now; start probes it, replaces it, and the
	// kernel resumes the persisted run queue.
	mustOcap(t, home, "daemon", "start")
	type report struct{ Distinct, Dups, Last float64 }
	get := func(kref string) report {
		out := mustOcap(t, home, "daemon", "queueMessage", kref, "report")
		var r report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("report: %s", out)
		}
		return r
	}
	deadline = time.Now().Add(60 * time.Second)
	for {
		a, b := get(roots["v1"]), get(roots["v2"])
		if a.Dups != 0 || b.Dups != 0 {
			t.Fatalf("steps delivered twice: %+v %+v", a, b)
		}
		if a.Distinct+b.Distinct == steps {
			if max(a.Last, b.Last) != steps {
				t.Fatalf("last step missing: %+v %+v", a, b)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chain did not finish: %+v %+v", a, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
