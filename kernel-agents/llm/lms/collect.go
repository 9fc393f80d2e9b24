package lms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// Bounds of one collected reply: outside input must not grow a buffer
// without limit.
const (
	// MaxToolCalls is the most tool calls one reply may make.
	MaxToolCalls = 128
	// MaxReplyBytes bounds the content plus all tool-call arguments.
	MaxReplyBytes = 16 << 20
	// maxChoices bounds the choices of one reply (upstream's n).
	maxChoices = 16
)

// ParseToolArguments parses a tool call's arguments, which must be a JSON
// object, upstream's parseToolArguments, with its error messages. Numbers
// are kept as json.Number so that re-encoding preserves them.
func ParseToolArguments(s string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the JSON value")
	}
	if err == nil {
		if _, err2 := dec.Token(); err2 != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	if err != nil {
		preview := s
		if r := []rune(s); len(r) > 200 {
			preview = string(r[:200]) + "…"
		}
		return nil, fmt.Errorf("Invalid tool arguments JSON (%s): %w", preview, err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("Tool arguments must be a JSON object")
	}
	return obj, nil
}

// Collector merges streamed chunks into the ChatResult the same request
// would have returned without streaming: content deltas are concatenated,
// and tool-call fragments are merged by their index (the id, type and name
// are taken from the first fragment that has them, the argument pieces are
// appended in order). Usage stays zero: stream chunks carry none.
type Collector struct {
	id, model string
	choices   []*choiceState
	size      int
}

type choiceState struct {
	index   int
	content strings.Builder
	hasText bool
	calls   []*ToolCall // by position of first appearance
	byIndex map[int]*ToolCall
	finish  *string
}

// Add merges one chunk.
func (c *Collector) Add(ch ChatStreamChunk) error {
	if c.id == "" {
		c.id = ch.ID
	}
	if c.model == "" {
		c.model = ch.Model
	}
	for _, sc := range ch.Choices {
		st := c.choice(sc.Index)
		if st == nil {
			return fmt.Errorf("streamed reply has more than %d choices", maxChoices)
		}
		if s, ok := sc.Delta.Content.Get(); ok {
			if err := c.grow(len(s)); err != nil {
				return err
			}
			st.content.WriteString(s)
			st.hasText = true
		}
		for _, d := range sc.Delta.ToolCalls {
			if err := c.addCall(st, d); err != nil {
				return err
			}
		}
		if sc.FinishReason != nil {
			st.finish = sc.FinishReason
		}
	}
	return nil
}

func (c *Collector) grow(n int) error {
	c.size += n
	if c.size > MaxReplyBytes {
		return fmt.Errorf("streamed reply longer than %d bytes", MaxReplyBytes)
	}
	return nil
}

func (c *Collector) choice(index int) *choiceState {
	for _, st := range c.choices {
		if st.index == index {
			return st
		}
	}
	if len(c.choices) >= maxChoices {
		return nil
	}
	st := &choiceState{index: index, byIndex: map[int]*ToolCall{}}
	c.choices = append(c.choices, st)
	return st
}

func (c *Collector) addCall(st *choiceState, d ToolCallDelta) error {
	// A fragment without index belongs to the latest call, or starts the
	// first one (servers that send each call whole and unindexed).
	idx, ok := d.Index.Get()
	if !ok {
		idx = len(st.calls) - 1
		if id, hasID := d.ID.Get(); idx < 0 || (hasID && id != "" && id != st.calls[idx].ID) {
			idx = len(st.calls)
		}
	}
	call := st.byIndex[idx]
	if call == nil {
		if len(st.calls) >= MaxToolCalls {
			return fmt.Errorf("streamed reply has more than %d tool calls", MaxToolCalls)
		}
		call = &ToolCall{Type: "function"}
		if d.Index.IsSet() {
			call.Index = kernelutils.Some(idx)
		}
		st.byIndex[idx] = call
		st.calls = append(st.calls, call)
	}
	if id, ok := d.ID.Get(); ok && call.ID == "" {
		call.ID = id
	}
	if t, ok := d.Type.Get(); ok && t != "" {
		call.Type = t
	}
	if f, ok := d.Function.Get(); ok {
		if n, ok := f.Name.Get(); ok && call.Function.Name == "" {
			call.Function.Name = n
		}
		if a, ok := f.Arguments.Get(); ok {
			if err := c.grow(len(a)); err != nil {
				return err
			}
			call.Function.Arguments += a
		}
	}
	return nil
}

// Result returns the merged result, choices ordered by index.
func (c *Collector) Result() ChatResult {
	r := ChatResult{ID: c.id, Model: c.model, Choices: []ChatChoice{}}
	sts := slices.Clone(c.choices)
	slices.SortFunc(sts, func(a, b *choiceState) int { return a.index - b.index })
	for _, st := range sts {
		msg := ChatMessage{Role: RoleAssistant}
		if st.hasText || len(st.calls) == 0 {
			msg.Content = kernelutils.Some(st.content.String())
		}
		for _, call := range st.calls {
			msg.ToolCalls = append(msg.ToolCalls, *call)
		}
		r.Choices = append(r.Choices, ChatChoice{Message: msg, Index: st.index, FinishReason: st.finish})
	}
	return r
}

// Collect reads s to its end and returns the merged result; it always
// closes s.
func Collect(s ChatStream) (ChatResult, error) {
	defer s.Close()
	var c Collector
	for {
		ch, err := s.Next()
		if errors.Is(err, io.EOF) {
			return c.Result(), nil
		}
		if err != nil {
			return ChatResult{}, err
		}
		if err := c.Add(ch); err != nil {
			return ChatResult{}, err
		}
	}
}

// compactJSON compacts raw JSON text, keeping its key order.
func compactJSON(raw []byte) (string, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", err
	}
	return b.String(), nil
}

// ArgumentsText renders tool-call arguments given as a JSON value (as
// Ollama sends them) as the JSON text OpenAI's shape carries, keeping the
// key order, as upstream's JSON.stringify does. Absent arguments are "{}".
func ArgumentsText(raw json.RawMessage) (string, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return "{}", nil
	}
	return compactJSON(raw)
}
