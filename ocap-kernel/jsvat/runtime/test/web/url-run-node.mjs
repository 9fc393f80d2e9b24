// Runs url.test.js under Node.js in a SES-locked-down realm:
//
//   node test/web/url-run-node.mjs [--verbose] [--oracle] [filter]
//
// --oracle runs the explicit test cases against Node's own URL and
// URLSearchParams instead (to check the tests' expectations; the cases that
// test where Node.js deviates from the standard, and those that need
// makeURLClasses, are expected to fail there).
// Exit code 0 when every case passes.

import 'ses';
import { readFileSync } from 'node:fs';
import { domainToASCII as nodeDomainToASCII } from 'node:url';

const NodeURL = globalThis.URL;
const NodeURLSearchParams = globalThis.URLSearchParams;

// url.js is an ES module in a package without "type": "module"; Node says so
// once. That is expected here, so keep the output clean.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.code !== 'MODULE_TYPELESS_PACKAGE_JSON') console.warn(`${w.name}: ${w.message}`);
});

lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const oracle = args.includes('--oracle');
const filter = args.find((a) => !a.startsWith('--'));

// UTS #46 ToASCII as the Go host will provide it: throws on failure.
// (Node's url.domainToASCII returns '' for an invalid domain.)
const domainToASCII = (domain) => {
  const ascii = nodeDomainToASCII(domain);
  if (ascii === '') throw new TypeError(`invalid domain: ${JSON.stringify(domain)}`);
  return ascii;
};

// Imported only now, so that both modules are evaluated after lockdown().
const { makeURLClasses } = await import('../../src/web/url.js');
const { default: makeTests } = await import('./url.test.js');

// A first smoke test of the hardened classes.
const smoke = makeURLClasses({ domainToASCII });
harden(smoke);
if (new smoke.URL('http://a/b').href !== 'http://a/b') throw new Error('smoke test failed');

const cases = JSON.parse(readFileSync(new NodeURL('./url-cases.json', import.meta.url), 'utf8'));

const deps = { domainToASCII, harden };
if (oracle) {
  deps.classes = { URL: NodeURL, URLSearchParams: NodeURLSearchParams };
  delete deps.harden;
} else {
  deps.cases = cases;
}

const tests = makeTests(deps);
let pass = 0;
let failed = 0;
const failures = [];
for (const [name, fn] of tests) {
  if (filter && !name.includes(filter)) continue;
  try {
    // eslint-disable-next-line no-await-in-loop
    await fn();
    pass += 1;
    if (verbose) console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    failures.push(`FAIL ${name}\n     ${e && e.message}`);
  }
}
for (const f of failures.slice(0, 200)) console.log(f);
if (failures.length > 200) console.log(`... and ${failures.length - 200} more failures`);
console.log(`url.test.js: ${pass} passed, ${failed} failed, ${pass + failed} total`);
process.exitCode = failed === 0 ? 0 : 1;
