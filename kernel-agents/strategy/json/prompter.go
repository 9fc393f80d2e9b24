package json

import (
	"fmt"
	"strings"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
)

// Prefix is the start of the assistant message that the prompt leaves open
// for the model to continue. Upstream notes that it is aligned to llama3's
// tokenizer boundaries, so it must not change.
const Prefix = `{"messageType":"assistant","`

// preamble is upstream's fixed introduction for n transcripts.
func preamble(n int) string {
	first := fmt.Sprintf("The following are %d transcripts of conversations", n)
	second := "Each"
	if n == 1 {
		first = "The following is a transcript of a conversation"
		second = "The"
	}
	return strings.Join([]string{
		first + " between a user and a state-of-the-art capability-augmented assistant.",
		second + " transcript begins with a JSON-formatted list of the assistant's available capabilities, then proceeds to the conversation history, including user messages, assistant capability invocations, and the results of those invocations.",
		"Note that the assistant efficiently invokes capabilities to perform tasks. This reflects that the assistant is intelligent and can reason logically about function composition, and prefers to invoke external capabilities to prove the correctness of its answers.",
		"Also note that, although the assistant does not necessarily use every available capability, it never attempts to use a capability that was not specified prior in the transcript.",
	}, "\n")
}

// Prompt renders the prompt for history, upstream's prompter: the preamble,
// then "TRANSCRIPT i: [ msg, msg … ]" for the two examples and the live
// history, separated by blank lines, with the final "]" replaced by
// ", " and the open assistant prefix. It returns an error only if a message
// cannot be encoded.
func Prompt(history []agent.Message) (string, error) {
	transcripts := append(ExampleTranscripts(), history)
	blocks := []string{preamble(len(transcripts))}
	for i, t := range transcripts {
		msgs := make([]string, len(t))
		for j, m := range t {
			b, err := m.MarshalJSON()
			if err != nil {
				return "", fmt.Errorf("encode %s message: %w", m.MessageType(), err)
			}
			msgs[j] = string(b)
		}
		blocks = append(blocks, strings.Join([]string{
			fmt.Sprintf("TRANSCRIPT %d: [", i+1),
			strings.Join(msgs, ", "),
			"]",
		}, " "))
	}
	raw := strings.Join(blocks, "\n\n")
	return raw[:len(raw)-1] + ", " + Prefix, nil
}
