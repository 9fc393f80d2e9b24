package daemon_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Hardening 2 (library half): the lock is exclusive and its holder is
// identified; the CLI half (ten concurrent starts) is in cli/cmd/ocap.
func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "daemon.lock")
	if _, held, err := daemon.LockHolder(path); err != nil || held {
		t.Fatalf("missing lock file: held=%v err=%v", held, err)
	}
	l, err := daemon.AcquireLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := daemon.AcquireLock(path); !errors.Is(err, daemon.ErrLocked) {
		t.Fatalf("second acquire: %v, want ErrLocked", err)
	}
	pid, held, err := daemon.LockHolder(path)
	if err != nil || !held || pid != os.Getpid() {
		t.Fatalf("LockHolder = %d, %v, %v; want %d, true", pid, held, err, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if _, held, _ := daemon.LockHolder(path); held {
		t.Fatal("held after release")
	}
	l2, err := daemon.AcquireLock(path)
	if err != nil {
		t.Fatalf("re-acquire: %v", err)
	}
	l2.Release()
}

// Hardening 4: size-capped rotation with a bounded number of backups, and
// Rotate (SIGHUP).
func TestLogFileRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "daemon.log")
	lf, err := daemon.OpenLogFile(path, daemon.LogFileOptions{MaxSize: 100, MaxBackups: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	line := strings.Repeat("x", 39) + "\n"
	for range 20 {
		if _, err := lf.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	backups := daemon.LogBackups(path)
	if len(backups) != 2 || backups[0] != path+".1" || backups[1] != path+".2" {
		t.Fatalf("backups = %v", backups)
	}
	for _, p := range append(backups, path) {
		fi, err := os.Stat(p)
		if err != nil || fi.Size() > 100 || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, fi, err)
		}
	}
	lf.Write([]byte("before\n"))
	if err := lf.Rotate(); err != nil {
		t.Fatal(err)
	}
	lf.Write([]byte("after\n"))
	if b, _ := os.ReadFile(path); string(b) != "after\n" {
		t.Fatalf("log after Rotate = %q", b)
	}
	if b, _ := os.ReadFile(path + ".1"); !strings.HasSuffix(string(b), "before\n") {
		t.Fatalf("backup after Rotate = %q", b)
	}
}

// Hardening 4: an unrecovered panic reaches the log with its stack.
func TestPanicLoggedWithStack(t *testing.T) {
	if os.Getenv("OCAP_TEST_PANIC_LOG") != "" {
		lf, err := daemon.OpenLogFile(os.Getenv("OCAP_TEST_PANIC_LOG"), daemon.LogFileOptions{CrashOutput: true})
		if err != nil {
			t.Fatal(err)
		}
		lf.Write([]byte("started\n"))
		go func() { panic("boom from a goroutine") }()
		time.Sleep(time.Minute)
		return
	}
	log := filepath.Join(t.TempDir(), "daemon.log")
	cmd := exec.Command(os.Args[0], "-test.run=^TestPanicLoggedWithStack$")
	cmd.Env = append(os.Environ(), "OCAP_TEST_PANIC_LOG="+log)
	if err := cmd.Run(); err == nil {
		t.Fatal("panicking process exited 0")
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"started", "panic: boom from a goroutine", "goroutine ", "TestPanicLoggedWithStack"} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("log lacks %q:\n%s", want, b)
		}
	}
}

func TestDeleteDaemonState(t *testing.T) {
	home := t.TempDir()
	l := daemon.Layout{Home: home}
	files := []string{l.DB(), l.DB() + "-wal", l.DB() + "-shm", l.Socket(), l.PID(), l.Log() + ".1", l.Log() + ".2"}
	// Files the daemon never writes stay: the user's own, a bundles
	// directory, the lock and the configuration.
	kept := []string{l.Lock(), filepath.Join(home, "config.json"), filepath.Join(home, "notes.txt"), filepath.Join(home, "bundles", "a.bundle")}
	outside := filepath.Join(t.TempDir(), "precious")
	os.MkdirAll(filepath.Join(home, "bundles"), 0o700)
	for _, f := range append(append(files, kept...), outside) {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A link in the log's place goes; the file it points to stays.
	if err := os.Symlink(outside, l.Log()); err != nil {
		t.Fatal(err)
	}
	if err := daemon.DeleteDaemonState(daemon.DeleteStateOptions{Home: home}); err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, l.Log()) {
		if _, err := os.Lstat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s not deleted", f)
		}
	}
	for _, f := range append(kept, outside) {
		if b, err := os.ReadFile(f); err != nil || string(b) != "x" {
			t.Errorf("%s: %q, %v; want it kept", f, b, err)
		}
	}
	if err := daemon.DeleteDaemonState(daemon.DeleteStateOptions{Home: home}); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

