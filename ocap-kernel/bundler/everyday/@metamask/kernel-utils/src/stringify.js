// Human-readable rendering of a value for logs and REPL output.

const hasOwn = (object, key) =>
  Object.prototype.hasOwnProperty.call(object, key);

/**
 * Render `value` as indented JSON. An Error becomes a JSON object of its
 * name, message, stack, cause (recursively) and, by ocap convention, its own
 * `code` and `data`. Anything JSON cannot express (undefined, functions,
 * cycles, bigints) falls back to `String(value)`.
 *
 * @param {unknown} value - The value.
 * @param {number} [indent] - Spaces per indentation level.
 * @returns {string} The rendering.
 */
export const stringify = (value, indent = 2) => {
  try {
    const target = value instanceof Error ? errorToRecord(value) : value;
    const json = JSON.stringify(target, null, indent);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
};

/**
 * The plain record that {@link stringify} shows for an error.
 *
 * @param {Error} error - The error.
 * @returns {Record<string, unknown>} Its name, message, stack and, when
 * present, cause, code and data (data as a stringified string).
 */
const errorToRecord = (error) => {
  const record = {
    name: error.name,
    message: error.message,
    stack: error.stack,
  };
  const { cause } = error;
  if (cause) {
    record.cause =
      cause instanceof Error ? errorToRecord(cause) : stringify(cause);
  }
  if (hasOwn(error, 'code')) {
    record.code = error.code;
  }
  if (hasOwn(error, 'data')) {
    record.data = stringify(error.data);
  }
  return record;
};
