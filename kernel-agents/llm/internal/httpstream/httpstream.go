// Package httpstream is the HTTP core shared by the model clients (ollama,
// openai): base URLs, JSON requests with bounded retries of HTTP 429,
// error bodies of both servers' shapes, and line-oriented streams (NDJSON
// lines and SSE events) whose Close aborts the request.
//
// Reads go through bufio, so a line or event split across TCP reads is
// reassembled before it is parsed.
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
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm"
	kernelutils "github.com/ocap-kernel/ocap-go/kernel-utils"
)

// MaxLine bounds one NDJSON line or SSE event. Ollama's final line carries
// the whole token context, which can be large; anything beyond this is a
// broken server.
const MaxLine = 16 << 20

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// BaseURL checks an http(s) base URL (def when s is empty) and returns it
// without trailing slashes and without any of the suffixes strip (such as
// "/v1"). name prefixes the error.
func BaseURL(name, s, def string, strip ...string) (string, error) {
	if s == "" {
		s = def
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s: invalid base URL %q", name, s)
	}
	s = strings.TrimRight(s, "/")
	for _, suffix := range strip {
		s = strings.TrimSuffix(s, suffix)
	}
	return s, nil
}

// Client sends requests to one server. It is safe for concurrent use.
type Client struct {
	// HTTP defaults to a client without timeout (streams are bounded by
	// the caller's context).
	HTTP *http.Client
	// Base is the server root, as BaseURL returns it.
	Base string
	// Header is added to every request.
	Header http.Header
	// Retry is the policy for HTTP 429.
	Retry llm.RetryPolicy
	// Now is the clock for Retry-After dates; nil is time.Now.
	Now func() time.Time
}

func (c *Client) http() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// Do sends a JSON request (body nil: none) to Base+path and returns the
// response if its status is 2xx. A 429 is retried as c.Retry allows and
// then returned as a *llm.RateLimitError; any other status is a
// *llm.HTTPError with the message of the body. A context that ends gives an
// error saying whether the request timed out or was cancelled, wrapping
// the context's error.
func (c *Client) Do(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		payload = b
	}
	for retries := 0; ; retries++ {
		resp, err := c.once(ctx, method, path, payload)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode/100 == 2 {
			return resp, nil
		}
		herr := responseError(resp, c.now())
		var rl *llm.RateLimitError
		if !errors.As(herr, &rl) || !rl.HasRetryAfter || retries >= c.Retry.MaxRetries || rl.RetryAfter > c.Retry.MaxDelay {
			return nil, herr
		}
		if err := kernelutils.AbortableDelay(ctx, rl.RetryAfter); err != nil {
			return nil, contextError(ctx, fmt.Errorf("waiting to retry after HTTP 429: %w", err))
		}
	}
}

func (c *Client) once(ctx context.Context, method, path string, payload []byte) (*http.Response, error) {
	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http().Do(req)
	if err != nil {
		return nil, contextError(ctx, err)
	}
	return resp, nil
}

// responseError reads a non-2xx response into an error and closes it.
func responseError(resp *http.Response, now time.Time) error {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	herr := llm.HTTPError{StatusCode: resp.StatusCode}
	herr.Message, herr.Code = ErrorMessage(b)
	if herr.Message == "" {
		herr.Message = strings.TrimSpace(string(b))
	}
	if herr.Message == "" {
		herr.Message = http.StatusText(resp.StatusCode)
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		return &herr
	}
	rl := &llm.RateLimitError{HTTPError: herr}
	rl.RetryAfter, rl.HasRetryAfter = ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	return rl
}

// ParseRetryAfter reads a Retry-After value: delay-seconds, or an
// HTTP-date taken relative to now (a date in the past is a zero delay).
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// ErrorMessage extracts the message (and code) of an error body in the
// shapes model servers send: Ollama's {"error": "…"}, OpenAI's (and
// llama.cpp's) {"error": {"message", "type", "code"}}, and vLLM's
// {"object": "error", "message", "code"}. Both are empty for other bodies.
func ErrorMessage(b []byte) (message, code string) {
	var e struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Type    string          `json:"type"`
		Code    json.RawMessage `json:"code"`
	}
	if json.Unmarshal(b, &e) != nil {
		return "", ""
	}
	var s string
	if json.Unmarshal(e.Error, &s) == nil {
		return s, ""
	}
	var obj struct {
		Message string          `json:"message"`
		Type    string          `json:"type"`
		Code    json.RawMessage `json:"code"`
	}
	if len(e.Error) > 0 && json.Unmarshal(e.Error, &obj) == nil && obj.Message != "" {
		return obj.Message, codeOf(obj.Code, obj.Type)
	}
	return e.Message, codeOf(e.Code, e.Type)
}

