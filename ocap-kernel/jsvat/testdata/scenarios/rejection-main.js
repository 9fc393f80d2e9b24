// Calls the rejector three times, the second time asking it to throw, and
// logs what each call settled to.
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject({ logger }) {
  const { log } = logger.subLogger({ tags: ['test'] });
  return makeDefaultExo('root', {
    async bootstrap({ rejector }) {
      log(await E(rejector).foo(false));
      await E(rejector)
        .foo(true)
        .then(
          (value) => log(`unexpectedly got ${value}`),
          () => log('err'),
        );
      log(await E(rejector).foo(false));
    },
  });
}
