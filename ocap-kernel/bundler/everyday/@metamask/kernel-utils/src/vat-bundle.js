// The bundle format the vat bundler writes:
// `{ moduleFormat: 'iife', code, exports, external }`, where `code` assigns
// the vat's exports to `__vatExports__`.

import { exactShape, isString, isStringArray } from './shape.js';

/**
 * @typedef {{
 *   moduleFormat: 'iife',
 *   code: string,
 *   exports: string[],
 *   external: string[],
 * }} VatBundle
 */

/**
 * Whether `value` is a vat bundle (exactly the four properties, no others).
 *
 * @param {unknown} value - The value.
 * @returns {boolean} True for a vat bundle.
 */
export const isVatBundle = (value) =>
  exactShape(value, {
    moduleFormat: (format) => format === 'iife',
    code: isString,
    exports: isStringArray,
    external: isStringArray,
  });
