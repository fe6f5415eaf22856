'use strict';
/**
 * Figures the reliability suite prints at the end of a jest run: each test file appends JSON
 * lines under artifacts/ (git-ignored; jest runs files in several worker processes, so the
 * figures go through files), and test/reliability/report.js (the jest globalTeardown) reads
 * them back into tables.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'artifacts');
const COVERAGE_DIR = path.join(ARTIFACTS, 'error-coverage');
const FIGURES_DIR = path.join(ARTIFACTS, 'reliability');

function append(dir, name, row) {
	fs.mkdirSync(dir, { recursive: true });
	fs.appendFileSync(path.join(dir, `${name}.jsonl`), `${JSON.stringify(row)}\n`);
}

/**
 * One row of the error coverage table: `api` is bitrix24, invoicebox or activeplatform; the
 * row is written only once the test has checked the NodeApiError (code, status, hint).
 */
function recordErrorCoverage(api, { code, status, hint, how }) {
	append(COVERAGE_DIR, api, { code, status, hint: String(hint ?? '').split('\n')[0], how });
}

/** One figure of the reliability suite (`kind`: faults, fuzz, secrets, reruns, triggers). */
function recordFigure(kind, row) {
	append(FIGURES_DIR, kind, row);
}

function readRows(dir, name) {
	const file = path.join(dir, `${name}.jsonl`);
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line));
}

module.exports = { ROOT, ARTIFACTS, COVERAGE_DIR, FIGURES_DIR, recordErrorCoverage, recordFigure, readRows };
