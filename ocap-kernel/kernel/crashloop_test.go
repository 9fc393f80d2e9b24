package kernel_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/govat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/internal/kerneltest"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"
)

// killer is a Go vat whose die() kills the whole process in the middle of
// the delivery, as a vat that exhausts the machine would. It waits until
// the die() message itself is durable on the run queue (the kernel writes
// committed cranks behind the one it runs), so that what a restart finds
// does not depend on how fast the disk was.
func killer(dbPath string) govat.BuildFunc {
	return func(v *govat.Vat, _ map[string]any, _ *govat.Baggage) (*govat.Object, error) {
		return v.Far("killer", map[string]govat.Method{
			"bootstrap": func([]any) (any, error) { return nil, nil },
			"die": func([]any) (any, error) {
				for deadline := time.Now().Add(30 * time.Second); queuedDie(dbPath) == 0; {
					if time.Now().After(deadline) {
						return nil, errors.New("die() never reached the database")
					}
					time.Sleep(time.Millisecond)
				}
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {} // the signal arrives before this returns
			},
		}), nil
	}
}

// queuedDie counts the die() messages on the committed run queue.
func queuedDie(path string) int {
	conn, err := sqlite.OpenConn(path, sqlite.OpenReadOnly)
	if err != nil {
		return 0
	}
	defer conn.Close()
	n := 0
	sqlitex.ExecuteTransient(conn, `SELECT COUNT(*) FROM kv WHERE key LIKE 'queue.run.%' AND value LIKE '%die%'`, &sqlitex.ExecOptions{
		ResultFunc: func(stmt *sqlite.Stmt) error {
			n = stmt.ColumnInt(0)
			return nil
		},
	})
	return n
}

func crashLoopHarness(t testing.TB, path string, log *slog.Logger) *kerneltest.Harness {
	rt := newRuntime()
	rt.Register("killer", killer(path))
	return kerneltest.New(t, path, kernel.Options{Runtime: rt, DeliveryTimeout: 5 * time.Second, Logger: log})
}

// TestCrashLoopHelper is the child process of TestCrashLoop: it opens the
// kernel on OCAP_CRASHLOOP_DB and, the first time, launches the killer
// vat and sends it die(); afterwards the kernel resumes its run queue,
// whose first message is that same die().
func TestCrashLoopHelper(t *testing.T) {
	path := os.Getenv("OCAP_CRASHLOOP_DB")
	if path == "" {
		t.Skip("helper process for TestCrashLoop")
	}
	h := crashLoopHarness(t, path, nil)
	if os.Getenv("OCAP_CRASHLOOP_FIRST") != "" {
		h.MustLaunch("killer", map[string]any{
			"killer": map[string]any{"bundleSpec": "go:killer"},
			"other":  map[string]any{"bundleSpec": "go:greeter", "parameters": map[string]any{"name": "other"}},
		})
		h.Send("ko4", "die")
	}
	time.Sleep(time.Minute) // the resumed run queue kills the process first
	t.Fatal("the process survived")
}

// TestCrashLoop: a delivery that kills the kernel process is retried once
// after a restart (the kernel may have died of something else), and when
// it kills the process again the vat is terminated at the next start, with
// a reason that says so, instead of crashing the kernel on every start.
func TestCrashLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child kernels")
	}
	path := filepath.Join(t.TempDir(), "kernel.sqlite")
	for i, first := range []bool{true, false} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashLoopHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "OCAP_CRASHLOOP_DB="+path)
		if first {
			cmd.Env = append(cmd.Env, "OCAP_CRASHLOOP_FIRST=1")
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var ee *exec.ExitError
		if err == nil || !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("run %d: the child was not killed by its vat: %v\n%s", i+1, err, out.String())
		}
	}
	// The third start terminates the vat instead of delivering again.
	var logBuf bytes.Buffer
	h := crashLoopHarness(t, path, slog.New(slog.NewTextHandler(&logBuf, nil)))
	st, err := h.K.GetStatus(h.Ctx())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range st.Vats {
		if v.ID == "v1" {
			t.Fatalf("the killer vat v1 is still running: %+v", st.Vats)
		}
	}
	if !strings.Contains(logBuf.String(), "vat v1 was terminated: the kernel process died 2 times in a row while delivering to it") {
		t.Fatalf("log lacks the reason:\n%s", logBuf.String())
	}
	// The rest of the kernel works: the other vat answers.
	cd := h.MustSend("ko5", "hello", "survivor")
	if cd.Body != `#"vat other got \"hello\" from survivor"` {
		t.Fatalf("other vat answered %s", cd.Body)
	}
}
