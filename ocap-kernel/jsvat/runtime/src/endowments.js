// The globals a vat may ask for by name in its config's `globals`, with the
// attenuations of upstream's vat endowments (which takes them from
// @metamask/snaps-execution-environments' endowment factories): timers
// that only clear their own handles and die with the vat, a Date whose
// now() is jittered and monotonic, a Math whose random() comes from the
// host's cryptographic source, crypto, fetch restricted to the vat's
// network.allowedHosts, and plain hardened Web APIs.
//
// What the realm lacks (timers, clocks, entropy, network, files, IDNA) the
// host provides through the __ocap_* functions captured by makeHostEvents;
// host completions (a timer firing, a response arriving) come back through
// the entry points fire and settle, always inside a crank of the vat.
/* global __ocap_timerSet __ocap_timerClear __ocap_random __ocap_fetch
   __ocap_fetchAbort __ocap_fsExists __ocap_fsRead __ocap_fsAccess
   __ocap_subtle __ocap_domainToASCII */
import { makeBase64 } from './web/base64.js';
import { makeAbort } from './web/abort.js';
import { makeEvents } from './web/events.js';
import { makeFetchClasses } from './web/fetch.js';
import { makeTextCodecs } from './web/text.js';
import { makeURLClasses } from './web/url.js';
import { makeCrypto, toBinary, fromBinary } from './crypto.js';

// The names a vat may request, in upstream's order (ALLOWED_GLOBAL_NAMES).
export const allowedGlobalNames = harden([
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
]);

const MINIMUM_TIMEOUT = 10;
const MINIMUM_INTERVAL = 10;
// A delay that does not fit a 32-bit signed count of milliseconds (or is
// not a number) is 1 ms, as in Node and browsers, before the minimum.
const MAXIMUM_DELAY = 2 ** 31 - 1;
const delayOf = (timeout, minimum) => {
  let ms = Math.trunc(Number(timeout ?? 0));
  if (!(ms >= 1 && ms <= MAXIMUM_DELAY)) {
    ms = 1;
  }
  return Math.max(minimum, ms);
};

/**
 * Captures the host's endowment primitives and routes host completions to
 * the vat's pending timers and requests.
 *
 * @returns {object} { hostNames, entryPoints, host, timers, requests }
 */
export const makeHostEvents = () => {
  const host = {
    timerSet: __ocap_timerSet,
    timerClear: __ocap_timerClear,
    random: __ocap_random,
    fetch: __ocap_fetch,
    fetchAbort: __ocap_fetchAbort,
    fsExists: __ocap_fsExists,
    fsRead: __ocap_fsRead,
    fsAccess: __ocap_fsAccess,
    subtle: __ocap_subtle,
    domainToASCII: __ocap_domainToASCII,
  };
  const hostNames = [
    '__ocap_timerSet',
    '__ocap_timerClear',
    '__ocap_random',
    '__ocap_fetch',
    '__ocap_fetchAbort',
    '__ocap_fsExists',
    '__ocap_fsRead',
    '__ocap_fsAccess',
    '__ocap_subtle',
    '__ocap_domainToASCII',
  ];
  // id -> callback; the host knows only ids.
  const timers = new Map();
  const requests = new Map();
  let nextId = 1;
  const allocate = () => {
    const id = nextId;
    nextId += 1;
    return id;
  };
  const entryPoints = {
    // A timer the host was asked for is due.
    fire: (id) => {
      const callback = timers.get(id);
      if (callback) {
        callback();
      }
    },
    // A request the host was asked for is answered (result is JSON:
    // { error } or { status, statusText, headers, url, redirected }).
    settle: (id, resultJSON, bodyBinary) => {
      const pending = requests.get(id);
      if (pending) {
        requests.delete(id);
        pending(JSON.parse(resultJSON), bodyBinary);
      }
    },
  };
  return { hostNames, entryPoints, host, timers, requests, allocate };
};

/**
 * Upstream's rpcErrors-style error for a bad timer handler.
 *
 * @param {string} message
 * @returns {Error}
 */
const handlerError = (message) => {
  const error = Error(message);
  return error;
};

