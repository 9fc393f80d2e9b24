// Sleep/wake detection by clock jumps: a repeating timer notes the time at
// each tick, and a gap much longer than the interval means the process was
// suspended (e.g. the machine slept) and has resumed.
//
// In a vat this needs three grants from the vat's configuration:
// setInterval, clearInterval and Date (a compartment's own Date.now()
// throws). They are looked up when installWakeDetector is called, and their
// absence is a TypeError.

/**
 * @typedef {{
 *   intervalMs?: number | undefined,
 *   jumpThreshold?: number | undefined,
 * }} WakeDetectorOptions
 * `intervalMs`: how often to look at the clock (default 15 000 ms).
 * `jumpThreshold`: how much longer than `intervalMs` a gap must be to count
 * as a wake (default 30 000 ms).
 */

const DEFAULT_INTERVAL_MS = 15_000;
const DEFAULT_JUMP_THRESHOLD_MS = 30_000;

const need = (name) => {
  const found = globalThis[name];
  if (typeof found !== 'function') {
    throw new TypeError(
      `installWakeDetector needs ${name}, which this environment does not provide (a vat has it only if its configuration grants it)`,
    );
  }
  return found;
};

/**
 * Read the clock, or explain why it cannot be read.
 *
 * @returns {number} Date.now().
 */
const readClock = () => {
  try {
    return Date.now();
  } catch (error) {
    throw new TypeError(
      `installWakeDetector needs a working Date.now() (a vat has one only if its configuration grants Date): ${error?.message ?? error}`,
    );
  }
};

/**
 * Call `onWake` whenever the clock is seen to jump forward by more than
 * `intervalMs + jumpThreshold` between two checks.
 *
 * @param {() => void} onWake - Called on each detected wake.
 * @param {WakeDetectorOptions} [options] - Timing options.
 * @returns {() => void} Stops the detector.
 */
export function installWakeDetector(onWake, options = {}) {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const jumpThreshold = options.jumpThreshold ?? DEFAULT_JUMP_THRESHOLD_MS;
  const startInterval = need('setInterval');
  const stopInterval = need('clearInterval');

  let previous = readClock();
  const handle = startInterval(() => {
    const current = Date.now();
    if (current - previous > intervalMs + jumpThreshold) {
      onWake();
    }
    previous = current;
  }, intervalMs);

  return () => {
    stopInterval(handle);
  };
}
