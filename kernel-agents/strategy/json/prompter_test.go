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
// math capabilities against testdata/prompt.golden, which was produced by a
// Python transcription of upstream's JSON-strategy prompter, example
// transcripts and messages at 5e60e4a (JSON.stringify-compatible separators, no HTML
// escaping). Capabilities are listed sorted with end last (see
// capability.Names).
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
