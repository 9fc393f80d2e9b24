package bundler_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// BenchmarkBundleSampleVat bundles the sample vat of the examples.
func BenchmarkBundleSampleVat(b *testing.B) {
	src := filepath.Join("..", "..", "examples", "vats", "sample-vat.js")
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if _, err := bundler.Bundle(ctx, src); err != nil {
			b.Fatal(err)
		}
	}
}
