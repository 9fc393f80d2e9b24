package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/discover"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/ollama"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
	"github.com/ocap-kernel/ocap-go/kernel-agents/strategy/chat"
	agentjson "github.com/ocap-kernel/ocap-go/kernel-agents/strategy/json"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// EnvOpenAIKey is the fallback for --api-key.
const EnvOpenAIKey = "OPENAI_API_KEY"

// defaultAgentModel is the model upstream's end-to-end agent tests use.
const defaultAgentModel = "llama3.1:latest"

func init() { registerCommands(addAgentCommands) }

type agentOptions struct {
	endpoint string
	model    string
	api      string
	apiKey   string
	caps     []string
	budget   int
	strategy string
}

const agentLong = `Run a capability-augmented language-model agent on a task (upstream:
@ocap/kernel-agents).

Strategies (--strategy):
  json  (default) the model continues a JSON transcript listing the
        capabilities, invoking them until it calls "end" with its final
        answer; sampled raw (Ollama /api/generate) or as one user message
        (OpenAI-compatible)
  chat  the capabilities are offered as tools of a chat completion
        (Ollama /api/chat or /v1/chat/completions); the model calls them
        with tool calls, gets their results as tool messages, and its
        first reply without tool calls is the answer

The agent always has the example math capabilities count, add and multiply.
Each --cap KREF adds the methods of a discoverable kernel object (one whose
__getDescription__() returns JSON-schema method descriptions), invoked through the
running daemon ($OCAP_HOME or --home) with queueMessage.

The transcript (json) or the steps and tool calls (chat) go to stderr as
they happen; the final answer is printed on stdout (a string as is,
anything else as JSON).

Backends (--api):
  ollama  POST <endpoint>/api/generate, raw NDJSON streaming (json), or
          POST <endpoint>/api/chat (chat)
          (default endpoint http://localhost:11434)
  openai  POST <endpoint>/v1/chat/completions (SSE streaming for json), for
          any OpenAI-compatible server (default endpoint https://api.openai.com);
          --api-key or $OPENAI_API_KEY is sent as a bearer token`

func addAgentCommands(root *cobra.Command) {
	o := &agentOptions{}
	cmd := &cobra.Command{
		Use:   "agent <intent>",
		Short: "Run a language-model agent with math and kernel-object capabilities",
		Long:  agentLong,
		Example: `  # Local Ollama
  ocap agent "How many letters do piano and guitar have together?"

  # Any OpenAI-compatible server, with a kernel object as a tool
  ocap agent --api openai --endpoint http://localhost:8080 --model qwen2.5 \
    --cap ko3 "List my notes"

  # Tool calling with a local Ollama
  ocap agent --strategy chat --model llama3.1 --cap ko3 "What notes do I have?"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAgent(cmd, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.endpoint, "endpoint", "", "model server base URL (default depends on --api)")
	f.StringVar(&o.model, "model", defaultAgentModel, "model name")
	f.StringVar(&o.api, "api", "ollama", "model API: ollama or openai")
	f.StringVar(&o.apiKey, "api-key", "", "bearer key for --api openai (default $"+EnvOpenAIKey+")")
	f.StringArrayVar(&o.caps, "cap", nil, "kref of a discoverable kernel object to use (repeatable)")
	f.IntVar(&o.budget, "budget", agent.DefaultInvocationBudget, "maximum number of model steps")
	f.StringVar(&o.strategy, "strategy", "json", "agent strategy: json or chat")
	root.AddCommand(cmd)
}

// languageModel builds the client that --api selects.
func (o *agentOptions) languageModel() (llm.LanguageModel, error) {
	switch o.api {
	case "ollama":
		return ollama.New(ollama.Config{Model: o.model, BaseURL: o.endpoint})
	case "openai":
		key := o.apiKey
		if key == "" {
			key = os.Getenv(EnvOpenAIKey)
		}
		return openai.New(openai.Config{Model: o.model, BaseURL: o.endpoint, APIKey: key})
	default:
		return nil, fmt.Errorf("--api must be ollama or openai, not %q", o.api)
	}
}

func runAgent(cmd *cobra.Command, o *agentOptions, intent string) error {
	if o.budget < 0 {
		return fmt.Errorf("--budget must not be negative")
	}
	if o.strategy != "json" && o.strategy != "chat" {
		return fmt.Errorf("--strategy must be json or chat, not %q", o.strategy)
	}
	model, err := o.languageModel()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	caps := capability.Math()
	if len(o.caps) > 0 {
		home, err := daemonHome(cmd)
		if err != nil {
			return err
		}
		c := client.New(client.SocketPath(home))
		for _, kref := range o.caps {
			found, err := discover.Discover(ctx, c, kref)
			if err != nil {
				return err
			}
			caps, err = kernelutils.MergeDisjointRecords(caps, found)
			if err != nil {
				return fmt.Errorf("--cap %s: %w", kref, err)
			}
		}
	}
	steps := slog.New(&lineHandler{w: cmd.ErrOrStderr(), mu: &sync.Mutex{}})
	var result any
	if o.strategy == "chat" {
		result, err = runChat(ctx, model, caps, intent, o.budget, steps)
	} else {
		var a *agent.Agent
		a, err = agentjson.NewAgent(agent.Config{LanguageModel: model, Capabilities: caps})
		if err != nil {
			return err
		}
		result, err = a.Task(ctx, intent, nil, agent.TaskOptions{
			InvocationBudget: kernelutils.Some(o.budget),
			Logger:           steps,
		})
	}
	if err != nil {
		return err
	}
	return printAnswer(cmd.OutOrStdout(), result)
}

// runChat runs the task with the chat strategy; both clients also speak
// the chat completion API (lms.ChatService).
func runChat(ctx context.Context, model llm.LanguageModel, caps capability.Record, intent string, budget int, steps *slog.Logger) (any, error) {
	svc, ok := model.(lms.ChatService)
	if !ok {
		return nil, fmt.Errorf("--strategy chat: %T has no chat completions", model)
	}
	a, err := chat.NewAgent(chat.Config{Chat: chat.Bind(svc, model.Info().Model), Capabilities: caps})
	if err != nil {
		return nil, err
	}
	return a.Task(ctx, intent, nil, chat.TaskOptions{InvocationBudget: kernelutils.Some(budget), Logger: steps})
}

// printAnswer writes a string result as is and anything else as JSON.
func printAnswer(w io.Writer, result any) error {
	if s, ok := result.(string); ok {
		_, err := fmt.Fprintln(w, s)
		return err
	}
	b, err := json.Marshal(result)
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	_, err = fmt.Fprintln(w, string(b))
	return err
}

// lineHandler is a slog.Handler that writes each record's message, then
// its attributes as key=value, on one line: the agent's transcript lines
// are JSON and read best unadorned.
type lineHandler struct {
	w     io.Writer
	mu    *sync.Mutex
	attrs []slog.Attr
}

func (h *lineHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *lineHandler) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	add := func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	b.WriteByte('\n')
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := io.WriteString(h.w, b.String())
	return err
}

func (h *lineHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &lineHandler{w: h.w, mu: h.mu, attrs: append(append([]slog.Attr(nil), h.attrs...), attrs...)}
}

func (h *lineHandler) WithGroup(string) slog.Handler { return h }
