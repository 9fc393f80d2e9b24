// Runs the web-API test cases under Node, after SES lockdown:
//
//   cd ocap-kernel/jsvat/runtime && node test/web/run-node.mjs [--oracle] [filter]
//
// The classes are built from the factories in src/web and hardened; each
// test file (test/web/<module>.test.js) exports (deps) => [[name, fn], ...]
// and is given deps = { harden, URL }.
//
// With --oracle, the same cases run against Node's own classes instead
// (no lockdown), to check that the expected values baked into the tests
// are Node's. Cases where we follow the standard and Node does not are
// then expected to fail on Node, and are reported as confirmed deviations;
// cases about our factories only are left out.
//
// Prints one line per failing case and pass/fail counts; exits non-zero
// if anything failed.

import 'ses';

import { makeTextCodecs } from '../../src/web/text.js';
import { makeBase64 } from '../../src/web/base64.js';
import { makeEvents } from '../../src/web/events.js';
import { makeAbort } from '../../src/web/abort.js';
import { makeFetchClasses } from '../../src/web/fetch.js';

import textTests from './text.test.js';
import base64Tests from './base64.test.js';
import eventsTests from './events.test.js';
import abortTests from './abort.test.js';
import fetchTests from './fetch.test.js';

const args = process.argv.slice(2);
const oracleMode = args.includes('--oracle');
const verbose = args.includes('--verbose');
const filter = args.find((a) => !a.startsWith('--'));

// Captured before lockdown tames anything.
const NodeURL = globalThis.URL;

let oracle;
if (oracleMode) {
  oracle = {
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    DOMException,
    Event,
    EventTarget,
    AbortController,
    AbortSignal,
    Headers,
    Request,
    Response,
    URLSearchParams,
    // A real timer, for the few cases that wait on one.
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  };
} else {
  lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });
}

const harden = oracleMode ? (x) => x : globalThis.harden;

// Build the whole set the way the kernel will, and harden it: this checks
// that the factories compose and survive harden().
const buildAll = () => {
  const reported = [];
  const events = makeEvents({ reportError: (e) => reported.push(e) });
  const text = makeTextCodecs();
  const base64 = makeBase64({ DOMException: events.DOMException });
  const abort = makeAbort({
    Event: events.Event,
    EventTarget: events.EventTarget,
    DOMException: events.DOMException,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  });
  const fetchClasses = makeFetchClasses({
    TextEncoder: text.TextEncoder,
    TextDecoder: text.TextDecoder,
    URL: NodeURL,
    AbortSignal: abort.AbortSignal,
    DOMException: events.DOMException,
  });
  return harden({ ...events, ...text, ...base64, ...abort, ...fetchClasses });
};

const smoke = [];
if (!oracleMode) {
  const web = buildAll();
  for (const [name, value] of Object.entries(web)) {
    if (!Object.isFrozen(value)) {
      smoke.push(`${name} is not frozen after harden`);
    }
    if (value.prototype !== undefined && !Object.isFrozen(value.prototype)) {
      smoke.push(`${name}.prototype is not frozen after harden`);
    }
  }
  // A quick end-to-end use of the hardened set.
  const controller = new web.AbortController();
  const target = new web.EventTarget();
  let heard = 0;
  target.addEventListener('ping', () => {
    heard += 1;
  }, { signal: controller.signal });
  target.dispatchEvent(new web.Event('ping'));
  controller.abort();
  target.dispatchEvent(new web.Event('ping'));
  if (heard !== 1) {
    smoke.push(`hardened EventTarget/AbortSignal: heard ${heard} pings, expected 1`);
  }
  if (web.atob(web.btoa('hi')) !== 'hi') {
    smoke.push('hardened atob/btoa round trip failed');
  }
  if (new web.TextDecoder().decode(new web.TextEncoder().encode('\u20ac')) !== '\u20ac') {
    smoke.push('hardened TextEncoder/TextDecoder round trip failed');
  }
  if (new web.Headers({ A: '1' }).get('a') !== '1') {
    smoke.push('hardened Headers failed');
  }
}

const deps = { harden, URL: NodeURL, oracle };

const suites = [
  ['text', textTests],
  ['base64', base64Tests],
  ['events', eventsTests],
  ['abort', abortTests],
  ['fetch', fetchTests],
];

let passed = 0;
let failed = 0;
const counts = [];

for (const message of smoke) {
  failed += 1;
  console.log(`FAIL smoke: ${message}`);
}

for (const [suite, makeCases] of suites) {
  let cases;
  try {
    cases = makeCases(deps);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${suite}: could not list cases: ${error?.stack ?? error}`);
    continue;
  }
  let suitePassed = 0;
  let suiteFailed = 0;
  for (const [name, fn] of cases) {
    const full = `${suite}: ${name}`;
    if (filter !== undefined && !full.includes(filter)) {
      continue;
    }
    try {
      // eslint-disable-next-line no-await-in-loop
      await fn();
      suitePassed += 1;
      if (verbose) {
        console.log(`ok   ${full}`);
      }
    } catch (error) {
      suiteFailed += 1;
      console.log(`FAIL ${full}: ${error?.message ?? error}`);
      if (verbose && error?.stack) {
        console.log(error.stack);
      }
    }
  }
  passed += suitePassed;
  failed += suiteFailed;
  counts.push(`${suite} ${suitePassed}/${suitePassed + suiteFailed}`);
}

console.log(`${oracleMode ? '[oracle: Node built-ins] ' : ''}${counts.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