// codeOf renders a string or numeric code, falling back to typ.
func codeOf(raw json.RawMessage, typ string) string {
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil && n != "" {
		return n.String()
	}
	return typ
}

// contextError replaces a transport error caused by the context ending
// with one that says so.
func contextError(ctx context.Context, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("model request timed out: %w", context.DeadlineExceeded)
	case ctx.Err() != nil:
		return fmt.Errorf("model request cancelled: %w", ctx.Err())
	}
	return err
}

// JSON sends a request and decodes the (bounded) 2xx response into out.
func (c *Client) JSON(ctx context.Context, method, path string, body, out any) error {
	resp, err := c.Do(ctx, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, MaxLine)).Decode(out); err != nil {
		if ctx.Err() != nil {
			return contextError(ctx, err)
		}
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}

// Stream sends a request and returns its 2xx body as Lines; closing them
// (or ending ctx) aborts the request.
func (c *Client) Stream(ctx context.Context, method, path string, body any) (*Lines, error) {
	ctx, cancel := context.WithCancel(ctx)
	resp, err := c.Do(ctx, method, path, body)
	if err != nil {
		cancel()
		return nil, err
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	return &Lines{ctx: ctx, cancel: cancel, body: resp.Body, sc: sc}, nil
}

// Lines reads a streaming response body line by line. Close cancels the
// request and closes the body, which unblocks a pending read.
type Lines struct {
	ctx    context.Context
	cancel context.CancelFunc
	body   io.ReadCloser
	sc     *bufio.Scanner
	once   sync.Once
	data   []byte // SSE data of the event being read
}

// Next returns the next line without its terminator (and without a
// trailing \r), io.EOF at the end of the body, or an error wrapping the
// context's error if the stream was cancelled or closed.
func (l *Lines) Next() ([]byte, error) {
	if l.sc.Scan() {
		return bytes.TrimSuffix(l.sc.Bytes(), []byte("\r")), nil
	}
	if l.ctx.Err() != nil {
		return nil, contextError(l.ctx, l.ctx.Err())
	}
	if err := l.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("stream line longer than %d bytes", MaxLine)
		}
		return nil, fmt.Errorf("read stream: %w", err)
	}
	return nil, io.EOF
}

// NextJSON decodes the next non-blank NDJSON line into v; io.EOF at the end.
func (l *Lines) NextJSON(v any) error {
	for {
		line, err := l.Next()
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := json.Unmarshal(line, v); err != nil {
			return fmt.Errorf("invalid line %q: %w", Truncate(line), err)
		}
		return nil
	}
}

// NextEvent returns the data of the next server-sent event: its "data:"
// lines joined by "\n", dispatched by a blank line (or by the end of the
// body). Events without data, comments (":") and other fields are skipped.
// It returns io.EOF at the end of the body.
func (l *Lines) NextEvent() ([]byte, error) {
	l.data = l.data[:0]
	haveData := false
	for {
		line, err := l.Next()
		if errors.Is(err, io.EOF) && haveData {
			return l.data, nil // a final event without its blank line
		}
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			if haveData {
				return l.data, nil
			}
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		if string(field) != "data" {
			continue
		}
		if haveData {
			l.data = append(l.data, '\n')
		}
		if len(l.data)+len(value) > MaxLine {
			return nil, fmt.Errorf("stream event longer than %d bytes", MaxLine)
		}
		l.data = append(l.data, bytes.TrimPrefix(value, []byte(" "))...)
		haveData = true
	}
}

// Close aborts the request and releases the connection.
func (l *Lines) Close() error {
	l.once.Do(func() {
		l.cancel()
		l.body.Close()
	})
	return nil
}

// Truncate shortens b for an error message.
func Truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}
