package kernelstore

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// applyModel applies a batch to a map the way Apply applies it to SQLite.
func applyModel(kv map[string]string, vs map[string]map[string]string, b Batch) {
	if b.Clear {
		clear(kv)
		clear(vs)
	}
	for _, p := range b.Sets {
		kv[p[0]] = p[1]
	}
	for _, k := range b.Deletes {
		delete(kv, k)
	}
	for _, c := range b.VatStores {
		if c.Delete {
			delete(vs, c.VatID)
		}
		m := vs[c.VatID]
		if m == nil {
			m = map[string]string{}
			vs[c.VatID] = m
		}
		for _, p := range c.Sets {
			m[p[0]] = p[1]
		}
		for _, k := range c.Deletes {
			delete(m, k)
		}
		if len(m) == 0 {
			delete(vs, c.VatID)
		}
	}
}

func randomBatch(r *rand.Rand) Batch {
	key := func() string { return fmt.Sprintf("k%d", r.IntN(6)) }
	var b Batch
	b.Clear = r.IntN(20) == 0
	seen := map[string]bool{}
	for range r.IntN(4) {
		k := key()
		if !seen[k] {
			seen[k] = true
			b.Sets = append(b.Sets, [2]string{k, fmt.Sprint(r.IntN(100))})
		}
	}
	for range r.IntN(3) {
		if k := key(); !seen[k] {
			seen[k] = true
			b.Deletes = append(b.Deletes, k)
		}
	}
	for range r.IntN(2) {
		c := VatStoreChange{VatID: fmt.Sprintf("v%d", r.IntN(2)), Delete: r.IntN(8) == 0}
		vseen := map[string]bool{}
		for range r.IntN(3) {
			if k := key(); !vseen[k] {
				vseen[k] = true
				c.Sets = append(c.Sets, [2]string{k, fmt.Sprint(r.IntN(100))})
			}
		}
		if k := key(); !vseen[k] {
			c.Deletes = append(c.Deletes, k)
		}
		b.VatStores = append(b.VatStores, c)
	}
	return b
}

// TestBatchMerge checks that a merged batch, and Combine's batch, have the
// effect of their parts applied in order, against a map model (and
// TestApplyMergedBatchOnSQLite against SQLite).
func TestBatchMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		parts := make([]Batch, 1+r.IntN(5))
		for j := range parts {
			parts[j] = randomBatch(r)
		}
		wantKV, wantVS := map[string]string{"k0": "init", "k5": "init"}, map[string]map[string]string{"v0": {"k1": "init"}}
		var merged Batch
		for _, p := range parts {
			applyModel(wantKV, wantVS, p)
			merged.Merge(p)
		}
		combined := Combine(parts)
		for _, tc := range []struct {
			name string
			b    Batch
		}{{"merged", merged}, {"combined", combined}} {
			gotKV, gotVS := map[string]string{"k0": "init", "k5": "init"}, map[string]map[string]string{"v0": {"k1": "init"}}
			applyModel(gotKV, gotVS, tc.b)
			if !reflect.DeepEqual(wantKV, gotKV) || !reflect.DeepEqual(wantVS, gotVS) {
				t.Fatalf("case %d: parts %+v\n%s %+v\nwant %v %v\ngot  %v %v", i, parts, tc.name, tc.b, wantKV, wantVS, gotKV, gotVS)
			}
		}
	}
}

func TestApplyMergedBatchOnSQLite(t *testing.T) {
	db, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(3, 4))
	kv, vs := map[string]string{}, map[string]map[string]string{}
	for range 200 {
		var merged Batch
		var parts []Batch
		for range 1 + r.IntN(4) {
			b := randomBatch(r)
			applyModel(kv, vs, b)
			merged.Merge(b)
			parts = append(parts, b)
		}
		b := merged
		if r.IntN(2) == 0 {
			b = Combine(parts)
		}
		if err := db.Apply(b); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	if err := db.ScanPrefix("", func(k, v string) error { got[k] = v; return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(kv, got) {
		t.Fatalf("kv = %v, want %v", got, kv)
	}
	for _, vat := range []string{"v0", "v1"} {
		rows, err := db.VatStore(vat).GetKVData()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, r := range rows {
			m[r[0]] = r[1]
		}
		want := vs[vat]
		if want == nil {
			want = map[string]string{}
		}
		if !reflect.DeepEqual(want, m) {
			t.Fatalf("vatstore %s = %v, want %v", vat, m, want)
		}
	}
}
