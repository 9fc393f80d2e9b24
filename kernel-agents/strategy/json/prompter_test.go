package json_test

import (
	"context"
	"os"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/queue"
	agentjson "github.com/ocap-kernel/ocap-go/kernel-agents/strategy/json"
)

// TestPromptMatchesUpstream compares the first prompt of a task with the
// math capabilities against testdata/prompt.golden, which is the prompt
// upstream's own JSON-strategy prompter (with its example transcripts,
// messages and S-built math, search and end capabilities) printed at
// 3ca833da5, for the history [capabilities add, count, multiply, end;
// user 'Hi <there> & "you"'], bundled with esbuild and run under Node with
// @endo/patterns stubbed (only the schemas are read). Capabilities are
// listed sorted with end last (see capability.Names).
func TestPromptMatchesUpstream(t *testing.T) {
	want, err := os.ReadFile("testdata/prompt.golden")
	if err != nil {
		t.Fatal(err)
	}
	model := queue.New("q")
	model.Push(`invoke":[{"name":"end","args":{"final":"x"}}]}`)
	a, err := agentjson.NewAgent(agent.Config{LanguageModel: model, Capabilities: capability.Math()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Task(context.Background(), `Hi <there> & "you"`, nil, agent.TaskOptions{}); err != nil {
		t.Fatal(err)
	}
	got := model.Prompts()[0]
	if got != string(want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("prompt differs at byte %d:\n got …%q\nwant …%q", i, got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
			}
		}
		t.Fatalf("prompt length %d, want %d", len(got), len(want))
	}
}
