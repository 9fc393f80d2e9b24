package kernelstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"zombiezen.com/go/sqlite"
)

func TestExecuteQueryReads(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		mustSet(t, db, "ko1.owner", "kernel", "ko1.refCount", "2,2", "ko2.owner", "v1")
		if err := db.VatStore("v1").UpdateKVData([][2]string{{"a", "1"}, {"b", "2"}}, nil); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			sql  string
			want string // JSON of the rows
		}{
			{"kv rows", "SELECT key, value FROM kv WHERE key LIKE 'ko1.%' ORDER BY key",
				`[{"key":"ko1.owner","value":"kernel"},{"key":"ko1.refCount","value":"2,2"}]`},
			{"aggregate", "SELECT vatID, COUNT(*) AS n FROM kv_vatstore GROUP BY vatID", `[{"n":2,"vatID":"v1"}]`},
			{"value types", "SELECT NULL AS n, 1.5 AS f, 9007199254740993 AS big, -3 AS neg, x'00ff' AS b, x'' AS e, 'text' AS t",
				`[{"b":{"type":"Buffer","data":[0,255]},"big":9007199254740993,"e":{"type":"Buffer","data":[]},"f":1.5,"n":null,"neg":-3,"t":"text"}]`},
			{"infinity is null", "SELECT 9e999 AS inf, -9e999 AS ninf", `[{"inf":null,"ninf":null}]`},
			{"duplicate columns: last wins", "SELECT 1 AS a, 2 AS a", `[{"a":2}]`},
			{"duplicate columns, three", "SELECT 1 AS a, 2 AS b, 3 AS a, 4 AS b, 5 AS c", `[{"a":3,"b":4,"c":5}]`},
			{"empty column names", `SELECT 1 AS "", 2 AS ""`, `[{"":2}]`},
			{"empty column name kept", `SELECT 1 AS "", 2 AS a`, `[{"":1,"a":2}]`},
			{"unnamed expressions", "SELECT 1+1, lower('X')", `[{"1+1":2,"lower('X')":"x"}]`},
			{"empty result", "SELECT key FROM kv WHERE key = 'nope'", `[]`},
			{"trailing semicolon and comments", "SELECT 1 AS a; -- done\n /* c */ ;  ", `[{"a":1}]`},
			{"leading comment", "-- hi\nSELECT 1 AS a", `[{"a":1}]`},
			{"recursive CTE", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3) SELECT x FROM c", `[{"x":1},{"x":2},{"x":3}]`},
			{"pragma table_info", "SELECT name FROM pragma_table_info('kv') ORDER BY cid", `[{"name":"key"},{"name":"value"}]`},
			{"pragma with table arg", "PRAGMA table_info(kv_vatstore)", ""},
			{"pragma user_version", "PRAGMA user_version", `[{"user_version":0}]`},
			{"explain", "EXPLAIN QUERY PLAN SELECT * FROM kv WHERE key = 'a'", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rows, err := db.ExecuteQuery(t.Context(), tt.sql)
				if err != nil {
					t.Fatalf("ExecuteQuery(%q): %v", tt.sql, err)
				}
				if tt.want == "" {
					if len(rows) == 0 {
						t.Fatal("no rows")
					}
					return
				}
				got, err := json.Marshal(rows)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tt.want {
					t.Fatalf("rows = %s\nwant   %s", got, tt.want)
				}
			})
		}
		t.Run("Go types", func(t *testing.T) {
			rows, err := db.ExecuteQuery(t.Context(), "SELECT 1 AS i, 2.5 AS f, 's' AS s, NULL AS n, x'01' AS b")
			if err != nil {
				t.Fatal(err)
			}
			want := []map[string]any{{"i": int64(1), "f": 2.5, "s": "s", "n": nil, "b": Buffer{1}}}
			if !reflect.DeepEqual(rows, want) {
				t.Fatalf("rows = %#v", rows)
			}
		})
	})
}

