package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/ocap-kernel/ocap-go/nodejs-daemon/client"
)

// callTimeout bounds one panel action; queueMessage may wait for a vat.
const callTimeout = 2 * time.Minute

// actions are the kernel-control methods the panel may call through
// POST /api/call/{method}, each with its params passed on verbatim. shutdown
// is not one: the panel drives the kernel, it does not stop the daemon.
var actions = map[string]bool{
	"getStatus":             true,
	"launchSubcluster":      true,
	"terminateSubcluster":   true,
	"queueMessage":          true,
	"pingVat":               true,
	"restartVat":            true,
	"terminateVat":          true,
	"terminateAllVats":      true,
	"clearState":            true,
	"collectGarbage":        true,
	"executeDBQuery":        true,
	"issueOcapURL":          true,
	"redeemOcapURL":         true,
	"revoke":                true,
	"isRevoked":             true,
	"releaseKrefs":          true,
	"initRemoteComms":       true,
	"registerLocationHints": true,
}

// apiError is the body of every failed API request: {"error": {...}}.
type apiError struct {
	Message string `json:"message"`
	// Code is the daemon's JSON-RPC error code, when the daemon answered.
	Code int `json:"code,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]apiError{"error": {Message: msg}})
}

// writeCallError shows a failed daemon call: the daemon's own message when
// it answered (422), else why it could not be reached.
func (s *Server) writeCallError(w http.ResponseWriter, method string, err error) {
	var rpcErr *client.RPCError
	switch {
	case errors.As(err, &rpcErr):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]apiError{"error": {Message: rpcErr.Message, Code: rpcErr.Code}})
	case errors.Is(err, client.ErrNotRunning):
		writeError(w, http.StatusServiceUnavailable, "The daemon is not running (nothing answers on "+s.opts.SocketPath+"); start it with `ocap daemon start` and the panel reconnects")
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusGatewayTimeout, method+": no answer from the daemon within "+callTimeout.String())
	default:
		s.log.Warn("daemon call failed", "method", method, "err", err)
		writeError(w, http.StatusBadGateway, method+": "+err.Error())
	}
}

// call makes one kernel-control call on its own connection.
func (s *Server) call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return client.New(s.opts.SocketPath).Call(ctx, method, params)
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	res, err := s.call(r.Context(), "getStatus", nil)
	if err != nil {
		s.writeCallError(w, "getStatus", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]json.RawMessage{"result": res})
}

// callResult is the answer of POST /api/call/{method}.
type callResult struct {
	Result json.RawMessage `json:"result"`
	// Pretty is a queueMessage result as Options.Prettify shows it.
	Pretty json.RawMessage `json:"pretty,omitempty"`
	// PrettyError says why the result could not be shown prettified.
	PrettyError string `json:"prettyError,omitempty"`
}

func (s *Server) handleCall(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if !actions[method] {
		writeError(w, http.StatusNotFound, "the panel does not call "+strconv.Quote(method))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body exceeds %d bytes", tooBig.Limit))
			return
		}
		writeError(w, http.StatusBadRequest, "read request: "+err.Error())
		return
	}
	var params any
	if b := bytes.TrimSpace(body); len(b) > 0 {
		if !json.Valid(b) {
			writeError(w, http.StatusBadRequest, "the params are not valid JSON")
			return
		}
		if method == "launchSubcluster" && s.opts.ResolveLaunch != nil {
			if b, err = s.opts.ResolveLaunch(b); err != nil {
				writeError(w, http.StatusBadRequest, err.Error())
				return
			}
		}
		params = json.RawMessage(b)
	}
	res, err := s.call(r.Context(), method, params)
	if err != nil {
		s.writeCallError(w, method, err)
		return
	}
	out := callResult{Result: res}
	if len(res) == 0 {
		out.Result = json.RawMessage("null")
	}
	if method == "queueMessage" && s.opts.Prettify != nil {
		if p, err := s.opts.Prettify(res); err != nil {
			out.PrettyError = err.Error()
		} else {
			out.Pretty = p
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// query runs a read-only SQL statement through executeDBQuery.
func (s *Server) query(ctx context.Context, sql string) ([]map[string]any, error) {
	res, err := s.call(ctx, "executeDBQuery", map[string]string{"sql": sql})
	if err != nil {
		return nil, err
	}
	var rows []map[string]any
	if err := json.Unmarshal(res, &rows); err != nil {
		return nil, fmt.Errorf("executeDBQuery result: %w", err)
	}
	return rows, nil
}

// queryKV is query for SELECT key, value rows.
func (s *Server) queryKV(ctx context.Context, sql string) ([]kvRow, error) {
	rows, err := s.query(ctx, sql)
	if err != nil {
		return nil, err
	}
	out := make([]kvRow, 0, len(rows))
	for _, r := range rows {
		k, _ := r["key"].(string)
		v, _ := r["value"].(string)
		out = append(out, kvRow{k, v})
	}
	return out, nil
}

type kvRow struct{ key, value string }

// intParam parses a non-negative query parameter, def when absent.
func intParam(r *http.Request, name string, def, max int) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > max {
		return 0, fmt.Errorf("%s must be an integer from 0 to %d, got %q", name, max, s)
	}
	return n, nil
}

func (s *Server) handleTables(w http.ResponseWriter, r *http.Request) {
	names, err := s.tables(r.Context())
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tables": names})
}

func (s *Server) tables(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, r := range rows {
		if n, ok := r["name"].(string); ok {
			names = append(names, n)
		}
	}
	return names, nil
}

// maxPage bounds one page of a table or registry.
const maxPage = 500

// handleTable pages through one table: ?name=kv&offset=0&limit=100.
func (s *Server) handleTable(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	offset, err := intParam(r, "offset", 0, 1<<40)
	if err == nil {
		var limit int
		if limit, err = intParam(r, "limit", 100, maxPage); err == nil {
			s.tablePage(w, r, name, offset, limit)
			return
		}
	}
	writeError(w, http.StatusBadRequest, err.Error())
}

func (s *Server) tablePage(w http.ResponseWriter, r *http.Request, name string, offset, limit int) {
	names, err := s.tables(r.Context())
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	known := false
	for _, n := range names {
		known = known || n == name
	}
	if !known {
		writeError(w, http.StatusNotFound, "no table named "+strconv.Quote(name))
		return
	}
	ident := quoteIdent(name)
	count, err := s.query(r.Context(), "SELECT count(*) AS n FROM "+ident)
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	res, err := s.call(r.Context(), "executeDBQuery", map[string]string{
		"sql": fmt.Sprintf("SELECT * FROM %s LIMIT %d OFFSET %d", ident, limit, offset),
	})
	if err != nil {
		s.writeCallError(w, "executeDBQuery", err)
		return
	}
	total := 0
	if len(count) == 1 {
		if n, ok := count[0]["n"].(float64); ok {
			total = int(n)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": name, "offset": offset, "total": total, "rows": res})
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string {
	return `"` + string(bytes.ReplaceAll([]byte(s), []byte(`"`), []byte(`""`))) + `"`
}
