// Waiting for the promise queue to drain.
//
// Upstream gets setImmediate from the 'setimmediate' polyfill, which works
// only in a start compartment. A vat has neither, so here the host's
// setImmediate (or setTimeout, for a positive delay) is looked up on the
// global object at each call, and its absence is a TypeError.

import { makePromiseKit } from '@endo/promise-kit';

/**
 * Get a timer-like function from the global object.
 *
 * @param {string} name - 'setImmediate' or 'setTimeout'.
 * @returns {Function} The function.
 * @throws {TypeError} When it is missing.
 */
const hostScheduler = (name) => {
  const scheduler = globalThis[name];
  if (typeof scheduler !== 'function') {
    throw new TypeError(
      `waitUntilQuiescent needs ${name}, which this environment does not provide (vats do not have it): it works only where the host supplies ${name}`,
    );
  }
  return scheduler;
};

/**
 * Resolve once the promise (microtask) queue is empty, which it is when a
 * macrotask (setImmediate, or setTimeout after `delayMs`) runs.
 *
 * @param {number} [delayMs] - Wait this long instead (when positive).
 * @returns {Promise<void>} Fulfilled when quiescent.
 * @throws {TypeError} (as a rejection) When the needed host function is
 * missing.
 */
export async function waitUntilQuiescent(delayMs = 0) {
  const { promise, resolve } = makePromiseKit();
  if (delayMs > 0) {
    hostScheduler('setTimeout')(() => resolve(), delayMs);
  } else {
    hostScheduler('setImmediate')(() => resolve());
  }
  return promise;
}
