// The importing side of the garbage-collection scenario: it holds an
// imported presence strongly (a Map) and weakly (a WeakMap key), and can
// let go of each hold separately, so that liveslots reports first
// dropImports and then retireImports at the next bringOutYourDead.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const testLog = makeTestLog(vatPowers, name);
  const tlog = (message) => testLog(`${name}: ${message}`);
  const strong = new Map();
  let weak = new WeakMap();

  return makeDefaultExo('root', {
    bootstrap() {
      return `bootstrap-${name}`;
    },
    storeImport(presence, id = 'default') {
      tlog(`Storing import ${id}`);
      strong.set(id, presence);
      weak.set(presence, id);
      return 'stored';
    },
    useImport(id = 'default') {
      const presence = strong.get(id);
      if (presence === undefined) {
        throw Error(`Object not found: ${id}`);
      }
      tlog(`Using import ${id}`);
      return E(presence).getValue();
    },
    makeWeak(id) {
      if (!strong.has(id)) {
        tlog(`Cannot make weak reference to nonexistent object: ${id}`);
        return false;
      }
      tlog(`Making weak reference to ${id} (dropping strong ref)`);
      strong.delete(id);
      return true;
    },
    forgetImport() {
      weak = new WeakMap();
      return true;
    },
    listImportedObjects() {
      return [...strong.keys()];
    },
    noop() {
      return 'noop';
    },
  });
}
