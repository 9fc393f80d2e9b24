package kernel

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	kernelstore "github.com/ocap-kernel/ocap-go/kernel-store"
)

// openTestStore opens a store on a fresh database (a file unless path is
// ":memory:") whose kv table starts with seed.
func openTestStore(t *testing.T, path string, limits cacheLimits, seed map[string]string) (*store, *kernelstore.DB) {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "kernel.sqlite")
	}
	db, err := kernelstore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range seed {
		if err := db.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	s, err := openStoreLimits(db, limits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.closeWriter(); err != nil {
			t.Error(err)
		}
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return s, db
}

// holdWriter stops the writer goroutine after the batches submitted so
// far (it waits in a batch's callback) until release is called: batches
// committed meanwhile are in flight. A test that fails while it holds the
// writer releases it at cleanup, before the store closes.
func holdWriter(t *testing.T, s *store) (release func()) {
	held, done := make(chan struct{}), make(chan struct{})
	s.submit(kernelstore.Batch{}, func(error) {
		close(held)
		<-done
	})
	<-held
	var once sync.Once
	release = func() { once.Do(func() { close(done) }) }
	t.Cleanup(release)
	return release
}

// durable reads key from SQLite through the writer's connection.
func durable(t *testing.T, db *kernelstore.DB, key string) (string, bool) {
	t.Helper()
	v, ok, err := db.Get(key)
	if err != nil {
		t.Fatal(err)
	}
	return v, ok
}

// storeStep is one step of a layered-read case. op is one of set, del,
// commit, rollback, hold, release, wipe (clearAll), flush, get (want is
// [value] or nil for absent), keys (key is the prefix), durable (what
// SQLite holds: [value] or nil) and reads (val: SQLite reads since the
// last reads step).
type storeStep struct {
	op, key, val string
	want         []string
}

func TestStoreLayers(t *testing.T) {
	seed := map[string]string{"v1.c.ko1": "R o+1", "v1.c.ko2": "R o-2", "v2.c.ko1": "R o-1", "ko1.owner": "v1", "nextObjectId": "3"}
	tests := []struct {
		name   string
		limits cacheLimits
		steps  []storeStep
	}{
		{"sqlite, then cached", defaultCacheLimits, []storeStep{
			{op: "get", key: "ko1.owner", want: []string{"v1"}},
			{op: "reads", val: "1"},
			{op: "get", key: "ko1.owner", want: []string{"v1"}},
			{op: "reads", val: "0"},
			{op: "get", key: "ko9.owner"},
			{op: "reads", val: "1"},
		}},
		{"absent keys after a miss cost no read", defaultCacheLimits, []storeStep{
			{op: "get", key: "v1.c.kp1"},
			{op: "reads", val: "1"},
			{op: "get", key: "v1.c.kp2"},
			{op: "get", key: "v1.c.kp3"},
			{op: "get", key: "v1.c.kp1"},
			{op: "reads", val: "0"},
			{op: "get", key: "v1.c.ko2", want: []string{"R o-2"}},
		}},
		{"crank writes over sqlite", defaultCacheLimits, []storeStep{
			{op: "set", key: "ko1.owner", val: "v2"},
			{op: "del", key: "v1.c.ko2"},
			{op: "set", key: "v1.c.ko5", val: "R o+5"},
			{op: "get", key: "ko1.owner", want: []string{"v2"}},
			{op: "get", key: "v1.c.ko2"},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko1", "v1.c.ko5"}},
			{op: "durable", key: "ko1.owner", want: []string{"v1"}},
		}},
		{"rollback forgets the crank", defaultCacheLimits, []storeStep{
			{op: "set", key: "ko1.owner", val: "v2"},
			{op: "del", key: "v1.c.ko1"},
			{op: "set", key: "v1.c.kp7", val: "R p+7"},
			{op: "rollback"},
			{op: "get", key: "ko1.owner", want: []string{"v1"}},
			{op: "get", key: "v1.c.kp7"},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko1", "v1.c.ko2"}},
			{op: "commit"},
			{op: "flush"},
			{op: "durable", key: "v1.c.kp7"},
			{op: "durable", key: "ko1.owner", want: []string{"v1"}},
		}},
		{"in-flight batches over sqlite", defaultCacheLimits, []storeStep{
			{op: "hold"},
			{op: "set", key: "ko1.owner", val: "v2"},
			{op: "del", key: "v1.c.ko1"},
			{op: "set", key: "v1.c.kp1", val: "R p+1"},
			{op: "commit"},
			{op: "set", key: "ko1.owner", val: "v3"},
			{op: "commit"},
			{op: "durable", key: "ko1.owner", want: []string{"v1"}},
			{op: "durable", key: "v1.c.kp1"},
			{op: "get", key: "ko1.owner", want: []string{"v3"}},
			{op: "get", key: "v1.c.ko1"},
			{op: "get", key: "v1.c.kp1", want: []string{"R p+1"}},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko2", "v1.c.kp1"}},
			{op: "release"},
			{op: "flush"},
			{op: "durable", key: "ko1.owner", want: []string{"v3"}},
			{op: "durable", key: "v1.c.ko1"},
			{op: "get", key: "v1.c.kp1", want: []string{"R p+1"}},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko2", "v1.c.kp1"}},
		}},
		{"crank over in-flight over sqlite", defaultCacheLimits, []storeStep{
			{op: "hold"},
			{op: "set", key: "v1.c.ko3", val: "R o+3"},
			{op: "del", key: "v1.c.ko2"},
			{op: "commit"},
			{op: "del", key: "v1.c.ko3"},
			{op: "set", key: "v1.c.ko2", val: "R o+2"},
			{op: "set", key: "v1.c.ko0", val: "R o+0"},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko0", "v1.c.ko1", "v1.c.ko2"}},
			{op: "get", key: "v1.c.ko3"},
			{op: "rollback"},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko1", "v1.c.ko3"}},
			{op: "release"},
			{op: "flush"},
			{op: "keys", key: "v1.c.", want: []string{"v1.c.ko1", "v1.c.ko3"}},
		}},
		{"a key created after a miss is found once durable and evicted", cacheLimits{entries: 1, bytes: 1 << 20, gaps: 16, deferred: 4096}, []storeStep{
			{op: "get", key: "v1.c.kp1"},
			{op: "set", key: "v1.c.kp2", val: "R p+2"},
			{op: "commit"},
			{op: "flush"},
			{op: "get", key: "ko1.owner", want: []string{"v1"}}, // evicts v1.c.kp2
			{op: "reads", val: "2"},
			{op: "get", key: "v1.c.kp2", want: []string{"R p+2"}},
			{op: "reads", val: "1"},
			{op: "get", key: "v1.c.kp3"},
		}},
		{"eviction", cacheLimits{entries: 2, bytes: 1 << 20, gaps: 16, deferred: 4096}, []storeStep{
			{op: "get", key: "v1.c.ko1", want: []string{"R o+1"}},
			{op: "get", key: "v1.c.ko2", want: []string{"R o-2"}},
			{op: "get", key: "v1.c.ko1", want: []string{"R o+1"}},
			{op: "reads", val: "2"},
			{op: "get", key: "v2.c.ko1", want: []string{"R o-1"}}, // evicts v1.c.ko2, the least recently used
			{op: "get", key: "v1.c.ko1", want: []string{"R o+1"}},
			{op: "reads", val: "1"},
			{op: "get", key: "v1.c.ko2", want: []string{"R o-2"}},
			{op: "reads", val: "1"},
		}},
		{"eviction by bytes", cacheLimits{entries: 100, bytes: 2*cacheEntryOverhead + 30, gaps: 16, deferred: 4096}, []storeStep{
			{op: "get", key: "v1.c.ko1", want: []string{"R o+1"}},
			{op: "get", key: "v1.c.ko2", want: []string{"R o-2"}},
			{op: "get", key: "v2.c.ko1", want: []string{"R o-1"}},
			{op: "reads", val: "3"},
			{op: "get", key: "v1.c.ko1", want: []string{"R o+1"}},
			{op: "reads", val: "1"},
		}},
		{"pinned entries are not evicted", cacheLimits{entries: 1, bytes: 1 << 20, gaps: 16, deferred: 4096}, []storeStep{
			{op: "hold"},
			{op: "set", key: "a", val: "1"},
			{op: "set", key: "b", val: "2"},
			{op: "set", key: "c", val: "3"},
			{op: "commit"},
			{op: "get", key: "ko1.owner", want: []string{"v1"}},
			{op: "get", key: "v1.c.ko1", want: []string{"R o+1"}},
			{op: "get", key: "a", want: []string{"1"}},
			{op: "get", key: "b", want: []string{"2"}},
			{op: "get", key: "c", want: []string{"3"}},
			{op: "reads", val: "2"},
			{op: "release"},
			{op: "flush"},
			{op: "get", key: "a", want: []string{"1"}},
			{op: "get", key: "c", want: []string{"3"}},
		}},
		{"wipe hides sqlite until it is durable", defaultCacheLimits, []storeStep{
			{op: "get", key: "ko1.owner", want: []string{"v1"}},
			{op: "hold"},
			{op: "wipe"},
			{op: "get", key: "ko1.owner"},
			{op: "set", key: "v1.c.ko9", val: "R o+9"},
			{op: "keys", key: "", want: []string{"v1.c.ko9"}},
			{op: "commit"},
			{op: "durable", key: "ko1.owner", want: []string{"v1"}},
			{op: "reads", val: "1"},
			{op: "get", key: "ko1.owner"},
			{op: "get", key: "nextObjectId"},
			{op: "keys", key: "v1.", want: []string{"v1.c.ko9"}},
			{op: "reads", val: "0"},
			{op: "release"},
			{op: "flush"},
			{op: "durable", key: "ko1.owner"},
			{op: "get", key: "nextObjectId"},
			{op: "keys", key: "", want: []string{"v1.c.ko9"}},
		}},
		{"wipe keeps the crank's earlier writes", defaultCacheLimits, []storeStep{
			{op: "set", key: "early", val: "1"},
			{op: "del", key: "ko1.owner"},
			{op: "wipe"},
			{op: "set", key: "late", val: "2"},
			{op: "get", key: "early", want: []string{"1"}},
			{op: "get", key: "v1.c.ko1"},
			{op: "keys", key: "", want: []string{"early", "late"}},
			{op: "commit"},
			{op: "flush"},
			{op: "keys", key: "", want: []string{"early", "late"}},
			{op: "durable", key: "early", want: []string{"1"}},
			{op: "durable", key: "nextObjectId"},
		}},
		{"wipe rolled back", defaultCacheLimits, []storeStep{
			{op: "wipe"},
			{op: "set", key: "x", val: "1"},
			{op: "rollback"},
			{op: "get", key: "ko1.owner", want: []string{"v1"}},
			{op: "keys", key: "v2.", want: []string{"v2.c.ko1"}},
		}},
		{"set back to the committed value writes nothing", defaultCacheLimits, []storeStep{
			{op: "get", key: "nextObjectId", want: []string{"3"}},
			{op: "set", key: "nextObjectId", val: "4"},
			{op: "set", key: "nextObjectId", val: "3"},
			{op: "commit"},
			{op: "flush"},
			{op: "durable", key: "nextObjectId", want: []string{"3"}},
		}},
	}
	for _, kind := range []string{"file", "memory"} {
		for _, tt := range tests {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				path := ""
				if kind == "memory" {
					path = ":memory:"
				}
				s, db := openTestStore(t, path, tt.limits, seed)
				var release func()
				reads := 0
				for i, st := range tt.steps {
					where := fmt.Sprintf("step %d (%s %q)", i, st.op, st.key)
					switch st.op {
					case "set":
						s.set(st.key, st.val)
					case "del":
						s.del(st.key)
					case "commit":
						if err := s.commit(nil); err != nil {
							t.Fatalf("%s: %v", where, err)
						}
					case "rollback":
						s.rollback()
					case "wipe":
						s.clearAll()
					case "hold":
						release = holdWriter(t, s)
					case "release":
						release()
						release = nil
					case "flush":
						if err := s.flush(); err != nil {
							t.Fatalf("%s: %v", where, err)
						}
					case "get":
						v, ok := s.get(st.key)
						if got := valueList(v, ok); !reflect.DeepEqual(got, st.want) {
							t.Fatalf("%s: got %q, want %q", where, got, st.want)
						}
						if s.has(st.key) != ok || s.getString(st.key) != v {
							t.Fatalf("%s: has/getString disagree with get", where)
						}
					case "keys":
						if got := s.keysWithPrefix(st.key); !equalKeys(got, st.want) {
							t.Fatalf("%s: got %q, want %q", where, got, st.want)
						}
						if got := s.hasKeyWithPrefix(st.key); got != (len(st.want) > 0) {
							t.Fatalf("%s: hasKeyWithPrefix = %v, want %v", where, got, len(st.want) > 0)
						}
					case "durable":
						if kind == "memory" && release != nil {
							continue // the held writer is not what keeps memory unwritten
						}
						if kind == "memory" {
							if err := s.flush(); err != nil {
								t.Fatal(err)
							}
						}
						v, ok := durable(t, db, st.key)
						if got := valueList(v, ok); !reflect.DeepEqual(got, st.want) {
							t.Fatalf("%s: SQLite holds %q, want %q", where, got, st.want)
						}
					case "reads":
						if got := fmt.Sprint(s.sqliteReads - reads); got != st.val {
							t.Fatalf("%s: %s SQLite reads, want %s", where, got, st.val)
						}
						reads = s.sqliteReads
					default:
						t.Fatalf("unknown op %q", st.op)
					}
				}
				if release != nil {
					release()
				}
			})
		}
	}
}

