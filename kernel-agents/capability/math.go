package capability

import (
	"context"
	"unicode/utf16"
)

// mathInterface is upstream's S.interface('Math', …).
var mathInterface = S.Interface("Math", map[string]DescribedMethod{
	"count": S.MustMethod("Count the number of characters in an arbitrary string",
		[]NamedArg{S.Arg("word", S.String("The string to get the length of."))},
		S.Number("The number of characters in the string.")),
	"add": S.MustMethod("Add a list of numbers.",
		[]NamedArg{S.Arg("summands", S.ArrayOf(S.Number(""), ""))},
		S.Number("The sum of the numbers.")),
	"multiply": S.MustMethod("Multiply a list of numbers.",
		[]NamedArg{S.Arg("factors", S.ArrayOf(S.Number(""), "The list of numbers to multiply."))},
		S.Number("The product of the factors.")),
})

var mathCaps = MustInternal(map[string]Method{
	// count is a string's length in UTF-16 code units, which is what
	// JavaScript's String.length reports.
	"count": func(_ context.Context, args []any) (any, error) {
		n := 0
		for _, r := range args[0].(string) {
			n += utf16.RuneLen(r)
		}
		return n, nil
	},
	"add": func(_ context.Context, args []any) (any, error) {
		sum := 0.0
		for _, s := range args[0].([]any) {
			sum += s.(float64)
		}
		return sum, nil
	},
	"multiply": func(_ context.Context, args []any) (any, error) {
		product := 1.0
		for _, f := range args[0].([]any) {
			product *= f.(float64)
		}
		return product, nil
	},
}, mathInterface)

// Count, Add and Multiply are upstream's math capabilities: the length of
// a string (UTF-16 code units), the sum of a list of numbers (0 if empty)
// and their product (1 if empty). Their arguments are guarded: a call that
// does not match the schema fails with "Error calling …".
var (
	Count    = mathCaps["count"]
	Add      = mathCaps["add"]
	Multiply = mathCaps["multiply"]
)

// Math returns a fresh record of the example math capabilities count, add
// and multiply.
func Math() Record {
	return Record{"count": Count, "add": Add, "multiply": Multiply}
}
