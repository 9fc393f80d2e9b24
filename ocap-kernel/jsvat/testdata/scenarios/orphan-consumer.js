// Keeps the provider's ephemeral exo from bootstrap and uses it on request.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject() {
  let counter;
  return makeDefaultExo('root', {
    async bootstrap({ provider }) {
      counter = await E(provider).getEphemeral();
    },
    useEphemeral() {
      return E(counter).increment();
    },
  });
}
