package capability

import (
	"context"
	"unicode/utf16"
)

// CountArgs are the arguments of [Count].
type CountArgs struct {
	Word string `json:"word" desc:"The string to get the length of."`
}

// AddArgs are the arguments of [Add].
type AddArgs struct {
	Summands []float64 `json:"summands"`
}

// MultiplyArgs are the arguments of [Multiply].
type MultiplyArgs struct {
	Factors []float64 `json:"factors" desc:"The list of numbers to multiply."`
}

// Count is upstream's math count: the length of a string in UTF-16 code
// units, which is what JavaScript's String.length reports.
var Count = MustNew("Count the number of characters in an arbitrary string",
	func(_ context.Context, a CountArgs) (int, error) {
		n := 0
		for _, r := range a.Word {
			n += utf16.RuneLen(r)
		}
		return n, nil
	},
	Returns("The number of characters in the string."))

// Add is upstream's math add: the sum of a list of numbers (0 if empty).
var Add = MustNew("Add a list of numbers.",
	func(_ context.Context, a AddArgs) (float64, error) {
		sum := 0.0
		for _, s := range a.Summands {
			sum += s
		}
		return sum, nil
	},
	Returns("The sum of the numbers."))

// Multiply is upstream's math multiply: the product of a list of numbers
// (1 if empty).
var Multiply = MustNew("Multiply a list of numbers.",
	func(_ context.Context, a MultiplyArgs) (float64, error) {
		product := 1.0
		for _, f := range a.Factors {
			product *= f
		}
		return product, nil
	},
	Returns("The product of the factors."))

// Math returns a fresh record of the example math capabilities count, add
// and multiply.
func Math() Record {
	return Record{"count": Count, "add": Add, "multiply": Multiply}
}
