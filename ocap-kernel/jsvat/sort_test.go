package jsvat

import (
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"modernc.org/quickjs"
)

// sortCases builds arrays and sorts each twice: without a comparator
// (large ones by the host, sort.go) and with a comparator that is the
// standard's SortCompare written out, which the engine's own sort
// follows. Both must give the same elements in the same order.
const sortCases = `
globalThis.sortCases = (() => {
  let seed = 12345;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const N = 5000;
  const ids = new Map();
  const show = (v) => {
    if (typeof v === 'object' && v !== null) { if (!ids.has(v)) ids.set(v, v.label ?? ids.size); return 'obj#' + ids.get(v); }
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return v + 'n';
    if (typeof v === 'string') return JSON.stringify(v);
    return String(v);
  };
  const dump = (a) => { const out = []; for (let i = 0; i < a.length; i++) out.push(i in a ? show(a[i]) : '<hole>'); return out.join(' ') + ' len=' + a.length; };
  const stringCompare = (x, y) => { const a = ` + "`${x}`" + `, b = ` + "`${y}`" + `; return a < b ? -1 : a > b ? 1 : 0; };
  const numberCompare = (x, y) => {
    if (x !== x) return y !== y ? 0 : 1;
    if (y !== y) return -1;
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === 0 && y === 0) return (Object.is(x, -0) ? 0 : 1) - (Object.is(y, -0) ? 0 : 1);
    return 0;
  };
  const randomString = () => {
    const units = [];
    const len = rand(6);
    for (let i = 0; i < len; i++) {
      switch (rand(6)) {
        case 0: units.push(rand(128)); break;
        case 1: units.push(0); break;
        case 2: units.push(0xd800 + rand(0x800)); break; // a surrogate, often lone
        case 3: units.push(0xe000 + rand(0x2000)); break; // above the surrogates
        case 4: units.push(0xd83d, 0xde00 + rand(64)); break; // a pair
        default: units.push(rand(0x10000));
      }
    }
    return String.fromCharCode(...units);
  };
  const numbers = () => Array.from({ length: N }, () => [0, -0, NaN, Infinity, -Infinity, 1e21, 1e-7, -rand(1000), rand(100) / 7][rand(9)] ?? rand(1e6));
  const cases = {
    numbers,
    integers: () => Array.from({ length: N }, () => rand(100000) - 50000),
    strings: () => Array.from({ length: N }, randomString),
    ropes: () => Array.from({ length: N }, () => 'ab'.repeat(rand(40)) + randomString() + String(rand(10))),
    mixed: () => Array.from({ length: N }, () => [true, null, 10n ** BigInt(rand(30)), (() => { const s = 'o' + rand(50); return { toString: () => s }; })(), [rand(9), rand(9)], rand(200), 'x' + rand(9)][rand(7)]),
    holesAndUndefined: () => { const a = new Array(N + 100); for (let i = 0; i < N; i++) if (rand(3)) a[i] = rand(3) ? rand(500) : undefined; return a; },
    alreadySorted: () => Array.from({ length: N }, (_, i) => 'k' + String(i).padStart(5, '0')),
    allEqual: () => Array.from({ length: N }, () => ({ toString: () => 'same' })),
  };
  const typedCases = {
    Int8Array: () => Array.from({ length: N }, () => rand(256) - 128),
    Uint8Array: () => Array.from({ length: N }, () => rand(256)),
    Uint8ClampedArray: () => Array.from({ length: N }, () => rand(256)),
    Int16Array: () => Array.from({ length: N }, () => rand(65536) - 32768),
    Uint16Array: () => Array.from({ length: N }, () => rand(65536)),
    Int32Array: () => Array.from({ length: N }, () => rand(2 ** 31) * (rand(2) ? 1 : -1)),
    Uint32Array: () => Array.from({ length: N }, () => rand(2 ** 31) * 2),
    Float32Array: numbers,
    Float64Array: numbers,
    Float16Array: numbers,
    BigInt64Array: () => Array.from({ length: N }, () => BigInt(rand(2 ** 31)) * BigInt(rand(2 ** 31)) * (rand(2) ? 1n : -1n)),
    BigUint64Array: () => Array.from({ length: N }, () => BigInt(rand(2 ** 31)) * BigInt(rand(2 ** 31)) * 4n),
  };
  const outcome = (f) => { try { return dump(f()); } catch (e) { return 'threw ' + e.name + ': ' + e.message; } };
  const run = {};
  for (const [name, make] of Object.entries(cases)) {
    run['sort/' + name] = () => { const a = make(); const b = a.slice(); return [outcome(() => a.sort()), outcome(() => b.sort(stringCompare))]; };
    run['toSorted/' + name] = () => { const a = make(); const before = dump(a); return [outcome(() => a.toSorted()) + dump(a), outcome(() => Array.from(a).sort(stringCompare)) + before]; };
  }
  run['sort/symbols'] = () => { const a = Array.from({ length: N }, (_, i) => i === 9 ? Symbol('s') : i); const b = a.slice(); return [outcome(() => a.sort()) + dump(a), outcome(() => b.sort(stringCompare)) + dump(b)]; };
  run['sort/throwingToString'] = () => {
    const make = () => Array.from({ length: N }, (_, i) => i === 77 ? { label: 'thrower', toString() { throw RangeError('no string'); } } : i);
    const a = make(), b = make();
    return [outcome(() => a.sort()) + dump(a), outcome(() => b.sort(stringCompare)) + dump(b)];
  };
  run['sort/frozen'] = () => { const a = Object.freeze(Array.from({ length: N }, (_, i) => N - i)); return [outcome(() => a.sort()), 'threw TypeError: ' + (() => { try { Object.freeze([2, 1]).sort(stringCompare); } catch (e) { return e.message; } })()]; };
  for (const [name, make] of Object.entries(typedCases)) {
    const C = globalThis[name];
    if (C === undefined) continue;
    run['typed/' + name] = () => { const a = new C(make()); const b = a.slice(); return [outcome(() => Array.from(a.sort())), outcome(() => Array.from(b.sort(numberCompare)))]; };
    run['typedToSorted/' + name] = () => { const a = new C(make()); const before = dump(Array.from(a)); return [outcome(() => Array.from(a.toSorted())) + dump(Array.from(a)), outcome(() => Array.from(a.slice().sort(numberCompare))) + before]; };
    run['typedSmall/' + name] = () => { const a = new C(make().slice(0, 7)); const b = a.slice(); return [outcome(() => Array.from(a.sort())), outcome(() => Array.from(b.sort(numberCompare)))]; };
  }
  run['typed/subarray'] = () => { const a = new Float64Array(numbers()); const s = a.subarray(100, 4000); s.sort(); const b = new Float64Array(a.buffer.slice(0)); return [outcome(() => Array.from(a)), outcome(() => { const r = Array.from(b); const mid = r.slice(100, 4000).sort(numberCompare); r.splice(100, 3900, ...mid); return r; })]; };
  run['typed/notTypedArray'] = () => [outcome(() => Uint8Array.prototype.sort.call([3, 1])), 'threw TypeError: not a TypedArray'];
  // Detached and out of bounds: the engine's error, as with a comparator.
  run['typed/detached'] = () => { const a = new Uint8Array(8); a.buffer.transfer(); return [outcome(() => a.sort()) + outcome(() => a.toSorted()), outcome(() => a.sort(numberCompare)) + outcome(() => a.toSorted(numberCompare))]; };
  run['typed/outOfBounds'] = () => { const b = new ArrayBuffer(16, { maxByteLength: 64 }); const a = new Uint8Array(b, 8); b.resize(4); return [outcome(() => a.sort()) + outcome(() => a.toSorted()), outcome(() => a.sort(numberCompare)) + outcome(() => a.toSorted(numberCompare))]; };
  run['typed/lengthTracking'] = () => { const b = new ArrayBuffer(16, { maxByteLength: 64 }); const a = new Uint8Array(b); a.set([5, 3, 1, 9]); b.resize(3); return [outcome(() => Array.from(a.sort())), '1 3 5 len=3']; };
  // The host converts each element once, in order (the engine converts
  // them as its sort first compares them): this shows the host sorted.
  run['sort/conversionOrder'] = () => {
    const log = [];
    const a = Array.from({ length: N }, (_, i) => ({ toString() { log.push(i); return String(N - i).padStart(5, '0'); } }));
    a.sort();
    return [String(log.every((v, i) => v === i) && log.length === N), 'true'];
  };
  // join: long arrays are joined in chunks; an array whose prototype is
  // not Array.prototype is joined by the engine at once.
  const J = 300000;
  const nativeJoin = (a, ...sep) => { const b = a.slice(); Object.setPrototypeOf(b, Object.create(Array.prototype)); return b.join(...sep); };
  const joinCases = {
    numbers: () => Array.from({ length: J }, () => rand(1000)),
    holesNullUndefined: () => { const a = new Array(J); for (let i = 0; i < J; i += 1 + rand(3)) a[i] = [null, undefined, 'x', 7][rand(4)]; return a; },
    objects: () => Array.from({ length: J }, (_, i) => i % 1000 ? i : i % 2000 ? [i, [i + 1]] : { toString: () => 'obj' + i }),
  };
  for (const [name, make] of Object.entries(joinCases)) {
    for (const sep of [[], ['-'], [{ toString: () => '<>' }]]) {
      run['join/' + name + '/' + (sep.length ? String(sep[0]) : 'none')] = () => { const a = make(); return [outcome(() => a.join(...sep)), outcome(() => nativeJoin(a, ...sep))]; };
    }
  }
  run['join/separatorConvertedOnce'] = () => { let n = 0; const a = Array.from({ length: J }, (_, i) => i); a.join({ toString() { n++; return ','; } }); return [String(n), '1']; };
  run['join/symbol'] = () => { const a = Array.from({ length: J }, (_, i) => i === J - 5 ? Symbol('s') : i); return [outcome(() => a.join()), outcome(() => nativeJoin(a))]; };
  run['shape'] = () => [[Array.prototype.sort, Array.prototype.toSorted, Array.prototype.join, Uint8Array.prototype.sort, Uint8Array.prototype.toSorted].map((f) => f.name + '/' + f.length).join(','), 'sort/1,toSorted/1,join/1,sort/1,toSorted/1'];
  return run;
})();
`

