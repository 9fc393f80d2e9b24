package capability

import (
	"context"
	"sync"
)

// EndName is the name of the capability that finishes a task.
const EndName = "end"

// endInterface is upstream's S.interface('End', …).
var endInterface = S.Interface("End", map[string]DescribedMethod{
	EndName: S.MustMethod("Return a final response to the user.",
		[]NamedArg{
			S.Arg("final", S.String("A concise final response that restates the requested information.")),
			S.OptionalArg("attachments", S.Record("Attachments to the final response.")),
		},
		S.Nothing()),
})

// EndSchema returns the schema of the end capability, for transcripts that
// list it without running it (such as the prompt's examples).
func EndSchema() Schema { return endInterface.Methods[EndName].Schema }

// End records the first invocation of a task's end capability. Its methods
// are safe for concurrent use, since the evaluator runs invocations
// concurrently.
type End struct {
	mu          sync.Mutex
	done        bool
	final       any
	attachments map[string]any
	hasAttach   bool
}

// NewEnd makes a task's end capability (upstream makeEnd): the first call
// stores its final response (and attachments, if given) and later calls are
// ignored. The guard requires final to be a string and attachments, when
// given, a record. The returned *End reports whether and how the task
// ended.
func NewEnd() (Capability, *End) {
	e := &End{}
	caps := MustInternal(map[string]Method{
		EndName: func(_ context.Context, args []any) (any, error) {
			e.mu.Lock()
			defer e.mu.Unlock()
			if !e.done {
				e.done = true
				e.final = args[0]
				if a, ok := args[1].(map[string]any); ok {
					e.attachments, e.hasAttach = a, true
				}
			}
			return nil, nil
		},
	}, endInterface)
	return caps[EndName], e
}

// Done reports whether end has been invoked.
func (e *End) Done() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.done
}

// Final returns the final response of the first end invocation (nil before
// it).
func (e *End) Final() any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.final
}

// Attachments returns the attachments of the first end invocation, if any.
func (e *End) Attachments() (map[string]any, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.attachments, e.hasAttach
}
