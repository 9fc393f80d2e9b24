package chat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/ollama"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
	"github.com/ocap-kernel/ocap-go/kernel-agents/strategy/chat"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// fixture reads a wire fixture of a backend (llm/<backend>/testdata).
func fixture(t testing.TB, backend, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "llm", backend, "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reply builds a server reply from the request it answers.
type reply func(req map[string]any) (status int, body []byte)

// scripted is a loopback model server that answers the i-th chat request
// with the i-th reply and records the requests.
type scripted struct {
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []map[string]any
	replies []reply
}

func newScripted(t *testing.T, path string, replies ...reply) *scripted {
	t.Helper()
	s := &scripted{replies: replies}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		var req map[string]any
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		i := len(s.reqs)
		s.reqs = append(s.reqs, req)
		s.mu.Unlock()
		if i >= len(s.replies) {
			http.Error(w, `{"error":"script exhausted"}`, http.StatusInternalServerError)
			return
		}
		status, body := s.replies[i](req)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *scripted) requests() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs
}

// lastToolContent is the content of the request's last message, which
// must be a tool message.
func lastToolContent(req map[string]any) string {
	msgs, _ := req["messages"].([]any)
	if len(msgs) == 0 {
		return "<no messages>"
	}
	m, _ := msgs[len(msgs)-1].(map[string]any)
	if m["role"] != "tool" {
		return "<last message is not a tool message>"
	}
	c, _ := m["content"].(string)
	return c
}

func fixed(b []byte) reply { return func(map[string]any) (int, []byte) { return http.StatusOK, b } }

