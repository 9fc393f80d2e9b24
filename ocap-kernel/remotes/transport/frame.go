package transport

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
)

// ProtocolID is the upstream application protocol id, literally "whatever"
// (no leading slash), used for both handling and dialing.
const ProtocolID = "whatever"

// DefaultMaxMessageSize is the upstream frame cap (1 MiB), enforced on
// send and on receive.
const DefaultMaxMessageSize = 1 << 20

// appendFrame appends one frame, uvarint(len(msg)) ‖ msg, to dst. A frame
// is written with a single Write so concurrent writers cannot interleave.
func appendFrame(dst, msg []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(msg)))
	return append(dst, msg...)
}

// readFrame reads one frame. A length above limit is refused before any
// payload is read (ResourceLimitError); the stream is unusable afterwards
// because the payload was not consumed, so the caller closes it.
func readFrame(r *bufio.Reader, limit int) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("read frame length: %w", err)
	}
	if n > uint64(limit) {
		return nil, &ResourceLimitError{
			LimitType: LimitMessageSize, Current: int(min(n, uint64(1<<62))), Limit: limit,
			Message: fmt.Sprintf("Message size %d bytes exceeds limit of %d bytes", n, limit),
		}
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("read frame body (%d bytes): %w", n, err)
	}
	return buf, nil
}

// handshakeMessage is {"method":…,"params":{"incarnationId":…}} with the
// upstream key order.
type handshakeMessage struct {
	Method string          `json:"method"`
	Params handshakeParams `json:"params"`
}

type handshakeParams struct {
	IncarnationID string `json:"incarnationId"`
}

const (
	methodHandshake    = "handshake"
	methodHandshakeAck = "handshakeAck"
)

// encodeHandshake renders a handshake or handshakeAck frame body exactly as
// upstream JSON.stringify does (no HTML escaping, no trailing newline).
func encodeHandshake(method, incarnation string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Encoding a struct of strings cannot fail.
	_ = enc.Encode(handshakeMessage{Method: method, Params: handshakeParams{IncarnationID: incarnation}})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// unexpectedMessageError is a first frame that is not the expected
// handshake message; its text is upstream's "Expected <method>, got: …".
type unexpectedMessageError struct {
	want string
	got  string
	err  error
}

func (e *unexpectedMessageError) Error() string {
	if e.err != nil {
		return "Expected " + e.want + ", got unparseable message: " + e.err.Error()
	}
	return "Expected " + e.want + ", got: " + e.got
}

func (e *unexpectedMessageError) Unwrap() error { return e.err }

// decodeHandshake parses a handshake frame and checks that it is the
// expected method with a string incarnationId (upstream isHandshakeMessage /
// isHandshakeAckMessage).
func decodeHandshake(frame []byte, want string) (string, error) {
	var m struct {
		Method any             `json:"method"`
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(frame, &m); err != nil {
		return "", &unexpectedMessageError{want: want, err: err}
	}
	method, _ := m.Method.(string)
	if method != want {
		return "", &unexpectedMessageError{want: want, got: fmt.Sprint(m.Method)}
	}
	var params map[string]any
	if err := json.Unmarshal(m.Params, &params); err != nil || params == nil {
		return "", &unexpectedMessageError{want: want, got: method + " without params"}
	}
	id, ok := params["incarnationId"].(string)
	if !ok {
		return "", &unexpectedMessageError{want: want, got: method + " without a string incarnationId"}
	}
	return id, nil
}