func snapshot(t *testing.T, db *DB) string {
	t.Helper()
	rows, err := db.ExecuteQuery(t.Context(), "SELECT 'kv' AS t, key, value FROM kv UNION ALL SELECT 'vs:' || vatID, key, value FROM kv_vatstore ORDER BY 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	schema, err := db.ExecuteQuery(t.Context(), "SELECT type, name, sql FROM sqlite_master ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	mode, err := db.ExecuteQuery(t.Context(), "PRAGMA journal_mode")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal([]any{rows, schema, mode})
	return string(b)
}

func TestExecuteQueryRefusesWrites(t *testing.T) {
	forEachKind(t, func(t *testing.T, db *DB) {
		mustSet(t, db, "a", "1", "b", "2")
		if err := db.VatStore("v1").UpdateKVData([][2]string{{"k", "v"}}, nil); err != nil {
			t.Fatal(err)
		}
		outside := filepath.Join(t.TempDir(), "other.db")
		before := snapshot(t, db)
		tests := []struct {
			sql     string
			wantIs  error
			wantMsg string // substring of the error text
		}{
			{"DELETE FROM kv", ErrReadOnly, "executeDBQuery is read-only: DELETE from kv is not allowed"},
			{"DELETE FROM kv RETURNING *", ErrReadOnly, "DELETE from kv"},
			{"DELETE FROM kv WHERE key = 'no-such-key' RETURNING *", ErrReadOnly, "DELETE from kv"},
			{"INSERT INTO kv VALUES ('c', '3')", ErrReadOnly, "INSERT into kv"},
			{"INSERT INTO kv VALUES ('c', '3') RETURNING key", ErrReadOnly, "INSERT into kv"},
			{"REPLACE INTO kv VALUES ('a', 'x')", ErrReadOnly, "INSERT into kv"},
			{"UPDATE kv SET value = 'x'", ErrReadOnly, "UPDATE of kv"},
			{"UPDATE kv SET value = value WHERE key = 'no-such-key'", ErrReadOnly, "UPDATE of kv"},
			{"UPDATE kv_vatstore SET value = 'x' RETURNING *", ErrReadOnly, "UPDATE of kv_vatstore"},
			{"DROP TABLE kv", ErrReadOnly, "not allowed"},
			{"CREATE TABLE t (x)", ErrReadOnly, "not allowed"},
			{"CREATE TEMP TABLE t (x)", ErrReadOnly, "not allowed"},
			{"CREATE INDEX i ON kv(value)", ErrReadOnly, "not allowed"},
			{"ALTER TABLE kv RENAME TO kv2", ErrReadOnly, "not allowed"},
			{"PRAGMA journal_mode=delete", ErrReadOnly, "PRAGMA journal_mode=delete is not allowed"},
			{"PRAGMA query_only=0", ErrReadOnly, "PRAGMA query_only=0 is not allowed"},
			{"PRAGMA user_version=7", ErrReadOnly, "PRAGMA user_version=7 is not allowed"},
			{"PRAGMA wal_checkpoint", ErrReadOnly, "PRAGMA wal_checkpoint is not allowed"},
			{"PRAGMA writable_schema=ON", ErrReadOnly, "not allowed"},
			{"ATTACH '" + outside + "' AS o", ErrReadOnly, "ATTACH and VACUUM are not allowed"},
			{"ATTACH ':memory:' AS o", ErrReadOnly, "ATTACH and VACUUM are not allowed"},
			{"VACUUM", ErrReadOnly, "executeDBQuery is read-only"},
			{"VACUUM INTO '" + outside + "'", ErrReadOnly, "executeDBQuery is read-only"},
			{"BEGIN", ErrReadOnly, "transaction control is not allowed"},
			{"BEGIN IMMEDIATE", ErrReadOnly, "transaction control is not allowed"},
			{"SAVEPOINT x", ErrReadOnly, "transaction control is not allowed"},
			{"REINDEX", ErrReadOnly, "not allowed"},
			{"ANALYZE", ErrReadOnly, "not allowed"},
			{"EXPLAIN DELETE FROM kv", ErrReadOnly, "DELETE from kv"},
			{"WITH x AS (SELECT 1) DELETE FROM kv", ErrReadOnly, "DELETE from kv"},
			{"SELECT 1; DELETE FROM kv", ErrMultipleStatements, "The supplied SQL string contains more than one statement"},
			{"SELECT 1 AS a; SELECT 2 AS b", ErrMultipleStatements, "more than one statement"},
			{"SELECT 1;\n-- c\nDROP TABLE kv", ErrMultipleStatements, "more than one statement"},
			{"SELECT 1\x00; DELETE FROM kv", nil, "NUL byte"},
		}
		for _, tt := range tests {
			t.Run(tt.sql, func(t *testing.T) {
				rows, err := db.ExecuteQuery(t.Context(), tt.sql)
				if err == nil {
					t.Fatalf("ExecuteQuery(%q) succeeded: %v", tt.sql, rows)
				}
				if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
					t.Errorf("error %q is not %v", err, tt.wantIs)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("error %q does not contain %q", err, tt.wantMsg)
				}
				if after := snapshot(t, db); after != before {
					t.Fatalf("database changed:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
		if _, err := os.Stat(outside); !os.IsNotExist(err) {
			t.Errorf("a refused statement created %s (err=%v)", outside, err)
		}
		// The writer is unaffected.
		mustSet(t, db, "c", "3")
		if v, _ := mustGet(t, db, "c"); v != "3" {
			t.Fatal("writer broken after refusals")
		}
	})
}

func TestExecuteQueryErrors(t *testing.T) {
	db := openKind(t, "file")
	tests := []struct {
		sql     string
		wantIs  error
		wantMsg string // exact error text
		code    sqlite.ResultCode
	}{
		{sql: "", wantIs: ErrNoStatements, wantMsg: "The supplied SQL string contains no statements"},
		{sql: "  \n\t", wantIs: ErrNoStatements, wantMsg: "The supplied SQL string contains no statements"},
		{sql: "-- only a comment", wantIs: ErrNoStatements, wantMsg: "The supplied SQL string contains no statements"},
		{sql: "/* unterminated", wantIs: ErrNoStatements, wantMsg: "The supplied SQL string contains no statements"},
		{sql: ";", wantIs: ErrNoStatements, wantMsg: "The supplied SQL string contains no statements"},
		{sql: "SELEC 1", wantMsg: `near "SELEC": syntax error`, code: sqlite.ResultError},
		{sql: "SELECT * FROM nope", wantMsg: "no such table: nope", code: sqlite.ResultError},
		{sql: "SELECT nope FROM kv", wantMsg: "no such column: nope", code: sqlite.ResultError},
		{sql: "SELECT abs(-9223372036854775808)", wantMsg: "integer overflow", code: sqlite.ResultError},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			_, err := db.ExecuteQuery(t.Context(), tt.sql)
			if err == nil || err.Error() != tt.wantMsg {
				t.Fatalf("error = %v, want %q", err, tt.wantMsg)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error is not %v", tt.wantIs)
			}
			if tt.code != 0 {
				var qe *QueryError
				if !errors.As(err, &qe) {
					t.Fatalf("error %T is not a *QueryError", err)
				}
				if got := sqlite.ErrCode(err).ToPrimary(); got != tt.code {
					t.Errorf("code = %v, want %v", got, tt.code)
				}
			}
		})
	}
}

func TestExecuteQueryLimits(t *testing.T) {
	t.Run("row limit", func(t *testing.T) {
		db := openKind(t, "memory", WithQueryRowLimit(10))
		const q = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<%d) SELECT x FROM c"
		rows, err := db.ExecuteQuery(t.Context(), strings.Replace(q, "%d", "10", 1))
		if err != nil || len(rows) != 10 {
			t.Fatalf("10 rows: %d, %v", len(rows), err)
		}
		if _, err := db.ExecuteQuery(t.Context(), strings.Replace(q, "%d", "11", 1)); !errors.Is(err, ErrTooManyRows) {
			t.Fatalf("11 rows: %v, want ErrTooManyRows", err)
		}
	})
	t.Run("byte limit", func(t *testing.T) {
		db := openKind(t, "file", WithQueryByteLimit(1<<20))
		tests := []struct {
			name, sql string
			ok        bool
		}{
			{"small", "SELECT 'a' AS v", true},
			{"rows within", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<1000) SELECT printf('%0500d', x) AS v FROM c", true},
			{"rows beyond", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x<3000) SELECT printf('%0500d', x) AS v FROM c", false},
			{"a blob within as bytes, beyond as JSON", "SELECT randomblob(400000) AS v", false},
			{"a text beyond", "SELECT printf('%02000000d', 1) AS v", false},
			{"escapes beyond", "SELECT replace(printf('%0400000d', 0), '0', char(1)) AS v", false},
			{"a value beyond SQLite's own limit", "SELECT randomblob(1000000000) AS v", false},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				rows, err := db.ExecuteQueryRows(t.Context(), tc.sql)
				if tc.ok {
					if err != nil {
						t.Fatal(err)
					}
					b, _ := json.Marshal(rows)
					if len(b) > 1<<20 {
						t.Fatalf("result is %d bytes, over the limit", len(b))
					}
					return
				}
				if !errors.Is(err, ErrResultTooLarge) || !strings.Contains(err.Error(), "1048576 bytes") {
					t.Fatalf("error = %v, want ErrResultTooLarge naming the limit", err)
				}
			})
		}
		if rows, err := db.ExecuteQuery(t.Context(), "SELECT 1 AS a"); err != nil || len(rows) != 1 {
			t.Fatalf("after refusals: %v, %v", rows, err)
		}
	})
	// A query for a gigabyte blob fails without the process allocating it.
	t.Run("default limit keeps memory bounded", func(t *testing.T) {
		db := openKind(t, "file")
		var before, after runtime.MemStats
		peak := peakRSS(t)
		runtime.ReadMemStats(&before)
		_, err := db.ExecuteQueryRows(t.Context(), "SELECT randomblob(1000000000) AS v")
		runtime.ReadMemStats(&after)
		// SQLite's memory is outside the Go heap: the process's peak
		// resident size shows whether it built the blob.
		if grew := peakRSS(t) - peak; peak > 0 && grew > 256<<20 {
			t.Errorf("peak RSS grew by %d bytes for a refused query", grew)
		}
		if !errors.Is(err, ErrResultTooLarge) {
			t.Fatalf("error = %v, want ErrResultTooLarge", err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
			t.Errorf("allocated %d bytes for a refused query", grew)
		}
	})
	t.Run("canceled context", func(t *testing.T) {
		db := openKind(t, "memory")
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := db.ExecuteQuery(ctx, "SELECT 1"); !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
	})
	t.Run("endless query is interrupted", func(t *testing.T) {
		db := openKind(t, "memory", WithQueryRowLimit(0))
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		_, err := db.ExecuteQuery(ctx, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want context.DeadlineExceeded", err)
		}
		// The connection is usable afterwards.
		if rows, err := db.ExecuteQuery(t.Context(), "SELECT 1 AS a"); err != nil || len(rows) != 1 {
			t.Fatalf("after interrupt: %v, %v", rows, err)
		}
	})
	t.Run("query timeout option", func(t *testing.T) {
		db := openKind(t, "memory", WithQueryTimeout(50*time.Millisecond), WithQueryRowLimit(0))
		_, err := db.ExecuteQuery(t.Context(), "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want context.DeadlineExceeded", err)
		}
	})
}

