export { PassStyleOfEndowmentSymbol } from './src/passStyleOf.js';
