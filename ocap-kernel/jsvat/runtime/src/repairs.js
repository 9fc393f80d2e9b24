// Repairs made before SES runs, for what QuickJS does differently from the
// engines SES is tested on. Without them lockdown() fails.
/* global __ocap_log __ocap_harden __ocap_hardenInit __ocap_sortInit __ocap_isArray __ocap_sortArray __ocap_sortTypedArray __ocap_interrupted */

// 1. A console. SES's consoleTaming reads console methods while it sets up,
// and SES reports through it (for instance the intrinsics it removes). The
// output goes to the host log at debug level; the vat's own console is
// made per vat by the supervisor.
{
  const hostLog = __ocap_log;
  const { stringify } = JSON;
  const show = (v) => {
    if (typeof v === 'string') {
      return v;
    }
    if (v instanceof Error) {
      return v.stack ? `${v.name}: ${v.message}\n${v.stack}` : `${v.name}: ${v.message}`;
    }
    if (typeof v === 'number') {
      return String(v);
    }
    try {
      const s = stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
      return s === undefined ? String(v) : s;
    } catch {
      return String(v);
    }
  };
  // As the vat's logger: the first argument is the message, the rest data.
  const item = (v) => {
    if (v !== null && typeof v === 'object' && !(v instanceof Error)) {
      try {
        const s = stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
        if (s !== undefined) {
          return s;
        }
      } catch {
        // rendered below
      }
    }
    if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || v === null) {
      return stringify(v);
    }
    return stringify(show(v));
  };
  const log = (...args) => {
    const message = args.length === 0 || args[0] === undefined ? '' : show(args[0]);
    const data = args.slice(1).map(item);
    hostLog('debug', '["ses"]', message, data.length ? `[${data.join(',')}]` : '');
  };
  const ignore = () => {};
  globalThis.console = {
    log,
    info: log,
    warn: log,
    error: log,
    debug: log,
    trace: log,
    group: log,
    groupCollapsed: log,
    groupEnd: ignore,
    time: ignore,
    timeEnd: ignore,
    timeLog: ignore,
    table: log,
    dir: log,
    assert(cond, ...args) {
      if (!cond) {
        log('Assertion failed', ...args);
      }
    },
  };
}

// 2. QuickJS defines Iterator.prototype.constructor and
// Iterator.prototype[Symbol.toStringTag] as accessors (as the Iterator
// helpers proposal has them) whose setters reject SES's probe in
// tameFauxDataProperty. Make them plain data properties with the values
// they report.
{
  const IteratorPrototype = Object.getPrototypeOf(
    Object.getPrototypeOf([][Symbol.iterator]()),
  );
  for (const key of ['constructor', Symbol.toStringTag]) {
    const desc = Object.getOwnPropertyDescriptor(IteratorPrototype, key);
    if (desc && desc.get) {
      Object.defineProperty(IteratorPrototype, key, {
        value: desc.get.call(IteratorPrototype),
        writable: true,
        enumerable: false,
        configurable: true,
      });
    }
  }
}

