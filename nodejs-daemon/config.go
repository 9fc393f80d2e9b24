package daemon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	ma "github.com/multiformats/go-multiaddr"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/jsvat"
)

// ConfigFile is the daemon's optional configuration file in its home.
const ConfigFile = "config.json"

// Config is the content of <home>/config.json. Every member is optional; a
// missing file is an empty Config.
//
//	{"remoteComms": {"relays": ["/ip4/.../tcp/9001/ws/p2p/12D3KooW..."],
//	                 "directListenAddresses": ["/ip4/0.0.0.0/tcp/4001"]},
//	 "vats": {"memoryLimitMiB": 256},
//	 "lm": {"backend": "ollama", "baseUrl": "http://127.0.0.1:11434", "models": ["llama3.2"]}}
type Config struct {
	// RemoteComms, when it names relays or direct listen addresses, makes
	// the daemon start remote comms at start-up (the initRemoteComms
	// parameters, with the same JSON names).
	RemoteComms *api.RemoteCommsOptions `json:"remoteComms,omitempty"`
	// Vats are the defaults for the JavaScript vats the daemon runs.
	Vats *VatsConfig `json:"vats,omitempty"`
	// LM configures the languageModelService kernel service.
	LM *LMConfig `json:"lm,omitempty"`
}

// LMConfig is config.json's "lm" (and the --lm-* flags of `ocap daemon
// run`): the model server behind the languageModelService kernel service.
type LMConfig struct {
	// Backend is "ollama" (the default) or "openai" (any OpenAI-compatible
	// server).
	Backend string `json:"backend,omitempty"`
	// BaseURL is the server's root, e.g. http://127.0.0.1:11434.
	BaseURL string `json:"baseUrl,omitempty"`
	// Models is the allowlist: a request for another model is refused.
	Models []string `json:"models,omitempty"`
	// APIKeyFile or APIKeyEnv name where the API key is read from (a file
	// whose content, trimmed, is the key, or an environment variable).
	APIKeyFile string `json:"apiKeyFile,omitempty"`
	APIKeyEnv  string `json:"apiKeyEnv,omitempty"`
	// RequestsPerMinute and TokensPerMinute bound each subcluster's use
	// (zero: no bound); tokens are counted where the server reports them.
	RequestsPerMinute int `json:"requestsPerMinute,omitempty"`
	TokensPerMinute   int `json:"tokensPerMinute,omitempty"`
	// TimeoutSeconds bounds each request (zero: 120).
	TimeoutSeconds int `json:"timeoutSeconds,omitempty"`
}

// LM backends.
const (
	LMBackendOllama = "ollama"
	LMBackendOpenAI = "openai"
)

// Validate checks an LM configuration that is in use.
func (c LMConfig) Validate() error {
	switch {
	case c.Backend != "" && c.Backend != LMBackendOllama && c.Backend != LMBackendOpenAI:
		return fmt.Errorf("lm backend must be %q or %q, not %q", LMBackendOllama, LMBackendOpenAI, c.Backend)
	case c.BaseURL == "":
		return errors.New("lm: a base URL is required (--lm-url or config.json's lm.baseUrl)")
	case len(c.Models) == 0:
		return errors.New("lm: at least one allowed model is required (--lm-model or config.json's lm.models)")
	case c.APIKeyFile != "" && c.APIKeyEnv != "":
		return errors.New("lm: give the API key through a file or an environment variable, not both")
	case c.RequestsPerMinute < 0 || c.TokensPerMinute < 0 || c.TimeoutSeconds < 0:
		return errors.New("lm: quotas and the timeout must not be negative")
	}
	for _, m := range c.Models {
		if m == "" {
			return errors.New("lm: a model name must not be empty")
		}
	}
	return nil
}

// MergeLM overlays the non-empty fields of flags on file, with the
// backend defaulting to ollama; the result is nil when neither is given
// (the daemon then has no language model).
func MergeLM(file, flags *LMConfig) *LMConfig {
	if file == nil && flags == nil {
		return nil
	}
	var c LMConfig
	if file != nil {
		c = *file
		c.Models = slices.Clone(file.Models)
	}
	if flags != nil {
		if flags.Backend != "" {
			c.Backend = flags.Backend
		}
		if flags.BaseURL != "" {
			c.BaseURL = flags.BaseURL
		}
		if len(flags.Models) > 0 {
			c.Models = slices.Clone(flags.Models)
		}
		if flags.APIKeyFile != "" {
			c.APIKeyFile, c.APIKeyEnv = flags.APIKeyFile, ""
		}
		if flags.RequestsPerMinute > 0 {
			c.RequestsPerMinute = flags.RequestsPerMinute
		}
		if flags.TokensPerMinute > 0 {
			c.TokensPerMinute = flags.TokensPerMinute
		}
		if flags.TimeoutSeconds > 0 {
			c.TimeoutSeconds = flags.TimeoutSeconds
		}
	}
	if c.Backend == "" {
		c.Backend = LMBackendOllama
	}
	return &c
}

