// Three copies of this vat exercise the vatstore through baggage: the
// bootstrap vat (alice) puts two keys in its baggage, asks the other two to
// "go", each of which bumps a counter in alice's baggage, and deletes one
// key again once both have answered.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

const THING = 'thing';
const GO_AWAY = 'goAway';

export function buildRootObject(_vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'anonymous';
  console.log(`buildRootObject "${name}"`);

  return makeDefaultExo('root', {
    async bootstrap({ alice, bob, carol }) {
      console.log(`vat ${name} is bootstrap`);
      if (!baggage.has(THING)) {
        baggage.init(THING, 1);
      }
      baggage.init(GO_AWAY, 'now you see me');
      const fromBob = E(bob).go(name, alice);
      const fromCarol = E(carol).go(name, alice);
      console.log(`vat ${name} got "go" answer from Bob: '${await fromBob}'`);
      console.log(`vat ${name} got "go" answer from Carol: '${await fromCarol}'`);
      baggage.delete(GO_AWAY);
      await E(bob).loopback();
    },
    bump(bumper) {
      const before = baggage.get(THING);
      baggage.set(THING, before + 1);
      console.log(`${bumper} bumps ${THING} from ${before} to ${before + 1}`);
    },
    go(from, bumpee) {
      const answer = `vat ${name} got "go" from ${from}`;
      console.log(answer);
      E(bumpee).bump(name);
      return answer;
    },
    loopback() {
      return undefined;
    },
  });
}
