package jsvat

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// baggagePrefix is the vatstore key prefix of baggage entries; each value
// is the smallcaps CapData of the entry, as JSON.
const baggagePrefix = "baggage."

// collectionName is how upstream names baggage in its error messages.
const collectionName = `"baggage"`

// loadBaggageRefs counts the references held by persisted baggage, so
// that a presence in baggage is never dropped.
func (v *vatState) loadBaggageRefs() error {
	for k, raw := range v.store {
		if !strings.HasPrefix(k, baggagePrefix) {
			continue
		}
		cd, err := parseStored(raw)
		if err != nil {
			return fmt.Errorf("vat %s: vatstore %s is corrupt: %w", v.id, k, err)
		}
		for _, s := range cd.Slots {
			v.baggageRefs[s]++
		}
	}
	return nil
}

func parseStored(raw string) (capData, error) {
	var cd capData
	err := json.Unmarshal([]byte(raw), &cd)
	return cd, err
}

// makeBaggage builds the durable map store given to buildRootObject.
func (v *vatState) makeBaggage() *goja.Object {
	vm := v.vm
	b := vm.NewObject()
	set := func(name string, f func(goja.FunctionCall) goja.Value) {
		_ = b.Set(name, v.goFunc(f))
	}
	set("has", func(c goja.FunctionCall) goja.Value {
		_, ok := v.store[baggagePrefix+v.baggageKey(c.Argument(0))]
		return vm.ToValue(ok)
	})
	set("get", func(c goja.FunctionCall) goja.Value {
		return v.baggageGet(v.baggageKey(c.Argument(0)))
	})
	set("init", func(c goja.FunctionCall) goja.Value {
		key := v.baggageKey(c.Argument(0))
		if _, ok := v.store[baggagePrefix+key]; ok {
			v.throw("Error", fmt.Sprintf("key %q already registered in collection %s", key, collectionName))
		}
		v.baggagePut(key, c.Argument(1))
		return goja.Undefined()
	})
	set("set", func(c goja.FunctionCall) goja.Value {
		key := v.baggageKey(c.Argument(0))
		if _, ok := v.store[baggagePrefix+key]; !ok {
			v.throw("Error", fmt.Sprintf("key %q not found in collection %s", key, collectionName))
		}
		v.baggagePut(key, c.Argument(1))
		return goja.Undefined()
	})
	set("delete", func(c goja.FunctionCall) goja.Value {
		key := v.baggageKey(c.Argument(0))
		raw, ok := v.store[baggagePrefix+key]
		if !ok {
			v.throw("Error", fmt.Sprintf("key %q not found in collection %s", key, collectionName))
		}
		v.releaseBaggageRefs(raw)
		v.storeDelete(baggagePrefix + key)
		delete(v.baggageCache, key)
		return goja.Undefined()
	})
	set("keys", func(goja.FunctionCall) goja.Value {
		return v.frozenList(v.baggageKeys(), func(k string) goja.Value { return vm.ToValue(k) })
	})
	set("values", func(goja.FunctionCall) goja.Value {
		return v.frozenList(v.baggageKeys(), v.baggageGet)
	})
	set("entries", func(goja.FunctionCall) goja.Value {
		return v.frozenList(v.baggageKeys(), func(k string) goja.Value {
			pair := vm.NewArray(k, v.baggageGet(k))
			v.freeze(pair)
			return pair
		})
	})
	set("getSize", func(goja.FunctionCall) goja.Value {
		return vm.ToValue(len(v.baggageKeys()))
	})
	return b
}

func (v *vatState) frozenList(keys []string, f func(string) goja.Value) goja.Value {
	items := make([]any, len(keys))
	for i, k := range keys {
		items[i] = f(k)
	}
	arr := v.vm.NewArray(items...)
	v.freeze(arr)
	return arr
}

// baggageKey checks that a key is a string: keys are strings, as in most
// upstream vats.
func (v *vatState) baggageKey(k goja.Value) string {
	if !goja.IsString(k) {
		v.throw("TypeError", fmt.Sprintf("baggage keys must be strings, got %s", v.passStyleOf(k)))
	}
	return k.String()
}

func (v *vatState) baggageKeys() []string {
	var keys []string
	for k := range v.store {
		if strings.HasPrefix(k, baggagePrefix) {
			keys = append(keys, k[len(baggagePrefix):])
		}
	}
	sort.Strings(keys)
	return keys
}

func (v *vatState) baggageGet(key string) goja.Value {
	if val, ok := v.baggageCache[key]; ok {
		return val
	}
	raw, ok := v.store[baggagePrefix+key]
	if !ok {
		v.throw("Error", fmt.Sprintf("key %q not found in collection %s", key, collectionName))
	}
	cd, err := parseStored(raw)
	if err != nil {
		v.throw("Error", fmt.Sprintf("baggage %q is corrupt: %v", key, err))
	}
	val, err := v.decode(cd)
	if err != nil {
		v.throw("Error", fmt.Sprintf("baggage %q: %v", key, err))
	}
	v.baggageCache[key] = val // decoded values are hardened: safe to share
	return val
}

// baggagePut stores a durable value: data, presences and the root object.
func (v *vatState) baggagePut(key string, val goja.Value) {
	cd, fresh, err := v.marshal(val)
	if err != nil {
		v.throw("TypeError", fmt.Sprintf("baggage %q: %v", key, err))
	}
	if len(fresh) > 0 {
		for _, ep := range fresh {
			v.forgetPromise(ep.vpid)
		}
		v.throw("TypeError", fmt.Sprintf("baggage %q: promises are not durable", key))
	}
	for _, s := range cd.Slots {
		switch {
		case strings.HasPrefix(s, "p"):
			v.throw("TypeError", fmt.Sprintf("baggage %q: promises are not durable", key))
		case strings.HasPrefix(s, "o+") && s != "o+0":
			v.throw("TypeError", fmt.Sprintf("baggage %q: objects of this vat other than its root are not durable", key))
		}
	}
	if old, ok := v.store[baggagePrefix+key]; ok {
		v.releaseBaggageRefs(old)
	}
	for _, s := range cd.Slots {
		v.baggageRefs[s]++
	}
	v.storeSet(baggagePrefix+key, string(cd.AppendJSON(nil)))
	delete(v.baggageCache, key)
}

func (v *vatState) releaseBaggageRefs(raw string) {
	cd, err := parseStored(raw)
	if err != nil {
		return
	}
	for _, s := range cd.Slots {
		if v.baggageRefs[s]--; v.baggageRefs[s] <= 0 {
			delete(v.baggageRefs, s)
		}
	}
}
