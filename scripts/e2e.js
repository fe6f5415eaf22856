'use strict';
/**
 * `npm run test:e2e`: every example workflow, in a real n8n, installed as users install it.
 *
 * Builds and packs the package, installs the tarball into a fresh n8n user folder the way the
 * Community Nodes page does, starts the API sandboxes (free ports), imports their credentials
 * and every workflow of examples/*.json and test/e2e/workflows/*.json, then for each workflow:
 * resets and re-seeds the sandboxes, runs `n8n execute --id=<id> --rawOutput`, and runs its
 * check, test/e2e/checks/<file name>.js, which looks at the items that came out, the sandbox
 * state afterwards (/_sandbox/state) and, for failures, the execution n8n stored. For every
 * workflow the runner also checks that no sandbox secret (a webhook code, a token...) appears in
 * n8n's output or in the stored execution, and at the end that none appears anywhere in the
 * database files.
 *
 * Adding an example: drop examples/<name>.json (node types `n8n-nodes-paysystems.*`, a Manual
 * Trigger, credentials by the ids in sandboxes/demo/*.js) and test/e2e/checks/<name>.js.
 * Examples started by a trigger of this package instead (live workflows: the Invoicebox for
 * Bitrix24 scenario) are skipped here: scripts/scenario.js activates them in a started n8n.
 *
 * A check module exports `check(ctx)` and optionally `expectFailure: true` and
 * `prepare(ctx)` (run after the sandboxes are re-seeded, before the workflow).
 * ctx: assert (node:assert/strict), result ({code, stdout, stderr, ms, run}), run (parsed
 * --rawOutput JSON), output(nodeName, runIndex = 0, outputIndex = 0) → the JSON of the node's
 * items, state(sandboxName), sandboxes (the started sandboxes by name), stored() → the stored
 * execution {status, raw, data}, secrets.
 *
 * Options: PAYSYSTEMS_SKIP_BUILD=1 (dist/ is fresh), E2E_ONLY=<substring of a file name>,
 * E2E_KEEP=1 (keep the n8n user folder).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { runSuite } = require('./lib/suite');
const { startSandboxes } = require('./sandboxes');

const ROOT = n8n.ROOT;
const ARTIFACTS = path.join(ROOT, 'artifacts', 'e2e');

/** Every workflow to run, each with its check module. */
function discoverWorkflows() {
	const sources = [path.join(ROOT, 'examples'), path.join(ROOT, 'test/e2e/workflows')];
	const list = [];
	for (const dir of sources) {
		if (!fs.existsSync(dir)) continue;
		for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
			const name = file.replace(/\.json$/, '');
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			// Started by a webhook trigger, not by hand: run live by scripts/scenario.js.
			if (n8n.isLiveWorkflow(workflow)) continue;
			const checkFile = path.join(ROOT, 'test/e2e/checks', `${name}.js`);
			list.push({ name, file: path.relative(ROOT, path.join(dir, file)), workflow, checkFile });
		}
	}
	if (process.env.E2E_ONLY) return list.filter((w) => w.name.includes(process.env.E2E_ONLY));
	return list;
}

function outputOf(run, nodeName, runIndex = 0, outputIndex = 0) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs) throw new assert.AssertionError({ message: `node "${nodeName}" did not run` });
	const items = runs[runIndex]?.data?.main?.[outputIndex] ?? [];
	return items.map((item) => item.json);
}

const { secretsIn } = n8n;

/**
 * Runs one workflow and its check (see the top of this file); prints ✓ or ✗ and resolves with
 * {name, ok, ms, execMs, error}. `run()` runs the workflow and resolves with {code, stdout,
 * stderr, ms, run (the run as `n8n execute --rawOutput` prints it)}: `n8n execute` here, the
 * editor's REST call on a queue-mode main process in scripts/queue.js. `outputHint`: where
 * n8n's output of the run is kept. The stored execution comes from instance.readExecution().
 */
