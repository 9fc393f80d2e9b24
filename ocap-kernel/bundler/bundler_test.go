package bundler_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ocap-kernel/ocap-go/ocap-kernel/api"
	"github.com/ocap-kernel/ocap-go/ocap-kernel/bundler"
)

// formatVat is a vat whose bundle pulls in everything that could leak the
// machine into the code: relative files, the built-in packages (from the
// cache directory), a package from the vat's node_modules and a CommonJS
// package from a node_modules above the vat's directory (esbuild keys
// CommonJS wrappers by path).
var formatVat = files{
	"app/vat.js": `// A line comment that must not survive.
/* A block comment that must not survive. */
/*! A legal comment that must not survive either. */
/**
 * @license MIT: a JSDoc legal comment that must not survive.
 */
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import { twice } from './lib/util.js';
import { local } from 'local-esm';
import up from 'up-cjs';

//# sourceMappingURL=vat.js.map must not survive

export const zeta = 26;
export const alpha = 1;
export { twice as Twice };
export default 'default export';

export function buildRootObject() {
  // must not survive, inside a function
  const unused = 1; // trailing, must not survive
  return makeDefaultExo('root', {
    env: () => process.env.NODE_ENV,
    strict: () => (function () { return this === undefined; })(),
    frozen: () => {
      const o = Object.freeze({ a: 1 });
      try {
        o.a = 2;
        return 'no error';
      } catch (e) {
        return e.name;
      }
    },
    deps: () => [twice(21), local, up.up],
  });
}
`,
	"app/lib/util.js":                         "/* must not survive */\nexport const twice = (x) => x * 2;\n",
	"app/node_modules/local-esm/package.json": `{"name":"local-esm","version":"1.0.0","type":"module","exports":"./index.js"}`,
	"app/node_modules/local-esm/index.js":     "// must not survive\nexport const local = 'local-esm';\n",
	"node_modules/up-cjs/package.json":        `{"name":"up-cjs","version":"1.0.0","main":"index.js"}`,
	"node_modules/up-cjs/index.js":            "// must not survive\nmodule.exports = { up: 'up-cjs' };\n",
}

