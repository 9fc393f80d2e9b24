// baggage.has/get/init in one step: the value stored under key, made by
// make() the first time.

/**
 * @template T
 * @param {object} baggage - The vat's baggage (or any durable map store).
 * @param {string} key - The key.
 * @param {() => T} make - Makes the first value.
 * @returns {T} The stored value.
 */
export const provide = (baggage, key, make) => {
  if (!baggage.has(key)) {
    baggage.init(key, make());
  }
  return baggage.get(key);
};
