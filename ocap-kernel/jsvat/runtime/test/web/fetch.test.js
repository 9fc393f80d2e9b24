// Tests for src/web/fetch.js. Expected values come from Node 20's
// Headers, Request and Response (undici), except where marked `spec`
// (there Node departs from the Fetch standard and we follow the standard)
// or `limitation` (there we do less than Node, on purpose). fetch itself
// is tested with a fake host `send`.
//
// export default (deps) => [[name, fn], ...]; deps may carry harden, URL
// (a WHATWG URL class; without it the URL-parsing cases are left out) and
// oracle (the host's own classes, to check these expectations against).

import { makeTextCodecs } from '../../src/web/text.js';
import { makeEvents } from '../../src/web/events.js';
import { makeAbort } from '../../src/web/abort.js';
import { makeFetchClasses } from '../../src/web/fetch.js';

const show = (value) => {
  if (typeof value === 'string') {
    return JSON.stringify(value);
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

const checkError = (thrown, check, what) => {
  if (check.name !== undefined) {
    eq(thrown?.name, check.name, `${what}: error name`);
  }
  if (check.type !== undefined && !(thrown instanceof check.type)) {
    fail(`${what}: expected an instance of ${check.type.name}, got ${show(thrown)}: ${thrown?.message}`);
  }
  if (check.message !== undefined) {
    eq(thrown?.message, check.message, `${what}: error message`);
  }
  if (check.is !== undefined) {
    eq(thrown, check.is, `${what}: thrown value`);
  }
  return thrown;
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
  return checkError(thrown, check, what);
};

const rejects = async (promise, check, what = 'promise') => {
  let thrown;
  let threw = false;
  try {
    await promise;
  } catch (error) {
    threw = true;
    thrown = error;
  }
  if (!threw) {
    fail(`${what}: expected a rejection`);
  }
  return checkError(thrown, check, what);
};

const bytesOf = (list) => new Uint8Array(list);

// A URLSearchParams stand-in: what fetch recognises.
const searchParams = (text) => ({
  toString: () => text,
  [Symbol.toStringTag]: 'URLSearchParams',
});

// A promise with its resolvers.
const defer = () => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const flush = async () => {
  for (let i = 0; i < 10; i += 1) {
    // eslint-disable-next-line no-await-in-loop
    await null;
  }
};

export default (deps = {}) => {
  const harden = deps.harden ?? ((x) => x);
  const oracle = deps.oracle;
  const HostURL = deps.URL;

  const build = (URL) => {
    const events = harden(makeEvents());
    const text = harden(makeTextCodecs());
    const abort = harden(makeAbort({ ...events, setTimeout: undefined }));
    const fetchClasses = harden(
      makeFetchClasses({
        TextEncoder: text.TextEncoder,
        TextDecoder: text.TextDecoder,
        URL,
        AbortSignal: abort.AbortSignal,
        DOMException: events.DOMException,
      }),
    );
    return { ...events, ...text, ...abort, ...fetchClasses };
  };

  // The main environment parses URLs with deps.URL when there is one.
  const env = oracle ?? build(HostURL);
  const bare = oracle ? undefined : build(undefined);
  const { Headers, Request, Response, AbortController, AbortSignal, DOMException } = env;

  const cases = [];
  const test = (name, fn) => {
    cases.push([name, fn]);
  };
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
  const limitation = spec;
  const own = (name, fn) => {
    if (!oracle) {
      cases.push([name, fn]);
    }
  };
  // Needs a real URL parser (Node's under the oracle).
  const withURL = (name, fn) => {
    if (oracle || HostURL !== undefined) {
      cases.push([name, fn]);
    }
  };

  const H = (init) => [...new Headers(init)];

  // ---- Headers: construction ----

  test('Headers: empty', () => {
    same(H(), []);
    same(H({}), []);
    same(H([]), []);
  });
  test('Headers: from a record, names lower-cased and sorted, values trimmed', () => {
    same(H({ B: '1', a: ' 2 ', 'C-c': '\t3\n' }), [['a', '2'], ['b', '1'], ['c-c', '3']]);
  });
  test('Headers: from pairs, combined, set-cookie kept apart', () => {
    same(
      H([['x', '1'], ['X', '2'], ['set-cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['a', '']]),
      [['a', ''], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['x', '1, 2']],
    );
  });
  test('Headers: from another Headers, a Map, an iterator, a generator', () => {
    same(H(new Headers({ a: '1' })), [['a', '1']]);
    same(H(new Map([['a', '1']])), [['a', '1']]);
    same(H([['a', 'b']][Symbol.iterator]()), [['a', 'b']]);
    same(H({ *[Symbol.iterator]() { yield ['q', 'r']; } }), [['q', 'r']]);
    same(H([new Set(['a', 'b'])]), [['a', 'b']]);
  });
  test('Headers: record values are converted to strings', () => {
    same(H({ a: 1, b: null, c: undefined, d: {} }), [
      ['a', '1'], ['b', 'null'], ['c', 'undefined'], ['d', '[object Object]'],
    ]);
  });
  spec('Headers: a record takes only enumerable own properties', () => {
    const o = Object.create({ inherited: 'x' });
    o.own = 'y';
    Object.defineProperty(o, 'hidden', { value: 'z', enumerable: false });
    same(H(o), [['own', 'y']]);
  });
  test('Headers: a record with a symbol key is a TypeError', () => {
    throws(() => H({ [Symbol('s')]: 'x', a: 'b' }), { type: TypeError });
  });
  test('Headers: pairs must have two items', () => {
    throws(() => H([['x']]), {
      type: TypeError,
      message: 'Headers constructor: expected name/value pair to be length 2, found 1.',
    });
    throws(() => H([['x', 1, 2]]), {
      type: TypeError,
      message: 'Headers constructor: expected name/value pair to be length 2, found 3.',
    });
    throws(() => H([5]), { type: TypeError });
  });
  test('Headers: init must be an object', () => {
    const message =
      'Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.';
    for (const init of [5, 'abc', null, true]) {
      throws(() => H(init), { type: TypeError, message }, show(init));
    }
  });
  test('Headers: invalid names', () => {
    for (const name of ['bad name', '', 'a:b', 'x\u00e9', 'a\tb', '(x)', 'a/b', 'a"b']) {
      throws(() => H({ [name]: 'x' }), {
        type: TypeError,
        message: `Headers.append: "${name}" is an invalid header name.`,
      }, show(name));
    }
  });
  test('Headers: every token character is allowed in a name', () => {
    same(H({ "!#$%&'*+-.^_`|~09azAZ": 'v' }), [["!#$%&'*+-.^_`|~09azaz", 'v']]);
  });
  test('Headers: invalid values', () => {
    throws(() => H({ x: 'a\nb' }), { type: TypeError, message: 'Headers.append: "a\nb" is an invalid header value.' });
    throws(() => H({ x: 'a\rb' }), { type: TypeError, message: 'Headers.append: "a\rb" is an invalid header value.' });
    throws(() => H({ x: 'a\0b' }), { type: TypeError, message: 'Headers.append: "a\0b" is an invalid header value.' });
  });
  test('Headers: values are ByteStrings', () => {
    throws(() => H({ x: 'a\u0100b' }), {
      type: TypeError,
      message:
        'Cannot convert argument to a ByteString because the character at index 1 has a value of 256 which is greater than 255.',
    });
    same(H({ x: 'a\u00e9b\u0001\u007f' }), [['x', 'a\u00e9b\u0001\u007f']]);
  });
  test('Headers: whitespace inside values is kept, HTTP whitespace around is not', () => {
    same(H({ x: 'a\tb c' }), [['x', 'a\tb c']]);
    same(H({ x: ' \t\r\n' }), [['x', '']]);
    same(H({ x: ' \r\na' }), [['x', 'a']]);
    same(H({ x: '\u000ba\u000b' }), [['x', '\u000ba\u000b']]);
  });

  // ---- Headers: methods ----

  test('Headers: append combines, get is case-insensitive', () => {
    const h = new Headers();
    h.append('A', 'x');
    h.append('a', 'y');
    same([h.get('a'), h.get('A'), h.has('a'), h.get('z'), h.has('z')], ['x, y', 'x, y', true, null, false]);
  });
  test('Headers: empty values', () => {
    const h = new Headers();
    h.append('a', '');
    same([h.get('a'), h.has('a'), [...h]], ['', true, [['a', '']]]);
    const k = new Headers();
    k.append('x', 'a');
    k.append('x', '');
    k.append('x', 'b');
    eq(k.get('x'), 'a, , b');
  });
  test('Headers: set-cookie', () => {
    const h = new Headers();
    h.append('Set-Cookie', 'a=1');
    h.append('set-cookie', 'b=2, c');
    same(h.get('set-cookie'), 'a=1, b=2, c');
    same(h.getSetCookie(), ['a=1', 'b=2, c']);
    same([...h], [['set-cookie', 'a=1'], ['set-cookie', 'b=2, c']]);
    same(new Headers().getSetCookie(), []);
  });
  test('Headers: set replaces all values of a name', () => {
    const h = new Headers([['B', '1'], ['a', '2'], ['b', '3']]);
    h.set('b', '4');
    same([...h], [['a', '2'], ['b', '4']]);
    const c = new Headers([['set-cookie', '1'], ['set-cookie', '2']]);
    c.set('set-cookie', '3');
    same(c.getSetCookie(), ['3']);
  });
  test('Headers: set and delete', () => {
    const h = new Headers({ a: '1' });
    h.set('A', ' 2 ');
    eq(h.get('a'), '2');
    h.set('b', '3');
    h.delete('a');
    h.delete('nope');
    same([...h], [['b', '3']]);
  });
  spec('Headers: cookie values combine with a comma like any other', () => {
    const h = new Headers([['cookie', 'a'], ['cookie', 'b']]);
    eq(h.get('cookie'), 'a, b');
  });
  test('Headers: other repeated names combine with a comma', () => {
    const h = new Headers([['accept', 'x'], ['Accept', 'y']]);
    eq(h.get('accept'), 'x, y');
  });
  test('Headers: methods validate names', () => {
    const h = new Headers();
    throws(() => h.get('bad name'), { type: TypeError, message: 'Headers.get: "bad name" is an invalid header name.' });
    throws(() => h.has('bad name'), { type: TypeError, message: 'Headers.has: "bad name" is an invalid header name.' });
    throws(() => h.delete('bad name'), { type: TypeError, message: 'Headers.delete: "bad name" is an invalid header name.' });
    throws(() => h.set('bad name', 'x'), { type: TypeError });
    throws(() => h.set('a', 'a\nb'), { type: TypeError, message: 'Headers.set: "a\nb" is an invalid header value.' });
  });
  test('Headers: argument counts (Node messages)', () => {
    const h = new Headers();
    throws(() => h.append(), { type: TypeError, message: 'Headers.append: 2 arguments required, but 0 found.' });
    throws(() => h.append('a'), { type: TypeError, message: 'Headers.append: 2 arguments required, but only 1 found.' });
    throws(() => h.get(), { type: TypeError, message: 'Headers.get: 1 argument required, but 0 found.' });
    throws(() => h.set('a'), { type: TypeError, message: 'Headers.set: 2 arguments required, but only 1 found.' });
    throws(() => h.forEach(), { type: TypeError, message: 'Headers.forEach: 1 argument required, but 0 found.' });
  });
  test('Headers: forEach', () => {
    const h = new Headers({ b: '2', a: '1', c: '3' });
    const out = [];
    h.forEach(function each(v, k, o) {
      out.push(`${k}=${v}${o === h}${this}`);
    }, 'T');
    same(out, ['a=1trueT', 'b=2trueT', 'c=3trueT']);
    throws(() => h.forEach(5), {
      type: TypeError,
      message: "Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.",
    });
  });
  test('Headers: forEach sees headers appended meanwhile', () => {
    const h = new Headers({ b: '2', a: '1' });
    const out = [];
    h.forEach((v, k) => {
      out.push(k);
      if (k === 'a') {
        h.append('c', '3');
      }
    });
    same(out, ['a', 'b', 'c']);
  });
  test('Headers: keys, values, entries, iterator', () => {
    const h = new Headers({ b: '2', a: '1' });
    same([...h.keys()], ['a', 'b']);
    same([...h.values()], ['1', '2']);
    same([...h.entries()], [['a', '1'], ['b', '2']]);
    eq(h[Symbol.iterator], h.entries);
  });
  test('Headers: iterator objects', () => {
    const h = new Headers({ x: 'v' });
    const it = h.entries();
    eq(Object.prototype.toString.call(it), '[object Headers Iterator]');
    eq(typeof it.next, 'function');
    eq(it[Symbol.iterator](), it);
    same([it.next(), it.next()], [{ value: ['x', 'v'], done: false }, { value: undefined, done: true }]);
    throws(() => h.keys().next.call({}), {
      type: TypeError,
      message: "'next' called on an object that does not implement interface Headers Iterator.",
    });
  });
  test('Headers: iterators are live', () => {
    const h = new Headers({ b: '2', a: '1' });
    const it = h.keys();
    h.append('0', 'x');
    same([...it], ['0', 'a', 'b']);
    const h2 = new Headers({ b: '2', a: '1' });
    const it2 = h2.keys();
    it2.next();
    h2.delete('b');
    same([...it2], []);
  });
  test('Headers: shape', () => {
    eq(Object.prototype.toString.call(new Headers()), '[object Headers]');
    eq(String(new Headers()), '[object Headers]');
    const names = Object.getOwnPropertyNames(Headers.prototype);
    for (const name of ['append', 'delete', 'get', 'getSetCookie', 'has', 'set', 'forEach', 'keys', 'values', 'entries']) {
      eq(names.includes(name), true, name);
    }
    throws(() => Headers(), { type: TypeError });
    throws(() => Headers.prototype.get.call({}, 'a'), { type: TypeError, message: 'Illegal invocation' });
  });
  test('Headers: guards', () => {
    const r = new Response('');
    r.headers.set('a', 'b');
    eq(r.headers.get('a'), 'b');
    throws(() => Response.error().headers.set('a', 'b'), { type: TypeError, message: 'immutable' });
    throws(() => Response.redirect('http://x/').headers.set('a', 'b'), { type: TypeError, message: 'immutable' });
    throws(() => Response.redirect('http://x/').headers.append('a', 'b'), { type: TypeError });
    throws(() => Response.redirect('http://x/').headers.delete('location'), { type: TypeError });
    const q = new Request('http://x/');
    q.headers.set('a', 'b');
    same([...q.headers], [['a', 'b']]);
    eq(new Headers(new Response('', { headers: { x: 'y' } }).headers).get('x'), 'y');
  });
  test('Headers: copies made from immutable headers are mutable', () => {
    const copy = new Headers(Response.error().headers);
    copy.set('a', 'b');
    eq(copy.get('a'), 'b');
  });
  test('Headers: forbidden names are not filtered (as in Node)', () => {
    const q = new Request('http://x/', { headers: { Host: 'y', Cookie: 'c', 'Content-Length': '3' } });
    same([...q.headers], [['content-length', '3'], ['cookie', 'c'], ['host', 'y']]);
    const r = new Response('', { headers: { 'set-cookie': 'a=1' } });
    same(r.headers.getSetCookie(), ['a=1']);
  });

  // ---- Request ----

  const describeRequest = (r) => ({
    url: r.url,
    method: r.method,
    headers: [...r.headers],
    redirect: r.redirect,
    aborted: r.signal.aborted,
    bodyUsed: r.bodyUsed,
    mode: r.mode,
    credentials: r.credentials,
    cache: r.cache,
    destination: r.destination,
    referrer: r.referrer,
    referrerPolicy: r.referrerPolicy,
    integrity: r.integrity,
    keepalive: r.keepalive,
    duplex: r.duplex,
  });

  test('Request: defaults', () => {
    same(describeRequest(new Request('http://example.com')), {
      url: 'http://example.com/',
      method: 'GET',
      headers: [],
      redirect: 'follow',
      aborted: false,
      bodyUsed: false,
      mode: 'cors',
      credentials: 'same-origin',
      cache: 'default',
      destination: '',
      referrer: 'about:client',
      referrerPolicy: '',
      integrity: '',
      keepalive: false,
      duplex: 'half',
    });
  });
  test('Request: needs an argument', () => {
    throws(() => new Request(), {
      type: TypeError,
      message: 'Request constructor: 1 argument required, but 0 found.',
    });
    throws(() => Request('http://x/'), { type: TypeError });
  });
  test('Request: simple URLs', () => {
    eq(new Request('http://example.com').url, 'http://example.com/');
    eq(new Request('https://example.com/a?b#c').url, 'https://example.com/a?b#c');
    eq(new Request('HTTP://Example.COM/Path').url, 'http://example.com/Path');
    eq(new Request('http://x:8080/').url, 'http://x:8080/');
    eq(new Request('http://x:80/').url, 'http://x/');
    eq(new Request('https://x:443/').url, 'https://x/');
    eq(new Request('http://x?q').url, 'http://x/?q');
    eq(new Request({ toString: () => 'http://y/' }).url, 'http://y/');
  });
  test('Request: relative URLs cannot be parsed', () => {
    throws(() => new Request('/relative'), {
      type: TypeError,
      message: 'Failed to parse URL from /relative',
    });
    throws(() => new Request('not a url'), { type: TypeError });
  });
  test('Request: URLs with credentials are refused', () => {
    throws(() => new Request('http://user:pass@x/'), {
      type: TypeError,
      message: 'Request cannot be constructed from a URL that includes credentials: http://user:pass@x/',
    });
    throws(() => new Request('http://user@x/'), { type: TypeError });
  });
  withURL('Request: URLs are parsed and serialised by the URL class', () => {
    eq(new Request('HTTP://Example.COM:80/a/../b?x#frag').url, 'http://example.com/b?x#frag');
    eq(new Request('ftp://x/').url, 'ftp://x/');
    eq(new Request('data:text/plain,hi').url, 'data:text/plain,hi');
    eq(new Request('http://example.com/caf\u00e9').url, 'http://example.com/caf%C3%A9');
    eq(new Request(new HostURL('http://z/p')).url, 'http://z/p');
  });
  own('Request: without a URL class, only absolute http(s) URLs', () => {
    const { Request: R } = bare;
    eq(new R('http://example.com').url, 'http://example.com/');
    eq(new R('HTTPS://A.B/c?d#e').url, 'https://a.b/c?d#e');
    eq(new R('http://[::1]:8080/x').url, 'http://[::1]:8080/x');
    eq(new R('  http://x/  ').url, 'http://x/');
    for (const bad of ['/relative', 'ftp://x/', 'data:text/plain,hi', 'http://', 'http://x y/', 'http://x/\u00e9', 'http://x:99999/', 'http://x:y/', 'mailto:a@b']) {
      throws(() => new R(bad), { type: TypeError, message: `Failed to parse URL from ${bad}` }, bad);
    }
    throws(() => new R('http://u:p@x/'), {
      type: TypeError,
      message: 'Request cannot be constructed from a URL that includes credentials: http://u:p@x/',
    });
  });
  test('Request: methods are normalised', () => {
    const m = (method) => new Request('http://x/', { method }).method;
    same(
      ['post', 'Put', 'delete', 'get', 'options', 'head', 'patch', 'FOO', 'Patch'].map(m),
      ['POST', 'PUT', 'DELETE', 'GET', 'OPTIONS', 'HEAD', 'patch', 'FOO', 'Patch'],
    );
  });
  test('Request: forbidden methods', () => {
    throws(() => new Request('http://x/', { method: 'connect' }), {
      type: TypeError,
      message: "'connect' HTTP method is unsupported.",
    });
    throws(() => new Request('http://x/', { method: 'TRACE' }), {
      type: TypeError,
      message: "'TRACE' HTTP method is unsupported.",
    });
    throws(() => new Request('http://x/', { method: 'track' }), {
      type: TypeError,
      message: "'track' HTTP method is unsupported.",
    });
  });
  test('Request: invalid methods', () => {
    throws(() => new Request('http://x/', { method: 'bad method' }), {
      type: TypeError,
      message: "'bad method' is not a valid HTTP method.",
    });
    throws(() => new Request('http://x/', { method: '' }), {
      type: TypeError,
      message: "'' is not a valid HTTP method.",
    });
  });
  test('Request: GET and HEAD cannot have a body', () => {
    const message = 'Request with GET/HEAD method cannot have body.';
    throws(() => new Request('http://x/', { body: 'x' }), { type: TypeError, message });
    throws(() => new Request('http://x/', { method: 'HEAD', body: 'x' }), { type: TypeError, message });
    throws(() => new Request(new Request('http://x/', { method: 'POST', body: 'x' }), { method: 'GET' }), {
      type: TypeError,
      message,
    });
    eq(new Request('http://x/', { method: 'GET', body: null }).method, 'GET');
    eq(new Request('http://x/', { body: undefined }).method, 'GET');
  });
  test('Request: body content types', () => {
    const type = (body, headers) =>
      new Request('http://x/', { method: 'POST', body, headers }).headers.get('content-type');
    eq(type('x'), 'text/plain;charset=UTF-8');
    eq(type(new Uint8Array([1])), null);
    eq(type(new ArrayBuffer(1)), null);
    eq(type(new DataView(new ArrayBuffer(1))), null);
    eq(type(123), 'text/plain;charset=UTF-8');
    eq(type('x', { 'content-type': 'foo' }), 'foo');
    eq(type('x', { 'Content-Type': 'foo' }), 'foo');
  });
  test('Request: URLSearchParams bodies', async () => {
    const body = oracle ? new oracle.URLSearchParams('a=1&b=2') : searchParams('a=1&b=2');
    const r = new Request('http://x/', { method: 'POST', body });
    eq(r.headers.get('content-type'), 'application/x-www-form-urlencoded;charset=UTF-8');
    eq(await r.text(), 'a=1&b=2');
  });
  test('Request: redirect', () => {
    eq(new Request('http://x/', { redirect: 'manual' }).redirect, 'manual');
    eq(new Request('http://x/', { redirect: 'error' }).redirect, 'error');
    throws(() => new Request('http://x/', { redirect: 'bogus' }), {
      type: TypeError,
      message: 'Request constructor: bogus is not an accepted type. Expected one of follow, manual, error.',
    });
  });
  test('Request: other init members', () => {
    const r = new Request('http://x/', {
      mode: 'same-origin',
      credentials: 'include',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      integrity: 'sha256-abc',
      keepalive: true,
      referrer: '',
    });
    same(
      [r.mode, r.credentials, r.cache, r.referrerPolicy, r.integrity, r.keepalive, r.referrer],
      ['same-origin', 'include', 'no-store', 'no-referrer', 'sha256-abc', true, ''],
    );
    throws(() => new Request('http://x/', { mode: 'bogus' }), { type: TypeError });
    throws(() => new Request('http://x/', { credentials: 'bogus' }), { type: TypeError });
    throws(() => new Request('http://x/', { cache: 'bogus' }), { type: TypeError });
  });
  test('Request: init must be an object', () => {
    throws(() => new Request('http://x/', 5), {
      type: TypeError,
      message: 'Request constructor: Expected 5 to be one of: Null, Undefined, Object.',
    });
    eq(new Request('http://x/', null).method, 'GET');
  });
  test('Request: signal must be an AbortSignal', () => {
    throws(() => new Request('http://x/', { signal: 5 }), {
      type: TypeError,
      message: "Failed to construct 'Request': member signal is not of type AbortSignal.",
    });
    throws(() => new Request('http://x/', { signal: {} }), { type: TypeError });
    eq(new Request('http://x/', { signal: null }).signal.aborted, false);
  });
  test('Request: its signal follows the one given', () => {
    const ac = new AbortController();
    const r = new Request('http://x/', { signal: ac.signal });
    eq(r.signal === ac.signal, false, 'a signal of its own');
    eq(r.signal instanceof AbortSignal, true);
    ac.abort('R');
    same([r.signal.aborted, r.signal.reason], [true, 'R']);
  });
  test('Request: signals carry over to copies and clones', () => {
    const r = new Request('http://x/', { signal: AbortSignal.abort('Q') });
    same([r.clone().signal.aborted, r.clone().signal.reason, new Request(r).signal.reason], [true, 'Q', 'Q']);
    const ac = new AbortController();
    const s = new Request('http://x/', { signal: ac.signal });
    const copy = new Request(s);
    const clone = s.clone();
    const detached = new Request(s, { signal: null });
    ac.abort('late');
    same([copy.signal.reason, clone.signal.reason, detached.signal.aborted], ['late', 'late', false]);
  });
  test('Request: from another request', () => {
    const base = new Request('http://x/', { method: 'POST', headers: { a: 'b' }, redirect: 'error' });
    same(
      [new Request(base).url, new Request(base).method, [...new Request(base).headers], new Request(base).redirect],
      ['http://x/', 'POST', [['a', 'b']], 'error'],
    );
    const over = new Request(base, { method: 'PUT', headers: { c: 'd' } });
    same([over.method, [...over.headers], over.redirect], ['PUT', [['c', 'd']], 'error']);
  });
  test('Request: headers of a copy are independent', () => {
    const base = new Request('http://x/', { headers: { a: '1' } });
    const copy = new Request(base);
    copy.headers.set('a', '2');
    eq(base.headers.get('a'), '1');
  });
  test('Request: reading a body', async () => {
    const r = new Request('http://x/', { method: 'POST', body: 'h\u00e9llo' });
    eq(r.bodyUsed, false);
    const p = r.text();
    eq(r.bodyUsed, true, 'used as soon as reading starts');
    eq(await p, 'h\u00e9llo');
    await rejects(r.text(), { type: TypeError, message: 'Body is unusable: Body has already been read' });
    await rejects(r.arrayBuffer(), { type: TypeError });
  });
  test('Request: json, arrayBuffer, bytes', async () => {
    eq(JSON.stringify(await new Request('http://x/', { method: 'POST', body: '{"a":1}' }).json()), '{"a":1}');
    await rejects(new Request('http://x/', { method: 'POST', body: '{bad' }).json(), { type: SyntaxError });
    const buffer = await new Request('http://x/', { method: 'POST', body: 'ab' }).arrayBuffer();
    eq(Object.prototype.toString.call(buffer), '[object ArrayBuffer]');
    eq(buffer.byteLength, 2);
    const b = await new Request('http://x/', { method: 'POST', body: 'ab' }).bytes();
    same(b, bytesOf([97, 98]));
  });
  test('Request: no body reads as empty and is never used', async () => {
    const r = new Request('http://x/');
    eq(await r.text(), '');
    eq(r.bodyUsed, false);
    eq((await r.arrayBuffer()).byteLength, 0);
    eq(await r.text(), '');
  });
  test('Request: bodies are copied when the request is made', async () => {
    const u8 = new Uint8Array([104, 105]);
    const r = new Request('http://x/', { method: 'POST', body: u8 });
    u8[0] = 72;
    eq(await r.text(), 'hi');
    const view = new DataView(new Uint8Array([104, 105, 106]).buffer, 1, 2);
    eq(await new Request('http://x/', { method: 'POST', body: view }).text(), 'ij');
  });
  test('Request: other bodies are converted to strings', async () => {
    const r = new Request('http://x/', { method: 'POST', body: { a: 1 } });
    eq(await r.text(), '[object Object]');
    eq(r.headers.get('content-type'), 'text/plain;charset=UTF-8');
  });
  test('Request: new Request(request) takes the body', async () => {
    const r = new Request('http://x/', { method: 'POST', body: 'abc' });
    const r2 = new Request(r);
    eq(r.bodyUsed, true);
    eq(await r2.text(), 'abc');
  });
  test('Request: a used request cannot be copied or cloned', async () => {
    const r = new Request('http://x/', { method: 'POST', body: 'x' });
    await r.text();
    throws(() => new Request(r), {
      type: TypeError,
      message: 'Cannot construct a Request with a Request object that has already been used.',
    });
    throws(() => r.clone(), { type: TypeError, message: 'unusable' });
    eq(await new Request(r, { body: 'fresh' }).text(), 'fresh');
  });
  test('Request: clone', async () => {
    const r = new Request('http://x/', { method: 'POST', body: 'abc', headers: { a: '1' } });
    const c = r.clone();
    same([await r.text(), await c.text(), r.bodyUsed, c.bodyUsed], ['abc', 'abc', true, true]);
    same([c.url, c.method, [...c.headers]], ['http://x/', 'POST', [['a', '1'], ['content-type', 'text/plain;charset=UTF-8']]]);
  });
  test('Request: shape', () => {
    eq(Object.prototype.toString.call(new Request('http://x')), '[object Request]');
    const names = Object.getOwnPropertyNames(Request.prototype);
    for (const name of ['method', 'url', 'headers', 'redirect', 'signal', 'body', 'bodyUsed', 'clone', 'text', 'json', 'arrayBuffer', 'bytes', 'blob', 'formData']) {
      eq(names.includes(name), true, name);
    }
    throws(() => Object.getOwnPropertyDescriptor(Request.prototype, 'url').get.call({}), { type: TypeError });
  });
  limitation('Request: body is always null (no streams)', () => {
    eq(new Request('http://x/', { method: 'POST', body: 'x' }).body, null);
  });
  test('Request: body is null without a body', () => {
    eq(new Request('http://x/').body, null);
  });
  limitation('Request: blob() and formData() are not supported', async () => {
    await rejects(new Request('http://x/', { method: 'POST', body: 'ab' }).blob(), {
      type: TypeError,
      message: 'Request.blob() is not supported in this environment',
    });
  });
  own('Request: formData() is not supported', async () => {
    await rejects(new Request('http://x/', { method: 'POST', body: 'a=b' }).formData(), {
      type: TypeError,
      message: 'Request.formData() is not supported in this environment',
    });
  });
  own('Request: Blob, FormData and stream bodies are not supported', () => {
    for (const tag of ['Blob', 'File', 'FormData', 'ReadableStream']) {
      throws(() => new Request('http://x/', { method: 'POST', body: { [Symbol.toStringTag]: tag } }), {
        type: TypeError,
        message: `A ${tag} body is not supported in this environment`,
      }, tag);
    }
  });

  // ---- Response ----

  const describeResponse = (r) => ({
    type: r.type,
    url: r.url,
    redirected: r.redirected,
    status: r.status,
    ok: r.ok,
    statusText: r.statusText,
    headers: [...r.headers],
    bodyUsed: r.bodyUsed,
  });

  test('Response: defaults', () => {
    const expected = {
      type: 'default',
      url: '',
      redirected: false,
      status: 200,
      ok: true,
      statusText: '',
      headers: [],
      bodyUsed: false,
    };
    same(describeResponse(new Response()), expected);
    same(describeResponse(new Response(null)), expected);
    same(describeResponse(new Response(undefined)), expected);
  });
  test('Response: with a body and init', () => {
    same(describeResponse(new Response('hi', { status: 404, statusText: 'Nope', headers: { a: 'b' } })), {
      type: 'default',
      url: '',
      redirected: false,
      status: 404,
      ok: false,
      statusText: 'Nope',
      headers: [['a', 'b'], ['content-type', 'text/plain;charset=UTF-8']],
      bodyUsed: false,
    });
  });
  test('Response: status must be 200-599', () => {
    const message = 'init["status"] must be in the range of 200 to 599, inclusive.';
    for (const status of [199, 600, 0, NaN, 101, 100]) {
      throws(() => new Response(null, { status }), { type: RangeError, message }, show(status));
    }
    eq(new Response('x', { status: 599 }).status, 599);
    eq(new Response('x', { status: '201' }).status, 201);
    eq(new Response('x', { status: 200.7 }).status, 200);
    eq(new Response('x', { status: 65536 + 201 }).status, 201);
  });
  test('Response: ok is 200-299', () => {
    same([200, 204, 299, 300, 404, 500].map((status) => new Response(null, { status }).ok), [true, true, true, false, false, false]);
  });
  test('Response: null body statuses cannot have a body', () => {
    for (const status of [204, 205, 304]) {
      throws(() => new Response('hi', { status }), {
        type: TypeError,
        message: `Response constructor: Invalid response status code ${status}`,
      }, String(status));
    }
    throws(() => new Response('', { status: 204 }), { type: TypeError });
    eq(new Response(null, { status: 204 }).status, 204);
  });
  test('Response: statusText', () => {
    throws(() => new Response('hi', { statusText: 'bad\ntext' }), { type: TypeError, message: 'Invalid statusText' });
    eq(new Response('hi', { statusText: '\u00e9 ok\t' }).statusText, '\u00e9 ok\t');
    throws(() => new Response('hi', { statusText: '\u0100' }), { type: TypeError });
  });
  test('Response: init must be an object', () => {
    throws(() => new Response('hi', 5), { type: TypeError });
  });
  test('Response: body types', async () => {
    eq(new Response(new Uint8Array([1, 2])).headers.get('content-type'), null);
    eq(new Response(new ArrayBuffer(2)).headers.get('content-type'), null);
    eq(new Response('x', { headers: { 'content-type': 'y' } }).headers.get('content-type'), 'y');
    const body = oracle ? new oracle.URLSearchParams('a=b c') : searchParams('a=b+c');
    const r = new Response(body);
    eq(r.headers.get('content-type'), 'application/x-www-form-urlencoded;charset=UTF-8');
    eq(await r.text(), 'a=b+c');
  });
  test('Response: text decodes UTF-8, strips a BOM, replaces errors', async () => {
    eq(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff])).text(), 'A\ufffd');
    eq(JSON.stringify(await new Response('\ufeff{"a":1}').json()), '{"a":1}');
  });
  test('Response: reading', async () => {
    const r = new Response('h\u00e9llo');
    const c = r.clone();
    eq(await r.text(), 'h\u00e9llo');
    eq((await c.arrayBuffer()).byteLength, 6);
    eq(r.bodyUsed, true);
    await rejects(r.text(), { type: TypeError, message: 'Body is unusable: Body has already been read' });
    throws(() => r.clone(), { type: TypeError, message: 'Response.clone: Body has already been consumed.' });
  });
  test('Response: bodyUsed is true as soon as reading starts', async () => {
    const r = new Response('hello');
    const p = r.text();
    eq(r.bodyUsed, true);
    eq(await p, 'hello');
  });
  test('Response: no body', async () => {
    const r = new Response();
    same([await r.text(), r.bodyUsed, await r.text()], ['', false, '']);
    await rejects(new Response().json(), { type: SyntaxError });
  });
  test('Response: bytes', async () => {
    const b = await new Response(new Uint8Array([1, 2, 3])).bytes();
    eq(Object.prototype.toString.call(b), '[object Uint8Array]');
    same(b, bytesOf([1, 2, 3]));
  });
  test('Response: clone copies headers', () => {
    const r = new Response('x', { headers: { a: '1' } });
    const c = r.clone();
    r.headers.set('a', '2');
    eq(c.headers.get('a'), '1');
    same(describeResponse(c), describeResponse(new Response('x', { headers: { a: '1' } })));
  });
  test('Response.error()', async () => {
    const r = Response.error();
    same(describeResponse(r), {
      type: 'error',
      url: '',
      redirected: false,
      status: 0,
      ok: false,
      statusText: '',
      headers: [],
      bodyUsed: false,
    });
    eq(await r.text(), '');
    eq(r.clone().type, 'error');
  });
  test('Response.json()', async () => {
    const r = Response.json({ a: [1, '\u00e9'] });
    same(describeResponse(r).headers, [['content-type', 'application/json']]);
    eq(await r.text(), '{"a":[1,"\u00e9"]}');
    const s = Response.json({ a: 1 }, { status: 201, headers: { 'content-type': 'foo' } });
    same([s.status, s.headers.get('content-type')], [201, 'foo']);
    eq(await Response.json(null).text(), 'null');
  });
  test('Response.json() errors', () => {
    throws(() => Response.json(undefined), { type: TypeError, message: 'Value is not JSON serializable' });
    throws(() => Response.json(() => 1), { type: TypeError, message: 'Value is not JSON serializable' });
    throws(() => Response.json(Symbol('s')), { type: TypeError, message: 'Value is not JSON serializable' });
    throws(() => Response.json(1n), { type: TypeError });
    throws(() => Response.json({}, { status: 204 }), {
      type: TypeError,
      message: 'Response constructor: Invalid response status code 204',
    });
    throws(() => Response.json(), { type: TypeError, message: 'Response.json: 1 argument required, but 0 found.' });
  });
  test('Response.redirect()', () => {
    same(describeResponse(Response.redirect('http://x/y')), {
      type: 'default',
      url: '',
      redirected: false,
      status: 302,
      ok: false,
      statusText: '',
      headers: [['location', 'http://x/y']],
      bodyUsed: false,
    });
    for (const status of [301, 302, 303, 307, 308]) {
      eq(Response.redirect('http://x/y', status).status, status);
    }
    throws(() => Response.redirect('http://x/y', 200), { type: RangeError, message: 'Invalid status code 200' });
    throws(() => Response.redirect('/rel', 301), { type: TypeError, message: 'Failed to parse URL from /rel' });
    throws(() => Response.redirect(), { type: TypeError, message: 'Response.redirect: 1 argument required, but 0 found.' });
  });
  withURL('Response.redirect() serialises the URL', () => {
    eq(Response.redirect('HTTP://X/a/../b').headers.get('location'), 'http://x/b');
  });
  test('Response: shape', () => {
    eq(Object.prototype.toString.call(new Response()), '[object Response]');
    throws(() => Response(), { type: TypeError });
    throws(() => Object.getOwnPropertyDescriptor(Response.prototype, 'status').get.call({}), {
      type: TypeError,
      message: 'Illegal invocation',
    });
    for (const name of ['error', 'json', 'redirect']) {
      eq(typeof Response[name], 'function', name);
    }
  });
  test('Response: body methods check their receiver', async () => {
    await rejects(Response.prototype.text.call({}), { type: TypeError, message: 'Illegal invocation' });
  });
  limitation('Response: body is always null (no streams)', () => {
    eq(new Response('x').body, null);
  });
  limitation('Response: blob() is not supported', async () => {
    await rejects(new Response('x').blob(), {
      type: TypeError,
      message: 'Response.blob() is not supported in this environment',
    });
  });
  own('Response: formData() is not supported', async () => {
    await rejects(new Response('a=b').formData(), {
      type: TypeError,
      message: 'Response.formData() is not supported in this environment',
    });
  });

  // ---- fetch, with a fake host ----

  const makeHost = (respond) => {
    const calls = [];
    const send = (request) => {
      calls.push(request);
      return respond(request);
    };
    return { calls, send };
  };
  const ok = (extra = {}) => ({
    status: 200,
    statusText: 'OK',
    headers: [['Content-Type', 'text/plain'], ['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']],
    body: new TextEncoder().encode('hello'),
    ...extra,
  });
  const { TextEncoder } = oracle ?? env;

  own('makeFetch checks its arguments', () => {
    throws(() => env.makeFetch({}), { type: TypeError });
    throws(() => env.makeFetch({ send: () => {}, caveat: 5 }), { type: TypeError });
    eq(typeof env.makeFetch({ send: () => {} }), 'function');
  });
  own('fetch: shape', () => {
    const fetch = env.makeFetch({ send: async () => ok() });
    eq(fetch.name, 'fetch');
    eq(fetch.length, 1);
  });
  own('fetch: a GET', async () => {
    const host = makeHost(async () => ok());
    const fetch = env.makeFetch({ send: host.send });
    const r = await fetch('http://example.com/a#frag');
    eq(host.calls.length, 1);
    const call = host.calls[0];
    same(
      [call.url, call.method, call.headers, call.body, call.redirect, call.signal instanceof AbortSignal],
      ['http://example.com/a#frag', 'GET', [], null, 'follow', true],
    );
    eq(r instanceof Response, true);
    same(describeResponse(r), {
      type: 'basic',
      url: 'http://example.com/a',
      redirected: false,
      status: 200,
      ok: true,
      statusText: 'OK',
      headers: [['content-type', 'text/plain'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']],
      bodyUsed: false,
    });
    eq(await r.text(), 'hello');
    same(r.headers.getSetCookie(), ['a=1', 'b=2']);
  });
  own('fetch: a POST hands the host bytes and headers', async () => {
    const host = makeHost(async () => ok());
    const fetch = env.makeFetch({ send: host.send });
    await fetch('http://x/echo', { method: 'post', body: 'h\u00e9', headers: { 'X-A': 'b', 'x-a': 'c' } });
    const call = host.calls[0];
    eq(call.method, 'POST');
    same(call.headers, [['content-type', 'text/plain;charset=UTF-8'], ['x-a', 'b, c']]);
    same(call.body, bytesOf([104, 0xc3, 0xa9]));
  });
  own('fetch: response headers are immutable', async () => {
    const fetch = env.makeFetch({ send: async () => ok() });
    const r = await fetch('http://x/');
    throws(() => r.headers.set('a', 'b'), { type: TypeError, message: 'immutable' });
  });
  own('fetch: the host reports the final URL and redirects', async () => {
    const fetch = env.makeFetch({
      send: async () => ok({ url: 'http://x/final#f', redirected: true }),
    });
    const r = await fetch('http://x/start');
    same([r.url, r.redirected, r.type], ['http://x/final', true, 'basic']);
  });
  own('fetch: redirect "error" refuses a redirected response', async () => {
    const fetch = env.makeFetch({ send: async () => ok({ redirected: true }) });
    const error = await rejects(fetch('http://x/', { redirect: 'error' }), { type: TypeError, message: 'fetch failed' });
    eq(error.cause.message, 'unexpected redirect');
    const manual = env.makeFetch({ send: async (req) => ({ status: 302, headers: [['location', '/x']], body: new Uint8Array(0), redirect: req.redirect }) });
    eq((await manual('http://x/', { redirect: 'manual' })).status, 302);
    await rejects(manual('http://x/', { redirect: 'error' }), { type: TypeError, message: 'fetch failed' });
  });
  own('fetch: the host gets redirect mode and the request signal', async () => {
    const host = makeHost(async () => ok());
    const fetch = env.makeFetch({ send: host.send });
    const ac = new AbortController();
    await fetch('http://x/', { redirect: 'manual', signal: ac.signal });
    eq(host.calls[0].redirect, 'manual');
    eq(host.calls[0].signal.aborted, false);
    ac.abort();
    eq(host.calls[0].signal.aborted, true, 'the host signal follows');
  });
  own('fetch: a host failure is TypeError("fetch failed") with the cause', async () => {
    const cause = new Error('connection refused');
    const fetch = env.makeFetch({ send: async () => { throw cause; } });
    const error = await rejects(fetch('http://x/'), { type: TypeError, message: 'fetch failed' });
    eq(error.cause, cause);
  });
  own('fetch: a malformed host response is a fetch failure', async () => {
    for (const bad of [undefined, null, { status: 99 }, { status: 'x' }, { status: 200, headers: [['bad name', 'x']] }]) {
      const fetch = env.makeFetch({ send: async () => bad });
      // eslint-disable-next-line no-await-in-loop
      await rejects(fetch('http://x/'), { type: TypeError, message: 'fetch failed' }, show(bad));
    }
  });
  own('fetch: the caveat sees the URL and may refuse', async () => {
    const seen = [];
    const host = makeHost(async () => ok());
    const refusal = new Error('not allowed');
    const fetch = env.makeFetch({
      send: host.send,
      caveat: async (url) => {
        seen.push(url);
        if (url.includes('evil')) {
          throw refusal;
        }
      },
    });
    await fetch('http://good/');
    await rejects(fetch('http://evil/'), { is: refusal });
    same(seen, ['http://good/', 'http://evil/']);
    eq(host.calls.length, 1, 'the refused request is never sent');
  });
  own('fetch: a synchronous caveat that throws also refuses', async () => {
    const refusal = new TypeError('no');
    const fetch = env.makeFetch({
      send: async () => ok(),
      caveat: () => {
        throw refusal;
      },
    });
    await rejects(fetch('http://x/'), { is: refusal });
  });
  own('fetch: construction errors reject', async () => {
    const fetch = env.makeFetch({ send: async () => ok() });
    await rejects(fetch('/rel'), { type: TypeError, message: 'Failed to parse URL from /rel' });
    await rejects(fetch('http://x/', { method: 'CONNECT' }), { type: TypeError, message: "'CONNECT' HTTP method is unsupported." });
    await rejects(fetch(), { type: TypeError, message: 'Failed to parse URL from undefined' });
  });
  own('fetch: only http and https', async () => {
    const host = makeHost(async () => ok());
    const fetch = env.makeFetch({ send: host.send });
    if (HostURL !== undefined) {
      const error = await rejects(fetch('ftp://x/'), { type: TypeError, message: 'fetch failed' });
      eq(error.cause.message, 'URL scheme "ftp" is not supported.');
    }
    eq(host.calls.length, 0);
  });
  own('fetch: an aborted signal rejects before anything is sent', async () => {
    const host = makeHost(async () => ok());
    const caveatCalls = [];
    const fetch = env.makeFetch({ send: host.send, caveat: (url) => caveatCalls.push(url) });
    const error = await rejects(fetch('http://x/', { signal: AbortSignal.abort() }), {
      type: DOMException,
      name: 'AbortError',
    });
    eq(error.message, 'This operation was aborted');
    await rejects(fetch('http://x/', { signal: AbortSignal.abort('R') }), { is: 'R' });
    eq(host.calls.length, 0);
    eq(caveatCalls.length, 0);
  });
  own('fetch: abort during the send rejects with the reason', async () => {
    const pending = defer();
    const host = makeHost(() => pending.promise);
    const fetch = env.makeFetch({ send: host.send });
    const ac = new AbortController();
    const p = fetch('http://x/slow', { signal: ac.signal });
    await flush();
    eq(host.calls.length, 1);
    ac.abort(42);
    eq(host.calls[0].signal.aborted, true, 'the host can see the abort');
    eq(host.calls[0].signal.reason, 42);
    await rejects(p, { is: 42 });
    // The host settling later changes nothing.
    pending.resolve(ok());
    await flush();
  });
  own('fetch: abort during the send, default reason', async () => {
    const pending = defer();
    const fetch = env.makeFetch({ send: () => pending.promise });
    const ac = new AbortController();
    const p = fetch('http://x/slow', { signal: ac.signal });
    await flush();
    ac.abort();
    await rejects(p, { type: DOMException, name: 'AbortError', message: 'This operation was aborted' });
    pending.reject(new Error('cancelled by host'));
    await flush();
  });
  own('fetch: abort during the caveat', async () => {
    const gate = defer();
    const host = makeHost(async () => ok());
    const fetch = env.makeFetch({ send: host.send, caveat: () => gate.promise });
    const ac = new AbortController();
    const p = fetch('http://x/', { signal: ac.signal });
    await flush();
    ac.abort('stop');
    await rejects(p, { is: 'stop' });
    gate.resolve();
    await flush();
    eq(host.calls.length, 0, 'nothing sent after the abort');
  });
  own('fetch: a Request\'s own signal is honoured', async () => {
    const pending = defer();
    const fetch = env.makeFetch({ send: () => pending.promise });
    const ac = new AbortController();
    const req = new Request('http://x/', { signal: ac.signal });
    const p = fetch(req);
    await flush();
    ac.abort('viaReq');
    await rejects(p, { is: 'viaReq' });
  });
  own('fetch: aborting after the response errors an unread body', async () => {
    const fetch = env.makeFetch({ send: async () => ok() });
    const ac = new AbortController();
    const r = await fetch('http://x/', { signal: ac.signal });
    const read = await fetch('http://x/', { signal: ac.signal });
    eq(await read.text(), 'hello');
    ac.abort('late');
    await rejects(r.text(), { is: 'late' });
  });
  own('fetch: fetching a Request uses it up', async () => {
    const host = makeHost(async () => ok());
    const fetch = env.makeFetch({ send: host.send });
    const req = new Request('http://x/', { method: 'PUT', body: 'q' });
    await fetch(req);
    eq(req.bodyUsed, true);
    same(host.calls[0].body, bytesOf([113]));
    await rejects(fetch(req), {
      type: TypeError,
      message: 'Cannot construct a Request with a Request object that has already been used.',
    });
  });
  own('fetch: null-body statuses and HEAD have no body', async () => {
    const fetch = env.makeFetch({ send: async (req) => ok({ status: req.url.endsWith('204') ? 204 : 200 }) });
    const r = await fetch('http://x/204');
    eq(await r.text(), '');
    eq(r.bodyUsed, false);
    const h = await fetch('http://x/', { method: 'HEAD' });
    eq(await h.text(), '');
  });
  own('fetch: responses can be cloned and read twice', async () => {
    const fetch = env.makeFetch({ send: async () => ok() });
    const r = await fetch('http://x/');
    const c = r.clone();
    same([await r.text(), await c.text(), c.type, c.url], ['hello', 'hello', 'basic', 'http://x/']);
    throws(() => c.headers.set('a', 'b'), { type: TypeError, message: 'immutable' });
  });
  own('fetch: a body given as an ArrayBuffer or missing', async () => {
    const buffer = new TextEncoder().encode('ab').buffer;
    const f1 = env.makeFetch({ send: async () => ({ status: 200, body: buffer }) });
    eq(await (await f1('http://x/')).text(), 'ab');
    const f2 = env.makeFetch({ send: async () => ({ status: 201 }) });
    const r2 = await f2('http://x/');
    same([r2.status, r2.statusText, [...r2.headers], await r2.text()], [201, '', [], '']);
  });
  own('fetch: the host cannot change the response afterwards', async () => {
    const body = new TextEncoder().encode('abc');
    const fetch = env.makeFetch({ send: async () => ({ status: 200, body }) });
    const r = await fetch('http://x/');
    body[0] = 0x7a;
    eq(await r.text(), 'abc');
  });
  own('fetch: without a URL class', async () => {
    const host = makeHost(async () => ok());
    const fetch = bare.makeFetch({ send: host.send });
    await fetch('HTTP://Example.com');
    eq(host.calls[0].url, 'http://example.com/');
    await rejects(fetch('ftp://x/'), { type: TypeError, message: 'Failed to parse URL from ftp://x/' });
  });
  own('hardened classes keep working', async () => {
    const web = build(undefined);
    eq(Object.isFrozen(web.Headers.prototype), true);
    eq(Object.isFrozen(Object.getPrototypeOf(new web.Headers().keys())), true);
    const h = new web.Headers({ B: '1', a: '2' });
    same([...h], [['a', '2'], ['b', '1']]);
    const r = new web.Response('x', { headers: h });
    eq(await r.clone().text(), 'x');
    const q = new web.Request('http://x/', { method: 'POST', body: 'y' });
    eq(await q.clone().text(), 'y');
  });
  own('makeFetchClasses checks its dependencies', () => {
    throws(() => makeFetchClasses({}), { type: TypeError });
  });

  return cases;
};
