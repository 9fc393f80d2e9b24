// Package agent is the strategy-agnostic core of a capability-augmented
// language-model agent, the Go port of upstream kernel-agents' agent, attempt and task
// modules.
//
// An agent is handed a task: an intent in natural language and an optional
// judgment of the result. For each attempt a strategy (see strategy/json)
// prepares a prompter, reader, evaluator and printer; the loop then
// repeatedly prompts the language model, reads its next action from the
// streamed sample, evaluates the capabilities it invokes and feeds the
// results back, until the strategy reports that the task is done or the
// invocation budget runs out. Every attempt is recorded as an experience.
package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"sync"

	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// Defaults of a task, upstream's.
const (
	DefaultInvocationBudget = 10
	DefaultAttempts         = 1
	// MaxRetries is the number of tries of one step when sampling fails
	// with a *SampleGenerationError (it counts tries, not extra retries).
	MaxRetries = 3
)

// Message is one entry of a transcript. Its JSON form is what the model
// reads, so strategies control it byte for byte.
type Message interface {
	json.Marshaler
	// MessageType is the upstream messageType, e.g. "assistant".
	MessageType() string
}

// Objective is what a task must achieve.
type Objective struct {
	Intent string
	// Judgment accepts or rejects the final result; nil accepts anything.
	Judgment func(result any) bool
}

// Context is what a task may use.
type Context struct {
	Capabilities capability.Record
	Knowledge    map[string]any
}

// Progress is the state of one attempt, shared by the loop and the strategy.
type Progress struct {
	// History is the transcript so far; the evaluator appends to it.
	History []Message
	// IsDone reports whether the task has ended; an error (such as a
	// failed judgment) fails the attempt.
	IsDone func() (bool, error)
	// Result is the task's result once IsDone has returned true.
	Result any
}

// ReaderArgs are what the prompter tells the reader about the prompt.
type ReaderArgs struct {
	// Prefix is the start of the model's reply that the prompt already
	// contains, which the reader prepends to the streamed deltas.
	Prefix string
}

// Prep are the four strategy steps of an attempt, upstream's PREP tuple.
type Prep struct {
	Prompter  func(history []Message) (prompt string, args ReaderArgs, err error)
	Reader    func(ctx context.Context, stream llm.Stream, args ReaderArgs) (Message, error)
	Evaluator func(ctx context.Context, progress *Progress, action Message) (Message, error)
	Printer   func(action, outcome Message)
}

// AttemptOptions are passed to PrepareAttempt.
type AttemptOptions struct {
	Seed        kernelutils.Optional[int64]
	PrintLogger *slog.Logger // nil: print nothing
	TaskLogger  *slog.Logger // nil: log nothing
}

// PrepareAttempt is a strategy: it builds the steps and the initial
// progress of one attempt.
type PrepareAttempt func(obj Objective, ctx Context, opts AttemptOptions) (Prep, *Progress, error)

// Attempt is the record of one attempt: its transcript and either a result
// or an error.
type Attempt struct {
	History []Message
	Result  any
	Err     error
}

// Experience is an attempt together with its task, upstream's Experience.
type Experience struct {
	Objective Objective
	Context   Context
	Attempt
}

// Task is one task the agent was given.
type Task struct {
	ID        string
	Objective Objective
	Context   Context
	Attempts  []Attempt
}

// Config makes an agent.
type Config struct {
	LanguageModel llm.LanguageModel
	Capabilities  capability.Record
	// Logger receives the agent's own log lines, tagged with the task id;
	// nil logs nothing.
	Logger *slog.Logger
}

// TaskOptions tune one task; unset options take upstream's defaults.
type TaskOptions struct {
	// InvocationBudget is the maximum number of steps per attempt
	// (default 10). A budget of 0 fails immediately.
	InvocationBudget kernelutils.Optional[int]
	// Attempts is the number of attempts (default 1).
	Attempts kernelutils.Optional[int]
	// Seed is passed to the strategy (the JSON strategy ignores it).
	Seed kernelutils.Optional[int64]
	// Logger prints the transcript as it grows (upstream's printLogger).
	Logger *slog.Logger
	// Capabilities are added to the agent's for this task; a name that
	// the agent already has is an error.
	Capabilities capability.Record
}

// Agent runs tasks with one language model and a set of capabilities. It is
// safe for concurrent use; tasks run independently.
type Agent struct {
	model    llm.LanguageModel
	caps     capability.Record
	logger   *slog.Logger
	prepare  PrepareAttempt
	nextTask func() int

	mu    sync.Mutex
	tasks []*Task
}