const makeTimers = (events, reportError) => {
  const { host, timers, allocate } = events;
  const live = new Set(); // ids armed by this vat's timers

  const arm = (id, callback, ms, repeat) => {
    timers.set(id, callback);
    live.add(id);
    host.timerSet(id, ms, repeat);
  };
  const disarm = (id) => {
    if (live.delete(id)) {
      timers.delete(id);
      host.timerClear(id);
    }
  };
  const run = (handler, args) => {
    try {
      handler(...args);
    } catch (error) {
      reportError(error);
    }
  };

  const timeoutHandles = new Map();
  const setTimeout = (handler, timeout, ...args) => {
    if (typeof handler !== 'function') {
      throw handlerError(
        `The timeout handler must be a function. Received: ${typeof handler}.`,
      );
    }
    harden(handler);
    const handle = Object.freeze(Object.create(null));
    const id = allocate();
    arm(
      id,
      () => {
        timeoutHandles.delete(handle);
        live.delete(id);
        timers.delete(id);
        run(handler, args);
      },
      delayOf(timeout, MINIMUM_TIMEOUT),
      false,
    );
    timeoutHandles.set(handle, id);
    return handle;
  };
  const clearTimeout = (handle) => {
    const id = timeoutHandles.get(handle);
    if (id !== undefined) {
      timeoutHandles.delete(handle);
      disarm(id);
    }
  };

  const intervalHandles = new Map();
  const setInterval = (handler, timeout, ...args) => {
    if (typeof handler !== 'function') {
      throw handlerError(
        `The interval handler must be a function. Received: ${typeof handler}.`,
      );
    }
    harden(handler);
    const handle = Object.freeze(Object.create(null));
    const id = allocate();
    arm(
      id,
      () => run(handler, args),
      delayOf(timeout, MINIMUM_INTERVAL),
      true,
    );
    intervalHandles.set(handle, id);
    return handle;
  };
  const clearInterval = (handle) => {
    harden(handle);
    const id = intervalHandles.get(handle);
    if (id !== undefined) {
      intervalHandles.delete(handle);
      disarm(id);
    }
  };

  const teardown = () => {
    for (const id of [...live]) {
      disarm(id);
    }
    timeoutHandles.clear();
    intervalHandles.clear();
  };
  // An internal timer for AbortSignal.timeout; it is torn down with the
  // vat's others.
  const internalTimeout = (fn, ms) => {
    const id = allocate();
    arm(
      id,
      () => {
        live.delete(id);
        timers.delete(id);
        run(fn, []);
      },
      delayOf(ms, 0),
      false,
    );
  };
  return {
    setTimeout: harden(setTimeout),
    clearTimeout: harden(clearTimeout),
    setInterval: harden(setInterval),
    clearInterval: harden(clearInterval),
    internalTimeout,
    teardown,
  };
};

// Snaps' createDate: Date.now() adds up to 1 ms of noise and never goes
// back; new Date() with no arguments uses it.
const makeDate = () => {
  const RealDate = Date;
  const keys = Object.getOwnPropertyNames(RealDate);
  let currentTime = 0;
  const now = () => {
    const actual = RealDate.now();
    // eslint-disable-next-line no-use-before-define
    const newTime = Math.round(actual + randomFloat());
    if (newTime > currentTime) {
      currentTime = newTime;
    }
    return currentTime;
  };
  const NewDate = function (...args) {
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  };
  for (const key of keys) {
    Reflect.defineProperty(NewDate, key, {
      configurable: false,
      writable: false,
      value: key === 'now' ? now : RealDate[key],
    });
  }
  return harden(NewDate);
};

let randomFloat = () => {
  throw Error('randomFloat used before the host was attached');
};

// Snaps' createMath: the intrinsic Math with random() from the host's
// cryptographic source (not a secure RNG by contract: see upstream).
const makeMath = () => {
  const math = {};
  for (const key of Object.getOwnPropertyNames(Math)) {
    if (key !== 'random') {
      math[key] = Math[key];
    }
  }
  return harden({ ...math, random: () => randomFloat() });
};

