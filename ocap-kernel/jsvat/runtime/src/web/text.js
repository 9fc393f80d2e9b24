// TextEncoder and TextDecoder for vats, after the WHATWG Encoding
// standard (https://encoding.spec.whatwg.org/), with Node 20 as the
// oracle for argument handling and error messages.
//
// The decoder knows three encodings: UTF-8, UTF-16LE and windows-1252
// (the encoding the standard gives to the labels latin1, iso-8859-1,
// ascii, ...). Any other label is a RangeError, as Node raises for labels
// it does not know.
//
// This module has no side effects and touches no global: makeTextCodecs
// builds fresh classes each time it is called. Instance state lives in
// private fields, so the classes keep working after harden().

const CHUNK = 8192;

// Labels, from the Encoding standard's table of encodings.
const LABELS = [
  [
    'utf-8',
    [
      'unicode-1-1-utf-8',
      'unicode11utf8',
      'unicode20utf8',
      'utf-8',
      'utf8',
      'x-unicode20utf8',
    ],
  ],
  [
    'utf-16le',
    [
      'csunicode',
      'iso-10646-ucs-2',
      'ucs-2',
      'unicode',
      'unicodefeff',
      'utf-16',
      'utf-16le',
    ],
  ],
  [
    'windows-1252',
    [
      'ansi_x3.4-1968',
      'ascii',
      'cp1252',
      'cp819',
      'csisolatin1',
      'ibm819',
      'iso-8859-1',
      'iso-ir-100',
      'iso8859-1',
      'iso88591',
      'iso_8859-1',
      'iso_8859-1:1987',
      'l1',
      'latin1',
      'us-ascii',
      'windows-1252',
      'x-cp1252',
    ],
  ],
];

// windows-1252 bytes 0x80..0x9F, from the standard's index-windows-1252.
// The other bytes map to the code point of the same value.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6,
  0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161,
  0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const fromCharCode = String.fromCharCode;

// Node's way of describing a wrong argument in ERR_INVALID_ARG_TYPE.
const describe = (value) => {
  if (value === null || value === undefined) {
    return ` Received ${value}`;
  }
  if (typeof value === 'function') {
    return ` Received function ${value.name}`;
  }
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name) {
      return ` Received an instance of ${ctor.name}`;
    }
    return ` Received ${Object.prototype.toString.call(value)}`;
  }
  let shown;
  if (typeof value === 'string') {
    shown = `'${value}'`;
  } else if (typeof value === 'bigint') {
    shown = `${value}n`;
  } else {
    shown = String(value);
  }
  if (shown.length > 28) {
    shown = `${shown.slice(0, 25)}...`;
  }
  return ` Received type ${typeof value} (${shown})`;
};

const withCode = (error, code) => {
  error.code = code;
  return error;
};

/**
 * Builds TextEncoder and TextDecoder.
 *
 * @returns {{ TextEncoder: Function, TextDecoder: Function }}
 */
