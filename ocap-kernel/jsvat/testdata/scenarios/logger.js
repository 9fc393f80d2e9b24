// foo() writes one line to the vat's test log and one to its console.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject(vatPowers, parameters = {}) {
  const name = parameters.name ?? 'anonymous';
  const testLogger = vatPowers.logger.subLogger({ tags: ['test'] });
  return makeDefaultExo('root', {
    bootstrap() {
      return undefined;
    },
    foo() {
      testLogger.log(`foo: ${name}`);
      console.log(`bar: ${name}`);
    },
  });
}
