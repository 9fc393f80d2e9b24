import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * The upstream sample vat: every vat answers hello(from); the bootstrap
 * vat greets every other vat of its subcluster and logs their answers.
 *
 * @param {object} vatPowers - Powers given by the kernel (logger, exitVat...).
 * @param {object} parameters - The vat's parameters; `name` names the vat.
 * @returns {object} The root object.
 */
export function buildRootObject(vatPowers, parameters) {
  const name = parameters?.name ?? 'unknown';
  const root = makeDefaultExo('root', {
    async bootstrap(vats) {
      console.log(`bootstrap ${name}`);
      const others = Object.entries(vats).filter(([, vat]) => vat !== root);
      const answers = others.map(([, vat]) => E(vat).hello(name));
      for (const [i, answer] of answers.entries()) {
        console.log(`vat ${name} got "hello" answer from ${others[i][0]}: '${await answer}'`);
      }
    },
    hello(from) {
      const message = `vat ${name} got "hello" from ${from}`;
      console.log(message);
      return message;
    },
  });
  return root;
}
