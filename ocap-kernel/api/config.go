package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// ClusterConfig describes a subcluster: a set of vats launched together, one
// of which (Bootstrap) receives bootstrap(vats, services).
type ClusterConfig struct {
	Bootstrap string `json:"bootstrap"`
	// ForceReset is kept with the subcluster's config, as upstream keeps
	// it. A launch always starts new vats with empty state, which is what
	// it asks for; there is no state a launch could keep instead.
	ForceReset *bool `json:"forceReset,omitempty"`
	// Services are the kernel services, and IO channels of this
	// subcluster, that bootstrap receives by name (every IO channel is
	// given whether listed or not).
	Services []string            `json:"services,omitempty"`
	IO       *NamedMap[IOConfig] `json:"io,omitempty"`
	Vats     NamedMap[VatConfig] `json:"vats"`
	// Bundles is refused at launch: it would name code for bundleName,
	// which no runtime supports (upstream accepts it and does nothing).
	Bundles *NamedMap[VatConfig] `json:"bundles,omitempty"`
}

// VatConfig says where a vat's code comes from and what it is given.
// Exactly one of BundleSpec, SourceSpec and BundleName is set; a launch
// refuses SourceSpec and BundleName with upstream's vat supervisor's error.
// Go vats refuse Globals, Network, PlatformConfig and CreationOptions,
// which only JavaScript vats have.
type VatConfig struct {
	SourceSpec      string          `json:"sourceSpec,omitempty"`
	BundleSpec      string          `json:"bundleSpec,omitempty"`
	BundleName      string          `json:"bundleName,omitempty"`
	CreationOptions json.RawMessage `json:"creationOptions,omitempty"`
	Parameters      json.RawMessage `json:"parameters,omitempty"`
	PlatformConfig  json.RawMessage `json:"platformConfig,omitempty"`
	Globals         []string        `json:"globals,omitempty"`
	Network         *NetworkConfig  `json:"network,omitempty"`
}

// AllowedGlobalNames are the globals a vat config's globals may name, as
// upstream's endowments allow them (these are host APIs, not ECMAScript
// intrinsics, which every vat has).
var AllowedGlobalNames = []string{
	"setTimeout", "clearTimeout", "setInterval", "clearInterval",
	"Date", "Math",
	"crypto", "SubtleCrypto",
	"fetch", "Request", "Headers", "Response",
	"TextEncoder", "TextDecoder",
	"URL", "URLSearchParams",
	"atob", "btoa",
	"AbortController", "AbortSignal",
}

// NetworkConfig is what a vat may reach with the fetch endowment: hosts
// ("example.com", any port) or host:port pairs ("127.0.0.1:8080").
type NetworkConfig struct {
	AllowedHosts []string `json:"allowedHosts"`
}

// IOConfig declares an IO channel of a subcluster. Which types, paths and
// units work is up to the kernel's IO channel factory; Direction limits the
// service to read ("in") or write ("out").
type IOConfig struct {
	Type      string `json:"type"`
	Path      string `json:"path,omitempty"`
	Hostport  string `json:"hostport,omitempty"`
	Direction string `json:"direction,omitempty"`
	Unit      string `json:"unit,omitempty"`
}

// Named is one entry of a NamedMap.
type Named[T any] struct {
	Name  string
	Value T
}

// NamedMap is a JSON object whose key order matters. Upstream iterates such
// objects (vats are launched in this order) in JavaScript property order:
// array-index keys first in ascending numeric order, then the other keys in
// insertion order. NamedMap keeps exactly that order, on decode and encode.
type NamedMap[T any] struct {
	Entries []Named[T]
}

// Len returns the number of entries.
func (m NamedMap[T]) Len() int { return len(m.Entries) }

// Get returns the value stored under name.
func (m NamedMap[T]) Get(name string) (T, bool) {
	for _, e := range m.Entries {
		if e.Name == name {
			return e.Value, true
		}
	}
	var zero T
	return zero, false
}

// Set replaces the value under name or appends it, keeping JavaScript order.
func (m *NamedMap[T]) Set(name string, v T) {
	for i := range m.Entries {
		if m.Entries[i].Name == name {
			m.Entries[i].Value = v
			return
		}
	}
	m.Entries = append(m.Entries, Named[T]{name, v})
	m.Entries = OrderJSKeys(m.Entries, func(e Named[T]) string { return e.Name })
}

// Names returns the keys in order.
func (m NamedMap[T]) Names() []string {
	out := make([]string, len(m.Entries))
	for i, e := range m.Entries {
		out[i] = e.Name
	}
	return out
}

// MarshalJSON writes the entries in order.
func (m NamedMap[T]) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range m.Entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(e.Name)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		v, err := json.Marshal(e.Value)
		if err != nil {
			return nil, fmt.Errorf("marshal %q: %w", e.Name, err)
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads an object, keeping the last value of a duplicated key
// at the position of its first occurrence (as JSON.parse does).
func (m *NamedMap[T]) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected an object, got %s", data)
	}
	m.Entries = nil
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := tok.(string)
		var v T
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		replaced := false
		for i := range m.Entries {
			if m.Entries[i].Name == name {
				m.Entries[i].Value = v
				replaced = true
				break
			}
		}
		if !replaced {
			m.Entries = append(m.Entries, Named[T]{name, v})
		}
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	m.Entries = OrderJSKeys(m.Entries, func(e Named[T]) string { return e.Name })
	return nil
}

// IsArrayIndex reports whether s is a JavaScript array index
// ("0".."4294967294" in canonical form); such keys come first in JS
// property order.
func IsArrayIndex(s string) bool {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n < 4294967295
}

// OrderJSKeys stably reorders items into JavaScript property order: array
// index keys first in ascending numeric order, the rest as they were.
func OrderJSKeys[E any](items []E, key func(E) string) []E {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := key(items[i]), key(items[j])
		ai, bi := IsArrayIndex(a), IsArrayIndex(b)
		if ai && bi {
			na, _ := strconv.ParseUint(a, 10, 64)
			nb, _ := strconv.ParseUint(b, 10, 64)
			return na < nb
		}
		return ai && !bi
	})
	return items
}
