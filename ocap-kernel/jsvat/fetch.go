package jsvat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// fetcher performs the requests of vats' fetch endowments.
type fetcher struct {
	transport http.RoundTripper
	timeout   time.Duration
	maxBody   int64
}

const (
	defaultFetchBodyLimit = 32 << 20
	maxRedirects          = 20
)

type fetchRequest struct {
	URL      string      `json:"url"`
	Method   string      `json:"method"`
	Headers  [][2]string `json:"headers"`
	Redirect string      `json:"redirect"`
}

type fetchResult struct {
	Error      *string     `json:"error,omitempty"`
	Status     int         `json:"status,omitempty"`
	StatusText string      `json:"statusText,omitempty"`
	Headers    [][2]string `json:"headers,omitempty"`
	URL        string      `json:"url,omitempty"`
	Redirected bool        `json:"redirected,omitempty"`
}

// hostAllowed is the host side of the network caveat: the JavaScript
// caveat refuses first, this makes sure that what is dialled, including
// every redirect, is what the vat's config allows.
func hostAllowed(allowed []string, u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("fetch of %s URLs is not supported", u.Scheme)
	}
	host := u.Hostname()
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	hostPort := net.JoinHostPort(host, port)
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // as the URL Standard's hostname has it
	}
	if slices.Contains(allowed, host) || slices.Contains(allowed, hostPort) {
		return nil
	}
	return fmt.Errorf("Invalid host: %s", host)
}

func (h *host) jsFetch(args []any) (any, error) {
	id, err := argInt(args, 0, "fetch")
	if err != nil {
		return nil, err
	}
	meta, err := argString(args, 1, "fetch")
	if err != nil {
		return nil, err
	}
	bodyText, err := argString(args, 2, "fetch")
	if err != nil {
		return nil, err
	}
	if h.cfg.allowedHosts == nil || !slices.Contains(h.cfg.globals, "fetch") {
		return nil, errors.New("this vat was not given fetch")
	}
	var req fetchRequest
	if err := json.Unmarshal([]byte(meta), &req); err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	body, err := fromBinaryString(bodyText)
	if err != nil {
		return nil, fmt.Errorf("fetch body: %w", err)
	}
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if err := hostAllowed(h.cfg.allowedHosts, u); err != nil {
		return nil, err
	}
	h.requestsMu.Lock()
	if len(h.requests) >= maxRequests {
		h.requestsMu.Unlock()
		return nil, fmt.Errorf("vat %s has %d requests in flight: no more can be made", h.vatID, maxRequests)
	}
	ctx, cancel := context.WithCancel(h.ctx)
	h.requests[id] = cancel
	h.requestsMu.Unlock()
	go func() {
		defer cancel()
		res, respBody := h.fetcher.do(ctx, h.cfg.allowedHosts, req, u, body, h.cfg.memoryLimit)
		h.requestsMu.Lock()
		_, live := h.requests[id]
		delete(h.requests, id)
		h.requestsMu.Unlock()
		if !live {
			return // aborted
		}
		data, _ := json.Marshal(res)
		h.events.post(event{kind: eventResponse, id: id, result: string(data), body: binaryString(respBody)}, false)
	}()
	return nil, nil
}

func (h *host) jsFetchAbort(args []any) (any, error) {
	id, err := argInt(args, 0, "fetchAbort")
	if err != nil {
		return nil, err
	}
	h.requestsMu.Lock()
	cancel := h.requests[id]
	delete(h.requests, id)
	h.requestsMu.Unlock()
	if cancel != nil {
		cancel()
	}
	h.events.drop(id)
	return nil, nil
}

// do performs one request; failures are reported in the result, as fetch
// rejects with them.
func (f *fetcher) do(ctx context.Context, allowed []string, req fetchRequest, u *url.URL, body []byte, memLimit int64) (fetchResult, []byte) {
	fail := func(err error) (fetchResult, []byte) {
		msg := err.Error()
		return fetchResult{Error: &msg}, nil
	}
	if f.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.timeout)
		defer cancel()
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var rd io.Reader
	if len(body) > 0 {
		rd = strings.NewReader(string(body))
	}
	hreq, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return fail(err)
	}
	for _, kv := range req.Headers {
		hreq.Header.Add(kv[0], kv[1])
	}
	redirected := false
	client := &http.Client{
		Transport: f.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			switch req.Redirect {
			case "error":
				return errors.New("redirect mode is set to error")
			case "manual":
				return http.ErrUseLastResponse
			}
			if len(via) >= maxRedirects {
				return errors.New("too many redirects")
			}
			if err := hostAllowed(allowed, next.URL); err != nil {
				return err
			}
			redirected = true
			return nil
		},
	}
	resp, err := client.Do(hreq)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fail(err)
	}
	defer resp.Body.Close()
	limit := f.maxBody
	if limit <= 0 {
		limit = defaultFetchBodyLimit
	}
	if memLimit > 0 && memLimit/2 < limit {
		limit = memLimit / 2
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fail(err)
	}
	if int64(len(data)) > limit {
		return fail(fmt.Errorf("response body is larger than %d bytes", limit))
	}
	res := fetchResult{
		Status:     resp.StatusCode,
		StatusText: strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode))),
		URL:        resp.Request.URL.String(),
		Redirected: redirected,
	}
	for name, values := range resp.Header {
		for _, v := range values {
			res.Headers = append(res.Headers, [2]string{strings.ToLower(name), v})
		}
	}
	if res.Headers == nil {
		res.Headers = [][2]string{}
	}
	return res, data
}
