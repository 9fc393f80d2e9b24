// Package ollama is a language-model client for an Ollama server, the Go
// counterpart of upstream's OllamaBaseService / OllamaNodejsService.
//
// Service is upstream's service: Chat and ChatStream (POST /api/chat, with
// tools and tool calls, NDJSON when streaming), Sample and SampleStream
// (POST /api/generate with "raw": true, the prompt going to the model
// verbatim), and Models (GET /api/tags), each request naming its model.
// Client is one model instance (upstream's makeInstance): llm.LanguageModel
// sampling raw completions, which the JSON agent strategy needs because its
// prompt ends in an open JSON object that the model continues, and Load /
// Unload (keep_alive -1 / 0).
//
// The client is plain net/http: the official Go client lives inside the
// whole Ollama server module, far too large a dependency for these
// requests.
package ollama

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

// DefaultBaseURL is where Ollama listens by default.
const DefaultBaseURL = "http://localhost:11434"

// chatID is the id of every chat result, upstream's (Ollama has none).
const chatID = "ollama-chat"

// ServiceConfig configures a Service.
type ServiceConfig struct {
	// BaseURL defaults to DefaultBaseURL.
	BaseURL string
	// HTTPClient defaults to a client without timeout (requests are
	// bounded by the caller's context instead).
	HTTPClient *http.Client
	// Retry is the policy for HTTP 429 (the zero value never retries).
	Retry llm.RetryPolicy
}

// Service is one Ollama server. It is safe for concurrent use.
type Service struct {
	core *httpstream.Client
}

var (
	_ lms.ChatService   = (*Service)(nil)
	_ lms.SampleService = (*Service)(nil)
)

// NewService checks cfg; it does not contact the server.
func NewService(cfg ServiceConfig) (*Service, error) {
	base, err := httpstream.BaseURL("ollama", cfg.BaseURL, DefaultBaseURL)
	if err != nil {
		return nil, err
	}
	return &Service{core: &httpstream.Client{HTTP: cfg.HTTPClient, Base: base, Retry: cfg.Retry}}, nil
}

// message is a chat message as /api/chat takes and returns it: tool-call
// arguments are a JSON object, not text.
type message struct {
	Role       string     `json:"role"`
	Content    string     `json:"content"`
	ToolCalls  []toolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

type toolCall struct {
	Function struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	} `json:"function"`
}

// chatRequest is the body of POST /api/chat, upstream's: the sampling
// params go in options (max_tokens as num_predict, stop as an array).
type chatRequest struct {
	Model    string         `json:"model"`
	Messages []message      `json:"messages"`
	Tools    []lms.Tool     `json:"tools,omitempty"`
	Stream   bool           `json:"stream"`
	Options  map[string]any `json:"options"`
}

func sampleOptions(temperature, topP kernelutils.Optional[float64], seed, maxTokens kernelutils.Optional[int], stop kernelutils.Optional[lms.Stop]) map[string]any {
	var stopArr kernelutils.Optional[[]string]
	if s, ok := stop.Get(); ok {
		stopArr = kernelutils.Some([]string(s))
	}
	return kernelutils.IfDefined(map[string]any{
		"temperature": temperature,
		"top_p":       topP,
		"seed":        seed,
		"num_predict": maxTokens,
		"stop":        stopArr,
	})
}

func (s *Service) chatRequest(p lms.ChatParams, stream bool) (chatRequest, error) {
	if err := p.Validate(); err != nil {
		return chatRequest{}, err
	}
	if n, ok := p.N.Get(); ok && n != 1 {
		return chatRequest{}, fmt.Errorf("ollama: n must be 1, not %d (Ollama returns one choice)", n)
	}
	if v, ok := p.Stream.Get(); ok && v != stream {
		return chatRequest{}, fmt.Errorf("ollama: stream: %v, but this call is %s", v, map[bool]string{true: "streaming", false: "not streaming"}[stream])
	}
	req := chatRequest{
		Model:    p.Model,
		Messages: make([]message, len(p.Messages)),
		Tools:    p.Tools,
		Stream:   stream,
		Options:  sampleOptions(p.Temperature, p.TopP, p.Seed, p.MaxTokens, p.Stop),
	}
	for i, m := range p.Messages {
		om := message{Role: string(m.Role), Content: m.Text(), ToolCallID: m.ToolCallID}
		for _, c := range m.ToolCalls {
			if _, err := lms.ParseToolArguments(c.Function.Arguments); err != nil {
				return chatRequest{}, fmt.Errorf("messages[%d]: tool call %q: %w", i, c.Function.Name, err)
			}
			var tc toolCall
			tc.Function.Name = c.Function.Name
			tc.Function.Arguments = json.RawMessage(c.Function.Arguments)
			om.ToolCalls = append(om.ToolCalls, tc)
		}
		req.Messages[i] = om
	}
	return req, nil
}

