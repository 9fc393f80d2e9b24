package jsvat_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// pingerVat bounces messages off a peer: rally awaits each round trip
// before the next, burst sends n at once and awaits them all.
const pingerVat = `
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  let peer;
  return makeDefaultExo('pinger', {
    bootstrap(vats) { peer = vats.pong; },
    pong(i) { return i; },
    async rally(n) {
      let sum = 0;
      for (let i = 0; i < n; i += 1) {
        sum += await E(peer).pong(i);
      }
      return sum;
    },
    async burst(n) {
      const ps = [];
      for (let i = 0; i < n; i += 1) {
        ps.push(E(peer).pong(i));
      }
      return (await Promise.all(ps)).length;
    },
  });
}
`

// BenchmarkLaunchSubcluster launches the 3-vat hello subcluster (sample
// vat bundle, bootstrap greeting included) on a file database.
func BenchmarkLaunchSubcluster(b *testing.B) {
	h := newKernel(b, 10*time.Second)
	spec := example(b, "sample-vat")
	vats := map[string]any{
		"alice": vatCfg(spec, map[string]any{"name": "Alice"}),
		"bob":   vatCfg(spec, map[string]any{"name": "Bob"}),
		"carol": vatCfg(spec, map[string]any{"name": "Carol"}),
	}
	h.mustLaunch("alice", vats) // warm the bundle cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := h.mustLaunch("alice", vats)
		b.StopTimer()
		h.mustCall("terminateSubcluster", map[string]any{"id": res.SubclusterID})
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/launch")
}

// BenchmarkRoundTrips measures JavaScript vat-to-vat awaited round trips
// (message + result notify: two cranks, each a SQLite transaction on a
// file database).
func BenchmarkRoundTrips(b *testing.B) {
	h := newKernel(b, time.Minute)
	spec := bundleSource(b, "pinger.js", pingerVat)
	res := h.mustLaunch("ping", map[string]any{"ping": vatCfg(spec, nil), "pong": vatCfg(spec, nil)})
	b.Run("sequential", func(b *testing.B) {
		h.mustSend(res.RootKref, "rally", 10)
		b.ResetTimer()
		h.mustSend(res.RootKref, "rally", b.N)
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "roundtrips/s")
	})
	b.Run("1000-at-once", func(b *testing.B) {
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			wantBody(b, h.mustSend(res.RootKref, "burst", 1000), "#1000")
		}
		b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "roundtrips/s")
	})
}

// BenchmarkVatStart measures one JavaScript vat's Launch and Init (realm,
// lockdown, bundle evaluation, buildRootObject) with a cached bundle.
func BenchmarkVatStart(b *testing.B) {
	rt := jsvat.NewRuntime(jsvat.Options{})
	cfg := api.VatConfig{BundleSpec: example(b, "sample-vat"), Parameters: []byte(`{"name":"x"}`)}
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		w, err := rt.Launch(ctx, fmt.Sprintf("v%d", i), cfg)
		if err != nil {
			b.Fatal(err)
		}
		if res, err := w.Init(ctx, nil); err != nil || res.Error != "" {
			b.Fatal(err, res.Error)
		}
		w.Close()
	}
}

// BenchmarkIdleVatMemory reports the memory held per idle JavaScript vat
// (sample vat, started and waiting for deliveries): the growth of the
// process's resident set, which holds the vats' engine heaps (outside the
// Go heap), their goroutines and Go-side state.
func BenchmarkIdleVatMemory(b *testing.B) {
	const n = 20
	rt := jsvat.NewRuntime(jsvat.Options{})
	cfg := api.VatConfig{BundleSpec: example(b, "sample-vat"), Parameters: []byte(`{"name":"x"}`)}
	ctx := context.Background()
	var perVat float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		// One vat first, so that what every vat shares (the compiled
		// environment, the engine's code pages) is not counted.
		first, err := rt.Launch(ctx, "v0", cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := first.Init(ctx, nil); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		before := residentBytes(b)
		b.StartTimer()
		workers := make([]vat.Worker, n)
		for j := range workers {
			w, err := rt.Launch(ctx, fmt.Sprintf("v%d", j+1), cfg)
			if err != nil {
				b.Fatal(err)
			}
			if res, err := w.Init(ctx, nil); err != nil || res.Error != "" {
				b.Fatal(err, res.Error)
			}
			workers[j] = w
		}
		b.StopTimer()
		runtime.GC()
		perVat = float64(residentBytes(b)-before) / n
		for _, w := range append(workers, first) {
			w.Close()
		}
		b.StartTimer()
	}
	b.ReportMetric(perVat/(1<<20), "MiB/vat")
}

// residentBytes is the process's resident set size.
func residentBytes(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		b.Skipf("no /proc/self/statm: %v", err)
	}
	var size, resident int64
	if _, err := fmt.Sscan(string(data), &size, &resident); err != nil {
		b.Fatal(err)
	}
	return resident * int64(os.Getpagesize())
}
