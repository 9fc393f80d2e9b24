package rpc

import (
	"context"
	"encoding/json"
	"testing"
)

var benchLaunchLine = []byte(`{"jsonrpc":"2.0","id":31,"method":"launchSubcluster","params":{"config":{"bootstrap":"alice","forceReset":true,"vats":{"alice":{"bundleSpec":"file:///PLACEHOLDER/sample-vat.bundle","parameters":{"name":"Alice"}},"bob":{"bundleSpec":"file:///PLACEHOLDER/sample-vat.bundle","parameters":{"name":"Bob"}},"carol":{"bundleSpec":"file:///PLACEHOLDER/sample-vat.bundle","parameters":{"name":"Carol"}}}}}}`)

// BenchmarkHandleLine measures envelope parsing, validation, decoding and
// response encoding (the Kernel is the call recorder, so no kernel work).
func BenchmarkHandleLine(b *testing.B) {
	lines := map[string][]byte{
		"launchSubcluster": benchLaunchLine,
		"queueMessage":     []byte(`{"jsonrpc":"2.0","id":33,"method":"queueMessage","params":["ko4","hello",["golden",{"a":[1,2,3]}]]}`),
		"pingVat":          []byte(`{"jsonrpc":"2.0","id":58,"method":"pingVat","params":{"id":"v1"}}`),
		"invalidParams":    []byte(`{"jsonrpc":"2.0","id":24,"method":"launchSubcluster","params":{"config":{"bootstrap":"main","vats":{"main":{"bundleSpec":"x","foo":1}}}}}`),
	}
	for name, line := range lines {
		b.Run(name, func(b *testing.B) {
			svc := NewService(&callRecorder{})
			ctx := context.Background()
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				HandleLine(ctx, svc, line)
			}
		})
	}
}

func BenchmarkValidateLaunchSubcluster(b *testing.B) {
	var req struct{ Params json.RawMessage }
	if err := json.Unmarshal(benchLaunchLine, &req); err != nil {
		b.Fatal(err)
	}
	m, _ := LookupMethod(MethodLaunchSubcluster)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Validate(req.Params); err != nil {
			b.Fatal(err)
		}
	}
}
