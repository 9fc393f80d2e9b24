// Package lmservice is the languageModelService kernel service: upstream's
// makeKernelLanguageModelService as a kernel.HostService. A vat whose
// subcluster lists "languageModelService" in its services calls
// E(services.languageModelService).chat(params) or .sample(params) with
// upstream's ChatParams / SampleParams (lms) and gets a ChatResult /
// SampleResult as plain data. The calls run off the kernel goroutine,
// bounded by a model allowlist, per-subcluster quotas and a timeout.
package lmservice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/lms"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/ollama"
	"github.com/ocap-kernel/ocap-go/kernel-agents/llm/openai"
	daemon "github.com/ocap-kernel/ocap-go/nodejs-daemon"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/kernel"
)

// DefaultTimeout bounds a request when Config.Timeout is zero.
const DefaultTimeout = 2 * time.Minute

// maxCallers bounds the quota table; windows that have ended are dropped
// first when it is full.
const maxCallers = 4096

// Config configures the service.
type Config struct {
	// Chat is the backend. Required.
	Chat lms.ChatService
	// Sample, when nil, makes sample() fail with upstream's "raw sampling
	// not supported by this backend".
	Sample lms.SampleService
	// Models is the allowlist. Required.
	Models []string
	// RequestsPerMinute and TokensPerMinute bound each caller (a
	// subcluster, a remote kernel, or the kernel itself) per minute; zero
	// means no bound. Tokens are the usage the backend reports.
	RequestsPerMinute, TokensPerMinute int
	// Timeout bounds each request; zero means DefaultTimeout.
	Timeout time.Duration
	// Logger receives one line per refused or failed request (never a
	// prompt or a key); nil discards.
	Logger *slog.Logger
}

// QuotaError is a request refused by a quota.
type QuotaError struct {
	Caller string
	What   string // "requests" or "tokens"
	Limit  int
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("languageModelService: %s is over its quota of %d %s per minute; try again later", e.Caller, e.Limit, e.What)
}

// ModelError is a request for a model that is not allowed.
type ModelError struct {
	Model   string
	Allowed []string
}

func (e *ModelError) Error() string {
	return fmt.Sprintf("languageModelService: model %q is not allowed here (allowed: %s)", e.Model, strings.Join(e.Allowed, ", "))
}

// ErrTimeout wraps a request that did not finish within the timeout.
var ErrTimeout = errors.New("languageModelService: the model server did not answer in time")

type window struct {
	start    time.Time
	requests int
	tokens   int
}

type service struct {
	cfg Config
	mu  sync.Mutex
	use map[string]*window // by caller
}

// New returns the languageModelService host service.
func New(cfg Config) (kernel.HostService, error) {
	if cfg.Chat == nil {
		return kernel.HostService{}, errors.New("lmservice: Config.Chat is required")
	}
	if len(cfg.Models) == 0 {
		return kernel.HostService{}, errors.New("lmservice: Config.Models (the allowlist) is required")
	}
	if cfg.RequestsPerMinute < 0 || cfg.TokensPerMinute < 0 || cfg.Timeout < 0 {
		return kernel.HostService{}, errors.New("lmservice: quotas and the timeout must not be negative")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Models = slices.Clone(cfg.Models)
	s := &service{cfg: cfg, use: map[string]*window{}}
	return kernel.HostService{Name: lms.ServiceName, Methods: map[string]kernel.HostMethod{
		"chat":   s.chat,
		"sample": s.sample,
	}}, nil
}

func oneArg(c kernel.HostCall) ([]byte, error) {
	if len(c.Args) != 1 {
		return nil, fmt.Errorf("languageModelService.%s takes one argument (params), not %d", c.Method, len(c.Args))
	}
	return c.Args[0], nil
}

func (s *service) chat(ctx context.Context, c kernel.HostCall) (any, error) {
	raw, err := oneArg(c)
	if err != nil {
		return nil, err
	}
	p, err := lms.DecodeChatParams(raw)
	if err != nil {
		return nil, fmt.Errorf("languageModelService.chat: %w", err)
	}
	if p.Stream.OrElse(false) {
		return nil, errors.New("languageModelService.chat: streaming is not offered through the kernel service; call chat without stream: true")
	}
	return run(s, ctx, c, p.Model, func(ctx context.Context) (lms.ChatResult, int, error) {
		r, err := s.cfg.Chat.Chat(ctx, p)
		return r, r.Usage.TotalTokens, err
	})
}

func (s *service) sample(ctx context.Context, c kernel.HostCall) (any, error) {
	raw, err := oneArg(c)
	if err != nil {
		return nil, err
	}
	if s.cfg.Sample == nil {
		return nil, lms.ErrSampleNotSupported
	}
	p, err := lms.DecodeSampleParams(raw)
	if err != nil {
		return nil, fmt.Errorf("languageModelService.sample: %w", err)
	}
	return run(s, ctx, c, p.Model, func(ctx context.Context) (lms.SampleResult, int, error) {
		r, err := s.cfg.Sample.Sample(ctx, p)
		return r, 0, err
	})
}

// run checks the model and the quota, then calls the backend with the
// timeout and charges the tokens it reports.
func run[T any](s *service, ctx context.Context, c kernel.HostCall, model string, call func(context.Context) (T, int, error)) (any, error) {
	if !slices.Contains(s.cfg.Models, model) {
		return nil, &ModelError{Model: model, Allowed: s.cfg.Models}
	}
	who := quotaKey(c.Caller)
	if err := s.admit(who); err != nil {
		s.cfg.Logger.Warn("language model request refused", "caller", who, "err", err)
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	r, tokens, err := call(ctx)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("%w (timeout %s)", ErrTimeout, s.cfg.Timeout)
		} else {
			err = fmt.Errorf("languageModelService.%s: %w", c.Method, err)
		}
		s.cfg.Logger.Warn("language model request failed", "caller", who, "model", model, "err", err)
		return nil, err
	}
	s.charge(who, tokens)
	return r, nil
}

