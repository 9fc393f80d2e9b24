// The vat the golden RPC transcript was recorded with: upstream's
// kernel-test "default" sample vat
// (https://github.com/MetaMask/ocap-kernel/blob/3ca833da5/packages/kernel-test/src/vats/default),
// reproduced here for its observable behaviour only. It differs from
// examples/vats/sample-vat.js in what the transcript exercises: bootstrap
// stores the redemption service in baggage (so a second bootstrap fails
// with baggage's "already registered" error), asks the issuer service for
// a URL when it has one, and greets bob and carol by name; doRunRun(url)
// redeems an OCAP URL through the stored service and greets the object.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * @param {object} _vatPowers - Unused.
 * @param {object} parameters - `name` names the vat.
 * @param {object} baggage - The vat's durable store.
 * @returns {object} The root object.
 */
export function buildRootObject(_vatPowers, parameters, baggage) {
  const name = parameters?.name ?? 'anonymous';
  return makeDefaultExo('root', {
    async bootstrap(vats, services) {
      const issuer = services.ocapURLIssuerService;
      baggage.init('redeemer', services.ocapURLRedemptionService);
      if (issuer) {
        await E(issuer).issue(vats.bob);
      }
      const fromBob = E(vats.bob).hello(name);
      const fromCarol = E(vats.carol).hello(name);
      console.log(`vat ${name}: bob said '${await fromBob}', carol said '${await fromCarol}'`);
    },
    hello(from) {
      return `vat ${name} got "hello" from ${from}`;
    },
    async doRunRun(url) {
      const redeemer = baggage.get('redeemer');
      if (!redeemer) {
        throw new Error('ocapURLRedemptionService not available');
      }
      const target = await E(redeemer).redeem(url);
      return E(target).hello(`remote ${name}`);
    },
  });
}
