package kernelstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// kinds of database every logic test runs against.
var dbKinds = []string{"file", "memory"}

func openKind(t testing.TB, kind string, opts ...Option) *DB {
	t.Helper()
	path := ":memory:"
	if kind == "file" {
		path = filepath.Join(t.TempDir(), "kernel.sqlite")
	}
	db, err := Open(path, opts...)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

func forEachKind(t *testing.T, fn func(t *testing.T, db *DB)) {
	for _, kind := range dbKinds {
		t.Run(kind, func(t *testing.T) { fn(t, openKind(t, kind)) })
	}
}

func mustSet(t testing.TB, db *DB, kv ...string) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		if err := db.Set(kv[i], kv[i+1]); err != nil {
			t.Fatalf("Set(%q): %v", kv[i], err)
		}
	}
}

func mustGet(t testing.TB, db *DB, key string) (string, bool) {
	t.Helper()
	v, ok, err := db.Get(key)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return v, ok
}

func TestGetSetDelete(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		steps := []struct {
			op, key, value string
			wantValue      string
			wantOK         bool
		}{
			{op: "get", key: "a", wantOK: false},
			{op: "set", key: "a", value: "1"},
			{op: "get", key: "a", wantValue: "1", wantOK: true},
			{op: "set", key: "a", value: "2"},
			{op: "get", key: "a", wantValue: "2", wantOK: true},
			{op: "set", key: "empty", value: ""},
			{op: "get", key: "empty", wantValue: "", wantOK: true},
			{op: "set", key: "ünïcödé\x00nul", value: "v\x00\xff"},
			{op: "get", key: "ünïcödé\x00nul", wantValue: "v\x00\xff", wantOK: true},
			{op: "get", key: "ünïcödé", wantOK: false},
			{op: "delete", key: "a"},
			{op: "get", key: "a", wantOK: false},
			{op: "delete", key: "never-existed"},
		}
		for i, s := range steps {
			t.Run(fmt.Sprintf("%d-%s-%s", i, s.op, s.key), func(t *testing.T) {
				switch s.op {
				case "set":
					mustSet(t, db, s.key, s.value)
				case "delete":
					if err := db.Delete(s.key); err != nil {
						t.Fatalf("Delete: %v", err)
					}
				case "get":
					v, ok := mustGet(t, db, s.key)
					if v != s.wantValue || ok != s.wantOK {
						t.Fatalf("Get(%q) = %q, %v; want %q, %v", s.key, v, ok, s.wantValue, s.wantOK)
					}
				}
			})
		}
	})
}

func TestGetRequired(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		mustSet(t, db, "present", "x", "empty", "")
		tests := []struct {
			key     string
			want    string
			wantErr string
		}{
			{key: "present", want: "x"},
			{key: "missing", wantErr: "no record matching key 'missing'"},
			{key: "empty", wantErr: "no record matching key 'empty'"},
		}
		for _, tt := range tests {
			t.Run(tt.key, func(t *testing.T) {
				got, err := db.GetRequired(tt.key)
				if tt.wantErr == "" {
					if err != nil || got != tt.want {
						t.Fatalf("GetRequired = %q, %v; want %q", got, err, tt.want)
					}
					return
				}
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("GetRequired error = %v; want %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("error %v is not ErrNotFound", err)
				}
			})
		}
	})
}

func TestSetMany(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		if err := db.SetMany([][2]string{{"a", "1"}, {"b", "2"}, {"a", "3"}}); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[string]string{"a": "3", "b": "2"} {
			if v, _ := mustGet(t, db, k); v != want {
				t.Errorf("%s = %q, want %q", k, v, want)
			}
		}
		if db.InTransaction() {
			t.Fatal("SetMany left a transaction open")
		}
	})
}

// keyOrder is the byte order SQLite's BINARY collation uses; it differs
// from JavaScript's UTF-16 order for U+E000..U+FFFF vs. astral characters.
var keyOrder = []string{
	"",
	"\x00",
	"A",
	"Z",
	"a",
	"a.",
	"a.b",
	"a.b\x00",
	"a.c",
	"a0",
	"kp1",
	"kp10",
	"kp2",
	"é",
	"\uffff",
	"\U0001F600",
	"\xff",
	"\xff\xff",
}

