export { getMethodNames } from './src/local.js';
export { makeMessageBreakpointTester } from './src/message-breakpoints.js';
