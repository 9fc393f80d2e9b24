// Tests for ../../src/web/url.js. Runs unchanged under Node (url-run-node.mjs)
// and inside QuickJS (driven by a Go test): no host imports, no globals
// beyond the ECMAScript intrinsics.
//
// export default (deps) => Array<[name, fn]>
//   deps.domainToASCII  the host's UTS #46 ToASCII (throws on invalid domains)
//   deps.cases          the parsed url-cases.json ({ parse, setters, searchParams,
//                       domainToASCII });
//                       an array is taken as the parse cases alone; optional
//   deps.harden         optional; when given, the classes are hardened first
//   deps.classes        optional { URL, URLSearchParams } to test instead

import { makeURLClasses } from '../../src/web/url.js';

const show = (v) => {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v);
  } catch (_e) {
    return `${v}`;
  }
};

const fail = (msg) => {
  throw new Error(msg);
};
const eq = (actual, expected, msg = '') => {
  if (actual !== expected) {
    fail(`${msg}${msg ? ': ' : ''}got ${show(actual)}, want ${show(expected)}`);
  }
};
const ok = (cond, msg = 'assertion failed') => {
  if (!cond) fail(msg);
};
const deepEq = (actual, expected, msg = '') => eq(show(actual), show(expected), msg);
const throwsType = (fn, msg = 'expected a TypeError') => {
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    if (!(e instanceof TypeError)) fail(`${msg}: threw ${e && e.name}: ${e && e.message}`);
  }
  if (!threw) fail(`${msg}: did not throw`);
};

const COMPONENTS = [
  'href',
  'origin',
  'protocol',
  'username',
  'password',
  'host',
  'hostname',
  'port',
  'pathname',
  'search',
  'hash',
];

