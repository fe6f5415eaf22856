'use strict';
/**
 * `npm run test:stop`: does Stop stop? End to end in a real n8n (issue 12), on its own: builds and
 * packs the package, installs it into a fresh n8n user folder as the Community Nodes page does,
 * starts the sandboxes, imports the Stop workflow and its credential, starts `n8n start`, runs
 * the workflow through n8n's REST API and stops it mid-queue (bench/stop.js has the details;
 * `npm run bench -- --only=stop` runs the same measurement inside the benchmark).
 *
 * Prints "requests after Stop: N" and how long the execution took to end after Stop. With
 * --strict (what `npm test` runs) it is a check: the last line is "<n> passed, <m> failed", and a
 * request after Stop, or an execution still running 1 s after it, fails it; without, the exit
 * code is 0 whatever N is (1 when the measurement itself failed).
 * Options: --items=<n> (300), --stop-after=<ms> (3000, from the first request), --observe=<ms>
 * (5000), --keep (keep the n8n user folder and n8n's log). PAYSYSTEMS_SKIP_BUILD=1: dist/ is fresh.
 */
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { startSandboxes } = require('./sandboxes');
const { stopCredential, stopWorkflow, measureStop } = require('../bench/stop');

const argv = process.argv.slice(2);
const option = (name, dflt) => Number((argv.find((a) => a.startsWith(`--${name}=`)) || '').split('=')[1]) || dflt;
const STRICT = argv.includes('--strict');
const KEEP = argv.includes('--keep');
const SIZES = { items: option('items', 300), burst: 5, drainPerSecond: 1, stopAfterMs: option('stop-after', 3000), observeMs: option('observe', 5000) };

async function main() {
	console.log('Stop during a paced run, in a real n8n');
	const { step } = n8n.stepTimer();
	const { userFolder, instance } = await n8n.prepareInstance({ prefix: 'paysystems-stop-', step });
	const env = await step('start the sandboxes', () => startSandboxes({ ports: 'free', seed: false }));
	let ok = false;
	let result;
	try {
		await step('n8n import:credentials', () => instance.importCredentials([stopCredential(env, SIZES)]));
		await step('n8n import:workflow', () => instance.importWorkflows([stopWorkflow(env, SIZES)]));
		const log = KEEP ? fs.createWriteStream(path.join(userFolder, 'n8n.log')) : undefined;
		const logged = log ? { ...instance, start: (o) => instance.start({ ...o, onOutput: (t) => log.write(t) }) } : instance;
		result = await step('run, Stop, watch the portal', () => measureStop({ instance: logged, env, sizes: SIZES, log: console.log }));
		log?.end();
		ok = true;
	} finally {
		await env.close();
		if (KEEP || !ok) console.log(`  n8n user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
	console.log(`requests after Stop: ${result.requestsAfterStop}`);
	console.log(`execution ended after Stop: ${result.endedAfterStopMs === undefined ? `not within ${SIZES.observeMs} ms` : `${result.endedAfterStopMs} ms`}`);
	if (!STRICT) return true;
	const passed = result.requestsAfterStop === 0 && result.endedAfterStopMs !== undefined && result.endedAfterStopMs <= 1000;
	console.log(`${passed ? 1 : 0} passed, ${passed ? 0 : 1} failed`);
	return passed;
}

main().then(
	(ok) => process.exit(ok ? 0 : 1),
	(error) => {
		console.error(error.stack || String(error));
		if (STRICT) console.log('0 passed, 1 failed');
		process.exit(1);
	},
);
