'use strict';
/**
 * The ending shared by the real-n8n suites (e2e, scenario, browser): each prints
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

module.exports = { runSuite };
