// @metamask/kernel-utils/exo for ocap-go vats.
export const makeDefaultExo = globalThis.__ocap.makeDefaultExo;
