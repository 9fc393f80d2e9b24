/** @module Empty twin for .d.ts */
export {};
