package lms_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

func TestMessageJSON(t *testing.T) {
	call := lms.ToolCall{ID: "call_1", Type: "function", Function: lms.FunctionCall{Name: "count", Arguments: `{"word":"piano"}`}}
	tests := []struct {
		msg  lms.ChatMessage
		want string
	}{
		{lms.System("s"), `{"role":"system","content":"s"}`},
		{lms.User("u"), `{"role":"user","content":"u"}`},
		{lms.Assistant("a"), `{"role":"assistant","content":"a"}`},
		{lms.ChatMessage{Role: lms.RoleAssistant, ToolCalls: []lms.ToolCall{call}},
			`{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"count","arguments":"{\"word\":\"piano\"}"}}]}`},
		{lms.ToolResult("call_1", "5"), `{"role":"tool","content":"5","tool_call_id":"call_1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			b, err := json.Marshal(tt.msg)
			if err != nil || string(b) != tt.want {
				t.Fatalf("Marshal = %s, %v", b, err)
			}
			var back lms.ChatMessage
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if b2, _ := json.Marshal(back); string(b2) != tt.want {
				t.Fatalf("round trip = %s", b2)
			}
		})
	}
}

func TestDecodeChatParamsRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"model":"m","messages":[{"role":"user","content":"x"}],"extra":1}`, `unknown field "extra"`},
		{`{"model":"","messages":[]}`, "model is required"},
		{`{"model":"m","messages":[{"role":"user"}]}`, "content must be a string"},
		{`{"model":"m","messages":[{"role":"user","content":"x","tool_call_id":"1"}]}`, `unknown field "tool_call_id"`},
		{`{"model":"m","messages":[{"role":"assistant"}]}`, "content is required"},
		{`{"model":"m","messages":[{"role":"tool","content":"x"}]}`, "tool_call_id is required"},
		{`{"model":"m","messages":[{"role":"robot","content":"x"}]}`, `not "robot"`},
		{`{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":""}}]}`, "function.name is required"},
		{`{"model":"m","messages":[],"stop":5}`, "stop must be a string or an array of strings"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if _, err := lms.DecodeChatParams([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	p, err := lms.DecodeChatParams([]byte(`{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}],"stop":"x","seed":1}`))
	if err != nil || p.Messages[0].Content.IsSet() || p.Seed.OrElse(0) != 1 {
		t.Fatalf("DecodeChatParams = %+v, %v", p, err)
	}
	if b, _ := json.Marshal(p); string(b) != `{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}],"stop":"x","seed":1}` {
		t.Fatalf("re-encoded %s", b)
	}
	if _, err := lms.DecodeSampleParams([]byte(`{"model":"m","prompt":"p","stream":true}`)); err == nil {
		t.Fatal("sample params with an unknown key accepted")
	}
}

func TestParseToolArguments(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1}`, ""},
		{`{"a":1} x`, "Invalid tool arguments JSON ({\"a\":1} x)"},
		{`{"a":`, "Invalid tool arguments JSON ({\"a\":)"},
		{`[1]`, "Tool arguments must be a JSON object"},
		{`null`, "Tool arguments must be a JSON object"},
		{strings.Repeat(" ", 300), "…): EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := lms.ParseToolArguments(tt.in)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	args, _ := lms.ParseToolArguments(`{"n":12345678901234567890}`)
	if b, _ := json.Marshal(args); string(b) != `{"n":12345678901234567890}` {
		t.Fatalf("number re-encoded as %s", b)
	}
}

func delta(content string, calls ...lms.ToolCallDelta) lms.ChatStreamChunk {
	d := lms.StreamDelta{Role: lms.RoleAssistant, ToolCalls: calls}
	if content != "" {
		d.Content = kernelutils.Some(content)
	}
	return lms.ChatStreamChunk{ID: "c", Model: "m", Choices: []lms.StreamChoice{{Delta: d}}}
}

func args(s string) kernelutils.Optional[lms.FunctionDelta] {
	return kernelutils.Some(lms.FunctionDelta{Arguments: kernelutils.Some(s)})
}

func TestCollector(t *testing.T) {
	named := func(id, name string) lms.ToolCallDelta {
		return lms.ToolCallDelta{ID: kernelutils.Some(id), Function: kernelutils.Some(lms.FunctionDelta{Name: kernelutils.Some(name)})}
	}
	tests := []struct {
		name   string
		chunks []lms.ChatStreamChunk
		want   string
	}{
		{"text", []lms.ChatStreamChunk{delta("a"), delta("b")},
			`{"role":"assistant","content":"ab"}`},
		{"interleaved indices", []lms.ChatStreamChunk{
			delta("", lms.ToolCallDelta{Index: kernelutils.Some(1), ID: kernelutils.Some("y"), Function: kernelutils.Some(lms.FunctionDelta{Name: kernelutils.Some("g")})}),
			delta("", lms.ToolCallDelta{Index: kernelutils.Some(0), ID: kernelutils.Some("x"), Function: kernelutils.Some(lms.FunctionDelta{Name: kernelutils.Some("f")})}),
			delta("", lms.ToolCallDelta{Index: kernelutils.Some(0), Function: args(`{"a"`)}, lms.ToolCallDelta{Index: kernelutils.Some(1), Function: args(`{}`)}),
			delta("", lms.ToolCallDelta{Index: kernelutils.Some(0), Function: args(`:1}`)}),
		}, `{"role":"assistant","content":null,"tool_calls":[{"id":"y","type":"function","index":1,"function":{"name":"g","arguments":"{}"}},{"id":"x","type":"function","index":0,"function":{"name":"f","arguments":"{\"a\":1}"}}]}`},
		{"unindexed", []lms.ChatStreamChunk{
			delta("", named("x", "f")), delta("", lms.ToolCallDelta{Function: args(`{}`)}), delta("", named("y", "g")),
		}, `{"role":"assistant","content":null,"tool_calls":[{"id":"x","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"y","type":"function","function":{"name":"g","arguments":""}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c lms.Collector
			for _, ch := range tt.chunks {
				if err := c.Add(ch); err != nil {
					t.Fatal(err)
				}
			}
			b, _ := json.Marshal(c.Result().Choices[0].Message)
			if string(b) != tt.want {
				t.Fatalf("\n got %s\nwant %s", b, tt.want)
			}
		})
	}
}

func TestCollectorBounds(t *testing.T) {
	var c lms.Collector
	var err error
	for i := 0; err == nil && i <= lms.MaxToolCalls; i++ {
		err = c.Add(delta("", lms.ToolCallDelta{Index: kernelutils.Some(i)}))
	}
	if err == nil || !strings.Contains(err.Error(), "tool calls") {
		t.Fatalf("tool-call bound: %v", err)
	}
	var d lms.Collector
	big := strings.Repeat("x", 1<<20)
	err = nil
	for i := 0; err == nil && i <= lms.MaxReplyBytes>>20; i++ {
		err = d.Add(delta(big))
	}
	if err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Fatalf("size bound: %v", err)
	}
}
