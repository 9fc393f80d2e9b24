package kernelstore

import (
	"fmt"
	"testing"
)

func benchKinds(b *testing.B, fn func(b *testing.B, db *DB)) {
	for _, kind := range dbKinds {
		b.Run(kind, func(b *testing.B) {
			fn(b, openKind(b, kind))
		})
	}
}

// keys used by the benchmarks, built up front so that key formatting does
// not count.
func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("ko%d.refCount", i)
	}
	return keys
}

// BenchmarkSet is an autocommitted Set: one transaction per call.
func BenchmarkSet(b *testing.B) {
	benchKinds(b, func(b *testing.B, db *DB) {
		keys := benchKeys(1024)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if err := db.Set(keys[i%len(keys)], "2,2"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGet(b *testing.B) {
	benchKinds(b, func(b *testing.B, db *DB) {
		keys := benchKeys(1024)
		pairs := make([][2]string, len(keys))
		for i, k := range keys {
			pairs[i] = [2]string{k, "2,2"}
		}
		if err := db.SetMany(pairs); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if _, ok, err := db.Get(keys[i%len(keys)]); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
}

// BenchmarkCrank is one kernel crank: savepoint t0, ~30 reads and writes,
// a vatstore checkpoint, release (commit).
func BenchmarkCrank(b *testing.B) {
	benchKinds(b, func(b *testing.B, db *DB) {
		keys := benchKeys(64)
		for _, k := range keys {
			if err := db.Set(k, "1,1"); err != nil {
				b.Fatal(err)
			}
		}
		vs := db.VatStore("v1")
		sets := [][2]string{{"idCounters", `{"exportID":3,"collectionID":5,"promiseID":9}`}, {"vc.5.|entryCount", "1"}}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if err := db.CreateSavepoint("t0"); err != nil {
				b.Fatal(err)
			}
			for j := range 15 {
				k := keys[(i+j)%len(keys)]
				if _, _, err := db.Get(k); err != nil {
					b.Fatal(err)
				}
				if err := db.Set(k, "2,2"); err != nil {
					b.Fatal(err)
				}
			}
			if err := vs.UpdateKVData(sets, nil); err != nil {
				b.Fatal(err)
			}
			if err := db.ReleaseSavepoint("t0"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkExecuteQuery(b *testing.B) {
	benchKinds(b, func(b *testing.B, db *DB) {
		keys := benchKeys(100)
		for _, k := range keys {
			if err := db.Set(k, "1,1"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			rows, err := db.ExecuteQuery(b.Context(), "SELECT key, value FROM kv WHERE key LIKE 'ko1%' ORDER BY key")
			if err != nil || len(rows) == 0 {
				b.Fatal(len(rows), err)
			}
		}
	})
}

// BenchmarkReaderGet is a read through a Reader, of a key that exists and
// of one that does not.
func BenchmarkReaderGet(b *testing.B) {
	benchKinds(b, func(b *testing.B, db *DB) {
		keys := benchKeys(1024)
		pairs := make([][2]string, len(keys))
		for i, k := range keys {
			pairs[i] = [2]string{k, "2,2"}
		}
		if err := db.SetMany(pairs); err != nil {
			b.Fatal(err)
		}
		r, err := db.OpenReader()
		if err != nil {
			b.Fatal(err)
		}
		b.Run("present", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, ok, err := r.Get(keys[i%len(keys)]); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
		})
		b.Run("absent", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, ok, err := r.Get(keys[i%len(keys)] + "x"); err != nil || ok {
					b.Fatal(ok, err)
				}
			}
		})
	})
}
