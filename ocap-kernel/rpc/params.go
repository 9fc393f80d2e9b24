package rpc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
)

// Validated parameter types, one per parameter shape. Method.Validate
// returns one of these (as a value, not a pointer).

// NoParams are the params of getStatus, terminateAllVats, collectGarbage
// and clearState: upstream's EmptyJsonArray, an empty array.
type NoParams struct{}

// VatIDParams are {id: VatId} (pingVat, restartVat, terminateVat).
type VatIDParams struct{ ID string }

// SubclusterIDParams are {id: SubclusterId} (terminateSubcluster).
type SubclusterIDParams struct{ ID string }

// KRefParams are {kref: KRef} (issueOcapURL, revoke, isRevoked).
type KRefParams struct{ KRef string }

// KRefsParams are {krefs: KRef[]} (releaseKrefs).
type KRefsParams struct{ KRefs []string }

// SQLParams are {sql: string} (executeDBQuery).
type SQLParams struct{ SQL string }

// URLParams are {url: string} (redeemOcapURL).
type URLParams struct{ URL string }

// LaunchSubclusterParams are {config: ClusterConfig}.
type LaunchSubclusterParams struct{ Config api.ClusterConfig }

// QueueMessageParams are the positional [target, method, args] of
// queueMessage. Args hold JSON values as encoding/json decodes them into
// any (float64, string, bool, nil, []any, map[string]any).
type QueueMessageParams struct {
	Target string
	Method string
	Args   []any
}

// Param schemas, mirroring the upstream structs.
var (
	jsonValueSchema = sDefine("JSON", isJSONValue)
	vatIDSchema     = sDefine("VatId", stringPred(IsVatID))
	krefSchema      = sDefine("KRef", stringPred(IsKRef))
	subclusterID    = sDefine("SubclusterId", stringPred(IsSubclusterID))

	// EmptyJsonArray = empty(array(UnsafeJsonStruct)).
	emptyParamsSchema = sEmpty(sArray(jsonValueSchema))

	vatIDParamsSchema        = sObject(field{name: "id", schema: vatIDSchema})
	subclusterIDParamsSchema = sObject(field{name: "id", schema: subclusterID})
	krefParamsSchema         = sObject(field{name: "kref", schema: krefSchema})
	krefsParamsSchema        = sObject(field{name: "krefs", schema: sArray(krefSchema)})
	sqlParamsSchema          = sObject(field{name: "sql", schema: sString()})
	urlParamsSchema          = sObject(field{name: "url", schema: sString()})

	// initRemoteComms (upstream HEAD): every key optional.
	initRemoteCommsSchema = sObject(
		field{name: "relays", exactOptional: true, schema: sArray(sString())},
		field{name: "directListenAddresses", exactOptional: true, schema: sArray(sString())},
		field{name: "maxRetryAttempts", exactOptional: true, schema: sMinInteger(0)},
		field{name: "maxQueue", exactOptional: true, schema: sMinInteger(0)},
		field{name: "maxUrlRelayHints", exactOptional: true, schema: sMinInteger(1)},
		field{name: "maxKnownRelays", exactOptional: true, schema: sMinInteger(1)},
		field{name: "allowedWsHosts", exactOptional: true, schema: sArray(sString())},
	)
	locationHintsSchema = sObject(
		field{name: "peerId", schema: sString()},
		field{name: "hints", schema: sArray(sString())},
	)

	// tuple([KRefStruct, string(), array(UnsafeJsonStruct)]).
	queueMessageSchema = sTuple(krefSchema, sString(), sArray(jsonValueSchema))

	// @metamask/kernel-platforms platformConfigStruct. Only its pass/fail matters: a failure inside
	// a VatConfig is reported as the whole VatConfig failing.
	platformConfigSchema = sObject(
		field{name: "fs", exactOptional: true, schema: sObject(
			field{name: "rootDir", schema: sString()},
			field{name: "existsSync", exactOptional: true, schema: sBoolean()},
			field{name: "promises", exactOptional: true, schema: sObject(
				field{name: "readFile", exactOptional: true, schema: sBoolean()},
				field{name: "access", exactOptional: true, schema: sBoolean()},
			)},
		)},
	)
	globalsSchema = sArray(sString())
	networkSchema = sObject(field{name: "allowedHosts", schema: sArray(sString())})

	vatConfigSchema = sDefine("VatConfig", isVatConfig)

	ioConfigSchema = func() schema {
		direction := sUnion("literal | literal | literal", sLiteral("in"), sLiteral("out"), sLiteral("inout"))
		unit := sUnion("literal | literal | literal | literal", sLiteral("line"), sLiteral("string"), sLiteral("chars"), sLiteral("bytes"))
		member := func(typ, extra string) schema {
			fields := []field{{name: "type", schema: sLiteral(typ)}}
			if extra != "" {
				fields = append(fields, field{name: extra, schema: sString()})
			}
			fields = append(fields,
				field{name: "direction", exactOptional: true, schema: direction},
				field{name: "unit", exactOptional: true, schema: unit})
			return sObject(fields...)
		}
		return sUnion("object | object | object | object | object",
			member("console", ""),
			member("listen", "hostport"),
			member("network", "hostport"),
			member("file", "path"),
			member("socket", "path"))
	}()

	clusterConfigSchema = sObject(
		field{name: "bootstrap", schema: sString()},
		field{name: "forceReset", exactOptional: true, schema: sBoolean()},
		field{name: "services", exactOptional: true, schema: sArray(sString())},
		field{name: "io", exactOptional: true, schema: sRecord(ioConfigSchema)},
		field{name: "vats", schema: sRecord(vatConfigSchema)},
		field{name: "bundles", exactOptional: true, schema: sRecord(vatConfigSchema)},
	)

	launchSubclusterSchema = sObject(field{name: "config", schema: clusterConfigSchema})
)

