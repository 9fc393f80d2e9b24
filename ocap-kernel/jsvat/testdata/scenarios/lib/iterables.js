// Async iteration across vats, in a few lines: an exo that steps a local
// async generator on request, and an async iterable that steps such an exo
// with eventual sends (what upstream's @ocap/remote-iterables provides).
import { E } from '@endo/eventual-send';
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

/**
 * @param {AsyncGenerator} generator - A local async generator.
 * @returns {object} A remotable whose next()/return() step the generator.
 */
export const makeRemoteGenerator = (generator) =>
  makeDefaultExo('RemoteGenerator', {
    next: async () => harden(await generator.next()),
    return: async (value) => harden(await generator.return(value)),
  });

/**
 * @param {unknown} remote - A presence (or promise) for a RemoteGenerator.
 * @returns {AsyncIterable} Iterates the remote generator's values.
 */
export const iterateRemote = (remote) =>
  harden({
    [Symbol.asyncIterator]: () =>
      harden({
        next: () => E(remote).next(),
        return: (value) => E(remote).return(value),
      }),
  });
