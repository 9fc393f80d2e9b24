package kernelstore

import "fmt"

// VatStore is one vat's durable key/value store (rows of kv_vatstore with
// that vatID). The vat keeps the data in memory; the kernel loads it with
// GetKVData when the vat starts and writes each delivery's changes back with
// UpdateKVData.
type VatStore struct {
	db    *DB
	vatID string
}

// VatStore returns the store of vatID. It holds no resources.
func (db *DB) VatStore(vatID string) *VatStore {
	return &VatStore{db: db, vatID: vatID}
}

// VatID returns the vat this store belongs to.
func (vs *VatStore) VatID() string { return vs.vatID }

// GetKVData returns every [key, value] pair of the vat, in key byte order.
func (vs *VatStore) GetKVData() ([][2]string, error) {
	db := vs.db
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return nil, ErrClosed
	}
	st := db.stVatGet
	st.BindText(1, vs.vatID)
	var out [][2]string
	for {
		row, err := st.Step()
		if err != nil {
			return nil, fmt.Errorf("kernelstore: vatstore %s: read: %w", vs.vatID, err)
		}
		if !row {
			break
		}
		out = append(out, [2]string{st.ColumnText(0), st.ColumnText(1)})
	}
	if err := st.Reset(); err != nil {
		return nil, fmt.Errorf("kernelstore: vatstore %s: read: %w", vs.vatID, err)
	}
	return out, nil
}

// UpdateKVData applies a delivery's changes atomically: first every set,
// then every delete (so a key both set and deleted ends up deleted), as
// upstream does. Inside an open savepoint (a crank) it joins that
// transaction; otherwise it commits on its own.
func (vs *VatStore) UpdateKVData(sets [][2]string, deletes []string) error {
	db := vs.db
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	err := db.atomically(func() error {
		st := db.stVatSet
		for _, kv := range sets {
			st.BindText(1, vs.vatID)
			st.BindText(2, kv[0])
			st.BindText(3, kv[1])
			if err := step(st); err != nil {
				return fmt.Errorf("set %q: %w", kv[0], err)
			}
		}
		st = db.stVatDel
		for _, k := range deletes {
			st.BindText(1, vs.vatID)
			st.BindText(2, k)
			if err := step(st); err != nil {
				return fmt.Errorf("delete %q: %w", k, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kernelstore: vatstore %s: update: %w", vs.vatID, err)
	}
	return nil
}

// DeleteVatStore removes every vatstore row of vatID (vat termination).
func (db *DB) DeleteVatStore(vatID string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	st := db.stVatDr
	st.BindText(1, vatID)
	if err := step(st); err != nil {
		return fmt.Errorf("kernelstore: delete vatstore %s: %w", vatID, err)
	}
	return nil
}