// isVatConfig is upstream's custom VatConfigStruct: after removing the
// optional keys creationOptions, parameters, platformConfig, globals
// (each one of the allowed global names) and network,
// exactly one of sourceSpec/bundleSpec/bundleName must remain, holding a
// string, and nothing else; the optional keys are checked only when truthy.
func isVatConfig(v *jsValue) bool {
	// Falsy values fail outright; other non-objects (and arrays) leave no
	// spec key after destructuring, so they fail too.
	if v == nil || v.kind != jsObject {
		return false
	}
	specs := 0
	for _, m := range v.obj {
		switch m.key {
		case "sourceSpec", "bundleSpec", "bundleName":
			if m.val.kind != jsString {
				return false
			}
			specs++
		case "creationOptions", "parameters":
			if m.val.truthy() && !isJSONValue(m.val) {
				return false
			}
		case "platformConfig":
			if m.val.truthy() && !is(m.val, platformConfigSchema) {
				return false
			}
		case "globals":
			if m.val.truthy() && !is(m.val, globalsSchema) {
				return false
			}
			if m.val.truthy() {
				for _, g := range m.val.arr {
					if !slices.Contains(api.AllowedGlobalNames, g.s) {
						return false
					}
				}
			}
		case "network":
			if m.val.truthy() && !is(m.val, networkSchema) {
				return false
			}
		default:
			return false
		}
	}
	return specs == 1
}

// parseParams parses raw params, treating absent or null params as [] the
// way the daemon does.
func parseParams(raw json.RawMessage) (*jsValue, error) {
	if len(raw) == 0 {
		return &jsValue{kind: jsArray, arr: []*jsValue{}}, nil
	}
	v, err := parseJS(raw)
	if err != nil {
		return nil, &ParamsError{Detail: "params are not valid JSON: " + err.Error()}
	}
	if v.kind == jsNull {
		return &jsValue{kind: jsArray, arr: []*jsValue{}}, nil
	}
	return v, nil
}

// validator builds a Method.Validate from a schema and a decoder that runs
// only on values the schema accepted.
func validator(s schema, decode func(*jsValue) (any, error)) func(json.RawMessage) (any, error) {
	return func(raw json.RawMessage) (any, error) {
		v, err := parseParams(raw)
		if err != nil {
			return nil, err
		}
		if f := s(v, nil); f != nil {
			return nil, &ParamsError{Path: f.path, Detail: f.message}
		}
		out, err := decode(v)
		if err != nil {
			return nil, &ParamsError{Detail: "cannot decode validated params: " + err.Error()}
		}
		return out, nil
	}
}

// Decoders from validated JSON values to typed params. They re-check the
// types they rely on, so a schema/decoder mismatch surfaces as a
// ParamsError rather than a panic.

func decodeNone(*jsValue) (any, error) { return NoParams{}, nil }

func stringAt(v *jsValue, key string) (string, error) {
	e := v.get(key)
	if e == nil || e.kind != jsString {
		return "", fmt.Errorf("%s: expected a string", key)
	}
	return e.s, nil
}

func decodeVatID(v *jsValue) (any, error) {
	s, err := stringAt(v, "id")
	return VatIDParams{ID: s}, err
}

func decodeSubclusterID(v *jsValue) (any, error) {
	s, err := stringAt(v, "id")
	return SubclusterIDParams{ID: s}, err
}

