package json

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// NewAgent makes an agent that uses the JSON strategy, upstream's
// makeJsonAgent.
func NewAgent(cfg agent.Config) (*agent.Agent, error) {
	return agent.New(cfg, PrepareAttempt)
}

// PrepareAttempt is the JSON strategy (agent.PrepareAttempt). It adds a
// fresh end capability to the task's (a task capability named "end" is a
// collision error), starts the history with the capability list and the
// intent, and ends the task once end has been invoked and the judgment
// accepts its final response ("Invalid result: …" otherwise).
func PrepareAttempt(obj agent.Objective, tc agent.Context, opts agent.AttemptOptions) (agent.Prep, *agent.Progress, error) {
	endCap, end := capability.NewEnd()
	caps, err := kernelutils.MergeDisjointRecords(tc.Capabilities, capability.Record{capability.EndName: endCap})
	if err != nil {
		return agent.Prep{}, nil, fmt.Errorf("json strategy: %w", err)
	}
	progress := &agent.Progress{
		History: []agent.Message{
			CapabilitySpecMessage{Schemas: capability.Schemas(caps)},
			UserMessage{Content: obj.Intent},
		},
	}
	judgment := obj.Judgment
	progress.IsDone = func() (bool, error) {
		if !end.Done() {
			return false, nil
		}
		final := end.Final()
		if judgment != nil && !judgment(final) {
			return false, fmt.Errorf("Invalid result: %v", final)
		}
		progress.Result = final
		return true, nil
	}
	readLogger := sub(opts.TaskLogger, "read")
	evalLogger := sub(opts.TaskLogger, "eval")
	prep := agent.Prep{
		Prompter: func(history []agent.Message) (string, agent.ReaderArgs, error) {
			p, err := Prompt(history)
			return p, agent.ReaderArgs{Prefix: Prefix}, err
		},
		Reader: func(ctx context.Context, s llm.Stream, args agent.ReaderArgs) (agent.Message, error) {
			m, err := Read(ctx, s, args, ReaderOptions{Logger: readLogger})
			if err != nil {
				return nil, err
			}
			return m, nil
		},
		Evaluator: func(ctx context.Context, p *agent.Progress, action agent.Message) (agent.Message, error) {
			msg, ok := action.(AssistantMessage)
			if !ok {
				return nil, fmt.Errorf("json strategy: unexpected action %T", action)
			}
			out, err := Evaluate(ctx, caps, &p.History, msg, evalLogger)
			if err != nil {
				return nil, err
			}
			return out, nil
		},
		Printer: printer(progress.History, opts.PrintLogger),
	}
	return prep, progress, nil
}

// sub is upstream's logger.subLogger({tags: [tag]}) for slog; nil stays nil.
func sub(l *slog.Logger, tag string) *slog.Logger {
	if l == nil {
		return nil
	}
	return l.With("tag", tag)
}
