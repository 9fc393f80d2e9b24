package daemon

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// Errors of ReadLine, with upstream's texts.
var (
	ErrSocketClosed   = errors.New("Socket closed before response received")
	ErrReadTimeout    = errors.New("Socket read timed out")
	ErrLineTooLong    = errors.New("line too long")
	errNoDeadlineConn = errors.New("connection does not support deadlines")
)

// ReadLine reads from conn up to the first newline and returns the text
// before it; anything after it is discarded. timeout (0: none) bounds the
// whole read. It fails with ErrReadTimeout, ErrSocketClosed when the peer
// closes first, or ErrLineTooLong beyond maxLen bytes (0: no limit).
func ReadLine(conn net.Conn, timeout time.Duration, maxLen int) (string, error) {
	if timeout > 0 {
		if err := conn.SetReadDeadline(time.Now().Add(timeout)); err != nil {
			return "", fmt.Errorf("%w: %w", errNoDeadlineConn, err)
		}
		defer conn.SetReadDeadline(time.Time{})
	}
	line, err := readLine(bufio.NewReader(conn), maxLen)
	if err != nil {
		return "", err
	}
	return string(line), nil
}

// readLine reads one line (without its newline) from r. A line that fits
// in r's buffer is returned without a copy, so it is valid only until the
// next read from r. At EOF it returns ErrSocketClosed together with the
// bytes read after the last newline (nil if none), which the server still
// answers as a request.
func readLine(r *bufio.Reader, maxLen int) (line []byte, err error) {
	chunk, err := r.ReadSlice('\n')
	if err == nil && (maxLen <= 0 || len(chunk) <= maxLen+1) {
		return chunk[:len(chunk)-1], nil
	}
	for {
		if maxLen > 0 && len(line)+len(chunk) > maxLen+1 {
			return nil, ErrLineTooLong
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			chunk, err = r.ReadSlice('\n')
		case errors.Is(err, os.ErrDeadlineExceeded):
			return nil, ErrReadTimeout
		case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
			return line, ErrSocketClosed
		default:
			return nil, fmt.Errorf("read line: %w", err)
		}
	}
}

// WriteLine writes line and a newline to conn; timeout (0: none) bounds
// the write.
func WriteLine(conn net.Conn, line string, timeout time.Duration) error {
	if timeout > 0 {
		if err := conn.SetWriteDeadline(time.Now().Add(timeout)); err != nil {
			return fmt.Errorf("%w: %w", errNoDeadlineConn, err)
		}
		defer conn.SetWriteDeadline(time.Time{})
	}
	buf := make([]byte, 0, len(line)+1)
	buf = append(append(buf, line...), '\n')
	if _, err := conn.Write(buf); err != nil {
		return fmt.Errorf("write line: %w", err)
	}
	return nil
}
