// Package daemontest starts real kernel daemons for kernel-agents' tests:
// a kernel on a SQLite file in a temporary home behind its Unix socket, and
// the repository's discoverable example vat launched in it.
package daemontest

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// Start runs a daemon until the test ends and returns a client for it.
func Start(t testing.TB) *client.Client {
	t.Helper()
	home := t.TempDir()
	k, _, err := daemon.MakeKernel(context.Background(), daemon.KernelOptions{DBFilename: filepath.Join(home, client.DBFile)})
	if err != nil {
		t.Fatalf("MakeKernel: %v", err)
	}
	d, err := daemon.StartDaemon(k, daemon.ServerOptions{SocketPath: client.SocketPath(home)})
	if err != nil {
		k.Stop()
		t.Fatalf("StartDaemon: %v", err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("close daemon: %v", err)
		}
	})
	return client.New(d.SocketPath())
}

// LaunchDiscoverable bundles examples/vats/discoverable-vat.js (a copy, so
// the repository stays untouched), launches it through c and returns its
// root object's kref.
func LaunchDiscoverable(ctx context.Context, t testing.TB, c *client.Client) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	src, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "examples", "vats", "discoverable-vat.js"))
	if err != nil {
		t.Fatalf("example vat: %v", err)
	}
	tmp := filepath.Join(t.TempDir(), "discoverable-vat.js")
	if err := os.WriteFile(tmp, src, 0o644); err != nil {
		t.Fatal(err)
	}
	bundle, _, err := bundler.BundleFile(ctx, tmp)
	if err != nil {
		t.Fatalf("bundle: %v", err)
	}
	raw, err := c.Call(ctx, "launchSubcluster", map[string]any{"config": map[string]any{
		"bootstrap": "notes",
		"vats":      map[string]any{"notes": map[string]any{"bundleSpec": (&url.URL{Scheme: "file", Path: bundle}).String()}},
	}})
	if err != nil {
		t.Fatalf("launchSubcluster: %v", err)
	}
	var res struct {
		RootKref string `json:"rootKref"`
	}
	if err := json.Unmarshal(raw, &res); err != nil || res.RootKref == "" {
		t.Fatalf("launchSubcluster result %s: %v", raw, err)
	}
	return res.RootKref
}
