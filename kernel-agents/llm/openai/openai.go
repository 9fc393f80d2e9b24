// Package openai is a language-model client for any server that speaks the
// OpenAI chat completions API (OpenAI, Ollama's /v1, llama.cpp, vLLM, …),
// the Go counterpart of upstream's open-v1 backend (OpenV1BaseService).
//
// Service is upstream's service: Chat (POST {base}/v1/chat/completions
// with "stream": false) and ChatStream (the same with "stream": true; the
// reply is server-sent events, one "data: {chat.completion.chunk}" per
// delta, tool-call arguments arriving as string pieces keyed by index, and
// a final "data: [DONE]"), and Models (GET {base}/v1/models). Replies are
// reduced to upstream's shapes (provider-specific keys dropped) and
// checked. Raw sampling is not part of this API (lms.ErrSampleNotSupported).
// An API key, when given, is sent as a bearer token.
//
// Client is one model instance, an llm.LanguageModel that streams the
// completion of a prompt sent as a single user message.
//
// The client is plain net/http: the requests and the SSE framing are
// small, and the official SDK would be a large dependency for them.
package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/internal/httpstream"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// DefaultBaseURL is OpenAI's API; local servers need an explicit base URL
// (e.g. http://localhost:11434 for Ollama, http://localhost:8080 for
// llama.cpp).
const DefaultBaseURL = "https://api.openai.com"

// ServiceConfig configures a Service.
type ServiceConfig struct {
	// BaseURL is the server root without /v1; defaults to DefaultBaseURL.
	// A trailing "/v1" is accepted and removed.
	BaseURL string
	// APIKey, when non-empty, is sent as "Authorization: Bearer <key>".
	APIKey string
	// HTTPClient defaults to a client without timeout (requests are
	// bounded by the caller's context).
	HTTPClient *http.Client
	// Retry is the policy for HTTP 429 (the zero value never retries).
	Retry llm.RetryPolicy
}

// Service is one OpenAI-compatible server. It is safe for concurrent use.
type Service struct {
	core *httpstream.Client
}

var _ lms.ChatService = (*Service)(nil)

// NewService checks cfg; it does not contact the server.
func NewService(cfg ServiceConfig) (*Service, error) {
	base, err := httpstream.BaseURL("openai", cfg.BaseURL, DefaultBaseURL, "/v1")
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	if cfg.APIKey != "" {
		h.Set("Authorization", "Bearer "+cfg.APIKey)
	}
	return &Service{core: &httpstream.Client{HTTP: cfg.HTTPClient, Base: base, Header: h, Retry: cfg.Retry}}, nil
}

func checkParams(p lms.ChatParams, stream bool) (lms.ChatParams, error) {
	if err := p.Validate(); err != nil {
		return lms.ChatParams{}, err
	}
	if v, ok := p.Stream.Get(); ok && v != stream {
		return lms.ChatParams{}, fmt.Errorf("openai: stream: %v, but this call is %s", v, map[bool]string{true: "streaming", false: "not streaming"}[stream])
	}
	p.Stream = kernelutils.Some(stream)
	return p, nil
}

// wireToolCall is a tool call as servers send it; missing strings are "".
type wireToolCall struct {
	ID       string                    `json:"id"`
	Index    kernelutils.Optional[int] `json:"index"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// wireResult is the non-streaming reply, keeping only upstream's fields.
type wireResult struct {
	ID      *string `json:"id"`
	Model   *string `json:"model"`
	Choices []struct {
		Message struct {
			Role       string         `json:"role"`
			Content    *string        `json:"content"`
			ToolCalls  []wireToolCall `json:"tool_calls"`
			ToolCallID string         `json:"tool_call_id"`
		} `json:"message"`
		Index        int     `json:"index"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *lms.Usage `json:"usage"`
}

func (w wireResult) result() (lms.ChatResult, error) {
	if w.ID == nil || w.Model == nil {
		return lms.ChatResult{}, errors.New("invalid chat result: id and model are required")
	}
	if w.Usage == nil {
		return lms.ChatResult{}, errors.New("invalid chat result: usage is required")
	}
	r := lms.ChatResult{ID: *w.ID, Model: *w.Model, Choices: []lms.ChatChoice{}, Usage: *w.Usage}
	for i, c := range w.Choices {
		m := lms.ChatMessage{Role: lms.Role(c.Message.Role), Content: opt(c.Message.Content), ToolCallID: c.Message.ToolCallID}
		for _, tc := range c.Message.ToolCalls {
			m.ToolCalls = append(m.ToolCalls, lms.ToolCall{
				ID: tc.ID, Type: "function", Index: tc.Index,
				Function: lms.FunctionCall{Name: tc.Function.Name, Arguments: tc.Function.Arguments},
			})
		}
		if err := m.Validate(); err != nil {
			return lms.ChatResult{}, fmt.Errorf("invalid chat result: choices[%d]: %w", i, err)
		}
		r.Choices = append(r.Choices, lms.ChatChoice{Message: m, Index: c.Index, FinishReason: c.FinishReason})
	}
	return r, nil
}

