// Package llm is the language-model interface that agents sample from, the
// Go counterpart of upstream kernel-language-model-service's LanguageModel,
// and the errors and retry policy its HTTP backends share.
//
// A model turns a prompt into a stream of text deltas. Backends live in
// sub-packages: ollama (Ollama's /api/generate and /api/chat, NDJSON
// streaming), openai (any OpenAI-compatible /v1/chat/completions server,
// SSE streaming) and queue (a deterministic in-process model for tests).
// Chat completions with tools and raw sampling, with upstream's request and
// result shapes, are in package lms and implemented by ollama.Service and
// openai.Service.
package llm

import (
	"context"
	"fmt"
	"time"
)

// Chunk is one streamed piece of a response, upstream's {response, done}.
type Chunk struct {
	// Response is the text delta; it may be empty.
	Response string
	// Done is set on the backend's final chunk.
	Done bool
}

// Stream is a response being generated. Next returns chunks in order and
// io.EOF after the last one. Close aborts generation (upstream's abort) and
// releases the connection; it is idempotent and safe to call at any time,
// and the agent always calls it once it has what it needs. A Stream is used
// by one goroutine at a time, except that Close may be called concurrently
// with a blocked Next to unblock it.
type Stream interface {
	Next() (Chunk, error)
	Close() error
}

// ModelInfo identifies a model instance, upstream's {model, options?}.
type ModelInfo struct {
	Model   string         `json:"model"`
	Options map[string]any `json:"options,omitempty"`
}

// LanguageModel samples streamed completions. The context passed to Sample
// governs the whole stream: cancelling it stops generation promptly and
// makes Next return the context's error.
type LanguageModel interface {
	Info() ModelInfo
	Sample(ctx context.Context, prompt string) (Stream, error)
}

// Loader is implemented by backends that can pin a model in memory
// (Ollama's keep_alive); others have nothing to load.
type Loader interface {
	Load(ctx context.Context) error
	Unload(ctx context.Context) error
}

// HTTPError is a non-success HTTP response (or an error object inside a
// stream) from a model server. Callers distinguish it with errors.As, for
// example to tell a missing model (404) from a server fault.
type HTTPError struct {
	// StatusCode is the HTTP status, or 200 for an error reported inside
	// an otherwise successful stream.
	StatusCode int
	// Message is the server's error message, or the response body's start
	// when it carried none.
	Message string
	// Code is the error's code or type when the server gave one (OpenAI's
	// error.code, else error.type), e.g. "invalid_api_key".
	Code string
}

func (e *HTTPError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("model server error (HTTP %d, %s): %s", e.StatusCode, e.Code, e.Message)
	}
	return fmt.Sprintf("model server error (HTTP %d): %s", e.StatusCode, e.Message)
}

// RateLimitError is an HTTP 429 that was not (or no longer) retried. It
// unwraps to its *HTTPError.
type RateLimitError struct {
	HTTPError
	// RetryAfter is the server's Retry-After (seconds or HTTP-date, made
	// relative to the time of the response); meaningful only if
	// HasRetryAfter.
	RetryAfter    time.Duration
	HasRetryAfter bool
}

func (e *RateLimitError) Error() string {
	if e.HasRetryAfter {
		return fmt.Sprintf("model server rate limit (HTTP 429, retry after %s): %s", e.RetryAfter, e.Message)
	}
	return fmt.Sprintf("model server rate limit (HTTP 429): %s", e.Message)
}

// Unwrap returns the underlying *HTTPError.
func (e *RateLimitError) Unwrap() error { return &e.HTTPError }

// RetryPolicy bounds the retries of rate-limited requests. The zero value
// never retries. A 429 is retried only when it carries a Retry-After of at
// most MaxDelay and fewer than MaxRetries retries have been made; the wait
// ends early, with the context's error, if the request's context ends.
// Anything else returns a *RateLimitError at once.
type RetryPolicy struct {
	MaxRetries int
	MaxDelay   time.Duration
}
