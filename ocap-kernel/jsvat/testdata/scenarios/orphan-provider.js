// Hands out a plain (ephemeral) exo: it does not survive a restart.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject() {
  const counter = makeDefaultExo('EphemeralCounter', {
    increment: () => 999,
  });
  return makeDefaultExo('root', {
    getEphemeral: () => counter,
  });
}
