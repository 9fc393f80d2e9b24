// Package openai is a language-model client for any server that speaks the
// OpenAI chat completions API (OpenAI, Ollama's /v1, llama.cpp, vLLM, …),
// the Go counterpart of upstream HEAD's open-v1 backend.
//
// Sampling is POST {base}/v1/chat/completions with "stream": true; the
// prompt is sent as a single user message and the reply arrives as
// server-sent events, one "data: {chat.completion.chunk}" per delta and a
// final "data: [DONE]". An API key, when given, is sent as a bearer token.
// Models lists GET {base}/v1/models. The API has no load or unload.
//
// The client is plain net/http: the two requests and the SSE framing are
// small, and the official SDK would be a large dependency for them.
package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/internal/httpstream"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// DefaultBaseURL is OpenAI's API; local servers need an explicit base URL
// (e.g. http://localhost:11434 for Ollama, http://localhost:8080 for
// llama.cpp).
const DefaultBaseURL = "https://api.openai.com"

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
}

// Client is one model on one OpenAI-compatible server. It is safe for
// concurrent use.
type Client struct {
	model   string
	base    string
	apiKey  string
	options Options
	http    *http.Client
}

var _ llm.LanguageModel = (*Client)(nil)

// New checks cfg and returns a client; it does not contact the server.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("openai: model name is required")
	}
	base, err := baseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{model: cfg.Model, base: base, apiKey: cfg.APIKey, options: cfg.Options, http: hc}, nil
}

func baseURL(s string) (string, error) {
	if s == "" {
		s = DefaultBaseURL
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("openai: invalid base URL %q", s)
	}
	s = strings.TrimRight(s, "/")
	return strings.TrimSuffix(s, "/v1"), nil
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

func (c *Client) header() http.Header {
	h := http.Header{"Accept": {"text/event-stream"}}
	if c.apiKey != "" {
		h.Set("Authorization", "Bearer "+c.apiKey)
	}
	return h
}

// errorMessage extracts {"error": {"message": "..."}}.
func errorMessage(b []byte) string {
	var e struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error != nil {
		return e.Error.Message
	}
	return ""
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model    string        `json:"model"`
	Messages []chatMessage `json:"messages"`
	Stream   bool          `json:"stream"`
	Options
}

// Sample streams a completion of prompt, sent as one user message.
func (c *Client) Sample(ctx context.Context, prompt string) (llm.Stream, error) {
	ctx, cancel := context.WithCancel(ctx)
	body := chatRequest{
		Model:    c.model,
		Messages: []chatMessage{{Role: "user", Content: prompt}},
		Stream:   true,
		Options:  c.options,
	}
	resp, err := httpstream.Do(ctx, c.http, http.MethodPost, c.base+"/v1/chat/completions", body, c.header(), errorMessage)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("openai chat completions: %w", err)
	}
	return &stream{lines: httpstream.NewLines(ctx, cancel, resp.Body)}, nil
}

// completionChunk is the payload of one SSE event.
type completionChunk struct {
	Choices []struct {
		Delta struct {
			Content string `json:"content"`
		} `json:"delta"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

type stream struct {
	lines *httpstream.Lines
	done  bool
}

// Next reads SSE events until one carries a delta. Per the SSE format,
// "data:" lines accumulate (joined by "\n") until a blank line dispatches
// the event; comment lines (":") and other fields are ignored.
func (s *stream) Next() (llm.Chunk, error) {
	if s.done {
		return llm.Chunk{}, io.EOF
	}
	var data []byte
	haveData := false
	for {
		line, err := s.lines.Next()
		if errors.Is(err, io.EOF) && haveData {
			line, err = nil, nil // a final event without its blank line
		} else if errors.Is(err, io.EOF) {
			return llm.Chunk{}, fmt.Errorf("openai stream ended without [DONE]: %w", io.ErrUnexpectedEOF)
		} else if err != nil {
			return llm.Chunk{}, fmt.Errorf("openai stream: %w", err)
		}
		if len(line) > 0 {
			field, value, _ := bytes.Cut(line, []byte(":"))
			if string(field) == "data" {
				value = bytes.TrimPrefix(value, []byte(" "))
				if haveData {
					data = append(data, '\n')
				}
				data = append(data, value...)
				haveData = true
			}
			continue
		}
		if !haveData {
			continue
		}
		chunk, ok, err := s.event(data)
		if err != nil || ok {
			return chunk, err
		}
		data, haveData = data[:0], false
	}
}

// event interprets one dispatched event; ok is false for events without
// content to report (role-only deltas, usage chunks).
func (s *stream) event(data []byte) (llm.Chunk, bool, error) {
	if string(bytes.TrimSpace(data)) == "[DONE]" {
		s.done = true
		return llm.Chunk{Done: true}, true, nil
	}
	var ch completionChunk
	if err := json.Unmarshal(data, &ch); err != nil {
		return llm.Chunk{}, false, fmt.Errorf("openai stream: invalid event %q: %w", truncate(data), err)
	}
	if ch.Error != nil {
		return llm.Chunk{}, false, &llm.HTTPError{StatusCode: http.StatusOK, Message: ch.Error.Message}
	}
	if len(ch.Choices) == 0 {
		return llm.Chunk{}, false, nil
	}
	content := ch.Choices[0].Delta.Content
	if content == "" {
		return llm.Chunk{}, false, nil
	}
	return llm.Chunk{Response: content}, true, nil
}

func (s *stream) Close() error { return s.lines.Close() }

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// Model is one entry of GET /v1/models.
type Model struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

// Models lists the models the server offers.
func (c *Client) Models(ctx context.Context) ([]Model, error) {
	h := c.header()
	h.Del("Accept")
	resp, err := httpstream.Do(ctx, c.http, http.MethodGet, c.base+"/v1/models", nil, h, errorMessage)
	if err != nil {
		return nil, fmt.Errorf("openai list models: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Data []Model `json:"data"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, httpstream.MaxLine)).Decode(&out); err != nil {
		return nil, fmt.Errorf("openai list models: decode: %w", err)
	}
	return out.Data, nil
}