// equalKeys compares key lists, nil and empty alike.
func equalKeys(a, b []string) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

func valueList(v string, ok bool) []string {
	if !ok {
		return nil
	}
	return []string{v}
}

// TestStoreLayersModel runs random cranks (committed or rolled back, with
// the writer held now and then, wipes, flushes) against a map and checks
// every read and prefix scan, and at the end what SQLite holds, with a
// cache small enough to evict all the time.
func TestStoreLayersModel(t *testing.T) {
	for _, kind := range []string{"file", "memory"} {
		t.Run(kind, func(t *testing.T) {
			path := ""
			if kind == "memory" {
				path = ":memory:"
			}
			r := rand.New(rand.NewPCG(11, 12))
			seed := map[string]string{}
			for i := range 40 {
				seed[fmt.Sprintf("v%d.c.ko%d", i%3, i)] = fmt.Sprint(i)
			}
			s, db := openTestStore(t, path, cacheLimits{entries: 5, bytes: 1 << 20, gaps: 3, deferred: 6}, seed)
			committed := maps(seed)
			key := func() string {
				return fmt.Sprintf("v%d.c.ko%d", r.IntN(3), r.IntN(60))
			}
			// Narrow prefixes (one or a few keys) check hasKeyWithPrefix where
			// the crank deletes every committed key of one.
			prefixes := []string{"", "v0.", "v1.c.", "v2.c.ko1", "v1.c.ko5", "w", "v0.c.ko57", "v1.c.ko58", "v2.c.ko4"}
			var release func()
			for crank := range 600 {
				if release == nil && r.IntN(6) == 0 {
					release = holdWriter(t, s)
				} else if release != nil && r.IntN(4) == 0 {
					release()
					release = nil
				}
				cur := maps(committed)
				if r.IntN(80) == 0 {
					s.clearAll()
					clear(cur)
				}
				for range r.IntN(8) {
					k := key()
					switch r.IntN(3) {
					case 0:
						v := fmt.Sprint(crank)
						s.set(k, v)
						cur[k] = v
					case 1:
						s.del(k)
						delete(cur, k)
					default:
						v, ok := s.get(k)
						if w, wok := cur[k]; v != w || ok != wok {
							t.Fatalf("crank %d: get %q = %q %v, want %q %v", crank, k, v, ok, w, wok)
						}
					}
				}
				p := prefixes[r.IntN(len(prefixes))]
				if got, want := s.keysWithPrefix(p), keysOf(cur, p); !equalKeys(got, want) {
					t.Fatalf("crank %d: keys %q = %q, want %q", crank, p, got, want)
				} else if has := s.hasKeyWithPrefix(p); has != (len(want) > 0) {
					t.Fatalf("crank %d: hasKeyWithPrefix %q = %v, want %v", crank, p, has, len(want) > 0)
				}
				if r.IntN(4) == 0 {
					s.rollback()
				} else {
					if err := s.commit(nil); err != nil {
						t.Fatal(err)
					}
					committed = cur
				}
				if r.IntN(20) == 0 && release == nil {
					if err := s.flush(); err != nil {
						t.Fatal(err)
					}
				}
			}
			if release != nil {
				release()
			}
			if err := s.flush(); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			if err := db.ScanPrefix("", func(k, v string) error { got[k] = v; return nil }); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, committed) {
				t.Fatalf("SQLite holds %v, want %v", got, committed)
			}
			if s.cached > 5 || len(s.gaps.gaps) > 3 {
				t.Fatalf("cache over its bounds: %d entries, %d gaps", s.cached, len(s.gaps.gaps))
			}
		})
	}
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func keysOf(m map[string]string, prefix string) []string {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
