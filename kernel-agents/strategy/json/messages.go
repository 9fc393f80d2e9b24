// Package json is the JSON strategy of the agent, the Go port of upstream
// kernel-agents' strategies/json.
//
// The transcript is a list of JSON messages. The prompt shows two example
// transcripts and the live one, and ends inside an open assistant message,
// {"messageType":"assistant"," , so the model continues with "think" and
// "invoke" members. The reader takes the first complete JSON object from the
// streamed sample; the evaluator runs the invoked capabilities concurrently
// and appends the results to the transcript. The task ends when the model
// invokes the built-in end capability.
package json

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
)

// Message types, upstream's MessageType.
const (
	TypeCapabilitySpecification = "capabilitySpecification"
	TypeUser                    = "user"
	TypeAssistant               = "assistant"
	TypeCapabilityResult        = "capabilityResult"
)

// CapabilitySpecMessage lists the capabilities the assistant may use:
// {"schemas":{…},"messageType":"capabilitySpecification"}.
type CapabilitySpecMessage struct {
	Schemas capability.NamedList
}

// MessageType implements agent.Message.
func (CapabilitySpecMessage) MessageType() string { return TypeCapabilitySpecification }

// MarshalJSON writes the body first and messageType last, as upstream's
// JSON.stringify({...body, messageType}) does.
func (m CapabilitySpecMessage) MarshalJSON() ([]byte, error) {
	s, err := m.Schemas.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return concat(`{"schemas":`, s, `,"messageType":"capabilitySpecification"}`), nil
}

// UserMessage is the user's request: {"content":…,"messageType":"user"}.
type UserMessage struct {
	Content string
}

// MessageType implements agent.Message.
func (UserMessage) MessageType() string { return TypeUser }

// MarshalJSON writes {"content":…,"messageType":"user"}.
func (m UserMessage) MarshalJSON() ([]byte, error) {
	return concat(`{"content":`, capability.MarshalJS(m.Content), `,"messageType":"user"}`), nil
}

// Invocation is one capability call requested by the assistant.
type Invocation struct {
	Name string `json:"name"`
	// Args is the JSON object of named arguments, compact; nil if the
	// model gave none.
	Args json.RawMessage `json:"args,omitempty"`
}

// AssistantMessage is the model's action: optional thoughts and the
// capabilities to invoke.
type AssistantMessage struct {
	Think []string
	// Invoke is nil when the model's object had no "invoke" member, and
	// empty when it was [].
	Invoke []Invocation
}

// MessageType implements agent.Message.
func (AssistantMessage) MessageType() string { return TypeAssistant }

// MarshalJSON writes {"messageType":"assistant","think":[…],"invoke":[…]}
// by hand, as upstream does, so that messageType comes first and thoughts
// precede invocations in the prompt; "think" is left out when empty.
func (m AssistantMessage) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"messageType":"assistant",`)
	if len(m.Think) > 0 {
		b.WriteString(`"think":`)
		t, err := capability.EncodeJSON(m.Think)
		if err != nil {
			return nil, err
		}
		b.Write(t)
		b.WriteByte(',')
	}
	b.WriteString(`"invoke":`)
	if m.Invoke == nil {
		b.WriteString("[]")
	} else {
		inv, err := capability.EncodeJSON(m.Invoke)
		if err != nil {
			return nil, err
		}
		b.Write(inv)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// decodeAssistant turns the parsed sample into an AssistantMessage. The
// messageType member is not checked, as upstream does not check it.
func decodeAssistant(raw []byte) (AssistantMessage, error) {
	var body struct {
		Think  json.RawMessage `json:"think"`
		Invoke json.RawMessage `json:"invoke"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return AssistantMessage{}, fmt.Errorf("assistant message is not an object: %w", err)
	}
	var m AssistantMessage
	if isPresent(body.Think) {
		if err := json.Unmarshal(body.Think, &m.Think); err != nil {
			return AssistantMessage{}, fmt.Errorf("assistant message think: %w", err)
		}
	}
	if isPresent(body.Invoke) {
		if err := json.Unmarshal(body.Invoke, &m.Invoke); err != nil {
			return AssistantMessage{}, fmt.Errorf("assistant message invoke: %w", err)
		}
		if m.Invoke == nil {
			m.Invoke = []Invocation{}
		}
		for i, inv := range m.Invoke {
			if inv.Args == nil {
				continue
			}
			var c bytes.Buffer
			if err := json.Compact(&c, inv.Args); err != nil {
				return AssistantMessage{}, err
			}
			m.Invoke[i].Args = c.Bytes()
		}
	}
	return m, nil
}

func isPresent(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

// InvocationResult is an invocation with its result.
type InvocationResult struct {
	Name string          `json:"name"`
	Args json.RawMessage `json:"args,omitempty"`
	// Result is nil when the capability returned nothing (JavaScript
	// undefined), which leaves the key out.
	Result json.RawMessage `json:"result,omitempty"`
}

// CapabilityResultMessage reports the results of the assistant's
// invocations: {"results":[{name,args,result}…],"messageType":"capabilityResult"}.
type CapabilityResultMessage struct {
	Results []InvocationResult
}

// MessageType implements agent.Message.
func (CapabilityResultMessage) MessageType() string { return TypeCapabilityResult }

// MarshalJSON writes the results first and messageType last.
func (m CapabilityResultMessage) MarshalJSON() ([]byte, error) {
	results := m.Results
	if results == nil {
		results = []InvocationResult{}
	}
	r, err := capability.EncodeJSON(results)
	if err != nil {
		return nil, err
	}
	return concat(`{"results":`, r, `,"messageType":"capabilityResult"}`), nil
}

func concat(head string, body []byte, tail string) []byte {
	out := make([]byte, 0, len(head)+len(body)+len(tail))
	out = append(out, head...)
	out = append(out, body...)
	return append(out, tail...)
}