func TestGetNextKey(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		for _, k := range keyOrder[1:] { // "" is a query start, not a key
			mustSet(t, db, k, "v:"+k)
		}
		if !sort.StringsAreSorted(keyOrder) {
			t.Fatal("keyOrder is not in Go (byte) order")
		}
		tests := []struct {
			previous string
			want     string
			wantOK   bool
		}{
			{previous: "", want: "\x00", wantOK: true},
			{previous: "a", want: "a.", wantOK: true},
			{previous: "a.b", want: "a.b\x00", wantOK: true},
			{previous: "a.bb", want: "a.c", wantOK: true},
			{previous: "kp1", want: "kp10", wantOK: true},
			{previous: "kp10", want: "kp2", wantOK: true},
			{previous: "\uffff", want: "\U0001F600", wantOK: true},
			{previous: "\xff", want: "\xff\xff", wantOK: true},
			{previous: "\xff\xff", wantOK: false},
			{previous: "\xff\xff\xff", wantOK: false},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%q", tt.previous), func(t *testing.T) {
				got, ok, err := db.GetNextKey(tt.previous)
				if err != nil || got != tt.want || ok != tt.wantOK {
					t.Fatalf("GetNextKey(%q) = %q, %v, %v; want %q, %v", tt.previous, got, ok, err, tt.want, tt.wantOK)
				}
			})
		}
		// Walking the whole table yields every key in byte order.
		var walked []string
		for k, ok, err := db.GetNextKey(""); ok || err != nil; k, ok, err = db.GetNextKey(k) {
			if err != nil {
				t.Fatal(err)
			}
			walked = append(walked, k)
		}
		if !reflect.DeepEqual(walked, keyOrder[1:]) {
			t.Fatalf("walk = %q\nwant   %q", walked, keyOrder[1:])
		}
	})
}

func TestScanPrefix(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		keys := append([]string(nil), keyOrder[1:]...)
		keys = append(keys, "a\xff", "a\xff\xff", "a\xff\xffz", "b", "%", "_x", "a%b", "a_b")
		for _, k := range keys {
			mustSet(t, db, k, "v:"+k)
		}
		sort.Strings(keys)
		for _, prefix := range []string{"", "a", "a.", "a.b", "kp1", "a\xff", "a\xff\xff", "\xff", "\xff\xff", "%", "_", "a%", "a_", "zzz", "\x00"} {
			t.Run(fmt.Sprintf("%q", prefix), func(t *testing.T) {
				var want []string
				for _, k := range keys {
					if strings.HasPrefix(k, prefix) {
						want = append(want, k)
					}
				}
				var got []string
				err := db.ScanPrefix(prefix, func(k, v string) error {
					if v != "v:"+k {
						t.Errorf("value of %q = %q", k, v)
					}
					got = append(got, k)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("ScanPrefix(%q) = %q; want %q", prefix, got, want)
				}
				ks, err := db.KeysWithPrefix(prefix)
				if err != nil || !reflect.DeepEqual(ks, want) {
					t.Fatalf("KeysWithPrefix(%q) = %q, %v; want %q", prefix, ks, err, want)
				}
			})
		}
	})
}

func TestScanPrefixBatchesAndMutation(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		const n = 3*scanBatch + 7
		var pairs [][2]string
		for i := range n {
			pairs = append(pairs, [2]string{fmt.Sprintf("p.%05d", i), "x"})
		}
		pairs = append(pairs, [2]string{"q", "outside"}, [2]string{"p", "outside"})
		if err := db.SetMany(pairs); err != nil {
			t.Fatal(err)
		}
		// fn may write to the store: delete every key as it is visited.
		count := 0
		err := db.ScanPrefix("p.", func(k, _ string) error {
			count++
			return db.Delete(k)
		})
		if err != nil {
			t.Fatal(err)
		}
		if count != n {
			t.Fatalf("visited %d keys, want %d", count, n)
		}
		left, err := db.KeysWithPrefix("")
		if err != nil || !reflect.DeepEqual(left, []string{"p", "q"}) {
			t.Fatalf("left = %q, %v", left, err)
		}
		// An error from fn stops the scan and is returned as is.
		stop := errors.New("stop")
		mustSet(t, db, "r.1", "", "r.2", "")
		calls := 0
		err = db.ScanPrefix("r.", func(string, string) error { calls++; return stop })
		if err != stop || calls != 1 {
			t.Fatalf("ScanPrefix = %v after %d calls; want stop after 1", err, calls)
		}
	})
}

func TestPrefixEnd(t *testing.T) {
	tests := []struct {
		prefix  string
		end     string
		bounded bool
	}{
		{"", "", false},
		{"a", "b", true},
		{"a.", "a/", true},
		{"a\xff", "b", true},
		{"a\xff\xff", "b", true},
		{"\xff", "", false},
		{"\xff\xff", "", false},
		{"\x00", "\x01", true},
		{"é", "é"[:1] + "\xaa", true},
	}
	for _, tt := range tests {
		end, bounded := prefixEnd(tt.prefix)
		if end != tt.end || bounded != tt.bounded {
			t.Errorf("prefixEnd(%q) = %q, %v; want %q, %v", tt.prefix, end, bounded, tt.end, tt.bounded)
		}
	}
}

func TestClear(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		mustSet(t, db, "a", "1", "b", "2")
		if err := db.VatStore("v1").UpdateKVData([][2]string{{"k", "v"}}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.Clear(); err != nil {
			t.Fatal(err)
		}
		keys, err := db.KeysWithPrefix("")
		if err != nil || len(keys) != 0 {
			t.Fatalf("keys after Clear = %q, %v", keys, err)
		}
		data, err := db.VatStore("v1").GetKVData()
		if err != nil || len(data) != 0 {
			t.Fatalf("vatstore after Clear = %q, %v", data, err)
		}
		// Inside a savepoint Clear joins the transaction and is undone with it.
		mustSet(t, db, "a", "1")
		if err := db.CreateSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		if err := db.Clear(); err != nil {
			t.Fatal(err)
		}
		if _, ok := mustGet(t, db, "a"); ok {
			t.Fatal("a visible after Clear inside savepoint")
		}
		if err := db.RollbackSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		if v, _ := mustGet(t, db, "a"); v != "1" {
			t.Fatalf("a = %q after rollback, want 1", v)
		}
	})
}

