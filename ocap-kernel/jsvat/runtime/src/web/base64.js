// atob and btoa for vats, after the HTML standard
// (https://html.spec.whatwg.org/multipage/webappapis.html#atob) and the
// Infra standard's forgiving-base64 decode, with Node 20 as the oracle for
// error messages.
//
// This module has no side effects and touches no global.

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const CHUNK = 8192;

const fromCharCode = String.fromCharCode;

/**
 * Builds atob and btoa.
 *
 * @param {{ DOMException: Function }} deps
 * @returns {{ atob: Function, btoa: Function }}
 */
export const makeBase64 = ({ DOMException }) => {
  if (typeof DOMException !== 'function') {
    throw new TypeError('makeBase64 needs a DOMException constructor');
  }

  // Character code -> 6-bit value; -1 for ASCII whitespace (skipped), -2
  // for '=', -3 for anything else.
  const table = new Int8Array(256).fill(-3);
  for (let i = 0; i < ALPHABET.length; i += 1) {
    table[ALPHABET.charCodeAt(i)] = i;
  }
  for (const c of [0x09, 0x0a, 0x0c, 0x0d, 0x20]) {
    table[c] = -1;
  }
  table[0x3d] = -2;

  const encodeTable = new Uint8Array(64);
  for (let i = 0; i < 64; i += 1) {
    encodeTable[i] = ALPHABET.charCodeAt(i);
  }

  const invalidCharacter = (message = 'Invalid character') =>
    new DOMException(message, 'InvalidCharacterError');

  const missingArgument = () => {
    const error = new TypeError('The "input" argument must be specified');
    error.code = 'ERR_MISSING_ARGS';
    return error;
  };

  const fromCodes = (codes, length) => {
    const parts = [];
    for (let start = 0; start < length; start += CHUNK) {
      const end = start + CHUNK < length ? start + CHUNK : length;
      parts.push(fromCharCode.apply(null, codes.subarray(start, end)));
    }
    return parts.join('');
  };

  /**
   * Decodes a base64 string into a "binary string" (one character per
   * byte), per forgiving-base64 decode.
   *
   * @param {string} data
   * @returns {string}
   */
  function atob(data) {
    if (arguments.length === 0) {
      throw missingArgument();
    }
    const input = `${data}`;
    const n = input.length;
    // Validation, in the order Node checks (the outcome is the standard's).
    let significant = 0;
    let equals = 0;
    for (let i = 0; i < n; i += 1) {
      const c = input.charCodeAt(i);
      const v = c < 256 ? table[c] : -3;
      if (v === -1) {
        continue;
      }
      if (v === -3) {
        throw invalidCharacter();
      }
      significant += 1;
      if (v === -2) {
        equals += 1;
        if (equals > 2) {
          throw invalidCharacter();
        }
      } else if (equals > 0) {
        // '=' may only come at the end.
        throw invalidCharacter();
      }
    }
    let remainder = significant % 4;
    if (remainder === 0) {
      remainder = (significant - equals) % 4;
    } else if (equals > 0) {
      throw invalidCharacter();
    }
    if (remainder === 1) {
      throw invalidCharacter(
        'The string to be decoded is not correctly encoded.',
      );
    }
    const dataLength = significant - equals;
    const outLength = (dataLength * 3) >> 2;
    const out = new Uint8Array(outLength);
    let buffer = 0;
    let bits = 0;
    let j = 0;
    for (let i = 0; i < n && j < outLength; i += 1) {
      const v = table[input.charCodeAt(i)];
      if (v < 0) {
        continue;
      }
      buffer = ((buffer << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[j] = (buffer >> bits) & 0xff;
        j += 1;
      }
    }
    return fromCodes(out, outLength);
  }

  /**
   * Encodes a "binary string" (code units up to 0xFF) as base64.
   *
   * @param {string} data
   * @returns {string}
   */
  function btoa(data) {
    if (arguments.length === 0) {
      throw missingArgument();
    }
    const input = `${data}`;
    const n = input.length;
    for (let i = 0; i < n; i += 1) {
      if (input.charCodeAt(i) > 0xff) {
        throw invalidCharacter();
      }
    }
    const out = new Uint8Array(Math.ceil(n / 3) * 4);
    let j = 0;
    let i = 0;
    for (; i + 2 < n; i += 3) {
      const triple =
        (input.charCodeAt(i) << 16) |
        (input.charCodeAt(i + 1) << 8) |
        input.charCodeAt(i + 2);
      out[j] = encodeTable[triple >> 18];
      out[j + 1] = encodeTable[(triple >> 12) & 0x3f];
      out[j + 2] = encodeTable[(triple >> 6) & 0x3f];
      out[j + 3] = encodeTable[triple & 0x3f];
      j += 4;
    }
    const rest = n - i;
    if (rest === 1) {
      const a = input.charCodeAt(i);
      out[j] = encodeTable[a >> 2];
      out[j + 1] = encodeTable[(a & 0x3) << 4];
      out[j + 2] = 0x3d;
      out[j + 3] = 0x3d;
    } else if (rest === 2) {
      const a = input.charCodeAt(i);
      const b = input.charCodeAt(i + 1);
      out[j] = encodeTable[a >> 2];
      out[j + 1] = encodeTable[((a & 0x3) << 4) | (b >> 4)];
      out[j + 2] = encodeTable[(b & 0xf) << 2];
      out[j + 3] = 0x3d;
    }
    return fromCodes(out, out.length);
  }

  return { atob, btoa };
};
