package jsvat

import (
	"log/slog"
	"strings"
	"testing"
)

// referenceHarden is SES's harden algorithm (its hardener module) written out
// in JavaScript, without its own set of hardened objects: the native
// harden must do exactly what it does, in the same order, which proxies
// make observable.
const referenceHarden = `
globalThis.referenceHarden = (root, hardened) => {
  const toFreeze = new Set();
  const enqueue = (val) => {
    if (val === null || (typeof val !== 'object' && typeof val !== 'function')) return;
    if (hardened.has(val) || toFreeze.has(val)) return;
    toFreeze.add(val);
  };
  const isCanonical = (k) => { const n = +String(k); return Number.isInteger(n) && String(n) === k; };
  const isTA = (o) => { try { return Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get.call(o) !== undefined; } catch { return false; } };
  const visit = (obj) => {
    if (isTA(obj)) {
      Object.preventExtensions(obj);
      for (const name of Reflect.ownKeys(obj)) {
        const desc = Object.getOwnPropertyDescriptor(obj, name);
        if (!isCanonical(name)) Object.defineProperty(obj, name, { ...desc, writable: false, configurable: false });
      }
    } else {
      Object.freeze(obj);
    }
    const descs = Object.getOwnPropertyDescriptors(obj);
    const proto = Object.getPrototypeOf(obj);
    enqueue(proto);
    for (const name of Reflect.ownKeys(descs)) {
      const desc = descs[name];
      if (Object.prototype.hasOwnProperty.call(desc, 'value')) enqueue(desc.value);
      else { enqueue(desc.get); enqueue(desc.set); }
    }
  };
  enqueue(root);
  toFreeze.forEach(visit);
  toFreeze.forEach((v) => hardened.add(v));
  return root;
};
`

