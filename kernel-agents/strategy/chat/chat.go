// Package chat is upstream's chat agent (kernel-agents' makeChatAgent): a
// capability-augmented agent driven by chat completions and the standard
// tool-calling interface, so it works with any backend of package lms
// (Ollama's /api/chat, any OpenAI-compatible /v1/chat/completions).
//
// Capabilities are offered to the model as tools: each one's name,
// description and argument schemas become a function tool. The model
// answers with tool calls, which run as capability invocations (including
// on kernel objects found with package discover) and come back as `tool`
// messages, or with a message without tool calls, whose content is the
// task's result. A capability's error, an unknown capability and
// malformed arguments are reported to the model in the tool message, as
// upstream does, so that it can correct itself. A task has an invocation
// budget: the number of model turns.
package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"slices"
	"strings"
	"sync"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// Chat is a chat function with the model already chosen, upstream's
// BoundChat. tools is nil when the agent has no capabilities.
type Chat func(ctx context.Context, messages []lms.ChatMessage, tools []lms.Tool) (lms.ChatResult, error)

// Bind makes a Chat that sends non-streaming requests for model to svc,
// as upstream's makeChatClient(service, model) does.
func Bind(svc lms.ChatService, model string) Chat {
	return func(ctx context.Context, messages []lms.ChatMessage, tools []lms.Tool) (lms.ChatResult, error) {
		return svc.Chat(ctx, lms.ChatParams{Model: model, Messages: messages, Tools: tools})
	}
}

// ErrNoResponse is upstream's error for a reply without an assistant
// message.
var ErrNoResponse = errors.New("No response from model")

// Config makes an agent.
type Config struct {
	Chat         Chat
	Capabilities capability.Record
}

// TaskOptions tune one task.
type TaskOptions struct {
	// InvocationBudget is the maximum number of model turns (default
	// agent.DefaultInvocationBudget, 10).
	InvocationBudget kernelutils.Optional[int]
	// Logger receives upstream's progress lines ("Step i of n",
	// "Invoking capability: name"); nil logs nothing.
	Logger *slog.Logger
	// Capabilities are added to the agent's for this task; a name that
	// the agent already has is an error.
	Capabilities capability.Record
}

// Agent runs chat tasks. It is safe for concurrent use; tasks run
// independently.
type Agent struct {
	chat Chat
	caps capability.Record

	mu          sync.Mutex
	experiences []*agent.Experience
}

// NewAgent makes a chat agent, upstream's makeChatAgent.
func NewAgent(cfg Config) (*Agent, error) {
	if cfg.Chat == nil {
		return nil, errors.New("chat agent: a chat function is required")
	}
	return &Agent{chat: cfg.Chat, caps: cfg.Capabilities}, nil
}

// Turn is one chat message in an experience's history, upstream's
// ChatTurn: its messageType is the role and its body the content.
type Turn struct {
	Message lms.ChatMessage
}

// MessageType is the message's role.
func (t Turn) MessageType() string { return string(t.Message.Role) }

// MarshalJSON writes {"messageType": role, "messageBody": {"content": …}},
// the JSON of upstream's ChatTurn (a null content is "").
func (t Turn) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		MessageType string `json:"messageType"`
		MessageBody struct {
			Content string `json:"content"`
		} `json:"messageBody"`
	}{MessageType: t.MessageType(), MessageBody: struct {
		Content string `json:"content"`
	}{t.Message.Text()}})
}

// Tools converts capabilities into function tools, upstream's buildTools:
// parameters are {"type":"object","properties": the argument schemas,
// "required": every argument name}, listed in capability.Names order.
func Tools(caps capability.Record) ([]lms.Tool, error) {
	var tools []lms.Tool
	for _, n := range capability.Schemas(caps) {
		var props strings.Builder
		props.WriteByte('{')
		names := n.Schema.ArgNames()
		for i, a := range n.Schema.Args {
			if i > 0 {
				props.WriteByte(',')
			}
			props.Write(capability.MarshalJS(a.Name))
			props.WriteByte(':')
			raw, err := capability.EncodeJSON(a.Schema)
			if err != nil {
				return nil, fmt.Errorf("capability %s: schema of argument %q: %w", n.Name, a.Name, err)
			}
			props.Write(raw)
		}
		props.WriteByte('}')
		if names == nil {
			names = []string{}
		}
		params := `{"type":"object","properties":` + props.String() + `,"required":` + string(capability.MarshalJS(names)) + `}`
		tools = append(tools, lms.Tool{Type: "function", Function: lms.ToolFunction{
			Name:        n.Name,
			Description: kernelutils.Some(n.Schema.Description),
			Parameters:  json.RawMessage(params),
		}})
	}
	return tools, nil
}

