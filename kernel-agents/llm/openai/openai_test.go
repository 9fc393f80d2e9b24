package openai_test

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
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
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

type recorded struct {
	auth string
	body map[string]any
}

// newServer is a loopback OpenAI-compatible server replaying the fixtures;
// it requires the bearer key "sk-test".
func newServer(t *testing.T, reqs chan<- recorded) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := recorded{auth: r.Header.Get("Authorization")}
		json.NewDecoder(r.Body).Decode(&rec.body)
		if reqs != nil {
			reqs <- rec
		}
		if rec.auth != "Bearer sk-test" {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write(fixture(t, "error.json"))
			return
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/v1/models":
			w.Write(fixture(t, "models.json"))
		case r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions":
			w.Header().Set("Content-Type", "text/event-stream")
			sc := bufio.NewScanner(bytes.NewReader(fixture(t, "chat-stream.sse")))
			for sc.Scan() {
				w.Write(append(sc.Bytes(), '\n'))
				w.(http.Flusher).Flush()
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSampleStreamsSSE(t *testing.T) {
	reqs := make(chan recorded, 1)
	srv := newServer(t, reqs)
	c, err := openai.New(openai.Config{Model: "gpt-4o-mini", BaseURL: srv.URL + "/v1", APIKey: "sk-test",
		Options: openai.Options{Temperature: kernelutils.Some(0.5)}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Sample(context.Background(), "PROMPT")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var text string
	done := false
	for {
		ch, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		text += ch.Response
		done = done || ch.Done
	}
	if want := `invoke":[{"name":"end","args":{"final":"Paris"}}]} ,`; text != want || !done {
		t.Fatalf("text %q (done %v), want %q", text, done, want)
	}
	req := <-reqs
	got, _ := json.Marshal(req.body)
	want := `{"messages":[{"content":"PROMPT","role":"user"}],"model":"gpt-4o-mini","stream":true,"temperature":0.5}`
	if string(got) != want {
		t.Errorf("request %s, want %s", got, want)
	}
}

func TestAgentOverOpenAI(t *testing.T) {
	srv := newServer(t, nil)
	c, err := openai.New(openai.Config{Model: "gpt-4o-mini", BaseURL: srv.URL, APIKey: "sk-test"})
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
	models, err := c.Models(context.Background())
	if err != nil || len(models) != 1 || models[0].ID != "gpt-4o-mini" {
		t.Fatalf("Models = %+v, %v", models, err)
	}
}

func TestBadKey(t *testing.T) {
	srv := newServer(t, nil)
	c, _ := openai.New(openai.Config{Model: "gpt-4o-mini", BaseURL: srv.URL, APIKey: "sk-wrong"})
	_, err := c.Sample(context.Background(), "x")
	var he *llm.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 401 || he.Message != "Incorrect API key provided: sk-wrong." {
		t.Fatalf("err = %v", err)
	}
}

func TestSSEFraming(t *testing.T) {
	// Comments, multi-line data, CRLF and a missing [DONE].
	body := ": keep-alive\r\n\r\n" +
		"data: {\"choices\":[{\"delta\":\r\n" +
		"data: {\"content\":\"a\"}}]}\r\n\r\n" +
		"event: x\ndata: {\"choices\":[]}\n\n" +
		"data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(body))
	}))
	defer srv.Close()
	c, _ := openai.New(openai.Config{Model: "m", BaseURL: srv.URL})
	s, err := c.Sample(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, want := range []string{"a", "b"} {
		ch, err := s.Next()
		if err != nil || ch.Response != want {
			t.Fatalf("chunk %+v, %v; want %q", ch, err, want)
		}
	}
	if _, err := s.Next(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("end without [DONE] = %v", err)
	}
}

func TestCancellationStopsStream(t *testing.T) {
	handlerDone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(handlerDone)
		w.Write([]byte("data: {\"choices\":[{\"delta\":{\"content\":\"first\"}}]}\n\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c, _ := openai.New(openai.Config{Model: "m", BaseURL: srv.URL})
	ctx, cancel := context.WithCancel(context.Background())
	s, err := c.Sample(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ch, err := s.Next(); err != nil || ch.Response != "first" {
		t.Fatalf("first chunk %+v, %v", ch, err)
	}
	nextErr := make(chan error, 1)
	go func() { _, err := s.Next(); nextErr <- err }()
	cancel()
	if err := <-nextErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("Next after cancel = %v", err)
	}
	select {
	case <-handlerDone:
	case <-time.After(30 * time.Second): // failure deadline only
		t.Fatal("server request still running after cancellation")
	}
}