func TestReadLine(t *testing.T) {
	cases := []struct {
		name    string
		writes  []string
		close   bool
		want    string
		wantErr error
	}{
		{"partial chunks", []string{`{"a":`, `1}`, "\n"}, false, `{"a":1}`, nil},
		{"first line only", []string{"one\ntwo\n"}, false, "one", nil},
		{"closed first", []string{"no newline"}, true, "", daemon.ErrSocketClosed},
		{"timeout", nil, false, "", daemon.ErrReadTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, b := net.Pipe()
			defer a.Close()
			go func() {
				for _, w := range tc.writes {
					b.Write([]byte(w))
				}
				if tc.close {
					b.Close()
				}
			}()
			got, err := daemon.ReadLine(a, 200*time.Millisecond, 0)
			if !errors.Is(err, tc.wantErr) || got != tc.want {
				t.Fatalf("ReadLine = %q, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
			b.Close()
		})
	}
}

func TestSocketIOChannel(t *testing.T) {
	dir := shortTempDir(t)
	path := filepath.Join(dir, "io.sock")
	ch, err := daemon.NewSocketIOChannel("myio", path)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	if err := ch.Write(ctx, "x"); err == nil || err.Error() != `IO channel "myio" has no connected client` {
		t.Fatalf("write without client: %v", err)
	}
	// A read waits for a client that connects later (upstream #843).
	got := make(chan string, 1)
	go func() {
		line, ok, err := ch.Read(ctx)
		if err != nil || !ok {
			line = "error"
		}
		got <- line
	}()
	time.Sleep(20 * time.Millisecond)
	c1, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	c1.Write([]byte("héllo\nsec"))
	if line := <-got; line != "héllo" {
		t.Fatalf("read %q", line)
	}
	// A second client is turned away while the first is connected.
	c2, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, _ := c2.Read(make([]byte, 1)); n != 0 {
		t.Fatal("second client served")
	}
	c2.Close()
	if err := ch.Write(ctx, "out"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	c1.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, _ := c1.Read(buf); string(buf[:n]) != "out\n" {
		t.Fatalf("client read %q", buf[:n])
	}
	// Disconnect: the partial line is delivered, then end of input.
	c1.Close()
	if line, ok, _ := ch.Read(ctx); !ok || line != "sec" {
		t.Fatalf("final partial line = %q, %v", line, ok)
	}
	// The client is gone, so a read now waits for the next one.
	short, cancelShort := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancelShort()
	if _, _, err := ch.Read(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("read with no client: %v, want it to wait", err)
	}
}

func TestSocketIOChannelClose(t *testing.T) {
	path := filepath.Join(shortTempDir(t), "io.sock")
	ch, err := daemon.NewSocketIOChannel("myio", path)
	if err != nil {
		t.Fatal(err)
	}
	res := make(chan bool, 1)
	go func() {
		_, ok, _ := ch.Read(context.Background())
		res <- ok
	}()
	time.Sleep(20 * time.Millisecond)
	if err := ch.Close(); err != nil {
		t.Fatal(err)
	}
	if ok := <-res; ok {
		t.Fatal("read after close returned a line")
	}
	if err := ch.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("socket file left behind")
	}
	if err := ch.Write(context.Background(), "x"); err == nil || err.Error() != `IO channel "myio" is closed` {
		t.Fatalf("write after close: %v", err)
	}
}

func TestSocketIOChannelFactory(t *testing.T) {
	_, err := daemon.SocketIOChannelFactory("s1", "out", api.IOConfig{Type: "console"})
	if err == nil || err.Error() != `Unsupported IO channel type "console" for channel "out"` {
		t.Fatalf("got %v", err)
	}
}

func TestLastFatal(t *testing.T) {
	start := `time=2026-12-02T01:00:00.000Z level=INFO msg="Daemon starting" pid=1 home=/h`
	fatal := `time=2026-12-02T01:00:01.000Z level=ERROR msg="Daemon fatal" err="kernel stopped: writing the database failed: disk \"full\""`
	exit := `time=2026-12-02T01:00:01.001Z level=INFO msg="Process exiting" pid=1`
	tests := []struct {
		name, log, want string
		ok              bool
	}{
		{"no log", "", "", false},
		{"clean run", start + "\n" + exit + "\n", "", false},
		{"fatal", start + "\n" + fatal + "\n" + exit + "\n", `kernel stopped: writing the database failed: disk "full"`, true},
		{"fatal, then a new run", start + "\n" + fatal + "\n" + exit + "\n" + start + "\n", "", false},
		{"unquoted", start + "\nlevel=ERROR msg=\"Daemon fatal\" err=boom\n", "boom", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "daemon.log")
			if tc.log != "" {
				os.WriteFile(path, []byte(tc.log), 0o600)
			}
			got, ok := daemon.LastFatal(path)
			if got != tc.want || ok != tc.ok {
				t.Errorf("LastFatal = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestSocketIOChannelBounds: a client that sends faster than vats read is
// held back, not buffered without end, and loses no line; a line longer
// than MaxIOLine ends its connection.
func TestSocketIOChannelBounds(t *testing.T) {
	path := filepath.Join(shortTempDir(t), "io.sock")
	ch, err := daemon.NewSocketIOChannel("myio", path)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	const lines = 5000
	go func() {
		var b strings.Builder
		for i := range lines {
			fmt.Fprintf(&b, "%d\n", i)
		}
		c.Write([]byte(b.String()))
		c.Write([]byte(strings.Repeat("x", daemon.MaxIOLine+1)))
	}()
	for i := range lines {
		line, ok, err := ch.Read(ctx)
		if err != nil || !ok || line != strconv.Itoa(i) {
			t.Fatalf("read %d: %q, %v, %v", i, line, ok, err)
		}
	}
	// The over-long line is not delivered: its client is disconnected.
	if line, ok, err := ch.Read(ctx); ok || err != nil {
		t.Fatalf("after an over-long line: %q, %v, %v; want end of input", line, ok, err)
	}
	c.Close()
}
