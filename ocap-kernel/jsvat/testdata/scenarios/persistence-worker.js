// A worker that counts, in baggage, the units of work it has done.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'Worker';
  const id = parameters?.id ?? 0;
  const testLog = makeTestLog(vatPowers, name);
  const tlog = (message) => testLog(`${name}: ${message}`);

  let done = 0;
  if (baggage.has('workCount')) {
    done = baggage.get('workCount');
    tlog(`resumed with work count: ${done}`);
  } else {
    baggage.init('workCount', done);
    tlog(`initialized with id: ${id}`);
  }

  return makeDefaultExo('worker', {
    bootstrap() {
      tlog(`bootstrap called`);
      return `Worker${id} initialized`;
    },
    resume() {
      tlog(`resume called`);
      done += 1;
      baggage.set('workCount', done);
      tlog(`did work, count: ${done}`);
      return `Worker${id}(${done})`;
    },
  });
}
