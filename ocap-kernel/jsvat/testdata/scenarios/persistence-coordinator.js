// Keeps its two workers' presences in baggage (from bootstrap) and, on
// resume, has both do a unit of work, counting the rounds in baggage.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'Coordinator';
  const testLog = makeTestLog(vatPowers, name);
  const tlog = (message) => testLog(`${name}: ${message}`);

  let rounds = 0;
  let workers = harden({});
  if (baggage.has('workCount')) {
    rounds = baggage.get('workCount');
    workers = baggage.get('workers');
    tlog(`resumed with work count: ${rounds}`);
  } else {
    baggage.init('workCount', rounds);
    tlog(`initialized`);
  }

  return makeDefaultExo('coordinator', {
    bootstrap({ worker1, worker2 }) {
      tlog(`bootstrap called`);
      if (!baggage.has('workers')) {
        workers = harden({ worker1, worker2 });
        baggage.init('workers', workers);
        tlog(`stored ${Object.keys(workers).length} workers`);
      }
      return `Coordinator initialized with ${Object.keys(workers).length} workers`;
    },
    async resume() {
      tlog(`resume called`);
      const { worker1, worker2 } = workers;
      if (!worker1 || !worker2) {
        tlog(`no workers available`);
        return `No workers available`;
      }
      const reports = await Promise.all([E(worker1).resume(), E(worker2).resume()]);
      rounds += 1;
      baggage.set('workCount', rounds);
      const message = `Work completed: ${reports.join(', ')}`;
      tlog(message);
      return message;
    },
  });
}