func decodeKRef(v *jsValue) (any, error) {
	s, err := stringAt(v, "kref")
	return KRefParams{KRef: s}, err
}

func decodeKRefs(v *jsValue) (any, error) {
	e := v.get("krefs")
	if e == nil {
		return nil, fmt.Errorf("krefs: expected an array")
	}
	krefs, err := decodeStrings(e)
	if err != nil {
		return nil, fmt.Errorf("krefs: %w", err)
	}
	return KRefsParams{KRefs: krefs}, nil
}

func decodeSQL(v *jsValue) (any, error) {
	s, err := stringAt(v, "sql")
	return SQLParams{SQL: s}, err
}

func decodeURL(v *jsValue) (any, error) {
	s, err := stringAt(v, "url")
	return URLParams{URL: s}, err
}

func decodeQueueMessage(v *jsValue) (any, error) {
	if v.kind != jsArray || len(v.arr) != 3 || v.arr[0].kind != jsString ||
		v.arr[1].kind != jsString || v.arr[2].kind != jsArray {
		return nil, fmt.Errorf("expected [target, method, args]")
	}
	args := make([]any, len(v.arr[2].arr))
	for i, a := range v.arr[2].arr {
		args[i] = a.toGo()
	}
	return QueueMessageParams{Target: v.arr[0].s, Method: v.arr[1].s, Args: args}, nil
}

func decodeLaunchSubcluster(v *jsValue) (any, error) {
	cfg, err := decodeClusterConfig(v.get("config"))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return LaunchSubclusterParams{Config: cfg}, nil
}

// decodeClusterConfig converts a validated ClusterConfig. Records are read
// in JavaScript property order (an array given as a record contributes its
// indices as names, as Object.entries would).
func decodeClusterConfig(v *jsValue) (api.ClusterConfig, error) {
	var cfg api.ClusterConfig
	if !v.isObject() {
		return cfg, fmt.Errorf("expected an object")
	}
	var err error
	if cfg.Bootstrap, err = stringAt(v, "bootstrap"); err != nil {
		return cfg, err
	}
	if fr := v.get("forceReset"); fr != nil {
		if fr.kind != jsBool {
			return cfg, fmt.Errorf("forceReset: expected a boolean")
		}
		b := fr.b
		cfg.ForceReset = &b
	}
	if sv := v.get("services"); sv != nil {
		if cfg.Services, err = decodeStrings(sv); err != nil {
			return cfg, fmt.Errorf("services: %w", err)
		}
	}
	if io := v.get("io"); io != nil {
		m, err := decodeRecord(io, decodeIOConfig)
		if err != nil {
			return cfg, fmt.Errorf("io: %w", err)
		}
		cfg.IO = &m
	}
	if cfg.Vats, err = decodeRecord(v.get("vats"), decodeVatConfig); err != nil {
		return cfg, fmt.Errorf("vats: %w", err)
	}
	if b := v.get("bundles"); b != nil {
		m, err := decodeRecord(b, decodeVatConfig)
		if err != nil {
			return cfg, fmt.Errorf("bundles: %w", err)
		}
		cfg.Bundles = &m
	}
	return cfg, nil
}

func decodeRecord[T any](v *jsValue, decode func(*jsValue) (T, error)) (api.NamedMap[T], error) {
	var m api.NamedMap[T]
	if !v.isObject() {
		return m, fmt.Errorf("expected an object")
	}
	keys := v.keys()
	m.Entries = make([]api.Named[T], 0, len(keys))
	for _, k := range keys {
		val, err := decode(v.get(k))
		if err != nil {
			return m, fmt.Errorf("%s: %w", k, err)
		}
		m.Entries = append(m.Entries, api.Named[T]{Name: k, Value: val})
	}
	return m, nil
}

func decodeStrings(v *jsValue) ([]string, error) {
	if v.kind != jsArray {
		return nil, fmt.Errorf("expected an array")
	}
	out := make([]string, len(v.arr))
	for i, e := range v.arr {
		if e.kind != jsString {
			return nil, fmt.Errorf("%d: expected a string", i)
		}
		out[i] = e.s
	}
	return out, nil
}