// hardenCases builds, for each case, a fresh object graph and a log that
// its proxies write their trap calls to; each case runs once with the
// native harden and once with the reference, and the results must agree.
const hardenCases = `
globalThis.hardenCases = () => {
  const logged = (target, log, name) => new Proxy(target, {
    preventExtensions(t) { log.push(name + ':preventExtensions'); return Reflect.preventExtensions(t); },
    isExtensible(t) { log.push(name + ':isExtensible'); return Reflect.isExtensible(t); },
    defineProperty(t, k, d) { log.push(name + ':defineProperty:' + String(k)); return Reflect.defineProperty(t, k, d); },
    getOwnPropertyDescriptor(t, k) { log.push(name + ':gOPD:' + String(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
    ownKeys(t) { log.push(name + ':ownKeys'); return Reflect.ownKeys(t); },
    getPrototypeOf(t) { log.push(name + ':getPrototypeOf'); return Reflect.getPrototypeOf(t); },
    get(t, k, r) { log.push(name + ':get:' + String(k)); return Reflect.get(t, k, r); },
  });
  return {
    plain: () => ({ a: 1, b: { c: [1, 2, { d: 3 }] } }),
    cycle: () => { const a = { n: 'a' }; const b = { n: 'b', a }; a.b = b; a.self = a; return a; },
    functions: () => { function F() {} F.prototype.m = function m() {}; const g = () => 1; g.extra = { x: 1 }; return { F, g, C: class K { static s = {}; m() {} } }; },
    accessors: () => { let called = 0; const o = {}; Object.defineProperty(o, 'x', { get() { called += 1; return {}; }, set(v) {}, enumerable: true, configurable: true }); o.count = () => called; return o; },
    symbols: () => ({ [Symbol.for('k')]: { deep: {} }, [Symbol('u')]: [1], plain: 1 }),
    nullProto: () => { const o = Object.create(null); o.x = Object.create(null); return o; },
    protoChain: () => { const base = { inherited: {} }; const mid = Object.create(base); mid.mine = {}; return Object.create(mid); },
    arrays: () => [[], [[]], Object.assign([1, 2], { extra: {} })],
    collections: () => ({ m: new Map([[{}, {}]]), s: new Set([{}]), w: new WeakMap(), d: new Date(0), re: /x/g, err: Error('e') }),
    typedArrays: () => { const u = new Uint8Array([1, 2, 3]); u.extra = { y: 1 }; return { u, f: new Float64Array(2), e: new Uint8Array(0), dv: new DataView(new ArrayBuffer(4)) }; },
    promise: () => ({ p: Promise.resolve(1), then: { then() {} } }),
    proxies: (log) => logged({ a: logged({ b: 1 }, log, 'inner'), c: [logged([], log, 'arr')] }, log, 'outer'),
    proxyThrowsOnFreeze: (log) => ({ ok: {}, bad: new Proxy({}, { preventExtensions() { log.push('bad:preventExtensions'); throw RangeError('no freezing me'); } }), after: {} }),
    proxyThrowsOnKeys: (log) => ({ ok: {}, bad: new Proxy({}, { ownKeys() { log.push('bad:ownKeys'); throw SyntaxError('no keys'); } }) }),
    proxyLies: () => new Proxy({}, { preventExtensions() { return false; } }),
    typedArrayAccessor: () => { const u = new Uint8Array(1); Object.defineProperty(u, 'acc', { get() { return 1; }, configurable: true }); return u; },
    revokedProxy: () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return { proxy }; },
    deep: () => { let o = {}; for (let i = 0; i < 5000; i += 1) o = { o }; return o; },
    wide: () => { const o = {}; for (let i = 0; i < 5000; i += 1) o['k' + i] = { i }; return o; },
  };
};

// describe lists every object reachable from root (own values, accessors,
// prototypes) with whether it is frozen the way harden leaves it.
globalThis.describeHardened = (root) => {
  const seen = new Set();
  const out = [];
  const isTA = (o) => { try { return Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get.call(o) !== undefined; } catch { return false; } };
  const work = [[root, '$']];
  const walk = (v, path) => { work.push([v, path]); };
  const visit = (v, path) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
    seen.add(v);
    let state;
    try {
      if (isTA(v)) {
        const others = Reflect.ownKeys(v).filter((k) => !(Number.isInteger(+String(k)) && String(+String(k)) === k));
        state = !Object.isExtensible(v) && others.every((k) => { const d = Object.getOwnPropertyDescriptor(v, k); return !d.configurable && (!('value' in d) || !d.writable); });
      } else {
        state = Object.isFrozen(v);
      }
    } catch (e) { state = 'throws ' + e.name; }
    out.push(path + '=' + state);
    let descs;
    try { descs = Object.getOwnPropertyDescriptors(v); } catch { return; }
    walk(Object.getPrototypeOf(v), path + '.__proto__');
    for (const k of Reflect.ownKeys(descs)) {
      const d = descs[k];
      if ('value' in d) walk(d.value, path + '.' + String(k)); else { walk(d.get, path + '.get ' + String(k)); walk(d.set, path + '.set ' + String(k)); }
    }
  };
  while (work.length > 0) {
    const [v, path] = work.shift();
    visit(v, path);
  }
  return out.join('\n');
};

globalThis.runHardenCase = (name, useNative) => {
  const log = [];
  const root = hardenCases()[name](log);
  const hardened = new WeakSet();
  let error = null;
  try {
    if (useNative) harden(root); else referenceHarden(root, hardened);
  } catch (e) {
    error = e.name + ': ' + e.message;
  }
  const first = log.length;
  // A second harden re-traverses only if the first did not mark the
  // graph hardened (it does not when it threw).
  let again = null;
  try {
    if (useNative) harden(root); else referenceHarden(root, hardened);
  } catch (e) {
    again = e.name + ': ' + e.message;
  }
  let extra = '';
  if (name === 'accessors') extra = ' getter called ' + root.count() + ' times';
  return JSON.stringify({ error, again, log: log.slice(0, first), secondLog: log.slice(first), state: describeHardened(root) + extra });
};
`

func TestNativeHardenMatchesSES(t *testing.T) {
	h := newHost("v1", slog.New(slog.DiscardHandler), &launchConfig{memoryLimit: DefaultMemoryLimit}, nil)
	r, err := newRealm(h, DefaultMemoryLimit, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	if _, err := r.vm.Eval(referenceHarden+hardenCases, 0); err != nil {
		t.Fatal(err)
	}
	names, err := r.vm.Eval(`Object.keys(hardenCases()).join(',')`, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Split(names.(string), ",") {
		t.Run(name, func(t *testing.T) {
			native, err := r.vm.Call("runHardenCase", name, true)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := r.vm.Call("runHardenCase", name, false)
			if err != nil {
				t.Fatal(err)
			}
			if native != ref {
				t.Fatalf("native harden differs from SES's algorithm:\nnative    %v\nreference %v", native, ref)
			}
			if strings.Contains(name, "Throws") && !strings.Contains(native.(string), `"error":"`) {
				t.Fatalf("expected an error: %v", native)
			}
		})
	}
	// harden is SES's global, frozen, and the host functions are gone.
	out, err := r.vm.Eval(`[typeof harden, Object.isFrozen(harden), typeof globalThis.__ocap_harden, typeof globalThis.__ocap_hardenInit, harden(1), harden(null) === null].join(',')`, 0)
	if err != nil || out != "function,true,undefined,undefined,1,true" {
		t.Fatalf("globals: %v %v", out, err)
	}
}
