package json

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ocap-kernel/ocap-go/kernel-agents/agent"
)

// DefaultMaxChunks is upstream's chunk cap: a sample that has not produced
// a complete object after this many chunks is abandoned.
const DefaultMaxChunks = 200

// ErrMaxChunks is the cause of the SampleGenerationError for a sample that
// hit the chunk cap.
var ErrMaxChunks = errors.New("Max chunk count reached")

// collector accumulates streamed deltas after a prefix and reports the
// first prefix of the text that parses as JSON, upstream's
// makeSampleCollector. After each "}" it tries to parse; a parse failure
// while the (naively counted, string contents included) braces balance means
// the sample can no longer become valid and is a SampleGenerationError.
type collector struct {
	response  strings.Builder
	chunks    int
	maxChunks int // 0: unlimited
	left      int
	right     int
}

func newCollector(prefix string, maxChunks int) *collector {
	c := &collector{maxChunks: maxChunks}
	c.response.WriteString(prefix)
	c.left = strings.Count(prefix, "{")
	c.right = strings.Count(prefix, "}")
	return c
}

// add consumes one delta. It returns the parsed JSON text once complete.
func (c *collector) add(delta string) (json.RawMessage, error) {
	c.chunks++
	subchunks := strings.Split(delta, "}")
	last := subchunks[len(subchunks)-1]
	for _, sub := range subchunks[:len(subchunks)-1] {
		c.right++
		c.left += strings.Count(sub, "{")
		c.response.WriteString(sub)
		c.response.WriteByte('}')
		text := c.response.String()
		err := checkJSON(text)
		if err == nil {
			return json.RawMessage(text), nil
		}
		if c.left == c.right {
			return nil, &agent.SampleGenerationError{Sample: text, Cause: err}
		}
	}
	c.left += strings.Count(last, "{")
	c.response.WriteString(last)
	if c.maxChunks > 0 && c.chunks > c.maxChunks {
		return nil, &agent.SampleGenerationError{Sample: c.response.String(), Cause: ErrMaxChunks}
	}
	return nil, nil
}

// checkJSON reports whether text is exactly one JSON value, like JSON.parse.
func checkJSON(text string) error {
	var v json.RawMessage
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	return nil
}
