// The AbortError that abortableDelay and retry reject with. Upstream takes
// it from @metamask/kernel-errors, which this package does not depend on;
// this one has the same name, message, code and own properties (name, code,
// data), and is hardened like upstream's.

const ABORT_ERROR_CODE = 'ABORT_ERROR';

/**
 * Define an own, enumerable, writable, configurable data property (what an
 * assignment on a fresh error would do, without tripping over a frozen
 * `Error.prototype.name` when override taming is off).
 *
 * @param {object} target - The object.
 * @param {string} key - The property name.
 * @param {unknown} value - The value.
 */
const setOwn = (target, key, value) => {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
};

/**
 * An operation was aborted.
 */
export class AbortError extends Error {
  /**
   * @param {{ cause?: unknown, stack?: string, data?: unknown }} [options] -
   * The cause, a stack to use instead of this one, and extra data.
   */
  constructor(options = {}) {
    const { cause, stack, data } = options;
    super('Operation aborted.', { cause });
    setOwn(this, 'name', 'AbortError');
    setOwn(this, 'code', ABORT_ERROR_CODE);
    setOwn(this, 'data', data);
    if (stack) {
      setOwn(this, 'stack', stack);
    }
    harden(this);
  }
}
harden(AbortError);
