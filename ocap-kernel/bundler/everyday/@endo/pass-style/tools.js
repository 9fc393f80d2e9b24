// The tools are exported separately because it is intended to support testing,
// including testing done by other packages. Code dependent only on this
// package from production purposes, such as production code in importing
// packages, should avoid importing tools.
// Note that locally, the dependencies of tools are still listed as
// `dependencies` rather than `devDependencies`.

export {
  exampleAlice,
  exampleBob,
  exampleCarol,
  makeArbitraries,
} from './tools/arb-passable.js';
