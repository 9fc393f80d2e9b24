// Package lms holds the request and result shapes of upstream's language
// model service (@ocap/kernel-language-model-service): chat completions
// with OpenAI-style tools, tool calls and tool messages, streamed chat
// chunks, and raw sampling. They are plain data whose JSON is upstream's,
// key for key, so a kernel service can decode a vat's `chat(params)` or
// `sample(params)` argument into them, call a backend (ollama.Service,
// openai.Service), and hand the result back unchanged.
//
// Optional fields are kernelutils.Optional with `omitzero`, so an absent
// key stays absent; `string | null` fields that are always present are
// pointers.
package lms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// ServiceName is the kernel service's name in a cluster config's
// services, upstream's LANGUAGE_MODEL_SERVICE_NAME.
const ServiceName = "languageModelService"

// ErrSampleNotSupported is upstream's error for sample() on a backend
// without raw sampling (the OpenAI-compatible one).
var ErrSampleNotSupported = errors.New("raw sampling not supported by this backend")

// Role is the sender of a chat message.
type Role string

// The four roles of upstream's ChatRole.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

// FunctionCall is the function of a tool call. Arguments is JSON object
// text, as the model wrote it (see ParseToolArguments).
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// ToolCall is one tool call of an assistant message; Type is "function".
type ToolCall struct {
	ID       string                    `json:"id"`
	Type     string                    `json:"type"`
	Index    kernelutils.Optional[int] `json:"index,omitzero"`
	Function FunctionCall              `json:"function"`
}

// ToolFunction describes a function offered to the model. Parameters is a
// JSON schema, upstream's {type: "object", properties?, required?}.
type ToolFunction struct {
	Name        string                       `json:"name"`
	Description kernelutils.Optional[string] `json:"description,omitzero"`
	Parameters  json.RawMessage              `json:"parameters,omitempty"`
}

// Tool is a tool definition; Type is "function".
type Tool struct {
	Type     string       `json:"type"`
	Function ToolFunction `json:"function"`
}

// ChatMessage is one message of a conversation, upstream's ChatMessage
// union discriminated by Role:
//
//   - system, user: {role, content}
//   - assistant: {role, content: string | null, tool_calls?}
//   - tool: {role, content, tool_call_id}
//
// Content unset is null, which only an assistant message may have; the
// fields a role does not have must be empty.
type ChatMessage struct {
	Role       Role
	Content    kernelutils.Optional[string]
	ToolCalls  []ToolCall
	ToolCallID string
}

// System, User, Assistant and ToolResult build messages.
func System(content string) ChatMessage {
	return ChatMessage{Role: RoleSystem, Content: kernelutils.Some(content)}
}

// User is an end-user turn.
func User(content string) ChatMessage {
	return ChatMessage{Role: RoleUser, Content: kernelutils.Some(content)}
}

// Assistant is an assistant turn with content (never null) and tool calls.
func Assistant(content string, calls ...ToolCall) ChatMessage {
	return ChatMessage{Role: RoleAssistant, Content: kernelutils.Some(content), ToolCalls: calls}
}

// ToolResult is the result of the tool call with id toolCallID.
func ToolResult(toolCallID, content string) ChatMessage {
	return ChatMessage{Role: RoleTool, Content: kernelutils.Some(content), ToolCallID: toolCallID}
}

// Text returns the content, "" for null.
func (m ChatMessage) Text() string { return m.Content.OrElse("") }

// Validate checks the message against its role's shape.
func (m ChatMessage) Validate() error {
	switch m.Role {
	case RoleSystem, RoleUser, RoleTool:
		if !m.Content.IsSet() {
			return fmt.Errorf("%s message: content must be a string", m.Role)
		}
		if len(m.ToolCalls) > 0 {
			return fmt.Errorf("%s message: only assistant messages have tool_calls", m.Role)
		}
		if m.Role == RoleTool && m.ToolCallID == "" {
			return errors.New("tool message: tool_call_id is required")
		}
		if m.Role != RoleTool && m.ToolCallID != "" {
			return fmt.Errorf("%s message: only tool messages have tool_call_id", m.Role)
		}
	case RoleAssistant:
		if m.ToolCallID != "" {
			return errors.New("assistant message: only tool messages have tool_call_id")
		}
		for i, c := range m.ToolCalls {
			if c.Type != "function" {
				return fmt.Errorf("assistant message: tool_calls[%d].type must be \"function\", not %q", i, c.Type)
			}
		}
	default:
		return fmt.Errorf("message role must be system, user, assistant or tool, not %q", m.Role)
	}
	return nil
}

type systemJSON struct {
	Role    Role   `json:"role"`
	Content string `json:"content"`
}

