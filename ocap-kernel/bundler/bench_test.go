package bundler_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// benchmarkBundle bundles src b.N times (esbuild's bundle and export
// scan, through the built-in packages already extracted to the cache).
func benchmarkBundle(b *testing.B, src string) {
	ctx := context.Background()
	first, err := bundler.Bundle(ctx, src) // extracts the built-in packages once
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := bundler.Bundle(ctx, src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(first.Code)), "code-bytes")
}

// BenchmarkBundleSampleVat bundles the sample vat of the examples
// (@endo/eventual-send and @metamask/kernel-utils/exo).
func BenchmarkBundleSampleVat(b *testing.B) {
	benchmarkBundle(b, filepath.Join("..", "..", "examples", "vats", "sample-vat.js"))
}

// BenchmarkBundleEndoVat bundles testdata/bundles/endo-vat.js (exo,
// patterns, store, promise-kit, eventual-send, kernel-utils).
func BenchmarkBundleEndoVat(b *testing.B) {
	benchmarkBundle(b, filepath.Join("..", "testdata", "bundles", "endo-vat.js"))
}
