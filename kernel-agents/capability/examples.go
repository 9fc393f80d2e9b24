package capability

import (
	"context"
	"math/rand/v2"
)

// MoonPhases are the phases GetMoonPhase answers with.
var MoonPhases = []string{
	"new moon",
	"waxing crescent",
	"first quarter",
	"waxing gibbous",
	"full moon",
	"waning gibbous",
	"third quarter",
	"waning crescent",
}

// SearchResult is one result of the example Search.
type SearchResult struct {
	Source    string `json:"source"`
	Published string `json:"published"`
	Snippet   string `json:"snippet"`
}

var examplesInterface = S.Interface("Examples", map[string]DescribedMethod{
	"search": S.MustMethod("Search the web for information.",
		[]NamedArg{S.Arg("query", S.String("The query to search for"))},
		S.ArrayOf(S.Object([]Property{
			{"source", S.String("The source of the information.")},
			{"published", S.String("The date the information was published.")},
			{"snippet", S.String("The snippet of information.")},
		}, ObjectOptions{}), "")),
	"getMoonPhase": S.MustMethod("Get the current phase of the moon.",
		nil,
		S.String("The current phase of the moon.")),
})

var exampleCaps = MustInternal(map[string]Method{
	"search": func(_ context.Context, args []any) (any, error) {
		return []SearchResult{{
			Source:    "https://www.google.com",
			Published: "2025-01-01",
			Snippet:   "No information found for " + args[0].(string),
		}}, nil
	},
	"getMoonPhase": func(context.Context, []any) (any, error) {
		return MoonPhases[rand.IntN(len(MoonPhases))], nil
	},
}, examplesInterface)

// Search and GetMoonPhase are upstream's example capabilities: a web
// search stand-in that never finds anything, and a random moon phase.
// They exist to show capabilities to a model (the JSON strategy's example
// transcripts list search), not to answer questions.
var (
	Search       = exampleCaps["search"]
	GetMoonPhase = exampleCaps["getMoonPhase"]
)

// Examples returns a fresh record of search and getMoonPhase, upstream's
// exampleCapabilities.
func Examples() Record {
	return Record{"search": Search, "getMoonPhase": GetMoonPhase}
}
