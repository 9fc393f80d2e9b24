package capability

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// EndName is the name of the capability that finishes a task.
const EndName = "end"

// endSchema is upstream's end schema at 5e60e4a, key for key.
var endSchema = Schema{
	Description: "Return a final response to the user.",
	Args: []Arg{
		{Name: "final", Schema: json.RawMessage(`{"required":true,"type":"string","description":"A concise final response that restates the requested information."}`)},
		{Name: "attachments", Schema: json.RawMessage(`{"required":false,"type":"object","description":"Attachments to the final response."}`)},
	},
}

// EndSchema returns the schema of the end capability, for transcripts that
// list it without running it (such as the prompt's examples).
func EndSchema() Schema { return endSchema }

// End records the first invocation of a task's end capability. Its methods
// are safe for concurrent use, since the evaluator runs invocations
// concurrently.
type End struct {
	mu    sync.Mutex
	state map[string]any // nil until the first call: {final, attachments?}
}

// NewEnd makes a task's end capability (upstream makeEnd): the first call
// stores its final response (and attachments, if given) and later calls are
// ignored. The returned *End reports whether and how the task ended.
func NewEnd() (Capability, *End) {
	e := &End{}
	f := func(_ context.Context, raw json.RawMessage) (any, error) {
		var args struct {
			Final       kernelutils.Optional[any]            `json:"final"`
			Attachments kernelutils.Optional[map[string]any] `json:"attachments"`
		}
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &args); err != nil {
				return nil, fmt.Errorf("invalid arguments: %w", err)
			}
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.state == nil {
			// Upstream stores {final, ...ifDefined({attachments})}: an
			// absent final is still a (undefined) final, so end() without
			// arguments ends the task too.
			final, _ := args.Final.Get()
			e.state = kernelutils.IfDefined(map[string]any{
				"final":       final,
				"attachments": args.Attachments,
			})
		}
		return nil, nil
	}
	return Capability{Func: f, Schema: endSchema}, e
}

// Done reports whether end has been invoked.
func (e *End) Done() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state != nil
}

// Final returns the final response of the first end invocation (nil before
// it, or if the model gave none).
func (e *End) Final() any {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state["final"]
}

// Attachments returns the attachments of the first end invocation, if any.
func (e *End) Attachments() (map[string]any, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, ok := e.state["attachments"]
	if !ok {
		return nil, false
	}
	opt := a.(kernelutils.Optional[map[string]any])
	return opt.Get()
}
