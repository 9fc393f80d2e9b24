package kernelstore

import (
	"errors"
	"reflect"
	"testing"
)

func TestReader(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		mustSet(t, db, "v1.c.ko1", "R o+1", "v1.c.ko2", "R o-2", "v1.d", "x", "v2.c.ko1", "R o-1", "\xff\xff", "hi")
		r, err := db.OpenReader()
		if err != nil {
			t.Fatal(err)
		}
		gets := []struct {
			key, want string
			ok        bool
		}{
			{"v1.c.ko1", "R o+1", true},
			{"v1.c.ko3", "", false},
			{"", "", false},
			{"\xff\xff", "hi", true},
		}
		for _, g := range gets {
			if v, ok, err := r.Get(g.key); err != nil || v != g.want || ok != g.ok {
				t.Errorf("Get(%q) = %q, %v, %v; want %q, %v", g.key, v, ok, err, g.want, g.ok)
			}
		}
		seeks := []struct {
			key, next, value string
			ok               bool
		}{
			{"v1.c.ko1", "v1.c.ko1", "R o+1", true},
			{"v1.c.ko10", "v1.c.ko2", "R o-2", true},
			{"v1.c.kp", "v1.d", "x", true},
			{"\xff\xff\x00", "", "", false},
		}
		for _, s := range seeks {
			if next, v, ok, err := r.Seek(s.key); err != nil || next != s.next || v != s.value || ok != s.ok {
				t.Errorf("Seek(%q) = %q, %q, %v, %v; want %q, %q, %v", s.key, next, v, ok, err, s.next, s.value, s.ok)
			}
		}
		prefixes := []struct {
			prefix string
			want   []string
		}{
			{"v1.c.", []string{"v1.c.ko1", "v1.c.ko2"}},
			{"v1.", []string{"v1.c.ko1", "v1.c.ko2", "v1.d"}},
			{"v3.", nil},
			{"\xff", []string{"\xff\xff"}},
			{"", []string{"v1.c.ko1", "v1.c.ko2", "v1.d", "v2.c.ko1", "\xff\xff"}},
		}
		for _, p := range prefixes {
			got, err := r.AppendKeysWithPrefix([]string{"keep"}, p.prefix)
			if want := append([]string{"keep"}, p.want...); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("AppendKeysWithPrefix(%q) = %q, %v; want %q", p.prefix, got, err, want)
			}
		}
		// Each call sees what was committed before it.
		mustSet(t, db, "v1.c.ko3", "R o+3")
		if err := db.Delete("v1.c.ko1"); err != nil {
			t.Fatal(err)
		}
		if v, ok, err := r.Get("v1.c.ko3"); err != nil || !ok || v != "R o+3" {
			t.Errorf("Get after a commit = %q, %v, %v", v, ok, err)
		}
		if got, err := r.AppendKeysWithPrefix(nil, "v1.c."); err != nil || !reflect.DeepEqual(got, []string{"v1.c.ko2", "v1.c.ko3"}) {
			t.Errorf("keys after a commit = %q, %v", got, err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		if _, _, err := r.Get("v1.d"); !errors.Is(err, ErrClosed) {
			t.Fatalf("Get after Close: %v, want ErrClosed", err)
		}
	})
}

// TestReaderDuringWrite: on a file database a Reader reads the last
// committed state while a write transaction is open, without waiting.
func TestReaderDuringWrite(t *testing.T) {
	db := openKind(t, "file", WithBusyTimeout(0))
	mustSet(t, db, "k", "old")
	r, err := db.OpenReader()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSavepoint("t0"); err != nil {
		t.Fatal(err)
	}
	mustSet(t, db, "k", "new", "k2", "x")
	if v, ok, err := r.Get("k"); err != nil || !ok || v != "old" {
		t.Fatalf("Get during the transaction = %q, %v, %v; want the committed value", v, ok, err)
	}
	if keys, err := r.AppendKeysWithPrefix(nil, "k"); err != nil || !reflect.DeepEqual(keys, []string{"k"}) {
		t.Fatalf("keys during the transaction = %q, %v", keys, err)
	}
	if err := db.ReleaseSavepoint("t0"); err != nil {
		t.Fatal(err)
	}
	if v, _, err := r.Get("k"); err != nil || v != "new" {
		t.Fatalf("Get after commit = %q, %v", v, err)
	}
}

// TestCloseClosesReaders: DB.Close closes the readers still open.
func TestCloseClosesReaders(t *testing.T) {
	for _, kind := range dbKinds {
		t.Run(kind, func(t *testing.T) {
			path := ":memory:"
			if kind == "file" {
				path = t.TempDir() + "/kernel.sqlite"
			}
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			r, err := db.OpenReader()
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := r.Seek("a"); !errors.Is(err, ErrClosed) {
				t.Fatalf("Seek after DB.Close: %v, want ErrClosed", err)
			}
			if err := r.Close(); err != nil {
				t.Fatalf("Reader.Close after DB.Close: %v", err)
			}
			if _, err := db.OpenReader(); !errors.Is(err, ErrClosed) {
				t.Fatalf("OpenReader after Close: %v, want ErrClosed", err)
			}
		})
	}
}