// Chat is a chat completion without streaming.
func (s *Service) Chat(ctx context.Context, p lms.ChatParams) (lms.ChatResult, error) {
	p, err := checkParams(p, false)
	if err != nil {
		return lms.ChatResult{}, err
	}
	var w wireResult
	if err := s.core.JSON(ctx, http.MethodPost, "/v1/chat/completions", p, &w); err != nil {
		return lms.ChatResult{}, fmt.Errorf("openai chat completions: %w", err)
	}
	r, err := w.result()
	if err != nil {
		return lms.ChatResult{}, fmt.Errorf("openai chat completions: %w", err)
	}
	return r, nil
}

// ChatStream streams a chat completion; each SSE event is one chunk, its
// delta normalised to role "assistant" (another role is an error).
func (s *Service) ChatStream(ctx context.Context, p lms.ChatParams) (lms.ChatStream, error) {
	p, err := checkParams(p, true)
	if err != nil {
		return nil, err
	}
	lines, err := s.core.Stream(ctx, http.MethodPost, "/v1/chat/completions", p)
	if err != nil {
		return nil, fmt.Errorf("openai chat completions: %w", err)
	}
	return &chatStream{lines: lines}, nil
}

// wireChunk is one SSE payload: a chunk or an error.
type wireChunk struct {
	ID      string `json:"id"`
	Model   string `json:"model"`
	Choices []struct {
		Delta struct {
			Role      string          `json:"role"`
			Content   *string         `json:"content"`
			ToolCalls []wireCallDelta `json:"tool_calls"`
		} `json:"delta"`
		Index        int     `json:"index"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Error json.RawMessage `json:"error"`
}

// wireCallDelta is a tool-call fragment; some servers send the fields a
// fragment lacks as null, which is the same as absent.
type wireCallDelta struct {
	Index    *int    `json:"index"`
	ID       *string `json:"id"`
	Type     *string `json:"type"`
	Function *struct {
		Name      *string `json:"name"`
		Arguments *string `json:"arguments"`
	} `json:"function"`
}

func opt[T any](p *T) kernelutils.Optional[T] {
	if p == nil {
		return kernelutils.None[T]()
	}
	return kernelutils.Some(*p)
}

func (w wireCallDelta) delta() lms.ToolCallDelta {
	d := lms.ToolCallDelta{Index: opt(w.Index), ID: opt(w.ID), Type: opt(w.Type)}
	if w.Function != nil {
		d.Function = kernelutils.Some(lms.FunctionDelta{Name: opt(w.Function.Name), Arguments: opt(w.Function.Arguments)})
	}
	return d
}

type chatStream struct {
	lines *httpstream.Lines
	done  bool
}

// Next returns the next chunk; [DONE] ends the stream (io.EOF), and so
// does nothing else: a body that ends without it was cut short.
func (c *chatStream) Next() (lms.ChatStreamChunk, error) {
	if c.done {
		return lms.ChatStreamChunk{}, io.EOF
	}
	data, err := c.lines.NextEvent()
	if errors.Is(err, io.EOF) {
		return lms.ChatStreamChunk{}, fmt.Errorf("openai stream ended without [DONE]: %w", io.ErrUnexpectedEOF)
	}
	if err != nil {
		return lms.ChatStreamChunk{}, fmt.Errorf("openai stream: %w", err)
	}
	if strings.TrimSpace(string(data)) == "[DONE]" {
		c.done = true
		return lms.ChatStreamChunk{}, io.EOF
	}
	var w wireChunk
	if err := json.Unmarshal(data, &w); err != nil {
		return lms.ChatStreamChunk{}, fmt.Errorf("openai stream: invalid event %q: %w", httpstream.Truncate(data), err)
	}
	if len(w.Error) > 0 && string(w.Error) != "null" {
		msg, code := httpstream.ErrorMessage(data)
		if msg == "" {
			msg = httpstream.Truncate(w.Error)
		}
		return lms.ChatStreamChunk{}, fmt.Errorf("openai stream: %w", &llm.HTTPError{StatusCode: http.StatusOK, Message: msg, Code: code})
	}
	out := lms.ChatStreamChunk{ID: w.ID, Model: w.Model, Choices: []lms.StreamChoice{}}
	for _, ch := range w.Choices {
		if ch.Delta.Role != "" && ch.Delta.Role != string(lms.RoleAssistant) {
			return lms.ChatStreamChunk{}, fmt.Errorf("openai stream: expected stream delta role to be \"assistant\" or omitted, received: %s", ch.Delta.Role)
		}
		d := lms.StreamDelta{Role: lms.RoleAssistant, Content: opt(ch.Delta.Content)}
		for _, tc := range ch.Delta.ToolCalls {
			d.ToolCalls = append(d.ToolCalls, tc.delta())
		}
		out.Choices = append(out.Choices, lms.StreamChoice{Delta: d, Index: ch.Index, FinishReason: ch.FinishReason})
	}
	return out, nil
}

func (c *chatStream) Close() error { return c.lines.Close() }

// Model is one entry of GET /v1/models.
type Model struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

// Models lists the models the server offers.
func (s *Service) Models(ctx context.Context) ([]Model, error) {
	var out struct {
		Data []Model `json:"data"`
	}
	if err := s.core.JSON(ctx, http.MethodGet, "/v1/models", nil, &out); err != nil {
		return nil, fmt.Errorf("openai list models: %w", err)
	}
	return out.Data, nil
}

// Options are sampling parameters; unset ones are left out of the request.
type Options struct {
	Temperature kernelutils.Optional[float64] `json:"temperature,omitzero"`
	TopP        kernelutils.Optional[float64] `json:"top_p,omitzero"`
	MaxTokens   kernelutils.Optional[int]     `json:"max_tokens,omitzero"`
	Seed        kernelutils.Optional[int]     `json:"seed,omitzero"`
}

// Config configures a Client.
type Config struct {
	// Model is the model id; required.
	Model string
	// BaseURL is the server root without /v1; defaults to DefaultBaseURL.
	// A trailing "/v1" is accepted and removed.
	BaseURL string
	// APIKey, when non-empty, is sent as "Authorization: Bearer <key>".
	APIKey string
	// Options are sent with every request.
	Options Options
	// HTTPClient defaults to a client without timeout (streams are
	// bounded by the caller's context).
	HTTPClient *http.Client
	// Retry is the policy for HTTP 429 (the zero value never retries).
	Retry llm.RetryPolicy
}

// Client is one model on one OpenAI-compatible server. It is safe for
// concurrent use.
type Client struct {
	*Service
	model   string
	options Options
}

var _ llm.LanguageModel = (*Client)(nil)

// New checks cfg and returns a client; it does not contact the server.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("openai: model name is required")
	}
	s, err := NewService(ServiceConfig{BaseURL: cfg.BaseURL, APIKey: cfg.APIKey, HTTPClient: cfg.HTTPClient, Retry: cfg.Retry})
	if err != nil {
		return nil, err
	}
	return &Client{Service: s, model: cfg.Model, options: cfg.Options}, nil
}

// Info returns the model id and the options that are set.
func (c *Client) Info() llm.ModelInfo {
	o := c.options
	info := llm.ModelInfo{Model: c.model}
	if m := kernelutils.IfDefined(map[string]any{
		"temperature": o.Temperature,
		"top_p":       o.TopP,
		"max_tokens":  o.MaxTokens,
		"seed":        o.Seed,
	}); len(m) > 0 {
		info.Options = m
	}
	return info
}

// Sample streams a completion of prompt, sent as one user message.
func (c *Client) Sample(ctx context.Context, prompt string) (llm.Stream, error) {
	o := c.options
	s, err := c.ChatStream(ctx, lms.ChatParams{
		Model:       c.model,
		Messages:    []lms.ChatMessage{lms.User(prompt)},
		Temperature: o.Temperature,
		TopP:        o.TopP,
		MaxTokens:   o.MaxTokens,
		Seed:        o.Seed,
	})
	if err != nil {
		return nil, err
	}
	return &textStream{chats: s}, nil
}

// textStream turns chat chunks into text deltas: chunks without content
// (role-only deltas, the finish chunk) are skipped, and [DONE] is the
// final Done chunk.
type textStream struct {
	chats lms.ChatStream
	done  bool
}

func (t *textStream) Next() (llm.Chunk, error) {
	if t.done {
		return llm.Chunk{}, io.EOF
	}
	for {
		ch, err := t.chats.Next()
		if errors.Is(err, io.EOF) {
			t.done = true
			return llm.Chunk{Done: true}, nil
		}
		if err != nil {
			return llm.Chunk{}, err
		}
		if len(ch.Choices) == 0 {
			continue
		}
		if s, _ := ch.Choices[0].Delta.Content.Get(); s != "" {
			return llm.Chunk{Response: s}, nil
		}
	}
}

func (t *textStream) Close() error { return t.chats.Close() }