async function checkWorkflow(w, { instance, sandboxes, secrets, run, outputHint }) {
	const started = Date.now();
	let result;
	try {
		if (!fs.existsSync(w.checkFile)) throw new Error(`no check for ${w.file}: add ${path.relative(ROOT, w.checkFile)}`);
		const spec = require(w.checkFile);
		await sandboxes.reset();
		const ctx = {
			assert,
			sandboxes: sandboxes.byName,
			state: (name) => sandboxes.state(name),
			secrets,
		};
		if (spec.prepare) await spec.prepare(ctx);
		result = await run();
		const leakedInOutput = secretsIn(result.stdout + result.stderr, secrets);
		assert.deepEqual(leakedInOutput, [], 'n8n printed a secret');
		assert.ok(result.run, `no run JSON in the output of n8n execute (exit ${result.code}):\n${n8n.tail(result.stdout + result.stderr, 15)}`);
		if (!spec.expectFailure) {
			assert.equal(result.run.status, 'success', `the run failed: ${result.run.data?.resultData?.error?.message}`);
			assert.equal(result.code, 0);
		}
		let storedExecution;
		const stored = async () => (storedExecution ??= await instance.readExecution(w.workflow.id));
		const execution = await stored();
		if (execution) assert.deepEqual(secretsIn(execution.raw, secrets), [], 'the stored execution holds a secret');
		await spec.check({ ...ctx, result, run: result.run, output: (...args) => outputOf(result.run, ...args), stored });
		console.log(`  ✓ ${w.name} (${((Date.now() - started) / 1000).toFixed(1)} s; run ${(result.ms / 1000).toFixed(1)} s)`);
		return { name: w.name, ok: true, ms: Date.now() - started, execMs: result.ms };
	} catch (error) {
		console.log(`  ✗ ${w.name}\n${String(error.stack || error).replace(/^/gm, '      ')}`);
		if (result && outputHint) console.log(`      n8n output: ${outputHint}`);
		return { name: w.name, ok: false, ms: Date.now() - started, execMs: result?.ms, error };
	}
}

async function main() {
	const t0 = Date.now();
	const { step, timings } = n8n.stepTimer();
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	console.log('End-to-end tests in a real n8n');

	const workflows = discoverWorkflows();
	const ids = new Map();
	for (const w of workflows) {
		if (ids.has(w.workflow.id)) throw new Error(`${w.file} and ${ids.get(w.workflow.id)} share the id ${w.workflow.id}`);
		ids.set(w.workflow.id, w.file);
	}

	const { userFolder, instance } = await n8n.prepareInstance({ prefix: 'paysystems-e2e-', step });
	const sandboxes = await step('start and seed the sandboxes', () => startSandboxes({ ports: 'free' }));
	const secrets = sandboxes.secrets();

	const results = [];
	try {
		await step('n8n import:credentials', () => instance.importCredentials(sandboxes.credentials()));
		await step(`n8n import:workflow (${workflows.length})`, () => instance.importWorkflows(workflows.map((w) => w.workflow)));

		for (const w of workflows) {
			results.push(
				await checkWorkflow(w, {
					instance,
					sandboxes,
					secrets,
					run: async () => {
						const result = await instance.execute(w.workflow.id);
						fs.writeFileSync(path.join(ARTIFACTS, `${w.name}.out.log`), result.stdout + result.stderr);
						return result;
					},
					outputHint: `artifacts/e2e/${w.name}.out.log`,
				}),
			);
		}

		// Nothing in the database (credentials are encrypted, executions must not carry secrets).
		const started = Date.now();
		try {
			const leaks = instance.databaseLeaks(secrets);
			assert.deepEqual(leaks, [], 'a secret is stored in clear in the database');
			results.push({ name: 'no secret in the n8n database', ok: true, ms: Date.now() - started });
			console.log('  ✓ no secret in the n8n database files');
		} catch (error) {
			results.push({ name: 'no secret in the n8n database', ok: false, ms: Date.now() - started, error });
			console.log(`  ✗ no secret in the n8n database files: ${error.message}`);
		}
	} finally {
		await sandboxes.close();
		const failed = results.some((r) => !r.ok);
		if (process.env.E2E_KEEP === '1' || failed) console.log(`  n8n user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}

	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	const total = (Date.now() - t0) / 1000;
	const runs = results.filter((r) => r.execMs);
	console.log('');
	console.log(`End-to-end: ${workflows.length} workflows in ${total.toFixed(1)} s (setup ${(timings.reduce((s, [, ms]) => s + ms, 0) / 1000).toFixed(1)} s, n8n execute ${(runs.reduce((s, r) => s + r.execMs, 0) / 1000).toFixed(1)} s in all)`);
	fs.writeFileSync(path.join(ARTIFACTS, 'timings.json'), JSON.stringify({ totalSeconds: total, steps: timings, workflows: results.map(({ name, ok, ms, execMs }) => ({ name, ok, ms, execMs })) }, null, 2));
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0;
}

module.exports = { discoverWorkflows, checkWorkflow };

if (require.main === module) {
	runSuite(main);
}
