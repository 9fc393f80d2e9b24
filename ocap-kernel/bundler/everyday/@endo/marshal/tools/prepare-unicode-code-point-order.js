/* global process */

process.env.ENDO_RANK_STRINGS = 'unicode-code-point-order';
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'disabled'; // for testing
