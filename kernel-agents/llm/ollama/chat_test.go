package ollama_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/ollama"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// pieceServer answers path with body in pieces of n bytes (all at once
// when n <= 0), flushing after each so that NDJSON lines reach the client
// split across reads, and records the request body.
func pieceServer(t *testing.T, path string, body []byte, n int, got *map[string]any) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if got != nil {
			json.NewDecoder(r.Body).Decode(got)
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		b := body
		if n <= 0 {
			n = len(b)
		}
		for len(b) > 0 {
			k := min(n, len(b))
			w.Write(b[:k])
			w.(http.Flusher).Flush()
			b = b[k:]
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func service(t *testing.T, url string) *ollama.Service {
	t.Helper()
	s, err := ollama.NewService(ollama.ServiceConfig{BaseURL: url})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// weatherParams is the documented tools request, continued with an
// earlier tool call and its result so that the message conversion is
// exercised.
func weatherParams() lms.ChatParams {
	call := lms.ToolCall{ID: "tool-0", Type: "function", Function: lms.FunctionCall{
		Name: "get_current_weather", Arguments: `{"location":"Paris, FR","format":"celsius"}`}}
	return lms.ChatParams{
		Model: "llama3.2",
		Messages: []lms.ChatMessage{
			lms.System("Be brief."),
			lms.User("What is the weather today in Paris?"),
			{Role: lms.RoleAssistant, ToolCalls: []lms.ToolCall{call}},
			lms.ToolResult("tool-0", `{"temperature":22}`),
		},
		Tools: []lms.Tool{{Type: "function", Function: lms.ToolFunction{
			Name:        "get_current_weather",
			Description: kernelutils.Some("Get the current weather for a location"),
			Parameters:  json.RawMessage(`{"type":"object","properties":{"location":{"type":"string"},"format":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location","format"]}`),
		}}},
		MaxTokens:   kernelutils.Some(64),
		Temperature: kernelutils.Some(0.0),
		Stop:        kernelutils.Some(lms.Stop{"\n\n"}),
	}
}

const wantChatRequest = `{"messages":[{"content":"Be brief.","role":"system"},{"content":"What is the weather today in Paris?","role":"user"},{"content":"","role":"assistant","tool_calls":[{"function":{"arguments":{"format":"celsius","location":"Paris, FR"},"name":"get_current_weather"}}]},{"content":"{\"temperature\":22}","role":"tool","tool_call_id":"tool-0"}],"model":"llama3.2","options":{"num_predict":64,"stop":["\n\n"],"temperature":0},"stream":%s,"tools":[{"function":{"description":"Get the current weather for a location","name":"get_current_weather","parameters":{"properties":{"format":{"enum":["celsius","fahrenheit"],"type":"string"},"location":{"type":"string"}},"required":["location","format"],"type":"object"}},"type":"function"}]}`

func TestChat(t *testing.T) {
	tests := []struct {
		name, fixture string
		stream        bool
		pieces        int
		want          string
	}{
		{"tool call", "chat-tools.json", false, 0,
			`{"id":"ollama-chat","model":"llama3.2","choices":[{"message":{"role":"assistant","content":"","tool_calls":[{"id":"tool-0","type":"function","function":{"name":"get_current_weather","arguments":"{\"format\":\"celsius\",\"location\":\"Paris, FR\"}"}}]},"index":0,"finish_reason":"stop"}],"usage":{"prompt_tokens":122,"completion_tokens":33,"total_tokens":155}}`},
		{"streamed text", "chat-stream.ndjson", true, 0,
			`{"id":"ollama-chat","model":"llama3.2","choices":[{"message":{"role":"assistant","content":"The weather in Paris is 22 degrees celsius."},"index":0,"finish_reason":"stop"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}`},
		{"streamed text, lines split", "chat-stream.ndjson", true, 13,
			`{"id":"ollama-chat","model":"llama3.2","choices":[{"message":{"role":"assistant","content":"The weather in Paris is 22 degrees celsius."},"index":0,"finish_reason":"stop"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}`},
		{"streamed tool call, one byte a write", "chat-tools-stream.ndjson", true, 1,
			`{"id":"ollama-chat","model":"llama3.2","choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"tool-0","type":"function","index":0,"function":{"name":"get_current_weather","arguments":"{\"format\":\"celsius\",\"location\":\"Paris, FR\"}"}}]},"index":0,"finish_reason":"stop"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req map[string]any
			srv := pieceServer(t, "/api/chat", fixture(t, tt.fixture), tt.pieces, &req)
			s := service(t, srv.URL)
			var res lms.ChatResult
			var err error
			if tt.stream {
				var cs lms.ChatStream
				cs, err = s.ChatStream(context.Background(), weatherParams())
				if err == nil {
					res, err = lms.Collect(cs)
				}
			} else {
				res, err = s.Chat(context.Background(), weatherParams())
			}
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := json.Marshal(res); string(b) != tt.want {
				t.Fatalf("result\n got %s\nwant %s", b, tt.want)
			}
			gotReq, _ := json.Marshal(req)
			if want := strings.Replace(wantChatRequest, "%s", strconv.FormatBool(tt.stream), 1); string(gotReq) != want {
				t.Fatalf("request\n got %s\nwant %s", gotReq, want)
			}
		})
	}
}

func TestSampleParams(t *testing.T) {
	var req map[string]any
	srv := pieceServer(t, "/api/generate", fixture(t, "generate.json"), 0, &req)
	res, err := service(t, srv.URL).Sample(context.Background(), lms.SampleParams{
		Model: "llama3.2", Prompt: "Why is the sky blue?", Seed: kernelutils.Some(42), Stop: kernelutils.Some(lms.Stop{"a", "b"}),
	})
	if err != nil || res.Text != "The sky is blue because it is the color of the sky." {
		t.Fatalf("Sample = %+v, %v", res, err)
	}
	got, _ := json.Marshal(req)
	if want := `{"model":"llama3.2","options":{"seed":42,"stop":["a","b"]},"prompt":"Why is the sky blue?","raw":true,"stream":false}`; string(got) != want {
		t.Fatalf("request\n got %s\nwant %s", got, want)
	}
}

func TestChatRefusals(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	s := service(t, srv.URL)
	bad := func(f func(*lms.ChatParams)) lms.ChatParams { p := weatherParams(); f(&p); return p }
	tests := []struct {
		name   string
		params lms.ChatParams
		want   string
	}{
		{"n", bad(func(p *lms.ChatParams) { p.N = kernelutils.Some(2) }), "n must be 1"},
		{"stream", bad(func(p *lms.ChatParams) { p.Stream = kernelutils.Some(true) }), "stream: true"},
		{"tool arguments", bad(func(p *lms.ChatParams) { p.Messages[2].ToolCalls[0].Function.Arguments = "[1]" }), "Tool arguments must be a JSON object"},
		{"tool type", bad(func(p *lms.ChatParams) { p.Tools[0].Type = "retrieval" }), `tools[0].type must be "function"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Chat(context.Background(), tt.params); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := s.Sample(context.Background(), lms.SampleParams{Prompt: "x"}); err == nil || !strings.Contains(err.Error(), "model is required") {
		t.Fatalf("Sample without model: %v", err)
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests reached the server", hits.Load())
	}
}

func TestChatErrors(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		header     string
		body       string
		wantStatus int
		wantMsg    string
		limited    bool
	}{
		{"unknown model", 404, "", string(fixture(t, "error.json")), 404, "model 'nosuch' not found", false},
		{"rate limited, HTTP-date", 429, "Wed, 21 Oct 2015 07:28:00 GMT", `{"error":"too many requests"}`, 429, "too many requests", true},
		{"error in 200 body", 200, "", `{"error":"an error was encountered while running the model"}`, 200, "an error was encountered while running the model", false},
		{"plain text", 500, "", "Internal Server Error\n", 500, "Internal Server Error", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.header != "" {
					w.Header().Set("Retry-After", tt.header)
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			_, err := service(t, srv.URL).Chat(context.Background(), weatherParams())
			var he *llm.HTTPError
			if !errors.As(err, &he) || he.StatusCode != tt.wantStatus || he.Message != tt.wantMsg {
				t.Fatalf("err = %v, want HTTP %d %q", err, tt.wantStatus, tt.wantMsg)
			}
			var rl *llm.RateLimitError
			if errors.As(err, &rl) != tt.limited {
				t.Fatalf("err = %v, rate limited: want %v", err, tt.limited)
			}
			if tt.limited && (!rl.HasRetryAfter || rl.RetryAfter != 0) {
				// A date in the past is no delay at all.
				t.Fatalf("RetryAfter = %v, %v", rl.RetryAfter, rl.HasRetryAfter)
			}
		})
	}
}

// TestChatStreamCancel: a cancelled context ends a stream that the server
// keeps open with an error saying so.
func TestChatStreamCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"model":"m","message":{"role":"assistant","content":"a"},"done":false}` + "\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := service(t, srv.URL).ChatStream(ctx, weatherParams())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ch, err := s.Next(); err != nil || ch.Choices[0].Delta.Content.OrElse("") != "a" {
		t.Fatalf("first chunk %+v, %v", ch, err)
	}
	cancel()
	if _, err := s.Next(); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "model request cancelled") {
		t.Fatalf("Next after cancel = %v", err)
	}
}
