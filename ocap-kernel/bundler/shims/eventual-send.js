// @endo/eventual-send for ocap-go vats: the runtime provides E on globalThis.__ocap.
export const E = globalThis.__ocap.E;
