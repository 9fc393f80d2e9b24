// Type guards. Upstream builds isCapData on @metamask/superstruct; here it
// is checked by hand (see shape.js).

import { exactShape, isString, isStringArray } from './shape.js';

const primitiveTypes = new Set([
  'string',
  'number',
  'bigint',
  'boolean',
  'symbol',
  'null',
  'undefined',
]);

/**
 * Whether `value` is a primitive (including null and undefined).
 *
 * @param {unknown} value - The value.
 * @returns {boolean} True for a primitive.
 */
export const isPrimitive = (value) =>
  value === null || primitiveTypes.has(typeof value);

/**
 * Whether `value` is an array all of whose elements pass `isElement`.
 *
 * @param {unknown} value - The value.
 * @param {(element: unknown) => boolean} isElement - The element check.
 * @returns {boolean} True for such an array.
 */
export const isTypedArray = (value, isElement) =>
  Array.isArray(value) && value.every((element) => isElement(element));

/**
 * Whether `value` is a non-array object all of whose own enumerable values
 * pass `isValue`.
 *
 * @param {unknown} value - The value.
 * @param {(propertyValue: unknown) => boolean} isValue - The value check.
 * @returns {boolean} True for such an object.
 */
export const isTypedObject = (value, isValue) =>
  Boolean(value) &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).every((propertyValue) => isValue(propertyValue));

/**
 * Whether `value` has the shape of Endo CapData: exactly
 * `{ body: string, slots: string[] }`.
 *
 * @param {unknown} value - The value.
 * @returns {boolean} True for CapData.
 */
export const isCapData = (value) =>
  exactShape(value, { body: isString, slots: isStringArray });
