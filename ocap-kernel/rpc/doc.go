// Package rpc is the kernel-control JSON-RPC layer: the 15 upstream
// `kernel-control` methods (getStatus, launchSubcluster, queueMessage, …)
// plus upstream HEAD's initRemoteComms and registerLocationHints, plus
// this kernel's own releaseKrefs (the kernel holds the krefs it hands to
// clients until they release them), their parameter validation and the
// daemon's one-line request envelope.
//
// The layer is wire compatible with the upstream TypeScript daemon
// (MetaMask/ocap-kernel): method names, parameter shapes and the text of
// every validation error are the same, because upstream clients and scripts
// match on them. Parameters are checked by a small re-implementation of the
// @metamask/superstruct semantics the upstream specs use (strict objects,
// tuples, records, branded id types), including its value printing and the
// order in which the first failure is found.
//
// Deliberate differences from upstream (standard JSON-RPC error codes):
//   - invalid params are reported with code -32602 (upstream: -32603, same
//     message text);
//   - unparseable request lines get -32700 "Parse error: …" (upstream:
//     -32603 with the V8 SyntaxError text);
//   - a request line that is JSON but not an object (including `null`)
//     gets -32600 "Invalid request: missing method" (upstream answers the
//     `null` line with a TypeError text).
//
// The socket server's framing differs from upstream's on purpose: ids are
// echoed exactly as sent, a jsonrpc member other than "2.0" is an Invalid
// Request, notifications get no answer and batches are refused.
//
// The package does not run a kernel: a [Service] dispatches validated calls
// to a [Kernel] implementation; [HandleRequest] turns request lines into
// answers for the daemon's socket server, and [HandleLine] keeps upstream's
// envelope for the replay of upstream's recorded transcript.
package rpc
