// Headers, Request, Response and fetch for vats, after the Fetch standard
// (https://fetch.spec.whatwg.org/), with Node 20 (undici) as the oracle
// for argument handling and error messages.
//
// What is not here:
// - Streams. There is no ReadableStream in a vat, so `body` is always null
//   on both Request and Response, even when there is a body; read bodies
//   with text(), json(), arrayBuffer() or bytes(). Bodies are held as bytes.
// - Blob and FormData. blob() and formData() reject with a TypeError
//   ("Response.blob() is not supported in this environment", ...); a Blob,
//   File, FormData or ReadableStream (by its Symbol.toStringTag) given as a
//   body throws a TypeError ("A Blob body is not supported in this
//   environment").
// - CORS, credentials, caching, referrer and the forbidden header lists:
//   as in Node, headers are not filtered. Request's mode, credentials,
//   cache, referrer, referrerPolicy, integrity and keepalive are validated
//   and reported but not acted on.
// - The network. makeFetch({ send, caveat }) gives a fetch that hands each
//   request to the host's `send`, after the host's `caveat` has accepted the
//   URL. Only http: and https: URLs are fetched (no data:, blob:, file:).
//
// This module has no side effects and touches no global. State lives in
// module-local WeakMaps, so the classes keep working after harden().

const withCode = (error, code) => {
  error.code = code;
  return error;
};

const illegalInvocation = () =>
  withCode(new TypeError('Illegal invocation'), 'ERR_INVALID_THIS');

const argumentsRequired = (where, required, found) =>
  new TypeError(
    `${where}: ${required} argument${required === 1 ? '' : 's'} required, but${
      found === 0 ? '' : ' only'
    } ${found} found.`,
  );

const defineTag = (target, tag) => {
  Object.defineProperty(target, Symbol.toStringTag, {
    value: tag,
    writable: false,
    enumerable: false,
    configurable: true,
  });
};

// RFC 9110 token characters, as the Fetch standard uses for header names
// and methods.
const isTokenCode = (c) =>
  (c >= 0x61 && c <= 0x7a) || // a-z
  (c >= 0x41 && c <= 0x5a) || // A-Z
  (c >= 0x30 && c <= 0x39) || // 0-9
  c === 0x21 || // !
  (c >= 0x23 && c <= 0x27) || // # $ % & '
  c === 0x2a || // *
  c === 0x2b || // +
  c === 0x2d || // -
  c === 0x2e || // .
  c === 0x5e || // ^
  c === 0x5f || // _
  c === 0x60 || // `
  c === 0x7c || // |
  c === 0x7e; // ~

const isToken = (text) => {
  if (text.length === 0) {
    return false;
  }
  for (let i = 0; i < text.length; i += 1) {
    if (!isTokenCode(text.charCodeAt(i))) {
      return false;
    }
  }
  return true;
};

const isHttpWhitespace = (c) => c === 0x09 || c === 0x0a || c === 0x0d || c === 0x20;

// Strips leading and trailing HTTP whitespace (tab, LF, CR, space).
const normalizeValue = (value) => {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) {
    start += 1;
  }
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) {
    end -= 1;
  }
  return start === 0 && end === value.length ? value : value.slice(start, end);
};

const isValidValue = (value) => {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 0x00 || c === 0x0a || c === 0x0d) {
      return false;
    }
  }
  return true;
};

// WebIDL ByteString conversion.
const toByteString = (value) => {
  const text = `${value}`;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c > 255) {
      throw new TypeError(
        `Cannot convert argument to a ByteString because the character at index ${i} has a value of ${c} which is greater than 255.`,
      );
    }
  }
  return text;
};

const lowerAscii = (text) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

const upperAscii = (text) => text.replace(/[a-z]+/g, (s) => s.toUpperCase());

// WebIDL unsigned short conversion.
const toUnsignedShort = (value) => {
  const n = Number(value);
  if (!Number.isFinite(n)) {
    return 0;
  }
  const truncated = Math.trunc(n);
  return ((truncated % 65536) + 65536) % 65536;
};

const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];