func TestBundleFormat(t *testing.T) {
	root := t.TempDir()
	write(t, root, formatVat)
	entry := filepath.Join(root, "app", "vat.js")
	b := mustBundle(t, entry)

	t.Run("fields", func(t *testing.T) {
		if b.ModuleFormat != "iife" {
			t.Errorf("moduleFormat = %q, want iife", b.ModuleFormat)
		}
		if want := []string{"Twice", "alpha", "buildRootObject", "default", "zeta"}; !slices.Equal(b.Exports, want) {
			t.Errorf("exports = %q, want %q (sorted)", b.Exports, want)
		}
		if b.External == nil || len(b.External) != 0 {
			t.Errorf("external = %#v, want an empty, non-nil list", b.External)
		}
		if err := b.Validate(); err != nil {
			t.Errorf("Validate: %v", err)
		}
		var top map[string]json.RawMessage
		if err := json.Unmarshal(encode(t, b), &top); err != nil {
			t.Fatal(err)
		}
		if string(top["external"]) != "[]" || len(top) != 4 {
			t.Errorf("encoded bundle has keys %v, external %s", keys(top), top["external"])
		}
	})

	t.Run("strict script defining __vatExports__", func(t *testing.T) {
		if !strings.HasPrefix(b.Code, "\"use strict\";\nvar __vatExports__ = ") {
			t.Fatalf("code starts %q", b.Code[:min(80, len(b.Code))])
		}
		if n := strings.Count(b.Code, "var "+bundler.GlobalName+" ="); n != 1 {
			t.Errorf("code defines %s %d times", bundler.GlobalName, n)
		}
		for _, bad := range []string{"export ", "import ", "import.meta"} {
			if regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(bad)).MatchString(b.Code) {
				t.Errorf("code has a line starting with %q: not a script", bad)
			}
		}
	})

	t.Run("no comments", func(t *testing.T) {
		for _, bad := range []string{"must not survive", "@license", "sourceMappingURL"} {
			if strings.Contains(b.Code, bad) {
				t.Errorf("code contains %q", bad)
			}
		}
		// The per-module "// path" lines esbuild writes are gone.
		for _, marker := range []string{"// lib/util.js", "// vat.js", "node_modules/local-esm/index.js\n", "// ../node_modules/up-cjs"} {
			if strings.Contains(b.Code, marker) {
				t.Errorf("code contains esbuild's module marker %q", marker)
			}
		}
	})

	t.Run("no paths of this machine", func(t *testing.T) {
		cache, err := bundler.Everyday()
		if err != nil {
			t.Fatal(err)
		}
		home, _ := os.UserHomeDir()
		bad := []string{root, filepath.Dir(root), cache, filepath.Dir(cache), filepath.Base(filepath.Dir(cache)), "vat-packages-", "ocap-go/", ".cache/"}
		if home != "" && home != "/" {
			bad = append(bad, home+"/")
		}
		if d, err := os.UserCacheDir(); err == nil {
			bad = append(bad, d)
		}
		for _, p := range bad {
			if strings.Contains(b.Code, p) {
				t.Errorf("code contains %q", p)
			}
		}
	})

	t.Run("runs", func(t *testing.T) {
		v := startBundle(t, writeBundle(t, b), vatOptions{})
		if got := v.callString("env"); got != "production" {
			t.Errorf("process.env.NODE_ENV = %q, want production", got)
		}
		if strings.Contains(b.Code, "process.env") {
			t.Errorf("code still refers to process.env")
		}
		if got := v.callValue("strict"); got != true {
			t.Errorf("this in a plain function call = %v, want undefined (strict mode)", got)
		}
		if got := v.callString("frozen"); got != "TypeError" {
			t.Errorf("assigning to a frozen object: %q, want TypeError (strict mode)", got)
		}
		if got := jsonOf(t, v.callValue("deps")); got != `[42,"local-esm","up-cjs"]` {
			t.Errorf("deps = %s", got)
		}
	})
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestBundleDeterministic bundles the same tree, which uses relative
// files, JSON, TypeScript, the built-in packages and ESM and CommonJS
// packages from node_modules (the vat's and one above it), in two
// directories at different depths (so that even the relative path from
// the vat to the built-in packages' cache differs): the bundles are
// byte-identical, and so are two bundles of one directory.
func TestBundleDeterministic(t *testing.T) {
	tree := files{
		"app/vat.js": `import { E } from '@endo/eventual-send';
import { M } from '@endo/patterns';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import { makeDiscoverableExo } from '@metamask/kernel-utils/discoverable';
import { local } from 'local-esm';
import up from 'up-cjs';
import data from './data.json';
import { label } from './lib/label.ts';
export function buildRootObject() {
  return makeDefaultExo('root', { get: () => [typeof E, typeof M, typeof makeDiscoverableExo, local, up.up, data.n, label('x')] });
}
`,
		"app/data.json":                           `{"n": 7}`,
		"app/lib/label.ts":                        "export const label = (s: string): string => `<${s}>`;\n",
		"app/node_modules/local-esm/package.json": `{"name":"local-esm","type":"module","exports":{".":{"import":"./index.js","default":"./index.js"}}}`,
		"app/node_modules/local-esm/index.js":     "export const local = 'local-esm';\n",
		"node_modules/up-cjs/package.json":        `{"name":"up-cjs","main":"index.js"}`,
		"node_modules/up-cjs/index.js":            "module.exports = { up: 'up-cjs' };\n",
	}
	d1 := t.TempDir()
	d2 := filepath.Join(t.TempDir(), "much", "deeper", "down")
	write(t, d1, tree)
	write(t, d2, tree)
	e1 := encode(t, mustBundle(t, filepath.Join(d1, "app", "vat.js")))
	again := encode(t, mustBundle(t, filepath.Join(d1, "app", "vat.js")))
	e2 := encode(t, mustBundle(t, filepath.Join(d2, "app", "vat.js")))
	if !bytes.Equal(e1, again) {
		t.Errorf("two bundles of the same directory differ:\n%s", firstDifference(e1, again))
	}
	if !bytes.Equal(e1, e2) {
		t.Errorf("bundles of the same sources in %s and %s differ:\n%s", d1, d2, firstDifference(e1, e2))
	}
	// A relative entry path gives the same bundle too.
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, filepath.Join(d2, "app", "vat.js"))
	if err != nil {
		t.Fatal(err)
	}
	if e3 := encode(t, mustBundle(t, rel)); !bytes.Equal(e1, e3) {
		t.Errorf("bundling by the relative path %s gives a different bundle:\n%s", rel, firstDifference(e1, e3))
	}
}

