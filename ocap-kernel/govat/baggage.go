package govat

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Baggage is the vat's durable map: values survive restarts of the vat and
// of the kernel. It holds plain data and presences; objects of the vat
// itself other than its root cannot be restored after a restart and are
// refused.
type Baggage struct{ v *Vat }

const baggagePrefix = "baggage."

// Has reports whether key is set.
func (b *Baggage) Has(key string) bool {
	_, ok := b.v.store[baggagePrefix+key]
	return ok
}

// Get returns the value under key.
func (b *Baggage) Get(key string) (any, error) {
	raw, ok := b.v.store[baggagePrefix+key]
	if !ok {
		return nil, fmt.Errorf("key %q not found in collection \"baggage\"", key)
	}
	var cd api.CapData
	if err := json.Unmarshal([]byte(raw), &cd); err != nil {
		return nil, fmt.Errorf("baggage %q is corrupt: %w", key, err)
	}
	return b.v.unmarshal(cd)
}

// Init sets a new key; it fails if the key exists.
func (b *Baggage) Init(key string, val any) error {
	if b.Has(key) {
		return fmt.Errorf("key %q already registered in collection \"baggage\"", key)
	}
	return b.put(key, val)
}

// Set replaces the value of an existing key.
func (b *Baggage) Set(key string, val any) error {
	if !b.Has(key) {
		return fmt.Errorf("key %q not found in collection \"baggage\"", key)
	}
	return b.put(key, val)
}

// Delete removes a key.
func (b *Baggage) Delete(key string) error {
	if !b.Has(key) {
		return fmt.Errorf("key %q not found in collection \"baggage\"", key)
	}
	b.v.storeDelete(baggagePrefix + key)
	return nil
}

// Keys lists the keys in order.
func (b *Baggage) Keys() []string {
	var out []string
	for k := range b.v.store {
		if strings.HasPrefix(k, baggagePrefix) {
			out = append(out, k[len(baggagePrefix):])
		}
	}
	sort.Strings(out)
	return out
}

func (b *Baggage) put(key string, val any) error {
	cd, err := b.v.marshal(val)
	if err != nil {
		return fmt.Errorf("baggage %q: %w", key, err)
	}
	for _, s := range cd.Slots {
		if strings.HasPrefix(s, "o+") && s != "o+0" {
			return fmt.Errorf("baggage %q: objects of the vat itself are not durable", key)
		}
		if strings.HasPrefix(s, "p") {
			return fmt.Errorf("baggage %q: promises are not durable", key)
		}
	}
	raw, err := json.Marshal(cd)
	if err != nil {
		return err
	}
	b.v.storeSet(baggagePrefix+key, string(raw))
	return nil
}
