// A vat whose buildRootObject waits for a timer before it returns its
// root: the vat's start waits on a host event (endowments_test.go).
import { makeDefaultExo } from '@metamask/kernel-utils/exo';

export async function buildRootObject(vatPowers, parameters) {
  const ms = parameters?.ms ?? 20;
  const fired = await new Promise((resolve) => {
    setTimeout(() => resolve(`waited ${ms} ms`), ms);
  });
  return makeDefaultExo('root', {
    bootstrap() {
      return fired;
    },
  });
}
