// A vat that remembers, in baggage, its name, how often it started, and
// whom it knows: the bootstrap vat keeps the other roots, the others keep
// the bootstrap vat's root. resume() greets them again from whatever
// incarnation runs it.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'anonymous';
  const testLog = makeTestLog(vatPowers, name);
  const tlog = (message) => testLog(`${name}: ${message}`);

  let starts;
  if (baggage.has('name')) {
    tlog(`saved name is ${baggage.get('name')}`);
    starts = baggage.get('startCount') + 1;
    baggage.set('startCount', starts);
  } else {
    baggage.init('name', name);
    tlog(`saving name`);
    starts = 1;
    baggage.init('startCount', starts);
  }
  tlog(`start count: ${starts}`);

  const self = makeDefaultExo('root', {
    async bootstrap(vats) {
      tlog(`bootstrap()`);
      // Our own root is a local object, not durable: keep only the others.
      const others = Object.fromEntries(
        Object.entries(vats).filter(([_key, root]) => root !== self),
      );
      baggage.init('vats', harden(others));
      const { bob, carol } = vats;
      const [, , fromBob, fromCarol] = await Promise.all([
        E(bob).intro(self),
        E(carol).intro(self),
        E(bob).greet(`hello from ${name}`),
        E(carol).greet(`hello from ${name}`),
      ]);
      tlog(`Bob answers greeting: '${fromBob}'`);
      tlog(`Carol answers greeting: '${fromCarol}'`);
      tlog(`end bootstrap`);
      await E(bob).loopback();
      return `bootstrap ${name}`;
    },
    intro(bootVat) {
      tlog(`intro()`);
      baggage.init('bootVat', bootVat);
    },
    greet(greeting) {
      tlog(`greet('${greeting}')`);
      return `${name} returns your greeting '${greeting}'`;
    },
    async resume() {
      tlog(`resume()`);
      if (baggage.has('vats')) {
        tlog(`resumed vat is bootstrap`);
        const { bob, carol } = baggage.get('vats');
        const [fromBob, fromCarol] = await Promise.all([
          E(bob).greet(`hello again from ${name}`),
          E(carol).greet(`hello again from ${name}`),
        ]);
        tlog(`Bob answers greeting: '${fromBob}'`);
        tlog(`Carol answers greeting: '${fromCarol}'`);
        await E(bob).loopback();
      }
      if (baggage.has('bootVat')) {
        tlog(`resumed vat is not bootstrap`);
        const bootVat = baggage.get('bootVat');
        const back = await E(bootVat).greet(`hello boot vat from ${name}`);
        tlog(`boot vat returns greeting with '${back}'`);
        await E(bootVat).loopback();
      }
      tlog(`end resume`);
      return `resume ${name}`;
    },
    loopback() {
      return undefined;
    },
  });
  return self;
}
