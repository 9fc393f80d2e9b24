package identity

import "errors"

// mapKV is an in-memory KV: the test double of a two-method interface.
type mapKV struct {
	m      map[string]string
	setErr error
}

func newMapKV() *mapKV { return &mapKV{m: map[string]string{}} }

func (kv *mapKV) Get(key string) (string, bool, error) {
	v, ok := kv.m[key]
	return v, ok, nil
}

func (kv *mapKV) Set(key, value string) error {
	if kv.setErr != nil {
		return kv.setErr
	}
	kv.m[key] = value
	return nil
}

var errDiskFull = errors.New("disk full")
