// Package queue is a deterministic in-process language model for tests,
// the Go counterpart of upstream's makeQueueModel: Push queues a response
// and each Sample pops one and streams it in whitespace-separated tokens.
// With nothing queued, Sample returns an empty stream, as upstream does.
package queue

import (
	"context"
	"io"
	"sync"
	"unicode"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
)

// Model is a queue of scripted responses. It is safe for concurrent use.
type Model struct {
	name string

	mu        sync.Mutex
	responses []string
	prompts   []string
}

var _ llm.LanguageModel = (*Model)(nil)

// New returns an empty queue model reporting name in Info.
func New(name string) *Model { return &Model{name: name} }

// Push queues responses, sampled in order.
func (m *Model) Push(responses ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.responses = append(m.responses, responses...)
}

// Pending returns how many queued responses have not been sampled.
func (m *Model) Pending() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.responses)
}

// Prompts returns every prompt sampled so far, in order.
func (m *Model) Prompts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.prompts...)
}

// Info returns the model name.
func (m *Model) Info() llm.ModelInfo { return llm.ModelInfo{Model: m.name} }

// Sample pops the next response and streams it. The stream stops with the
// context's error once ctx is done.
func (m *Model) Sample(ctx context.Context, prompt string) (llm.Stream, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.prompts = append(m.prompts, prompt)
	var tokens []string
	if len(m.responses) > 0 {
		tokens = Tokenize(m.responses[0])
		m.responses = m.responses[1:]
	}
	m.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	return &stream{ctx: ctx, cancel: cancel, tokens: tokens}, nil
}

// Tokenize splits text into tokens that each end with the whitespace that
// follows them, so that the tokens concatenate back to text exactly.
func Tokenize(text string) []string {
	var out []string
	start := 0
	inSpace := false
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

type stream struct {
	ctx    context.Context
	cancel context.CancelFunc
	tokens []string
	i      int
}

func (s *stream) Next() (llm.Chunk, error) {
	if err := s.ctx.Err(); err != nil {
		return llm.Chunk{}, err
	}
	if s.i >= len(s.tokens) {
		return llm.Chunk{}, io.EOF
	}
	s.i++
	return llm.Chunk{Response: s.tokens[s.i-1], Done: s.i == len(s.tokens)}, nil
}

func (s *stream) Close() error {
	s.cancel()
	return nil
}