// 3. WeakMap. QuickJS's WeakMap holds its values strongly, so an entry
// whose value refers back to its key (wm.set(k, { k })) is never
// collected: the engine does not implement the ephemeron semantics the
// language requires. Endo relies on them everywhere (a presence and the
// promise it resolves map to each other; an exo's context refers to the
// exo), so without this repair nothing a vat imports would ever be
// dropped. This WeakMap keeps each value in a private field of its key,
// one private name per map: the key then owns the value, and the engine's
// cycle collector frees both once nothing else reaches the key. Private
// fields can be added to frozen objects (the return-override trick) and
// to proxies, and stay invisible to reflection, as WeakMap entries are.
// Symbols, which cannot carry fields, use a native WeakMap.
{
  const NativeWeakMap = WeakMap;
  const { keyFor } = Symbol;
  const { defineProperty: define } = Object;
  const ReturnOverride = class {
    constructor(key) {
      // eslint-disable-next-line no-constructor-return
      return key;
    }
  };
  const makeSlot = () =>
    class extends ReturnOverride {
      #value;

      constructor(key, value) {
        super(key);
        this.#value = value;
      }

      static has(key) {
        return #value in key;
      }

      static get(key) {
        return key.#value;
      }

      static set(key, value) {
        key.#value = value;
      }
    };
  const deleted = Object.freeze({ deleted: true });
  const isObject = (key) => key !== null && (typeof key === 'object' || typeof key === 'function');
  const badKey = () => TypeError('invalid value used as WeakMap key');
  const EphemeronWeakMap = class {
    #slot = makeSlot();

    #symbols = undefined;

    constructor(iterable = undefined) {
      if (iterable !== undefined && iterable !== null) {
        const adder = this.set;
        if (typeof adder !== 'function') {
          throw TypeError('set/add is not a function');
        }
        for (const entry of iterable) {
          if (!isObject(entry)) {
            throw TypeError('not an object');
          }
          adder.call(this, entry[0], entry[1]);
        }
      }
    }

    get(key) {
      const slot = this.#slot;
      if (isObject(key)) {
        if (!slot.has(key)) {
          return undefined;
        }
        const value = slot.get(key);
        return value === deleted ? undefined : value;
      }
      return this.#symbols === undefined ? undefined : this.#symbols.get(key);
    }

    set(key, value) {
      const slot = this.#slot;
      if (isObject(key)) {
        if (slot.has(key)) {
          slot.set(key, value);
        } else {
          // eslint-disable-next-line no-new, new-cap
          new slot(key, value);
        }
        return this;
      }
      if (typeof key !== 'symbol' || keyFor(key) !== undefined) {
        throw badKey();
      }
      if (this.#symbols === undefined) {
        this.#symbols = new NativeWeakMap();
      }
      this.#symbols.set(key, value);
      return this;
    }

    has(key) {
      const slot = this.#slot;
      if (isObject(key)) {
        return slot.has(key) && slot.get(key) !== deleted;
      }
      return this.#symbols !== undefined && this.#symbols.has(key);
    }

    delete(key) {
      const slot = this.#slot;
      if (isObject(key)) {
        if (!slot.has(key) || slot.get(key) === deleted) {
          return false;
        }
        slot.set(key, deleted);
        return true;
      }
      return this.#symbols !== undefined && this.#symbols.delete(key);
    }
  };
  define(EphemeronWeakMap, 'name', { value: 'WeakMap' });
  define(EphemeronWeakMap.prototype, Symbol.toStringTag, {
    value: 'WeakMap',
    writable: false,
    enumerable: false,
    configurable: true,
  });
  define(globalThis, 'WeakMap', {
    value: EphemeronWeakMap,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

// 4. harden. SES uses the harden it finds on the global object before it
// loads (its hardener module), as it does on XS, where harden is native. This
// one is SES's algorithm run by the host on the engine's C API (jsvat's
// harden.go), which makes the operation that vats spend most of their time
// in many times cheaper than interpreted. Primitives and objects already
// hardened are answered here; the host leaves any exception in a box.
{
  const nativeHarden = __ocap_harden;
  const { freeze, getOwnPropertyDescriptor, defineProperty, preventExtensions } = Object;
  const { ownKeys } = Reflect;
  const hardened = new WeakSet();
  const { has: weaksetHas, add: weaksetAdd } = WeakSet.prototype;
  const box = { e: undefined };
  const isCanonicalIntegerIndexString = (propertyKey) => {
    const n = +String(propertyKey);
    return Number.isInteger(n) && String(n) === propertyKey;
  };
  // SES's freezeTypedArray: the elements of a typed array stay writable;
  // every other property becomes read-only and non-configurable.
  const freezeTypedArray = (array) => {
    preventExtensions(array);
    for (const name of ownKeys(array)) {
      const desc = getOwnPropertyDescriptor(array, name);
      if (!isCanonicalIntegerIndexString(name)) {
        defineProperty(array, name, { ...desc, writable: false, configurable: false });
      }
    }
  };
  __ocap_hardenInit(hardened, freeze, weaksetHas, weaksetAdd, freezeTypedArray, box);
  delete globalThis.__ocap_harden;
  delete globalThis.__ocap_hardenInit;
  const { harden } = {
    harden(root) {
      if (root === null || (typeof root !== 'object' && typeof root !== 'function')) {
        return root;
      }
      if (weaksetHas.call(hardened, root)) {
        return root;
      }
      if (nativeHarden(root) !== 0) {
        const error = box.e;
        box.e = undefined;
        throw error;
      }
      return root;
    },
  };
  globalThis.harden = harden;
}

// 5. Long native operations. The engine checks for an interrupt (a
// runaway delivery's deadline, a vat being terminated) only between two
// JavaScript operations, never inside a native one, and sort without a
// comparator and join are each one native call however long the array: a
// 2M-element sort went on for seconds after the interrupt. So Array sorts
// of more than a few thousand elements, and typed-array sorts, are made by
// the host (jsvat's sort.go), in the standard's order (and so the
// engine's), checking the interrupt; and a long join is made of short
// ones. Sorts with a comparator stay the engine's: it interrupts them
// between two calls of it.
{
  const hostSortInit = __ocap_sortInit;
  const hostIsArray = __ocap_isArray;
  const hostSortArray = __ocap_sortArray;
  const hostSortTypedArray = __ocap_sortTypedArray;
  const hostInterrupted = __ocap_interrupted;
  delete globalThis.__ocap_sortInit;
  delete globalThis.__ocap_isArray;
  delete globalThis.__ocap_sortArray;
  delete globalThis.__ocap_sortTypedArray;
  delete globalThis.__ocap_interrupted;
  const box = { e: undefined };
  if (!hostSortInit(box)) {
    throw TypeError('the host sort cannot start');
  }
  // Below this length the engine's own sort takes a few milliseconds.
  const LARGE = 4096;
  const { apply } = Reflect;
  const { getPrototypeOf, getOwnPropertyDescriptor, defineProperty } = Object;
  const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
  const { sort: arraySort, toSorted: arrayToSorted } = Array.prototype;
  const { sort: typedArraySort, toSorted: typedArrayToSorted } = TypedArrayPrototype;
  const typedArrayLength = getOwnPropertyDescriptor(TypedArrayPrototype, 'length').get;
  const typedArrayTag = getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get;
  const typedArrayConstructors = { __proto__: null };
  for (const C of [
    Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    globalThis.Float16Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
  ]) {
    if (C !== undefined) {
      typedArrayConstructors[C.name] = C;
    }
  }
  const settle = (code) => {
    switch (code) {
      case 0:
        return;
      case 1: {
        const error = box.e;
        box.e = undefined;
        throw error;
      }
      case 2:
        // The engine throws its own (uncatchable) interrupt first.
        throw Error('interrupted');
      default:
        throw TypeError('the host sort was misused');
    }
  };
  // On an Array itself (not a proxy), reading length runs no vat code,
  // which lets the choice between the two sorts be unobservable.
  const isLarge = (o) => hostIsArray(o) && o.length >= LARGE;
  const { sort, toSorted } = {
    sort(comparefn) {
      if (comparefn !== undefined || !isLarge(this)) {
        return apply(arraySort, this, [comparefn]);
      }
      settle(hostSortArray(this, this, this.length));
      return this;
    },
    toSorted(comparefn) {
      if (comparefn !== undefined || !isLarge(this)) {
        return apply(arrayToSorted, this, [comparefn]);
      }
      const sorted = [];
      settle(hostSortArray(this, sorted, this.length));
      return sorted;
    },
  };
  const DECLINED = 4;
  const typedArrayMethods = {
    sort(comparefn) {
      if (comparefn === undefined) {
        const code = hostSortTypedArray(this);
        if (code !== DECLINED) {
          settle(code);
          return this;
        }
      }
      // A comparator, or not a typed array in bounds (the engine throws
      // its error).
      return apply(typedArraySort, this, [comparefn]);
    },
    toSorted(comparefn) {
      if (comparefn === undefined) {
        const tag = apply(typedArrayTag, this, []);
        const C = tag === undefined ? undefined : typedArrayConstructors[tag];
        if (C !== undefined && apply(typedArrayLength, this, []) > 0) {
          const copy = new C(this);
          settle(hostSortTypedArray(copy));
          return copy;
        }
      }
      return apply(typedArrayToSorted, this, [comparefn]);
    },
  };
  // join: the elements in chunks, each joined by the engine, then the
  // chunks. slice copies a chunk without running vat code when the array's
  // constructor is Array itself (no species to look up). The engine looks
  // at its interrupt only every so many operations, which a few hundred
  // chunks do not reach: each chunk asks the host.
  // Copying costs more than the engine's join of a chunk (1.5-3x in all),
  // so only joins long enough to matter (tens of milliseconds) are split.
  const JOIN_LARGE = 1 << 18;
  const CHUNK = 1 << 16;
  const { join: arrayJoin, slice: arraySlice } = Array.prototype;
  const { hasOwn } = Object;
  const { join } = {
    join(separator) {
      if (
        !hostIsArray(this) ||
        this.length < JOIN_LARGE ||
        getPrototypeOf(this) !== Array.prototype ||
        hasOwn(this, 'constructor')
      ) {
        return apply(arrayJoin, this, [separator]);
      }
      const o = this;
      const len = o.length;
      const sep = separator === undefined ? ',' : `${separator}`;
      const parts = [];
      for (let start = 0; start < len; start += CHUNK) {
        if (hostInterrupted()) {
          settle(2);
        }
        parts.push(apply(arrayJoin, apply(arraySlice, o, [start, start + CHUNK]), [sep]));
      }
      return apply(arrayJoin, parts, [sep]);
    },
  };
  const replace = (proto, name, fn) => {
    const desc = getOwnPropertyDescriptor(proto, name);
    defineProperty(proto, name, { ...desc, value: fn });
  };
  replace(Array.prototype, 'sort', sort);
  replace(Array.prototype, 'toSorted', toSorted);
  replace(Array.prototype, 'join', join);
  replace(TypedArrayPrototype, 'sort', typedArrayMethods.sort);
  replace(TypedArrayPrototype, 'toSorted', typedArrayMethods.toSorted);
}
