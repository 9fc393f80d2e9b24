package daemon

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/rpc"
)

// SubscribeMethod turns a connection into a stream of kernelEvent (and,
// with {"log": true}, kernelLog) notifications; see Hub.Serve. It is this
// daemon's own method, not upstream's.
const SubscribeMethod = "subscribeKernelEvents"

var subscribeMarker = []byte(`"` + SubscribeMethod + `"`)

// subscribeRequest is a well-formed request for SubscribeMethod: its id
// (exact JSON text) and whether it asks for log records. ok is false for
// any other line, which the ordinary handler answers (errors included).
func subscribeRequest(line []byte) (id json.RawMessage, logs bool, perr *rpc.Error, ok bool) {
	if !bytes.Contains(line, subscribeMarker) || !json.Valid(line) {
		return nil, false, nil, false
	}
	var env struct {
		JSONRPC *string         `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Method  *string         `json:"method"`
		Params  json.RawMessage `json:"params"`
	}
	if json.Unmarshal(line, &env) != nil || env.Method == nil || *env.Method != SubscribeMethod ||
		env.JSONRPC == nil || *env.JSONRPC != "2.0" || len(env.ID) == 0 {
		return nil, false, nil, false // not it, or an envelope HandleRequest refuses
	}
	switch env.ID[0] {
	case '{', '[', 't', 'f':
		return nil, false, nil, false
	}
	if len(env.Params) == 0 || string(env.Params) == "null" {
		return env.ID, false, nil, true
	}
	var params map[string]json.RawMessage
	if json.Unmarshal(env.Params, &params) != nil {
		return env.ID, false, &rpc.Error{Code: rpc.CodeInvalidParams, Message: "Invalid params: Expected an object, but received: " + string(env.Params)}, true
	}
	for k, v := range params {
		if k != "log" {
			return env.ID, false, &rpc.Error{Code: rpc.CodeInvalidParams, Message: fmt.Sprintf("Invalid params: At path: %s -- Expected a value of type `never`, but received: `%s`", k, v)}, true
		}
		if json.Unmarshal(v, &logs) != nil {
			return env.ID, false, &rpc.Error{Code: rpc.CodeInvalidParams, Message: fmt.Sprintf("Invalid params: At path: log -- Expected a value of type `boolean`, but received: `%s`", v)}, true
		}
	}
	return env.ID, logs, nil, true
}

// subscribe answers a subscription request and then streams the hub's
// notifications on conn until the client closes or sends anything (the
// connection carries notifications only from then on), a write fails, or
// the server closes. It reports whether the connection may go on with
// other requests: only after a refusal.
func (s *Server) subscribe(conn *net.UnixConn, r *bufio.Reader, id json.RawMessage, logs bool, perr *rpc.Error) bool {
	reply := func(body string) []byte {
		return append(append(append([]byte(`{"jsonrpc":"2.0","id":`), id...), body...), "}\n"...)
	}
	if perr == nil && s.opts.Events == nil {
		perr = &rpc.Error{Code: rpc.CodeMethodNotFound, Message: rpc.MethodNotFoundMessage}
	}
	refuse := func(e *rpc.Error) bool {
		msg, _ := json.Marshal(e.Message)
		return s.write(conn, reply(fmt.Sprintf(`,"error":{"code":%d,"message":%s}`, e.Code, msg)))
	}
	if perr != nil {
		return refuse(perr)
	}
	ctx, cancel := context.WithCancel(s.subs)
	defer cancel()
	readerDone := make(chan struct{})
	started := false
	ready := func() error {
		if !s.write(conn, reply(`,"result":{"subscribed":true}`)) {
			return errors.New("write subscription answer failed")
		}
		started = true
		conn.SetReadDeadline(time.Time{}) // a stream has no idle timeout
		go func() {
			defer close(readerDone)
			defer cancel()
			r.ReadByte() // data, EOF or an error: the subscription ends
		}()
		return nil
	}
	err := s.opts.Events.Serve(ctx, logs, ready, func(line []byte) error {
		if !s.write(conn, append(line, '\n')) {
			return errors.New("write notification failed")
		}
		return nil
	})
	if !started {
		if errors.Is(err, ErrTooManySubscribers) {
			return refuse(&rpc.Error{Code: CodeTooManyConnections, Message: fmt.Sprintf("Too many event subscribers: the daemon serves at most %d at once", MaxSubscribers)})
		}
		return false
	}
	s.log.Debug("event subscription ended", "err", err)
	conn.SetReadDeadline(time.Unix(1, 0)) // ends the reader goroutine
	<-readerDone                          // before r goes back to the pool
	return false
}