// firstDifference shows where two byte strings first differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "first difference at byte " + strconv.Itoa(i) + ":\n  " + string(a[from:min(len(a), i+80)]) + "\n  " + string(b[from:min(len(b), i+80)])
}

// behaviourVat is one vat of TestBundleRuns: its files (the entry is
// named vat, JavaScript or TypeScript) and the calls to make on its root object.
type behaviourVat struct {
	name  string
	entry string
	files files
	calls []behaviourCall
}

type behaviourCall struct {
	method string
	args   []any
	want   string // the answer as JSON
	// Or, for a message to an object the vat exported earlier (its vref
	// taken from the previous call's answer):
	toPrevious bool
	// Or a rejection whose error message is this.
	rejects string
}

// TestBundleRuns bundles vats that use relative files, TypeScript, JSON
// and the built-in packages, with no node_modules anywhere, and runs them
// in real vats (SES, liveslots), checking their answers.
func TestBundleRuns(t *testing.T) {
	vats := []behaviourVat{
		{
			name: "relative imports",
			files: files{
				"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import greet, * as strings from './lib/strings.js';
import { twice, VERSION } from './lib/index.js';
import './lib/side-effect.js';
export function buildRootObject() {
  return makeDefaultExo('root', {
    twice: (x) => twice(x),
    greet: (who) => greet(who),
    shout: (who) => strings.shout(who),
    version: () => VERSION,
    side: () => globalThis.sideEffectRan ?? 'not visible',
  });
}
`,
				"lib/index.js":       "export * from './math.js';\nexport { VERSION } from '../config.js';\n",
				"lib/math.js":        "export const twice = (x) => x * 2;\n",
				"lib/strings.js":     "import { PREFIX } from '../config.js';\nexport default (who) => `${PREFIX} ${who}`;\nexport const shout = (who) => who.toUpperCase() + '!';\n",
				"lib/side-effect.js": "export const unused = 1;\nglobalThis.sideEffectRan = 'ran';\n",
				"config.js":          "export const PREFIX = 'hello';\nexport const VERSION = '1.2.3';\n",
			},
			calls: []behaviourCall{
				{method: "twice", args: []any{21}, want: `42`},
				{method: "greet", args: []any{"bob"}, want: `"hello bob"`},
				{method: "shout", args: []any{"bob"}, want: `"BOB!"`},
				{method: "version", want: `"1.2.3"`},
				{method: "side", want: `"ran"`},
			},
		},
		{
			name:  "typescript",
			entry: "vat.ts",
			files: files{
				"vat.ts": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import type { Greeting } from './types.ts';
import { type Options, label } from './label';
import { Color, Box } from './color.ts';
import { fromJs } from './plain.js';

const greet = (g: Greeting): string => g.text + '!';

export function buildRootObject(_powers: unknown, params: { name?: string } | undefined) {
  const name: string = params?.name ?? 'ts';
  const opts = { sep: ':' } satisfies Options;
  return makeDefaultExo('root', {
    hello: (from: string): string => label(name, from, opts),
    greet: (text: string) => greet({ text }),
    color: (): string => Color[Color.Green],
    box: (n: number): number => new Box<number>(n).double(),
    js: () => fromJs(),
  });
}
`,
				"types.ts":  "export interface Greeting { text: string }\nexport type Unused = never;\n",
				"label.ts":  "export type Options = { sep: string };\nexport const label = (a: string, b: string, o: Options): string => a + o.sep + b;\n",
				"color.ts":  "export enum Color { Red, Green }\nexport class Box<T extends number> {\n  constructor(private readonly value: T) {}\n  double(): number { return this.value * 2; }\n}\n",
				"plain.js":  "import { tsHelper } from './helper.ts';\nexport const fromJs = () => 'js+' + tsHelper();\n",
				"helper.ts": "export const tsHelper = (): string => 'ts';\n",
			},
			calls: []behaviourCall{
				{method: "hello", args: []any{"y"}, want: `"x:y"`},
				{method: "greet", args: []any{"hi"}, want: `"hi!"`},
				{method: "color", want: `"Green"`},
				{method: "box", args: []any{4}, want: `8`},
				{method: "js", want: `"js+ts"`},
			},
		},
		{
			name: "json",
			files: files{
				"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import data from './data/items.json';
import { name } from './data/meta.json';
export function buildRootObject() {
  return makeDefaultExo('root', {
    item: (i) => data.items[i],
    count: () => data.items.length,
    name: () => name,
  });
}
`,
				"data/items.json": `{"items": ["zero", "one", "two"]}`,
				"data/meta.json":  `{"name": "meta", "unused": [1, 2, 3]}`,
			},
			calls: []behaviourCall{
				{method: "item", args: []any{1}, want: `"one"`},
				{method: "count", want: `3`},
				{method: "name", want: `"meta"`},
			},
		},
		{
			name: "@endo/far and @endo/eventual-send",
			files: files{
				"vat.js": `import { Far, passStyleOf } from '@endo/far';
import { E } from '@endo/eventual-send';
export function buildRootObject() {
  const greeter = Far('Greeter', { greet: (who) => 'hi ' + who });
  return Far('root', {
    viaE: async (who) => E(greeter).greet(who),
    style: () => passStyleOf(greeter),
    greeter: () => greeter,
  });
}
`,
			},
			calls: []behaviourCall{
				{method: "viaE", args: []any{"x"}, want: `"hi x"`},
				{method: "style", want: `"remotable"`},
				{method: "greeter", want: `#"$0.Alleged: Greeter"`},
				{method: "greet", args: []any{"y"}, toPrevious: true, want: `"hi y"`},
			},
		},
		{
			name: "@endo/exo and @endo/patterns",
			files: files{
				"vat.js": `import { defineExoClass } from '@endo/exo';
import { M, matches, mustMatch } from '@endo/patterns';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
const CounterI = M.interface('Counter', {
  inc: M.call(M.number()).returns(M.number()),
});
const Counter = defineExoClass('Counter', CounterI, (v = 0) => ({ v }), {
  inc(k) {
    this.state.v += k;
    return this.state.v;
  },
});
export function buildRootObject() {
  return makeDefaultExo('root', {
    counter: (start) => Counter(start),
    guarded: () => {
      try {
        Counter(1).inc('x');
        return 'no error';
      } catch (e) {
        return e.message;
      }
    },
    matches: (v) => matches(v, M.splitRecord({ a: M.number() }, { b: M.string() })),
    mustMatch: (v) => {
      try {
        mustMatch(v, M.arrayOf(M.string()));
        return 'ok';
      } catch (e) {
        return e.message;
      }
    },
  });
}
`,
			},
			calls: []behaviourCall{
				{method: "guarded", want: `"In \"inc\" method of (Counter): arg 0: string \"x\" - Must be a number"`},
				{method: "matches", args: []any{map[string]any{"a": 1, "b": "x"}}, want: `true`},
				{method: "matches", args: []any{map[string]any{"a": "1"}}, want: `false`},
				{method: "mustMatch", args: []any{[]any{"a", "b"}}, want: `"ok"`},
				{method: "mustMatch", args: []any{[]any{"a", 2}}, want: `"[1]: number 2 - Must be a string"`},
				{method: "counter", args: []any{5}, want: `#"$0.Alleged: Counter"`},
				{method: "inc", args: []any{2}, toPrevious: true, want: `7`},
				// The guard refuses a bad argument sent from outside the vat.
				{method: "inc", args: []any{"x"}, toPrevious: true, rejects: `In "inc" method of (Counter): arg 0: string "x" - Must be a number`},
			},
		},
		{
			name: "@agoric/store and @endo/promise-kit",
			files: files{
				"vat.js": `import { makeScalarMapStore } from '@agoric/store';
import { makePromiseKit } from '@endo/promise-kit';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
export function buildRootObject() {
  const notes = makeScalarMapStore('notes');
  return makeDefaultExo('root', {
    note: (k, v) => {
      notes.init(k, v);
      return [...notes.keys()].join(',');
    },
    get: (k) => notes.get(k),
    dup: (k) => {
      try {
        notes.init(k, 0);
        return 'no error';
      } catch (e) {
        return e.message;
      }
    },
    later: (x) => {
      const kit = makePromiseKit();
      Promise.resolve().then(() => kit.resolve('later ' + x));
      return kit.promise;
    },
  });
}
`,
			},
			calls: []behaviourCall{
				{method: "note", args: []any{"b", 2}, want: `"b"`},
				{method: "note", args: []any{"a", 1}, want: `"a,b"`},
				{method: "get", args: []any{"b"}, want: `2`},
				{method: "dup", args: []any{"a"}, want: `"\"notes\" already registered: \"a\""`},
				{method: "later", args: []any{"x"}, want: `"later x"`},
			},
		},
		{
			name: "@metamask/kernel-utils",
			files: files{
				"vat.js": `import { makeDiscoverableExo } from '@metamask/kernel-utils/discoverable';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import { stringify, GET_DESCRIPTION } from '@metamask/kernel-utils';
export function buildRootObject() {
  const helper = makeDefaultExo('Helper', { ping: () => 'pong' });
  return makeDiscoverableExo(
    'Notes',
    {
      helper: () => helper,
      describe: () => GET_DESCRIPTION,
      str: (v) => stringify(v, 0),
    },
    {
      helper: { description: 'Get the helper.', args: {}, returns: { type: 'object' } },
    },
  );
}
`,
			},
			calls: []behaviourCall{
				{method: "describe", want: `"__getDescription__"`},
				{method: "__getDescription__", want: `{"helper":{"args":{},"description":"Get the helper.","returns":{"type":"object"}}}`},
				{method: "str", args: []any{map[string]any{"a": 1}}, want: `"{\"a\":1}"`},
				{method: "helper", want: `#"$0.Alleged: Helper"`},
				{method: "ping", toPrevious: true, want: `"pong"`},
			},
		},
	}
	for _, tv := range vats {
		t.Run(tv.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			requireNoNodeModulesAbove(t, dir)
			write(t, dir, tv.files)
			entry := tv.entry
			if entry == "" {
				entry = "vat.js"
			}
			v := startVat(t, filepath.Join(dir, entry), vatOptions{params: map[string]any{"name": "x"}})
			runCalls(t, v, tv.calls)
		})
	}
}

