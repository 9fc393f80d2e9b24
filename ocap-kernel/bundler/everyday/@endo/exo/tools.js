export * from './src/exo-tools.js';
