// @metamask/kernel-utils for ocap-go vats: the exo helpers the runtime provides.
const ocap = globalThis.__ocap;
export const makeDefaultExo = ocap.makeDefaultExo;
export const makeDiscoverableExo = ocap.makeDiscoverableExo;