// runCalls makes the calls on the vat's root object (or, for toPrevious,
// on the object the previous answer carried) and checks their answers.
func runCalls(t *testing.T, v *testVat, calls []behaviourCall) {
	t.Helper()
	obj := "" // the object the last answer that carried one carried
	for _, c := range calls {
		target := "o+0"
		if c.toPrevious {
			if obj == "" {
				t.Fatalf("%s: no previous answer carried an object", c.method)
			}
			target = obj
		}
		a := v.deliver(target, c.method, c.args...)
		if c.rejects != "" {
			if !a.rejected {
				t.Errorf("%s %s(%v) = %s, want a rejection %q", target, c.method, c.args, a.data.Body, c.rejects)
				continue
			}
			if got := errorMessage(t, a.data); got != c.rejects {
				t.Errorf("%s %s(%v) rejected with %q, want %q", target, c.method, c.args, got, c.rejects)
			}
			continue
		}
		if a.rejected {
			t.Errorf("%s %s(%v) rejected: %s", target, c.method, c.args, a.data.Body)
			continue
		}
		if len(a.data.Slots) == 1 {
			obj = a.data.Slots[0]
		}
		var got string
		if strings.HasPrefix(c.want, "#") {
			got = a.data.Body
			if len(a.data.Slots) != 1 || !strings.HasPrefix(a.data.Slots[0], "o+") {
				t.Errorf("%s %s(%v) slots = %v, want one object the vat exports", target, c.method, c.args, a.data.Slots)
			}
		} else {
			got = jsonOf(t, decodeBody(t, a.data))
		}
		if got != c.want {
			t.Errorf("%s %s(%v) = %s, want %s", target, c.method, c.args, got, c.want)
		}
	}
}