type assistantJSON struct {
	Role      Role       `json:"role"`
	Content   *string    `json:"content"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
}

type toolJSON struct {
	Role       Role   `json:"role"`
	Content    string `json:"content"`
	ToolCallID string `json:"tool_call_id"`
}

// MarshalJSON writes the role's shape; an invalid message is an error.
func (m ChatMessage) MarshalJSON() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	switch m.Role {
	case RoleAssistant:
		a := assistantJSON{Role: m.Role, ToolCalls: m.ToolCalls}
		if c, ok := m.Content.Get(); ok {
			a.Content = &c
		}
		return json.Marshal(a)
	case RoleTool:
		return json.Marshal(toolJSON{Role: m.Role, Content: m.Text(), ToolCallID: m.ToolCallID})
	}
	return json.Marshal(systemJSON{Role: m.Role, Content: m.Text()})
}

// UnmarshalJSON reads one message strictly: unknown keys, a wrong type or
// a field of another role are errors, as upstream's ChatMessageStruct.
func (m *ChatMessage) UnmarshalJSON(data []byte) error {
	var probe struct {
		Role Role `json:"role"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return fmt.Errorf("chat message: %w", err)
	}
	var out ChatMessage
	switch probe.Role {
	case RoleSystem, RoleUser:
		var v struct {
			Role    Role    `json:"role"`
			Content *string `json:"content"`
		}
		if err := strict(data, &v); err != nil {
			return fmt.Errorf("%s message: %w", probe.Role, err)
		}
		out = ChatMessage{Role: v.Role}
		if v.Content != nil {
			out.Content = kernelutils.Some(*v.Content)
		}
	case RoleAssistant:
		var v struct {
			Role      Role                          `json:"role"`
			Content   kernelutils.Optional[*string] `json:"content"`
			ToolCalls []ToolCall                    `json:"tool_calls"`
		}
		if err := strict(data, &v); err != nil {
			return fmt.Errorf("assistant message: %w", err)
		}
		if !v.Content.IsSet() {
			return errors.New("assistant message: content is required (a string or null)")
		}
		out = ChatMessage{Role: v.Role, ToolCalls: v.ToolCalls}
		if c, _ := v.Content.Get(); c != nil {
			out.Content = kernelutils.Some(*c)
		}
	case RoleTool:
		var v struct {
			Role       Role    `json:"role"`
			Content    *string `json:"content"`
			ToolCallID *string `json:"tool_call_id"`
		}
		if err := strict(data, &v); err != nil {
			return fmt.Errorf("tool message: %w", err)
		}
		out = ChatMessage{Role: v.Role}
		if v.Content != nil {
			out.Content = kernelutils.Some(*v.Content)
		}
		if v.ToolCallID != nil {
			out.ToolCallID = *v.ToolCallID
		}
	}
	if err := out.Validate(); err != nil {
		if probe.Role == "" || out.Role == "" {
			return fmt.Errorf("message role must be system, user, assistant or tool, not %q", probe.Role)
		}
		return err
	}
	*m = out
	return nil
}

// strict decodes data into v, rejecting unknown keys.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Usage counts the tokens of a completion.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// Stop is upstream's `string | string[]` stop sequences. It decodes
// either form and encodes a single sequence as a string, several as an
// array.
type Stop []string

// MarshalJSON writes one sequence as a string, others as an array.
func (s Stop) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// UnmarshalJSON reads a string or an array of strings.
func (s *Stop) UnmarshalJSON(data []byte) error {
	var one string
	if json.Unmarshal(data, &one) == nil {
		*s = Stop{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return errors.New("stop must be a string or an array of strings")
	}
	*s = many
	return nil
}

// SampleParams is a raw token-prediction request (no chat template),
// upstream's SampleParams.
type SampleParams struct {
	Model       string                        `json:"model"`
	Prompt      string                        `json:"prompt"`
	Temperature kernelutils.Optional[float64] `json:"temperature,omitzero"`
	TopP        kernelutils.Optional[float64] `json:"top_p,omitzero"`
	Seed        kernelutils.Optional[int]     `json:"seed,omitzero"`
	MaxTokens   kernelutils.Optional[int]     `json:"max_tokens,omitzero"`
	Stop        kernelutils.Optional[Stop]    `json:"stop,omitzero"`
}

// Validate checks the required fields.
func (p SampleParams) Validate() error {
	if p.Model == "" {
		return errors.New("sample params: model is required")
	}
	return nil
}

// SampleResult is the text of a raw sample.
type SampleResult struct {
	Text string `json:"text"`
}

// ChatParams is a chat completion request, upstream's ChatParams.
type ChatParams struct {
	Model       string                        `json:"model"`
	Messages    []ChatMessage                 `json:"messages"`
	Tools       []Tool                        `json:"tools,omitempty"`
	MaxTokens   kernelutils.Optional[int]     `json:"max_tokens,omitzero"`
	Temperature kernelutils.Optional[float64] `json:"temperature,omitzero"`
	TopP        kernelutils.Optional[float64] `json:"top_p,omitzero"`
	Stop        kernelutils.Optional[Stop]    `json:"stop,omitzero"`
	Seed        kernelutils.Optional[int]     `json:"seed,omitzero"`
	N           kernelutils.Optional[int]     `json:"n,omitzero"`
	// Stream selects a streamed reply; backends' Chat requires it unset
	// or false and ChatStream unset or true.
	Stream kernelutils.Optional[bool] `json:"stream,omitzero"`
}

// Validate checks the params as upstream's ChatParamsStruct does.
func (p ChatParams) Validate() error {
	if p.Model == "" {
		return errors.New("chat params: model is required")
	}
	for i, m := range p.Messages {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("chat params: messages[%d]: %w", i, err)
		}
	}
	for i, t := range p.Tools {
		if t.Type != "function" {
			return fmt.Errorf("chat params: tools[%d].type must be \"function\", not %q", i, t.Type)
		}
		if t.Function.Name == "" {
			return fmt.Errorf("chat params: tools[%d].function.name is required", i)
		}
	}
	return nil
}

