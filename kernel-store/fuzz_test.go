package kernelstore

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// FuzzScanPrefix checks the range query behind ScanPrefix against a plain
// strings.HasPrefix filter, for arbitrary bytes in keys and prefixes
// (0xFF runs, NULs, invalid UTF-8).
func FuzzScanPrefix(f *testing.F) {
	f.Add("a", "a\xff\x00b\xff\xffc")
	f.Add("\xff", "\xff\x00\xfe\xff\xff")
	f.Add("", "x\x00y")
	f.Add("k\xff", "k\xff\xffk\xfe\xffk")
	db, err := Open(":memory:")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	f.Fuzz(func(t *testing.T, prefix, keyMaterial string) {
		if err := db.Clear(); err != nil {
			t.Fatal(err)
		}
		// Derive a handful of keys from keyMaterial: every suffix of it,
		// and each suffix glued to the prefix.
		set := map[string]bool{}
		for i := range len(keyMaterial) + 1 {
			set[keyMaterial[i:]] = true
			set[prefix+keyMaterial[i:]] = true
			if len(set) > 64 {
				break
			}
		}
		var keys []string
		for k := range set {
			keys = append(keys, k)
			if err := db.Set(k, k); err != nil {
				t.Fatal(err)
			}
		}
		sort.Strings(keys)
		var want []string
		for _, k := range keys {
			if strings.HasPrefix(k, prefix) {
				want = append(want, k)
			}
		}
		got, err := db.KeysWithPrefix(prefix)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("KeysWithPrefix(%q) = %q, want %q", prefix, got, want)
		}
	})
}
