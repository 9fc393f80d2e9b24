export * from './src/exo-makers.js';

// eslint-disable-next-line import/export -- ESLint not aware of type exports in types.d.ts
export * from './src/types.js';

export { GET_INTERFACE_GUARD } from './src/get-interface.js';