// DecodeChatParams reads chat params strictly (unknown keys are errors)
// and validates them: what a kernel service does with a vat's argument.
func DecodeChatParams(data []byte) (ChatParams, error) {
	var p ChatParams
	if err := strict(data, &p); err != nil {
		return ChatParams{}, fmt.Errorf("chat params: %w", err)
	}
	return p, p.Validate()
}

// DecodeSampleParams reads sample params strictly and validates them.
func DecodeSampleParams(data []byte) (SampleParams, error) {
	var p SampleParams
	if err := strict(data, &p); err != nil {
		return SampleParams{}, fmt.Errorf("sample params: %w", err)
	}
	return p, p.Validate()
}

// FunctionDelta is a fragment of a streamed tool call's function.
type FunctionDelta struct {
	Name      kernelutils.Optional[string] `json:"name,omitzero"`
	Arguments kernelutils.Optional[string] `json:"arguments,omitzero"`
}

// ToolCallDelta is a fragment of a streamed tool call, upstream's
// ChatStreamToolCallDelta: OpenAI sends the id, type and name once and
// then the arguments as string pieces, all keyed by Index.
type ToolCallDelta struct {
	Index    kernelutils.Optional[int]           `json:"index,omitzero"`
	ID       kernelutils.Optional[string]        `json:"id,omitzero"`
	Type     kernelutils.Optional[string]        `json:"type,omitzero"`
	Function kernelutils.Optional[FunctionDelta] `json:"function,omitzero"`
}

// StreamDelta is an assistant fragment, upstream's AssistantStreamDelta:
// Role is always "assistant"; content and tool_calls are present only when
// the event had them.
type StreamDelta struct {
	Role      Role                         `json:"role"`
	Content   kernelutils.Optional[string] `json:"content,omitzero"`
	ToolCalls []ToolCallDelta              `json:"tool_calls,omitempty"`
}

// StreamChoice is one choice of a stream chunk.
type StreamChoice struct {
	Delta        StreamDelta `json:"delta"`
	Index        int         `json:"index"`
	FinishReason *string     `json:"finish_reason"`
}

// ChatStreamChunk is one event of a streamed chat completion.
type ChatStreamChunk struct {
	ID      string         `json:"id"`
	Model   string         `json:"model"`
	Choices []StreamChoice `json:"choices"`
}

// ChatChoice is one choice of a chat result.
type ChatChoice struct {
	Message      ChatMessage `json:"message"`
	Index        int         `json:"index"`
	FinishReason *string     `json:"finish_reason"`
}

// ChatResult is a complete chat completion.
type ChatResult struct {
	ID      string       `json:"id"`
	Model   string       `json:"model"`
	Choices []ChatChoice `json:"choices"`
	Usage   Usage        `json:"usage"`
}

// ChatStream is a chat completion being streamed. Next returns chunks in
// order and io.EOF after the last; Close aborts the request and may be
// called concurrently with a blocked Next. Cancelling the context given to
// ChatStream ends the stream with an error wrapping the context's.
type ChatStream interface {
	Next() (ChatStreamChunk, error)
	Close() error
}

// ChatService is a backend's chat completion API.
type ChatService interface {
	Chat(ctx context.Context, params ChatParams) (ChatResult, error)
	ChatStream(ctx context.Context, params ChatParams) (ChatStream, error)
}

// SampleService is a backend's raw sampling API.
type SampleService interface {
	Sample(ctx context.Context, params SampleParams) (SampleResult, error)
}

// Ptr returns a pointer to s, for FinishReason.
func Ptr(s string) *string { return &s }
