// Turns a promise into a short outcome ('p1succ', 'p1fail', ...) after
// logging how it settled: what Alice returns from bootstrap in the
// pass-result family of scenarios.

/**
 * @param {(message: string) => void} tlog - The vat's test log.
 * @param {string} label - How the log names the promise ('first result').
 * @param {string} tag - The outcome prefix ('p1').
 * @param {Promise<unknown>} promise - The promise to watch.
 * @returns {Promise<string>} tag+'succ' or tag+'fail'.
 */
export const outcome = (tlog, label, tag, promise) =>
  promise.then(
    (value) => {
      tlog(`${label} resolved to ${String(value)}`);
      return `${tag}succ`;
    },
    (reason) => {
      tlog(`${label} rejected with ${String(reason)}`);
      return `${tag}fail`;
    },
  );
