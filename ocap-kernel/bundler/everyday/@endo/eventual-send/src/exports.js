// Just a dummy to use exports.d.ts and satisfy runtime imports.
export {};
