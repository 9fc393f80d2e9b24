import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * A vat for the panel's large-state test: as "maker" it makes many objects
 * at once; as "holder" (the bootstrap vat) it asks the maker for them and
 * keeps them, so that its c-list imports them all.
 *
 * @returns {object} The root object.
 */
export function buildRootObject() {
  const held = [];
  let maker;
  return makeDefaultExo('root', {
    bootstrap(vats) {
      maker = vats.maker;
    },
    makeMany(n) {
      return Array.from({ length: n }, (_, i) => makeDefaultExo(`thing${i}`, { id: () => i }));
    },
    async hold(n) {
      const things = await E(maker).makeMany(n);
      held.push(...things);
      return held.length;
    },
  });
}
