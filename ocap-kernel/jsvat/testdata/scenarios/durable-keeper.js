// Durable state as liveslots keeps it: a durable kind (Ledger) whose kind
// handle lives in baggage, a durable map store of the outcomes of watched
// promises, and a durable promise watcher (VatData.providePromiseWatcher)
// whose watches outlive the incarnation that made them. Every start counts
// an incarnation in baggage.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

import { provide } from './lib/provide.js';
import { makeTestLog } from './lib/testlog.js';

export function buildRootObject(vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'Keeper';
  const tlog = makeTestLog(vatPowers, name);
  const {
    makeKindHandle,
    defineDurableKind,
    makeScalarBigMapStore,
    providePromiseWatcher,
    watchPromise,
  } = VatData;

  const incarnation = provide(baggage, 'incarnations', () => 0) + 1;
  baggage.set('incarnations', incarnation);
  tlog(`incarnation ${incarnation}`);

  const makeLedger = defineDurableKind(
    provide(baggage, 'ledgerKind', () => makeKindHandle('Ledger')),
    (owner) => ({ owner, items: harden([]) }),
    {
      add({ state }, item) {
        state.items = harden([...state.items, item]);
        return state.items.length;
      },
      read({ state }) {
        return `${state.owner}: ${state.items.join(',')}`;
      },
    },
  );
  const ledgers = provide(baggage, 'ledgers', () =>
    makeScalarBigMapStore('ledgers', { durable: true }),
  );
  const outcomes = provide(baggage, 'outcomes', () =>
    makeScalarBigMapStore('outcomes', { durable: true }),
  );

  const watcher = providePromiseWatcher(
    provide(baggage, 'watcherKind', () => makeKindHandle('OutcomeWatcher')),
    (value, label) => {
      tlog(`incarnation ${incarnation} saw ${label} fulfilled`);
      outcomes.init(label, `fulfilled: ${value}`);
    },
    (reason, label) => {
      tlog(`incarnation ${incarnation} saw ${label} rejected`);
      outcomes.init(label, `rejected: ${reason?.message ?? reason}`);
    },
  );

  return makeDefaultExo('keeper', {
    bootstrap({ decider }) {
      baggage.init('decider', decider);
      return `keeper ready`;
    },
    incarnation() {
      return incarnation;
    },
    makeLedger(owner) {
      const ledger = makeLedger(owner);
      ledgers.init(owner, ledger);
      return ledger;
    },
    ledger(owner) {
      return ledgers.get(owner);
    },
    watch(label) {
      const answerP = E(baggage.get('decider')).promiseFor(label);
      watchPromise(answerP, watcher, label);
      return `watching ${label}`;
    },
    outcome(label) {
      return outcomes.has(label) ? outcomes.get(label) : 'pending';
    },
  });
}
