import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * Creates objects on request: other vats import them.
 *
 * @returns {object} The root object.
 */
export function buildRootObject() {
  const objects = new Map();
  return makeDefaultExo('exporter', {
    bootstrap() {
      return undefined;
    },
    createObject(id) {
      const obj = makeDefaultExo('SharedObject', {
        getValue() {
          return `value of ${id}`;
        },
      });
      objects.set(id, obj);
      return obj;
    },
    isObjectPresent(id) {
      return objects.has(id);
    },
    forgetObject(id) {
      return objects.delete(id);
    },
  });
}
