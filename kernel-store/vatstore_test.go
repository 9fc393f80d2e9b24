package kernelstore

import (
	"reflect"
	"testing"
)

func TestVatStore(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		v1, v2 := db.VatStore("v1"), db.VatStore("v2")
		if v1.VatID() != "v1" {
			t.Fatalf("VatID = %q", v1.VatID())
		}
		steps := []struct {
			name    string
			vs      *VatStore
			sets    [][2]string
			deletes []string
			wantV1  [][2]string
			wantV2  [][2]string
		}{
			{
				name:   "empty stores",
				vs:     v1,
				wantV1: nil, wantV2: nil,
			},
			{
				name:   "sets in key byte order",
				vs:     v1,
				sets:   [][2]string{{"vc.2.|nextOrdinal", "1"}, {"idCounters", `{"exportID":1}`}, {"baggageID", "o+d6/1"}, {"vom.rc.o+d6/1", "1"}},
				wantV1: [][2]string{{"baggageID", "o+d6/1"}, {"idCounters", `{"exportID":1}`}, {"vc.2.|nextOrdinal", "1"}, {"vom.rc.o+d6/1", "1"}},
			},
			{
				name:   "other vat is isolated",
				vs:     v2,
				sets:   [][2]string{{"idCounters", "v2's"}},
				wantV1: [][2]string{{"baggageID", "o+d6/1"}, {"idCounters", `{"exportID":1}`}, {"vc.2.|nextOrdinal", "1"}, {"vom.rc.o+d6/1", "1"}},
				wantV2: [][2]string{{"idCounters", "v2's"}},
			},
			{
				name:    "update, delete, set-then-delete, delete missing",
				vs:      v1,
				sets:    [][2]string{{"idCounters", "2"}, {"gone", "x"}},
				deletes: []string{"vom.rc.o+d6/1", "gone", "never"},
				wantV1:  [][2]string{{"baggageID", "o+d6/1"}, {"idCounters", "2"}, {"vc.2.|nextOrdinal", "1"}},
				wantV2:  [][2]string{{"idCounters", "v2's"}},
			},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				if err := s.vs.UpdateKVData(s.sets, s.deletes); err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct {
					vs   *VatStore
					want [][2]string
				}{{v1, s.wantV1}, {v2, s.wantV2}} {
					got, err := c.vs.GetKVData()
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, c.want) {
						t.Errorf("%s: %q, want %q", c.vs.VatID(), got, c.want)
					}
				}
			})
		}
		// The kv table is untouched by vatstore writes.
		if keys, err := db.KeysWithPrefix(""); err != nil || len(keys) != 0 {
			t.Fatalf("kv keys = %q, %v", keys, err)
		}
		t.Run("delete vatstore", func(t *testing.T) {
			if err := db.DeleteVatStore("v1"); err != nil {
				t.Fatal(err)
			}
			if got, _ := v1.GetKVData(); len(got) != 0 {
				t.Errorf("v1 after delete = %q", got)
			}
			if got, _ := v2.GetKVData(); len(got) != 1 {
				t.Errorf("v2 after deleting v1 = %q", got)
			}
		})
	})
}

func TestVatStoreUpdateInCrank(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		vs := db.VatStore("v1")
		if err := vs.UpdateKVData([][2]string{{"a", "0"}}, nil); err != nil {
			t.Fatal(err)
		}
		// Inside a crank the update joins the transaction: it is visible
		// to the crank and undone by the crank's rollback.
		if err := db.CreateSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		if err := vs.UpdateKVData([][2]string{{"a", "1"}, {"b", "1"}}, []string{"x"}); err != nil {
			t.Fatal(err)
		}
		if db.Depth() != 1 || !db.InTransaction() {
			t.Fatalf("update changed the savepoint stack: depth %d", db.Depth())
		}
		got, _ := vs.GetKVData()
		if !reflect.DeepEqual(got, [][2]string{{"a", "1"}, {"b", "1"}}) {
			t.Fatalf("in crank = %q", got)
		}
		if err := db.RollbackSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		got, _ = vs.GetKVData()
		if !reflect.DeepEqual(got, [][2]string{{"a", "0"}}) {
			t.Fatalf("after rollback = %q", got)
		}
	})
}

// A failing update changes nothing: the writes before the failure are
// undone. A failure is provoked with a trigger that rejects one key.
func TestVatStoreUpdateAtomic(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		db.mu.Lock()
		st, _, err := db.conn.PrepareTransient(`CREATE TEMP TRIGGER reject BEFORE INSERT ON kv_vatstore
			WHEN NEW.key = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned key'); END`)
		if err == nil {
			_, err = st.Step()
			st.Finalize()
		}
		db.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		vs := db.VatStore("v1")
		if err := vs.UpdateKVData([][2]string{{"keep", "1"}}, nil); err != nil {
			t.Fatal(err)
		}
		for _, inCrank := range []bool{false, true} {
			if inCrank {
				if err := db.CreateSavepoint("t0"); err != nil {
					t.Fatal(err)
				}
				mustSet(t, db, "crank", "write")
			}
			err := vs.UpdateKVData([][2]string{{"a", "1"}, {"poison", "x"}, {"b", "2"}}, []string{"keep"})
			if err == nil {
				t.Fatal("poisoned update succeeded")
			}
			got, _ := vs.GetKVData()
			if !reflect.DeepEqual(got, [][2]string{{"keep", "1"}}) {
				t.Fatalf("inCrank=%v: after failed update = %q", inCrank, got)
			}
			if inCrank {
				// The crank itself is intact and can still commit.
				if db.Depth() != 1 {
					t.Fatalf("depth = %d", db.Depth())
				}
				if err := db.ReleaseSavepoint("t0"); err != nil {
					t.Fatal(err)
				}
				if v, _ := mustGet(t, db, "crank"); v != "write" {
					t.Fatalf("crank write lost: %q", v)
				}
			} else if db.InTransaction() {
				t.Fatal("failed update left a transaction open")
			}
		}
		// SetMany is atomic the same way.
		db.mu.Lock()
		st, _, err = db.conn.PrepareTransient(`CREATE TEMP TRIGGER reject_kv BEFORE INSERT ON kv
			WHEN NEW.key = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned key'); END`)
		if err == nil {
			_, err = st.Step()
			st.Finalize()
		}
		db.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetMany([][2]string{{"m1", "1"}, {"poison", "x"}}); err == nil {
			t.Fatal("poisoned SetMany succeeded")
		}
		if _, ok := mustGet(t, db, "m1"); ok {
			t.Fatal("SetMany was not atomic")
		}
	})
}