// openaiText answers with the documented text completion, its content
// replaced by text(request).
func openaiText(t *testing.T, text func(req map[string]any) string) reply {
	base := fixture(t, "openai", "chat.json")
	return func(req map[string]any) (int, []byte) {
		var v map[string]any
		json.Unmarshal(base, &v)
		v["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)["content"] = text(req)
		b, _ := json.Marshal(v)
		return http.StatusOK, b
	}
}

// openaiCall answers with the documented tool-call completion, its call
// replaced by name(args).
func openaiCall(t *testing.T, name, args string) reply {
	base := fixture(t, "openai", "chat-tools.json")
	return func(map[string]any) (int, []byte) {
		var v map[string]any
		json.Unmarshal(base, &v)
		fn := v["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)["tool_calls"].([]any)[0].(map[string]any)["function"].(map[string]any)
		fn["name"], fn["arguments"] = name, args
		b, _ := json.Marshal(v)
		return http.StatusOK, b
	}
}

// ollamaText answers with the documented final chat line, its content
// replaced by text(request).
func ollamaText(t *testing.T, text func(req map[string]any) string) reply {
	lines := bytes.Split(bytes.TrimSpace(fixture(t, "ollama", "chat-stream.ndjson")), []byte("\n"))
	base := lines[len(lines)-1]
	return func(req map[string]any) (int, []byte) {
		var v map[string]any
		json.Unmarshal(base, &v)
		v["message"].(map[string]any)["content"] = text(req)
		b, _ := json.Marshal(v)
		return http.StatusOK, b
	}
}

type weather struct {
	Location    string `json:"location"`
	Temperature int    `json:"temperature"`
	Unit        string `json:"unit"`
}

// weatherCap is the documented examples' get_current_weather, as an
// S-described internal capability.
func weatherCap(t *testing.T) capability.Record {
	s := capability.S
	caps, err := capability.Internal(map[string]capability.Method{
		"get_current_weather": func(_ context.Context, args []any) (any, error) {
			unit, _ := args[1].(string)
			if unit == "" {
				unit = "fahrenheit"
			}
			return weather{Location: args[0].(string), Temperature: 22, Unit: unit}, nil
		},
	}, s.Interface("Weather", map[string]capability.DescribedMethod{
		"get_current_weather": s.MustMethod("Get the current weather in a given location",
			[]capability.NamedArg{
				s.Arg("location", s.String("The city and state, e.g. San Francisco, CA")),
				s.OptionalArg("format", s.String("celsius or fahrenheit")),
			},
			s.Object([]capability.Property{
				{Name: "location", Described: s.String("")},
				{Name: "temperature", Described: s.Number("")},
				{Name: "unit", Described: s.String("")},
			}, capability.ObjectOptions{})),
	}))
	if err != nil {
		t.Fatal(err)
	}
	return caps
}

func testContext(t *testing.T) context.Context {
	// A failure deadline only: the test finishes as soon as it can.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestAgentCallsToolAndAnswers: over each backend's wire format, the
// model's first reply calls get_current_weather, the agent runs it and
// sends the result as a tool message, and the model's answer (which
// quotes the tool message) is the task's result.
func TestAgentCallsToolAndAnswers(t *testing.T) {
	answer := func(req map[string]any) string { return "It is " + lastToolContent(req) }
	tests := []struct {
		name   string
		path   string
		first  func(t *testing.T) reply
		second func(t *testing.T) reply
		bind   func(t *testing.T, url string) chat.Chat
		toolID string
		want   string
	}{
		{"openai", "/v1/chat/completions",
			func(t *testing.T) reply { return fixed(fixture(t, "openai", "chat-tools.json")) },
			func(t *testing.T) reply { return openaiText(t, answer) },
			func(t *testing.T, url string) chat.Chat {
				svc, err := openai.NewService(openai.ServiceConfig{BaseURL: url})
				if err != nil {
					t.Fatal(err)
				}
				return chat.Bind(svc, "gpt-4o-mini")
			},
			"call_abc123",
			`It is {"location":"Boston, MA","temperature":22,"unit":"fahrenheit"}`},
		{"ollama", "/api/chat",
			func(t *testing.T) reply { return fixed(fixture(t, "ollama", "chat-tools.json")) },
			func(t *testing.T) reply { return ollamaText(t, answer) },
			func(t *testing.T, url string) chat.Chat {
				svc, err := ollama.NewService(ollama.ServiceConfig{BaseURL: url})
				if err != nil {
					t.Fatal(err)
				}
				return chat.Bind(svc, "llama3.2")
			},
			"tool-0",
			`It is {"location":"Paris, FR","temperature":22,"unit":"celsius"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScripted(t, tt.path, tt.first(t), tt.second(t))
			a, err := chat.NewAgent(chat.Config{Chat: tt.bind(t, srv.srv.URL), Capabilities: weatherCap(t)})
			if err != nil {
				t.Fatal(err)
			}
			got, err := a.Task(testContext(t), "What's the weather like today?", nil, chat.TaskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("result %q, want %q", got, tt.want)
			}
			reqs := srv.requests()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			tools, _ := json.Marshal(reqs[0]["tools"])
			if want := `[{"function":{"description":"Get the current weather in a given location","name":"get_current_weather","parameters":{"properties":{"format":{"description":"celsius or fahrenheit","type":"string"},"location":{"description":"The city and state, e.g. San Francisco, CA","type":"string"}},"required":["location","format"],"type":"object"}},"type":"function"}]`; string(tools) != want {
				t.Errorf("tools\n got %s\nwant %s", tools, want)
			}
			msgs := reqs[1]["messages"].([]any)
			if len(msgs) != 3 {
				t.Fatalf("second request messages %v", msgs)
			}
			tool := msgs[2].(map[string]any)
			if tool["role"] != "tool" || tool["tool_call_id"] != tt.toolID {
				t.Errorf("tool message %v", tool)
			}
			var h []string
			for e := range a.Experiences() {
				for _, m := range e.History {
					b, _ := m.MarshalJSON()
					h = append(h, string(b))
				}
			}
			if len(h) != 4 || h[0] != `{"messageType":"user","messageBody":{"content":"What's the weather like today?"}}` || !strings.HasPrefix(h[2], `{"messageType":"tool","messageBody":{"content":"{\"location\"`) {
				t.Errorf("history %v", h)
			}
		})
	}
}

// TestToolErrorsGoBackToTheModel: whatever goes wrong with one tool call
// is told to the model in its tool message, and the task goes on.
func TestToolErrorsGoBackToTheModel(t *testing.T) {
	tests := []struct {
		name, tool, args string
		want             string
	}{
		{"unknown capability", "fly", `{}`, `Unknown capability "fly"`},
		{"malformed arguments", "count", `{"word":`, `Error calling count: Invalid tool arguments JSON ({"word":): unexpected EOF`},
		{"arguments not an object", "count", `["piano"]`, `Error calling count: Tool arguments must be a JSON object`},
		{"guard", "count", `{"word":5}`, `Error calling count(word: string): In "count" method of (Math): arg 0: 5 - Must be a string`},
		{"capability error", "fail", `{}`, `Error calling fail(): out of order`},
		{"result", "count", `{"word":"piano"}`, `5`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen string
			srv := newScripted(t, "/v1/chat/completions",
				openaiCall(t, tt.tool, tt.args),
				openaiText(t, func(req map[string]any) string { seen = lastToolContent(req); return "done" }))
			svc, _ := openai.NewService(openai.ServiceConfig{BaseURL: srv.srv.URL})
			caps := capability.Math()
			caps["fail"] = capability.MustInternal(map[string]capability.Method{
				"fail": func(context.Context, []any) (any, error) { return nil, errors.New("out of order") },
			}, capability.S.Interface("Fail", map[string]capability.DescribedMethod{
				"fail": capability.S.MustMethod("Always fails.", nil, capability.S.Nothing()),
			}))["fail"]
			a, _ := chat.NewAgent(chat.Config{Chat: chat.Bind(svc, "m"), Capabilities: caps})
			got, err := a.Task(testContext(t), "go", nil, chat.TaskOptions{})
			if err != nil || got != "done" {
				t.Fatalf("Task = %v, %v", got, err)
			}
			if seen != tt.want {
				t.Fatalf("tool message %q, want %q", seen, tt.want)
			}
		})
	}
}

func TestTaskFailures(t *testing.T) {
	noChoices := func(map[string]any) (int, []byte) {
		return http.StatusOK, []byte(`{"id":"x","model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":0,"total_tokens":1}}`)
	}
	limited := func(map[string]any) (int, []byte) {
		return http.StatusTooManyRequests, fixture(t, "openai", "rate-limit.json")
	}
	tests := []struct {
		name     string
		replies  []reply
		budget   int
		judgment func(any) bool
		check    func(error) bool
		want     string
	}{
		{"budget", []reply{openaiCall(t, "count", `{"word":"a"}`), openaiCall(t, "count", `{"word":"b"}`)}, 2, nil,
			func(err error) bool { return errors.Is(err, agent.ErrBudgetExceeded) }, "Invocation budget exceeded"},
		{"judgment", []reply{openaiText(t, func(map[string]any) string { return "x" })}, 3, func(any) bool { return false },
			nil, `Invalid result: "x"`},
		{"no response", []reply{noChoices}, 3, nil,
			func(err error) bool { return errors.Is(err, chat.ErrNoResponse) }, "No response from model"},
		{"rate limited", []reply{limited}, 3, nil,
			func(err error) bool { var rl *llm.RateLimitError; return errors.As(err, &rl) }, "HTTP 429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScripted(t, "/v1/chat/completions", tt.replies...)
			svc, _ := openai.NewService(openai.ServiceConfig{BaseURL: srv.srv.URL})
			a, _ := chat.NewAgent(chat.Config{Chat: chat.Bind(svc, "m"), Capabilities: capability.Math()})
			_, err := a.Task(testContext(t), "go", tt.judgment, chat.TaskOptions{InvocationBudget: kernelutils.Some(tt.budget)})
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.check != nil && !tt.check(err)) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if n := len(srv.requests()); n != len(tt.replies) {
				t.Errorf("%d requests, want %d", n, len(tt.replies))
			}
			for e := range a.Experiences() {
				if e.Err == nil {
					t.Error("experience without the error")
				}
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	srv := newScripted(t, "/v1/chat/completions", openaiText(t, func(map[string]any) string { return "late" }))
	svc, _ := openai.NewService(openai.ServiceConfig{BaseURL: srv.srv.URL})
	a, _ := chat.NewAgent(chat.Config{Chat: chat.Bind(svc, "m")})
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := a.Task(ctx, "go", nil, chat.TaskOptions{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a deadline error", err)
	}
}

func TestNewAgentAndTools(t *testing.T) {
	if _, err := chat.NewAgent(chat.Config{}); err == nil {
		t.Fatal("NewAgent accepted no chat function")
	}
	tools, err := chat.Tools(capability.Examples())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(tools)
	if want := `[{"type":"function","function":{"name":"getMoonPhase","description":"Get the current phase of the moon.","parameters":{"type":"object","properties":{},"required":[]}}},{"type":"function","function":{"name":"search","description":"Search the web for information.","parameters":{"type":"object","properties":{"query":{"type":"string","description":"The query to search for"}},"required":["query"]}}}]`; string(b) != want {
		t.Fatalf("tools\n got %s\nwant %s", b, want)
	}
	a, _ := chat.NewAgent(chat.Config{Chat: func(context.Context, []lms.ChatMessage, []lms.Tool) (lms.ChatResult, error) {
		t.Fatal("chat called")
		return lms.ChatResult{}, nil
	}, Capabilities: capability.Math()})
	if _, err := a.Task(testContext(t), "x", nil, chat.TaskOptions{Capabilities: capability.Record{"count": capability.Count}}); err == nil {
		t.Fatal("duplicate task capability accepted")
	}
}
