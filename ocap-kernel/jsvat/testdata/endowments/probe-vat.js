// The vat of endowments_test.go: every method exercises one endowment and
// reports what it saw as passable data. Errors are caught and reported as
// { error: { name, message, code } } so that the test can check their
// names (DOMException names included) rather than only a message.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

// api.AllowedGlobalNames, and the fs platform capability.
const NAMES = harden([
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'Date',
  'Math',
  'crypto',
  'SubtleCrypto',
  'fetch',
  'Request',
  'Headers',
  'Response',
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'atob',
  'btoa',
  'AbortController',
  'AbortSignal',
  'fs',
]);

const errInfo = (e) => {
  if (e !== null && typeof e === 'object') {
    const info = { name: String(e.name), message: String(e.message) };
    if (e.cause !== undefined) {
      info.cause = String(e.cause?.message ?? e.cause);
    }
    if (typeof e.code === 'number' || typeof e.code === 'string') {
      info.code = e.code;
    }
    return harden(info);
  }
  return harden({ name: typeof e, message: String(e) });
};

// attempt(thunk) is { ok: value } or { error: info }.
const attempt = (thunk) => {
  try {
    return harden({ ok: thunk() });
  } catch (e) {
    return harden({ error: errInfo(e) });
  }
};
const attemptAsync = async (thunk) => {
  try {
    return harden({ ok: await thunk() });
  } catch (e) {
    return harden({ error: errInfo(e) });
  }
};