// The query connection sees committed data only, never a crank in progress.
func TestExecuteQueryCommittedOnly(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		db := openKind(t, "file")
		mustSet(t, db, "k", "committed")
		if err := db.CreateSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		mustSet(t, db, "k", "uncommitted", "new", "x")
		rows, err := db.ExecuteQuery(t.Context(), "SELECT key, value FROM kv ORDER BY key")
		if err != nil {
			t.Fatal(err)
		}
		if want := []map[string]any{{"key": "k", "value": "committed"}}; !reflect.DeepEqual(rows, want) {
			t.Fatalf("during crank: %v, want %v", rows, want)
		}
		if err := db.ReleaseSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		rows, err = db.ExecuteQuery(t.Context(), "SELECT key, value FROM kv ORDER BY key")
		if err != nil {
			t.Fatal(err)
		}
		if want := []map[string]any{{"key": "k", "value": "uncommitted"}, {"key": "new", "value": "x"}}; !reflect.DeepEqual(rows, want) {
			t.Fatalf("after crank: %v, want %v", rows, want)
		}
	})
	t.Run("memory", func(t *testing.T) {
		// The memdb VFS has no WAL: a query waits for the writer's
		// transaction rather than seeing it.
		db := openKind(t, "memory")
		mustSet(t, db, "k", "committed")
		if err := db.CreateSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		mustSet(t, db, "k", "uncommitted")
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		rows, err := db.ExecuteQuery(ctx, "SELECT value FROM kv")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("during crank: %v, %v; want context.DeadlineExceeded", rows, err)
		}
		// A query waiting for the crank completes once it commits.
		type result struct {
			rows []map[string]any
			err  error
		}
		done := make(chan result, 1)
		go func() {
			rows, err := db.ExecuteQuery(t.Context(), "SELECT value FROM kv")
			done <- result{rows, err}
		}()
		if err := db.ReleaseSavepoint("t0"); err != nil {
			t.Fatal(err)
		}
		r := <-done
		if r.err != nil || !reflect.DeepEqual(r.rows, []map[string]any{{"value": "uncommitted"}}) {
			t.Fatalf("after crank: %v, %v", r.rows, r.err)
		}
	})
}

