package json_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/queue"
	agentjson "github.com/ocap-kernel/ocap-go/kernel-agents/strategy/json"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

func newAgent(t *testing.T, model *queue.Model, caps capability.Record) *agent.Agent {
	t.Helper()
	a, err := agentjson.NewAgent(agent.Config{LanguageModel: model, Capabilities: caps})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// lastHistory returns the transcript of the agent's latest attempt.
func lastHistory(a *agent.Agent) []agent.Message {
	var h []agent.Message
	for e := range a.Experiences() {
		h = e.History
	}
	return h
}

func encode(t *testing.T, m agent.Message) string {
	t.Helper()
	b, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTaskEndsWithEnd(t *testing.T) {
	model := queue.New("q")
	// Upstream's unit-test chunk: appended to the prefix it is a complete
	// assistant message.
	model.Push(`invoke":[{"name":"end","args":{"final":"x"}}]}`)
	a := newAgent(t, model, nil)
	got, err := a.Task(context.Background(), "", nil, agent.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got != "x" {
		t.Fatalf("result = %v, want x", got)
	}
}

func TestTaskCountThenMultiply(t *testing.T) {
	model := queue.New("q")
	model.Push(
		`think":["I will count the letters of both words."],"invoke":[{"name":"count","args":{"word":"piano"}},{"name":"count","args":{"word":"guitar"}}]}`,
		`think":["Now multiply."],"invoke":[{"name":"multiply","args":{"factors":[5,6]}}]}`,
		`invoke":[{"name":"end","args":{"final":"30"}}]}`,
	)
	a := newAgent(t, model, capability.Math())
	got, err := a.Task(context.Background(), "How many cells has a piano-by-guitar matrix?", nil, agent.TaskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got != "30" {
		t.Fatalf("result = %v, want 30", got)
	}
	h := lastHistory(a)
	if len(h) != 8 {
		t.Fatalf("history has %d messages, want 8", len(h))
	}
	wants := map[int]string{
		1: `{"content":"How many cells has a piano-by-guitar matrix?","messageType":"user"}`,
		2: `{"messageType":"assistant","think":["I will count the letters of both words."],"invoke":[{"name":"count","args":{"word":"piano"}},{"name":"count","args":{"word":"guitar"}}]}`,
		3: `{"results":[{"name":"count","args":{"word":"piano"},"result":5},{"name":"count","args":{"word":"guitar"},"result":6}],"messageType":"capabilityResult"}`,
		5: `{"results":[{"name":"multiply","args":{"factors":[5,6]},"result":30}],"messageType":"capabilityResult"}`,
		6: `{"messageType":"assistant","invoke":[{"name":"end","args":{"final":"30"}}]}`,
		7: `{"results":[{"name":"end","args":{"final":"30"}}],"messageType":"capabilityResult"}`,
	}
	for i, want := range wants {
		if got := encode(t, h[i]); got != want {
			t.Errorf("history[%d]\n got %s\nwant %s", i, got, want)
		}
	}
	// The third prompt carries the whole transcript so far, ending in the
	// open assistant object.
	prompts := model.Prompts()
	if len(prompts) != 3 {
		t.Fatalf("%d prompts, want 3", len(prompts))
	}
	if want := wants[5] + ` , {"messageType":"assistant","`; !strings.HasSuffix(prompts[2], want) {
		t.Errorf("third prompt ends %q", prompts[2][len(prompts[2])-200:])
	}
}

func TestTaskFailures(t *testing.T) {
	malformed := `invoke":[}]}` // braces balance but the JSON is invalid
	tests := []struct {
		name     string
		replies  []string
		caps     capability.Record
		opts     agent.TaskOptions
		judgment func(any) bool
		want     string
		pending  int // replies left unsampled
		check    func(t *testing.T, err error)
	}{
		{
			name:    "malformed output is retried then fails",
			replies: []string{malformed, malformed, malformed, malformed},
			want: "Failed to complete task in 1 attempt\n1: Exceeded retry budget of 3.\n" +
				"  1: LLM generated invalid response.\n  2: LLM generated invalid response.\n  3: LLM generated invalid response.",
			pending: 1,
			check: func(t *testing.T, err error) {
				var sg *agent.SampleGenerationError
				if !errors.As(err, &sg) || sg.Sample != `{"messageType":"assistant","invoke":[}` {
					t.Errorf("SampleGenerationError = %+v", sg)
				}
				var rb *agent.RetryBudgetError
				if !errors.As(err, &rb) || len(rb.Errs) != 3 {
					t.Errorf("RetryBudgetError = %+v", rb)
				}
			},
		},
		{
			name:    "unknown capability fails without retry",
			replies: []string{`invoke":[{"name":"fly","args":{}}]}`, `invoke":[{"name":"end","args":{"final":"x"}}]}`},
			want:    "Failed to complete task in 1 attempt\n1: Invoked capability fly not found",
			pending: 1,
			check: func(t *testing.T, err error) {
				var nf *agentjson.CapabilityNotFoundError
				if !errors.As(err, &nf) || nf.Name != "fly" {
					t.Errorf("CapabilityNotFoundError = %+v", nf)
				}
			},
		},
		{
			name: "budget is enforced",
			replies: []string{
				`invoke":[{"name":"count","args":{"word":"a"}}]}`,
				`invoke":[{"name":"count","args":{"word":"b"}}]}`,
				`invoke":[{"name":"end","args":{"final":"x"}}]}`,
			},
			caps:    capability.Math(),
			opts:    agent.TaskOptions{InvocationBudget: kernelutils.Some(2)},
			want:    "Failed to complete task in 1 attempt\n1: Invocation budget exceeded",
			pending: 1,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, agent.ErrBudgetExceeded) {
					t.Errorf("not ErrBudgetExceeded: %v", err)
				}
			},
		},
		{
			name:    "zero budget fails at once",
			replies: []string{`invoke":[{"name":"end","args":{"final":"x"}}]}`},
			opts:    agent.TaskOptions{InvocationBudget: kernelutils.Some(0)},
			want:    "Failed to complete task in 1 attempt\n1: Invocation budget exceeded",
			pending: 1,
		},
		{
			name:     "judgment rejects the result",
			replies:  []string{`invoke":[{"name":"end","args":{"final":"x"}}]}`},
			judgment: func(r any) bool { return r == "y" },
			want:     "Failed to complete task in 1 attempt\n1: Invalid result: x",
		},
		{
			name:    "no invoke",
			replies: []string{`think":["hmm"]}`},
			want:    "Failed to complete task in 1 attempt\n1: No invoke in message",
		},
		{
			name:    "empty invoke",
			replies: []string{`invoke":[]}`},
			want:    "Failed to complete task in 1 attempt\n1: Empty invocation list in message",
		},
		{
			name:    "stream ends without an object",
			replies: []string{`invoke":[{"name":"end"`},
			want:    "Failed to complete task in 1 attempt\n1: Stream ended without a parse event",
		},
		{
			name: "every attempt fails",
			replies: []string{
				`invoke":[{"name":"a","args":{}}]}`,
				`invoke":[{"name":"b","args":{}}]}`,
			},
			opts: agent.TaskOptions{Attempts: kernelutils.Some(2)},
			want: "Failed to complete task in 2 attempts\n1: Invoked capability a not found\n2: Invoked capability b not found",
		},
		{
			name:    "task capability named end collides",
			replies: []string{`invoke":[{"name":"end","args":{"final":"x"}}]}`},
			caps:    capability.Record{"end": capability.Count},
			want:    "prepare attempt: json strategy: Duplicate keys in records: end, found in entries 0 and 1",
			pending: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			model := queue.New("q")
			model.Push(tt.replies...)
			a := newAgent(t, model, tt.caps)
			got, err := a.Task(context.Background(), "do it", tt.judgment, tt.opts)
			if err == nil {
				t.Fatalf("Task succeeded with %v", got)
			}
			if err.Error() != tt.want {
				t.Fatalf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
			if model.Pending() != tt.pending {
				t.Errorf("%d replies left, want %d", model.Pending(), tt.pending)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

func TestRetryThenSucceed(t *testing.T) {
	model := queue.New("q")
	model.Push(`invoke":[}]}`, `invoke":[{"name":"end","args":{"final":"ok"}}]}`)
	a := newAgent(t, model, nil)
	got, err := a.Task(context.Background(), "x", nil, agent.TaskOptions{})
	if err != nil || got != "ok" {
		t.Fatalf("Task = %v, %v", got, err)
	}
}

func TestSecondAttemptSucceedsAndExperiences(t *testing.T) {
	model := queue.New("q")
	model.Push(`invoke":[{"name":"nope","args":{}}]}`, `invoke":[{"name":"end","args":{"final":"done"}}]}`)
	a := newAgent(t, model, nil)
	got, err := a.Task(context.Background(), "x", nil, agent.TaskOptions{Attempts: kernelutils.Some(3)})
	if err != nil || got != "done" {
		t.Fatalf("Task = %v, %v", got, err)
	}
	var exps []agent.Experience
	for e := range a.Experiences() {
		exps = append(exps, e)
	}
	if len(exps) != 2 {
		t.Fatalf("%d experiences, want 2", len(exps))
	}
	if exps[0].Err == nil || exps[1].Err != nil || exps[1].Result != "done" || exps[1].Objective.Intent != "x" {
		t.Errorf("experiences = %+v", exps)
	}
}

func TestInvocationsRunConcurrently(t *testing.T) {
	// Each capability waits for the other to start: this only completes if
	// the evaluator runs them at the same time.
	aStarted, bStarted := make(chan struct{}), make(chan struct{})
	waiter := func(mine, other chan struct{}) capability.Capability {
		return capability.MustNew("wait", func(ctx context.Context, _ struct{}) (string, error) {
			close(mine)
			select {
			case <-other:
				return "ok", nil
			case <-ctx.Done():
				return "", ctx.Err()
			}
		})
	}
	model := queue.New("q")
	model.Push(
		`invoke":[{"name":"a","args":{}},{"name":"b","args":{}}]}`,
		`invoke":[{"name":"end","args":{"final":"both"}}]}`,
	)
	a := newAgent(t, model, capability.Record{"a": waiter(aStarted, bStarted), "b": waiter(bStarted, aStarted)})
	got, err := a.Task(context.Background(), "x", nil, agent.TaskOptions{})
	if err != nil || got != "both" {
		t.Fatalf("Task = %v, %v", got, err)
	}
}

func TestCapabilityErrorFailsAttempt(t *testing.T) {
	boom := capability.MustNew("fails", func(context.Context, struct{}) (any, error) {
		return nil, errors.New("boom")
	})
	model := queue.New("q")
	model.Push(`invoke":[{"name":"boom","args":{}}]}`)
	a := newAgent(t, model, capability.Record{"boom": boom})
	_, err := a.Task(context.Background(), "x", nil, agent.TaskOptions{})
	var ce *agentjson.CapabilityError
	if !errors.As(err, &ce) || ce.Name != "boom" {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelledTask(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	model := queue.New("q")
	model.Push(`invoke":[{"name":"end","args":{"final":"x"}}]}`)
	a := newAgent(t, model, nil)
	_, err := a.Task(ctx, "x", nil, agent.TaskOptions{Attempts: kernelutils.Some(3)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	n := 0
	for range a.Experiences() {
		n++
	}
	if n != 1 {
		t.Errorf("%d attempts recorded, want 1 (no retry after cancellation)", n)
	}
}

func TestEndAttachmentsAndFirstCallWins(t *testing.T) {
	c, end := capability.NewEnd()
	ctx := context.Background()
	if _, err := c.Func(ctx, json.RawMessage(`{"final":"a","attachments":{"k":1}}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Func(ctx, json.RawMessage(`{"final":"b"}`)); err != nil {
		t.Fatal(err)
	}
	if !end.Done() || end.Final() != "a" {
		t.Fatalf("final = %v", end.Final())
	}
	if att, ok := end.Attachments(); !ok || att["k"] != 1.0 {
		t.Errorf("attachments = %v, %v", att, ok)
	}
	_, end2 := capability.NewEnd()
	if _, ok := end2.Attachments(); ok || end2.Done() {
		t.Error("fresh end is done")
	}
}
