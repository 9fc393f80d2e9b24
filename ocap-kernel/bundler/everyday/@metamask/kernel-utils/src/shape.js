// Hand-written stand-ins for the bits of @metamask/superstruct that
// upstream's isCapData and isVatBundle use. superstruct's `object` struct
// accepts a non-null object whose listed properties pass their structs and
// which has no other own enumerable string keys; `exactShape` checks the
// same. Internal to this package.

/**
 * @param {unknown} value - The value.
 * @returns {boolean} True for a string.
 */
export const isString = (value) => typeof value === 'string';

/**
 * Whether `value` is an array of strings (every index, holes included).
 *
 * @param {unknown} value - The value.
 * @returns {boolean} True for an array of strings.
 */
export const isStringArray = (value) => {
  if (!Array.isArray(value)) {
    return false;
  }
  for (let index = 0; index < value.length; index += 1) {
    if (typeof value[index] !== 'string') {
      return false;
    }
  }
  return true;
};

/**
 * Whether `value` is an object with exactly the properties in `checks`
 * (each passing its check) and no other own enumerable string keys.
 *
 * @param {unknown} value - The value.
 * @param {Record<string, (propertyValue: unknown) => boolean>} checks - The
 * check for each property.
 * @returns {boolean} True for a match.
 */
export const exactShape = (value, checks) => {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  for (const [key, check] of Object.entries(checks)) {
    if (!check(value[key])) {
      return false;
    }
  }
  return Object.keys(value).every((key) =>
    Object.prototype.hasOwnProperty.call(checks, key),
  );
};