// Task asks the agent to fulfil intent and returns the content of the
// model's first reply without tool calls (nil if that content is null).
// judgment may be nil; a result it rejects fails the task with upstream's
// "Invalid result: <JSON>". Running out of turns is
// agent.ErrBudgetExceeded. A cancelled context stops the task with an
// error wrapping the context's.
func (a *Agent) Task(ctx context.Context, intent string, judgment func(result any) bool, opts TaskOptions) (any, error) {
	obj, tc, err := agent.NewTask(a.caps, opts.Capabilities, intent, judgment)
	if err != nil {
		return nil, err
	}
	caps, judgment := tc.Capabilities, obj.Judgment
	tools, err := Tools(caps)
	if err != nil {
		return nil, err
	}
	exp := &agent.Experience{Objective: obj, Context: tc}
	a.mu.Lock()
	a.experiences = append(a.experiences, exp)
	a.mu.Unlock()

	r := &run{caps: caps, logger: opts.Logger}
	r.push(lms.User(intent))
	result, err := r.loop(ctx, a.chat, tools, judgment, opts.InvocationBudget.OrElse(agent.DefaultInvocationBudget))
	a.mu.Lock()
	exp.History = slices.Clone(r.history)
	exp.Result, exp.Err = result, err
	a.mu.Unlock()
	return result, err
}

// run is the state of one task.
type run struct {
	caps     capability.Record
	logger   *slog.Logger
	messages []lms.ChatMessage
	history  []agent.Message
}

func (r *run) push(m lms.ChatMessage) {
	r.messages = append(r.messages, m)
	r.history = append(r.history, Turn{Message: m})
}

func (r *run) info(msg string) {
	if r.logger != nil {
		r.logger.Info(msg)
	}
}

func (r *run) loop(ctx context.Context, chat Chat, tools []lms.Tool, judgment func(any) bool, budget int) (any, error) {
	for step := range budget {
		r.info(fmt.Sprintf("Step %d of %d", step+1, budget))
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("chat agent: %w", err)
		}
		res, err := chat(ctx, slices.Clone(r.messages), tools)
		if err != nil {
			return nil, fmt.Errorf("chat agent: %w", err)
		}
		if len(res.Choices) == 0 || res.Choices[0].Message.Role != lms.RoleAssistant {
			return nil, ErrNoResponse
		}
		msg := res.Choices[0].Message
		r.push(msg)
		if len(msg.ToolCalls) == 0 {
			var result any
			if c, ok := msg.Content.Get(); ok {
				result = c
			}
			if !judgment(result) {
				b, _ := capability.EncodeJSON(result)
				return nil, fmt.Errorf("Invalid result: %s", b)
			}
			return result, nil
		}
		for _, call := range msg.ToolCalls {
			r.push(lms.ToolResult(call.ID, r.invoke(ctx, call)))
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("chat agent: %w", err)
			}
		}
	}
	return nil, agent.ErrBudgetExceeded
}

// invoke runs one tool call and returns the tool message's content: the
// result as JSON, or the error as upstream words it.
func (r *run) invoke(ctx context.Context, call lms.ToolCall) string {
	name := call.Function.Name
	r.info("Invoking capability: " + name)
	c, ok := r.caps[name]
	if !ok || c.Func == nil {
		return fmt.Sprintf("Unknown capability %q", name)
	}
	if _, err := lms.ParseToolArguments(call.Function.Arguments); err != nil {
		// Never reaches the capability, so no signature frames it.
		return fmt.Sprintf("Error calling %s: %s", name, err)
	}
	v, err := c.Func(ctx, json.RawMessage(call.Function.Arguments))
	if err != nil {
		return err.Error()
	}
	if v == nil {
		// JSON.stringify(undefined) is no content at all; a tool message
		// needs a string.
		return ""
	}
	b, err := capability.EncodeJSON(v)
	if err != nil {
		return fmt.Sprintf("Error calling %s: encode result: %s", name, err)
	}
	return string(b)
}

// Experiences yields every task's record, oldest first, over a snapshot.
func (a *Agent) Experiences() iter.Seq[agent.Experience] {
	a.mu.Lock()
	snap := make([]agent.Experience, len(a.experiences))
	for i, e := range a.experiences {
		snap[i] = *e
	}
	a.mu.Unlock()
	return slices.Values(snap)
}
