import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * Imports objects from the exporter vat of its subcluster and uses them.
 * Forgetting an import drops the vat's last reference to its presence:
 * liveslots notices at the next bringOutYourDead and tells the kernel,
 * which lets the exporter release the object.
 *
 * @returns {object} The root object.
 */
export function buildRootObject() {
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
      return imports.delete(id);
    },
    listImportedObjects() {
      return [...imports.keys()].sort();
    },
  });
}
