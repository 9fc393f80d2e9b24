package kernelstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"zombiezen.com/go/sqlite"
)

// Errors of ExecuteQuery that callers distinguish with errors.Is. The first
// two have upstream's texts.
var (
	// ErrNoStatements: the SQL string is empty or only comments.
	//lint:ignore ST1005 upstream's exact text, shown to RPC clients
	ErrNoStatements = errors.New("The supplied SQL string contains no statements")
	// ErrMultipleStatements: more than one statement in the SQL string.
	//lint:ignore ST1005 upstream's exact text, shown to RPC clients
	ErrMultipleStatements = errors.New("The supplied SQL string contains more than one statement")
	// ErrReadOnly: the statement would change the database (or another
	// file, or the connection's settings), or is not a query.
	ErrReadOnly = errors.New("executeDBQuery is read-only")
	// ErrTooManyRows: the result exceeds the row limit (WithQueryRowLimit).
	ErrTooManyRows = errors.New("executeDBQuery: too many rows")
	// ErrResultTooLarge: the result, as JSON, would exceed the byte limit
	// (WithQueryByteLimit), or one value exceeds it.
	ErrResultTooLarge = errors.New("executeDBQuery: result too large")
)

// QueryError is an error SQLite reported for the SQL given to
// ExecuteQuery. Its text is SQLite's own message (e.g. `no such table: nope`
// or `near "SELEC": syntax error`), which is what upstream clients see; the
// wrapped error carries the SQLite result code (sqlite.ErrCode).
type QueryError struct {
	Message string
	Err     error
}

func (e *QueryError) Error() string { return e.Message }

// Unwrap returns the underlying SQLite error.
func (e *QueryError) Unwrap() error { return e.Err }

// Buffer is a BLOB value in an ExecuteQuery row. It encodes to JSON the way
// upstream's Node Buffer does: {"type":"Buffer","data":[0,255]}.
type Buffer []byte

// MarshalJSON implements json.Marshaler.
func (b Buffer) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, len(`{"type":"Buffer","data":[]}`)+4*len(b))
	out = append(out, `{"type":"Buffer","data":[`...)
	for i, c := range b {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendUint(out, uint64(c), 10)
	}
	return append(out, "]}"...), nil
}

