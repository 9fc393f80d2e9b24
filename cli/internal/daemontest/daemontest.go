// Package daemontest runs real daemons for the cli's tests: daemon.Run
// (lock, log, SQLite kernel, Unix socket) in-process on a temporary home,
// which a test can stop and start again.
package daemontest

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// Daemon is a daemon in a temporary home.
type Daemon struct {
	Home   string
	Socket string
	t      testing.TB
	cancel context.CancelFunc
	done   chan error
}

// Start runs a daemon in a new temporary home; it is stopped, and the home
// removed, when the test ends.
func Start(t testing.TB) *Daemon {
	t.Helper()
	home, err := os.MkdirTemp("", "ocapd") // short: a socket path must fit in sockaddr_un
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(home) })
	d := &Daemon{Home: home, Socket: client.SocketPath(home), t: t}
	d.Start()
	t.Cleanup(d.Stop)
	return d
}

// Start starts the daemon again after Stop.
func (d *Daemon) Start() {
	d.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() { done <- daemon.Run(ctx, daemon.RunOptions{Home: d.Home, Ready: func(string) { close(ready) }}) }()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		d.t.Fatalf("daemon did not start: %v", err)
	}
	d.cancel, d.done = cancel, done
}

// Stop stops the daemon, if it runs, and waits for it.
func (d *Daemon) Stop() {
	if d.cancel == nil {
		return
	}
	d.cancel()
	if err := <-d.done; err != nil {
		d.t.Errorf("daemon: %v", err)
	}
	d.cancel = nil
}

// Call makes a JSON-RPC call to the daemon and returns its result; an
// error fails the test.
func (d *Daemon) Call(method string, params any) json.RawMessage {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := client.New(d.Socket).Call(ctx, method, params)
	if err != nil {
		d.t.Fatalf("%s: %v", method, err)
	}
	return res
}
