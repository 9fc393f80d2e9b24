package kernelstore

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// spOp is one step of a savepoint scenario: "create"/"release"/"rollback"
// name, or "set" key=value, with the expected error text ("" for none).
type spOp struct {
	op, arg string
	wantErr string
}

func runSavepointOps(t *testing.T, db *DB, ops []spOp) {
	t.Helper()
	for _, o := range ops {
		var err error
		switch o.op {
		case "create":
			err = db.CreateSavepoint(o.arg)
		case "release":
			err = db.ReleaseSavepoint(o.arg)
		case "rollback":
			err = db.RollbackSavepoint(o.arg)
		case "set":
			k, v, _ := strings.Cut(o.arg, "=")
			err = db.Set(k, v)
		default:
			t.Fatalf("bad op %q", o.op)
		}
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != o.wantErr {
			t.Fatalf("%s %q: error %q, want %q", o.op, o.arg, got, o.wantErr)
		}
	}
}

func TestSavepoints(t *testing.T) {
	tests := []struct {
		name      string
		ops       []spOp
		want      map[string]string // expected committed kv contents
		wantDepth int
		wantInTx  bool
	}{
		{
			name: "release commits",
			ops:  []spOp{{op: "create", arg: "t0"}, {op: "set", arg: "a=1"}, {op: "release", arg: "t0"}},
			want: map[string]string{"a": "1"},
		},
		{
			name: "rollback of the only savepoint rolls back the transaction",
			ops:  []spOp{{op: "set", arg: "before=1"}, {op: "create", arg: "t0"}, {op: "set", arg: "a=1"}, {op: "rollback", arg: "t0"}},
			want: map[string]string{"before": "1"},
		},
		{
			name: "rollback inner keeps outer writes",
			ops: []spOp{
				{op: "create", arg: "t0"}, {op: "set", arg: "outer=1"},
				{op: "create", arg: "t1"}, {op: "set", arg: "inner=1"}, {op: "set", arg: "outer=2"},
				{op: "rollback", arg: "t1"},
				{op: "set", arg: "after=1"},
				{op: "release", arg: "t0"},
			},
			want: map[string]string{"outer": "1", "after": "1"},
		},
		{
			name: "release inner then rollback outer discards both",
			ops: []spOp{
				{op: "create", arg: "t0"}, {op: "set", arg: "outer=1"},
				{op: "create", arg: "t1"}, {op: "set", arg: "inner=1"},
				{op: "release", arg: "t1"},
				{op: "rollback", arg: "t0"},
			},
			want: map[string]string{},
		},
		{
			name: "release inner keeps transaction open",
			ops: []spOp{
				{op: "create", arg: "t0"}, {op: "create", arg: "t1"}, {op: "set", arg: "a=1"},
				{op: "release", arg: "t1"},
			},
			want:      map[string]string{}, // not committed yet
			wantDepth: 1,
			wantInTx:  true,
		},
		{
			name: "release outer releases inner ones too",
			ops: []spOp{
				{op: "create", arg: "t0"}, {op: "create", arg: "t1"}, {op: "create", arg: "t2"},
				{op: "set", arg: "a=1"},
				{op: "release", arg: "t0"},
				{op: "release", arg: "t1", wantErr: "No such savepoint: t1"},
			},
			want: map[string]string{"a": "1"},
		},
		{
			name: "rollback to middle pops it and those above",
			ops: []spOp{
				{op: "create", arg: "t0"}, {op: "set", arg: "a=0"},
				{op: "create", arg: "t1"}, {op: "set", arg: "b=1"},
				{op: "create", arg: "t2"}, {op: "set", arg: "c=2"},
				{op: "rollback", arg: "t1"},
				{op: "release", arg: "t2", wantErr: "No such savepoint: t2"},
				{op: "rollback", arg: "t1", wantErr: "No such savepoint: t1"},
				{op: "create", arg: "t1"}, {op: "set", arg: "d=3"},
				{op: "release", arg: "t0"},
			},
			want: map[string]string{"a": "0", "d": "3"},
		},
		{
			name: "duplicate names refer to the most recent",
			ops: []spOp{
				{op: "create", arg: "x"}, {op: "set", arg: "a=1"},
				{op: "create", arg: "x"}, {op: "set", arg: "b=1"},
				{op: "rollback", arg: "x"},
				{op: "release", arg: "x"},
			},
			want: map[string]string{"a": "1"},
		},
		{
			name: "unknown names",
			ops: []spOp{
				{op: "release", arg: "t0", wantErr: "No such savepoint: t0"},
				{op: "rollback", arg: "t0", wantErr: "No such savepoint: t0"},
				{op: "create", arg: "t0"},
				{op: "release", arg: "t9", wantErr: "No such savepoint: t9"},
				{op: "set", arg: "a=1"},
				{op: "release", arg: "t0"},
			},
			want: map[string]string{"a": "1"},
		},
		{
			name: "invalid identifiers change nothing",
			ops: []spOp{
				{op: "create", arg: "", wantErr: "Invalid identifier: "},
				{op: "create", arg: "1abc", wantErr: "Invalid identifier: 1abc"},
				{op: "create", arg: "a-b", wantErr: "Invalid identifier: a-b"},
				{op: "create", arg: "t0; DROP TABLE kv", wantErr: "Invalid identifier: t0; DROP TABLE kv"},
				{op: "create", arg: "é", wantErr: "Invalid identifier: é"},
				{op: "create", arg: `"kernelstore.internal"`, wantErr: `Invalid identifier: "kernelstore.internal"`},
				{op: "release", arg: "a b", wantErr: "Invalid identifier: a b"},
				{op: "rollback", arg: "x.y", wantErr: "Invalid identifier: x.y"},
				{op: "create", arg: "_ok_Name9"}, {op: "set", arg: "a=1"}, {op: "release", arg: "_ok_Name9"},
			},
			want: map[string]string{"a": "1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, kind := range dbKinds {
				t.Run(kind, func(t *testing.T) {
					db := openKind(t, kind)
					runSavepointOps(t, db, tt.ops)
					if d := db.Depth(); d != tt.wantDepth {
						t.Errorf("Depth = %d, want %d", d, tt.wantDepth)
					}
					if in := db.InTransaction(); in != tt.wantInTx {
						t.Errorf("InTransaction = %v, want %v", in, tt.wantInTx)
					}
					if tt.wantInTx && kind == "memory" {
						// Without WAL a reader waits for the open
						// transaction; see TestExecuteQueryCommittedOnly.
						return
					}
					// ExecuteQuery sees exactly the committed state.
					rows, err := db.ExecuteQuery(t.Context(), "SELECT key, value FROM kv")
					if err != nil {
						t.Fatal(err)
					}
					got := map[string]string{}
					for _, r := range rows {
						got[r["key"].(string)] = r["value"].(string)
					}
					if !reflect.DeepEqual(got, tt.want) {
						t.Errorf("committed kv = %v, want %v", got, tt.want)
					}
				})
			}
		})
	}
}

