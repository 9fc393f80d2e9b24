// Package httpstream holds the HTTP plumbing shared by the streaming model
// clients: request posting, error bodies and a line-oriented stream whose
// Close aborts the request.
package httpstream

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
)

// MaxLine bounds one NDJSON line or SSE field. Ollama's final line carries
// the whole token context, which can be large; anything beyond this is a
// broken server.
const MaxLine = 16 << 20

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// Do sends a JSON request and returns the response if its status is 2xx.
// Otherwise it returns a *llm.HTTPError whose message is taken from the body
// by errMessage (or the raw body start when errMessage finds none).
func Do(ctx context.Context, client *http.Client, method, url string, body any, header http.Header, errMessage func([]byte) string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		msg := ""
		if errMessage != nil {
			msg = errMessage(b)
		}
		if msg == "" {
			msg = strings.TrimSpace(string(b))
		}
		if msg == "" {
			msg = http.StatusText(resp.StatusCode)
		}
		return nil, &llm.HTTPError{StatusCode: resp.StatusCode, Message: msg}
	}
	return resp, nil
}

// Lines reads a streaming response body line by line. Close cancels the
// request and closes the body, which unblocks a pending read.
type Lines struct {
	ctx    context.Context
	cancel context.CancelFunc
	body   io.ReadCloser
	sc     *bufio.Scanner
	once   sync.Once
}

// NewLines wraps body; cancel must cancel the context of the request that
// produced it (ctx).
func NewLines(ctx context.Context, cancel context.CancelFunc, body io.ReadCloser) *Lines {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	return &Lines{ctx: ctx, cancel: cancel, body: body, sc: sc}
}

// Next returns the next line without its terminator (and without a
// trailing \r), io.EOF at the end of the body, or the context's error if
// the stream was cancelled or closed.
func (l *Lines) Next() ([]byte, error) {
	if l.sc.Scan() {
		return bytes.TrimSuffix(l.sc.Bytes(), []byte("\r")), nil
	}
	if err := l.ctx.Err(); err != nil {
		return nil, err
	}
	if err := l.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("stream line longer than %d bytes", MaxLine)
		}
		return nil, fmt.Errorf("read stream: %w", err)
	}
	return nil, io.EOF
}

// Close aborts the request and releases the connection.
func (l *Lines) Close() error {
	l.once.Do(func() {
		l.cancel()
		l.body.Close()
	})
	return nil
}