export default (deps = {}) => {
  const { domainToASCII } = deps;
  // deps.classes (optional) substitutes other implementations, e.g. Node's
  // own, to check these tests' expectations against an oracle.
  // deps.oracle (the shared run-node.mjs convention) works too when it
  // carries both classes.
  const oracle = deps.oracle && deps.oracle.URL && deps.oracle.URLSearchParams ? deps.oracle : null;
  const classes = deps.classes || oracle || makeURLClasses({ domainToASCII });
  const { URL, URLSearchParams } = classes;
  if (deps.harden) {
    deps.harden(URL);
    deps.harden(URLSearchParams);
  }

  const tests = [];
  const test = (name, fn) => tests.push([name, fn]);

  const parseURL = (input, base) => (base === undefined ? new URL(input) : new URL(input, base));

  const checkComponents = (u, want, label) => {
    for (const k of COMPONENTS) {
      if (want[k] !== undefined) eq(u[k], want[k], `${label} ${k}`);
    }
    if (want.searchParams !== undefined) {
      eq(u.searchParams.toString(), want.searchParams, `${label} searchParams`);
    }
  };

  // -------------------------------------------------------------------------
  // Fixtures recorded from Node.js (url-gen-cases.mjs)

  let fixtures = deps.cases;
  if (Array.isArray(fixtures)) fixtures = { parse: fixtures };
  if (fixtures) {
    for (const c of fixtures.parse || []) {
      const name = `parse ${show(c.input)}${c.base === undefined ? '' : ` against ${show(c.base)}`}`;
      test(name, () => {
        const args = c.base === undefined ? [c.input] : [c.input, c.base];
        if (c.failure) {
          throwsType(() => parseURL(...args), 'constructor');
          eq(URL.canParse(...args), false, 'canParse');
          eq(URL.parse(...args), null, 'parse');
          return;
        }
        const u = parseURL(...args);
        checkComponents(u, c, 'component');
        eq(URL.canParse(...args), true, 'canParse');
        eq(URL.parse(...args).href, c.href, 'URL.parse');
        eq(`${u}`, c.href, 'toString');
        eq(u.toJSON(), c.href, 'toJSON');
        // The serialization parses back to the same URL.
        eq(new URL(c.href).href, c.href, 'reparse');
      });
    }
    for (const c of fixtures.setters || []) {
      test(`setter ${c.setter} = ${show(c.value)} on ${show(c.href)}`, () => {
        const u = new URL(c.href);
        if (c.expected.throws) {
          throwsType(() => {
            u[c.setter] = c.value;
          });
          eq(u.href, new URL(c.href).href, 'href after a failed set');
          return;
        }
        u[c.setter] = c.value;
        checkComponents(u, c.expected, 'after set');
      });
    }
    for (const c of fixtures.searchParams || []) {
      test(`URLSearchParams ${show(c.input)}`, () => {
        const p = new URLSearchParams(c.input);
        deepEq([...p], c.entries, 'entries');
        eq(p.toString(), c.string, 'toString');
        eq(p.size, c.size, 'size');
        p.sort();
        eq(p.toString(), c.sorted, 'sorted');
        // Serialization round-trips.
        deepEq([...new URLSearchParams(c.string)], c.entries, 'reparse');
      });
    }

    // The host's domainToASCII itself (meaningful when the host is not Node).
    for (const c of fixtures.domainToASCII || []) {
      test(`domainToASCII ${show(c.input)}`, () => {
        if (c.output === '') {
          let threw = false;
          try {
            domainToASCII(c.input);
          } catch (_e) {
            threw = true;
          }
          ok(threw, `domainToASCII(${show(c.input)}) must throw`);
        } else {
          eq(domainToASCII(c.input), c.output);
        }
      });
    }
  }

  // -------------------------------------------------------------------------
  // Where Node.js 20 (Ada 2.9.2) is wrong: the URL Standard's answers.

  test('standard: relative input with "#" against an opaque-path base fails', () => {
    for (const [input, base] of [
      ['x#f', 'a:b'],
      ['x#', 'a:b'],
      ['..#', 'a:b'],
      ['?x#f', 'sc:opaque'],
      ['/x#f', 'mailto:a@b'],
      ['//evil.com/p#', 'about:blank'],
    ]) {
      throwsType(() => new URL(input, base), `${input} against ${base}`);
      eq(URL.canParse(input, base), false, `canParse ${input} against ${base}`);
    }
    eq(new URL('#f', 'a:b').href, 'a:b#f');
    eq(new URL('#', 'sc:x?y').href, 'sc:x?y#');
  });

  test('standard: a final ".." in a non-special path leaves an empty segment', () => {
    eq(new URL('foo://path/..').href, 'foo://path/');
    eq(new URL('foo://h/a/../..').href, 'foo://h/');
    eq(new URL('foo://h/%2e%2E').pathname, '/');
    eq(new URL('sc:/..').href, 'sc:/');
    eq(new URL('..', 'foo://h/a').href, 'foo://h/');
    eq(new URL('/..', 'foo://h/a/b').href, 'foo://h/');
    eq(new URL('..', 'sc:/a').href, 'sc:/');
    const u = new URL('foo://path/to');
    u.pathname = '/..';
    eq(u.href, 'foo://path/');
    u.pathname = '..';
    eq(u.pathname, '/');
  });

  test('standard: host setter with a leading ":" on a non-special URL is a no-op', () => {
    for (const v of [':80', ':', '\t:81']) {
      const u = new URL('foo://path/to');
      u.host = v;
      eq(u.href, 'foo://path/to', show(v));
    }
    const h = new URL('http://a/b');
    h.host = ':80';
    eq(h.href, 'http://a/b');
  });

  test('standard: host setter with a port on a hostless non-special URL keeps it', () => {
    for (const [href, value, want] of [
      ['sc:/p', 'h:80', 'sc://h:80/p'],
      ['sc:///p', 'h:80', 'sc://h:80/p'],
      ['a:/foo', '[::1]:8/x', 'a://[::1]:8/foo'],
      ['sc:/p', 'h:', 'sc://h/p'],
    ]) {
      const u = new URL(href);
      u.host = value;
      eq(u.href, want, `${href} host = ${value}`);
    }
  });

  test('standard: empty host/hostname on a hostless non-special URL sets the empty host', () => {
    for (const setter of ['host', 'hostname']) {
      const u = new URL('sc:/path/only');
      u[setter] = '';
      eq(u.href, 'sc:///path/only', setter);
      const v = new URL('non-spec:/.//p');
      v[setter] = '';
      eq(v.href, 'non-spec:////p', setter);
    }
  });

  test('standard: port setter with only tabs/newlines is a no-op', () => {
    const u = new URL('https://domain.com:3000');
    u.port = '\n\n\t\t';
    eq(u.port, '3000');
    u.port = '\n\t80\n\t80\n\t';
    eq(u.port, '8080');
    u.port = '';
    eq(u.port, '');
  });

  test('standard: new URLSearchParams(null) converts null to "null"', () => {
    eq(new URLSearchParams(null).toString(), 'null=');
    eq(new URLSearchParams(undefined).toString(), '');
    eq(new URLSearchParams().toString(), '');
  });

  // -------------------------------------------------------------------------
  // URL

  test('URL: constructor argument handling', () => {
    throwsType(() => new URL(), 'no arguments');
    throwsType(() => URL.canParse(), 'canParse without arguments');
    throwsType(() => URL.parse(), 'parse without arguments');
    throwsType(() => URL('http://a/'), 'call without new');
    let err;
    try {
      new URL('nope');
    } catch (e) {
      err = e;
    }
    ok(err instanceof TypeError, 'Invalid URL is a TypeError');
    eq(err.message, 'Invalid URL');
    eq(err.code, 'ERR_INVALID_URL');
    eq(err.input, 'nope');
    eq(new URL('http://a/', undefined).href, 'http://a/');
    throwsType(() => new URL('x', null), 'base null is the string "null"');
    eq(new URL('x', 'http://a/b/c').href, 'http://a/b/x');
    eq(new URL('x', new URL('http://a/b/c')).href, 'http://a/b/x', 'URL object as base');
    eq(new URL({ toString: () => 'http://obj/' }).href, 'http://obj/');
    throwsType(() => new URL(Symbol('s')), 'symbol input');
    eq(new URL('http://a/\ud800').pathname, '/%EF%BF%BD', 'lone surrogate');
    eq(new URL('http://a/\udc00\ud83d\ude00').pathname, '/%EF%BF%BD%F0%9F%98%80');
    eq(new URL('http://a/#\ud800x').hash, '#%EF%BF%BDx');
    eq(new URL('http://\ud800@a/').username, '%EF%BF%BD');
    eq(URL.length, 1);
    eq(URL.canParse.length, 1);
    eq(URL.parse.length, 1);
  });

  test('URL: parse and canParse', () => {
    const u = URL.parse('http://a/b?c#d');
    ok(u instanceof URL, 'URL.parse returns a URL');
    eq(u.href, 'http://a/b?c#d');
    eq(u.searchParams.get('c'), '');
    eq(URL.parse('b', 'http://a/x').href, 'http://a/b');
    eq(URL.parse('b'), null);
    eq(URL.parse('http://a/', 'not a base'), null);
    eq(URL.canParse('http://a/'), true);
    eq(URL.canParse('b', 'http://a/'), true);
    eq(URL.canParse('b'), false);
    ok(URL.parse('http://a/') !== URL.parse('http://a/'), 'fresh objects');
  });

  test('URL: stringification and JSON', () => {
    const u = new URL('https://example.com/a?b#c');
    eq(String(u), 'https://example.com/a?b#c');
    eq(`${u}`, u.href);
    eq(JSON.stringify({ u }), '{"u":"https://example.com/a?b#c"}');
    eq(Object.prototype.toString.call(u), '[object URL]');
  });

  test('URL: Web IDL shape', () => {
    const names = [
      'href',
      'origin',
      'protocol',
      'username',
      'password',
      'host',
      'hostname',
      'port',
      'pathname',
      'search',
      'searchParams',
      'hash',
    ];
    for (const n of names) {
      const d = Object.getOwnPropertyDescriptor(URL.prototype, n);
      ok(d && typeof d.get === 'function', `${n} is an accessor`);
      eq(d.enumerable, true, `${n} enumerable`);
      const readonly = n === 'origin' || n === 'searchParams';
      eq(typeof d.set, readonly ? 'undefined' : 'function', `${n} setter`);
    }
    for (const n of ['toString', 'toJSON']) {
      eq(typeof URL.prototype[n], 'function', n);
      eq(Object.getOwnPropertyDescriptor(URL.prototype, n).enumerable, true, `${n} enumerable`);
    }
    const tag = Object.getOwnPropertyDescriptor(URL.prototype, Symbol.toStringTag);
    eq(tag.value, 'URL');
    eq(tag.writable, false);
    eq(Object.keys(new URL('http://a/')).length, 0, 'no own enumerable state');
  });

  test('URL: brand checks', () => {
    const get = (n) => Object.getOwnPropertyDescriptor(URL.prototype, n).get;
    const set = (n) => Object.getOwnPropertyDescriptor(URL.prototype, n).set;
    throwsType(() => get('href').call({}));
    throwsType(() => set('href').call({}, 'http://a/'));
    throwsType(() => URL.prototype.toString.call({}));
    throwsType(() => URL.prototype.toJSON.call(Object.create(URL.prototype)));
    throwsType(() => get('searchParams').call(new URLSearchParams()));
  });

  test('URL: subclassing', () => {
    class MyURL extends URL {
      get extra() {
        return `${this.host}!`;
      }
    }
    const u = new MyURL('http://sub.example/');
    eq(u.extra, 'sub.example!');
    eq(u.href, 'http://sub.example/');
    ok(u instanceof URL);
  });

  test('URL: href setter', () => {
    const u = new URL('http://a/?x=1');
    const sp = u.searchParams;
    u.href = 'https://b/c?y=2#z';
    eq(u.href, 'https://b/c?y=2#z');
    ok(u.searchParams === sp, 'searchParams is the same object');
    eq(sp.get('y'), '2');
    eq(sp.has('x'), false);
    throwsType(() => {
      u.href = 'relative';
    });
    eq(u.href, 'https://b/c?y=2#z', 'unchanged after failure');
    u.href = 'sc:x';
    eq(sp.size, 0);
  });

  test('URL: protocol setter', () => {
    const u = new URL('http://a:443/');
    u.protocol = 'https';
    eq(u.href, 'https://a/', 'default port dropped');
    u.protocol = 'sc';
    eq(u.protocol, 'https:', 'special to non-special refused');
    u.protocol = 'wss:junk';
    eq(u.href, 'wss://a/');
    const p = new URL('wss://a:99/');
    p.protocol = 'file';
    eq(p.protocol, 'wss:', 'a port blocks file');
    u.protocol = 'file';
    eq(u.href, 'file://a/', 'special to file allowed without credentials or port');
    const f = new URL('file:///x');
    f.protocol = 'http';
    eq(f.href, 'file:///x', 'file with empty host stays');
    const c = new URL('http://u@a/');
    c.protocol = 'file';
    eq(c.protocol, 'http:', 'credentials block file');
    const s = new URL('sc://a/');
    s.protocol = 'http';
    eq(s.protocol, 'sc:');
    s.protocol = 'other';
    eq(s.href, 'other://a/');
  });

  test('URL: username/password setters', () => {
    const u = new URL('http://h/');
    u.username = 'a b@c';
    u.password = 'p:w/d';
    eq(u.href, 'http://a%20b%40c:p%3Aw%2Fd@h/');
    u.username = '';
    eq(u.href, 'http://:p%3Aw%2Fd@h/');
    u.password = '';
    eq(u.href, 'http://h/');
    for (const href of ['file:///x', 'sc:opaque', 'sc:/x', 'sc:///x']) {
      const v = new URL(href);
      v.username = 'x';
      v.password = 'y';
      eq(v.href, href, `${href} cannot have credentials`);
    }
  });

  test('URL: host/hostname/port setters', () => {
    const u = new URL('http://a:8080/p');
    u.host = 'b';
    eq(u.href, 'http://b:8080/p', 'port kept when host has none');
    u.host = 'c:81';
    eq(u.host, 'c:81');
    u.hostname = 'd:99';
    eq(u.host, 'c:81', 'hostname setter refuses a port');
    u.hostname = 'd';
    eq(u.host, 'd:81');
    u.port = '80';
    eq(u.host, 'd');
    u.port = '65536';
    eq(u.port, '', 'out of range ignored');
    u.port = '123abc';
    eq(u.port, '123');
    u.port = '';
    eq(u.port, '');
    u.host = 'e:65536';
    eq(u.href, 'http://e/p', 'host kept when the port is out of range');
    u.host = '';
    eq(u.host, 'e', 'special URLs need a host');
    const f = new URL('file://h/x');
    f.host = 'localhost';
    eq(f.href, 'file:///x');
    f.host = 'k';
    f.port = '8';
    eq(f.href, 'file://k/x', 'file URLs have no port');
    const o = new URL('sc:opaque');
    o.host = 'x';
    o.hostname = 'x';
    o.port = '1';
    eq(o.href, 'sc:opaque');
    const n = new URL('sc://h/p');
    n.host = '';
    eq(n.href, 'sc:///p', 'non-special URL may get an empty host');
    const np = new URL('sc://h:1/p');
    np.host = '';
    eq(np.href, 'sc://h:1/p', 'but not with a port');
  });

  test('URL: pathname setter', () => {
    const u = new URL('http://h/a?q#f');
    u.pathname = 'b c/../d';
    eq(u.href, 'http://h/d?q#f');
    u.pathname = '?#';
    eq(u.pathname, '/%3F%23');
    const s = new URL('sc:/x');
    s.pathname = '//y';
    eq(s.href, 'sc:/.//y');
    const o = new URL('sc:opaque');
    o.pathname = '/x';
    eq(o.href, 'sc:opaque');
    const f = new URL('file:///C:/x');
    f.pathname = '/D|/y';
    eq(f.href, 'file:///D:/y');
  });

  test('URL: search and hash setters', () => {
    const u = new URL('http://h/p');
    u.search = 'a=1 2';
    eq(u.href, 'http://h/p?a=1%202');
    eq(u.searchParams.get('a'), '1 2');
    u.search = '?';
    eq(u.href, 'http://h/p?');
    eq(u.search, '');
    u.search = '';
    eq(u.href, 'http://h/p');
    u.hash = 'x y';
    eq(u.href, 'http://h/p#x%20y');
    u.hash = '#';
    eq(u.href, 'http://h/p#');
    eq(u.hash, '');
    u.hash = '';
    eq(u.href, 'http://h/p');
    u.search = "'";
    eq(u.search, '?%27', 'special-query set');
    const s = new URL('sc://h/p');
    s.search = "'#";
    eq(s.search, "?'%23");
    u.search = '\ta\n=b\r';
    eq(u.search, '?a=b');
    deepEq([...u.searchParams], [['a', 'b']], 'searchParams follows the query');
  });

  test('URL: opaque paths keep or strip trailing spaces', () => {
    const u = new URL('sc:a ?b#c');
    eq(u.pathname, 'a ');
    u.hash = '';
    eq(u.href, 'sc:a ?b');
    u.search = '';
    eq(u.href, 'sc:a', 'trailing spaces stripped once nothing follows');
    const v = new URL('sc:a  ?b');
    v.searchParams.delete('b');
    eq(v.href, 'sc:a');
    const w = new URL('sc:a #f');
    w.search = '';
    eq(w.href, 'sc:a #f', 'not stripped while a fragment follows');
    eq(new URL('sc:a  ').href, 'sc:a', 'trailing C0/space trimmed from input');
  });

  test('URL: origin', () => {
    eq(new URL('https://a:443/').origin, 'https://a');
    eq(new URL('https://a:444/').origin, 'https://a:444');
    eq(new URL('http://[::1]:80/').origin, 'http://[::1]');
    eq(new URL('ws://A/').origin, 'ws://a');
    eq(new URL('ftp://a/').origin, 'ftp://a');
    eq(new URL('file:///x').origin, 'null');
    eq(new URL('sc://a/').origin, 'null');
    eq(new URL('blob:https://a.com/uuid').origin, 'https://a.com');
    eq(new URL('blob:ftp://a.com/uuid').origin, 'null');
    eq(new URL('blob:bad').origin, 'null');
    eq(new URL('http://faß.de/').origin, 'http://xn--fa-hia.de');
  });

  test('URL: searchParams stays in sync', () => {
    const u = new URL('http://h/?a=1&b=2');
    const p = u.searchParams;
    ok(u.searchParams === p, 'SameObject');
    p.append('c', '3 4');
    eq(u.href, 'http://h/?a=1&b=2&c=3+4');
    p.delete('a');
    eq(u.search, '?b=2&c=3+4');
    p.set('b', '~');
    eq(u.search, '?b=%7E&c=3+4');
    p.sort();
    eq(u.search, '?b=%7E&c=3+4');
    p.delete('b');
    p.delete('c');
    eq(u.href, 'http://h/', 'empty list removes the query');
    u.search = 'x=1';
    eq(p.get('x'), '1');
    u.href = 'http://h/?y=2';
    eq(p.get('y'), '2');
    eq(p.has('x'), false);
    const s = new URL('sc:opaque?z=1');
    s.searchParams.append('w', '2');
    eq(s.href, 'sc:opaque?z=1&w=2');
  });

  test('URL: hardened classes keep working', () => {
    if (!deps.harden) return;
    ok(Object.isFrozen(URL), 'URL frozen');
    ok(Object.isFrozen(URL.prototype), 'URL.prototype frozen');
    ok(Object.isFrozen(URLSearchParams.prototype), 'URLSearchParams.prototype frozen');
    const u = new URL('http://a/');
    u.pathname = '/x';
    u.searchParams.append('k', 'v');
    eq(u.href, 'http://a/x?k=v');
    const it = u.searchParams.keys();
    deps.harden(it);
    eq(it.next().value, 'k');
  });

  test('URL: domainToASCII is only consulted when needed', () => {
    const calls = [];
    const spy = (d) => {
      calls.push(d);
      return domainToASCII(d);
    };
    const { URL: U } = makeURLClasses({ domainToASCII: spy });
    for (const s of [
      'http://example.com/',
      'http://EXAMPLE.COM:99/',
      'http://1.2.3.4/',
      'http://0x7f.1/',
      'http://[::1]/',
      'sc://ü.example/',
      'sc://xn--nxasmq6b.com/',
      'http://a.bxn--c/',
      'http://%41.com/',
    ]) {
      new U(s);
    }
    deepEq(calls, [], 'ASCII hosts without xn-- labels');
    eq(new U('http://faß.ExAmple/').host, 'xn--fa-hia.example');
    eq(new U('http://%C3%BC.com/').host, 'xn--tda.com');
    eq(new U('http://xn--nxasmq6b.com/').host, 'xn--nxasmq6b.com');
    eq(new U('http://a.XN--nxasmq6b/').host, 'a.xn--nxasmq6b');
    deepEq(calls, ['faß.ExAmple', 'ü.com', 'xn--nxasmq6b.com', 'a.XN--nxasmq6b']);
  });

  test('URL: results of domainToASCII are validated', () => {
    const make = (f) => makeURLClasses({ domainToASCII: f }).URL;
    const bad = [
      () => {
        throw new TypeError('bad');
      },
      () => {
        throw new Error('not a TypeError');
      },
      () => '',
      () => undefined,
      () => 42,
      () => 'a%b',
      () => 'a b',
      () => 'ü',
      () => 'a\u007f',
    ];
    for (const f of bad) {
      const U = make(f);
      throwsType(() => new U('http://ü/'), `domainToASCII ${f}`);
      eq(U.canParse('http://ü/'), false);
      eq(U.canParse('http://ascii/'), true);
    }
    eq(new (make(() => '0x7f.1'))('http://ü/').host, '127.0.0.1', 'IPv4 after ToASCII');
    throwsType(() => new (make(() => '1.2.3.4.5'))('http://ü/'), 'bad IPv4 after ToASCII');
    throwsType(() => makeURLClasses({}), 'domainToASCII is required');
  });

  test('URL: IDNA through the host', () => {
    eq(new URL('http://faß.ExAmple/').href, 'http://xn--fa-hia.example/');
    eq(new URL('http://xn--nxasmq6b.com').href, 'http://xn--nxasmq6b.com/');
    eq(new URL('https://münchen.de/').host, 'xn--mnchen-3ya.de');
    eq(new URL('http://☃.net/').host, 'xn--n3h.net');
    eq(new URL('http://ＥＸＡＭＰＬＥ.com/').host, 'example.com');
    eq(new URL('http://a\u3002b/').host, 'a.b');
    throwsType(() => new URL('http://xn--/'));
    throwsType(() => new URL('http://\u00ad/'));
  });

  test('URL: hosts', () => {
    const h = (s) => new URL(`http://${s}/`).host;
    eq(h('0x7f.0.0.1'), '127.0.0.1');
    eq(h('0177.0.0.1'), '127.0.0.1');
    eq(h('127.1'), '127.0.0.1');
    eq(h('2130706433'), '127.0.0.1');
    eq(h('0x'), '0.0.0.0');
    eq(h('4294967295'), '255.255.255.255');
    throwsType(() => h('4294967296'));
    throwsType(() => h('1.2.3.4.5'));
    throwsType(() => h('09'));
    throwsType(() => h('foo.09'));
    eq(h('foo.0xz'), 'foo.0xz');
    eq(h('[0:0:1:0:0:0:1:0]'), '[0:0:1::1:0]');
    eq(h('[1:0:0:2:0:0:0:3]'), '[1:0:0:2::3]');
    eq(h('[1:0:0:0:2:0:0:3]'), '[1::2:0:0:3]');
    eq(h('[0:0:0:0:0:0:0:0]'), '[::]');
    eq(h('[1:0:1:0:1:0:1:0]'), '[1:0:1:0:1:0:1:0]');
    eq(h('[::ffff:192.168.0.1]'), '[::ffff:c0a8:1]');
    eq(h('[ABCD::EF]'), '[abcd::ef]');
    throwsType(() => h('[::1.2.3]'));
    throwsType(() => h('[1::2::3]'));
    throwsType(() => h('[::1%25eth0]'));
    throwsType(() => h('a%b'));
    throwsType(() => h('a%25b'));
    eq(new URL('sc://a%25b/').host, 'a%25b');
    throwsType(() => new URL('sc://a b/'));
    eq(new URL('sc://ü/').host, '%C3%BC');
    eq(new URL('file://LOCALHOST/x').href, 'file:///x');
  });

  test('URL: long inputs stay linear', () => {
    const n = 50000;
    const seg = 'abc/'.repeat(n / 4);
    eq(new URL(`http://h/${seg}`).pathname.length, n + 1);
    eq(new URL(`sc:${'x'.repeat(n)}`).pathname.length, n);
    eq(new URL(`http://h/?${'a=b&'.repeat(n / 4)}`).searchParams.size, n / 4);
    eq(new URL(`http://h/#${'é'.repeat(n / 2)}`).hash.length, 1 + (n / 2) * 6);
    eq(new URL(`http://${'@'.repeat(n / 10)}h/`).username.length, (n / 10 - 1) * 3);
    eq(new URL(`http://h/${'../'.repeat(n / 4)}x`).pathname, '/x');
    eq(new URL(`http://${'a.'.repeat(n / 4)}b/`).host.length, n / 2 + 1);
    eq(new URL(`http://h/${'\t'.repeat(n)}x`).pathname, '/x');
    const p = new URLSearchParams();
    for (let i = 0; i < n / 10; i += 1) p.append(`k${(i * 7919) % 1000}`, `${i}`);
    p.sort();
    eq(p.size, n / 10);
    eq(new URLSearchParams(`${'%41'.repeat(n)}=1`).keys().next().value.length, n);
  });

  // -------------------------------------------------------------------------
  // URLSearchParams

  test('URLSearchParams: constructor forms', () => {
    eq(new URLSearchParams('?a=1').toString(), 'a=1');
    eq(new URLSearchParams('??a=1').toString(), '%3Fa=1');
    eq(new URLSearchParams([['a', '1'], ['b', '2']]).toString(), 'a=1&b=2');
    eq(new URLSearchParams({ a: '1', b: 2 }).toString(), 'a=1&b=2');
    eq(new URLSearchParams(new Map([['x', 'y']])).toString(), 'x=y');
    const gen = function* g() {
      yield ['g', '1'];
      yield new Set(['h', '2']);
    };
    eq(new URLSearchParams(gen()).toString(), 'g=1&h=2');
    const src = new URLSearchParams('a=1&a=2');
    const copy = new URLSearchParams(src);
    copy.append('b', '3');
    eq(src.toString(), 'a=1&a=2', 'copy is independent');
    eq(copy.toString(), 'a=1&a=2&b=3');
    eq(new URLSearchParams(12).toString(), '12=');
    eq(new URLSearchParams(true).toString(), 'true=');
    throwsType(() => new URLSearchParams([['a']]), 'one-item pair');
    throwsType(() => new URLSearchParams([['a', 'b', 'c']]), 'three-item pair');
    throwsType(() => new URLSearchParams(['ab']), 'string pair');
    throwsType(() => new URLSearchParams([1]), 'number pair');
    throwsType(() => new URLSearchParams({ [Symbol.iterator]: 1 }), 'bad iterator');
    throwsType(() => new URLSearchParams(Symbol('s')));
    const rec = {};
    Object.defineProperty(rec, 'hidden', { value: 'x', enumerable: false });
    rec.shown = 'y';
    eq(new URLSearchParams(rec).toString(), 'shown=y', 'record skips non-enumerable');
    eq(new URLSearchParams({ '\ud800': '1', '\udc00': '2', a: '3' }).toString(), '%EF%BF%BD=2&a=3');
    const nullIter = { a: 'b' };
    Object.defineProperty(nullIter, Symbol.iterator, { value: null, enumerable: false });
    eq(new URLSearchParams(nullIter).toString(), 'a=b', 'null @@iterator means record');
    throwsType(() => new URLSearchParams({ [Symbol('k')]: 'v' }), 'enumerable symbol key');
    eq(URLSearchParams.length, 0);
  });

  test('URLSearchParams: methods', () => {
    const p = new URLSearchParams('a=1&b=2&a=3');
    eq(p.get('a'), '1');
    eq(p.get('z'), null);
    deepEq(p.getAll('a'), ['1', '3']);
    deepEq(p.getAll('z'), []);
    eq(p.has('a'), true);
    eq(p.has('a', '3'), true);
    eq(p.has('a', '2'), false);
    eq(p.has('a', undefined), true);
    eq(p.has('z'), false);
    p.delete('a', '3');
    eq(p.toString(), 'a=1&b=2');
    p.delete('a', undefined);
    eq(p.toString(), 'b=2');
    p.append('b', '4');
    p.append('c', '5');
    p.set('b', 'x');
    eq(p.toString(), 'b=x&c=5');
    p.set('d', 'y');
    eq(p.toString(), 'b=x&c=5&d=y');
    eq(p.size, 3);
    p.append(1, null);
    eq(p.get('1'), 'null');
    p.append('\ud800', '\udfff');
    eq(p.get('\ufffd'), '\ufffd');
    throwsType(() => p.append('a'));
    throwsType(() => p.set('a'));
    throwsType(() => p.get());
    throwsType(() => p.getAll());
    throwsType(() => p.has());
    throwsType(() => p.delete());
    eq(p.has.length, 1);
    eq(p.delete.length, 1);
    eq(p.append.length, 2);
  });

  test('URLSearchParams: serialization', () => {
    const p = new URLSearchParams();
    p.append('a b', "c+d&e=f*-._~!'()");
    p.append('ü', '💩');
    p.append('', '');
    eq(p.toString(), "a+b=c%2Bd%26e%3Df*-._%7E%21%27%28%29&%C3%BC=%F0%9F%92%A9&=");
    eq(`${p}`, p.toString());
    deepEq([...new URLSearchParams('a+b=%2B&%zz=%E2%82')], [['a b', '+'], ['%zz', '\ufffd']]);
    deepEq([...new URLSearchParams('%F0%9F%92%A9=%ED%A0%80')], [['💩', '\ufffd\ufffd\ufffd']]);
  });

  test('URLSearchParams: sort is stable and by code units', () => {
    const p = new URLSearchParams('z=1&a=1&z=2&a=2&\ufffd=1&\ud83d\ude00=1&A=0');
    p.sort();
    deepEq(
      [...p],
      [
        ['A', '0'],
        ['a', '1'],
        ['a', '2'],
        ['z', '1'],
        ['z', '2'],
        ['\ud83d\ude00', '1'],
        ['\ufffd', '1'],
      ],
    );
    const many = new URLSearchParams();
    for (let i = 0; i < 100; i += 1) many.append(`${i % 3}`, `${i}`);
    many.sort();
    const vals = [...many].map(([k, v]) => `${k}:${v}`);
    const want = [];
    for (const k of [0, 1, 2]) {
      for (let i = 0; i < 100; i += 1) if (i % 3 === k) want.push(`${k}:${i}`);
    }
    deepEq(vals, want, 'stable');
  });

  test('URLSearchParams: iteration', () => {
    const p = new URLSearchParams('a=1&b=2');
    eq(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries);
    deepEq([...p.keys()], ['a', 'b']);
    deepEq([...p.values()], ['1', '2']);
    deepEq([...p.entries()], [['a', '1'], ['b', '2']]);
    deepEq([...p], [['a', '1'], ['b', '2']]);
    const it = p.entries();
    eq(Object.prototype.toString.call(it), '[object URLSearchParams Iterator]');
    eq(it[Symbol.iterator](), it, 'iterators are iterable');
    const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
    eq(Object.getPrototypeOf(Object.getPrototypeOf(it)), iterProto, '%IteratorPrototype%');
    eq(Object.getPrototypeOf(p.keys()), Object.getPrototypeOf(p.values()), 'one prototype');
    deepEq(Object.keys(Object.getPrototypeOf(it)), ['next']);
    throwsType(() => Object.getPrototypeOf(it).next.call({}));
    // live
    const live = p.keys();
    eq(live.next().value, 'a');
    p.append('c', '3');
    eq(live.next().value, 'b');
    eq(live.next().value, 'c');
    const done = live.next();
    eq(done.done, true);
    eq(done.value, undefined);
    p.append('d', '4');
    eq(live.next().value, 'd', 'Web IDL iterators are not sticky');
    eq(live.next().done, true);
    const seen = [];
    const self = {};
    p.forEach(function cb(value, key, obj) {
      seen.push(`${key}=${value}`);
      ok(this === self, 'thisArg');
      ok(obj === p, 'third argument');
      if (key === 'a') p.append('e', '5');
    }, self);
    deepEq(seen, ['a=1', 'b=2', 'c=3', 'd=4', 'e=5']);
    throwsType(() => p.forEach());
    throwsType(() => p.forEach({}));
    eq(p.forEach.length, 1);
  });

  test('URLSearchParams: Web IDL shape and brand checks', () => {
    const tag = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, Symbol.toStringTag);
    eq(tag.value, 'URLSearchParams');
    eq(Object.prototype.toString.call(new URLSearchParams()), '[object URLSearchParams]');
    const keys = Object.keys(URLSearchParams.prototype).sort();
    deepEq(keys, ['append', 'delete', 'entries', 'forEach', 'get', 'getAll', 'has', 'keys', 'set', 'size', 'sort', 'toString', 'values']);
    const size = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, 'size');
    eq(typeof size.get, 'function');
    eq(size.set, undefined);
    throwsType(() => size.get.call({}));
    throwsType(() => URLSearchParams.prototype.get.call({}, 'a'));
    throwsType(() => URLSearchParams.prototype.keys.call({}));
    throwsType(() => URLSearchParams.prototype.toString.call(new URL('http://a/')));
    throwsType(() => URLSearchParams('a=b'), 'call without new');
    eq(Object.keys(new URLSearchParams('a=b')).length, 0);
  });

  return tests;
};