// Upstream's makeHostCaveat, with ports: an entry "host" allows every port
// and scheme of that host, as upstream's does; an entry "host:port" (this
// kernel's addition) allows only that port. file: URLs are refused. It
// runs on fetch's own arguments, before anything else, as upstream's
// makeCaveatedFetch runs it.
const makeHostCaveat = (allowedHosts, URLClass, RequestClass) =>
  harden(async (input) => {
    const parsed = new URLClass(input instanceof RequestClass ? input.url : input);
    const { hostname, protocol, port } = parsed;
    if (protocol === 'file:') {
      throw Error(
        `fetch cannot target file:// URLs. Use the fs platform capability (VatConfig.platformConfig.fs) for filesystem access.`,
      );
    }
    const effectivePort =
      port || (protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '');
    const hostPort = hostname.includes(':')
      ? `[${hostname.replace(/^\[|\]$/g, '')}]:${effectivePort}`
      : `${hostname}:${effectivePort}`;
    if (!allowedHosts.includes(hostname) && !allowedHosts.includes(hostPort)) {
      throw Error(`Invalid host: ${hostname}`);
    }
  });

/**
 * Builds the endowments of one vat.
 *
 * @param {object} options
 * @param {string} options.vatId
 * @param {string[]} options.names - The globals the vat's config asks for
 *   (validated by the host against the allowed names).
 * @param {string[]|undefined} options.allowedHosts - network.allowedHosts
 * @param {object|undefined} options.platform - platformConfig, validated
 * @param {object} options.events - from makeHostEvents
 * @param {object} options.logger
 * @returns {{ globals: object, platform: object, teardown: () => Promise<void> }}
 */