func TestPersistenceAndWAL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "state")
	path := filepath.Join(dir, "kernel.sqlite")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q", db.Path())
	}
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Errorf("parent dir mode = %v, want 0700", st.Mode().Perm())
	}
	rows, err := db.ExecuteQuery(t.Context(), "PRAGMA journal_mode")
	if err != nil || len(rows) != 1 || rows[0]["journal_mode"] != "wal" {
		t.Fatalf("journal_mode = %v, %v; want wal", rows, err)
	}
	mustSet(t, db, "committed", "yes")
	if err := db.VatStore("v1").UpdateKVData([][2]string{{"k", "v"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSavepoint("t0"); err != nil {
		t.Fatal(err)
	}
	mustSet(t, db, "uncommitted", "lost")
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Errorf("no WAL file while open: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, _, err := db.Get("committed"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Get after Close: %v, want ErrClosed", err)
	}
	if _, err := db.ExecuteQuery(t.Context(), "SELECT 1"); !errors.Is(err, ErrClosed) {
		t.Fatalf("ExecuteQuery after Close: %v, want ErrClosed", err)
	}
	// A clean close leaves a self-contained main file.
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); !os.IsNotExist(err) {
			t.Errorf("%s still exists after Close (err=%v)", suffix, err)
		}
	}

	db2, err := Open(path, WithSynchronousFull())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if v, _ := mustGet(t, db2, "committed"); v != "yes" {
		t.Errorf("committed = %q after reopen", v)
	}
	if _, ok := mustGet(t, db2, "uncommitted"); ok {
		t.Error("uncommitted write survived Close")
	}
	data, err := db2.VatStore("v1").GetKVData()
	if err != nil || !reflect.DeepEqual(data, [][2]string{{"k", "v"}}) {
		t.Errorf("vatstore after reopen = %q, %v", data, err)
	}
	rows, err = db2.ExecuteQuery(t.Context(), "PRAGMA synchronous")
	if err != nil || len(rows) != 1 || rows[0]["synchronous"] != int64(2) {
		t.Errorf("synchronous with WithSynchronousFull = %v, %v; want 2 (FULL)", rows, err)
	}
}

func TestOpenPaths(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		if _, err := Open(""); err == nil {
			t.Fatal("Open(\"\") succeeded")
		}
	})
	t.Run("colon names are memory and private", func(t *testing.T) {
		a := openKind(t, "memory")
		b, err := Open(":other:")
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		mustSet(t, a, "k", "a")
		if _, ok := mustGet(t, b, "k"); ok {
			t.Fatal("two in-memory databases share data")
		}
		if b.Path() != ":other:" {
			t.Fatalf("Path = %q", b.Path())
		}
	})
	t.Run("relative to cwd", func(t *testing.T) {
		dir := t.TempDir()
		t.Chdir(dir)
		db, err := Open(filepath.Join("sub", "rel.sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		mustSet(t, db, "k", "v")
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "sub", "rel.sqlite")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("parent is a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(filepath.Join(f, "db.sqlite")); err == nil {
			t.Fatal("Open under a regular file succeeded")
		}
	})
}

func TestSchema(t *testing.T) {
	db := openKind(t, "memory")
	rows, err := db.ExecuteQuery(t.Context(), "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"name": "kv", "sql": "CREATE TABLE kv (\n      key TEXT,\n      value TEXT,\n      PRIMARY KEY(key)\n    )"},
		{"name": "kv_vatstore", "sql": "CREATE TABLE kv_vatstore (\n      vatID TEXT,\n      key TEXT,\n      value TEXT,\n      PRIMARY KEY(vatID, key)\n    )"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("schema = %q", rows)
	}
}

func TestConcurrentUse(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		const workers, perWorker = 4, 50
		errc := make(chan error, workers+1)
		for w := range workers {
			go func() {
				for i := range perWorker {
					k := fmt.Sprintf("w%d.%03d", w, i)
					if err := db.Set(k, "v"); err != nil {
						errc <- err
						return
					}
					if _, _, err := db.Get(k); err != nil {
						errc <- err
						return
					}
				}
				errc <- nil
			}()
		}
		go func() {
			for range perWorker {
				if _, err := db.ExecuteQuery(t.Context(), "SELECT count(*) AS n FROM kv"); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
		for range workers + 1 {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		keys, err := db.KeysWithPrefix("w")
		if err != nil || len(keys) != workers*perWorker {
			t.Fatalf("%d keys, %v; want %d", len(keys), err, workers*perWorker)
		}
	})
}
