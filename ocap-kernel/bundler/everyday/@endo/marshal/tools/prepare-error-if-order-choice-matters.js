/* global process */

process.env.ENDO_RANK_STRINGS = 'error-if-order-choice-matters';
process.env.ONLY_WELL_FORMED_STRINGS_PASSABLE = 'disabled'; // for testing
