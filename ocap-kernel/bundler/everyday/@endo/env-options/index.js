export * from './src/env-options.js';
