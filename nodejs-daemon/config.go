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
//	 "vats": {"memoryLimitMiB": 256}}
type Config struct {
	// RemoteComms, when it names relays or direct listen addresses, makes
	// the daemon start remote comms at start-up (the initRemoteComms
	// parameters, with the same JSON names).
	RemoteComms *api.RemoteCommsOptions `json:"remoteComms,omitempty"`
	// Vats are the defaults for the JavaScript vats the daemon runs.
	Vats *VatsConfig `json:"vats,omitempty"`
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
