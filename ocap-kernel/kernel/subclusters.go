package kernel

import (
	"encoding/json"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// subclusterRecord is one element of the persisted "subclusters" list.
type subclusterRecord struct {
	ID     string               `json:"id"`
	Config api.ClusterConfig    `json:"config"`
	Vats   api.NamedMap[string] `json:"vats"`
}

func (k *Kernel) subclusters() []subclusterRecord {
	var out []subclusterRecord
	if v := k.st.getString(keySubclusters); v != "" {
		if err := json.Unmarshal([]byte(v), &out); err != nil {
			panic(kernelBug("subclusters is corrupt: %v", err))
		}
	}
	return out
}

func (k *Kernel) setSubclusters(list []subclusterRecord) {
	if list == nil {
		list = []subclusterRecord{}
	}
	k.st.set(keySubclusters, mustJSON(list))
}

func (k *Kernel) subcluster(id string) (subclusterRecord, bool) {
	for _, s := range k.subclusters() {
		if s.ID == id {
			return s, true
		}
	}
	return subclusterRecord{}, false
}

func (k *Kernel) vatToSubcluster() map[string]string {
	m := map[string]string{}
	if v := k.st.getString(keyVatToSubcluster); v != "" {
		if err := json.Unmarshal([]byte(v), &m); err != nil {
			panic(kernelBug("vatToSubclusterMap is corrupt: %v", err))
		}
	}
	return m
}

func (k *Kernel) deleteSubcluster(id string) {
	list := k.subclusters()
	for i, s := range list {
		if s.ID == id {
			k.setSubclusters(append(list[:i], list[i+1:]...))
			break
		}
	}
	for _, key := range k.st.keysWithPrefix(prefixSystemSubclust) {
		if k.st.getString(key) == id {
			k.st.del(key)
		}
	}
}

func (k *Kernel) addSubclusterVat(subclusterID, name, vatID string) {
	list := k.subclusters()
	for i := range list {
		if list[i].ID == subclusterID {
			list[i].Vats.Set(name, vatID)
		}
	}
	k.setSubclusters(list)
	m := k.vatToSubcluster()
	m[vatID] = subclusterID
	k.st.set(keyVatToSubcluster, mustJSON(m))
}

func (k *Kernel) removeSubclusterVat(vatID string) {
	m := k.vatToSubcluster()
	sid, ok := m[vatID]
	if !ok {
		return
	}
	delete(m, vatID)
	k.st.set(keyVatToSubcluster, mustJSON(m))
	list := k.subclusters()
	for i := range list {
		if list[i].ID != sid {
			continue
		}
		entries := list[i].Vats.Entries[:0]
		for _, e := range list[i].Vats.Entries {
			if e.Value != vatID {
				entries = append(entries, e)
			}
		}
		list[i].Vats.Entries = entries
	}
	k.setSubclusters(list)
	k.dropEmptySubclusters()
}

// dropEmptySubclusters deletes subclusters whose vats are all gone.
func (k *Kernel) dropEmptySubclusters() {
	list := k.subclusters()
	kept := list[:0]
	for _, s := range list {
		if s.Vats.Len() > 0 {
			kept = append(kept, s)
		}
	}
	if len(kept) != len(list) {
		k.setSubclusters(kept)
	}
}