export const makeTextCodecs = () => {
  const labelToEncoding = new Map();
  for (const [name, labels] of LABELS) {
    for (const label of labels) {
      labelToEncoding.set(label, name);
    }
  }

  // Brand checks for ArrayBuffer and SharedArrayBuffer that fake objects
  // cannot pass.
  const arrayBufferByteLength = Object.getOwnPropertyDescriptor(
    ArrayBuffer.prototype,
    'byteLength',
  ).get;
  const sharedArrayBufferByteLength =
    typeof SharedArrayBuffer === 'function'
      ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'byteLength')
          .get
      : undefined;
  const typedArrayTag = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype),
    Symbol.toStringTag,
  ).get;
  const isBufferOf = (getter, value) => {
    if (getter === undefined || typeof value !== 'object' || value === null) {
      return false;
    }
    try {
      getter.call(value);
      return true;
    } catch {
      return false;
    }
  };
  const isUint8Array = (value) =>
    ArrayBuffer.isView(value) && typedArrayTag.call(value) === 'Uint8Array';

  const toBytes = (input) => {
    if (input === undefined) {
      return new Uint8Array(0);
    }
    if (ArrayBuffer.isView(input)) {
      return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    }
    if (
      isBufferOf(arrayBufferByteLength, input) ||
      isBufferOf(sharedArrayBufferByteLength, input)
    ) {
      return new Uint8Array(input);
    }
    throw withCode(
      new TypeError(
        'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.',
      ),
      'ERR_INVALID_ARG_TYPE',
    );
  };

  // Collects UTF-16 code units into strings, CHUNK units at a time
  // (String.fromCharCode.apply on at most CHUNK + 8 arguments).
  const makeSink = () => {
    const buffer = new Uint16Array(CHUNK + 8);
    const parts = [];
    return {
      buffer,
      parts,
      flush(upTo) {
        if (upTo > 0) {
          parts.push(fromCharCode.apply(null, buffer.subarray(0, upTo)));
        }
        return 0;
      },
    };
  };

  const joinParts = (parts) => {
    if (parts.length === 0) {
      return '';
    }
    if (parts.length === 1) {
      return parts[0];
    }
    return parts.join('');
  };

  const invalidData = (encoding) =>
    withCode(
      new TypeError(`The encoded data was not valid for encoding ${encoding}`),
      'ERR_ENCODING_INVALID_ENCODED_DATA',
    );

  const invalidThis = (type) =>
    withCode(
      new TypeError(`Value of "this" must be of type ${type}`),
      'ERR_INVALID_THIS',
    );

  class TextEncoder {
    #brand = true;

    static #check(self) {
      if (!(typeof self === 'object' && self !== null && #brand in self)) {
        throw invalidThis('TextEncoder');
      }
    }

    get encoding() {
      TextEncoder.#check(this);
      return 'utf-8';
    }

    encode(input = '') {
      TextEncoder.#check(this);
      const string = `${input}`;
      const n = string.length;
      // First pass: the exact length.
      let size = 0;
      for (let i = 0; i < n; i += 1) {
        const c = string.charCodeAt(i);
        if (c < 0x80) {
          size += 1;
        } else if (c < 0x800) {
          size += 2;
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          const d = string.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            size += 4;
            i += 1;
          } else {
            size += 3;
          }
        } else {
          size += 3;
        }
      }
      const out = new Uint8Array(size);
      let j = 0;
      for (let i = 0; i < n; i += 1) {
        let c = string.charCodeAt(i);
        if (c < 0x80) {
          out[j] = c;
          j += 1;
          continue;
        }
        if (c < 0x800) {
          out[j] = 0xc0 | (c >> 6);
          out[j + 1] = 0x80 | (c & 0x3f);
          j += 2;
          continue;
        }
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = i + 1 < n ? string.charCodeAt(i + 1) : 0;
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            out[j] = 0xf0 | (cp >> 18);
            out[j + 1] = 0x80 | ((cp >> 12) & 0x3f);
            out[j + 2] = 0x80 | ((cp >> 6) & 0x3f);
            out[j + 3] = 0x80 | (cp & 0x3f);
            j += 4;
            i += 1;
            continue;
          }
          c = 0xfffd;
        }
        out[j] = 0xe0 | (c >> 12);
        out[j + 1] = 0x80 | ((c >> 6) & 0x3f);
        out[j + 2] = 0x80 | (c & 0x3f);
        j += 3;
      }
      return out;
    }

    encodeInto(src, dest) {
      TextEncoder.#check(this);
      if (typeof src !== 'string') {
        throw withCode(
          new TypeError(
            `The "src" argument must be of type string.${describe(src)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      if (!isUint8Array(dest)) {
        throw withCode(
          new TypeError(
            `The "dest" argument must be an instance of Uint8Array.${describe(dest)}`,
          ),
          'ERR_INVALID_ARG_TYPE',
        );
      }
      const n = src.length;
      const room = dest.length;
      let read = 0;
      let written = 0;
      while (read < n) {
        let c = src.charCodeAt(read);
        if (c < 0x80) {
          if (written + 1 > room) {
            break;
          }
          dest[written] = c;
          written += 1;
          read += 1;
          continue;
        }
        if (c < 0x800) {
          if (written + 2 > room) {
            break;
          }
          dest[written] = 0xc0 | (c >> 6);
          dest[written + 1] = 0x80 | (c & 0x3f);
          written += 2;
          read += 1;
          continue;
        }
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = read + 1 < n ? src.charCodeAt(read + 1) : 0;
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            if (written + 4 > room) {
              break;
            }
            const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            dest[written] = 0xf0 | (cp >> 18);
            dest[written + 1] = 0x80 | ((cp >> 12) & 0x3f);
            dest[written + 2] = 0x80 | ((cp >> 6) & 0x3f);
            dest[written + 3] = 0x80 | (cp & 0x3f);
            written += 4;
            read += 2;
            continue;
          }
          c = 0xfffd;
        }
        if (written + 3 > room) {
          break;
        }
        dest[written] = 0xe0 | (c >> 12);
        dest[written + 1] = 0x80 | ((c >> 6) & 0x3f);
        dest[written + 2] = 0x80 | (c & 0x3f);
        written += 3;
        read += 1;
      }
      return { read, written };
    }
  }

  class TextDecoder {
    #encoding;

    #fatal;

    #ignoreBOM;

    // Streaming state.
    #doNotFlush = false;

    #bomSeen = false;

    // UTF-8 decoder state.
    #codePoint = 0;

    #bytesNeeded = 0;

    #bytesSeen = 0;

    #lower = 0x80;

    #upper = 0xbf;

    // UTF-16LE decoder state (-1: none).
    #leadByte = -1;

    #leadSurrogate = -1;

    static #check(self) {
      if (!(typeof self === 'object' && self !== null && #encoding in self)) {
        throw invalidThis('TextDecoder');
      }
    }

    constructor(label = 'utf-8', options = undefined) {
      const text = `${label}`;
      const key = text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
      const encoding = labelToEncoding.get(key);
      if (encoding === undefined) {
        throw withCode(
          new RangeError(`The "${text}" encoding is not supported`),
          'ERR_ENCODING_NOT_SUPPORTED',
        );
      }
      let fatal = false;
      let ignoreBOM = false;
      if (options !== undefined && options !== null) {
        if (typeof options !== 'object' && typeof options !== 'function') {
          throw withCode(
            new TypeError(
              `The "options" argument must be of type object.${describe(options)}`,
            ),
            'ERR_INVALID_ARG_TYPE',
          );
        }
        fatal = Boolean(options.fatal);
        ignoreBOM = Boolean(options.ignoreBOM);
      }
      this.#encoding = encoding;
      this.#fatal = fatal;
      this.#ignoreBOM = ignoreBOM;
    }

    get encoding() {
      TextDecoder.#check(this);
      return this.#encoding;
    }

    get fatal() {
      TextDecoder.#check(this);
      return this.#fatal;
    }

    get ignoreBOM() {
      TextDecoder.#check(this);
      return this.#ignoreBOM;
    }

    #reset() {
      this.#doNotFlush = false;
      this.#bomSeen = false;
      this.#codePoint = 0;
      this.#bytesNeeded = 0;
      this.#bytesSeen = 0;
      this.#lower = 0x80;
      this.#upper = 0xbf;
      this.#leadByte = -1;
      this.#leadSurrogate = -1;
    }

    decode(input = undefined, options = undefined) {
      TextDecoder.#check(this);
      const bytes = toBytes(input);
      let stream = false;
      if (options !== undefined && options !== null) {
        stream = Boolean(options.stream);
      }
      if (!this.#doNotFlush) {
        this.#reset();
      }
      this.#doNotFlush = stream;
      let output;
      try {
        if (this.#encoding === 'utf-8') {
          output = this.#decodeUtf8(bytes, !stream);
        } else if (this.#encoding === 'utf-16le') {
          output = this.#decodeUtf16le(bytes, !stream);
        } else {
          output = this.#decodeWindows1252(bytes);
        }
      } catch (error) {
        // A fatal error ends the stream: the next call starts afresh.
        this.#reset();
        throw error;
      }
      if (
        this.#encoding !== 'windows-1252' &&
        !this.#ignoreBOM &&
        !this.#bomSeen &&
        output.length > 0
      ) {
        this.#bomSeen = true;
        if (output.charCodeAt(0) === 0xfeff) {
          output = output.slice(1);
        }
      }
      return output;
    }

    #decodeUtf8(bytes, flush) {
      const sink = makeSink();
      const out = sink.buffer;
      const fatal = this.#fatal;
      let pos = 0;
      let codePoint = this.#codePoint;
      let needed = this.#bytesNeeded;
      let seen = this.#bytesSeen;
      let lower = this.#lower;
      let upper = this.#upper;
      const n = bytes.length;
      let i = 0;
      while (i < n) {
        if (pos >= CHUNK) {
          pos = sink.flush(pos);
        }
        const byte = bytes[i];
        if (needed === 0) {
          i += 1;
          if (byte < 0x80) {
            out[pos] = byte;
            pos += 1;
          } else if (byte >= 0xc2 && byte <= 0xdf) {
            needed = 1;
            codePoint = byte & 0x1f;
          } else if (byte >= 0xe0 && byte <= 0xef) {
            if (byte === 0xe0) {
              lower = 0xa0;
            } else if (byte === 0xed) {
              upper = 0x9f;
            }
            needed = 2;
            codePoint = byte & 0xf;
          } else if (byte >= 0xf0 && byte <= 0xf4) {
            if (byte === 0xf0) {
              lower = 0x90;
            } else if (byte === 0xf4) {
              upper = 0x8f;
            }
            needed = 3;
            codePoint = byte & 0x7;
          } else {
            if (fatal) {
              throw invalidData('utf-8');
            }
            out[pos] = 0xfffd;
            pos += 1;
          }
          continue;
        }
        if (byte < lower || byte > upper) {
          // Not a continuation: report the truncated sequence and process
          // this byte again from the initial state.
          codePoint = 0;
          needed = 0;
          seen = 0;
          lower = 0x80;
          upper = 0xbf;
          if (fatal) {
            throw invalidData('utf-8');
          }
          out[pos] = 0xfffd;
          pos += 1;
          continue;
        }
        i += 1;
        lower = 0x80;
        upper = 0xbf;
        codePoint = (codePoint << 6) | (byte & 0x3f);
        seen += 1;
        if (seen !== needed) {
          continue;
        }
        if (codePoint > 0xffff) {
          const v = codePoint - 0x10000;
          out[pos] = 0xd800 + (v >> 10);
          out[pos + 1] = 0xdc00 + (v & 0x3ff);
          pos += 2;
        } else {
          out[pos] = codePoint;
          pos += 1;
        }
        codePoint = 0;
        needed = 0;
        seen = 0;
      }
      if (flush && needed !== 0) {
        codePoint = 0;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xbf;
        if (fatal) {
          throw invalidData('utf-8');
        }
        out[pos] = 0xfffd;
        pos += 1;
      }
      this.#codePoint = codePoint;
      this.#bytesNeeded = needed;
      this.#bytesSeen = seen;
      this.#lower = lower;
      this.#upper = upper;
      sink.flush(pos);
      return joinParts(sink.parts);
    }

    #decodeUtf16le(bytes, flush) {
      const sink = makeSink();
      const out = sink.buffer;
      const fatal = this.#fatal;
      let pos = 0;
      let leadByte = this.#leadByte;
      let leadSurrogate = this.#leadSurrogate;
      const n = bytes.length;
      for (let i = 0; i < n; i += 1) {
        if (pos >= CHUNK) {
          pos = sink.flush(pos);
        }
        const byte = bytes[i];
        if (leadByte === -1) {
          leadByte = byte;
          continue;
        }
        const unit = leadByte | (byte << 8);
        leadByte = -1;
        if (leadSurrogate !== -1) {
          const lead = leadSurrogate;
          leadSurrogate = -1;
          if (unit >= 0xdc00 && unit <= 0xdfff) {
            out[pos] = lead;
            out[pos + 1] = unit;
            pos += 2;
            continue;
          }
          if (fatal) {
            throw invalidData('utf-16le');
          }
          out[pos] = 0xfffd;
          pos += 1;
          // Fall through: process this code unit afresh.
        }
        if (unit >= 0xd800 && unit <= 0xdbff) {
          leadSurrogate = unit;
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          if (fatal) {
            throw invalidData('utf-16le');
          }
          out[pos] = 0xfffd;
          pos += 1;
        } else {
          out[pos] = unit;
          pos += 1;
        }
      }
      if (flush && (leadByte !== -1 || leadSurrogate !== -1)) {
        leadByte = -1;
        leadSurrogate = -1;
        if (fatal) {
          throw invalidData('utf-16le');
        }
        out[pos] = 0xfffd;
        pos += 1;
      }
      this.#leadByte = leadByte;
      this.#leadSurrogate = leadSurrogate;
      sink.flush(pos);
      return joinParts(sink.parts);
    }

    #decodeWindows1252(bytes) {
      const sink = makeSink();
      const out = sink.buffer;
      let pos = 0;
      const n = bytes.length;
      for (let i = 0; i < n; i += 1) {
        if (pos >= CHUNK) {
          pos = sink.flush(pos);
        }
        const byte = bytes[i];
        out[pos] =
          byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] : byte;
        pos += 1;
      }
      sink.flush(pos);
      return joinParts(sink.parts);
    }
  }

  for (const [ctor, tag] of [
    [TextEncoder, 'TextEncoder'],
    [TextDecoder, 'TextDecoder'],
  ]) {
    Object.defineProperty(ctor.prototype, Symbol.toStringTag, {
      value: tag,
      writable: false,
      enumerable: false,
      configurable: true,
    });
  }

  return { TextEncoder, TextDecoder };
};
