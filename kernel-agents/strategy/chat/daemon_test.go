package chat_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/discover"
	"github.com/ocap-kernel/ocap-go/kernel-agents/internal/daemontest"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
	"github.com/ocap-kernel/ocap-go/kernel-agents/strategy/chat"
)

// TestKernelObjectAsTool: a chat agent given a discovered kernel object
// calls its method as a tool through the daemon, and answers with the
// result.
func TestKernelObjectAsTool(t *testing.T) {
	ctx := testContext(t)
	c := daemontest.Start(t)
	kref := daemontest.LaunchDiscoverable(ctx, t, c)
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