// chatResponse is the reply of /api/chat, and each line of its stream.
type chatResponse struct {
	Model           string  `json:"model"`
	Message         message `json:"message"`
	Done            bool    `json:"done"`
	DoneReason      string  `json:"done_reason"`
	PromptEvalCount int     `json:"prompt_eval_count"`
	EvalCount       int     `json:"eval_count"`
	Error           *string `json:"error"`
}

func (r chatResponse) finishReason() *string {
	if r.DoneReason != "" {
		return lms.Ptr(r.DoneReason)
	}
	return lms.Ptr("stop")
}

// Chat is a chat completion with stream false, upstream's chat: the tool
// calls of the reply get the ids "tool-0", "tool-1", … and their arguments
// as JSON text.
func (s *Service) Chat(ctx context.Context, p lms.ChatParams) (lms.ChatResult, error) {
	req, err := s.chatRequest(p, false)
	if err != nil {
		return lms.ChatResult{}, err
	}
	var resp chatResponse
	if err := s.core.JSON(ctx, http.MethodPost, "/api/chat", req, &resp); err != nil {
		return lms.ChatResult{}, fmt.Errorf("ollama chat: %w", err)
	}
	if resp.Error != nil {
		return lms.ChatResult{}, fmt.Errorf("ollama chat: %w", &llm.HTTPError{StatusCode: http.StatusOK, Message: *resp.Error})
	}
	msg := lms.Assistant(resp.Message.Content)
	for i, tc := range resp.Message.ToolCalls {
		call, err := convertCall(i, tc)
		if err != nil {
			return lms.ChatResult{}, fmt.Errorf("ollama chat: %w", err)
		}
		call.Index = kernelutils.None[int]()
		msg.ToolCalls = append(msg.ToolCalls, call)
	}
	return lms.ChatResult{
		ID:      chatID,
		Model:   resp.Model,
		Choices: []lms.ChatChoice{{Message: msg, Index: 0, FinishReason: resp.finishReason()}},
		Usage: lms.Usage{
			PromptTokens:     resp.PromptEvalCount,
			CompletionTokens: resp.EvalCount,
			TotalTokens:      resp.PromptEvalCount + resp.EvalCount,
		},
	}, nil
}

func convertCall(i int, tc toolCall) (lms.ToolCall, error) {
	args, err := lms.ArgumentsText(tc.Function.Arguments)
	if err != nil {
		return lms.ToolCall{}, fmt.Errorf("tool call %q: invalid arguments: %w", tc.Function.Name, err)
	}
	return lms.ToolCall{
		ID:       fmt.Sprintf("tool-%d", i),
		Type:     "function",
		Index:    kernelutils.Some(i),
		Function: lms.FunctionCall{Name: tc.Function.Name, Arguments: args},
	}, nil
}

// ChatStream streams a chat completion: each NDJSON line becomes one
// chunk (Ollama sends each tool call whole, with its arguments as an
// object; here it is a complete fragment with index, id and arguments
// text), the last one carrying the finish reason.
func (s *Service) ChatStream(ctx context.Context, p lms.ChatParams) (lms.ChatStream, error) {
	req, err := s.chatRequest(p, true)
	if err != nil {
		return nil, err
	}
	lines, err := s.core.Stream(ctx, http.MethodPost, "/api/chat", req)
	if err != nil {
		return nil, fmt.Errorf("ollama chat: %w", err)
	}
	return &chatStream{lines: lines}, nil
}

type chatStream struct {
	lines *httpstream.Lines
	calls int
	done  bool
}

