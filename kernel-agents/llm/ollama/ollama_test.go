package ollama_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/ollama"
	agentjson "github.com/ocap-kernel/ocap-go/kernel-agents/strategy/json"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serveLines writes body line by line, flushing each, like a streaming
// server.
func serveLines(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/x-ndjson")
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		w.Write(append(sc.Bytes(), '\n'))
		w.(http.Flusher).Flush()
	}
}

type recorded struct {
	method, path string
	body         map[string]any
}

// newServer is a loopback Ollama speaking the documented wire format.
func newServer(t *testing.T, reqs chan<- recorded) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := recorded{method: r.Method, path: r.URL.Path}
		if r.Body != nil {
			json.NewDecoder(r.Body).Decode(&rec.body)
		}
		if reqs != nil {
			reqs <- rec
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/api/tags":
			w.Write(fixture(t, "tags.json"))
		case r.Method == http.MethodPost && r.URL.Path == "/api/generate":
			if rec.body["model"] != "llama3.1:latest" {
				w.WriteHeader(http.StatusNotFound)
				w.Write(fixture(t, "error.json"))
				return
			}
			switch rec.body["keep_alive"] {
			case -1.0:
				w.Write(fixture(t, "load.json"))
			case 0.0:
				w.Write(fixture(t, "unload.json"))
			default:
				serveLines(w, fixture(t, "generate-stream.ndjson"))
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSampleStreamsNDJSON(t *testing.T) {
	reqs := make(chan recorded, 1)
	srv := newServer(t, reqs)
	c, err := ollama.New(ollama.Config{Model: "llama3.1:latest", BaseURL: srv.URL,
		Options: ollama.Options{Temperature: kernelutils.Some(0.0), Seed: kernelutils.Some(7)}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Sample(context.Background(), "PROMPT")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var text string
	var last llm.Chunk
	for {
		ch, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		text += ch.Response
		last = ch
	}
	if want := `invoke":[{"name":"end","args":{"final":"Paris"}}]} ,`; text != want || !last.Done {
		t.Fatalf("text %q (done %v), want %q", text, last.Done, want)
	}
	req := <-reqs
	want := map[string]any{"model": "llama3.1:latest", "prompt": "PROMPT", "stream": true, "raw": true,
		"options": map[string]any{"temperature": 0.0, "seed": 7.0}}
	gotJSON, _ := json.Marshal(req.body)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("request body %s, want %s", gotJSON, wantJSON)
	}
	if info := c.Info(); info.Model != "llama3.1:latest" || info.Options["seed"] == nil || len(info.Options) != 2 {
		t.Errorf("Info = %+v", info)
	}
}

func TestAgentOverOllama(t *testing.T) {
	srv := newServer(t, nil)
	c, err := ollama.New(ollama.Config{Model: "llama3.1:latest", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	a, err := agentjson.NewAgent(agent.Config{LanguageModel: c})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Task(context.Background(), "What is the capital of France?", nil, agent.TaskOptions{})
	if err != nil || got != "Paris" {
		t.Fatalf("Task = %v, %v", got, err)
	}
}

func TestLoadUnloadModels(t *testing.T) {
	reqs := make(chan recorded, 3)
	srv := newServer(t, reqs)
	c, err := ollama.New(ollama.Config{Model: "llama3.1:latest", BaseURL: srv.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-reqs; r.body["keep_alive"] != -1.0 || r.body["prompt"] != "" || r.body["stream"] != false {
		t.Errorf("load request %+v", r.body)
	}
	if err := c.Unload(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-reqs; r.body["keep_alive"] != 0.0 {
		t.Errorf("unload request %+v", r.body)
	}
	models, err := c.Models(ctx)
	if err != nil || len(models) != 1 || models[0].Name != "llama3.1:latest" || models[0].Size != 7365960935 {
		t.Fatalf("Models = %+v, %v", models, err)
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t, nil)
	c, err := ollama.New(ollama.Config{Model: "nosuch", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Sample(context.Background(), "x")
	var he *llm.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 404 || he.Message != "model 'nosuch' not found" {
		t.Fatalf("err = %v", err)
	}
	for _, cfg := range []ollama.Config{{}, {Model: "m", BaseURL: "ftp://x"}, {Model: "m", BaseURL: "localhost:11434"}} {
		if _, err := ollama.New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		}
	}
}

func TestErrorLineInStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveLines(w, []byte("{\"model\":\"m\",\"response\":\"a\",\"done\":false}\n{\"error\":\"out of memory\"}\n"))
	}))
	defer srv.Close()
	c, _ := ollama.New(ollama.Config{Model: "m", BaseURL: srv.URL})
	s, err := c.Sample(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ch, err := s.Next(); err != nil || ch.Response != "a" {
		t.Fatalf("first chunk %+v, %v", ch, err)
	}
	_, err = s.Next()
	var he *llm.HTTPError
	if !errors.As(err, &he) || he.Message != "out of memory" {
		t.Fatalf("err = %v", err)
	}
}

// TestCancellationStopsStream cancels the context while the server is
// still generating: Next must return the context error and the server must
// see its request end (the connection closed).
func TestCancellationStopsStream(t *testing.T) {
	for _, how := range []string{"cancel", "close"} {
		t.Run(how, func(t *testing.T) {
			handlerDone := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer close(handlerDone)
				w.Write([]byte(`{"model":"m","response":"first","done":false}` + "\n"))
				w.(http.Flusher).Flush()
				<-r.Context().Done() // generate forever
			}))
			defer srv.Close()
			c, _ := ollama.New(ollama.Config{Model: "m", BaseURL: srv.URL})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s, err := c.Sample(ctx, "x")
			if err != nil {
				t.Fatal(err)
			}
			if ch, err := s.Next(); err != nil || ch.Response != "first" {
				t.Fatalf("first chunk %+v, %v", ch, err)
			}
			nextErr := make(chan error, 1)
			go func() { _, err := s.Next(); nextErr <- err }()
			if how == "cancel" {
				cancel()
			} else {
				s.Close()
			}
			if err := <-nextErr; !errors.Is(err, context.Canceled) {
				t.Fatalf("Next after %s = %v, want context.Canceled", how, err)
			}
			s.Close()
			select {
			case <-handlerDone:
			case <-time.After(30 * time.Second): // failure deadline only
				t.Fatal("server request still running after cancellation")
			}
		})
	}
}
