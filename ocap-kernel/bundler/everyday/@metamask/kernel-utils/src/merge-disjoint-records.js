// Disjoint union of records: like Object.assign onto a null-prototype
// object, except that a key present in more than one record is an error,
// and each property is copied with its descriptor (getters, setters and
// attributes survive).

/**
 * Merge records that must not share any own key (string or symbol).
 *
 * @param {...object} records - The records to merge, in order.
 * @returns {Record<PropertyKey, unknown>} A new null-prototype record.
 * @throws {Error} When a key occurs in two records; the error's cause is
 * `{ originalIndex, collidingIndex, key }`.
 */
export const mergeDisjointRecords = (...records) => {
  const merged = Object.create(null);
  // Which record (by position) each key came from.
  const firstSeenAt = new Map();
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    for (const key of Reflect.ownKeys(record)) {
      if (firstSeenAt.has(key)) {
        const originalIndex = firstSeenAt.get(key);
        throw new Error(
          `Duplicate keys in records: ${String(key)}, found in entries ${originalIndex} and ${index}`,
          { cause: { originalIndex, collidingIndex: index, key } },
        );
      }
      firstSeenAt.set(key, index);
      const descriptor = Object.getOwnPropertyDescriptor(record, key);
      if (descriptor === undefined) {
        // A proxy may list a key yet describe nothing for it; fall back to
        // reading the value.
        merged[key] = record[key];
      } else {
        Object.defineProperty(merged, key, descriptor);
      }
    }
  }
  return merged;
};