func TestSavepointErrorsAreTyped(t *testing.T) {
	db := openKind(t, "memory")
	if err := db.CreateSavepoint("bad name"); !errors.Is(err, ErrInvalidIdentifier) {
		t.Errorf("CreateSavepoint: %v, want ErrInvalidIdentifier", err)
	}
	if err := db.ReleaseSavepoint("t0"); !errors.Is(err, ErrNoSuchSavepoint) {
		t.Errorf("ReleaseSavepoint: %v, want ErrNoSuchSavepoint", err)
	}
	if err := db.RollbackSavepoint("t0"); !errors.Is(err, ErrNoSuchSavepoint) {
		t.Errorf("RollbackSavepoint: %v, want ErrNoSuchSavepoint", err)
	}
}

// Many distinct names exceed the statement cache and still work.
func TestSavepointManyNames(t *testing.T) {
	db := openKind(t, "memory")
	const n = maxCachedSavepoints + 10
	for i := range n {
		if err := db.CreateSavepoint(fmt.Sprintf("s%d", i)); err != nil {
			t.Fatal(err)
		}
		mustSet(t, db, fmt.Sprintf("k%03d", i), "v")
	}
	if db.Depth() != n {
		t.Fatalf("Depth = %d", db.Depth())
	}
	if err := db.RollbackSavepoint(fmt.Sprintf("s%d", n-5)); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseSavepoint(fmt.Sprintf("s%d", n-6)); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseSavepoint("s0"); err != nil {
		t.Fatal(err)
	}
	keys, err := db.KeysWithPrefix("k")
	if err != nil || len(keys) != n-5 {
		t.Fatalf("%d keys, %v; want %d", len(keys), err, n-5)
	}
}

// A crank-like sequence repeated: t0 each time, as the kernel does.
func TestSavepointRepeatedCranks(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		for i := range 20 {
			runSavepointOps(t, db, []spOp{{op: "create", arg: "t0"}, {op: "set", arg: fmt.Sprintf("c%02d=x", i)}})
			end := "release"
			if i%3 == 0 {
				end = "rollback"
			}
			runSavepointOps(t, db, []spOp{{op: end, arg: "t0"}})
			if db.InTransaction() || db.Depth() != 0 {
				t.Fatalf("crank %d left InTransaction=%v Depth=%d", i, db.InTransaction(), db.Depth())
			}
		}
		keys, err := db.KeysWithPrefix("c")
		if err != nil || len(keys) != 13 {
			t.Fatalf("%d committed cranks, %v; want 13", len(keys), err)
		}
	})
}
