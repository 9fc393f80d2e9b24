// A counter whose count lives in baggage: it starts at 1 and every resume
// adds one, across vat restarts and kernel restarts.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'Counter';
  const testLog = makeTestLog(vatPowers, name);
  const tlog = (message) => testLog(`${name}: ${message}`);

  const resumed = baggage.has('count');
  if (!resumed) {
    baggage.init('count', 1);
  }
  let count = baggage.get('count');
  tlog(resumed ? `resumed with count: ${count}` : `initialized with count: ${count}`);

  return makeDefaultExo('counter', {
    bootstrap() {
      tlog(`bootstrap called`);
      return `Counter initialized with count: ${count}`;
    },
    resume() {
      tlog(`resume called`);
      count += 1;
      baggage.set('count', count);
      tlog(`incremented to: ${count}`);
      return `Counter incremented to: ${count}`;
    },
  });
}
