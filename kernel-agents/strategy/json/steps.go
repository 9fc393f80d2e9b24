package json

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
)

// ErrStreamEnded is returned when a sample stream ends before any complete
// JSON object.
var ErrStreamEnded = errors.New("Stream ended without a parse event")

// Evaluator errors with upstream's messages.
var (
	ErrNoInvoke    = errors.New("No invoke in message")
	ErrEmptyInvoke = errors.New("Empty invocation list in message")
)

// CapabilityNotFoundError reports an invocation of a capability the task
// does not have. It is not retried: the model chose it deliberately.
type CapabilityNotFoundError struct{ Name string }

func (e *CapabilityNotFoundError) Error() string {
	return fmt.Sprintf("Invoked capability %s not found", e.Name)
}

// CapabilityError wraps the error a capability returned.
type CapabilityError struct {
	Name string
	Err  error
}

func (e *CapabilityError) Error() string { return fmt.Sprintf("capability %s: %v", e.Name, e.Err) }

// Unwrap returns the capability's error.
func (e *CapabilityError) Unwrap() error { return e.Err }

// ReaderOptions tune Read.
type ReaderOptions struct {
	// MaxChunks caps the chunks read without a complete object; 0 uses
	// DefaultMaxChunks and a negative value removes the cap.
	MaxChunks int
	// Logger logs deltas and the parsed message; nil logs nothing.
	Logger *slog.Logger
}

// Read collects the stream into the first complete JSON object after the
// prefix and returns it as an AssistantMessage, upstream's reader. The
// stream is always closed (upstream's abort in a finally), which stops the
// model from generating past the object.
func Read(ctx context.Context, stream llm.Stream, args agent.ReaderArgs, opts ReaderOptions) (AssistantMessage, error) {
	defer stream.Close()
	maxChunks := opts.MaxChunks
	if maxChunks == 0 {
		maxChunks = DefaultMaxChunks
	} else if maxChunks < 0 {
		maxChunks = 0
	}
	c := newCollector(args.Prefix, maxChunks)
	for {
		if err := ctx.Err(); err != nil {
			return AssistantMessage{}, err
		}
		chunk, err := stream.Next()
		if errors.Is(err, io.EOF) {
			return AssistantMessage{}, ErrStreamEnded
		}
		if err != nil {
			return AssistantMessage{}, fmt.Errorf("read sample: %w", err)
		}
		if opts.Logger != nil {
			opts.Logger.Info("delta:", "delta", chunk.Response)
		}
		raw, err := c.add(chunk.Response)
		if err != nil {
			return AssistantMessage{}, err
		}
		if raw == nil {
			continue
		}
		msg, err := decodeAssistant(raw)
		if err != nil {
			return AssistantMessage{}, &agent.SampleGenerationError{Sample: string(raw), Cause: err}
		}
		if opts.Logger != nil {
			opts.Logger.Info("assistant message:", "message", string(raw))
		}
		return msg, nil
	}
}

// Evaluate runs the invocations of msg concurrently, upstream's evaluator.
// On success it appends msg and the CapabilityResultMessage to the history
// and returns the latter. If any invocation fails, the others are cancelled
// through their context, all are awaited, and the first failure is returned;
// the history is left unchanged.
func Evaluate(ctx context.Context, caps capability.Record, history *[]agent.Message, msg AssistantMessage, logger *slog.Logger) (CapabilityResultMessage, error) {
	if msg.Invoke == nil {
		return CapabilityResultMessage{}, ErrNoInvoke
	}
	if len(msg.Invoke) == 0 {
		return CapabilityResultMessage{}, ErrEmptyInvoke
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]InvocationResult, len(msg.Invoke))
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	for i, inv := range msg.Invoke {
		results[i] = InvocationResult{Name: inv.Name, Args: inv.Args}
		c, ok := caps[inv.Name]
		if !ok || c.Func == nil {
			fail(&CapabilityNotFoundError{Name: inv.Name})
			continue
		}
		wg.Go(func() {
			v, err := c.Func(ctx, inv.Args)
			if err != nil {
				fail(&CapabilityError{Name: inv.Name, Err: err})
				return
			}
			if v == nil {
				return
			}
			raw, err := capability.EncodeJSON(v)
			if err != nil {
				fail(&CapabilityError{Name: inv.Name, Err: fmt.Errorf("encode result: %w", err)})
				return
			}
			results[i].Result = raw
		})
	}
	wg.Wait()
	if firstErr != nil {
		return CapabilityResultMessage{}, firstErr
	}
	out := CapabilityResultMessage{Results: results}
	if logger != nil {
		if b, err := out.MarshalJSON(); err == nil {
			logger.Info("results:", "results", string(b))
		}
	}
	*history = append(*history, msg, out)
	return out, nil
}

// printer logs the history once and then each action and outcome,
// upstream's makePrinter.
func printer(history []agent.Message, logger *slog.Logger) func(action, outcome agent.Message) {
	print := func(m agent.Message) {
		if logger == nil || m == nil {
			return
		}
		b, err := m.MarshalJSON()
		if err != nil {
			logger.Error("encode message", "error", err)
			return
		}
		logger.Info(string(b))
	}
	for _, m := range history {
		print(m)
	}
	return func(action, outcome agent.Message) {
		print(action)
		print(outcome)
	}
}
