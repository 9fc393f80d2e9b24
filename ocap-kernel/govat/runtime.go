package govat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/vat"
)

// BuildFunc builds a vat's root object. It runs at every start of the vat
// (launch and restart); durable state lives in baggage.
type BuildFunc func(v *Vat, params map[string]any, baggage *Baggage) (*Object, error)

// SpecPrefix selects Go vats in a VatConfig's bundleSpec.
const SpecPrefix = "go:"

// Runtime starts Go vats by name. It implements vat.Runtime.
type Runtime struct {
	mu       sync.RWMutex
	builders map[string]BuildFunc
}

// NewRuntime returns an empty runtime.
func NewRuntime() *Runtime { return &Runtime{builders: make(map[string]BuildFunc)} }

// Register makes build available as bundleSpec "go:<name>".
func (r *Runtime) Register(name string, build BuildFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.builders[name] = build
}

// Launch implements vat.Runtime.
func (r *Runtime) Launch(_ context.Context, vatID string, cfg api.VatConfig) (vat.Worker, error) {
	if !strings.HasPrefix(cfg.BundleSpec, SpecPrefix) {
		return nil, vat.ErrUnsupportedSpec
	}
	name := strings.TrimPrefix(cfg.BundleSpec, SpecPrefix)
	r.mu.RLock()
	build := r.builders[name]
	r.mu.RUnlock()
	if build == nil {
		return nil, fmt.Errorf("no Go vat named %q (bundleSpec %q)", name, cfg.BundleSpec)
	}
	if err := checkConfig(vatID, cfg); err != nil {
		return nil, err
	}
	params := map[string]any{}
	if len(cfg.Parameters) > 0 {
		if err := json.Unmarshal(cfg.Parameters, &params); err != nil {
			return nil, fmt.Errorf("vat %s parameters: %w", vatID, err)
		}
	}
	return &worker{v: newVat(vatID), build: build, params: params}, nil
}

// checkConfig refuses the VatConfig members that only JavaScript vats
// have: a Go vat has no JavaScript globals, no fetch, no platform
// capabilities and no engine to size.
func checkConfig(vatID string, cfg api.VatConfig) error {
	refuse := func(field string) error {
		return fmt.Errorf("Go vat %s (bundleSpec %q): %q is not supported for Go vats", vatID, cfg.BundleSpec, field)
	}
	switch {
	case len(cfg.Globals) > 0:
		return refuse("globals")
	case cfg.Network != nil:
		return refuse("network")
	case !isEmptyJSON(cfg.PlatformConfig):
		return refuse("platformConfig")
	case !isEmptyJSON(cfg.CreationOptions):
		return refuse("creationOptions")
	}
	return nil
}

// isEmptyJSON reports whether raw asks for nothing: absent, a
// JavaScript-falsy value (which upstream's VatConfig check treats as
// absent) or an object without members.
func isEmptyJSON(raw json.RawMessage) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "false", "0", `""`:
		return true
	}
	var m map[string]json.RawMessage
	return json.Unmarshal(raw, &m) == nil && len(m) == 0
}

// worker adapts a Vat to vat.Worker. Deliveries run on the caller's
// goroutine: the kernel never delivers to one vat concurrently.
type worker struct {
	v      *Vat
	build  BuildFunc
	params map[string]any
	closed bool
}

func (w *worker) Init(_ context.Context, state [][2]string) (vat.Result, error) {
	return w.v.start(w.build, w.params, state), nil
}

func (w *worker) Deliver(_ context.Context, d vat.Delivery) (vat.Result, error) {
	if w.closed {
		return vat.Result{}, fmt.Errorf("vat %s is closed", w.v.id)
	}
	return w.v.deliver(d), nil
}

func (w *worker) Ping(context.Context) (string, error) {
	if w.closed {
		return "", fmt.Errorf("vat %s is closed", w.v.id)
	}
	return "pong", nil
}

func (w *worker) Close() error {
	w.closed = true
	return nil
}
