package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
)

// ErrBudgetExceeded is returned when an attempt uses its whole invocation
// budget without the task ending. Its text is upstream's.
var ErrBudgetExceeded = errors.New("Invocation budget exceeded")

// SampleGenerationError reports a sample that cannot become an action
// (invalid JSON, or no complete object within the chunk cap). It is the one
// error a step is retried on, since a new sample may well succeed.
type SampleGenerationError struct {
	// Sample is the text collected so far.
	Sample string
	// Cause says what was wrong with it.
	Cause error
}

func (e *SampleGenerationError) Error() string { return "LLM generated invalid response." }

// Unwrap returns the cause.
func (e *SampleGenerationError) Unwrap() error { return e.Cause }

// RetryBudgetError is returned when every try of a step failed with a
// retryable error. Its message is upstream's "Exceeded retry budget of N."
// followed by one indented line per error.
type RetryBudgetError struct {
	Max  int
	Errs []error
}

func (e *RetryBudgetError) Error() string {
	lines := []string{fmt.Sprintf("Exceeded retry budget of %d.", e.Max)}
	for i, err := range e.Errs {
		lines = append(lines, fmt.Sprintf("  %d: %s", i+1, err.Error()))
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives errors.As access to each try's error.
func (e *RetryBudgetError) Unwrap() []error { return e.Errs }

// withRetries is upstream's withRetries: up to maxTries calls of fn; an
// error that isRetryable rejects is returned at once.
func withRetries[T any](maxTries int, isRetryable func(error) bool, fn func() (T, error)) (T, error) {
	if maxTries < 1 {
		return fn()
	}
	var errs []error
	for range maxTries {
		v, err := fn()
		if err == nil {
			return v, nil
		}
		if !isRetryable(err) {
			var zero T
			return zero, err
		}
		errs = append(errs, err)
	}
	var zero T
	return zero, &RetryBudgetError{Max: maxTries, Errs: errs}
}

func isSampleGenerationError(err error) bool {
	var sg *SampleGenerationError
	return errors.As(err, &sg)
}

// doAttempt is upstream's doAttempt: at most maxSteps rounds of
// prompt → sample → read → evaluate, each retried on sample-generation
// errors, until progress reports done.
func doAttempt(ctx context.Context, prep Prep, progress *Progress, model llm.LanguageModel, maxSteps int, logger *slog.Logger) (any, error) {
	type step struct{ action, outcome Message }
	for n := 1; n <= maxSteps; n++ {
		if logger != nil {
			logger.Info(fmt.Sprintf("Step %d of %d", n, maxSteps))
		}
		s, err := withRetries(MaxRetries, isSampleGenerationError, func() (step, error) {
			if err := ctx.Err(); err != nil {
				return step{}, err
			}
			prompt, readerArgs, err := prep.Prompter(progress.History)
			if err != nil {
				return step{}, fmt.Errorf("prompt: %w", err)
			}
			stream, err := model.Sample(ctx, prompt)
			if err != nil {
				return step{}, fmt.Errorf("sample: %w", err)
			}
			action, err := prep.Reader(ctx, stream, readerArgs)
			if err != nil {
				return step{}, err
			}
			outcome, err := prep.Evaluator(ctx, progress, action)
			if err != nil {
				return step{}, err
			}
			return step{action, outcome}, nil
		})
		if err != nil {
			return nil, err
		}
		done, err := progress.IsDone()
		if err != nil {
			return nil, err
		}
		if done {
			if logger != nil {
				logger.Info("done:", "result", progress.Result)
			}
			return progress.Result, nil
		}
		if prep.Printer != nil {
			prep.Printer(s.action, s.outcome)
		}
	}
	return nil, ErrBudgetExceeded
}