export const makeEndowments = ({ vatId, names, allowedHosts, platform, events, logger }) => {
  const { host } = events;
  const reportError = (error) => logger.error('Uncaught exception in a vat callback:', error);
  randomFloat = () => host.random() / 2 ** 32;

  const wanted = new Set(names ?? []);
  for (const name of wanted) {
    if (!allowedGlobalNames.includes(name)) {
      throw Error(`Vat "${vatId}" requested unknown global "${name}"`);
    }
  }
  if (wanted.has('fetch') && !allowedHosts) {
    throw Error(`Vat "${vatId}" requested "fetch" but no network.allowedHosts was specified`);
  }

  const timers = makeTimers(events, reportError);
  const teardowns = [timers.teardown];

  // The Web API classes are built only when something asks for them.
  let cache = null;
  const web = () => {
    if (cache) {
      return cache;
    }
    const { DOMException, Event, EventTarget } = makeEvents({ reportError });
    const { TextEncoder, TextDecoder } = makeTextCodecs();
    const { URL, URLSearchParams } = makeURLClasses({
      domainToASCII: (domain) => host.domainToASCII(domain),
    });
    const { atob, btoa } = makeBase64({ DOMException });
    const { AbortController, AbortSignal } = makeAbort({
      Event,
      EventTarget,
      DOMException,
      setTimeout: timers.internalTimeout,
    });
    cache = {
      DOMException,
      TextEncoder,
      TextDecoder,
      URL,
      URLSearchParams,
      atob,
      btoa,
      AbortController,
      AbortSignal,
    };
    return cache;
  };

  const globals = {};
  const provide = (name, make) => {
    if (wanted.has(name)) {
      globals[name] = harden(make());
    }
  };
  provide('setTimeout', () => timers.setTimeout);
  provide('clearTimeout', () => timers.clearTimeout);
  provide('setInterval', () => timers.setInterval);
  provide('clearInterval', () => timers.clearInterval);
  provide('Date', makeDate);
  provide('Math', makeMath);
  if (wanted.has('crypto') || wanted.has('SubtleCrypto')) {
    const { crypto, SubtleCrypto } = makeCrypto({ host, web });
    provide('crypto', () => crypto);
    provide('SubtleCrypto', () => SubtleCrypto);
  }
  if (['fetch', 'Request', 'Headers', 'Response'].some((n) => wanted.has(n))) {
    const w = web();
    const { Headers, Request, Response, makeFetch } = makeFetchClasses({
      TextEncoder: w.TextEncoder,
      TextDecoder: w.TextDecoder,
      URL: w.URL,
      AbortSignal: w.AbortSignal,
      DOMException: w.DOMException,
    });
    provide('Request', () => Request);
    provide('Headers', () => Headers);
    provide('Response', () => Response);
    if (wanted.has('fetch')) {
      const { fetch, teardown } = makeHostFetch({ events, makeFetch });
      const caveat = makeHostCaveat(harden([...allowedHosts]), w.URL, Request);
      globals.fetch = harden(async (...args) => {
        await caveat(...args);
        return fetch(...args);
      });
      teardowns.push(teardown);
    }
  }
  for (const name of [
    'TextEncoder',
    'TextDecoder',
    'URL',
    'URLSearchParams',
    'atob',
    'btoa',
    'AbortController',
    'AbortSignal',
  ]) {
    provide(name, () => web()[name]);
  }

  return {
    globals: harden(globals),
    platform: harden(makePlatform(platform, host)),
    teardown: async () => {
      const failures = [];
      for (const fn of teardowns) {
        try {
          // eslint-disable-next-line no-await-in-loop
          await fn();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) {
        throw AggregateError(
          failures,
          `One or more endowment teardowns failed (${failures.length}/${teardowns.length})`,
        );
      }
    },
  };
};

// fetch over the host: the host performs the request off the vat's
// goroutine and settles it in a later crank of the vat.
const makeHostFetch = ({ events, makeFetch }) => {
  const { host, requests, allocate } = events;
  const open = new Set();
  const send = ({ url, method, headers, body, redirect, signal }) =>
    new Promise((resolve, reject) => {
      const id = allocate();
      open.add(id);
      const onAbort = () => {
        if (requests.delete(id)) {
          open.delete(id);
          host.fetchAbort(id);
          reject(signal.reason);
        }
      };
      requests.set(id, (result, bodyBinary) => {
        open.delete(id);
        if (signal) {
          signal.removeEventListener('abort', onAbort);
        }
        if (result.error !== undefined) {
          reject(TypeError(`fetch failed: ${result.error}`));
          return;
        }
        resolve({
          status: result.status,
          statusText: result.statusText,
          headers: result.headers,
          url: result.url,
          redirected: result.redirected,
          body: fromBinary(bodyBinary),
        });
      });
      if (signal) {
        signal.addEventListener('abort', onAbort, { once: true });
      }
      host.fetch(
        id,
        JSON.stringify({ url, method, headers, redirect }),
        body ? toBinary(body) : '',
      );
    });
  const fetch = makeFetch({ send });
  const teardown = () => {
    for (const id of open) {
      requests.delete(id);
      host.fetchAbort(id);
    }
    open.clear();
  };
  return { fetch, teardown };
};

// The fs platform capability (upstream's @metamask/kernel-platforms fs):
// existsSync, promises.readFile and promises.access, each only if the
// config asks for it, confined by the host to rootDir (no symlinks).
const makePlatform = (config, host) => {
  if (!config || !config.fs) {
    return {};
  }
  const { existsSync, promises } = config.fs;
  const fs = {};
  // A refusal of the path is upstream's caveat error; a failure of the
  // file system comes back described and is thrown as Node throws it.
  const wrapError = (op, fn) => {
    let out;
    try {
      out = fn();
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : 'Caveat failed';
      throw Error(`fs.${op}: ${message}`, { cause });
    }
    if (out !== null && typeof out === 'object') {
      const error = Error(out.message);
      for (const key of ['code', 'errno', 'syscall', 'path']) {
        if (out[key] !== undefined) {
          error[key] = out[key];
        }
      }
      throw error;
    }
    return out;
  };
  if (existsSync) {
    fs.existsSync = (path) => wrapError('existsSync', () => host.fsExists(String(path)));
  }
  if (promises) {
    const p = {};
    if (promises.readFile) {
      p.readFile = async (path, options) => {
        const encoding =
          typeof options === 'string' ? options : options?.encoding ?? '';
        const out = wrapError('readFile', () => host.fsRead(String(path), String(encoding ?? '')));
        if (encoding) {
          return out;
        }
        return fromBinary(out);
      };
    }
    if (promises.access) {
      p.access = async (path, mode) => {
        wrapError('access', () => host.fsAccess(String(path), Number(mode ?? 0)));
      };
    }
    fs.promises = p;
  }
  return { fs };
};