func TestBufferJSON(t *testing.T) {
	for _, b := range []Buffer{{}, {0}, {0, 255, 7}} {
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		var back Buffer
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", data, err)
		}
		if !reflect.DeepEqual(back, b) {
			t.Errorf("round trip %v -> %s -> %v", b, data, back)
		}
	}
	for _, bad := range []string{`{"type":"Other","data":[]}`, `{"type":"Buffer","data":[256]}`, `[1,2]`} {
		var b Buffer
		if err := json.Unmarshal([]byte(bad), &b); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func TestOnlySpaceAndComments(t *testing.T) {
	tests := map[string]bool{
		"":                 true,
		" \t\r\n\f\v;;":    true,
		"-- x":             true,
		"-- x\n":           true,
		"/* x */":          true,
		"/* x":             true,
		"/**/--\n;":        true,
		"-":                false,
		"/":                false,
		"/* x */ SELECT 1": false,
		"-- x\nSELECT 1":   false,
		"x":                false,
	}
	for s, want := range tests {
		if got := onlySpaceAndComments(s); got != want {
			t.Errorf("onlySpaceAndComments(%q) = %v, want %v", s, got, want)
		}
	}
}

// Close with an open transaction must not wait for a query that is itself
// waiting for that transaction (in-memory databases have no WAL). With no
// query timeout a deadlock would hang the test.
func TestCloseWhileQueryWaits(t *testing.T) {
	db, err := Open(":memory:", WithQueryTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	mustSet(t, db, "k", "v")
	if err := db.CreateSavepoint("t0"); err != nil {
		t.Fatal(err)
	}
	mustSet(t, db, "k", "uncommitted")
	done := make(chan error, 1)
	go func() {
		rows, err := db.ExecuteQuery(t.Context(), "SELECT value FROM kv")
		if err == nil && !reflect.DeepEqual(rows, []map[string]any{{"value": "v"}}) {
			err = fmt.Errorf("rows = %v", rows)
		}
		if errors.Is(err, ErrClosed) {
			err = nil
		}
		done <- err
	}()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// peakRSS is the process's peak resident set size (VmHWM) in bytes, or 0
// where /proc does not tell it.
func peakRSS(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM: %v", err)
			}
			return kb << 10
		}
	}
	return 0
}
