package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdFakeOllamaChat implements `fake-ollama-chat ENVVAR REPLY...` (REPLY: files of JSON replies):
// it starts a loopback HTTP server speaking Ollama's non-streaming
// /api/chat and sets ENVVAR to its base URL. Each chat request is answered
// with the next reply file, a documented /api/chat response object, in
// which {{tool}} is replaced by the JSON-quoted content of the request's
// last message when that is a tool message (so that an answer depends on
// the tool result the agent sent); with no replies left it answers HTTP
// 500 {"error":…}. The server stops when the script ends.
func cmdFakeOllamaChat(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! fake-ollama-chat")
	}
	if len(args) < 1 {
		ts.Fatalf("usage: fake-ollama-chat ENVVAR reply-file...")
	}
	var replies []string
	for _, f := range args[1:] {
		replies = append(replies, ts.ReadFile(f))
	}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model    string `json:"model"`
			Stream   bool   `json:"stream"`
			Messages []struct {
				Role    string `json:"role"`
				Content string `json:"content"`
			} `json:"messages"`
		}
		if r.Method != http.MethodPost || r.URL.Path != "/api/chat" {
			http.NotFound(w, r)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Stream || req.Model == "" || len(req.Messages) == 0 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"bad chat request"}`)
			return
		}
		mu.Lock()
		if len(replies) == 0 {
			mu.Unlock()
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"error":"no more scripted replies"}`)
			return
		}
		reply := replies[0]
		replies = replies[1:]
		mu.Unlock()
		if last := req.Messages[len(req.Messages)-1]; last.Role == "tool" {
			q, _ := json.Marshal(last.Content)
			reply = strings.ReplaceAll(reply, "{{tool}}", string(q[1:len(q)-1]))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, reply)
	}))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], srv.URL)
}
