import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * Imports objects from the exporter vat of its subcluster and uses them.
 *
 * @param {object} vatPowers - Powers; dropImport releases a presence.
 * @returns {object} The root object.
 */
export function buildRootObject(vatPowers) {
  const imports = new Map();
  let exporter;
  return makeDefaultExo('importer', {
    bootstrap(vats) {
      exporter = vats.exporter;
    },
    async importFrom(id) {
      const obj = await E(exporter).createObject(id);
      imports.set(id, obj);
      return obj;
    },
    storeImport(id, obj) {
      imports.set(id, obj);
      return true;
    },
    useImport(id) {
      const obj = imports.get(id);
      if (!obj) {
        throw Error(`no import named ${id}`);
      }
      return E(obj).getValue();
    },
    forgetImport(id) {
      const obj = imports.get(id);
      imports.delete(id);
      if (obj) {
        vatPowers.dropImport(obj);
      }
      return Boolean(obj);
    },
    listImportedObjects() {
      return [...imports.keys()].sort();
    },
  });
}
