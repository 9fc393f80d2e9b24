// Package smallcaps encodes and decodes Endo "smallcaps" CapData, the wire
// format the ocap kernel uses for every message, promise resolution and
// kernel-space value. The output is byte-identical to @endo/marshal 1.8.0
// (makeMarshal with serializeBodyFormat 'smallcaps'), so Go and JavaScript
// kernels, vats and tools can exchange and store the same bytes.
//
// # Value model
//
// Go values stand in for JavaScript passables:
//
//	JS                      Go
//	null                    nil
//	undefined               Undefined
//	boolean                 bool
//	number                  float64 (Go integer and float32 types are accepted when encoding)
//	bigint                  *big.Int
//	string                  string (see "Strings" below)
//	passable symbol         Symbol
//	copyArray               []any ([]string is accepted when encoding)
//	copyRecord              map[string]any
//	tagged                  Tagged (or *Tagged when encoding)
//	error                   *Error (or Error when encoding)
//	remotable / promise     *Ref, or whatever a DecodeWith converter returns
//
// Remotables and promises are identified by pointer: the same *Ref occurring
// twice in one value occupies one slot, two distinct *Ref values with the same
// Slot string occupy two slots, exactly like Endo's identity-keyed slot map.
//
// # Strings
//
// JavaScript strings are sequences of UTF-16 code units and may contain lone
// surrogates, which valid UTF-8 cannot express. This package represents them
// in WTF-8: a lone surrogate U+D800..U+DFFF is stored as its 3-byte
// generalized UTF-8 form (for example "\xed\xa0\x80" for U+D800). The decoder
// produces that form for "\ud800" escapes and AppendJSONString writes it back
// as "\ud800", so lone surrogates survive a round trip byte for byte. A
// high/low surrogate pair is always combined into one 4-byte UTF-8 sequence.
// Bytes that are neither valid UTF-8 nor a WTF-8 surrogate are treated as
// U+FFFD, both in values being encoded and in bodies being decoded.
//
// # Errors
//
// Decoding and encoding failures are *CodecError values whose Name and
// Message reproduce the JavaScript error class and text that upstream throws
// for the same input (JSON.parse messages follow V8 as shipped in Node 22),
// so a Go kernel reports the same failures as the TypeScript one.
//
// # Kernel helpers
//
// KSer, KUnser, KSlot, KrefOf, MakeError, ExtractSingleRef and MethArgs mirror
// @metamask/ocap-kernel's kernel marshal (kser, kunser, kslot): kernel-space CapData whose slots
// are krefs ("ko12", "kp3"), serialized without errorId.
package smallcaps
