// Tests for src/web/text.js. Expected values come from Node 20's
// TextEncoder and TextDecoder, except where marked `spec` (there Node
// departs from the Encoding standard and we follow the standard).
//
// export default (deps) => [[name, fn], ...]; deps may carry harden and
// oracle (the host's own classes, to check these expectations against).

import { makeTextCodecs } from '../../src/web/text.js';

const show = (value) => {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  if (value && typeof value === 'object') {
    if (ArrayBuffer.isView(value)) {
      return `${Object.prototype.toString.call(value)}[${Array.from(value).join(', ')}]`;
    }
    return `{${Object.keys(value)
      .map((k) => `${k}: ${show(value[k])}`)
      .join(', ')}}`;
  }
  return String(value);
};

const fail = (message) => {
  throw new Error(message);
};

const eq = (actual, expected, what = 'value') => {
  if (!Object.is(actual, expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
};

const same = (actual, expected, what = 'value') => {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) {
    fail(`${what}: expected ${e}, got ${a}`);
  }
};

const throws = (fn, check, what = 'call') => {
  let thrown;
  let threw = false;
  try {
    fn();
  } catch (error) {
    threw = true;
    thrown = error;
  }
  if (!threw) {
    fail(`${what}: expected an exception`);
  }
  if (check.name !== undefined) {
    eq(thrown?.name, check.name, `${what}: error name`);
  }
  if (check.type !== undefined && !(thrown instanceof check.type)) {
    fail(`${what}: expected an instance of ${check.type.name}, got ${show(thrown)}`);
  }
  if (check.message !== undefined) {
    eq(thrown?.message, check.message, `${what}: error message`);
  }
  if (check.code !== undefined) {
    eq(thrown?.code, check.code, `${what}: error code`);
  }
  return thrown;
};

const bytes = (...list) => new Uint8Array(list);

export default (deps = {}) => {
  const harden = deps.harden ?? ((x) => x);
  const oracle = deps.oracle;
  const { TextEncoder, TextDecoder } = oracle ?? harden(makeTextCodecs());
  const cases = [];
  const test = (name, fn) => {
    cases.push([name, fn]);
  };
  // Node departs from the standard here; on Node the case must fail.
  const spec = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
      return;
    }
    cases.push([
      `${name} [deviation from Node]`,
      async () => {
        let failed = false;
        try {
          await fn();
        } catch {
          failed = true;
        }
        if (!failed) {
          fail('Node passes this case: it is not a deviation');
        }
      },
    ]);
  };
  // About our factory only.
  const own = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
    }
  };

  const decode = (list, label = 'utf-8', options = undefined) =>
    new TextDecoder(label, options).decode(new Uint8Array(list));

  // ---- TextEncoder ----

  test('encoder: encoding is utf-8', () => {
    eq(new TextEncoder().encoding, 'utf-8');
  });
  test('encoder: ASCII', () => {
    same(new TextEncoder().encode('abc'), bytes(97, 98, 99));
  });
  test('encoder: empty and missing input', () => {
    const e = new TextEncoder();
    same(e.encode(''), bytes());
    same(e.encode(), bytes());
    same(e.encode(undefined), bytes());
  });
  test('encoder: non-strings are converted', () => {
    const e = new TextEncoder();
    same(e.encode(null), bytes(110, 117, 108, 108));
    same(e.encode(123), bytes(49, 50, 51));
    same(e.encode({ toString: () => 'x' }), bytes(120));
  });
  test('encoder: symbols are refused', () => {
    throws(() => new TextEncoder().encode(Symbol('s')), { type: TypeError });
  });
  test('encoder: two- and three-byte boundaries', () => {
    same(
      new TextEncoder().encode('\u0080\u07ff\u0800\uffff'),
      bytes(194, 128, 223, 191, 224, 160, 128, 239, 191, 191),
    );
  });
  test('encoder: surrogate pairs become four bytes', () => {
    same(new TextEncoder().encode('\ud800\udc00'), bytes(240, 144, 128, 128));
    same(new TextEncoder().encode('\u{1F600}'), bytes(240, 159, 152, 128));
    same(new TextEncoder().encode('\u{10FFFF}'), bytes(244, 143, 191, 191));
  });
  test('encoder: lone surrogates become U+FFFD', () => {
    same(new TextEncoder().encode('\ud800'), bytes(239, 191, 189));
    same(new TextEncoder().encode('\udc00\ud800'), bytes(239, 191, 189, 239, 191, 189));
    same(new TextEncoder().encode('a\ud800b'), bytes(97, 239, 191, 189, 98));
  });
  test('encoder: result is a Uint8Array with its own exact buffer', () => {
    const out = new TextEncoder().encode('x\u00e9');
    eq(Object.prototype.toString.call(out), '[object Uint8Array]');
    eq(out.buffer.byteLength, 3);
    eq(out.byteOffset, 0);
  });
  test('encodeInto: fits', () => {
    const dest = new Uint8Array(5);
    same(new TextEncoder().encodeInto('a\u{1F600}', dest), { read: 3, written: 5 });
    same(dest, bytes(97, 240, 159, 152, 128));
  });
  test('encodeInto: stops before a character that does not fit', () => {
    same(new TextEncoder().encodeInto('abc', new Uint8Array(2)), { read: 2, written: 2 });
    same(new TextEncoder().encodeInto('a\u{1F600}', new Uint8Array(4)), { read: 1, written: 1 });
    const dest = new Uint8Array(5);
    same(new TextEncoder().encodeInto('\u00e9\u00e9\u00e9', dest), { read: 2, written: 4 });
    same(dest, bytes(195, 169, 195, 169, 0));
    same(new TextEncoder().encodeInto('\ud83d\ude00', new Uint8Array(3)), { read: 0, written: 0 });
  });
  test('encodeInto: lone surrogate written as U+FFFD', () => {
    const dest = new Uint8Array(10);
    same(new TextEncoder().encodeInto('a\ud800b', dest), { read: 3, written: 5 });
    same(dest.subarray(0, 5), bytes(97, 239, 191, 189, 98));
  });
  test('encodeInto: empty', () => {
    same(new TextEncoder().encodeInto('', new Uint8Array(0)), { read: 0, written: 0 });
  });
  test('encodeInto: writes into a subarray view', () => {
    const whole = new Uint8Array(6);
    const view = whole.subarray(2, 5);
    same(new TextEncoder().encodeInto('abcd', view), { read: 3, written: 3 });
    same(whole, bytes(0, 0, 97, 98, 99, 0));
  });
  test('encodeInto: argument checks (Node messages)', () => {
    const e = new TextEncoder();
    throws(() => e.encodeInto('abc', []), {
      type: TypeError,
      message: 'The "dest" argument must be an instance of Uint8Array. Received an instance of Array',
    });
    throws(() => e.encodeInto('abc', new Uint16Array(2)), {
      type: TypeError,
      message:
        'The "dest" argument must be an instance of Uint8Array. Received an instance of Uint16Array',
    });
    throws(() => e.encodeInto('abc'), {
      type: TypeError,
      message: 'The "dest" argument must be an instance of Uint8Array. Received undefined',
    });
    throws(() => e.encodeInto(123, new Uint8Array(5)), {
      type: TypeError,
      message: 'The "src" argument must be of type string. Received type number (123)',
    });
    throws(() => e.encodeInto(null, new Uint8Array(5)), {
      type: TypeError,
      message: 'The "src" argument must be of type string. Received null',
    });
  });
  test('encoder: methods check their receiver', () => {
    throws(() => TextEncoder.prototype.encode.call({}, 'x'), {
      type: TypeError,
      message: 'Value of "this" must be of type TextEncoder',
    });
    throws(
      () => Object.getOwnPropertyDescriptor(TextEncoder.prototype, 'encoding').get.call({}),
      { type: TypeError },
    );
  });
  test('encoder: toStringTag and prototype shape', () => {
    eq(Object.prototype.toString.call(new TextEncoder()), '[object TextEncoder]');
    same(Object.getOwnPropertyNames(TextEncoder.prototype).sort(), [
      'constructor',
      'encode',
      'encodeInto',
      'encoding',
    ]);
  });
  test('encoder: needs new', () => {
    throws(() => TextEncoder(), { type: TypeError });
  });

  // ---- TextDecoder: labels and options ----

  test('decoder: default is utf-8, not fatal, BOM stripped', () => {
    const d = new TextDecoder();
    eq(d.encoding, 'utf-8');
    eq(d.fatal, false);
    eq(d.ignoreBOM, false);
  });
  test('decoder: utf-8 labels', () => {
    for (const label of [
      'utf-8',
      'UTF-8',
      'utf8',
      'Utf8',
      'unicode-1-1-utf-8',
      'unicode11utf8',
      'unicode20utf8',
      'x-unicode20utf8',
    ]) {
      eq(new TextDecoder(label).encoding, 'utf-8', label);
    }
  });
  test('decoder: labels are trimmed of ASCII whitespace only', () => {
    eq(new TextDecoder(' UTF8 ').encoding, 'utf-8');
    eq(new TextDecoder('\tutf-8\n\f\r ').encoding, 'utf-8');
    throws(() => new TextDecoder('\vutf-8'), {
      type: RangeError,
      message: 'The "\vutf-8" encoding is not supported',
    });
  });
  test('decoder: utf-16le labels', () => {
    for (const label of [
      'utf-16le',
      'UTF-16LE',
      'utf-16',
      'ucs-2',
      'unicode',
      'csunicode',
      'iso-10646-ucs-2',
      'unicodefeff',
    ]) {
      eq(new TextDecoder(label).encoding, 'utf-16le', label);
    }
  });
  test('decoder: windows-1252 labels', () => {
    for (const label of [
      'latin1',
      'iso-8859-1',
      'windows-1252',
      'l1',
      'ascii',
      'us-ascii',
      'cp1252',
      'cp819',
      'ibm819',
      'iso-ir-100',
      'iso8859-1',
      'iso88591',
      'iso_8859-1',
      'iso_8859-1:1987',
      'x-cp1252',
      'csisolatin1',
      'ansi_x3.4-1968',
    ]) {
      eq(new TextDecoder(label).encoding, 'windows-1252', label);
    }
  });
  test('decoder: unknown labels are a RangeError', () => {
    for (const label of ['foo', '', 'utf-32', 'utf-7', 'replacement', 'null']) {
      throws(() => new TextDecoder(label), {
        type: RangeError,
        message: `The "${label}" encoding is not supported`,
        code: 'ERR_ENCODING_NOT_SUPPORTED',
      });
    }
    throws(() => new TextDecoder(null), {
      type: RangeError,
      message: 'The "null" encoding is not supported',
    });
  });
  own('decoder: encodings we do not carry are a RangeError', () => {
    for (const label of ['utf-16be', 'iso-8859-2', 'shift_jis', 'gbk']) {
      throws(() => new TextDecoder(label), {
        type: RangeError,
        message: `The "${label}" encoding is not supported`,
      });
    }
  });
  test('decoder: undefined label means utf-8; objects are converted', () => {
    eq(new TextDecoder(undefined).encoding, 'utf-8');
    eq(new TextDecoder({ toString: () => 'latin1' }).encoding, 'windows-1252');
    throws(() => new TextDecoder(Symbol('x')), { type: TypeError });
  });
  test('decoder: options', () => {
    const d = new TextDecoder('utf-8', { fatal: 1, ignoreBOM: 'x' });
    eq(d.fatal, true);
    eq(d.ignoreBOM, true);
    eq(new TextDecoder('utf-8', null).fatal, false);
    eq(new TextDecoder('utf-8', { get fatal() { return true; } }).fatal, true);
    eq(new TextDecoder('utf-8', () => 1).fatal, false);
  });
  test('decoder: options must be an object', () => {
    throws(() => new TextDecoder('utf-8', 5), {
      type: TypeError,
      message: 'The "options" argument must be of type object. Received type number (5)',
    });
    throws(() => new TextDecoder('utf-8', 'x'), {
      type: TypeError,
      message: 'The "options" argument must be of type object. Received type string (\'x\')',
    });
  });
  test('decoder: toStringTag, prototype shape, receiver checks', () => {
    eq(Object.prototype.toString.call(new TextDecoder()), '[object TextDecoder]');
    same(Object.getOwnPropertyNames(TextDecoder.prototype).sort(), [
      'constructor',
      'decode',
      'encoding',
      'fatal',
      'ignoreBOM',
    ]);
    throws(() => TextDecoder.prototype.decode.call({}, new Uint8Array(1)), {
      type: TypeError,
      message: 'Value of "this" must be of type TextDecoder',
    });
    throws(() => TextDecoder(), { type: TypeError });
  });

  // ---- TextDecoder: inputs ----

  test('decode: no input is the empty string', () => {
    eq(new TextDecoder().decode(), '');
    eq(new TextDecoder().decode(undefined), '');
    eq(new TextDecoder().decode(new Uint8Array(0)), '');
  });
  test('decode: ArrayBuffer, views, DataView', () => {
    const d = new TextDecoder();
    eq(d.decode(new Uint8Array([0x41, 0x42]).buffer), 'AB');
    eq(d.decode(new Uint8Array([0x41, 0x42, 0x43, 0x44]).subarray(1, 3)), 'BC');
    eq(d.decode(new DataView(new Uint8Array([65, 66, 67]).buffer, 1, 1)), 'B');
    eq(d.decode(new Float32Array(1)), '\0\0\0\0');
    eq(new TextDecoder('utf-16le').decode(new Uint16Array([0x41, 0x263a])), 'A\u263a');
  });
  test('decode: other inputs are a TypeError (Node message)', () => {
    const message =
      'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.';
    for (const input of ['abc', 123, null, [1, 2], {}]) {
      throws(() => new TextDecoder().decode(input), { type: TypeError, message }, show(input));
    }
  });
  test('decode: decode options are lenient', () => {
    const d = new TextDecoder();
    eq(d.decode(bytes(65), 5), 'A');
    eq(d.decode(bytes(65), null), 'A');
    eq(d.decode(bytes(65), 'x'), 'A');
  });

  // ---- TextDecoder: UTF-8 ----

  test('utf-8: ASCII, two-, three- and four-byte sequences', () => {
    eq(decode([0x41, 0xc3, 0xa9, 0x42]), 'A\u00e9B');
    eq(decode([0xe2, 0x82, 0xac]), '\u20ac');
    eq(decode([0xf0, 0x9f, 0x98, 0x80]), '\u{1F600}');
    eq(decode([0xed, 0x9f, 0xbf]), '\ud7ff');
    eq(decode([0xf0, 0x90, 0x80, 0x80]), '\ud800\udc00');
    eq(decode([0xf4, 0x8f, 0xbf, 0xbf]), '\udbff\udfff');
    eq(decode([0xef, 0xbf, 0xbe]), '\ufffe');
  });
  test('utf-8: overlong forms', () => {
    eq(decode([0xc0, 0x80]), '\ufffd\ufffd');
    eq(decode([0xc1, 0xbf]), '\ufffd\ufffd');
    eq(decode([0xe0, 0x80, 0x80]), '\ufffd\ufffd\ufffd');
    eq(decode([0xf8, 0x88, 0x80, 0x80, 0x80]), '\ufffd\ufffd\ufffd\ufffd\ufffd');
  });
  test('utf-8: surrogates and code points past U+10FFFF', () => {
    eq(decode([0xed, 0xa0, 0x80]), '\ufffd\ufffd\ufffd');
    eq(decode([0xf4, 0x90, 0x80, 0x80]), '\ufffd\ufffd\ufffd\ufffd');
    eq(decode([0xf5]), '\ufffd');
    eq(decode([0xfe, 0xff]), '\ufffd\ufffd');
  });
  test('utf-8: truncated sequences (one U+FFFD per maximal subpart)', () => {
    eq(decode([0xc2]), '\ufffd');
    eq(decode([0xe2, 0x82]), '\ufffd');
    eq(decode([0xf0, 0x9f, 0x98]), '\ufffd');
    eq(decode([0xf0, 0x9f, 0x98, 0x41]), '\ufffdA');
    eq(decode([0xe2, 0x82, 0x41]), '\ufffdA');
    eq(decode([0xe1, 0x80, 0xe1]), '\ufffd\ufffd');
  });
  test('utf-8: stray continuation bytes', () => {
    eq(decode([0x80, 0x80]), '\ufffd\ufffd');
    eq(decode([0x41, 0xbf, 0x42]), 'A\ufffdB');
  });
  test('utf-8: BOM is stripped once, unless ignoreBOM', () => {
    eq(decode([0xef, 0xbb, 0xbf, 0x41]), 'A');
    eq(decode([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), '\ufeff');
    eq(decode([0xef, 0xbb, 0xbf]), '');
    eq(decode([0xef, 0xbb, 0xbf, 0x41], 'utf-8', { ignoreBOM: true }), '\ufeffA');
    eq(decode([0x41, 0xef, 0xbb, 0xbf]), 'A\ufeff');
  });
  test('utf-8: fatal mode throws a TypeError (Node message)', () => {
    for (const list of [[0xff], [0xc0, 0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x41, 0x80]]) {
      throws(() => decode(list, 'utf-8', { fatal: true }), {
        type: TypeError,
        message: 'The encoded data was not valid for encoding utf-8',
        code: 'ERR_ENCODING_INVALID_ENCODED_DATA',
      }, show(list));
    }
    eq(decode([0xe2, 0x82, 0xac], 'utf-8', { fatal: true }), '\u20ac');
  });
  test('utf-8: streaming across chunk boundaries', () => {
    const d = new TextDecoder();
    const out = [
      d.decode(bytes(0xf0), { stream: true }),
      d.decode(bytes(0x9f), { stream: true }),
      d.decode(bytes(0x98, 0x80, 0x41), { stream: true }),
      d.decode(bytes(0xe2, 0x82), { stream: true }),
      d.decode(),
    ];
    same(out, ['', '', '\u{1F600}A', '', '\ufffd']);
  });
  test('utf-8: streaming every byte of a mixed string', () => {
    const text = 'h\u00e9llo \u20ac \u{1F600} w\u00f6rld';
    const encoded = new TextEncoder().encode(text);
    const d = new TextDecoder();
    let result = '';
    for (const b of encoded) {
      result += d.decode(bytes(b), { stream: true });
    }
    result += d.decode();
    eq(result, text);
  });
  test('utf-8: a BOM split across chunks is still stripped', () => {
    const d = new TextDecoder();
    eq(d.decode(bytes(0xef, 0xbb), { stream: true }), '');
    eq(d.decode(bytes(0xbf, 0x41), { stream: true }), 'A');
    // Same stream: a later BOM is content.
    eq(d.decode(bytes(0xef, 0xbb, 0xbf, 0x42), { stream: true }), '\ufeffB');
    eq(d.decode(bytes(0xef, 0xbb, 0xbf, 0x42)), '\ufeffB');
    // New stream: stripped again.
    eq(d.decode(bytes(0xef, 0xbb, 0xbf, 0x42)), 'B');
  });
  test('utf-8: a non-streaming call resets the decoder', () => {
    const d = new TextDecoder();
    eq(d.decode(bytes(0xe2, 0x82), { stream: true }), '');
    eq(d.decode(bytes(0x41)), '\ufffdA');
    eq(d.decode(bytes(0x82, 0xac)), '\ufffd\ufffd');
  });
  test('utf-8: fatal streaming', () => {
    const d = new TextDecoder('utf-8', { fatal: true });
    eq(d.decode(bytes(0xe2, 0x82), { stream: true }), '');
    throws(() => d.decode(), { type: TypeError });
    eq(d.decode(bytes(0x41)), 'A');
  });
  test('utf-8: after a fatal error the decoder starts afresh', () => {
    const d = new TextDecoder('utf-8', { fatal: true });
    eq(d.decode(bytes(0x41, 0xe2, 0x82), { stream: true }), 'A');
    throws(() => d.decode(bytes(0xff, 0x42), { stream: true }), { type: TypeError });
    throws(() => d.decode(bytes(0x82, 0xac), { stream: true }), { type: TypeError });
    eq(d.decode(), '');
    eq(d.decode(bytes(0xe2, 0x82, 0xac)), '\u20ac');
  });
  test('utf-8: round trip of every code point class', () => {
    let text = '';
    for (let cp = 0; cp < 0x110000; cp += 0x101) {
      if (cp < 0xd800 || cp > 0xdfff) {
        text += String.fromCodePoint(cp);
      }
    }
    eq(new TextDecoder().decode(new TextEncoder().encode(text)), text);
  });
  test('utf-8: large inputs decode correctly', () => {
    const unit = 'abc\u00e9\u20ac\u{1F600}';
    const text = unit.repeat(20000);
    const encoded = new TextEncoder().encode(text);
    eq(encoded.length, 12 * 20000);
    const decoded = new TextDecoder().decode(encoded);
    eq(decoded.length, text.length);
    eq(decoded === text, true, 'round trip');
    const ascii = new Uint8Array(100000).fill(0x61);
    eq(new TextDecoder().decode(ascii), 'a'.repeat(100000));
  });

  // ---- TextDecoder: UTF-16LE ----

  test('utf-16le: basic and surrogate pairs', () => {
    eq(decode([0x41, 0, 0x42, 0], 'utf-16le'), 'AB');
    eq(decode([0x3d, 0xd8, 0x00, 0xde], 'utf-16le'), '\u{1F600}');
  });
  test('utf-16le: errors', () => {
    eq(decode([0x41, 0, 0x00, 0xdc, 0x42, 0], 'utf-16le'), 'A\ufffdB');
    eq(decode([0x00, 0xd8, 0x00, 0xd8, 0x00, 0xdc], 'utf-16le'), '\ufffd\ud800\udc00');
    eq(decode([0x00, 0xd8], 'utf-16le'), '\ufffd');
    eq(decode([0x00, 0xd8, 0x41], 'utf-16le'), '\ufffd');
    eq(decode([0x41], 'utf-16le'), '\ufffd');
  });
  test('utf-16le: fatal', () => {
    throws(() => decode([0x41], 'utf-16le', { fatal: true }), {
      type: TypeError,
      message: 'The encoded data was not valid for encoding utf-16le',
    });
    throws(() => decode([0x00, 0xd8], 'utf-16le', { fatal: true }), {
      type: TypeError,
      message: 'The encoded data was not valid for encoding utf-16le',
    });
  });
  test('utf-16le: BOM', () => {
    eq(decode([0xff, 0xfe, 0x41, 0], 'utf-16le'), 'A');
    eq(decode([0xff, 0xfe, 0x41, 0], 'utf-16le', { ignoreBOM: true }), '\ufeffA');
    eq(decode([0xfe, 0xff, 0x41, 0], 'utf-16le'), '\ufffeA');
  });
  test('utf-16le: streaming split code units and surrogates', () => {
    const d = new TextDecoder('utf-16le');
    const out = [
      d.decode(bytes(0x3d), { stream: true }),
      d.decode(bytes(0xd8, 0x00), { stream: true }),
      d.decode(bytes(0xde), { stream: true }),
      d.decode(),
    ];
    same(out, ['', '', '\u{1F600}', '']);
  });

  // ---- TextDecoder: windows-1252 ----

  test('windows-1252: ASCII and Latin-1 range', () => {
    eq(decode([0x41, 0xe9, 0xff, 0xa0], 'latin1'), 'A\u00e9\u00ff\u00a0');
    eq(decode([0xef, 0xbb, 0xbf, 0x41], 'latin1'), '\u00ef\u00bb\u00bfA');
  });
  spec('windows-1252: bytes 0x80-0x9F per the Encoding standard', () => {
    const table = [
      0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6,
      0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018,
      0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161,
      0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
    ];
    const list = [];
    for (let b = 0x80; b <= 0x9f; b += 1) {
      list.push(b);
    }
    for (const label of ['windows-1252', 'latin1', 'iso-8859-1', 'ascii']) {
      const text = decode(list, label);
      same(
        Array.from(text, (c) => c.charCodeAt(0)),
        table,
        label,
      );
    }
  });
  test('windows-1252: never fails, even when fatal', () => {
    eq(decode([0x81], 'latin1', { fatal: true }), '\u0081');
  });
  test('windows-1252: all 256 bytes decode to 256 characters', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = new TextDecoder('windows-1252').decode(all);
    eq(text.length, 256);
    eq(text.slice(0, 0x80), String.fromCharCode(...Array.from(all.subarray(0, 0x80))));
    eq(text.slice(0xa0), String.fromCharCode(...Array.from(all.subarray(0xa0))));
  });

  // ---- hardening ----

  own('hardened classes keep working', () => {
    const codecs = harden(makeTextCodecs());
    const d = new codecs.TextDecoder('utf-8');
    eq(d.decode(bytes(0xe2, 0x82), { stream: true }), '');
    eq(d.decode(bytes(0xac)), '\u20ac');
    same(new codecs.TextEncoder().encode('\u20ac'), bytes(0xe2, 0x82, 0xac));
  });
  own('factory has no side effects: each call gives fresh classes', () => {
    const a = makeTextCodecs();
    const b = makeTextCodecs();
    eq(a.TextDecoder === b.TextDecoder, false);
  });

  return cases;
};
