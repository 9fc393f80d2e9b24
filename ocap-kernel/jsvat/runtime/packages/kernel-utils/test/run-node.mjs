// Runs the @metamask/kernel-utils test cases under Node, after SES lockdown:
//
//   cd ocap-kernel/jsvat/runtime/packages/kernel-utils
//   ln -s ../../node_modules node_modules   # the package's @endo imports
//   node test/run-node.mjs [--verbose] [filter]; status=$?
//   rm node_modules; exit $status
//
// (Node's ES module loader ignores NODE_PATH, so the package needs a
// node_modules next to it while the tests run; do not leave the link in the
// tree.)
//
// The test module is loaded only after lockdown, because the @endo packages
// it imports call harden() as they load. Prints one line per failing case
// and the pass/fail counts; exits non-zero if anything failed.

import 'ses';
import '@endo/eventual-send/shim.js';

lockdown({ errorTaming: 'unsafe', overrideTaming: 'severe' });

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const filter = args.find((arg) => !arg.startsWith('--'));

let passed = 0;
let failed = 0;

let cases = [];
try {
  const { default: makeCases } = await import('./kernel-utils.test.js');
  cases = makeCases({ harden: globalThis.harden });
} catch (error) {
  failed += 1;
  console.log(`FAIL could not list cases: ${error?.stack ?? error}`);
}

for (const [name, fn] of cases) {
  if (filter !== undefined && !name.includes(filter)) {
    continue;
  }
  try {
    // eslint-disable-next-line no-await-in-loop
    await fn();
    passed += 1;
    if (verbose) {
      console.log(`ok   ${name}`);
    }
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
    if (verbose && error?.stack) {
      console.log(error.stack);
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
