// Package kernelutils holds the small, dependency-free helpers that every
// ocap-go module shares. It is the Go counterpart of the upstream
// @metamask/kernel-utils package and keeps its observable behaviour where
// that behaviour reaches users or the wire:
//
//   - option bags: [IfDefined] and the [Optional] type, which leave a key
//     absent instead of writing a zero value;
//   - counters and context-aware sleeps: [MakeCounter], [Delay],
//     [AbortableDelay];
//   - retries with capped exponential backoff and full jitter: [Retry],
//     [RetryValue], [CalculateReconnectionBackoff];
//   - diagnostics: [Stringify], which renders values and error chains as
//     stable, indented JSON;
//   - [MergeDisjointRecords], which unions maps and reports the first
//     duplicate key;
//   - hex helpers with the upstream key-seed quirks: [ToHex], [FromHex];
//   - the vat bundle format produced by `ocap bundle`: [VatBundle],
//     [ParseVatBundle].
//
// The upstream waitUntilQuiescent has no Go meaning (there is no microtask
// queue) and is deliberately absent. The libp2p relay lives in the libp2p
// sub-package so that importing this package pulls in only the standard
// library.
package kernelutils