// decodeVatConfig converts a validated VatConfig. The free-form members
// keep their JSON text; a falsy globals (accepted upstream because it is
// only checked when truthy) is treated as absent.
func decodeVatConfig(v *jsValue) (api.VatConfig, error) {
	var vc api.VatConfig
	if v == nil || v.kind != jsObject {
		return vc, fmt.Errorf("expected an object")
	}
	for _, m := range v.obj {
		switch m.key {
		case "sourceSpec":
			vc.SourceSpec = m.val.s
		case "bundleSpec":
			vc.BundleSpec = m.val.s
		case "bundleName":
			vc.BundleName = m.val.s
		case "creationOptions":
			vc.CreationOptions = jsonText(m.val)
		case "parameters":
			vc.Parameters = jsonText(m.val)
		case "platformConfig":
			vc.PlatformConfig = jsonText(m.val)
		case "globals":
			if m.val.truthy() {
				g, err := decodeStrings(m.val)
				if err != nil {
					return vc, fmt.Errorf("globals: %w", err)
				}
				vc.Globals = g
			}
		case "network":
			if m.val.truthy() {
				hosts, err := decodeStrings(m.val.get("allowedHosts"))
				if err != nil {
					return vc, fmt.Errorf("network.allowedHosts: %w", err)
				}
				vc.Network = &api.NetworkConfig{AllowedHosts: hosts}
			}
		default:
			return vc, fmt.Errorf("unexpected key %q", m.key)
		}
	}
	return vc, nil
}

func decodeIOConfig(v *jsValue) (api.IOConfig, error) {
	var io api.IOConfig
	if v == nil || v.kind != jsObject {
		return io, fmt.Errorf("expected an object")
	}
	for _, m := range v.obj {
		if m.val.kind != jsString {
			return io, fmt.Errorf("%s: expected a string", m.key)
		}
		switch m.key {
		case "type":
			io.Type = m.val.s
		case "path":
			io.Path = m.val.s
		case "hostport":
			io.Hostport = m.val.s
		case "direction":
			io.Direction = m.val.s
		case "unit":
			io.Unit = m.val.s
		default:
			return io, fmt.Errorf("unexpected key %q", m.key)
		}
	}
	return io, nil
}

// LocationHintsParams are registerLocationHints' params.
type LocationHintsParams struct {
	PeerID string
	Hints  []string
}

func stringsAt(v *jsValue, key string) []string {
	e := v.get(key)
	if e == nil || e.kind != jsArray {
		return nil
	}
	out := make([]string, 0, len(e.arr))
	for _, x := range e.arr {
		if x.kind == jsString {
			out = append(out, x.s)
		}
	}
	return out
}

func intAt(v *jsValue, key string) int {
	if e := v.get(key); e != nil && e.kind == jsNumber {
		return int(e.n)
	}
	return 0
}

func decodeInitRemoteComms(v *jsValue) (any, error) {
	return api.RemoteCommsOptions{
		Relays:            stringsAt(v, "relays"),
		DirectListenAddrs: stringsAt(v, "directListenAddresses"),
		MaxRetryAttempts:  intAt(v, "maxRetryAttempts"),
		MaxQueue:          intAt(v, "maxQueue"),
		MaxURLRelayHints:  intAt(v, "maxUrlRelayHints"),
		MaxKnownRelays:    intAt(v, "maxKnownRelays"),
		AllowedWsHosts:    stringsAt(v, "allowedWsHosts"),
	}, nil
}

func decodeLocationHints(v *jsValue) (any, error) {
	peer, err := stringAt(v, "peerId")
	if err != nil {
		return nil, err
	}
	return LocationHintsParams{PeerID: peer, Hints: stringsAt(v, "hints")}, nil
}

// ClusterConfigError is a ClusterConfig that DecodeClusterConfig refused.
type ClusterConfigError struct {
	Path   []string
	Detail string
}

func (e *ClusterConfigError) Error() string {
	if len(e.Path) == 0 {
		return "invalid cluster config: " + e.Detail
	}
	return "invalid cluster config: At path: " + strings.Join(e.Path, ".") + " -- " + e.Detail
}

// DecodeClusterConfig checks a ClusterConfig given as JSON exactly as
// launchSubcluster checks its config param (upstream's isClusterConfig),
// and decodes it. The kernel facet's launchSubcluster uses it, so a system
// vat's config is held to the same rules as a client's.
func DecodeClusterConfig(raw json.RawMessage) (api.ClusterConfig, error) {
	v, err := parseJS(raw)
	if err != nil {
		return api.ClusterConfig{}, &ClusterConfigError{Detail: "not valid JSON: " + err.Error()}
	}
	if f := clusterConfigSchema(v, nil); f != nil {
		return api.ClusterConfig{}, &ClusterConfigError{Path: f.path, Detail: f.message}
	}
	cfg, err := decodeClusterConfig(v)
	if err != nil {
		return api.ClusterConfig{}, &ClusterConfigError{Detail: err.Error()}
	}
	return cfg, nil
}
