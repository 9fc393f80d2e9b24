// Hex conversions for internal data (keys, hashes). Not hardened against
// hostile input: non-hex digits decode as 0.

import { assert } from '@endo/errors';

/**
 * Lower-case hex of some bytes, two digits per byte.
 *
 * @param {Uint8Array} bytes - The bytes.
 * @returns {string} The hex string.
 */
export function toHex(bytes) {
  let hex = '';
  for (const byte of bytes) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/**
 * Decode a hex string of at most 64 digits into a 32-byte array. Digits are
 * taken in pairs from the left; a final lone digit is a byte by itself
 * ('abc' gives 0xab, 0x0c); bytes past the end of the string are 0.
 *
 * @param {string} hex - The hex string.
 * @returns {Uint8Array} 32 bytes.
 */
export function fromHex(hex) {
  assert(hex.length <= 64);
  const bytes = new Uint8Array(32);
  for (let index = 0; index * 2 < hex.length; index += 1) {
    bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
