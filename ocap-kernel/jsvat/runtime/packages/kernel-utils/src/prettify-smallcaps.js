// Display form of smallcaps CapData: slot references become `<kref>`,
// encoded bigints, constants, symbols, tagged values and errors become
// readable strings. For showing to people; it is not a decoder (the result
// cannot be turned back into the original value).

// `$N` / `$N.iface` (remotable) or `&N` (promise), N a slot index.
const slotReference = /^([$&])(\d+)(?:\.(.+))?$/u;

/**
 * Prettify a smallcaps-encoded value.
 *
 * @param {{ body: string, slots: string[] }} capData - The CapData; `body`
 * must start with '#'.
 * @returns {unknown} A plain value with readable stand-ins.
 * @throws {Error} When `body` does not start with '#'.
 */
export function prettifySmallcaps(capData) {
  const { body, slots } = capData;
  if (!body.startsWith('#')) {
    throw new Error(
      `Expected body to start with '#', got: ${body.slice(0, 20)}`,
    );
  }
  return prettify(JSON.parse(body.slice(1)), slots);
}

/**
 * @param {unknown} encoded - A parsed smallcaps value.
 * @param {string[]} slots - The slots.
 * @returns {unknown} The readable value.
 */
const prettify = (encoded, slots) => {
  if (typeof encoded === 'string') {
    return prettifyString(encoded, slots);
  }
  if (Array.isArray(encoded)) {
    return encoded.map((element) => prettify(element, slots));
  }
  if (encoded !== null && typeof encoded === 'object') {
    return prettifyRecord(encoded, slots);
  }
  return encoded;
};

/**
 * @param {string} encoded - A smallcaps string.
 * @param {string[]} slots - The slots.
 * @returns {string} The readable string.
 */
const prettifyString = (encoded, slots) => {
  const prefix = encoded.charAt(0);
  if (prefix === '!') {
    // An escaped string.
    return encoded.slice(1);
  }
  const reference = slotReference.exec(encoded);
  if (reference !== null) {
    const [, , index, iface] = reference;
    const kref = slots[Number(index)] ?? `?${index}`;
    return iface ? `<${kref}> (${iface})` : `<${kref}>`;
  }
  switch (prefix) {
    case '+':
      // A non-negative bigint.
      return `${encoded.slice(1)}n`;
    case '-':
      // A negative bigint.
      return `${encoded}n`;
    case '#':
      // undefined, NaN, Infinity, -Infinity or -0.
      return `[${encoded.slice(1)}]`;
    case '%':
      // A symbol.
      return `[Symbol: ${encoded.slice(1)}]`;
    default:
      return encoded;
  }
};

/**
 * @param {Record<string, unknown>} encoded - A smallcaps record (a record,
 * a tagged value or an error).
 * @param {string[]} slots - The slots.
 * @returns {unknown} The readable value.
 */
const prettifyRecord = (encoded, slots) => {
  if ('#tag' in encoded) {
    const tag = prettify(encoded['#tag'], slots);
    return { [`[Tagged: ${String(tag)}]`]: prettify(encoded.payload, slots) };
  }
  if ('#error' in encoded) {
    const message = prettify(encoded['#error'], slots);
    const name =
      encoded.name === undefined ? 'Error' : prettify(encoded.name, slots);
    return `[${String(name)}: ${String(message)}]`;
  }
  const plain = {};
  for (const [key, value] of Object.entries(encoded)) {
    // Keys starting with '!' are escaped; drop the escape.
    plain[key.startsWith('!') ? key.slice(1) : key] = prettify(value, slots);
  }
  return plain;
};
