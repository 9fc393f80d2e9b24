package cli

import (
	"bytes"
	"log/slog"
	"sync"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/ollama"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
)

func TestPrintAnswer(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{"30 cells", "30 cells\n"},
		{30.0, "30\n"},
		{map[string]any{"a": []any{1.0}}, `{"a":[1]}` + "\n"},
		{nil, "null\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := printAnswer(&b, tt.in); err != nil || b.String() != tt.want {
			t.Errorf("printAnswer(%v) = %q, %v; want %q", tt.in, b.String(), err, tt.want)
		}
	}
}

func TestAgentLanguageModel(t *testing.T) {
	t.Setenv(EnvOpenAIKey, "sk-env")
	tests := []struct {
		opts    agentOptions
		want    string // Go type
		wantErr bool
	}{
		{opts: agentOptions{api: "ollama", model: "m"}, want: "*ollama.Client"},
		{opts: agentOptions{api: "openai", model: "m", endpoint: "http://127.0.0.1:1"}, want: "*openai.Client"},
		{opts: agentOptions{api: "other", model: "m"}, wantErr: true},
		{opts: agentOptions{api: "ollama", model: ""}, wantErr: true},
		{opts: agentOptions{api: "ollama", model: "m", endpoint: "not a url"}, wantErr: true},
	}
	for _, tt := range tests {
		m, err := tt.opts.languageModel()
		if tt.wantErr {
			if err == nil {
				t.Errorf("%+v: no error", tt.opts)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", tt.opts, err)
			continue
		}
		switch m.(type) {
		case *ollama.Client:
			if tt.want != "*ollama.Client" {
				t.Errorf("%+v: got ollama", tt.opts)
			}
		case *openai.Client:
			if tt.want != "*openai.Client" {
				t.Errorf("%+v: got openai", tt.opts)
			}
		}
	}
}

func TestLineHandler(t *testing.T) {
	var b bytes.Buffer
	l := slog.New(&lineHandler{w: &b, mu: &sync.Mutex{}}).With("tag", "eval")
	l.Info(`{"a":1}`, "n", 2)
	if got, want := b.String(), `{"a":1} tag=eval n=2`+"\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
