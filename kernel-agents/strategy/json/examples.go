package json

import (
	"encoding/json"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
	"github.com/ocap-kernel/ocap-go/kernel-agents/capability"
)

// ExampleTranscripts returns upstream's two example transcripts: a banana's
// colour answered directly with end, and a matrix size computed with count
// and multiply (30).
func ExampleTranscripts() [][]agent.Message {
	end := capability.EndSchema()
	simple := []agent.Message{
		CapabilitySpecMessage{Schemas: capability.NamedList{
			{Name: "end", Schema: end},
			{Name: "search", Schema: capability.Search.Schema},
		}},
		UserMessage{Content: "What color is a banana?"},
		AssistantMessage{
			Think: []string{
				"Bananas can be either yellow or green, depending on the variety and ripeness.",
				"Typically, people think of yellow bananas when they think of bananas.",
				"I should give the typical response, but clarify that I am assuming the banana is ripe.",
			},
			Invoke: []Invocation{{Name: "end", Args: json.RawMessage(`{"final":"A banana is yellow when ripe."}`)}},
		},
	}
	multiStep := []agent.Message{
		CapabilitySpecMessage{Schemas: capability.NamedList{
			{Name: "end", Schema: end},
			{Name: "count", Schema: capability.Count.Schema},
			{Name: "multiply", Schema: capability.Multiply.Schema},
		}},
		UserMessage{Content: `What is the size of a matrix with rows indexed by the letters of "piano" and columns by the letters of "guitar"?`},
		AssistantMessage{
			Think: []string{
				`I need to find the size of a matrix with rows indexed by the letters of "piano" and columns by the letters of "guitar".`,
				`The answer will be the product of the length of the word "piano" and the length of the word "guitar".`,
				`To prove my answer, I will count the lengths of the words using the "count" capability, then multiply the results using the "multiply" capability.`,
			},
			Invoke: []Invocation{
				{Name: "count", Args: json.RawMessage(`{"word":"piano"}`)},
				{Name: "count", Args: json.RawMessage(`{"word":"guitar"}`)},
			},
		},
		CapabilityResultMessage{Results: []InvocationResult{
			{Name: "count", Args: json.RawMessage(`{"word":"piano"}`), Result: json.RawMessage(`5`)},
			{Name: "count", Args: json.RawMessage(`{"word":"guitar"}`), Result: json.RawMessage(`6`)},
		}},
		AssistantMessage{
			Think:  []string{"Now I can multiply the results to get the answer."},
			Invoke: []Invocation{{Name: "multiply", Args: json.RawMessage(`{"factors":[5,6]}`)}},
		},
		CapabilityResultMessage{Results: []InvocationResult{
			{Name: "multiply", Args: json.RawMessage(`{"factors":[5,6]}`), Result: json.RawMessage(`30`)},
		}},
		AssistantMessage{
			Think:  []string{"Now I can return the answer."},
			Invoke: []Invocation{{Name: "end", Args: json.RawMessage(`{"final":"Such a matrix would have 30 elements."}`)}},
		},
	}
	return [][]agent.Message{simple, multiStep}
}
