package lmservice_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/lmservice"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// vatBundle bundles testdata/lms-vat.js (with upstream's client from
// testdata/node_modules) and returns its file:// URL.
func vatBundle(t *testing.T) string {
	t.Helper()
	b, err := bundler.Bundle(context.Background(), filepath.Join("testdata", "lms-vat.js"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := bundler.Encode(b)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "lms-vat.bundle")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func fixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// modelServer answers the endpoints of a scripted model server with
// fixtures; a request for model "slow" gets no answer until the client
// gives up.
func modelServer(t *testing.T, replies map[string][]byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model string `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		if req.Model == "slow" {
			<-r.Context().Done()
			return
		}
		body, ok := replies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// runDaemon runs a daemon on a fresh home with lm (nil: none) and returns
// a client of its socket.
func runDaemon(t *testing.T, lm *daemon.LMConfig) *client.Client {
	t.Helper()
	home, err := os.MkdirTemp("", "lmsd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(home) })
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- daemon.Run(ctx, daemon.RunOptions{Home: home, LM: lm, LMService: lmservice.FromConfig, Ready: func(s string) { ready <- s }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	})
	select {
	case sock := <-ready:
		return client.New(sock)
	case err := <-done:
		t.Fatalf("daemon did not start: %v", err)
	}
	return nil
}

// launch starts a one-vat subcluster of lms-vat and returns its root.
func launch(t *testing.T, c *client.Client, bundle, model string, services ...string) (string, error) {
	t.Helper()
	cfg := map[string]any{"bootstrap": "lms", "vats": map[string]any{"lms": map[string]any{
		"bundleSpec": bundle, "parameters": map[string]any{"model": model}}}}
	if len(services) > 0 {
		cfg["services"] = services
	}
	raw, err := c.Call(context.Background(), "launchSubcluster", map[string]any{"config": cfg})
	if err != nil {
		return "", err
	}
	var r struct {
		RootKref string `json:"rootKref"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	return r.RootKref, nil
}

// send queues method(args...) on target and returns the result body (an
// error's body for a rejection).
func send(t *testing.T, c *client.Client, target, method string, args ...any) string {
	t.Helper()
	if args == nil {
		args = []any{}
	}
	raw, err := c.Call(context.Background(), "queueMessage", []any{target, method, args})
	if err != nil {
		return "error: " + err.Error()
	}
	var cd struct {
		Body string `json:"body"`
	}
	if err := json.Unmarshal(raw, &cd); err != nil {
		t.Fatal(err)
	}
	return cd.Body
}

type step struct {
	name   string
	target *string
	method string
	args   []any
	want   string // a substring of the result
}

func runSteps(t *testing.T, c *client.Client, steps []step) {
	t.Helper()
	for _, s := range steps {
		got := send(t, c, *s.target, s.method, s.args...)
		if !strings.Contains(got, s.want) {
			t.Errorf("%s: %s.%s = %s\nwant it to contain %s", s.name, *s.target, s.method, got, s.want)
		}
	}
}

func TestDaemonOpenAI(t *testing.T) {
	bundle := vatBundle(t)
	srv := modelServer(t, map[string][]byte{"/v1/chat/completions": fixture(t, "../llm/openai/testdata/chat.json")})
	c := runDaemon(t, &daemon.LMConfig{Backend: daemon.LMBackendOpenAI, BaseURL: srv.URL, Models: []string{"gpt-4.1", "slow"},
		RequestsPerMinute: 3, TimeoutSeconds: 1})
	a, err := launch(t, c, bundle, "gpt-4.1", "languageModelService")
	if err != nil {
		t.Fatal(err)
	}
	b, err := launch(t, c, bundle, "gpt-4.1", "languageModelService")
	if err != nil {
		t.Fatal(err)
	}
	none, err := launch(t, c, bundle, "gpt-4.1")
	if err != nil {
		t.Fatal(err)
	}
	user := []any{map[string]any{"role": "user", "content": "hi"}}
	runSteps(t, c, []step{
		{"upstream's chat client gets the answer", &a, "ask", []any{"Hello"}, `#"Hello! How can I assist you today?"`},
		{"the result is upstream's ChatResult", &a, "chat", []any{map[string]any{"model": "gpt-4.1", "messages": user}},
			`"usage":{"completion_tokens":10,"prompt_tokens":19,"total_tokens":29}`},
		{"a model off the allowlist", &a, "chat", []any{map[string]any{"model": "gpt-5", "messages": user}},
			`languageModelService: model "gpt-5" is not allowed here (allowed: gpt-4.1, slow)`},
		{"bad params", &a, "chat", []any{map[string]any{"model": "gpt-4.1", "messages": user, "temprature": 1}},
			`languageModelService.chat: chat params: json: unknown field "temprature"`},
		{"sample on an OpenAI-compatible backend", &a, "sample", []any{"Once upon"}, "raw sampling not supported by this backend"},
		{"a timeout", &a, "chat", []any{map[string]any{"model": "slow", "messages": user}},
			"the model server did not answer in time (timeout 1s)"},
		{"over the quota", &a, "ask", []any{"again"}, "subcluster s1 is over its quota of 3 requests per minute"},
		{"another subcluster keeps its own quota", &b, "ask", []any{"Hello"}, `#"Hello! How can I assist you today?"`},
		{"a subcluster that does not list it", &none, "hasService", nil, "#false"},
		{"and cannot call it", &none, "ask", []any{"Hello"}, `Cannot deliver "chat" to target; typeof target is "undefined"`},
	})
}

func TestDaemonOllama(t *testing.T) {
	bundle := vatBundle(t)
	srv := modelServer(t, map[string][]byte{
		"/api/chat":     fixture(t, "../llm/ollama/testdata/chat-tools.json"),
		"/api/generate": fixture(t, "../llm/ollama/testdata/generate.json"),
	})
	c := runDaemon(t, &daemon.LMConfig{BaseURL: srv.URL, Models: []string{"llama3.2"}})
	a, err := launch(t, c, bundle, "llama3.2", "languageModelService")
	if err != nil {
		t.Fatal(err)
	}
	tools := []any{map[string]any{"type": "function", "function": map[string]any{"name": "get_current_weather",
		"parameters": map[string]any{"type": "object", "properties": map[string]any{"location": map[string]any{"type": "string"}}}}}}
	runSteps(t, c, []step{
		{"sample", &a, "sample", []any{"Why is the sky blue?"}, `#"The sky is blue because it is the color of the sky."`},
		{"a chat with tools", &a, "chat", []any{map[string]any{"model": "llama3.2", "tools": tools,
			"messages": []any{map[string]any{"role": "user", "content": "What is the weather today in Paris?"}}}}, `"name":"get_current_weather"`},
	})
}

func TestDaemonWithoutLM(t *testing.T) {
	c := runDaemon(t, nil)
	_, err := launch(t, c, vatBundle(t), "m", "languageModelService")
	if err == nil || !strings.Contains(err.Error(), "no registered kernel service 'languageModelService'") {
		t.Fatalf("launch = %v", err)
	}
}
