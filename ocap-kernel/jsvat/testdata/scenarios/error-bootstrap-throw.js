// The vat starts, and its bootstrap method throws.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

console.log('bootstrap throw');

export function buildRootObject() {
  console.log('buildRootObject');
  return makeDefaultExo('root', {
    bootstrap() {
      console.log('bootstrap');
      throw Error('from bootstrap');
    },
  });
}
