// Retrying an asynchronous operation with capped exponential backoff and
// (by default) full jitter.

import { AbortError } from './abort-error.js';
import { abortableDelay } from './misc.js';

/** The default maximum number of attempts; 0 means no limit. */
export const DEFAULT_MAX_RETRY_ATTEMPTS = 0;
/** The default delay after the first failure, in milliseconds. */
export const DEFAULT_BASE_DELAY_MS = 500;
/** The default cap on any one delay, in milliseconds. */
export const DEFAULT_MAX_DELAY_MS = 10_000;

/**
 * @typedef {{
 *   maxAttempts?: number,
 *   baseDelayMs?: number,
 *   maxDelayMs?: number,
 *   jitter?: boolean,
 *   shouldRetry?: (error: unknown) => boolean,
 *   onRetry?: (info: RetryOnRetryInfo) => void,
 *   signal?: AbortSignal,
 * }} RetryBackoffOptions
 * `maxAttempts` 0 means no limit; `jitter` defaults to true; `shouldRetry`
 * says whether an error may be retried (default: always); `onRetry` is told
 * of each retry before its delay; `signal` cancels the whole operation.
 */

/**
 * @typedef {{
 *   attempt: number,
 *   maxAttempts: number,
 *   delayMs: number,
 *   error: unknown,
 * }} RetryOnRetryInfo
 * `attempt` is the 1-based attempt that just failed.
 */

/**
 * The delay before the next attempt: `baseDelayMs * 2^(attempt - 1)`,
 * capped at `maxDelayMs`; with jitter (the default), a random whole number
 * of milliseconds in [0, that).
 *
 * The base is at least 1 and the cap at least the base.
 *
 * @param {number} attempt - The 1-based attempt that just failed.
 * @param {{ baseDelayMs?: number, maxDelayMs?: number, jitter?: boolean }} [opts]
 * - The backoff options.
 * @returns {number} The delay in milliseconds.
 */
export function calculateReconnectionBackoff(attempt, opts) {
  const base = Math.max(1, opts?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS);
  const cap = Math.max(base, opts?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(cap, base * 2 ** exponent);
  if (opts?.jitter === false) {
    return ceiling;
  }
  return Math.floor(Math.random() * ceiling);
}

/**
 * Run `operation` until it fulfills, waiting a backoff delay after each
 * failure. Rejects with the operation's error once `shouldRetry` refuses it
 * or the attempts are used up, and with an AbortError when `signal` aborts.
 *
 * @template T
 * @param {() => Promise<T>} operation - The operation.
 * @param {RetryBackoffOptions} [options] - How to retry.
 * @returns {Promise<T>} The operation's result.
 */
export async function retry(operation, options) {
  const maxAttempts = options?.maxAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
  const shouldRetry = options?.shouldRetry ?? (() => true);
  const signal = options?.signal;
  const unlimited = maxAttempts === 0;
  const backoff = {
    baseDelayMs: options?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    jitter: options?.jitter ?? true,
  };

  let attempt = 0;
  while (unlimited || attempt < maxAttempts) {
    if (signal?.aborted) {
      throw new AbortError();
    }
    attempt += 1;
    try {
      // eslint-disable-next-line no-await-in-loop
      return await operation();
    } catch (error) {
      const lastAttempt = !unlimited && attempt >= maxAttempts;
      if (!shouldRetry(error) || lastAttempt) {
        throw error;
      }
      const delayMs = calculateReconnectionBackoff(attempt, backoff);
      options?.onRetry?.({ attempt, maxAttempts, delayMs, error });
      // eslint-disable-next-line no-await-in-loop
      await abortableDelay(delayMs, signal);
    }
  }
  // Only reached when maxAttempts is negative (the loop never runs).
  throw new Error('Retry operation ended unexpectedly');
}

/**
 * The same as {@link retry} (kept for older call sites).
 *
 * @template T
 * @param {() => Promise<T>} operation - The operation.
 * @param {RetryBackoffOptions} [options] - How to retry.
 * @returns {Promise<T>} The operation's result.
 */
export async function retryWithBackoff(operation, options) {
  return retry(operation, options);
}