const ENUMS = {
  redirect: ['follow', 'manual', 'error'],
  mode: ['same-origin', 'no-cors', 'cors', 'navigate', 'websocket'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: [
    'default',
    'no-store',
    'reload',
    'no-cache',
    'force-cache',
    'only-if-cached',
  ],
  referrerPolicy: [
    '',
    'no-referrer',
    'no-referrer-when-downgrade',
    'same-origin',
    'origin',
    'strict-origin',
    'origin-when-cross-origin',
    'strict-origin-when-cross-origin',
    'unsafe-url',
  ],
  duplex: ['half'],
};

const UNSUPPORTED_BODY_TAGS = ['Blob', 'File', 'FormData', 'ReadableStream'];

const tagOf = (value) => {
  try {
    return value[Symbol.toStringTag];
  } catch {
    return undefined;
  }
};

/**
 * Builds Headers, Request and Response, and makeFetch.
 *
 * @param {object} deps
 * @param {Function} deps.TextEncoder
 * @param {Function} deps.TextDecoder
 * @param {Function} [deps.URL] used to parse and serialise URLs; without it
 *   only absolute http: and https: URLs are accepted, after a simple check.
 * @param {Function} deps.AbortSignal
 * @param {Function} deps.DOMException
 */
export const makeFetchClasses = ({
  TextEncoder,
  TextDecoder,
  URL,
  AbortSignal,
  DOMException,
}) => {
  if (typeof TextEncoder !== 'function' || typeof TextDecoder !== 'function') {
    throw new TypeError('makeFetchClasses needs TextEncoder and TextDecoder');
  }
  if (typeof AbortSignal !== 'function') {
    throw new TypeError('makeFetchClasses needs AbortSignal');
  }
  if (typeof DOMException !== 'function') {
    throw new TypeError('makeFetchClasses needs DOMException');
  }
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const encode = (text) => encoder.encode(text);
  const decode = (bytes) => decoder.decode(bytes);
  const anySignal = AbortSignal.any;
  const abortedOf = Object.getOwnPropertyDescriptor(
    AbortSignal.prototype,
    'aborted',
  ).get;
  const reasonOf = Object.getOwnPropertyDescriptor(
    AbortSignal.prototype,
    'reason',
  ).get;
  const { addEventListener, removeEventListener } = AbortSignal.prototype;
  const followSignals = (list) => Reflect.apply(anySignal, AbortSignal, [list]);

  // ---- URLs ----

  // Without a URL class: absolute http(s) URLs only, lightly normalised
  // (lower-case scheme and host, '/' for an empty path).
  const simpleParse = (text) => {
    const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    const match = /^(https?):\/\/([^/?#]*)([\s\S]*)$/i.exec(trimmed);
    if (match === null || /[\u0000-\u0020\u007f-\uffff\\<>"`{}|^]/.test(trimmed)) {
      return undefined;
    }
    const scheme = match[1].toLowerCase();
    const authority = match[2];
    let rest = match[3];
    const at = authority.lastIndexOf('@');
    const hostPort = at === -1 ? authority : authority.slice(at + 1);
    const hostMatch = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([0-9]*))?$/.exec(hostPort);
    if (hostMatch === null) {
      return undefined;
    }
    const host = hostMatch[1].toLowerCase();
    let port = hostMatch[2] ?? '';
    if (port !== '') {
      const number = Number(port);
      if (number > 65535) {
        return undefined;
      }
      port = String(number);
      if ((scheme === 'http' && port === '80') || (scheme === 'https' && port === '443')) {
        port = '';
      }
    }
    if (rest === '' || rest[0] === '?' || rest[0] === '#') {
      rest = `/${rest}`;
    }
    const userinfo = at === -1 ? '' : authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    return {
      href: `${scheme}://${userinfo === '' ? '' : `${userinfo}@`}${host}${port === '' ? '' : `:${port}`}${rest}`,
      protocol: `${scheme}:`,
      username: colon === -1 ? userinfo : userinfo.slice(0, colon),
      password: colon === -1 ? '' : userinfo.slice(colon + 1),
    };
  };

  const parseURL = (input) => {
    const text = `${input}`;
    if (typeof URL === 'function') {
      try {
        const url = new URL(text);
        return {
          href: url.href,
          protocol: url.protocol,
          username: url.username,
          password: url.password,
        };
      } catch (error) {
        throw new TypeError(`Failed to parse URL from ${text}`, { cause: error });
      }
    }
    const parsed = simpleParse(text);
    if (parsed === undefined) {
      throw new TypeError(`Failed to parse URL from ${text}`, {
        cause: new TypeError('Invalid URL'),
      });
    }
    return parsed;
  };

  const stripFragment = (href) => {
    const hash = href.indexOf('#');
    return hash === -1 ? href : href.slice(0, hash);
  };

  // ---- Headers ----

  // headers -> { list: [[name, value], ...], guard, sorted }
  const headersStates = new WeakMap();
  const headersState = (self) => {
    const state = headersStates.get(self);
    if (state === undefined) {
      throw illegalInvocation();
    }
    return state;
  };

  const validName = (where, name) => {
    if (!isToken(name)) {
      throw new TypeError(`${where}: "${name}" is an invalid header name.`);
    }
  };

  const checkGuard = (state) => {
    if (state.guard === 'immutable') {
      throw new TypeError('immutable');
    }
  };

  const appendHeader = (state, where, rawName, rawValue) => {
    const name = toByteString(rawName);
    const value = normalizeValue(toByteString(rawValue));
    validName(where, name);
    if (!isValidValue(value)) {
      throw new TypeError(`${where}: "${value}" is an invalid header value.`);
    }
    checkGuard(state);
    state.list.push([name, value]);
    state.sorted = undefined;
  };

  const getHeader = (state, lowerName) => {
    let result = null;
    for (const [name, value] of state.list) {
      if (lowerAscii(name) === lowerName) {
        result = result === null ? value : `${result}, ${value}`;
      }
    }
    return result;
  };

  const hasHeader = (state, lowerName) => {
    for (const [name] of state.list) {
      if (lowerAscii(name) === lowerName) {
        return true;
      }
    }
    return false;
  };

  // The standard's "sort and combine".
  const sortAndCombine = (state) => {
    if (state.sorted !== undefined) {
      return state.sorted;
    }
    const names = [];
    const seen = new Set();
    for (const [name] of state.list) {
      const lower = lowerAscii(name);
      if (!seen.has(lower)) {
        seen.add(lower);
        names.push(lower);
      }
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const result = [];
    for (const name of names) {
      if (name === 'set-cookie') {
        for (const [n, v] of state.list) {
          if (lowerAscii(n) === name) {
            result.push([name, v]);
          }
        }
      } else {
        result.push([name, getHeader(state, name)]);
      }
    }
    state.sorted = result;
    return result;
  };

  const fillHeaders = (state, init) => {
    if (init === undefined) {
      return;
    }
    if ((typeof init !== 'object' && typeof init !== 'function') || init === null) {
      throw new TypeError(
        'Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.',
      );
    }
    const iterator = init[Symbol.iterator];
    if (iterator !== undefined && iterator !== null) {
      if (typeof iterator !== 'function') {
        throw new TypeError('Headers constructor: init[Symbol.iterator] is not a function.');
      }
      const pairs = [];
      let index = 0;
      for (const item of Reflect.apply(iterator, init, [])) {
        if (
          item === null ||
          (typeof item !== 'object' && typeof item !== 'function') ||
          typeof item[Symbol.iterator] !== 'function'
        ) {
          throw new TypeError(
            `Headers constructor: init[${index}] (${String(item)}) is not iterable.`,
          );
        }
        const pair = [...item].map(toByteString);
        if (pair.length !== 2) {
          throw new TypeError(
            `Headers constructor: expected name/value pair to be length 2, found ${pair.length}.`,
          );
        }
        pairs.push(pair);
        index += 1;
      }
      for (const [name, value] of pairs) {
        appendHeader(state, 'Headers.append', name, value);
      }
      return;
    }
    // A record: own enumerable properties, in property order.
    const pairs = [];
    for (const key of Reflect.ownKeys(init)) {
      const desc = Reflect.getOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable) {
        continue;
      }
      if (typeof key === 'symbol') {
        throw new TypeError(
          'Headers constructor: init is a symbol, which cannot be converted to a ByteString.',
        );
      }
      pairs.push([toByteString(key), toByteString(init[key])]);
    }
    for (const [name, value] of pairs) {
      appendHeader(state, 'Headers.append', name, value);
    }
  };

  const copyHeadersInto = (target, source) => {
    for (const [name, value] of source.list) {
      target.list.push([name, value]);
    }
    target.sorted = undefined;
  };

  class Headers {
    constructor(init = undefined) {
      const state = { list: [], guard: 'none', sorted: undefined };
      headersStates.set(this, state);
      const sourceState = headersStates.get(init);
      if (sourceState !== undefined) {
        copyHeadersInto(state, sourceState);
      } else {
        fillHeaders(state, init);
      }
    }

    append(name, value) {
      const state = headersState(this);
      if (arguments.length < 2) {
        throw argumentsRequired('Headers.append', 2, arguments.length);
      }
      appendHeader(state, 'Headers.append', name, value);
    }

    delete(name) {
      const state = headersState(this);
      if (arguments.length < 1) {
        throw argumentsRequired('Headers.delete', 1, 0);
      }
      const text = toByteString(name);
      validName('Headers.delete', text);
      checkGuard(state);
      const lower = lowerAscii(text);
      if (!hasHeader(state, lower)) {
        return;
      }
      state.list = state.list.filter(([n]) => lowerAscii(n) !== lower);
      state.sorted = undefined;
    }

    get(name) {
      const state = headersState(this);
      if (arguments.length < 1) {
        throw argumentsRequired('Headers.get', 1, 0);
      }
      const text = toByteString(name);
      validName('Headers.get', text);
      return getHeader(state, lowerAscii(text));
    }

    getSetCookie() {
      const state = headersState(this);
      const result = [];
      for (const [name, value] of state.list) {
        if (lowerAscii(name) === 'set-cookie') {
          result.push(value);
        }
      }
      return result;
    }

    has(name) {
      const state = headersState(this);
      if (arguments.length < 1) {
        throw argumentsRequired('Headers.has', 1, 0);
      }
      const text = toByteString(name);
      validName('Headers.has', text);
      return hasHeader(state, lowerAscii(text));
    }

    set(name, value) {
      const state = headersState(this);
      if (arguments.length < 2) {
        throw argumentsRequired('Headers.set', 2, arguments.length);
      }
      const text = toByteString(name);
      const normalized = normalizeValue(toByteString(value));
      validName('Headers.set', text);
      if (!isValidValue(normalized)) {
        throw new TypeError(`Headers.set: "${normalized}" is an invalid header value.`);
      }
      checkGuard(state);
      const lower = lowerAscii(text);
      let found = false;
      const list = [];
      for (const entry of state.list) {
        if (lowerAscii(entry[0]) !== lower) {
          list.push(entry);
        } else if (!found) {
          found = true;
          list.push([entry[0], normalized]);
        }
      }
      if (!found) {
        list.push([text, normalized]);
      }
      state.list = list;
      state.sorted = undefined;
    }

    forEach(callback, thisArg = undefined) {
      const state = headersState(this);
      if (arguments.length < 1) {
        throw argumentsRequired('Headers.forEach', 1, 0);
      }
      if (typeof callback !== 'function') {
        throw new TypeError(
          "Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.",
        );
      }
      for (let i = 0; i < sortAndCombine(state).length; i += 1) {
        const [name, value] = sortAndCombine(state)[i];
        Reflect.apply(callback, thisArg, [value, name, this]);
      }
    }

    keys() {
      headersState(this);
      return makeHeadersIterator(this, 'key');
    }

    values() {
      headersState(this);
      return makeHeadersIterator(this, 'value');
    }

    entries() {
      headersState(this);
      return makeHeadersIterator(this, 'key+value');
    }
  }
  Object.defineProperty(Headers.prototype, Symbol.iterator, {
    value: Headers.prototype.entries,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  defineTag(Headers.prototype, 'Headers');

  // Headers iterators: live, by index into the sorted and combined list.
  const iteratorStates = new WeakMap();
  const IteratorPrototype = Object.getPrototypeOf(
    Object.getPrototypeOf([][Symbol.iterator]()),
  );
  const HeadersIteratorPrototype = Object.create(IteratorPrototype);
  const next = {
    next() {
      const state = iteratorStates.get(this);
      if (state === undefined) {
        throw new TypeError(
          "'next' called on an object that does not implement interface Headers Iterator.",
        );
      }
      const pairs = sortAndCombine(headersStates.get(state.target));
      if (state.index >= pairs.length) {
        return { value: undefined, done: true };
      }
      const [name, value] = pairs[state.index];
      state.index += 1;
      if (state.kind === 'key') {
        return { value: name, done: false };
      }
      if (state.kind === 'value') {
        return { value, done: false };
      }
      return { value: [name, value], done: false };
    },
  }.next;
  Object.defineProperty(HeadersIteratorPrototype, 'next', {
    value: next,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  defineTag(HeadersIteratorPrototype, 'Headers Iterator');
  Object.freeze(next);
  Object.freeze(HeadersIteratorPrototype);
  const makeHeadersIterator = (target, kind) => {
    const iterator = Object.create(HeadersIteratorPrototype);
    iteratorStates.set(iterator, { target, kind, index: 0 });
    return iterator;
  };

  const newHeaders = (guard) => {
    const headers = new Headers();
    headersStates.get(headers).guard = guard;
    return headers;
  };

  // ---- Bodies ----

  // Returns { bytes: Uint8Array, type: string | null } or null.
  const extractBody = (body) => {
    if (body === null || body === undefined) {
      return null;
    }
    if (typeof body === 'string') {
      return { bytes: encode(body), type: 'text/plain;charset=UTF-8' };
    }
    if (ArrayBuffer.isView(body)) {
      const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      return { bytes: view.slice(), type: null };
    }
    if (typeof body === 'object') {
      let isArrayBuffer = false;
      try {
        ArrayBuffer.prototype.slice.call(body, 0, 0);
        isArrayBuffer = true;
      } catch {
        isArrayBuffer = false;
      }
      if (isArrayBuffer) {
        return {
          bytes: new Uint8Array(ArrayBuffer.prototype.slice.call(body, 0)),
          type: null,
        };
      }
      const tag = tagOf(body);
      if (tag === 'URLSearchParams' && typeof body.toString === 'function') {
        return {
          bytes: encode(`${body}`),
          type: 'application/x-www-form-urlencoded;charset=UTF-8',
        };
      }
      if (UNSUPPORTED_BODY_TAGS.includes(tag)) {
        throw new TypeError(`A ${tag} body is not supported in this environment`);
      }
    }
    return { bytes: encode(`${body}`), type: 'text/plain;charset=UTF-8' };
  };

  // Body state, shared by Request and Response: { bytes: Uint8Array | null,
  // used: boolean, signal?: AbortSignal }. The network response's signal
  // errors the body if it aborts before the body is read.
  const consume = async (body) => {
    if (body.bytes === null) {
      return new Uint8Array(0);
    }
    if (body.used) {
      throw new TypeError('Body is unusable: Body has already been read');
    }
    body.used = true;
    if (body.signal !== undefined && Reflect.apply(abortedOf, body.signal, [])) {
      throw Reflect.apply(reasonOf, body.signal, []);
    }
    return body.bytes;
  };

  const bodyMethods = (stateOf, className) => ({
    async arrayBuffer() {
      const bytes = await consume(stateOf(this).body);
      return bytes.slice().buffer;
    },
    async bytes() {
      const bytes = await consume(stateOf(this).body);
      return bytes.slice();
    },
    async text() {
      return decode(await consume(stateOf(this).body));
    },
    async json() {
      return JSON.parse(decode(await consume(stateOf(this).body)));
    },
    async blob() {
      stateOf(this);
      throw new TypeError(`${className}.blob() is not supported in this environment`);
    },
    async formData() {
      stateOf(this);
      throw new TypeError(`${className}.formData() is not supported in this environment`);
    },
  });

  const installBodyMethods = (ctor, stateOf, className) => {
    const methods = bodyMethods(stateOf, className);
    for (const name of ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text']) {
      Object.defineProperty(ctor.prototype, name, {
        value: methods[name],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  };

  // ---- Request ----

  const requestStates = new WeakMap();
  const requestState = (self) => {
    const state = requestStates.get(self);
    if (state === undefined) {
      throw illegalInvocation();
    }
    return state;
  };

  const checkEnum = (where, kind, value) => {
    const text = `${value}`;
    if (!ENUMS[kind].includes(text)) {
      throw new TypeError(
        `${where}: ${text} is not an accepted type. Expected one of ${ENUMS[kind].join(', ')}.`,
      );
    }
    return text;
  };

  const normalizeMethod = (value) => {
    const method = toByteString(value);
    if (!isToken(method)) {
      throw new TypeError(`'${method}' is not a valid HTTP method.`);
    }
    const upper = upperAscii(method);
    if (FORBIDDEN_METHODS.includes(upper)) {
      throw new TypeError(`'${method}' HTTP method is unsupported.`);
    }
    return NORMALIZED_METHODS.includes(upper) ? upper : method;
  };

  class Request {
    constructor(input, init = undefined) {
      if (arguments.length < 1) {
        throw argumentsRequired('Request constructor', 1, 0);
      }
      if (
        init !== undefined &&
        init !== null &&
        typeof init !== 'object' &&
        typeof init !== 'function'
      ) {
        throw new TypeError(
          `Request constructor: Expected ${String(init)} to be one of: Null, Undefined, Object.`,
        );
      }
      const options = init ?? {};
      const inputState = requestStates.get(input);
      let url;
      let method = 'GET';
      let redirect = 'follow';
      let mode = 'cors';
      let credentials = 'same-origin';
      let cache = 'default';
      let referrer = 'about:client';
      let referrerPolicy = '';
      let integrity = '';
      let keepalive = false;
      let sourceHeaders;
      let signals = [];
      if (inputState === undefined) {
        const parsed = parseURL(input);
        if (parsed.username !== '' || parsed.password !== '') {
          throw new TypeError(
            `Request cannot be constructed from a URL that includes credentials: ${input}`,
          );
        }
        url = parsed.href;
      } else {
        ({
          url,
          method,
          redirect,
          mode,
          credentials,
          cache,
          referrer,
          referrerPolicy,
          integrity,
          keepalive,
        } = inputState);
        sourceHeaders = headersStates.get(inputState.headers);
        signals = [inputState.signal];
      }
      if (options.mode !== undefined) {
        mode = checkEnum('Request constructor', 'mode', options.mode);
        if (mode === 'navigate') {
          throw new TypeError(
            "Failed to construct 'Request': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.",
          );
        }
      }
      if (options.credentials !== undefined) {
        credentials = checkEnum('Request constructor', 'credentials', options.credentials);
      }
      if (options.cache !== undefined) {
        cache = checkEnum('Request constructor', 'cache', options.cache);
        if (cache === 'only-if-cached' && mode !== 'same-origin') {
          throw new TypeError(
            "'only-if-cached' can be set only with 'same-origin' mode",
          );
        }
      }
      if (options.redirect !== undefined) {
        redirect = checkEnum('Request constructor', 'redirect', options.redirect);
      }
      if (options.referrer !== undefined) {
        const text = `${options.referrer}`;
        if (text === '') {
          referrer = '';
        } else if (text === 'about:client') {
          referrer = 'about:client';
        } else {
          try {
            referrer = parseURL(text).href;
          } catch (error) {
            throw new TypeError(`Referrer "${text}" is not a valid URL.`, {
              cause: error,
            });
          }
        }
      }
      if (options.referrerPolicy !== undefined) {
        referrerPolicy = checkEnum(
          'Request constructor',
          'referrerPolicy',
          options.referrerPolicy,
        );
      }
      if (options.integrity !== undefined) {
        integrity = `${options.integrity}`;
      }
      if (options.keepalive !== undefined) {
        keepalive = Boolean(options.keepalive);
      }
      if (options.duplex !== undefined) {
        checkEnum('Request constructor', 'duplex', options.duplex);
      }
      if (options.method !== undefined) {
        method = normalizeMethod(options.method);
      }
      if (options.signal !== undefined) {
        const { signal } = options;
        signals = signal === null ? [] : [signal];
      }
      let signal;
      try {
        signal = followSignals(signals);
      } catch {
        throw new TypeError(
          "Failed to construct 'Request': member signal is not of type AbortSignal.",
        );
      }
      const headers = newHeaders('request');
      const headersStateHere = headersStates.get(headers);
      if (options.headers !== undefined) {
        const given = headersStates.get(options.headers);
        if (given !== undefined) {
          copyHeadersInto(headersStateHere, given);
        } else {
          fillHeaders(headersStateHere, options.headers);
        }
      } else if (sourceHeaders !== undefined) {
        copyHeadersInto(headersStateHere, sourceHeaders);
      }
      const inputBody = inputState === undefined ? null : inputState.body;
      const hasInitBody = options.body !== undefined && options.body !== null;
      if (
        (hasInitBody || (inputBody !== null && inputBody.bytes !== null)) &&
        (method === 'GET' || method === 'HEAD')
      ) {
        throw new TypeError('Request with GET/HEAD method cannot have body.');
      }
      let body = { bytes: null, used: false };
      if (hasInitBody) {
        const extracted = extractBody(options.body);
        body = { bytes: extracted.bytes, used: false };
        if (extracted.type !== null && !hasHeader(headersStateHere, 'content-type')) {
          headersStateHere.list.push(['content-type', extracted.type]);
          headersStateHere.sorted = undefined;
        }
      } else if (inputBody !== null && inputBody.bytes !== null) {
        if (inputBody.used) {
          throw new TypeError(
            'Cannot construct a Request with a Request object that has already been used.',
          );
        }
        // The body moves to the new request; the input is used up.
        body = { bytes: inputBody.bytes, used: false };
        inputBody.used = true;
      }
      requestStates.set(this, {
        url,
        method,
        headers,
        body,
        signal,
        redirect,
        mode,
        credentials,
        cache,
        referrer,
        referrerPolicy,
        integrity,
        keepalive,
      });
    }

    get method() {
      return requestState(this).method;
    }

    get url() {
      return requestState(this).url;
    }

    get headers() {
      return requestState(this).headers;
    }

    get destination() {
      requestState(this);
      return '';
    }

    get referrer() {
      return requestState(this).referrer;
    }

    get referrerPolicy() {
      return requestState(this).referrerPolicy;
    }

    get mode() {
      return requestState(this).mode;
    }

    get credentials() {
      return requestState(this).credentials;
    }

    get cache() {
      return requestState(this).cache;
    }

    get redirect() {
      return requestState(this).redirect;
    }

    get integrity() {
      return requestState(this).integrity;
    }

    get keepalive() {
      return requestState(this).keepalive;
    }

    get isReloadNavigation() {
      requestState(this);
      return false;
    }

    get isHistoryNavigation() {
      requestState(this);
      return false;
    }

    get signal() {
      return requestState(this).signal;
    }

    get duplex() {
      requestState(this);
      return 'half';
    }

    /** Always null: there are no streams here. Use text(), bytes(), ... */
    get body() {
      requestState(this);
      return null;
    }

    get bodyUsed() {
      const { body } = requestState(this);
      return body.bytes !== null && body.used;
    }

    clone() {
      const state = requestState(this);
      if (state.body.bytes !== null && state.body.used) {
        throw new TypeError('unusable');
      }
      const copy = Object.create(Request.prototype);
      const headers = newHeaders('request');
      copyHeadersInto(headersStates.get(headers), headersStates.get(state.headers));
      requestStates.set(copy, {
        ...state,
        headers,
        body: { bytes: state.body.bytes, used: false },
        signal: followSignals([state.signal]),
      });
      return copy;
    }
  }
  installBodyMethods(Request, requestState, 'Request');
  defineTag(Request.prototype, 'Request');

  // ---- Response ----

  const responseStates = new WeakMap();
  const responseState = (self) => {
    const state = responseStates.get(self);
    if (state === undefined) {
      throw illegalInvocation();
    }
    return state;
  };

  const isReasonPhrase = (text) => {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (!(c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
        return false;
      }
    }
    return true;
  };

  // The standard's "initialize a response".
  const initializeResponse = (where, init, extracted) => {
    if (
      init !== undefined &&
      init !== null &&
      typeof init !== 'object' &&
      typeof init !== 'function'
    ) {
      throw new TypeError(
        `${where}: Expected ${String(init)} to be one of: Null, Undefined, Object.`,
      );
    }
    const options = init ?? {};
    const status = options.status === undefined ? 200 : toUnsignedShort(options.status);
    const statusText =
      options.statusText === undefined ? '' : toByteString(options.statusText);
    if (status < 200 || status > 599) {
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    if (!isReasonPhrase(statusText)) {
      throw new TypeError('Invalid statusText');
    }
    const headers = newHeaders('response');
    const headersStateHere = headersStates.get(headers);
    if (options.headers !== undefined) {
      const given = headersStates.get(options.headers);
      if (given !== undefined) {
        copyHeadersInto(headersStateHere, given);
      } else {
        fillHeaders(headersStateHere, options.headers);
      }
    }
    let body = { bytes: null, used: false };
    if (extracted !== null) {
      if (NULL_BODY_STATUSES.includes(status)) {
        throw new TypeError(`${where}: Invalid response status code ${status}`);
      }
      body = { bytes: extracted.bytes, used: false };
      if (extracted.type !== null && !hasHeader(headersStateHere, 'content-type')) {
        headersStateHere.list.push(['content-type', extracted.type]);
        headersStateHere.sorted = undefined;
      }
    }
    return {
      type: 'default',
      url: '',
      redirected: false,
      status,
      statusText,
      headers,
      body,
    };
  };

  const makeResponse = (state) => {
    const response = Object.create(Response.prototype);
    responseStates.set(response, state);
    return response;
  };

  class Response {
    constructor(body = null, init = undefined) {
      const extracted = extractBody(body);
      responseStates.set(this, initializeResponse('Response constructor', init, extracted));
    }

    static error() {
      return makeResponse({
        type: 'error',
        url: '',
        redirected: false,
        status: 0,
        statusText: '',
        headers: newHeaders('immutable'),
        body: { bytes: null, used: false },
      });
    }

    static json(data, init = undefined) {
      if (arguments.length < 1) {
        throw argumentsRequired('Response.json', 1, 0);
      }
      const text = JSON.stringify(data);
      if (typeof text !== 'string') {
        throw new TypeError('Value is not JSON serializable');
      }
      const state = initializeResponse('Response constructor', init, {
        bytes: encode(text),
        type: 'application/json',
      });
      return makeResponse(state);
    }

    static redirect(url, status = 302) {
      if (arguments.length < 1) {
        throw argumentsRequired('Response.redirect', 1, 0);
      }
      const parsed = parseURL(url);
      const code = toUnsignedShort(status);
      if (!REDIRECT_STATUSES.includes(code)) {
        throw new RangeError(`Invalid status code ${code}`);
      }
      const headers = newHeaders('response');
      headersStates.get(headers).list.push(['location', parsed.href]);
      headersStates.get(headers).guard = 'immutable';
      return makeResponse({
        type: 'default',
        url: '',
        redirected: false,
        status: code,
        statusText: '',
        headers,
        body: { bytes: null, used: false },
      });
    }

    get type() {
      return responseState(this).type;
    }

    get url() {
      return responseState(this).url;
    }

    get redirected() {
      return responseState(this).redirected;
    }

    get status() {
      return responseState(this).status;
    }

    get ok() {
      const { status } = responseState(this);
      return status >= 200 && status <= 299;
    }

    get statusText() {
      return responseState(this).statusText;
    }

    get headers() {
      return responseState(this).headers;
    }

    /** Always null: there are no streams here. Use text(), bytes(), ... */
    get body() {
      responseState(this);
      return null;
    }

    get bodyUsed() {
      const { body } = responseState(this);
      return body.bytes !== null && body.used;
    }

    clone() {
      const state = responseState(this);
      if (state.body.bytes !== null && state.body.used) {
        throw new TypeError('Response.clone: Body has already been consumed.');
      }
      const sourceHeaders = headersStates.get(state.headers);
      const headers = newHeaders(sourceHeaders.guard);
      copyHeadersInto(headersStates.get(headers), sourceHeaders);
      return makeResponse({
        ...state,
        headers,
        body: { bytes: state.body.bytes, used: false, signal: state.body.signal },
      });
    }
  }
  installBodyMethods(Response, responseState, 'Response');
  defineTag(Response.prototype, 'Response');

  // ---- fetch ----

  const fetchFailed = (cause) => new TypeError('fetch failed', { cause });

  const toHostBytes = (value) => {
    if (value === null || value === undefined) {
      return new Uint8Array(0);
    }
    if (ArrayBuffer.isView(value)) {
      return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    }
    try {
      return new Uint8Array(ArrayBuffer.prototype.slice.call(value, 0));
    } catch {
      throw new TypeError('the host gave a response body that is not bytes');
    }
  };

  // The host's answer to `request` (a request's internal state), as a
  // Response of type 'basic' with immutable headers.
  const networkResponse = (result, request) => {
    if (typeof result !== 'object' || result === null) {
      throw new TypeError('the host gave no response');
    }
    const status = result.status;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new TypeError(`the host gave an invalid response status ${String(status)}`);
    }
    const statusText =
      result.statusText === undefined || result.statusText === null
        ? ''
        : toByteString(result.statusText);
    const headers = newHeaders('response');
    const headersStateHere = headersStates.get(headers);
    if (result.headers !== undefined && result.headers !== null) {
      for (const entry of result.headers) {
        const [name, value] = entry;
        appendHeader(headersStateHere, 'Headers.append', name, value);
      }
    }
    headersStateHere.guard = 'immutable';
    const url =
      typeof result.url === 'string' && result.url !== '' ? result.url : request.url;
    return makeResponse({
      type: 'basic',
      url: stripFragment(url),
      redirected: Boolean(result.redirected),
      status,
      statusText,
      headers,
      body: {
        bytes: NULL_BODY_STATUSES.includes(status) || request.method === 'HEAD'
          ? null
          : toHostBytes(result.body),
        used: false,
        signal: request.signal,
      },
    });
  };

  /**
   * Makes a fetch that hands requests to the host.
   *
   * @param {object} powers
   * @param {(request: {
   *   url: string, method: string, headers: Array<[string, string]>,
   *   body: Uint8Array | null, redirect: string, signal: AbortSignal,
   * }) => Promise<{
   *   status: number, statusText?: string, headers?: Array<[string, string]>,
   *   body?: Uint8Array, url?: string, redirected?: boolean,
   * }>} powers.send performs the request; a rejection becomes a
   *   TypeError('fetch failed') with the rejection as its cause.
   * @param {(url: string) => unknown} [powers.caveat] may throw (or reject)
   *   to refuse a URL; fetch then rejects with that error as is.
   * @returns {(input: unknown, init?: object) => Promise<Response>}
   */
  const makeFetch = ({ send, caveat } = {}) => {
    if (typeof send !== 'function') {
      throw new TypeError('makeFetch needs a send function');
    }
    if (caveat !== undefined && typeof caveat !== 'function') {
      throw new TypeError('makeFetch: caveat must be a function');
    }
    const fetch = async function fetch(input, init = undefined) {
      const request = new Request(input, init);
      const state = requestStates.get(request);
      const { signal } = state;
      if (Reflect.apply(abortedOf, signal, [])) {
        throw Reflect.apply(reasonOf, signal, []);
      }
      const { url } = state;
      const protocol = url.slice(0, url.indexOf(':') + 1).toLowerCase();
      if (protocol !== 'http:' && protocol !== 'https:') {
        throw fetchFailed(new TypeError(`URL scheme "${protocol.slice(0, -1)}" is not supported.`));
      }
      // The request's body goes to the host; the request is used up.
      const bodyBytes = state.body.bytes === null ? null : state.body.bytes.slice();
      if (state.body.bytes !== null) {
        state.body.used = true;
      }
      return new Promise((resolve, reject) => {
        let settled = false;
        const onAbort = () => {
          if (!settled) {
            settled = true;
            reject(Reflect.apply(reasonOf, signal, []));
          }
        };
        Reflect.apply(addEventListener, signal, ['abort', onAbort]);
        const finish = (callback, value) => {
          Reflect.apply(removeEventListener, signal, ['abort', onAbort]);
          if (!settled) {
            settled = true;
            callback(value);
          }
        };
        const run = async () => {
          if (caveat !== undefined) {
            try {
              await caveat(url);
            } catch (error) {
              return { refused: error };
            }
          }
          if (settled) {
            return undefined;
          }
          let result;
          try {
            result = await send({
              url,
              method: state.method,
              headers: sortAndCombine(headersStates.get(state.headers)).map(
                ([name, value]) => [name, value],
              ),
              body: bodyBytes,
              redirect: state.redirect,
              signal,
            });
          } catch (error) {
            return { failed: error };
          }
          if (settled) {
            return undefined;
          }
          if (state.redirect === 'error' && (result?.redirected || REDIRECT_STATUSES.includes(result?.status))) {
            return { failed: new TypeError('unexpected redirect') };
          }
          try {
            return { response: networkResponse(result, state) };
          } catch (error) {
            return { failed: error };
          }
        };
        run().then(
          (outcome) => {
            if (outcome === undefined) {
              return;
            }
            if ('refused' in outcome) {
              finish(reject, outcome.refused);
            } else if ('failed' in outcome) {
              if (Reflect.apply(abortedOf, signal, [])) {
                finish(reject, Reflect.apply(reasonOf, signal, []));
              } else {
                finish(reject, fetchFailed(outcome.failed));
              }
            } else {
              finish(resolve, outcome.response);
            }
          },
          (error) => finish(reject, fetchFailed(error)),
        );
      });
    };
    // Bundlers rename a function expression whose name is taken in an
    // outer scope (fetch2); its name is fetch.
    Object.defineProperty(fetch, 'name', { value: 'fetch' });
    return fetch;
  };

  return { Headers, Request, Response, makeFetch };
};