// New makes an agent with a strategy (upstream makeAgent).
func New(cfg Config, prepare PrepareAttempt) (*Agent, error) {
	if cfg.LanguageModel == nil {
		return nil, errors.New("agent: a language model is required")
	}
	if prepare == nil {
		return nil, errors.New("agent: a strategy is required")
	}
	return &Agent{
		model:    cfg.LanguageModel,
		caps:     cfg.Capabilities,
		logger:   cfg.Logger,
		prepare:  prepare,
		nextTask: kernelutils.MakeCounter(0),
	}, nil
}

// TaskError is returned when every attempt of a task failed. Its message is
// upstream's: "Failed to complete task in N attempt(s)" and one line per
// attempt error.
type TaskError struct {
	Errs []error
}

func (e *TaskError) Error() string {
	n := len(e.Errs)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	lines := []string{fmt.Sprintf("Failed to complete task in %d attempt%s", n, plural)}
	for i, err := range e.Errs {
		lines = append(lines, fmt.Sprintf("%d: %s", i+1, err.Error()))
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives errors.Is/As access to every attempt's error.
func (e *TaskError) Unwrap() []error { return e.Errs }

// Task asks the agent to fulfil intent and returns the result of the first
// successful attempt. judgment may be nil. When the context is cancelled the
// running attempt stops, is recorded, and Task returns an error wrapping the
// context's error without trying further attempts.
func (a *Agent) Task(ctx context.Context, intent string, judgment func(result any) bool, opts TaskOptions) (any, error) {
	obj, tc, err := NewTask(a.caps, opts.Capabilities, intent, judgment)
	if err != nil {
		return nil, err
	}
	task := &Task{ID: fmt.Sprintf("t%03d", a.nextTask()), Objective: obj, Context: tc}
	a.mu.Lock()
	a.tasks = append(a.tasks, task)
	a.mu.Unlock()

	var taskLogger *slog.Logger
	if a.logger != nil {
		taskLogger = a.logger.With("task", task.ID)
		taskLogger.Info("intent:", "intent", intent)
	}
	budget := opts.InvocationBudget.OrElse(DefaultInvocationBudget)
	nAttempts := opts.Attempts.OrElse(DefaultAttempts)

	var errs []error
	for i := range nAttempts {
		if taskLogger != nil {
			taskLogger.Info(fmt.Sprintf("Attempt %d of %d", i+1, nAttempts))
		}
		prep, progress, err := a.prepare(obj, tc, AttemptOptions{
			Seed:        opts.Seed,
			PrintLogger: opts.Logger,
			TaskLogger:  taskLogger,
		})
		if err != nil {
			return nil, fmt.Errorf("prepare attempt: %w", err)
		}
		result, err := doAttempt(ctx, prep, progress, a.model, budget, taskLogger)
		a.record(task, Attempt{History: progress.History, Result: result, Err: err})
		if err == nil {
			return result, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("task %s: %w", task.ID, err)
		}
	}
	return nil, &TaskError{Errs: errs}
}

// NewTask is how every strategy starts a task: the task's capabilities
// are added to the agent's (a name collision is an error) and a nil
// judgment accepts anything.
func NewTask(agentCaps, taskCaps capability.Record, intent string, judgment func(result any) bool) (Objective, Context, error) {
	caps, err := kernelutils.MergeDisjointRecords(agentCaps, taskCaps)
	if err != nil {
		return Objective{}, Context{}, fmt.Errorf("task capabilities: %w", err)
	}
	if judgment == nil {
		judgment = func(any) bool { return true }
	}
	return Objective{Intent: intent, Judgment: judgment}, Context{Capabilities: caps, Knowledge: map[string]any{}}, nil
}

func (a *Agent) record(t *Task, at Attempt) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t.Attempts = append(t.Attempts, at)
}

// Experiences yields every recorded attempt of every task, oldest first.
// It iterates over a snapshot, so tasks may keep running meanwhile.
func (a *Agent) Experiences() iter.Seq[Experience] {
	a.mu.Lock()
	var snap []Experience
	for _, t := range a.tasks {
		for _, at := range t.Attempts {
			snap = append(snap, Experience{Objective: t.Objective, Context: t.Context, Attempt: at})
		}
	}
	a.mu.Unlock()
	return func(yield func(Experience) bool) {
		for _, e := range snap {
			if !yield(e) {
				return
			}
		}
	}
}
