package kernelutils

import (
	"math"
	"sync"
	"testing"
)

func TestMakeCounter(t *testing.T) {
	tests := []struct {
		name  string
		start int
		want  []int
	}{
		{"from zero", 0, []int{1, 2, 3}},
		{"from ten", 10, []int{11, 12, 13}},
		{"negative start", -2, []int{-1, 0, 1}},
		{"wraps at MaxInt", math.MaxInt - 1, []int{math.MaxInt, math.MinInt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := MakeCounter(tt.start)
			for i, w := range tt.want {
				if got := next(); got != w {
					t.Fatalf("call %d = %d, want %d", i+1, got, w)
				}
			}
		})
	}
	t.Run("counters are independent", func(t *testing.T) {
		a, b := MakeCounter(0), MakeCounter(0)
		a()
		a()
		if got := b(); got != 1 {
			t.Errorf("second counter = %d, want 1", got)
		}
	})
}

func TestMakeCounterConcurrent(t *testing.T) {
	const workers, calls, start = 8, 1000, 100
	next := MakeCounter(start)
	results := make([][]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range calls {
				results[w] = append(results[w], next())
			}
		})
	}
	wg.Wait()
	seen := make(map[int]bool, workers*calls)
	for _, r := range results {
		for _, n := range r {
			if n <= start || n > start+workers*calls || seen[n] {
				t.Fatalf("bad or duplicate value %d", n)
			}
			seen[n] = true
		}
	}
	if len(seen) != workers*calls {
		t.Fatalf("got %d distinct values, want %d", len(seen), workers*calls)
	}
}

func BenchmarkMakeCounter(b *testing.B) {
	next := MakeCounter(0)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			next()
		}
	})
}
