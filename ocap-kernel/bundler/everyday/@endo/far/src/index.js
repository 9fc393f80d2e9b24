export { E } from '@endo/eventual-send';
export { Far, getInterfaceOf, passStyleOf } from '@endo/pass-style';

// eslint-disable-next-line import/export
export * from './exports.js';
