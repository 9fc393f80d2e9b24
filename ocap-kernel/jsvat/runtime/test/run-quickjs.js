// Runs the JavaScript test suites inside the vat engine (QuickJS), after
// SES lockdown: the Go test jsvat/jstests_test.go bundles this file with
// esbuild (an IIFE script, the @endo packages from bundler/everyday) and
// evaluates it in a vat realm, after the vat prelude (repairs, SES, the
// eventual-send shim, lockdown()) and the vat supervisor.
//
// The suites and their deps are those of the Node runners:
//   test/web/run-node.mjs         text, base64, events, abort, fetch, and
//                                  the smoke checks of the hardened set;
//   test/web/url-run-node.mjs     url (with the recorded url-cases.json);
//   packages/kernel-utils/test/run-node.mjs   kernel-utils;
// except that URL is the realm's own (src/web/url.js, with the host's
// UTS #46 ToASCII, __ocap_domainToASCII), where Node's runners use Node's.
//
// The file leaves two functions on the global object:
//
//   __runSuites(casesJSON, options) => Promise<report>
//   report = { suites: [{ name, names, skipped, passed,
//                         failures: [{ name, message, stack }],
//                         ms, slowest: [{ name, ms }] }] }
//   __stallCase() => boolean
//
// casesJSON is the text of test/web/url-cases.json; names lists a suite's
// cases, skipped those of them that did not run. For runs under the Go race
// detector, which makes the engine 10 to 50 times slower, options.sample =
// n > 1 keeps only every n-th of the parse and setter fixtures of
// url-cases.json, and options.skip lists cases ("suite: case") not to run.
//
// No suite needs a real timer (their timers are synchronous fakes), so the
// realm has none: the host runs the job queue until the report is ready. If
// the queue runs dry while a case still waits, the host calls __stallCase(),
// which fails that case (its promise can never settle) so the run goes on;
// it returns false when no case was waiting.

import { makeTextCodecs } from '../src/web/text.js';
import { makeBase64 } from '../src/web/base64.js';
import { makeEvents } from '../src/web/events.js';
import { makeAbort } from '../src/web/abort.js';
import { makeFetchClasses } from '../src/web/fetch.js';
import { makeURLClasses } from '../src/web/url.js';

import textTests from './web/text.test.js';
import base64Tests from './web/base64.test.js';
import eventsTests from './web/events.test.js';
import abortTests from './web/abort.test.js';
import fetchTests from './web/fetch.test.js';
import urlTests from './web/url.test.js';
import kernelUtilsTests from '../packages/kernel-utils/test/kernel-utils.test.js';

// The host functions: take the one the suites need and remove them all
// from the global object, as the vat supervisor does. The runner is
// evaluated after the supervisor, which has taken __ocap_domainToASCII, so
// the host registers the same function again as __ocap_test_domainToASCII
// (evaluated in place of the supervisor, the runner finds the original).
const domainToASCII =
  globalThis.__ocap_test_domainToASCII ?? globalThis.__ocap_domainToASCII;
if (typeof domainToASCII !== 'function') {
  throw TypeError('run-quickjs.js: the host gave no __ocap_test_domainToASCII');
}
for (const name of Object.getOwnPropertyNames(globalThis)) {
  if (name.startsWith('__ocap_')) {
    delete globalThis[name];
  }
}

const { harden } = globalThis;
const { stringify } = JSON;

// The URL class the kernel gives vats.
const { URL } = harden(makeURLClasses({ domainToASCII }));

// run-node.mjs's buildAll: the whole set, built the way the endowments
// build it, and hardened.
const buildAll = () => {
  const reported = [];
  const events = makeEvents({ reportError: (e) => reported.push(e) });
  const text = makeTextCodecs();
  const base64 = makeBase64({ DOMException: events.DOMException });
  const abort = makeAbort({
    Event: events.Event,
    EventTarget: events.EventTarget,
    DOMException: events.DOMException,
    setTimeout: () => {
      throw Error('no timers in this test realm');
    },
  });
  const fetchClasses = makeFetchClasses({
    TextEncoder: text.TextEncoder,
    TextDecoder: text.TextDecoder,
    URL,
    AbortSignal: abort.AbortSignal,
    DOMException: events.DOMException,
  });
  return harden({ ...events, ...text, ...base64, ...abort, ...fetchClasses });
};

