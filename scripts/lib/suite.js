'use strict';
const assert = require('node:assert/strict');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value (returned); fails with `what` after `timeoutMs`. */
async function until(what, probe, timeoutMs = 30000, everyMs = 100) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new assert.AssertionError({ message: `timed out after ${timeoutMs / 1000} s waiting for ${what}` });
		await sleep(everyMs);
	}
}

/**
 * The ending shared by the real-n8n suites (e2e, scenario, demo, browser): each prints
 * "<n> passed, <m> failed" as its last line, which scripts/test.sh adds to the total. A suite
 * that crashes before it gets there still prints one (as one failure) and exits with 1.
 */
function runSuite(main) {
	main().then(
		(ok) => process.exit(ok ? 0 : 1),
		(error) => {
			console.error(error.stack || String(error));
			console.log('0 passed, 1 failed');
			process.exit(1);
		},
	);
}

/**
 * Named checks of a suite: `check(name, fn)` runs fn, prints ✓ or ✗ with its time and records
 * {name, ok, ms, error} in `results`; a failing check does not stop the next.
 */
function checkRecorder() {
	const results = [];
	const check = async (name, fn) => {
		const started = Date.now();
		try {
			await fn();
			results.push({ name, ok: true, ms: Date.now() - started });
			console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(2)} s)`);
		} catch (error) {
			results.push({ name, ok: false, ms: Date.now() - started, error });
			console.log(`  ✗ ${name}\n${String(error.stack || error).replace(/^/gm, '      ')}`);
		}
	};
	return { results, check };
}

module.exports = { runSuite, checkRecorder, until, sleep };