// quotaKey is whose quota a call counts against: the subcluster of the
// calling vat (all its vats share it), else the remote kernel or the
// kernel itself.
func quotaKey(c kernel.Caller) string {
	if c.Subcluster != "" {
		return "subcluster " + c.Subcluster
	}
	return c.String()
}

// current returns who's window, starting a new one once a minute has
// passed; nil when the table is full of windows still running. s.mu is
// held.
func (s *service) current(who string, now time.Time) *window {
	w := s.use[who]
	if w != nil && now.Sub(w.start) < time.Minute {
		return w
	}
	if w == nil && len(s.use) >= maxCallers {
		for k, old := range s.use {
			if now.Sub(old.start) >= time.Minute {
				delete(s.use, k)
			}
		}
		if len(s.use) >= maxCallers {
			return nil
		}
	}
	w = &window{start: now}
	s.use[who] = w
	return w
}

func (s *service) admit(who string) error {
	if s.cfg.RequestsPerMinute == 0 && s.cfg.TokensPerMinute == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.current(who, time.Now())
	if w == nil {
		return fmt.Errorf("languageModelService: more than %d callers used the service this minute; try again later", maxCallers)
	}
	if s.cfg.RequestsPerMinute > 0 && w.requests >= s.cfg.RequestsPerMinute {
		return &QuotaError{Caller: who, What: "requests", Limit: s.cfg.RequestsPerMinute}
	}
	if s.cfg.TokensPerMinute > 0 && w.tokens >= s.cfg.TokensPerMinute {
		return &QuotaError{Caller: who, What: "tokens", Limit: s.cfg.TokensPerMinute}
	}
	w.requests++
	return nil
}

func (s *service) charge(who string, tokens int) {
	if s.cfg.TokensPerMinute == 0 || tokens <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w := s.current(who, time.Now()); w != nil {
		w.tokens += tokens
	}
}

// FromConfig builds the service from the daemon's LM configuration
// (config.json's lm, overlaid with the --lm-* flags): an Ollama or
// OpenAI-compatible backend, the API key read from its file or
// environment variable. It is what `ocap daemon run` passes as
// RunOptions.LMService.
func FromConfig(c daemon.LMConfig, log *slog.Logger) (kernel.HostService, error) {
	if err := c.Validate(); err != nil {
		return kernel.HostService{}, err
	}
	key, err := apiKey(c)
	if err != nil {
		return kernel.HostService{}, err
	}
	cfg := Config{Models: c.Models, RequestsPerMinute: c.RequestsPerMinute, TokensPerMinute: c.TokensPerMinute,
		Timeout: time.Duration(c.TimeoutSeconds) * time.Second, Logger: log}
	hc := &http.Client{} // requests are bounded by the service's timeout
	switch c.Backend {
	case daemon.LMBackendOpenAI:
		svc, err := openai.NewService(openai.ServiceConfig{BaseURL: c.BaseURL, APIKey: key, HTTPClient: hc})
		if err != nil {
			return kernel.HostService{}, err
		}
		cfg.Chat = svc
	case daemon.LMBackendOllama, "":
		if key != "" {
			return kernel.HostService{}, errors.New("lm: the ollama backend takes no API key")
		}
		svc, err := ollama.NewService(ollama.ServiceConfig{BaseURL: c.BaseURL, HTTPClient: hc})
		if err != nil {
			return kernel.HostService{}, err
		}
		cfg.Chat, cfg.Sample = svc, svc
	}
	return New(cfg)
}

// apiKey reads the key from its file or environment variable; the
// errors name where it was looked for, never the key.
func apiKey(c daemon.LMConfig) (string, error) {
	switch {
	case c.APIKeyFile != "":
		raw, err := os.ReadFile(c.APIKeyFile)
		if err != nil {
			return "", fmt.Errorf("lm: read the API key file: %w", err)
		}
		key := strings.TrimSpace(string(raw))
		if key == "" {
			return "", fmt.Errorf("lm: the API key file %s is empty", c.APIKeyFile)
		}
		return key, nil
	case c.APIKeyEnv != "":
		key := strings.TrimSpace(os.Getenv(c.APIKeyEnv))
		if key == "" {
			return "", fmt.Errorf("lm: the environment variable %s that should hold the API key is empty or unset", c.APIKeyEnv)
		}
		return key, nil
	}
	return "", nil
}
