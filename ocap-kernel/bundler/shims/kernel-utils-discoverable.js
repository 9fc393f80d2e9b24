// @metamask/kernel-utils/discoverable for ocap-go vats.
export const makeDiscoverableExo = globalThis.__ocap.makeDiscoverableExo;
