// foo(true) throws (rejecting the caller's result promise); foo(false)
// answers 'bar'.
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export function buildRootObject({ logger }) {
  const { log } = logger.subLogger({ tags: ['test'] });
  return makeDefaultExo('root', {
    foo(shouldThrow) {
      if (shouldThrow) {
        log('reject');
        throw Error('error: bar');
      }
      log('resolve');
      return 'bar';
    },
  });
}