func (c *chatStream) Next() (lms.ChatStreamChunk, error) {
	if c.done {
		return lms.ChatStreamChunk{}, io.EOF
	}
	var r chatResponse
	if err := c.lines.NextJSON(&r); err != nil {
		if errors.Is(err, io.EOF) {
			return lms.ChatStreamChunk{}, fmt.Errorf("ollama chat stream ended without a done line: %w", io.ErrUnexpectedEOF)
		}
		return lms.ChatStreamChunk{}, fmt.Errorf("ollama chat stream: %w", err)
	}
	if r.Error != nil {
		return lms.ChatStreamChunk{}, fmt.Errorf("ollama chat stream: %w", &llm.HTTPError{StatusCode: http.StatusOK, Message: *r.Error})
	}
	delta := lms.StreamDelta{Role: lms.RoleAssistant}
	if r.Message.Content != "" {
		delta.Content = kernelutils.Some(r.Message.Content)
	}
	for _, tc := range r.Message.ToolCalls {
		if c.calls >= lms.MaxToolCalls {
			return lms.ChatStreamChunk{}, fmt.Errorf("ollama chat stream: more than %d tool calls", lms.MaxToolCalls)
		}
		call, err := convertCall(c.calls, tc)
		if err != nil {
			return lms.ChatStreamChunk{}, fmt.Errorf("ollama chat stream: %w", err)
		}
		c.calls++
		delta.ToolCalls = append(delta.ToolCalls, lms.ToolCallDelta{
			Index: call.Index,
			ID:    kernelutils.Some(call.ID),
			Type:  kernelutils.Some(call.Type),
			Function: kernelutils.Some(lms.FunctionDelta{
				Name:      kernelutils.Some(call.Function.Name),
				Arguments: kernelutils.Some(call.Function.Arguments),
			}),
		})
	}
	choice := lms.StreamChoice{Delta: delta, Index: 0}
	if r.Done {
		c.done = true
		choice.FinishReason = r.finishReason()
	}
	return lms.ChatStreamChunk{ID: chatID, Model: r.Model, Choices: []lms.StreamChoice{choice}}, nil
}

func (c *chatStream) Close() error { return c.lines.Close() }

// generateResponse is the reply of /api/generate, and each line of its
// stream.
type generateResponse struct {
	Response string  `json:"response"`
	Done     bool    `json:"done"`
	Error    *string `json:"error"`
}

func sampleRequest(p lms.SampleParams, stream bool) (map[string]any, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return map[string]any{
		"model":   p.Model,
		"prompt":  p.Prompt,
		"raw":     true,
		"stream":  stream,
		"options": sampleOptions(p.Temperature, p.TopP, p.Seed, p.MaxTokens, p.Stop),
	}, nil
}

// Sample is a raw token prediction (no chat template), upstream's sample
// without stream.
func (s *Service) Sample(ctx context.Context, p lms.SampleParams) (lms.SampleResult, error) {
	req, err := sampleRequest(p, false)
	if err != nil {
		return lms.SampleResult{}, err
	}
	var resp generateResponse
	if err := s.generate(ctx, req, &resp); err != nil {
		return lms.SampleResult{}, fmt.Errorf("ollama generate: %w", err)
	}
	return lms.SampleResult{Text: resp.Response}, nil
}

// SampleStream streams a raw token prediction, upstream's sample with
// stream: true.
func (s *Service) SampleStream(ctx context.Context, p lms.SampleParams) (llm.Stream, error) {
	req, err := sampleRequest(p, true)
	if err != nil {
		return nil, err
	}
	return s.generateStream(ctx, req)
}

func (s *Service) generate(ctx context.Context, req any, resp *generateResponse) error {
	if err := s.core.JSON(ctx, http.MethodPost, "/api/generate", req, resp); err != nil {
		return err
	}
	if resp.Error != nil {
		return &llm.HTTPError{StatusCode: http.StatusOK, Message: *resp.Error}
	}
	return nil
}

func (s *Service) generateStream(ctx context.Context, req any) (llm.Stream, error) {
	lines, err := s.core.Stream(ctx, http.MethodPost, "/api/generate", req)
	if err != nil {
		return nil, fmt.Errorf("ollama generate: %w", err)
	}
	return &stream{lines: lines}, nil
}

type stream struct {
	lines *httpstream.Lines
	done  bool
}

func (s *stream) Next() (llm.Chunk, error) {
	if s.done {
		return llm.Chunk{}, io.EOF
	}
	var ch generateResponse
	if err := s.lines.NextJSON(&ch); err != nil {
		if errors.Is(err, io.EOF) {
			return llm.Chunk{}, fmt.Errorf("ollama stream ended without a done line: %w", io.ErrUnexpectedEOF)
		}
		return llm.Chunk{}, fmt.Errorf("ollama stream: %w", err)
	}
	if ch.Error != nil {
		return llm.Chunk{}, &llm.HTTPError{StatusCode: http.StatusOK, Message: *ch.Error}
	}
	s.done = ch.Done
	return llm.Chunk{Response: ch.Response, Done: ch.Done}, nil
}

func (s *stream) Close() error { return s.lines.Close() }

// Model is one entry of GET /api/tags.
type Model struct {
	Name       string `json:"name"`
	Model      string `json:"model"`
	ModifiedAt string `json:"modified_at"`
	Size       int64  `json:"size"`
	Digest     string `json:"digest"`
}

