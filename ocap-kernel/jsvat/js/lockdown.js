// Lockdown of a vat realm, run after the runtime has installed the vat's
// globals and before any vat code. It is a function expression called
// with the realm's harden.
//
//  1. Polyfills for what goja lacks and esbuild's output may use.
//  2. Override-mistake taming (a subset of SES "moderate"): writable data
//     properties of the prototypes that code commonly shadows by
//     assignment (err.name = ..., obj.toString = ...) become accessors
//     whose setter defines an own property on the receiver, so that
//     freezing the prototype does not break such code.
//  3. Every intrinsic reachable from globalThis, plus the hidden ones, is
//     hardened; the global object is made non-extensible and all its
//     properties read-only.
(function (lockdownHarden) {
  'use strict';

  const {
    defineProperty,
    getOwnPropertyDescriptor,
    getPrototypeOf,
    preventExtensions,
    prototype: objectPrototype,
  } = Object;
  const { ownKeys } = Reflect;
  const hasOwn = (o, k) => objectPrototype.hasOwnProperty.call(o, k);

  // 1. Polyfills.
  if (typeof Symbol.asyncIterator !== 'symbol') {
    defineProperty(Symbol, 'asyncIterator', { value: Symbol('Symbol.asyncIterator') });
  }
  if (typeof Promise.withResolvers !== 'function') {
    defineProperty(Promise, 'withResolvers', {
      value: function withResolvers() {
        let resolve;
        let reject;
        const promise = new this((res, rej) => {
          resolve = res;
          reject = rej;
        });
        return { promise, resolve, reject };
      },
      writable: true,
      configurable: true,
    });
  }
  if (typeof globalThis.queueMicrotask !== 'function') {
    const resolved = Promise.resolve();
    defineProperty(globalThis, 'queueMicrotask', {
      value: function queueMicrotask(callback) {
        if (typeof callback !== 'function') {
          throw TypeError('queueMicrotask: callback is not a function');
        }
        resolved.then(() => callback());
      },
      writable: true,
      configurable: true,
    });
  }

  // 2. Override-mistake taming.
  const enable = (obj, prop) => {
    const d = getOwnPropertyDescriptor(obj, prop);
    if (!d || !('value' in d) || !d.writable || !d.configurable) {
      return;
    }
    const value = d.value;
    defineProperty(obj, prop, {
      get: function get() {
        return value;
      },
      set: function set(newValue) {
        if (this === obj) {
          throw TypeError(`Cannot assign to read only property '${String(prop)}' of a frozen intrinsic`);
        }
        if (hasOwn(this, prop)) {
          this[prop] = newValue;
        } else {
          defineProperty(this, prop, { value: newValue, writable: true, enumerable: true, configurable: true });
        }
      },
      enumerable: d.enumerable,
      configurable: false,
    });
  };
  const enableAll = (obj) => {
    for (const k of ownKeys(obj)) {
      enable(obj, k);
    }
  };
  enableAll(objectPrototype);
  enableAll(Array.prototype);
  enableAll(Function.prototype);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
    for (const k of ['constructor', 'message', 'name', 'toString']) {
      enable(E.prototype, k);
    }
  }
  for (const k of ['constructor', 'then', 'catch', 'finally']) {
    enable(Promise.prototype, k);
  }

  // 3. Freeze the intrinsics.
  const roots = [
    getPrototypeOf(function* () {}),
    getPrototypeOf(async function () {}),
    getPrototypeOf(async () => {}),
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(new Map().entries()),
    getPrototypeOf(new Set().values()),
    getPrototypeOf(''[Symbol.iterator]()),
    getPrototypeOf('a'.matchAll(/a/g)),
    getPrototypeOf(Int8Array),
    getOwnPropertyDescriptor(
      (function () {
        'use strict';
        return arguments;
      })(),
      'callee',
    ).get,
  ];
  for (const k of ownKeys(globalThis)) {
    const d = getOwnPropertyDescriptor(globalThis, k);
    if ('value' in d) {
      roots.push(d.value);
    } else {
      roots.push(d.get, d.set);
    }
  }
  lockdownHarden(roots.filter((r) => r !== globalThis));
  for (const k of ownKeys(globalThis)) {
    const d = getOwnPropertyDescriptor(globalThis, k);
    if ('value' in d) {
      defineProperty(globalThis, k, { writable: false, configurable: false });
    } else {
      defineProperty(globalThis, k, { configurable: false });
    }
  }
  preventExtensions(globalThis);
});
