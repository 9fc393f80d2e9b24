package json

import (
	"errors"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
)

func TestCollector(t *testing.T) {
	tests := []struct {
		name      string
		deltas    []string
		maxChunks int
		want      string // parsed text; "" if none
		wantErr   error  // cause of a SampleGenerationError
	}{
		{name: "one chunk", deltas: []string{`invoke":[]}`}, want: `{"messageType":"assistant","invoke":[]}`},
		{name: "split across chunks", deltas: []string{`inv`, `oke":[{"name":"a"`, `,"args":{}}`, `]} trailing`}, want: `{"messageType":"assistant","invoke":[{"name":"a","args":{}}]}`},
		{name: "nested braces wait for balance", deltas: []string{`invoke":[{"args":{"x":{}}}]}`}, want: `{"messageType":"assistant","invoke":[{"args":{"x":{}}}]}`},
		// Upstream counts braces naively, string contents included, so a "}"
		// in a string that balances the count ends the sample.
		{name: "brace inside a string", deltas: []string{`think":["}"],"invoke":[]}`}, wantErr: errors.New("invalid JSON")},
		{name: "open brace inside a string", deltas: []string{`think":["{"],"invoke":[]}`, `}`}, want: `{"messageType":"assistant","think":["{"],"invoke":[]}`},
		{name: "balanced but invalid", deltas: []string{`invoke":[}]}`}, wantErr: errors.New("invalid JSON")},
		{name: "chunk cap", deltas: strings.Split(strings.Repeat("x ", 5), " ")[:5], maxChunks: 4, wantErr: ErrMaxChunks},
		{name: "no cap", deltas: []string{"a", "b", "c"}, maxChunks: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCollector(Prefix, tt.maxChunks)
			for _, d := range tt.deltas {
				raw, err := c.add(d)
				if err != nil {
					var sg *agent.SampleGenerationError
					if tt.wantErr == nil || !errors.As(err, &sg) {
						t.Fatalf("add(%q): %v", d, err)
					}
					if errors.Is(tt.wantErr, ErrMaxChunks) != errors.Is(err, ErrMaxChunks) || err.Error() != "LLM generated invalid response." {
						t.Fatalf("error %v (cause %v), want cause %v", err, sg.Cause, tt.wantErr)
					}
					return
				}
				if raw != nil {
					if string(raw) != tt.want {
						t.Fatalf("parsed %s, want %s", raw, tt.want)
					}
					return
				}
			}
			if tt.want != "" || tt.wantErr != nil {
				t.Fatalf("no result, want %q / %v", tt.want, tt.wantErr)
			}
		})
	}
}