// Models lists the models installed on the server, upstream's getModels.
func (s *Service) Models(ctx context.Context) ([]Model, error) {
	var out struct {
		Models []Model `json:"models"`
	}
	if err := s.core.JSON(ctx, http.MethodGet, "/api/tags", nil, &out); err != nil {
		return nil, fmt.Errorf("ollama list models: %w", err)
	}
	return out.Models, nil
}

// ListModels lists the models of the server at baseURL ("" for the
// default) without choosing one; hc nil uses a default client.
func ListModels(ctx context.Context, hc *http.Client, baseURL string) ([]Model, error) {
	s, err := NewService(ServiceConfig{BaseURL: baseURL, HTTPClient: hc})
	if err != nil {
		return nil, err
	}
	return s.Models(ctx)
}

// Options are the sampling options upstream accepts for an instance; unset
// ones are left out of the request so the server's defaults apply.
type Options struct {
	Temperature   kernelutils.Optional[float64] `json:"temperature,omitzero"`
	TopP          kernelutils.Optional[float64] `json:"top_p,omitzero"`
	TopK          kernelutils.Optional[int]     `json:"top_k,omitzero"`
	RepeatPenalty kernelutils.Optional[float64] `json:"repeat_penalty,omitzero"`
	RepeatLastN   kernelutils.Optional[int]     `json:"repeat_last_n,omitzero"`
	Seed          kernelutils.Optional[int]     `json:"seed,omitzero"`
	NumCtx        kernelutils.Optional[int]     `json:"num_ctx,omitzero"`
}

// empty reports whether no option is set.
func (o Options) empty() bool { return o == Options{} }

// Config configures a Client.
type Config struct {
	// Model is the model name, e.g. "llama3.1:latest"; required.
	Model string
	// BaseURL defaults to DefaultBaseURL.
	BaseURL string
	// Options are sent with every request.
	Options Options
	// HTTPClient defaults to a client without timeout (streams are
	// bounded by the caller's context instead).
	HTTPClient *http.Client
	// Retry is the policy for HTTP 429 (the zero value never retries).
	Retry llm.RetryPolicy
}

// Client is one model on one Ollama server. It is safe for concurrent use.
type Client struct {
	*Service
	model   string
	options Options
}

var _ interface {
	llm.LanguageModel
	llm.Loader
} = (*Client)(nil)

// New checks cfg and returns a client; it does not contact the server.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("ollama: model name is required")
	}
	s, err := NewService(ServiceConfig{BaseURL: cfg.BaseURL, HTTPClient: cfg.HTTPClient, Retry: cfg.Retry})
	if err != nil {
		return nil, err
	}
	return &Client{Service: s, model: cfg.Model, options: cfg.Options}, nil
}

// Info returns the model name and the options that are set.
func (c *Client) Info() llm.ModelInfo {
	info := llm.ModelInfo{Model: c.model}
	if !c.options.empty() {
		o := c.options
		info.Options = kernelutils.IfDefined(map[string]any{
			"temperature":    o.Temperature,
			"top_p":          o.TopP,
			"top_k":          o.TopK,
			"repeat_penalty": o.RepeatPenalty,
			"repeat_last_n":  o.RepeatLastN,
			"seed":           o.Seed,
			"num_ctx":        o.NumCtx,
		})
	}
	return info
}

// generateRequest is the instance's body of POST /api/generate. Options
// and KeepAlive are omitted when unset.
func (c *Client) generateRequest(prompt string, stream bool, keepAlive kernelutils.Optional[int]) map[string]any {
	var options kernelutils.Optional[Options]
	if !c.options.empty() {
		options = kernelutils.Some(c.options)
	}
	return kernelutils.IfDefined(map[string]any{
		"model":      c.model,
		"prompt":     prompt,
		"stream":     stream,
		"raw":        true,
		"options":    options,
		"keep_alive": keepAlive,
	})
}

// Sample starts generating a raw continuation of prompt with the
// instance's options (llm.LanguageModel).
func (c *Client) Sample(ctx context.Context, prompt string) (llm.Stream, error) {
	return c.generateStream(ctx, c.generateRequest(prompt, true, kernelutils.None[int]()))
}

// Load asks the server to load the model and keep it loaded (keep_alive -1),
// upstream's load.
func (c *Client) Load(ctx context.Context) error {
	return c.keepAlive(ctx, -1)
}

// Unload asks the server to unload the model now (keep_alive 0).
func (c *Client) Unload(ctx context.Context) error {
	return c.keepAlive(ctx, 0)
}

func (c *Client) keepAlive(ctx context.Context, v int) error {
	var resp generateResponse
	if err := c.generate(ctx, c.generateRequest("", false, kernelutils.Some(v)), &resp); err != nil {
		return fmt.Errorf("ollama keep_alive %d: %w", v, err)
	}
	return nil
}
