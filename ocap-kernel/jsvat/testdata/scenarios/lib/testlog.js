// The test log of the scenario vats: entries on vatPowers.logger tagged
// 'test' and the vat's name, which is what upstream's kernel-test suite
// reads back (extractTestLogs) to see what each vat did, and in what order.

/**
 * @param {object} vatPowers - The vat's powers; logger is the one we use.
 * @param {string} name - The vat's name, added as a tag.
 * @returns {(message: string, ...data: unknown[]) => void} A log function.
 */
export const makeTestLog = (vatPowers, name) => {
  const testLogger = vatPowers.logger.subLogger({ tags: ['test', name] });
  return (message, ...data) => testLogger.log(message, ...data);
};

/**
 * Whether a value is a (native) promise: Promise.resolve returns a promise
 * unchanged and wraps anything else.
 *
 * @param {unknown} value - The value.
 * @returns {boolean} True for a promise.
 */
export const isPromise = (value) => Promise.resolve(value) === value;