// VatsConfig is config.json's "vats".
type VatsConfig struct {
	// MemoryLimitMiB is each vat's memory cap, unless its config's
	// creationOptions.memoryLimitMiB sets its own (default 256).
	MemoryLimitMiB int64 `json:"memoryLimitMiB,omitempty"`
}

// Config is the path of the daemon's configuration file.
func (l Layout) Config() string { return filepath.Join(l.Home, ConfigFile) }

// ReadConfig reads <home>/config.json. A missing file gives an empty Config;
// unknown members, trailing data and malformed multiaddrs are errors, so a
// typo does not silently leave the daemon off the network.
func ReadConfig(home string) (Config, error) {
	path := Layout{Home: home}.Config()
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("read %s: %w", path, err)
	}
	var c Config
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("parse %s: %w", path, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("parse %s: trailing data after the JSON object", path)
	}
	if c.RemoteComms != nil {
		if err := ValidateRemoteComms(*c.RemoteComms); err != nil {
			return Config{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	if c.Vats != nil {
		if err := ValidateVatMemoryLimit(c.Vats.MemoryLimitMiB); err != nil {
			return Config{}, fmt.Errorf("%s: vats.memoryLimitMiB: %w", path, err)
		}
	}
	if c.LM != nil {
		if err := c.LM.Validate(); err != nil {
			return Config{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	return c, nil
}

// ValidateVatMemoryLimit checks a vat memory cap in MiB (0: the default).
func ValidateVatMemoryLimit(mib int64) error {
	if mib < 0 || (mib > 0 && mib < jsvat.MinMemoryLimit>>20) || mib > jsvat.MaxMemoryLimit>>20 {
		return fmt.Errorf("%d MiB is out of range: it must be between %d and %d", mib, jsvat.MinMemoryLimit>>20, jsvat.MaxMemoryLimit>>20)
	}
	return nil
}

// ValidateRemoteComms checks that the relays and direct listen addresses
// are multiaddrs, and that every relay names its peer (/p2p/<id>). The
// kernel persists initRemoteComms options before it starts the network, so
// they are checked before they reach it.
func ValidateRemoteComms(o api.RemoteCommsOptions) error {
	for _, r := range o.Relays {
		a, err := ma.NewMultiaddr(r)
		if err != nil {
			return fmt.Errorf("relay %q: %w", r, err)
		}
		if _, err := a.ValueForProtocol(ma.P_P2P); err != nil {
			return fmt.Errorf("relay %q: no /p2p/<peer id> component", r)
		}
	}
	for _, l := range o.DirectListenAddrs {
		if _, err := ma.NewMultiaddr(l); err != nil {
			return fmt.Errorf("listen address %q: %w", l, err)
		}
	}
	if o.MaxRetryAttempts < 0 || o.MaxQueue < 0 || o.MaxURLRelayHints < 0 || o.MaxKnownRelays < 0 {
		return errors.New("remote comms limits must not be negative")
	}
	return nil
}

// mergeRemoteComms overlays the non-empty fields of flags (command-line
// options) on file (config.json). The result is nil when neither names a
// relay or a listen address: there is then nothing to start.
func mergeRemoteComms(file, flags *api.RemoteCommsOptions) *api.RemoteCommsOptions {
	var o api.RemoteCommsOptions
	if file != nil {
		o = *file
	}
	if flags != nil {
		if len(flags.Relays) > 0 {
			o.Relays = slices.Clone(flags.Relays)
		}
		if len(flags.DirectListenAddrs) > 0 {
			o.DirectListenAddrs = slices.Clone(flags.DirectListenAddrs)
		}
		if flags.MaxRetryAttempts > 0 {
			o.MaxRetryAttempts = flags.MaxRetryAttempts
		}
		if flags.MaxQueue > 0 {
			o.MaxQueue = flags.MaxQueue
		}
		if flags.MaxURLRelayHints > 0 {
			o.MaxURLRelayHints = flags.MaxURLRelayHints
		}
		if flags.MaxKnownRelays > 0 {
			o.MaxKnownRelays = flags.MaxKnownRelays
		}
		if len(flags.AllowedWsHosts) > 0 {
			o.AllowedWsHosts = slices.Clone(flags.AllowedWsHosts)
		}
	}
	if len(o.Relays) == 0 && len(o.DirectListenAddrs) == 0 {
		return nil
	}
	return &o
}
