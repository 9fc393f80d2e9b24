package chat_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/discover"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
	"github.com/ocap-kernel/ocap-go/kernel-agents/strategy/chat"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// startNotebook runs a real kernel daemon on a Unix socket, launches
// examples/vats/discoverable-vat.js in it and returns a client and the
// vat's root kref.
func startNotebook(ctx context.Context, t *testing.T) (*client.Client, string) {
	t.Helper()
	home := t.TempDir()
	k, _, err := daemon.MakeKernel(ctx, daemon.KernelOptions{DBFilename: filepath.Join(home, client.DBFile)})
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
	c := client.New(d.SocketPath())

	// Bundle a copy so that the repository stays untouched.
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "vats", "discoverable-vat.js"))
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
	return c, res.RootKref
}

// TestKernelObjectAsTool: a chat agent given a discovered kernel object
// calls its method as a tool through the daemon, and answers with the
// result.
func TestKernelObjectAsTool(t *testing.T) {
	ctx := testContext(t)
	c, kref := startNotebook(ctx, t)
	if _, err := discover.Send(ctx, c, kref, "write", []any{"groceries", "milk"}); err != nil {
		t.Fatalf("seed note: %v", err)
	}
	caps, err := discover.Discover(ctx, c, kref)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	srv := newScripted(t, "/v1/chat/completions",
		openaiCall(t, "read", `{"title":"groceries"}`),
		openaiText(t, func(req map[string]any) string { return "Your groceries note says " + lastToolContent(req) }))
	svc, err := openai.NewService(openai.ServiceConfig{BaseURL: srv.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	a, err := chat.NewAgent(chat.Config{Chat: chat.Bind(svc, "gpt-4o-mini"), Capabilities: caps})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Task(ctx, "What does my groceries note say?", nil, chat.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `Your groceries note says "milk"`; got != want {
		t.Fatalf("result %q, want %q", got, want)
	}
	tools, _ := json.Marshal(srv.requests()[0]["tools"])
	for _, name := range []string{`"name":"list"`, `"name":"read"`, `"name":"write"`} {
		if !strings.Contains(string(tools), name) {
			t.Errorf("tools %s lack %s", tools, name)
		}
	}
}
