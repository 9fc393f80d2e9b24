// Package llm is the language-model interface that agents sample from, the
// Go counterpart of upstream kernel-language-model-service's LanguageModel.
//
// A model turns a prompt into a stream of text deltas. Backends live in
// sub-packages: ollama (Ollama's /api/generate, raw NDJSON streaming),
// openai (any OpenAI-compatible /v1/chat/completions server, SSE streaming)
// and queue (a deterministic in-process model for tests).
package llm

import (
	"context"
	"fmt"
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
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("model server error (HTTP %d): %s", e.StatusCode, e.Message)
}
