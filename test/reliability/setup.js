'use strict';
/** jest globalSetup: every run starts with empty figures (see test/helpers/figures.js). */
const fs = require('node:fs');
const { COVERAGE_DIR, FIGURES_DIR } = require('../helpers/figures');

module.exports = async function setup() {
	for (const dir of [COVERAGE_DIR, FIGURES_DIR]) fs.rmSync(dir, { recursive: true, force: true });
};
