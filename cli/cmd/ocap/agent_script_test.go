package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdFakeOllama implements `fake-ollama ENVVAR reply...`: it starts a
// loopback HTTP server speaking Ollama's /api/generate NDJSON streaming
// format and sets ENVVAR to its base URL. Each generate request streams the
// next reply file (its text, minus one trailing newline, split after
// whitespace into documented {"model","created_at","response","done"}
// lines, then a final done:true line); with no replies left it answers
// HTTP 500 {"error":…}. The server stops when the script ends.
func cmdFakeOllama(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! fake-ollama")
	}
	if len(args) < 1 {
		ts.Fatalf("usage: fake-ollama ENVVAR reply-file...")
	}
	var replies []string
	for _, f := range args[1:] {
		replies = append(replies, strings.TrimSuffix(ts.ReadFile(f), "\n"))
	}
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model  string `json:"model"`
			Stream bool   `json:"stream"`
			Raw    bool   `json:"raw"`
		}
		if r.Method != http.MethodPost || r.URL.Path != "/api/generate" {
			http.NotFound(w, r)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !req.Stream || !req.Raw || req.Model == "" {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"bad generate request"}`)
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
		w.Header().Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(w)
		created := time.Date(2023, 8, 4, 8, 52, 19, 0, time.UTC).Format(time.RFC3339Nano)
		for _, tok := range splitAfterSpace(reply) {
			enc.Encode(map[string]any{"model": req.Model, "created_at": created, "response": tok, "done": false})
			w.(http.Flusher).Flush()
		}
		enc.Encode(map[string]any{"model": req.Model, "created_at": created, "response": "", "done": true,
			"done_reason": "stop", "context": []int{1, 2, 3}, "total_duration": 10706818083, "eval_count": 259})
	}))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], srv.URL)
}

// splitAfterSpace splits text into tokens that end with their trailing
// whitespace and concatenate back to text.
func splitAfterSpace(text string) []string {
	var out []string
	start, inSpace := 0, false
	for i, r := range text {
		space := unicode.IsSpace(r)
		if !space && inSpace {
			out = append(out, text[start:i])
			start = i
		}
		inSpace = space
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}