func newSortRealm(t *testing.T) *realm {
	t.Helper()
	h := newHost("v1", slog.New(slog.DiscardHandler), &launchConfig{memoryLimit: DefaultMemoryLimit}, nil)
	t.Cleanup(h.shutdown)
	r, err := newRealm(h, DefaultMemoryLimit, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.close)
	return r
}

// TestHostSortMatchesStandard: large sorts, which the host makes, put the
// elements in the order the standard gives, as the engine's sort does.
func TestHostSortMatchesStandard(t *testing.T) {
	r := newSortRealm(t)
	if _, err := r.vm.Eval(sortCases, 0); err != nil {
		t.Fatal(err)
	}
	names, err := r.vm.Eval(`Object.keys(sortCases).join(',')`, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Split(names.(string), ",") {
		t.Run(name, func(t *testing.T) {
			out, err := r.vm.Eval(`JSON.stringify(sortCases[`+strconv.Quote(name)+`]())`, 0)
			if err != nil {
				t.Fatal(err)
			}
			var pair []string
			if err := json.Unmarshal([]byte(out.(string)), &pair); err != nil || len(pair) != 2 {
				t.Fatalf("bad case output %q: %v", out, err)
			}
			if name == "typed/notTypedArray" {
				// The engine's own message: the host sort was not used.
				if !strings.HasPrefix(pair[0], "threw TypeError") {
					t.Fatalf("got %s", pair[0])
				}
				return
			}
			if pair[0] != pair[1] {
				t.Fatalf("sort differs from the standard's order:\ngot  %.600s\nwant %.600s", pair[0], pair[1])
			}
		})
	}
}

// TestLargeSortInterrupted: a sort (or join) the engine would make in
// one native call stops at the interrupt, long before it could have
// finished: the array is left as it was (an Array) or part-sorted (a
// typed array), and the interrupt cannot be caught.
func TestLargeSortInterrupted(t *testing.T) {
	r := newSortRealm(t)
	if _, err := r.vm.Eval(`
		globalThis.big = Array.from({ length: 1500000 }, (_, i) => (i * 7919) % 1500000);
		globalThis.bigTyped = Float64Array.from(big);
		globalThis.isSorted = (a, cmp) => { for (let i = 1; i < a.length; i++) if (cmp(a[i - 1], a[i]) > 0) return false; return true; };
	`, 0); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, sort, check string }{
		{"array", `big.sort()`, `isSorted(big, (x, y) => String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0)`},
		{"toSorted", `globalThis.copy = big.toSorted()`, `globalThis.copy !== undefined`},
		{"typed", `bigTyped.sort()`, `isSorted(bigTyped, (x, y) => x - y)`},
		{"join", `globalThis.joined = big.join()`, `globalThis.joined !== undefined`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.vm.SetEvalTimeout(5 * time.Millisecond)
			_, err := r.vm.Eval(`try { `+tc.sort+`; 'finished' } catch (e) { 'caught ' + e }`, 0)
			r.vm.SetEvalTimeout(0)
			var je *quickjs.Error
			if !errors.As(err, &je) || je.Message != "interrupted" {
				t.Fatalf("want the engine's interrupt, got %v", err)
			}
			done, err := r.vm.Eval(tc.check, 0)
			if err != nil {
				t.Fatal(err)
			}
			if done == true {
				t.Fatalf("the sort ran to its end after the interrupt")
			}
		})
	}
}
