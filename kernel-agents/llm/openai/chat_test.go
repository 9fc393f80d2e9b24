package openai_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// writeInPieces writes b in pieces of n bytes (all of it when n <= 0),
// flushing after each, so that the client's reads see lines and events
// split at arbitrary points.
func writeInPieces(w http.ResponseWriter, b []byte, n int) {
	if n <= 0 {
		n = len(b)
	}
	for len(b) > 0 {
		k := min(n, len(b))
		w.Write(b[:k])
		w.(http.Flusher).Flush()
		b = b[k:]
	}
}

// chatServer answers POST /v1/chat/completions with body (as SSE when the
// request streams) in pieces of n bytes, and records the request.
func chatServer(t *testing.T, body []byte, n int, got *map[string]any) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		if got != nil {
			json.NewDecoder(r.Body).Decode(got)
		}
		if strings.HasPrefix(string(body), "data:") {
			w.Header().Set("Content-Type", "text/event-stream")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		writeInPieces(w, body, n)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newService(t *testing.T, url string, retry llm.RetryPolicy) *openai.Service {
	t.Helper()
	s, err := openai.NewService(openai.ServiceConfig{BaseURL: url, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func weatherParams(stream kernelutils.Optional[bool]) lms.ChatParams {
	return lms.ChatParams{
		Model:    "gpt-4o-mini",
		Messages: []lms.ChatMessage{lms.User("What's the weather like in Boston today?")},
		Tools: []lms.Tool{{Type: "function", Function: lms.ToolFunction{
			Name:        "get_current_weather",
			Description: kernelutils.Some("Get the current weather in a given location"),
			Parameters:  json.RawMessage(`{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}`),
		}}},
		Stream: stream,
	}
}

func TestChatNonStreaming(t *testing.T) {
	tests := []struct {
		name, fixture string
		want          string // the ChatResult as JSON
	}{
		{"tool call", "chat-tools.json",
			`{"id":"chatcmpl-abc123","model":"gpt-4o-mini","choices":[{"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"get_current_weather","arguments":"{\n\"location\": \"Boston, MA\"\n}"}}]},"index":0,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}`},
		{"text", "chat.json",
			`{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","model":"gpt-4.1-2025-04-14","choices":[{"message":{"role":"assistant","content":"Hello! How can I assist you today?"},"index":0,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req map[string]any
			srv := chatServer(t, fixture(t, tt.fixture), 0, &req)
			res, err := newService(t, srv.URL, llm.RetryPolicy{}).Chat(context.Background(), weatherParams(kernelutils.None[bool]()))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(res)
			if string(b) != tt.want {
				t.Fatalf("result\n got %s\nwant %s", b, tt.want)
			}
			if req["stream"] != false || req["model"] != "gpt-4o-mini" || req["tools"] == nil {
				t.Errorf("request %v", req)
			}
			if args, err := lms.ParseToolArguments(`{"location": "Boston, MA"}`); err != nil || args["location"] != "Boston, MA" {
				t.Errorf("ParseToolArguments = %v, %v", args, err)
			}
		})
	}
}

// TestChatStreamToolCalls replays tool-call deltas split across chunks,
// with the body cut into pieces of every size class: whole, one event
// split across two writes, and one byte per write.
func TestChatStreamToolCalls(t *testing.T) {
	body := fixture(t, "chat-tools-stream.sse")
	for _, n := range []int{0, len(body) / 2, 97, 1} {
		t.Run("pieces="+strconv.Itoa(n), func(t *testing.T) {
			var req map[string]any
			srv := chatServer(t, body, n, &req)
			s, err := newService(t, srv.URL, llm.RetryPolicy{}).ChatStream(context.Background(), weatherParams(kernelutils.Some(true)))
			if err != nil {
				t.Fatal(err)
			}
			res, err := lms.Collect(s)
			if err != nil {
				t.Fatal(err)
			}
			calls := res.Choices[0].Message.ToolCalls
			if len(calls) != 2 {
				t.Fatalf("tool calls %+v", calls)
			}
			wants := []struct{ id, args string }{
				{"call_DdmO9pD3xa9XTPNJ32zg2hcA", `{"location":"Paris, France"}`},
				{"call_oKzVRHRkBMh9XZqS0bBqAL3o", `{"location":"Bogotá, Colombia"}`},
			}
			for i, w := range wants {
				c := calls[i]
				if c.ID != w.id || c.Function.Name != "get_weather" || c.Function.Arguments != w.args || c.Type != "function" {
					t.Errorf("call %d = %+v, want %+v", i, c, w)
				}
			}
			if fr := res.Choices[0].FinishReason; fr == nil || *fr != "tool_calls" {
				t.Errorf("finish_reason %v", fr)
			}
			if res.Choices[0].Message.Content.IsSet() {
				t.Errorf("content %+v, want null", res.Choices[0].Message.Content)
			}
			if req["stream"] != true {
				t.Errorf("request stream = %v", req["stream"])
			}
		})
	}
}

func TestChatStreamChunksAreUpstreamShape(t *testing.T) {
	srv := chatServer(t, fixture(t, "chat-tools-stream.sse"), 0, nil)
	s, err := newService(t, srv.URL, llm.RetryPolicy{}).ChatStream(context.Background(), weatherParams(kernelutils.None[bool]()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := []string{
		`{"id":"chatcmpl-9uVn4e8KOvCKcBRUxJpzzm3KEkLKd","model":"gpt-4o-2024-08-06","choices":[{"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}]},"index":0,"finish_reason":null}]}`,
		`{"id":"chatcmpl-9uVn4e8KOvCKcBRUxJpzzm3KEkLKd","model":"gpt-4o-2024-08-06","choices":[{"delta":{"role":"assistant","tool_calls":[{"index":0,"function":{"arguments":"{\""}}]},"index":0,"finish_reason":null}]}`,
	}
	for i, w := range want {
		ch, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(ch); string(b) != w {
			t.Fatalf("chunk %d\n got %s\nwant %s", i, b, w)
		}
	}
}

func TestChatRejectsBadParams(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	s := newService(t, srv.URL, llm.RetryPolicy{})
	tests := []struct {
		name   string
		params lms.ChatParams
		stream bool
		want   string
	}{
		{"no model", lms.ChatParams{Messages: []lms.ChatMessage{lms.User("x")}}, false, "model is required"},
		{"bad role", lms.ChatParams{Model: "m", Messages: []lms.ChatMessage{{Role: "robot", Content: kernelutils.Some("x")}}}, false, `not "robot"`},
		{"tool without id", lms.ChatParams{Model: "m", Messages: []lms.ChatMessage{{Role: lms.RoleTool, Content: kernelutils.Some("x")}}}, false, "tool_call_id is required"},
		{"stream true to Chat", weatherParams(kernelutils.Some(true)), false, "stream: true"},
		{"stream false to ChatStream", weatherParams(kernelutils.Some(false)), true, "stream: false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.stream {
				_, err = s.ChatStream(context.Background(), tt.params)
			} else {
				_, err = s.Chat(context.Background(), tt.params)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests reached the server", hits.Load())
	}
}

// TestRateLimit: a 429 with Retry-After is retried when the policy allows
// the delay, and otherwise is a *llm.RateLimitError carrying the delay.
func TestRateLimit(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		policy     llm.RetryPolicy
		limited    int // how many 429s before success
		wantErr    bool
		wantDelay  time.Duration
		wantHits   int32
	}{
		{"retried", "0", llm.RetryPolicy{MaxRetries: 2, MaxDelay: time.Second}, 2, false, 0, 3},
		{"retries exhausted", "0", llm.RetryPolicy{MaxRetries: 1, MaxDelay: time.Second}, 5, true, 0, 2},
		{"delay beyond policy", "120", llm.RetryPolicy{MaxRetries: 3, MaxDelay: time.Minute}, 1, true, 120 * time.Second, 1},
		{"no policy", "20", llm.RetryPolicy{}, 1, true, 20 * time.Second, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if int(hits.Add(1)) <= tt.limited {
					w.Header().Set("Retry-After", tt.retryAfter)
					w.WriteHeader(http.StatusTooManyRequests)
					w.Write(fixture(t, "rate-limit.json"))
					return
				}
				w.Write(fixture(t, "chat.json"))
			}))
			defer srv.Close()
			res, err := newService(t, srv.URL, tt.policy).Chat(context.Background(), weatherParams(kernelutils.None[bool]()))
			if hits.Load() != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", hits.Load(), tt.wantHits)
			}
			if !tt.wantErr {
				if err != nil || res.Choices[0].Message.Text() != "Hello! How can I assist you today?" {
					t.Fatalf("Chat = %+v, %v", res, err)
				}
				return
			}
			var rl *llm.RateLimitError
			if !errors.As(err, &rl) || !rl.HasRetryAfter || rl.RetryAfter != tt.wantDelay || rl.Code != "rate_limit_exceeded" {
				t.Fatalf("err = %v (%+v), want a RateLimitError after %v", err, rl, tt.wantDelay)
			}
			var he *llm.HTTPError
			if !errors.As(err, &he) || he.StatusCode != 429 || !strings.HasPrefix(he.Message, "Rate limit reached") {
				t.Fatalf("err = %v, want its HTTPError", err)
			}
		})
	}
}

// TestRateLimitWaitIsCancellable cancels the context while the client
// waits out a Retry-After.
func TestRateLimitWaitIsCancellable(t *testing.T) {
	served := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
		served <- struct{}{}
	}))
	defer srv.Close()
	s := newService(t, srv.URL, llm.RetryPolicy{MaxRetries: 1, MaxDelay: 2 * time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Chat(ctx, weatherParams(kernelutils.None[bool]()))
		done <- err
	}()
	<-served
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("err = %v, want a cancellation", err)
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
		text string
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}, context.DeadlineExceeded, "model request timed out"},
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled, "model request cancelled"},
	}
	srv := chatServer(t, fixture(t, "chat.json"), 0, nil)
	s := newService(t, srv.URL, llm.RetryPolicy{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			_, err := s.Chat(ctx, weatherParams(kernelutils.None[bool]()))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v, want %v (%q)", err, tt.want, tt.text)
			}
		})
	}
}

func TestStreamErrorEventAndBadRole(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"error event", "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}\n\n",
			"The server had an error while processing your request."},
		{"role", "data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"user\"},\"finish_reason\":null}]}\n\n",
			`expected stream delta role to be "assistant" or omitted, received: user`},
		{"cut short", "data: {\"id\":\"x\",\"model\":\"m\",\"choices\":[]}\n\n", "ended without [DONE]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := chatServer(t, []byte(tt.body), 0, nil)
			s, err := newService(t, srv.URL, llm.RetryPolicy{}).ChatStream(context.Background(), weatherParams(kernelutils.None[bool]()))
			if err != nil {
				t.Fatal(err)
			}
			for {
				_, err = s.Next()
				if err != nil {
					break
				}
			}
			s.Close()
			if errors.Is(err, io.EOF) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
