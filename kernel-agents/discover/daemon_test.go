package discover_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/discover"
	"github.com/ocap-kernel/ocap-go/kernel-agents/internal/daemontest"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/queue"
	agentjson "github.com/ocap-kernel/ocap-go/kernel-agents/strategy/json"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

func testContext(t *testing.T) context.Context {
	// A failure deadline only: the test finishes as soon as it can.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestDiscoverThroughDaemon discovers the example vat's methods and has an
// agent (with a scripted model) invoke them through the running daemon.
func TestDiscoverThroughDaemon(t *testing.T) {
	ctx := testContext(t)
	c := daemontest.Start(t)
	kref := daemontest.LaunchDiscoverable(ctx, t, c)

	// Seed a note directly, with the vat's own positional order.
	if _, err := discover.Send(ctx, c, kref, "write", []any{"groceries", "milk"}); err != nil {
		t.Fatalf("seed note: %v", err)
	}

	caps, err := discover.Discover(ctx, c, kref)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	for _, name := range []string{"list", "read", "write"} {
		if _, ok := caps[name]; !ok {
			t.Fatalf("capability %q not discovered; got %v", name, capability.Names(caps))
		}
	}
	if _, ok := caps["bootstrap"]; ok {
		t.Errorf("undescribed method bootstrap became a capability")
	}
	read := caps["read"].Schema
	if read.Description != "Read the note stored under a title." || !slices.Equal(read.ArgNames(), []string{"title"}) {
		t.Errorf("read schema = %+v", read)
	}
	// Smallcaps sorts record keys, so positional order is alphabetical
	// (upstream's discover has the same property).
	if got := caps["write"].Schema.ArgNames(); !slices.Equal(got, []string{"text", "title"}) {
		t.Errorf("write args = %v, want [text title]", got)
	}

	model := queue.New("scripted")
	model.Push(
		`invoke":[{"name":"read","args":{"title":"groceries"}},{"name":"list","args":{}}]}`,
		`think":["The note says milk."],"invoke":[{"name":"end","args":{"final":"milk"}}]}`,
	)
	a, err := agentjson.NewAgent(agent.Config{LanguageModel: model, Capabilities: caps})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Task(ctx, "What is on my grocery note?", nil, agent.TaskOptions{})
	if err != nil {
		t.Fatalf("Task: %v", err)
	}
	if got != "milk" {
		t.Fatalf("result = %v, want milk", got)
	}
	var history []agent.Message
	for e := range a.Experiences() {
		history = e.History
	}
	b, err := history[len(history)-3].MarshalJSON() // before the end step
	if err != nil {
		t.Fatal(err)
	}
	want := `{"results":[{"name":"read","args":{"title":"groceries"},"result":"milk"},{"name":"list","args":{},"result":["groceries"]}],"messageType":"capabilityResult"}`
	if string(b) != want {
		t.Errorf("results message\n got %s\nwant %s", b, want)
	}
}

func TestDiscoverRejections(t *testing.T) {
	ctx := testContext(t)
	c := daemontest.Start(t)
	kref := daemontest.LaunchDiscoverable(ctx, t, c)
	caps, err := discover.Discover(ctx, c, kref)
	if err != nil {
		t.Fatal(err)
	}
	// A method the vat does not have is rejected by the vat.
	_, err = discover.Send(ctx, c, kref, "erase", nil)
	if err == nil {
		t.Fatal("erase succeeded")
	}
	// Arguments must be an object.
	if _, err := caps["read"].Func(ctx, []byte(`[1]`)); err == nil {
		t.Error("read with array arguments succeeded")
	}
	// An object that does not exist cannot be discovered.
	if _, err := discover.Discover(ctx, c, "ko999999"); err == nil {
		t.Error("Discover of a missing object succeeded")
	}
}

// TestDiscoverGoVat discovers a Go vat's discoverable object (govat's
// Discoverable, the same __getDescription__ shape as a JavaScript vat's
// makeDiscoverableExo) and calls its methods; a rejected call is upstream's
// "Error calling name(arg: type): message".
func TestDiscoverGoVat(t *testing.T) {
	ctx := testContext(t)
	c := daemontest.Start(t)
	raw, err := c.Call(ctx, "launchSubcluster", map[string]any{"config": map[string]any{
		"bootstrap": "notes",
		"vats":      map[string]any{"notes": map[string]any{"bundleSpec": "go:notebook"}},
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
	caps, err := discover.Discover(ctx, c, res.RootKref)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	if got := capability.Names(caps); !slices.Equal(got, []string{"erase", "list", "read", "write"}) {
		t.Fatalf("capabilities = %v", got)
	}
	if s := caps["list"].Schema; s.Description != "List the titles of all notes, sorted." || len(s.Args) != 0 || string(s.Returns) != `{"items":{"type":"string"},"type":"array"}` {
		t.Errorf("list schema = %+v (returns %s)", s, s.Returns)
	}
	tests := []struct {
		name, args, want, wantErr string
	}{
		{"write", `{"title":"groceries","text":"milk"}`, `1`, ""},
		{"read", `{"title":"groceries"}`, `"milk"`, ""},
		{"read", `{"title":"none"}`, `null`, ""},
		{"list", `{}`, `["groceries"]`, ""},
		{"erase", `{"title":"none"}`, "", `Error calling erase(title: string): no note titled "none"`},
		{"erase", `{"title":"groceries"}`, `0`, ""},
	}
	for _, tt := range tests {
		got, err := caps[tt.name].Func(ctx, json.RawMessage(tt.args))
		if tt.wantErr != "" {
			var ce *capability.InvocationError
			var rpcErr *client.RPCError
			if err == nil || err.Error() != tt.wantErr || !errors.As(err, &ce) || !errors.As(err, &rpcErr) {
				t.Errorf("%s(%s) error = %v, want %q (an InvocationError wrapping the daemon's RPCError)", tt.name, tt.args, err, tt.wantErr)
			}
			continue
		}
		b, _ := json.Marshal(got)
		if err != nil || string(b) != tt.want {
			t.Errorf("%s(%s) = %s, %v; want %s", tt.name, tt.args, b, err, tt.want)
		}
	}
}

func TestSignature(t *testing.T) {
	tests := []struct {
		args []capability.Arg
		want string
	}{
		{nil, "m()"},
		{[]capability.Arg{{Name: "a", Schema: json.RawMessage(`{"type":"number"}`)}, {Name: "b", Schema: json.RawMessage(`{"type":"string"}`)}}, "m(a: number, b: string)"},
		{[]capability.Arg{{Name: "x", Schema: json.RawMessage(`{"description":"no type"}`)}}, "m(x: undefined)"},
		{[]capability.Arg{{Name: "x", Schema: json.RawMessage(`{"type":["string","null"]}`)}}, "m(x: string,null)"},
	}
	for _, tt := range tests {
		if got := discover.Signature("m", capability.Schema{Args: tt.args}); got != tt.want {
			t.Errorf("Signature(%v) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