const hex = (data) =>
  [...new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
const unhex = (s) => {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i += 1) {
    out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
};

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'probe';
  const logger = vatPowers.logger;
  let peer;
  // Notes sent by other vats (note), and the waiters of nextNote.
  const notes = [];
  const noteWaiters = [];
  // The abortable fetch in progress.
  let controller;

  const root = makeDefaultExo('root', {
    bootstrap(vats) {
      peer = vats.peer;
      return name;
    },

    name() {
      return name;
    },

    // What typeof says of every allowed global name (and of fs).
    typeofs() {
      return harden(Object.fromEntries(NAMES.map((n) => [n, typeof globalThis[n]])));
    },

    // Uses global n, listed alone, the simplest way it can be used.
    async useOne(n) {
      switch (n) {
        case 'setTimeout':
          return new Promise((resolve) => {
            setTimeout(() => resolve('fired'), 10);
          });
        case 'clearTimeout':
          clearTimeout(undefined);
          return 'cleared nothing';
        case 'setInterval':
          return new Promise((resolve) => {
            setInterval(() => resolve('ticked'), 10);
          });
        case 'clearInterval':
          clearInterval(undefined);
          return 'cleared nothing';
        case 'Date':
          return typeof Date.now();
        case 'Math': {
          const x = Math.random();
          return x >= 0 && x < 1;
        }
        case 'crypto':
          return crypto.randomUUID().length;
        case 'SubtleCrypto':
          return typeof SubtleCrypto.prototype.digest;
        case 'fetch':
          return fetch('http://x.test/').then(
            () => 'fetched?',
            (e) => e.message,
          );
        case 'Request':
          return new Request('http://x.test/a').url;
        case 'Headers':
          return new Headers({ a: '1' }).get('a');
        case 'Response':
          return new Response('r').text();
        case 'TextEncoder':
          return new TextEncoder().encode('é').length;
        case 'TextDecoder':
          return new TextDecoder().decode(new Uint8Array([0xc3, 0xa9]));
        case 'URL':
          return new URL('http://X.test/a/../b').href;
        case 'URLSearchParams':
          return harden(new URLSearchParams('a=1&a=2').getAll('a'));
        case 'atob':
          return atob('aGk=');
        case 'btoa':
          return btoa('hi');
        case 'AbortController': {
          const c = new AbortController();
          c.abort('r');
          return c.signal.reason;
        }
        case 'AbortSignal':
          return new Promise((resolve) => {
            AbortSignal.timeout(10).addEventListener('abort', (e) => resolve(e.type));
          });
        default:
          throw Error(`no use for ${n}`);
      }
    },

    // Reading a global the vat does not have.
    freeVariables() {
      return harden({
        // eslint-disable-next-line no-undef
        undeclared: attempt(() => noSuchGlobalAnywhere),
        // eslint-disable-next-line no-undef
        timer: attempt(() => setTimeout),
        // eslint-disable-next-line no-undef
        call: attempt(() => setTimeout(() => {}, 10)),
        viaGlobalThis: attempt(() => globalThis.setTimeout),
        inOperator: 'setTimeout' in globalThis,
      });
    },

    // Date, with or without the Date endowment.
    date() {
      const out = {
        now: attempt(() => Date.now()),
        newDate: attempt(() => new Date().getTime()),
        callDate: attempt(() => typeof Date()),
        epoch: new Date(0).toISOString(),
        parse: Date.parse('2020-01-02T03:04:05.000Z'),
        utc: Date.UTC(2020, 0, 2),
      };
      if (out.now.ok !== undefined) {
        let last = Date.now();
        let monotonic = true;
        for (let i = 0; i < 5000; i += 1) {
          const t = Date.now();
          if (t < last) {
            monotonic = false;
          }
          last = t;
        }
        out.monotonic = monotonic;
        out.integer = Number.isInteger(Date.now());
      }
      return harden(out);
    },

    // Math, with or without the Math endowment.
    math() {
      const out = {
        random: attempt(() => {
          const xs = [];
          for (let i = 0; i < 1000; i += 1) {
            xs.push(Math.random());
          }
          return harden({
            min: Math.min(...xs),
            max: Math.max(...xs),
            distinct: new Set(xs).size,
            allNumbers: xs.every((x) => typeof x === 'number'),
          });
        }),
        max: Math.max(1, 7, 3),
        pi: Math.PI,
        sqrt: Math.sqrt(81),
      };
      return harden(out);
    },

    // --- timers ---

    // Resolves with the handler's arguments after ms.
    timeoutArgs(ms, ...args) {
      return new Promise((resolve) => {
        setTimeout((...got) => resolve(harden(got)), ms, ...args);
      });
    },

    // Resolves after ms (given as is to setTimeout) with how long it took
    // by the Date endowment.
    timeoutElapsed(ms) {
      const start = Date.now();
      return new Promise((resolve) => {
        setTimeout(() => resolve(Date.now() - start), ms);
      });
    },

    timeoutNoDelay() {
      const start = Date.now();
      return new Promise((resolve) => {
        setTimeout(() => resolve(Date.now() - start));
      });
    },

    // A timer cleared right away never fires; a later one reports.
    clearTimeoutTest() {
      const fired = [];
      const t1 = setTimeout(() => fired.push('cleared timer fired'), 10);
      clearTimeout(t1);
      clearTimeout(t1);
      const t2 = setTimeout(() => fired.push('second cleared timer fired'), 10);
      return new Promise((resolve) => {
        setTimeout(() => resolve(harden([...fired, 'after'])), 60);
        clearTimeout(t2);
      });
    },

    // An interval ticks n times, is cleared, and ticks no more.
    intervalTest(n, ms) {
      return new Promise((resolve) => {
        let count = 0;
        const handle = setInterval(() => {
          count += 1;
          if (count === n) {
            clearInterval(handle);
            setTimeout(() => resolve(count), 80);
          }
        }, ms);
      });
    },

    // Handles of the wrong kind, forged handles and the host's numeric ids
    // clear nothing.
    wrongHandles() {
      const fired = [];
      const t = setTimeout(() => fired.push('timeout'), 10);
      const i = setInterval(() => {
        fired.push('interval');
        clearInterval(i);
      }, 10);
      clearInterval(t);
      clearTimeout(i);
      for (let n = -1; n < 200; n += 1) {
        clearTimeout(n);
        clearInterval(n);
        clearTimeout(String(n));
      }
      clearTimeout(Object.freeze(Object.create(null)));
      clearInterval(Object.freeze(Object.create(null)));
      clearTimeout(undefined);
      clearTimeout(null);
      clearTimeout({});
      return new Promise((resolve) => {
        setTimeout(() => resolve(harden([...fired].sort())), 60);
      });
    },

    // Clears every numeric id and every handle shape this vat can make.
    clearEverything() {
      for (let n = -1; n < 1000; n += 1) {
        clearTimeout(n);
        clearInterval(n);
      }
      return 'cleared';
    },

    // setTimeout and setInterval accept any delay (coerced with Number);
    // every timer armed here is cleared at once.
    oddDelays() {
      const out = {};
      for (const [label, delay] of [
        ['fraction', 10.5],
        ['string', '20'],
        ['null', null],
        ['negative', -5],
        ['NaN', NaN],
        ['2^31', 2 ** 31],
        ['1e10', 1e10],
        ['2^53', 2 ** 53],
        ['-Infinity', -Infinity],
      ]) {
        out[label] = harden({
          timeout: attempt(() => {
            clearTimeout(setTimeout(() => {}, delay));
            return 'armed';
          }),
          interval: attempt(() => {
            clearInterval(setInterval(() => {}, delay));
            return 'armed';
          }),
        });
      }
      return harden(out);
    },

    // An interval with this delay ticks n times and is cleared; resolves
    // with the ticks seen 50 ms after clearing.
    intervalTicks(delay, n) {
      const ms = typeof delay === 'string' ? Number(delay) : delay;
      return new Promise((resolve) => {
        let count = 0;
        const handle = setInterval(() => {
          count += 1;
          if (count === n) {
            clearInterval(handle);
            setTimeout(() => resolve(count), 50);
          }
        }, ms);
      });
    },

    // How long a timer with this delay takes to fire, by Date.
    delayFires(delay) {
      const ms = typeof delay === 'string' ? Number(delay) : delay;
      const start = Date.now();
      return new Promise((resolve) => {
        setTimeout(() => resolve(Date.now() - start), ms);
      });
    },

    badHandlers() {
      return harden({
        timeoutString: attempt(() => setTimeout('1 + 1', 10)),
        timeoutUndefined: attempt(() => setTimeout(undefined, 10)),
        timeoutObject: attempt(() => setTimeout({}, 10)),
        intervalString: attempt(() => setInterval('1 + 1', 10)),
        intervalNumber: attempt(() => setInterval(5, 10)),
      });
    },

    // A callback that throws is reported; the vat carries on.
    throwingCallback() {
      setTimeout(() => {
        throw Error('thrown from a timer callback');
      }, 10);
      return new Promise((resolve) => {
        setTimeout(() => resolve('still alive'), 40);
      });
    },

    // A timer whose callback sends a note to the peer with E().
    armNote(ms, tag) {
      setTimeout(() => {
        E(peer).note(tag);
      }, ms);
      return 'armed';
    },

    // Arms a timer, then has the peer try to clear it in the next crank.
    armAndAskPeerToClear(ms, tag) {
      setTimeout(() => {
        E(peer).note(tag);
      }, ms);
      return E(peer).clearEverything();
    },

    // A timer handle is not passable: it cannot be given to another vat.
    sendHandle() {
      const handle = setTimeout(() => {}, 10000);
      return attemptAsync(() => E(peer).clearThis(handle)).then((outcome) => {
        clearTimeout(handle);
        return outcome;
      });
    },

    clearThis(handle) {
      clearTimeout(handle);
      return 'cleared';
    },

    note(tag) {
      const waiter = noteWaiters.shift();
      if (waiter) {
        waiter(tag);
      } else {
        notes.push(tag);
      }
    },

    nextNote() {
      if (notes.length > 0) {
        return notes.shift();
      }
      return new Promise((resolve) => noteWaiters.push(resolve));
    },

    // Arms an interval and a timeout that would tick for a long time.
    armForever(ms) {
      let ticks = 0;
      setInterval(() => {
        ticks += 1;
      }, ms);
      setTimeout(() => {
        ticks += 1000;
      }, ms * 2);
      setInterval(() => {
        ticks += 1;
      }, ms * 3);
      return 'armed';
    },

    // Resolves after ms: a clock for the test.
    after(ms) {
      return new Promise((resolve) => {
        setTimeout(() => resolve(ms), ms);
      });
    },

    // --- crypto ---

    async digest(algorithm, dataHex) {
      return hex(await crypto.subtle.digest(algorithm, unhex(dataHex)));
    },

    async hmac(hash, keyHex, dataHex) {
      const { subtle } = crypto;
      const data = unhex(dataHex);
      const key = await subtle.importKey('raw', unhex(keyHex), { name: 'HMAC', hash }, true, [
        'sign',
        'verify',
      ]);
      const sig = await subtle.sign('HMAC', key, data);
      const verified = await subtle.verify('HMAC', key, sig, data);
      const tampered = new Uint8Array(sig.slice(0));
      tampered[0] ^= 1;
      const tamperedVerified = await subtle.verify('HMAC', key, tampered, data);
      const shortVerified = await subtle.verify('HMAC', key, new Uint8Array(sig).slice(1), data);
      const exported = hex(await subtle.exportKey('raw', key));
      const generated = await subtle.generateKey({ name: 'HMAC', hash }, false, ['sign', 'verify']);
      const gsig = await subtle.sign({ name: 'HMAC' }, generated, data);
      return harden({
        sig: hex(sig),
        verified,
        tamperedVerified,
        shortVerified,
        exported,
        keyType: key.type,
        keyAlgorithm: key.algorithm.name,
        keyHash: key.algorithm.hash.name,
        usages: [...key.usages],
        generatedVerified: await subtle.verify('HMAC', generated, gsig, data),
        generatedExport: await attemptAsync(() => subtle.exportKey('raw', generated)),
        generatedLength: generated.algorithm.length,
      });
    },

    async pbkdf2(hash, passwordHex, saltHex, iterations, bits) {
      const { subtle } = crypto;
      const key = await subtle.importKey('raw', unhex(passwordHex), 'PBKDF2', false, [
        'deriveBits',
      ]);
      return hex(
        await subtle.deriveBits({ name: 'PBKDF2', hash, salt: unhex(saltHex), iterations }, key, bits),
      );
    },

    async hkdf(hash, secretHex, saltHex, infoHex, bits) {
      const { subtle } = crypto;
      const key = await subtle.importKey('raw', unhex(secretHex), 'HKDF', false, ['deriveBits']);
      return hex(
        await subtle.deriveBits(
          { name: 'HKDF', hash, salt: unhex(saltHex), info: unhex(infoHex) },
          key,
          bits,
        ),
      );
    },

    randomValues() {
      const kinds = {
        Int8Array,
        Uint8Array,
        Uint8ClampedArray,
        Int16Array,
        Uint16Array,
        Int32Array,
        Uint32Array,
        BigInt64Array,
        BigUint64Array,
      };
      const out = {};
      for (const [kind, C] of Object.entries(kinds)) {
        const a = new C(64);
        const r = crypto.getRandomValues(a);
        const bytes = new Uint8Array(a.buffer);
        out[kind] = harden({
          same: r === a,
          byteLength: a.byteLength,
          nonZero: bytes.filter((b) => b !== 0).length,
          distinctBytes: new Set(bytes).size,
        });
      }
      // Exactly the quota, and a view into the middle of a buffer.
      const max = crypto.getRandomValues(new Uint8Array(65536));
      out.max = max.byteLength;
      const buf = new Uint8Array(16);
      crypto.getRandomValues(new Uint8Array(buf.buffer, 4, 8));
      out.viewTouched = [...buf].map((b, i) => (i >= 4 && i < 12) || b === 0);
      const x = crypto.getRandomValues(new Uint8Array(32));
      const y = crypto.getRandomValues(new Uint8Array(32));
      out.differ = hex(x) !== hex(y);
      return harden(out);
    },

    randomUUIDs(n) {
      const out = [];
      for (let i = 0; i < n; i += 1) {
        out.push(crypto.randomUUID());
      }
      return harden(out);
    },

    async cryptoErrors() {
      const { subtle } = crypto;
      return harden({
        float32: attempt(() => crypto.getRandomValues(new Float32Array(4))),
        float64: attempt(() => crypto.getRandomValues(new Float64Array(4))),
        dataView: attempt(() => crypto.getRandomValues(new DataView(new ArrayBuffer(4)))),
        plainArray: attempt(() => crypto.getRandomValues([1, 2, 3])),
        tooBig: attempt(() => crypto.getRandomValues(new Uint8Array(65537))),
        tooBig32: attempt(() => crypto.getRandomValues(new Uint32Array(16385))),
        digestMD5: await attemptAsync(() => subtle.digest('MD5', new Uint8Array(1))),
        encrypt: await attemptAsync(() =>
          subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, undefined, new Uint8Array(1)),
        ),
        generateECDSA: await attemptAsync(() =>
          subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']),
        ),
        importJWK: await attemptAsync(() =>
          subtle.importKey('jwk', {}, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
        ),
        importAES: await attemptAsync(() =>
          subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']),
        ),
        hmacMD5: await attemptAsync(() =>
          subtle.importKey('raw', new Uint8Array(16), { name: 'HMAC', hash: 'MD5' }, false, [
            'sign',
          ]),
        ),
      });
    },

    subtleClass() {
      return harden({
        typeofClass: typeof SubtleCrypto,
        construct: attempt(() => new SubtleCrypto()),
        instance: typeof SubtleCrypto === 'function' ? crypto.subtle instanceof SubtleCrypto : 'no class',
      });
    },

    // --- plain Web APIs ---

    async text(s) {
      const enc = new TextEncoder();
      const bytes = enc.encode(s);
      const into = enc.encodeInto(s, new Uint8Array(3));
      return harden({
        encoding: enc.encoding,
        hex: hex(bytes),
        back: new TextDecoder().decode(bytes),
        decoderEncoding: new TextDecoder().encoding,
        lossy: new TextDecoder().decode(new Uint8Array([0x61, 0xff, 0x62])),
        fatal: attempt(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff]))),
        bom: new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])),
        into: { read: into.read, written: into.written },
        utf16le: attempt(() => new TextDecoder('utf-16le').decode(new Uint8Array([0x41, 0, 0x42, 0]))),
        badLabel: attempt(() => new TextDecoder('no-such-encoding')),
      });
    },

    url(input, base) {
      const u = base === undefined ? new URL(input) : new URL(input, base);
      return harden({
        href: u.href,
        protocol: u.protocol,
        username: u.username,
        password: u.password,
        host: u.host,
        hostname: u.hostname,
        port: u.port,
        pathname: u.pathname,
        search: u.search,
        hash: u.hash,
        origin: u.origin,
        params: [...u.searchParams],
        json: u.toJSON(),
      });
    },

    urlErrors() {
      return harden({
        invalid: attempt(() => new URL('not a url')),
        badPort: attempt(() => new URL('http://h.test:99999/')),
        canParse: typeof URL.canParse === 'function' ? [URL.canParse('http://x.test/'), URL.canParse('nope')] : 'absent',
      });
    },

    searchParams(init) {
      const p = new URLSearchParams(init);
      p.append('q', 'a b&c=d');
      p.append('é', '€');
      const all = p.getAll('a');
      p.delete('b');
      p.sort();
      return harden({
        all,
        has: p.has('q'),
        get: p.get('q'),
        string: p.toString(),
        entries: [...p],
        fromRecord: new URLSearchParams({ x: '1', y: 'two words' }).toString(),
        fromPairs: new URLSearchParams([['k', 'v'], ['k', 'w']]).getAll('k'),
      });
    },

    base64(binaryHex) {
      const bytes = unhex(binaryHex);
      let binary = '';
      for (const b of bytes) {
        binary += String.fromCharCode(b);
      }
      const encoded = btoa(binary);
      const decoded = atob(encoded);
      let back = '';
      for (let i = 0; i < decoded.length; i += 1) {
        back += decoded.charCodeAt(i).toString(16).padStart(2, '0');
      }
      return harden({
        hello: btoa('hello'),
        unhello: atob('aGVsbG8='),
        whitespace: atob(' aGVs bG8= '),
        unpadded: atob('aGVsbG8'),
        encoded,
        back,
        badChar: attempt(() => atob('!!!!')),
        badLength: attempt(() => atob('a')),
        wide: attempt(() => btoa('€')),
      });
    },

    abort() {
      const c = new AbortController();
      const events = [];
      c.signal.addEventListener('abort', (e) => events.push(`${e.type}:${String(c.signal.reason)}`));
      const before = c.signal.aborted;
      c.abort('why');
      c.abort('again');
      const c2 = new AbortController();
      c2.abort();
      const s = AbortSignal.abort('static reason');
      return harden({
        before,
        aborted: c.signal.aborted,
        reason: c.signal.reason,
        events,
        defaultReason: errInfo(c2.signal.reason),
        staticAborted: s.aborted,
        staticReason: s.reason,
        throwIfAborted: attempt(() => c.signal.throwIfAborted()),
        notAborted: attempt(() => new AbortController().signal.throwIfAborted()),
        construct: attempt(() => new AbortSignal()),
      });
    },

    abortTimeout(ms) {
      const s = AbortSignal.timeout(ms);
      const before = s.aborted;
      return new Promise((resolve) => {
        s.addEventListener('abort', () => {
          resolve(harden({ before, aborted: s.aborted, reason: errInfo(s.reason) }));
        });
      });
    },

    async webClasses() {
      const h = new Headers({ 'X-A': '1' });
      h.append('x-a', '2');
      h.set('Content-Type', 'text/plain');
      const req = new Request('http://example.test/p?q=1', {
        method: 'POST',
        headers: h,
        body: 'request body',
      });
      const res = new Response('response body', {
        status: 201,
        statusText: 'Made',
        headers: { 'X-B': 'b' },
      });
      return harden({
        headerA: h.get('x-a'),
        headerNames: [...h.keys()],
        reqURL: req.url,
        reqMethod: req.method,
        reqHeader: req.headers.get('content-type'),
        reqBody: await req.text(),
        status: res.status,
        statusText: res.statusText,
        ok: res.ok,
        resHeader: res.headers.get('x-b'),
        resBody: await res.text(),
        bodyUsed: res.bodyUsed,
        json: await new Response('{"a":[1,2]}').json(),
        badHeader: attempt(() => new Headers({ 'bad name': 'x' })),
      });
    },

    // --- fetch ---

    async fetchInfo(url, init) {
      const res = await fetch(url, init);
      const text = await res.text();
      return harden({
        status: res.status,
        statusText: res.statusText,
        ok: res.ok,
        url: res.url,
        redirected: res.redirected,
        type: res.type,
        headers: [...res.headers],
        contentType: res.headers.get('content-type'),
        text,
      });
    },

    async fetchJSON(url) {
      const res = await fetch(url);
      return res.json();
    },

    async fetchBytes(url) {
      const res = await fetch(url);
      return hex(await res.arrayBuffer());
    },

    async fetchRequest(url) {
      const req = new Request(url, { method: 'PUT', body: 'from a Request', headers: { 'X-Via': 'request' } });
      const res = await fetch(req);
      return res.text();
    },

    fetchOutcome(url, init) {
      return attemptAsync(async () => {
        const res = await fetch(url, init);
        return harden({ status: res.status, text: await res.text() });
      });
    },

    // Starts a fetch that abortFetch(reason) aborts.
    startAbortable(url) {
      controller = new AbortController();
      const { signal } = controller;
      return fetch(url, { signal }).then(
        (res) => harden({ resolved: res.status }),
        (e) => harden({ rejected: true, isReason: e === signal.reason, reason: typeof e === 'string' ? e : errInfo(e) }),
      );
    },

    abortFetch(reason) {
      controller.abort(reason);
      return 'aborted';
    },

    fetchWithTimeout(url, ms) {
      return attemptAsync(() => fetch(url, { signal: AbortSignal.timeout(ms) }).then((r) => r.status));
    },

    // A fetch whose result the test does not wait for.
    fetchInBackground(url) {
      fetch(url).then(
        (r) => r.text(),
        () => {},
      );
      return 'started';
    },

    // --- platform fs ---

    fsShape() {
      const has = typeof fs !== 'undefined';
      return harden({
        fs: typeof globalThis.fs,
        existsSync: has ? typeof fs.existsSync : 'no fs',
        promises: has ? typeof fs.promises : 'no fs',
        readFile: has && fs.promises ? typeof fs.promises.readFile : 'no promises',
        access: has && fs.promises ? typeof fs.promises.access : 'no promises',
        keys: has ? Object.keys(fs).sort() : [],
        promiseKeys: has && fs.promises ? Object.keys(fs.promises).sort() : [],
        frozen: has ? Object.isFrozen(fs) : 'no fs',
      });
    },

    fsExists(path) {
      return attempt(() => fs.existsSync(path));
    },

    fsRead(path, encoding) {
      return attemptAsync(async () => {
        const v = encoding === undefined ? await fs.promises.readFile(path) : await fs.promises.readFile(path, encoding);
        if (typeof v === 'string') {
          return v;
        }
        return harden({ bytes: hex(v), uint8: v instanceof Uint8Array });
      });
    },

    fsAccess(path, mode) {
      return attemptAsync(async () => {
        await fs.promises.access(path, mode);
        return 'ok';
      });
    },

    // --- memory ---

    hog(mib) {
      const chunks = [];
      for (let i = 0; i < mib; i += 1) {
        chunks.push(new Uint8Array(1 << 20).fill(i & 0xff));
      }
      return chunks.length;
    },

    // --- logging ---

    logAll() {
      logger.log('logger-log', 1, { a: 2 }, 'three', [4n]);
      logger.info('logger-info');
      logger.warn('logger-warn', true);
      logger.error('logger-error', Error('logged error'));
      logger.debug('logger-debug', null);
      logger.subLogger({ tags: ['sub'] }).log('sub-log', 'x');
      console.log('console-log', 42, undefined);
      console.info('console-info');
      console.warn('console-warn');
      console.error('console-error', Error('console error'));
      console.debug('console-debug');
      const cycle = { name: 'cycle' };
      cycle.self = cycle;
      console.log('console-nested', { n: 5n, list: [null, true, 'x'], e: Error('inner') }, NaN, cycle);
      console.log(7, 'eight');
      return 'logged';
    },
  });
  return root;
}
