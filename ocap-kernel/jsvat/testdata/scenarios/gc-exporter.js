// The exporting side of the garbage-collection scenario: it makes
// SharedObjects on request and keeps them in a Map until told to forget
// them.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const testLog = makeTestLog(vatPowers, name);
  const tlog = (message) => testLog(`${name}: ${message}`);
  const made = new Map();

  return makeDefaultExo('root', {
    bootstrap() {
      return `bootstrap-${name}`;
    },
    createObject(id) {
      const shared = makeDefaultExo('SharedObject', {
        getValue: () => id,
      });
      made.set(id, shared);
      tlog(`Created object ${id}`);
      return shared;
    },
    isObjectPresent(id) {
      return made.has(id);
    },
    forgetObject(id) {
      if (!made.delete(id)) {
        tlog(`Cannot forget nonexistent object: ${id}`);
        return false;
      }
      tlog(`Forgetting object ${id}`);
      return true;
    },
    noop() {
      return 'noop';
    },
  });
}
