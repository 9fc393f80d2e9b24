package daemon_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// TestDiskFullMidStorm runs the daemon in a home on a small tmpfs, fills
// the disk while a client increments a durable counter, and checks that
// the daemon stops with a clear error rather than running on, and that
// after a restart (with space again) the counter holds at least every
// increment that was acknowledged and at most one more: every committed
// crank is whole and nothing acknowledged is lost.
func TestDiskFullMidStorm(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	mnt := shortTempDir(t)
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=8m,mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	home := filepath.Join(mnt, "home")
	sock := daemon.Layout{Home: home}.Socket()
	c := client.New(sock)
	call := func(method string, params any) (json.RawMessage, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return c.Call(ctx, method, params)
	}

	run := func() (<-chan error, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan struct{})
		done := make(chan error, 1)
		go func() { done <- daemon.Run(ctx, daemon.RunOptions{Home: home, Ready: func(string) { close(ready) }}) }()
		select {
		case <-ready:
		case err := <-done:
			cancel()
			t.Fatalf("Run: %v", err)
		}
		return done, cancel
	}
	done, cancel := run()
	defer cancel()
	out, err := call("launchSubcluster", map[string]any{"config": map[string]any{
		"bootstrap": "counter", "vats": map[string]any{"counter": map[string]any{"bundleSpec": "go:counter"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var launched struct{ RootKref string }
	json.Unmarshal(out, &launched)

	// Fill the disk, leaving a little room for the first increments.
	filler, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	for {
		var st syscall.Statfs_t
		if err := syscall.Statfs(mnt, &st); err != nil {
			t.Fatal(err)
		}
		if int64(st.Bavail)*st.Bsize < 512<<10 {
			break
		}
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	filler.Close()

	acked := 0.0
	var lastErr error
	for i := 0; i < 100000 && lastErr == nil; i++ {
		out, err := call("queueMessage", []any{launched.RootKref, "inc", []any{}})
		if err != nil {
			lastErr = err
			break
		}
		var cd struct{ Body string }
		json.Unmarshal(out, &cd)
		acked++
		if cd.Body != "#"+jsonNumber(acked) {
			t.Fatalf("inc %v answered %s", acked, out)
		}
	}
	if lastErr == nil {
		t.Fatal("the disk never filled")
	}
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "writing the database failed") {
			t.Fatalf("daemon exited with %v, want the database write failure", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the daemon runs on after its database failed (last call: %v)", lastErr)
	}
	t.Logf("%v increments acknowledged before the disk filled; then %v", acked, lastErr)
	// ocap daemon status reads why from the log (which may have lost lines
	// on the full disk; when it has the line, it must be the reason).
	if reason, ok := daemon.LastFatal(daemon.Layout{Home: home}.Log()); ok && !strings.Contains(reason, "writing the database failed") {
		t.Errorf("LastFatal = %q", reason)
	}

	// Space again: the restarted daemon has every acknowledged increment.
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	done, cancel2 := run()
	defer cancel2()
	out, err = call("queueMessage", []any{launched.RootKref, "get", []any{}})
	if err != nil {
		t.Fatal(err)
	}
	var cd struct{ Body string }
	json.Unmarshal(out, &cd)
	var got float64
	if err := json.Unmarshal([]byte(strings.TrimPrefix(cd.Body, "#")), &got); err != nil {
		t.Fatalf("get answered %s", out)
	}
	if got < acked || got > acked+1 {
		t.Fatalf("after restart the counter is %v; %v increments were acknowledged", got, acked)
	}
	cancel2()
	if err := <-done; err != nil {
		t.Fatalf("second run: %v", err)
	}
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}
