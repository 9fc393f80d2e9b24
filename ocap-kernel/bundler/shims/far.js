// @endo/far for ocap-go vats: the runtime provides these on globalThis.__ocap.
const ocap = globalThis.__ocap;
export const E = ocap.E;
export const Far = ocap.Far;
export const Remotable = ocap.Remotable;
export const getInterfaceOf = ocap.getInterfaceOf;
export const passStyleOf = ocap.passStyleOf;