// UnmarshalJSON implements json.Unmarshaler, accepting what MarshalJSON
// produces.
func (b *Buffer) UnmarshalJSON(data []byte) error {
	var v struct {
		Type string `json:"type"`
		Data []int  `json:"data"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if v.Type != "Buffer" {
		return fmt.Errorf("kernelstore: Buffer: type is %q, want \"Buffer\"", v.Type)
	}
	out := make(Buffer, len(v.Data))
	for i, n := range v.Data {
		if n < 0 || n > 255 {
			return fmt.Errorf("kernelstore: Buffer: byte %d out of range: %d", i, n)
		}
		out[i] = byte(n)
	}
	*b = out
	return nil
}

// ExecuteQuery runs one read-only SQL query (executeDBQuery) on the query
// connection and returns its rows as column-name → value maps. Values keep
// their SQLite types: INTEGER → int64 (exact, also above 2^53, where
// upstream's JavaScript numbers lost precision), REAL → float64 (±Inf →
// nil, as JSON.stringify gives null), TEXT → string, NULL → nil, BLOB →
// [Buffer]. When several columns share a name the last one wins (upstream).
//
// The query sees committed data only. Anything that is not a single
// read-only query is refused without running: writes of any kind, including
// DELETE … RETURNING, DDL, ATTACH/VACUUM, transaction control and PRAGMAs
// that set something ([ErrReadOnly]); several statements
// ([ErrMultipleStatements]); no statement ([ErrNoStatements]). SQLite's own
// errors come back as [*QueryError]. The query stops when ctx is done, after
// the query timeout, with [ErrTooManyRows] past the row limit, or with
// [ErrResultTooLarge] past the byte limit.
//
// For in-memory databases (no WAL) the query waits while a transaction is
// open on the writer, until it commits or ctx / the timeout ends the wait.
func (db *DB) ExecuteQuery(ctx context.Context, query string) ([]map[string]any, error) {
	rows, err := db.ExecuteQueryRows(ctx, query)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		m := make(map[string]any, len(r.Columns))
		for j, c := range r.Columns {
			m[c] = r.Values[j]
		}
		out[i] = m
	}
	return out, nil
}

// Row is one result row of a query with its columns in SELECT order. It
// marshals as the JSON object upstream's executeDBQuery returns: keys in
// JavaScript property order (array-index names first, then column order).
type Row struct {
	Columns []string
	Values  []any
}

// MarshalJSON writes the row as an object.
func (r Row) MarshalJSON() ([]byte, error) {
	order := make([]int, len(r.Columns))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		na, aIdx := arrayIndex(r.Columns[order[a]])
		nb, bIdx := arrayIndex(r.Columns[order[b]])
		if aIdx && bIdx {
			return na < nb
		}
		return aIdx && !bIdx
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for n, i := range order {
		if n > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(r.Columns[i]); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1) // the encoder's newline
		buf.WriteByte(':')
		if err := enc.Encode(r.Values[i]); err != nil {
			return nil, fmt.Errorf("column %q: %w", r.Columns[i], err)
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// arrayIndex reports whether s is a canonical JavaScript array index.
func arrayIndex(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil && n < 4294967295
}

// ExecuteQueryRows is ExecuteQuery with the columns of each row in SELECT
// order, as upstream returns them.
func (db *DB) ExecuteQueryRows(ctx context.Context, query string) ([]Row, error) {
	if strings.IndexByte(query, 0) >= 0 {
		return nil, errors.New("executeDBQuery: the SQL string contains a NUL byte")
	}
	if onlySpaceAndComments(query) {
		return nil, ErrNoStatements
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("executeDBQuery: %w", err)
	}
	db.qmu.Lock()
	defer db.qmu.Unlock()
	if db.closed {
		return nil, ErrClosed
	}
	if db.queryTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, db.queryTimeout)
		defer cancel()
	}
	conn := db.qconn
	conn.SetInterrupt(ctx.Done())
	defer conn.SetInterrupt(nil)

	db.qauth.denied = ""
	stmt, trailing, err := conn.PrepareTransient(query)
	if err != nil {
		return nil, db.queryError(ctx, err)
	}
	defer stmt.Finalize()
	if trailing > 0 && !onlySpaceAndComments(query[len(query)-trailing:]) {
		return nil, ErrMultipleStatements
	}
	ncol := stmt.ColumnCount()
	if ncol == 0 {
		return nil, fmt.Errorf("%w: the statement does not return data", ErrReadOnly)
	}
	// zombiezen keeps column names in a name → index map, so ColumnName
	// returns "" for a column whose name a later column reuses. Skipping
	// those columns gives exactly "the last one wins"; a column really
	// named "" is the one ColumnIndex("") reports.
	names := make([]string, ncol)
	skip := make([]bool, ncol)
	for i := range names {
		names[i] = stmt.ColumnName(i)
		skip[i] = names[i] == "" && stmt.ColumnIndex("") != i
	}
	var cols []string
	var idx []int
	for i, name := range names {
		if !skip[i] {
			cols = append(cols, name)
			idx = append(idx, i)
		}
	}
	// Each row costs its JSON: braces, and per column its quoted name, a
	// colon, a comma and the value (counted as it is read).
	rowCost := 2
	for _, c := range cols {
		rowCost += jsonStringLen(c) + 2
	}
	budget := db.queryByteLimit
	rows := []Row{}
	for {
		hasRow, err := stmt.Step()
		if err != nil {
			return nil, db.queryError(ctx, err)
		}
		if !hasRow {
			return rows, nil
		}
		if db.queryRowLimit > 0 && len(rows) >= db.queryRowLimit {
			return nil, fmt.Errorf("%w: more than %d", ErrTooManyRows, db.queryRowLimit)
		}
		cost := rowCost
		row := Row{Columns: cols, Values: make([]any, len(idx))}
		for j, i := range idx {
			if budget > 0 {
				if cost += valueCost(stmt, i); cost > budget {
					return nil, db.tooLarge()
				}
			}
			row.Values[j] = columnValue(stmt, i)
			if s, ok := row.Values[j].(string); ok && budget > 0 {
				cost += jsonStringLen(s) - len(s) // escapes, now that the text is read
			}
		}
		if budget > 0 {
			if budget -= cost; budget < 0 {
				return nil, db.tooLarge()
			}
		}
		rows = append(rows, row)
	}
}

func (db *DB) tooLarge() error {
	return fmt.Errorf("%w: more than %d bytes as JSON; select fewer rows or shorter values (LIMIT/OFFSET, substr)", ErrResultTooLarge, db.queryByteLimit)
}

// valueCost is the JSON size of column i of the current row, known before
// the value is copied out of SQLite: exact for numbers and blobs (a
// Buffer's bytes are written as up to three digits and a comma), a lower
// bound for text, whose escapes columnValue's caller adds.
func valueCost(stmt *sqlite.Stmt, i int) int {
	switch stmt.ColumnType(i) {
	case sqlite.TypeInteger, sqlite.TypeFloat:
		return 24
	case sqlite.TypeText:
		return stmt.ColumnLen(i) + 2
	case sqlite.TypeBlob:
		return len(`{"type":"Buffer","data":[]}`) + 4*stmt.ColumnLen(i)
	default:
		return 4
	}
}

// jsonStringLen bounds the length of s as a JSON string encoding/json
// writes (HTML escaping off): quotes, two-character and \u00XX escapes,
// and \ufffd for each invalid byte.
func jsonStringLen(s string) int {
	n := 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < 0x20:
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			n += 6 // \ufffd
		case r == '\u2028' || r == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}

func columnValue(stmt *sqlite.Stmt, i int) any {
	switch stmt.ColumnType(i) {
	case sqlite.TypeInteger:
		return stmt.ColumnInt64(i)
	case sqlite.TypeFloat:
		f := stmt.ColumnFloat(i)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil
		}
		return f
	case sqlite.TypeText:
		return stmt.ColumnText(i)
	case sqlite.TypeBlob:
		b := make(Buffer, stmt.ColumnLen(i))
		stmt.ColumnBytes(i, b)
		return b
	default:
		return nil
	}
}

// queryError classifies an error from preparing or stepping a client query.
func (db *DB) queryError(ctx context.Context, err error) error {
	switch sqlite.ErrCode(err).ToPrimary() {
	case sqlite.ResultInterrupt:
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("executeDBQuery: %w", cerr)
		}
	case sqlite.ResultAuth:
		if d := db.qauth.denied; d != "" {
			return fmt.Errorf("%w: %s", ErrReadOnly, d)
		}
		return fmt.Errorf("%w: %s", ErrReadOnly, sqliteMessage(err))
	case sqlite.ResultTooBig:
		return db.tooLarge()
	case sqlite.ResultReadOnly:
		return fmt.Errorf("%w: %s", ErrReadOnly, sqliteMessage(err))
	case sqlite.ResultBusy, sqlite.ResultLocked:
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("executeDBQuery: %w", cerr)
		}
	}
	return &QueryError{Message: sqliteMessage(err), Err: err}
}

// sqliteMessage extracts SQLite's own message from a zombiezen error, whose
// text is "sqlite: <op>: [line:col: ]<result code text>[: <message>]".
func sqliteMessage(err error) string {
	s := err.Error()
	codeText := sqlite.ErrCode(err).Message()
	if i := strings.LastIndex(s, codeText+": "); i >= 0 {
		return s[i+len(codeText)+2:]
	}
	if strings.HasSuffix(s, codeText) {
		return codeText
	}
	return s
}

// onlySpaceAndComments reports whether s holds no SQL statement: only
// whitespace, comments and empty statements (';'), following SQLite's
// tokenizer (an unterminated /* comment runs to the end).
func onlySpaceAndComments(s string) bool {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == ';' || ('\t' <= c && c <= '\r'):
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return true
			}
			i += j + 1
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return true
			}
			i += 2 + j + 2
		default:
			return false
		}
	}
	return true
}

// readOnlyAuthorizer admits only what a read-only query needs. It is called
// while a statement is prepared on the query connection (under db.qmu) and
// records the first thing it refused, for the error message.
type readOnlyAuthorizer struct {
	denied string
}

// Pragmas that only report something. Those in pragmaWithArg may take an
// argument (a table or index name, or a check limit); the others are
// allowed only without one (with one they would set a value).
var (
	pragmaNoArg = map[string]bool{
		"application_id": true, "auto_vacuum": true, "collation_list": true,
		"compile_options": true, "data_version": true, "database_list": true,
		"encoding": true, "freelist_count": true, "function_list": true,
		"journal_mode": true, "module_list": true, "page_count": true,
		"page_size": true, "pragma_list": true, "schema_version": true,
		"synchronous": true, "table_list": true, "user_version": true,
		"foreign_key_check": true, "integrity_check": true, "quick_check": true,
	}
	pragmaWithArg = map[string]bool{
		"table_info": true, "table_xinfo": true, "table_list": true,
		"index_list": true, "index_info": true, "index_xinfo": true,
		"foreign_key_list": true, "foreign_key_check": true,
		"integrity_check": true, "quick_check": true,
	}
)

func (a *readOnlyAuthorizer) Authorize(action sqlite.Action) sqlite.AuthResult {
	var reason string
	switch action.Type() {
	case sqlite.OpSelect, sqlite.OpRead, sqlite.OpFunction, sqlite.OpRecursive:
		return sqlite.AuthResultOK
	case sqlite.OpPragma:
		name := strings.ToLower(action.Pragma())
		arg := action.PragmaArg()
		if (arg == "" && pragmaNoArg[name]) || (arg != "" && pragmaWithArg[name]) {
			return sqlite.AuthResultOK
		}
		if arg != "" {
			reason = "PRAGMA " + name + "=" + arg + " is not allowed"
		} else {
			reason = "PRAGMA " + name + " is not allowed"
		}
	case sqlite.OpInsert:
		reason = "INSERT into " + action.Table() + " is not allowed"
	case sqlite.OpUpdate:
		reason = "UPDATE of " + action.Table() + " is not allowed"
	case sqlite.OpDelete:
		reason = "DELETE from " + action.Table() + " is not allowed"
	case sqlite.OpAttach:
		reason = "ATTACH and VACUUM are not allowed"
	case sqlite.OpTransaction, sqlite.OpSavepoint:
		reason = "transaction control is not allowed"
	default:
		reason = strings.TrimPrefix(action.Type().String(), "SQLITE_") + " is not allowed"
	}
	if a.denied == "" {
		a.denied = reason
	}
	return sqlite.AuthResultDeny
}