// The smoke checks of run-node.mjs and url-run-node.mjs, as cases.
const smokeTests = () => {
  const cases = [];
  const test = (name, fn) => cases.push([name, fn]);
  const check = (cond, message) => {
    if (!cond) {
      throw Error(message);
    }
  };
  let web;
  test('the whole set builds and hardens', () => {
    web = buildAll();
  });
  test('every class and its prototype are frozen', () => {
    check(web !== undefined, 'the set did not build');
    const bad = [];
    for (const [name, value] of Object.entries(web)) {
      if (!Object.isFrozen(value)) {
        bad.push(`${name} is not frozen after harden`);
      }
      if (value.prototype !== undefined && !Object.isFrozen(value.prototype)) {
        bad.push(`${name}.prototype is not frozen after harden`);
      }
    }
    check(bad.length === 0, bad.join('; '));
  });
  test('hardened EventTarget with an AbortSignal', () => {
    const controller = new web.AbortController();
    const target = new web.EventTarget();
    let heard = 0;
    target.addEventListener(
      'ping',
      () => {
        heard += 1;
      },
      { signal: controller.signal },
    );
    target.dispatchEvent(new web.Event('ping'));
    controller.abort();
    target.dispatchEvent(new web.Event('ping'));
    check(heard === 1, `heard ${heard} pings, expected 1`);
  });
  test('hardened atob/btoa round trip', () => {
    check(web.atob(web.btoa('hi')) === 'hi', 'round trip failed');
  });
  test('hardened TextEncoder/TextDecoder round trip', () => {
    const out = new web.TextDecoder().decode(new web.TextEncoder().encode('\u20ac'));
    check(out === '\u20ac', `decoded ${stringify(out)}`);
  });
  test('hardened Headers', () => {
    check(new web.Headers({ A: '1' }).get('a') === '1', 'get("a") is not "1"');
  });
  test('hardened URL parses', () => {
    const href = new URL('http://a/b').href;
    check(href === 'http://a/b', `href is ${stringify(href)}`);
  });
  test('hardened URL uses the host IDNA', () => {
    const { hostname } = new URL('http://B\u00FCcher.example/');
    check(hostname === 'xn--bcher-kva.example', `hostname is ${stringify(hostname)}`);
  });
  return cases;
};

// The case the run is waiting on, and how to fail it if it can never end.
let stall = null;

const runSuite = async (name, makeCases, skip) => {
  const started = Date.now();
  const failures = [];
  let passed = 0;
  let cases;
  try {
    cases = makeCases();
  } catch (error) {
    failures.push({
      name: '(listing the cases)',
      message: String(error?.message ?? error),
      stack: String(error?.stack ?? ''),
    });
    cases = [];
  }
  if (!Array.isArray(cases)) {
    failures.push({ name: '(listing the cases)', message: 'the suite did not return an array', stack: '' });
    cases = [];
  }
  const slowest = [];
  const names = cases.map(([caseName]) => caseName);
  const skipped = [];
  for (const [caseName, fn] of cases) {
    if (skip.has(`${name}: ${caseName}`)) {
      skipped.push(caseName);
      // eslint-disable-next-line no-continue
      continue;
    }
    const caseStarted = Date.now();
    try {
      const stalled = new Promise((_resolve, reject) => {
        stall = () =>
          reject(Error('the case never settled: the job queue ran dry while it waited'));
      });
      // eslint-disable-next-line no-await-in-loop
      await Promise.race([fn(), stalled]);
      passed += 1;
    } catch (error) {
      failures.push({
        name: caseName,
        message: String(error?.message ?? error),
        stack: String(error?.stack ?? ''),
      });
    } finally {
      stall = null;
    }
    const ms = Date.now() - caseStarted;
    if (slowest.length < 3 || ms > slowest[slowest.length - 1].ms) {
      slowest.push({ name: caseName, ms });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 3);
    }
  }
  return { name, names, skipped, passed, failures, ms: Date.now() - started, slowest };
};

globalThis.__stallCase = () => {
  if (stall === null) {
    return false;
  }
  stall();
  return true;
};

// Every n-th parse and setter fixture of url-cases.json.
const sampleCases = (cases, n) => {
  if (!(n > 1)) {
    return cases;
  }
  const every = (list) => (Array.isArray(list) ? list.filter((_c, i) => i % n === 0) : list);
  return { ...cases, parse: every(cases.parse), setters: every(cases.setters) };
};

globalThis.__runSuites = async (casesJSON, options = {}) => {
  const cases = sampleCases(JSON.parse(casesJSON), options.sample);
  const skip = new Set(options.skip ?? []);
  const webDeps = { harden, URL, oracle: undefined };
  const suites = [
    ['smoke', smokeTests],
    ['text', () => textTests(webDeps)],
    ['base64', () => base64Tests(webDeps)],
    ['events', () => eventsTests(webDeps)],
    ['abort', () => abortTests(webDeps)],
    ['fetch', () => fetchTests(webDeps)],
    ['url', () => urlTests({ domainToASCII, harden, cases })],
    ['kernel-utils', () => kernelUtilsTests({ harden })],
  ];
  const report = { suites: [] };
  for (const [name, makeCases] of suites) {
    // eslint-disable-next-line no-await-in-loop
    report.suites.push(await runSuite(name, makeCases, skip));
  }
  return report;
};
