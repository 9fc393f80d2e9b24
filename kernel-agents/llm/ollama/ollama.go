// Package ollama is a language-model client for an Ollama server, the Go
// counterpart of upstream's OllamaNodejsService.
//
// Sampling is POST /api/generate with "stream": true and "raw": true: the
// prompt goes to the model verbatim (no chat template), which the JSON
// agent strategy needs because its prompt ends in an open JSON object that
// the model continues. The response is NDJSON, one
// {"model","created_at","response","done",…} object per line. Load and
// Unload use keep_alive -1 and 0; Models lists GET /api/tags.
//
// The client is plain net/http: the official Go client lives inside the
// whole Ollama server module, far too large a dependency for four requests.
package ollama

import (
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

// DefaultBaseURL is where Ollama listens by default.
const DefaultBaseURL = "http://localhost:11434"

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
}

// Client is one model on one Ollama server. It is safe for concurrent use.
type Client struct {
	model   string
	base    string
	options Options
	http    *http.Client
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
	base, err := baseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{model: cfg.Model, base: base, options: cfg.Options, http: hc}, nil
}

func baseURL(s string) (string, error) {
	if s == "" {
		s = DefaultBaseURL
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("ollama: invalid base URL %q", s)
	}
	return strings.TrimRight(s, "/"), nil
}

// Info returns the model name and the options that are set.
func (c *Client) Info() llm.ModelInfo {
	info := llm.ModelInfo{Model: c.model}
	if !c.options.empty() {
		info.Options = c.optionsMap()
	}
	return info
}

func (c *Client) optionsMap() map[string]any {
	o := c.options
	return kernelutils.IfDefined(map[string]any{
		"temperature":    o.Temperature,
		"top_p":          o.TopP,
		"top_k":          o.TopK,
		"repeat_penalty": o.RepeatPenalty,
		"repeat_last_n":  o.RepeatLastN,
		"seed":           o.Seed,
		"num_ctx":        o.NumCtx,
	})
}

// generateRequest is the body of POST /api/generate. Options and KeepAlive
// are omitted when unset.
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

// errorMessage extracts Ollama's {"error": "..."} message.
func errorMessage(b []byte) string {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil {
		return e.Error
	}
	return ""
}

// Sample starts generating a continuation of prompt.
func (c *Client) Sample(ctx context.Context, prompt string) (llm.Stream, error) {
	ctx, cancel := context.WithCancel(ctx)
	resp, err := httpstream.Do(ctx, c.http, http.MethodPost, c.base+"/api/generate",
		c.generateRequest(prompt, true, kernelutils.None[int]()), nil, errorMessage)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("ollama generate: %w", err)
	}
	return &stream{lines: httpstream.NewLines(ctx, cancel, resp.Body)}, nil
}

// generateChunk is one NDJSON line of /api/generate.
type generateChunk struct {
	Response string  `json:"response"`
	Done     bool    `json:"done"`
	Error    *string `json:"error"`
}

type stream struct {
	lines *httpstream.Lines
	done  bool
}

func (s *stream) Next() (llm.Chunk, error) {
	if s.done {
		return llm.Chunk{}, io.EOF
	}
	for {
		line, err := s.lines.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return llm.Chunk{}, fmt.Errorf("ollama stream ended without a done line: %w", io.ErrUnexpectedEOF)
			}
			return llm.Chunk{}, fmt.Errorf("ollama stream: %w", err)
		}
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var ch generateChunk
		if err := json.Unmarshal(line, &ch); err != nil {
			return llm.Chunk{}, fmt.Errorf("ollama stream: invalid line %q: %w", truncate(line), err)
		}
		if ch.Error != nil {
			return llm.Chunk{}, &llm.HTTPError{StatusCode: http.StatusOK, Message: *ch.Error}
		}
		s.done = ch.Done
		return llm.Chunk{Response: ch.Response, Done: ch.Done}, nil
	}
}

func (s *stream) Close() error { return s.lines.Close() }

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
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
	resp, err := httpstream.Do(ctx, c.http, http.MethodPost, c.base+"/api/generate",
		c.generateRequest("", false, kernelutils.Some(v)), nil, errorMessage)
	if err != nil {
		return fmt.Errorf("ollama keep_alive %d: %w", v, err)
	}
	defer resp.Body.Close()
	var ch generateChunk
	if err := json.NewDecoder(io.LimitReader(resp.Body, httpstream.MaxLine)).Decode(&ch); err != nil {
		return fmt.Errorf("ollama keep_alive %d: decode response: %w", v, err)
	}
	if ch.Error != nil {
		return &llm.HTTPError{StatusCode: resp.StatusCode, Message: *ch.Error}
	}
	return nil
}

// Model is one entry of GET /api/tags.
type Model struct {
	Name       string `json:"name"`
	Model      string `json:"model"`
	ModifiedAt string `json:"modified_at"`
	Size       int64  `json:"size"`
	Digest     string `json:"digest"`
}

// Models lists the models installed on the server, upstream's getModels.
func (c *Client) Models(ctx context.Context) ([]Model, error) {
	return ListModels(ctx, c.http, c.base)
}

// ListModels lists the models of the server at baseURL ("" for the
// default) without choosing one; hc nil uses a default client.
func ListModels(ctx context.Context, hc *http.Client, baseURLStr string) ([]Model, error) {
	base, err := baseURL(baseURLStr)
	if err != nil {
		return nil, err
	}
	if hc == nil {
		hc = &http.Client{}
	}
	resp, err := httpstream.Do(ctx, hc, http.MethodGet, base+"/api/tags", nil, nil, errorMessage)
	if err != nil {
		return nil, fmt.Errorf("ollama list models: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Models []Model `json:"models"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, httpstream.MaxLine)).Decode(&out); err != nil {
		return nil, fmt.Errorf("ollama list models: decode: %w", err)
	}
	return out.Models, nil
}
