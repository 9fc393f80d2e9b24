// Small helpers: dropping undefined entries, counters and timer-based
// delays.
//
// A vat has `setTimeout` and `clearTimeout` only if its configuration grants
// them, so the delays look them up on the global object each time they are
// called (not when this module loads) and reject with a TypeError saying so
// when they are missing.

import { AbortError } from './abort-error.js';

/**
 * Get a host function from the global object, or explain its absence.
 *
 * @param {string} name - The global's name, e.g. 'setTimeout'.
 * @param {string} caller - Who needs it, for the error message.
 * @returns {Function} The function.
 * @throws {TypeError} When the global is not a function.
 */
const requireGlobalFunction = (name, caller) => {
  const found = globalThis[name];
  if (typeof found !== 'function') {
    throw new TypeError(
      `${caller} needs ${name}, which this environment does not provide (a vat has it only if its configuration grants it)`,
    );
  }
  return found;
};

/**
 * Copy a record without its undefined-valued entries (handy for options
 * bags with exact optional properties).
 *
 * @param {Record<string, unknown>} record - The record.
 * @returns {Record<string, unknown>} A new record.
 */
export const ifDefined = (record) => {
  const kept = Object.entries(record).filter(
    (entry) => entry[1] !== undefined,
  );
  return Object.fromEntries(kept);
};

/**
 * Make a counter: each call returns the next integer after `start`.
 *
 * @param {number} [start] - One less than the first number returned.
 * @returns {() => number} The counter.
 */
export const makeCounter = (start = 0) => {
  let last = start;
  return () => {
    last += 1;
    return last;
  };
};

/**
 * Wait `ms` milliseconds.
 *
 * @param {number} [ms] - How long to wait.
 * @returns {Promise<void>} Fulfilled after the wait.
 */
export const delay = async (ms = 1) => {
  const setTimer = requireGlobalFunction('setTimeout', 'delay');
  return new Promise((resolve) => {
    setTimer(resolve, ms);
  });
};

/**
 * Wait `ms` milliseconds unless `signal` aborts first. Resolves at once when
 * `ms` is not positive.
 *
 * @param {number} ms - How long to wait.
 * @param {AbortSignal} [signal] - Cuts the wait short.
 * @returns {Promise<void>} Fulfilled after the wait.
 * @throws {AbortError} When `signal` is or becomes aborted.
 */
export async function abortableDelay(ms, signal) {
  if (ms <= 0) {
    return;
  }
  if (signal?.aborted) {
    throw new AbortError();
  }
  const setTimer = requireGlobalFunction('setTimeout', 'abortableDelay');
  const clearTimer = signal
    ? requireGlobalFunction('clearTimeout', 'abortableDelay')
    : undefined;
  await new Promise((resolve, reject) => {
    const timer = setTimer(resolve, ms);
    if (signal) {
      signal.addEventListener(
        'abort',
        () => {
          clearTimer(timer);
          reject(new AbortError());
        },
        { once: true },
      );
    }
  });
}
