package api

import (
	"encoding/json"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/smallcaps"
)

// Status is the result of getStatus.
type Status struct {
	Vats        []VatStatus        `json:"vats"`
	Subclusters []SubclusterStatus `json:"subclusters"`
	RemoteComms RemoteCommsStatus  `json:"remoteComms"`
}

// VatStatus describes one running vat.
type VatStatus struct {
	ID           string    `json:"id"`
	Config       VatConfig `json:"config"`
	SubclusterID string    `json:"subclusterId"`
}

// SubclusterStatus describes one persisted subcluster.
type SubclusterStatus struct {
	ID     string           `json:"id"`
	Config ClusterConfig    `json:"config"`
	Vats   NamedMap[string] `json:"vats"`
}

// Remote comms states reported by getStatus.
const (
	RemoteCommsDisconnected = "disconnected"
	RemoteCommsIdentityOnly = "identity-only"
	RemoteCommsConnected    = "connected"
)

// RemoteCommsStatus is the remoteComms member of Status.
type RemoteCommsStatus struct {
	State           string   `json:"state"`
	PeerID          string   `json:"peerId,omitempty"`
	ListenAddresses []string `json:"listenAddresses,omitempty"`
}

// MarshalJSON keeps listenAddresses present (possibly empty) when connected,
// as upstream does, and absent otherwise.
func (s RemoteCommsStatus) MarshalJSON() ([]byte, error) {
	type plain RemoteCommsStatus
	if s.State != RemoteCommsConnected {
		return json.Marshal(plain{State: s.State, PeerID: s.PeerID})
	}
	addrs := s.ListenAddresses
	if addrs == nil {
		addrs = []string{}
	}
	return json.Marshal(struct {
		State           string   `json:"state"`
		PeerID          string   `json:"peerId"`
		ListenAddresses []string `json:"listenAddresses"`
	}{s.State, s.PeerID, addrs})
}

// CapData is a marshalled value: a smallcaps body and the krefs it refers
// to. It is smallcaps.CapData; slots always marshal as an array.
type CapData = smallcaps.CapData

// LaunchResult is the result of launchSubcluster.
type LaunchResult struct {
	SubclusterID    string   `json:"subclusterId"`
	RootKref        string   `json:"rootKref"`
	BootstrapResult *CapData `json:"bootstrapResult"`
}

// RemoteCommsOptions are the parameters of initRemoteComms.
type RemoteCommsOptions struct {
	Relays            []string `json:"relays,omitempty"`
	DirectListenAddrs []string `json:"directListenAddresses,omitempty"`
	MaxRetryAttempts  int      `json:"maxRetryAttempts,omitempty"`
	MaxQueue          int      `json:"maxQueue,omitempty"`
	MaxURLRelayHints  int      `json:"maxUrlRelayHints,omitempty"`
	MaxKnownRelays    int      `json:"maxKnownRelays,omitempty"`
	AllowedWsHosts    []string `json:"allowedWsHosts,omitempty"`
}
