package queue_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/queue"
)

func TestTokenize(t *testing.T) {
	for _, text := range []string{"", "a", " a  b\n", "a b c", "  "} {
		if got := strings.Join(queue.Tokenize(text), ""); got != text {
			t.Errorf("Tokenize(%q) joins to %q", text, got)
		}
	}
	if got := queue.Tokenize("a b  c"); len(got) != 3 || got[1] != "b  " {
		t.Errorf("Tokenize = %q", got)
	}
}

func TestQueue(t *testing.T) {
	m := queue.New("q")
	m.Push("x y")
	ctx := context.Background()
	s, _ := m.Sample(ctx, "p1")
	var got []string
	for {
		ch, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		got = append(got, ch.Response)
	}
	if strings.Join(got, "|") != "x |y" {
		t.Errorf("chunks %q", got)
	}
	s, _ = m.Sample(ctx, "p2") // nothing queued: empty stream
	if _, err := s.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("empty queue Next = %v", err)
	}
	m.Push("z")
	s, _ = m.Sample(ctx, "p3")
	s.Close()
	if _, err := s.Next(); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after Close = %v", err)
	}
	if p := m.Prompts(); len(p) != 3 || p[2] != "p3" || m.Info().Model != "q" {
		t.Errorf("prompts %q", p)
	}
}
