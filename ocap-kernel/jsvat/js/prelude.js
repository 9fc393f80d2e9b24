// The vat-side API, evaluated once in every vat realm before lockdown.
// It is a function expression: the runtime calls it with `I`, the
// Go-implemented internals (marshalling, sends and tables live in Go),
// and installs what it returns as globalThis.__ocap. It captures the
// intrinsics it uses before vat code runs.
(function (I) {
  'use strict';

  const {
    freeze,
    getOwnPropertyDescriptors,
    getOwnPropertyDescriptor,
    getPrototypeOf,
    getOwnPropertyNames,
    defineProperty,
    entries,
  } = Object;
  const { ownKeys, apply } = Reflect;
  const { stringify } = JSON;
  const PromiseCtor = Promise;
  const resolvePromise = (v) => PromiseCtor.resolve(v);
  const thenPromise = (p, f, r) => apply(PromiseCtor.prototype.then, p, [f, r]);

  // harden deep-freezes an object graph: own properties (data and
  // accessors) and prototypes, like SES harden. A WeakSet remembers what
  // is already hardened, so repeated calls stop early.
  const hardened = new WeakSet();
  // lockedDown holds the intrinsics frozen by lockdown (a strong set: they
  // live as long as the realm) so that harden stops at them cheaply.
  let lockedDown = null;
  const isHardened = (v) => (lockedDown !== null && lockedDown.has(v)) || hardened.has(v);
  const hardenInto = (root, mark) => {
    const todo = [root];
    let n = 1;
    while (n > 0) {
      n -= 1;
      const v = todo[n];
      if (v === null || v === undefined || (typeof v !== 'object' && typeof v !== 'function') || isHardened(v)) {
        continue;
      }
      mark(v);
      freeze(v);
      todo[n] = getPrototypeOf(v);
      n += 1;
      const keys = ownKeys(v);
      for (let i = 0; i < keys.length; i += 1) {
        const d = getOwnPropertyDescriptor(v, keys[i]);
        if ('value' in d) {
          const x = d.value;
          if (typeof x === 'function' || (typeof x === 'object' && x !== null)) {
            todo[n] = x;
            n += 1;
          }
        } else {
          todo[n] = d.get;
          todo[n + 1] = d.set;
          n += 2;
        }
      }
    }
    return root;
  };
  const markHardened = (v) => hardened.add(v);
  const harden = (root) => hardenInto(root, markHardened);
  // lockdownHarden hardens the intrinsics into a strong set.
  const lockdownHarden = (roots) => {
    const set = new Set();
    lockedDown = set;
    const mark = (v) => set.add(v);
    for (let i = 0; i < roots.length; i += 1) {
      hardenInto(roots[i], mark);
    }
  };

  const methodNames = (obj) => {
    const names = [];
    let o = obj;
    while (o !== null && o !== Object.prototype && o !== Function.prototype) {
      for (const k of getOwnPropertyNames(o)) {
        if (k !== 'constructor' && typeof obj[k] === 'function' && !names.includes(k)) {
          names.push(k);
        }
      }
      o = getPrototypeOf(o);
    }
    return names.sort();
  };

  // localSend delivers a message to a local object or to whatever a
  // local promise resolves to, in a later turn, as E does.
  const localSend = (target, method, args, wantResult) => {
    const p = thenPromise(resolvePromise(target), (t) => {
      const remote = I.send(t, method, args, true);
      if (remote !== null) {
        return remote;
      }
      if (t === null || t === undefined) {
        throw TypeError(`Cannot deliver "${method}" to target; typeof target is "${typeof t}"`);
      }
      const fn = t[method];
      if (typeof fn !== 'function') {
        throw TypeError(`target has no method "${method}", has ${stringify(methodNames(t))}`);
      }
      return apply(fn, t, args);
    });
    if (!wantResult) {
      thenPromise(p, undefined, () => {});
      return undefined;
    }
    return p;
  };

  const emptyTarget = freeze({});
  const makeE = (wantResult) => (target) =>
    new Proxy(emptyTarget, {
      get(_, method) {
        if (typeof method !== 'string') {
          return undefined;
        }
        return (...args) => {
          const r = I.send(target, method, args, wantResult);
          return r === null ? localSend(target, method, args, wantResult) : r;
        };
      },
    });
  const E = makeE(true);
  E.sendOnly = makeE(false);
  E.when = (x, onFulfilled, onRejected) => thenPromise(resolvePromise(x), onFulfilled, onRejected);
  E.resolve = resolvePromise;
  harden(E);

  // Far marks methods as a remotable with the given interface name and
  // hardens it; the same object is returned, as in @endo/far.
  const Far = (iface, methods = {}) => {
    if (typeof iface !== 'string') {
      throw TypeError(`Far interface name must be a string, got ${typeof iface}`);
    }
    if ((typeof methods !== 'object' && typeof methods !== 'function') || methods === null) {
      throw TypeError(`Far methods must be an object, got ${methods === null ? 'null' : typeof methods}`);
    }
    for (const k of ownKeys(methods)) {
      const d = Object.getOwnPropertyDescriptor(methods, k);
      if (typeof k === 'string' && !('value' in d && typeof d.value === 'function')) {
        throw TypeError(`cannot make ${iface} remotable: property ${stringify(k)} is not a method`);
      }
    }
    I.markRemotable(methods, `Alleged: ${iface}`);
    return harden(methods);
  };
  const Remotable = (iface = 'Remotable', _props = undefined, methods = {}) => {
    I.markRemotable(methods, iface);
    return harden(methods);
  };

  // makeDefaultExo mirrors @metamask/kernel-utils/exo: a new remotable
  // whose methods are copies of the given ones (the argument is not
  // frozen).
  const copyMethods = (methods) => {
    const copy = {};
    for (const [k, fn] of entries(getOwnPropertyDescriptors(methods))) {
      defineProperty(copy, k, { ...fn, enumerable: true });
    }
    return copy;
  };
  // Endo exos answer two built-in methods; upstream's method listings
  // (e.g. "target has no method …, has [...]") show them, so ours do too.
  const withExoMethods = (copy) => {
    copy.__getInterfaceGuard__ = () => undefined;
    copy.__getMethodNames__ = () => harden(methodNames(copy));
    return copy;
  };
  const makeDefaultExo = (name, methods = {}) => Far(name, withExoMethods(copyMethods(methods)));
  const makeDiscoverableExo = (name, methods = {}, schema = {}) => {
    const described = harden(schema);
    const copy = copyMethods(methods);
    copy.describe = () => described;
    return Far(name, withExoMethods(copy));
  };

  const getInterfaceOf = (v) => I.interfaceOf(v);
  const passStyleOf = (v) => I.passStyleOf(v);

  const api = harden({
    E,
    Far,
    Remotable,
    makeDefaultExo,
    makeDiscoverableExo,
    getInterfaceOf,
    passStyleOf,
    harden,
  });
  // The runtime keeps methodNames; only api becomes globalThis.__ocap.
  return { api, harden, methodNames, lockdownHarden };
});