// errorMessage is the message of a smallcaps-encoded error.
func errorMessage(t testing.TB, cd api.CapData) string {
	t.Helper()
	var e struct {
		Message string `json:"#error"`
	}
	body := cd.Body
	if !strings.HasPrefix(body, "#") || json.Unmarshal([]byte(body[1:]), &e) != nil || e.Message == "" {
		t.Fatalf("%s is not an error", body)
	}
	return e.Message
}

// TestExampleVats bundles every example vat of the repository (the jsvat
// tests run them).
func TestExampleVats(t *testing.T) {
	matches, err := filepath.Glob(filepath.Join("..", "..", "examples", "vats", "*.js"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no example vats found: %v", err)
	}
	for _, src := range matches {
		t.Run(filepath.Base(src), func(t *testing.T) {
			t.Parallel()
			b := mustBundle(t, src)
			if !slices.Contains(b.Exports, "buildRootObject") {
				t.Fatalf("exports = %v", b.Exports)
			}
			if err := b.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestBundleDropsCommentsInExpressions shows that comments esbuild keeps
// (those inside expressions: JSDoc casts such as `/** @type {T} */ (x)`,
// comments in array literals and argument lists) survive in the bundle.
// Upstream's bundler strips every comment (its strip-comments plugin,
// because SES rejects `import(` even in a comment), and the built-in
// Endo packages are full of such casts (and esbuild's __toESM helper,
// in every bundle that imports CommonJS, has comments too).
func TestBundleDropsCommentsInExpressions(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, files{"vat.js": `import { makeDefaultExo } from '@metamask/kernel-utils/exo';
import cjs from './lib.cjs';
export function buildRootObject() {
  const xs = [
    // later: import(name), once vats have modules
    1,
  ];
  const n = /** @type {number} must not survive */ (xs.length);
  return makeDefaultExo('root', { get: () => n + cjs.zero });
}
`, "lib.cjs": "module.exports = { zero: 0 };\n"})
	b := mustBundle(t, filepath.Join(dir, "vat.js"))
	// The last is a comment of esbuild's own __toESM helper, in every
	// bundle that imports CommonJS.
	for _, bad := range []string{"import(name)", "must not survive", "If the importer is in node compatibility mode"} {
		if strings.Contains(b.Code, bad) {
			t.Errorf("code contains the comment text %q", bad)
		}
	}
	if n := len(commentLines(b.Code)); n != 0 {
		t.Errorf("code has %d lines that start with a comment, first %q", n, commentLines(b.Code)[0])
	}
	v, err := tryStartBundle(t, writeBundle(t, b), vatOptions{})
	if err != nil {
		t.Fatalf("the vat does not start: %v", err)
	}
	if got := v.callValue("get"); got != 1.0 {
		t.Errorf("get = %v, want 1", got)
	}
}

// commentLines are the lines of code that start with a comment.
func commentLines(code string) []string {
	var out []string
	for _, l := range strings.Split(code, "\n") {
		s := strings.TrimSpace(l)
		if strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/*") {
			out = append(out, s)
		}
	}
	return out
}
