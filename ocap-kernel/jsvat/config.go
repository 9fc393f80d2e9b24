package jsvat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// DefaultMemoryLimit is a vat's memory cap when neither the vat config nor
// the runtime options choose one: what the vat's own heap may hold beyond
// the vat environment every vat has.
const DefaultMemoryLimit = 256 << 20

// MinMemoryLimit and MaxMemoryLimit bound the caps a config may choose: a
// vat needs a few MiB to start liveslots and run its bundle.
const (
	MinMemoryLimit = 8 << 20
	MaxMemoryLimit = 1 << 40
)

// launchConfig is a vat config checked for this runtime: everything in it
// is implemented, and anything else in the config is refused.
type launchConfig struct {
	globals      []string
	allowedHosts []string // nil: no network config
	fs           *fsConfig
	parameters   json.RawMessage // JSON, or nil for undefined
	memoryLimit  int64
}

// fsConfig is platformConfig.fs, upstream's fs platform capability.
type fsConfig struct {
	RootDir    string `json:"rootDir"`
	ExistsSync bool   `json:"existsSync,omitempty"`
	Promises   *struct {
		ReadFile bool `json:"readFile,omitempty"`
		Access   bool `json:"access,omitempty"`
	} `json:"promises,omitempty"`
}

// ConfigError is a vat config this runtime refuses.
type ConfigError struct {
	VatID  string
	Reason string
}

func (e *ConfigError) Error() string { return e.Reason }

// checkConfig validates cfg for vat vatID. allowed, when non-nil, is the
// kernel's restriction of the allowed global names.
func checkConfig(vatID string, cfg api.VatConfig, allowed []string, defaultLimit int64) (*launchConfig, error) {
	lc := &launchConfig{memoryLimit: defaultLimit}
	bad := func(format string, args ...any) error {
		return &ConfigError{VatID: vatID, Reason: fmt.Sprintf(format, args...)}
	}
	for _, name := range cfg.Globals {
		if !slices.Contains(api.AllowedGlobalNames, name) || (allowed != nil && !slices.Contains(allowed, name)) {
			return nil, bad("Vat %q requested unknown global %q", vatID, name)
		}
		if !slices.Contains(lc.globals, name) {
			lc.globals = append(lc.globals, name)
		}
	}
	if cfg.Network != nil {
		if cfg.Network.AllowedHosts == nil {
			return nil, bad("Vat %q: network.allowedHosts must be an array of host names", vatID)
		}
		for _, h := range cfg.Network.AllowedHosts {
			if h == "" || strings.ContainsAny(h, "/?#@ ") {
				return nil, bad("Vat %q: network.allowedHosts entry %q is not a host or host:port", vatID, h)
			}
		}
		lc.allowedHosts = slices.Clone(cfg.Network.AllowedHosts)
	}
	if slices.Contains(lc.globals, "fetch") && lc.allowedHosts == nil {
		return nil, bad("Vat %q requested \"fetch\" but no network.allowedHosts was specified", vatID)
	}
	if lc.allowedHosts != nil && !slices.Contains(lc.globals, "fetch") {
		// Only fetch reaches the network: a network config without it
		// would be accepted and then do nothing.
		return nil, bad("Vat %q: network.allowedHosts is given but \"fetch\" is not in its globals", vatID)
	}
	if p := bytes.TrimSpace(cfg.Parameters); len(p) > 0 && string(p) != "null" {
		lc.parameters = p
	}
	if err := checkPlatformConfig(lc, cfg.PlatformConfig); err != nil {
		return nil, bad("Vat %q: platformConfig: %v", vatID, err)
	}
	if err := checkCreationOptions(lc, cfg.CreationOptions); err != nil {
		return nil, bad("Vat %q: creationOptions: %v", vatID, err)
	}
	return lc, nil
}

func isFalsyJSON(raw json.RawMessage) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "false", "0", `""`:
		return true
	}
	return false
}

func checkPlatformConfig(lc *launchConfig, raw json.RawMessage) error {
	if isFalsyJSON(raw) {
		return nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return errors.New("expected an object")
	}
	for name := range top {
		if name != "fs" {
			return fmt.Errorf("Config provided entry for unregistered capability: %s", name)
		}
	}
	fsRaw, ok := top["fs"]
	if !ok {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(fsRaw))
	dec.DisallowUnknownFields()
	var fc fsConfig
	if err := dec.Decode(&fc); err != nil {
		return fmt.Errorf("fs: %v", err)
	}
	if fc.RootDir == "" || !filepath.IsAbs(fc.RootDir) {
		return fmt.Errorf("fs.rootDir must be an absolute path, got %q", fc.RootDir)
	}
	fc.RootDir = filepath.Clean(fc.RootDir)
	lc.fs = &fc
	return nil
}

func checkCreationOptions(lc *launchConfig, raw json.RawMessage) error {
	if isFalsyJSON(raw) {
		return nil
	}
	var opts map[string]json.RawMessage
	if err := json.Unmarshal(raw, &opts); err != nil {
		return errors.New("expected an object")
	}
	for name, v := range opts {
		switch name {
		case "memoryLimitMiB":
			var mib float64
			if err := json.Unmarshal(v, &mib); err != nil || mib != float64(int64(mib)) || mib <= 0 {
				return fmt.Errorf("memoryLimitMiB must be a positive whole number of MiB")
			}
			limit := int64(mib) << 20
			if limit < MinMemoryLimit {
				return fmt.Errorf("memoryLimitMiB must be at least %d", MinMemoryLimit>>20)
			}
			if limit > MaxMemoryLimit {
				return fmt.Errorf("memoryLimitMiB %d is too large", int64(mib))
			}
			lc.memoryLimit = limit
		default:
			return fmt.Errorf("%q is not supported (supported: memoryLimitMiB)", name)
		}
	}
	return nil
}

// configJSON is what the supervisor's initVat receives.
func (lc *launchConfig) configJSON(vatID string) (string, error) {
	type fsOut struct {
		ExistsSync bool `json:"existsSync,omitempty"`
		Promises   *struct {
			ReadFile bool `json:"readFile,omitempty"`
			Access   bool `json:"access,omitempty"`
		} `json:"promises,omitempty"`
	}
	out := struct {
		VatID        string          `json:"vatId"`
		Parameters   json.RawMessage `json:"parameters,omitempty"`
		Globals      []string        `json:"globals"`
		AllowedHosts *[]string       `json:"allowedHosts,omitempty"`
		Platform     *struct {
			FS *fsOut `json:"fs,omitempty"`
		} `json:"platform,omitempty"`
	}{VatID: vatID, Parameters: lc.parameters, Globals: lc.globals}
	if lc.allowedHosts != nil {
		out.AllowedHosts = &lc.allowedHosts
	}
	if out.Globals == nil {
		out.Globals = []string{}
	}
	if lc.fs != nil {
		out.Platform = &struct {
			FS *fsOut `json:"fs,omitempty"`
		}{FS: &fsOut{ExistsSync: lc.fs.ExistsSync, Promises: lc.fs.Promises}}
	}
	b, err := json.Marshal(out)
	return string(b), err
}
