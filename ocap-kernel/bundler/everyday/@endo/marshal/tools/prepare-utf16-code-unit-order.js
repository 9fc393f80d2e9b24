/* global process */

process.env.ENDO_RANK_STRINGS = 'utf16-code-unit-order';
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'disabled'; // for testing
