'use strict';
/**
 * `npm run bench`: the package against what users do today, side by side in one run inside the
 * real n8n of the end-to-end tests (n8n 2.41.1, the packed package installed as the Community
 * Nodes page installs it), against the API sandboxes. Prints Markdown tables and writes
 * artifacts/bench/results.json and artifacts/bench/chart.svg (a full run also updates
 * docs/benchmark.svg, the chart the README shows).
 *
 * Scenarios:
 * 1. rateLimit: 300 Bitrix24 payments marked paid (`sale.paysystem.pay.payment`) through the
 *    portal's leaky bucket (burst 50, 2 per second): our node, the HTTP Request node with Retry On
 *    Fail (5 tries, 1 s) and with On Error → Continue, and Bitrix24's official JS SDK
 *    (@bitrix24/b24jssdk, `actions.v2.batchByChunk`: `batch` requests of 50 commands, one hit
 *    each; bench/sdk/, run outside n8n through a local TLS proxy); then the same with half the
 *    bucket spent by another client right before the items go out. Floor of one call per item:
 *    (300 − 50) / 2 = 125 s. Targets compare our node with the SDK of the same run.
 * 2. overhead: engine overhead, 2,000 calls answered at once and 300 calls answered after
 *    100 ms: our node, the HTTP Request node and the floor of n8n's declarative engine (the
 *    bench-only node in bench/floor-node, same call, same credential type, same expressions),
 *    several rounds in one n8n run, the order rotating every round; then one CPU-profiled run of
 *    each (NODE_OPTIONS=--cpu-prof) to see where the time goes.
 * 3. returnAll: Get Many with Return All over 10,000 ActivePlatform payments and 10,000
 *    Invoicebox orders: requests made against the minimum the largest page allows, wall time
 *    and the n8n process's peak memory (VmHWM), next to a one-page run of the same node.
 * 4. invoiceboxLimit: 300 Invoicebox order reads (Order → Get) under its limit of 100 requests
 *    per 30 s: our node and the two HTTP Request set-ups. Floor: (300 − 100) / 100 × 30 s = 60 s.
 * 5. stop: Stop pressed during a paced run of 300 Bitrix24 payments (burst 5, 1 per second) in a
 *    started n8n, through its REST API: requests the portal receives after Stop and how long the
 *    execution takes to end (bench/stop.js; printed, not yet a target that fails the run).
 *
 * Exit code: 0 when every target for our node is met, 2 when the run completed but missed one,
 * 1 when the run failed.
 *
 * Options: --tiny (a few items per scenario, for CI: checks that the benchmark starts and
 * completes), --only=<scenario>[,<scenario>], --rounds=<n> (engine overhead rounds, default 5),
 * --no-profile, --keep (keep the n8n user folder), --report (no run: the tables and the chart
 * again from artifacts/bench/results.json). PAYSYSTEMS_SKIP_BUILD=1: dist/ is fresh.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { startSandboxes } = require('./sandboxes');
const wf = require('../bench/workflows');
const { analyseProfile, CATEGORY_NAMES } = require('../bench/profile');
const { renderChart } = require('../bench/chart');
const { startSdkPeer } = require('../bench/sdk');
const { post, get, paymentItems, prepareBitrix, bitrixOutcome } = require('../bench/portal');
const { stopCredential, stopWorkflow, measureStop } = require('../bench/stop');

const ROOT = n8n.ROOT;
const ARTIFACTS = path.join(ROOT, 'artifacts', 'bench');
const DOCS_CHART = path.join(ROOT, 'docs', 'benchmark.svg');

const argv = process.argv.slice(2);
const TINY = argv.includes('--tiny');
const ONLY = (argv.find((a) => a.startsWith('--only=')) || '').slice('--only='.length).split(',').filter(Boolean);
const ROUNDS = Number((argv.find((a) => a.startsWith('--rounds=')) || '').slice('--rounds='.length)) || (TINY ? 1 : 5);
const PROFILE = !argv.includes('--no-profile') && !TINY;
const KEEP = argv.includes('--keep');

const SIZES = TINY
	? {
			rateLimit: { items: 8, burst: 4, drainPerSecond: 4, neighbourUnits: 2 },
			overhead: { instant: 20, latent: 10, latencyMs: 100, profileItems: 20 },
			returnAll: { rows: 250, pageMax: 100 },
			invoiceboxLimit: { items: 8, max: 4, windowSeconds: 2 },
			stop: { items: 30, burst: 5, drainPerSecond: 1, stopAfterMs: 2000, observeMs: 4000 },
			stopBatches: { items: 500, burst: 5, drainPerSecond: 1, stopAfterMs: 2000, observeMs: 4000, batches: true, id: 'PaySysBenchSTOP2' },
		}
	: {
			rateLimit: { items: 300, burst: 50, drainPerSecond: 2, neighbourUnits: 25 },
			overhead: { instant: 2000, latent: 300, latencyMs: 100, profileItems: 2000 },
			returnAll: { rows: 10000, pageMax: 100 },
			invoiceboxLimit: { items: 300, max: 100, windowSeconds: 30 },
			stop: { items: 300, burst: 5, drainPerSecond: 1, stopAfterMs: 3000, observeMs: 5000 },
			stopBatches: { items: 1500, burst: 5, drainPerSecond: 1, stopAfterMs: 3000, observeMs: 5000, batches: true, id: 'PaySysBenchSTOP2' },
		};

/** Runs of the SDK per bucket scenario (its wall time is their median). */
const SDK_ROUNDS = TINY ? 1 : 3;

const SCENARIOS = ['rateLimit', 'overhead', 'returnAll', 'invoiceboxLimit', 'stop'];
const wanted = (name) => !ONLY.length || ONLY.includes(name);

const VARIANT_LABELS = {
	ours: 'Our node',
	oursSingle: 'Our node, one request per item (Send in Batches off)',
	floor: 'Declarative floor (bench node)',
	http: 'HTTP Request node',
	httpRetry: 'HTTP Request, Retry On Fail (5 × 1 s)',
	httpContinue: 'HTTP Request, On Error → Continue',
	sdk: 'Bitrix24 JS SDK, batchByChunk',
};

/* ------------------------------------------------------------------ helpers */

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
/** A time ratio: two decimals, three below 0.1 (a batch run against the one-call-per-item floor). */
const ratioText = (x) => (x === undefined ? '–' : `${x.toFixed(x < 0.1 ? 3 : 2)}×`);

/** Peak memory of a process: VmHWM (peak resident set) from /proc, sampled until it exits. */
function memorySampler() {
	let peakKb = 0;
	let timer;
	return {
		onSpawn(child) {
			const read = () => {
				try {
					const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
					const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] || 0);
					if (kb > peakKb) peakKb = kb;
				} catch {
					/* gone */
				}
			};
			timer = setInterval(read, 100);
			child.on('exit', () => clearInterval(timer));
		},
		peakMb: () => round(peakKb / 1024),
	};
}

/**
 * Runs a workflow with `n8n execute` and reads the execution n8n stored (the JSON n8n prints can
 * be cut short when it is large: n8n exits before a pipe has taken it all).
 */
async function execute(ctx, id, options) {
	const result = await ctx.instance.execute(id, options);
	const stored = await ctx.instance.readExecution(id);
	if (!stored) throw new Error(`workflow ${id}: no stored execution (exit ${result.code}):\n${n8n.tail(result.stdout + result.stderr, 20)}`);
	return { ...result, runData: stored.data?.resultData?.runData ?? {}, status: stored.status };
}

/** The run of one node in a stored execution's run data. */
function nodeRun(runData, name) {
	const task = runData?.[name]?.[0];
	if (!task) return undefined;
	const items = task.data?.main?.[0] ?? [];
	return {
		ms: task.executionTime,
		startTime: task.startTime,
		error: task.error,
		items: items.map((i) => i.json),
		itemErrors: items.filter((i) => i.json?.error !== undefined || i.error !== undefined).length,
		get succeeded() {
			return this.items.length - this.itemErrors;
		},
	};
}

/**
 * What a user gets from a run of `items` items (`node`: {ms, startTime, error, succeeded}, a node's
 * run or the SDK's): items that came out without an error (none when the run failed: nothing is
 * passed on), wall time and its ratio to the floor.
 */
function itemsOutcome(node, items, floorMs, calls = []) {
	const runFailed = Boolean(node.error);
	const succeeded = runFailed ? 0 : node.succeeded;
	const at = calls.map((c) => c.at).sort((a, b) => a - b);
	return {
		// When the server saw the first and the last call, from the node's start: the engine
		// builds every item's request before the first one goes out.
		firstCallMs: at.length ? at[0] - node.startTime : undefined,
		lastCallMs: at.length ? at[at.length - 1] - node.startTime : undefined,
		items,
		succeeded,
		failed: items - succeeded,
		runFailed,
		error: runFailed ? String(node.error.message || '').slice(0, 200) : undefined,
		ms: node.ms,
		floorMs,
		ratio: floorMs ? node.ms / floorMs : undefined,
	};
}

/* ------------------------------------------------------------------ set-up */

async function setUp(step) {
	await step('dependencies', () => n8n.bootstrap());
	const n8nDir = await step('n8n install (cached)', () => n8n.ensureN8n());
	const userFolder = n8n.tempUserFolder('paysystems-bench-');
	const pack = await step('build and npm pack', () =>
		n8n.buildAndPack(path.join(userFolder, 'pack'), { build: process.env.PAYSYSTEMS_SKIP_BUILD !== '1' }),
	);
	const floorPack = await step('npm pack the floor node (bench/floor-node)', () => {
		const out = require('node:child_process').execFileSync(
			'npm',
			['pack', '--json', '--pack-destination', path.join(userFolder, 'pack'), path.join(ROOT, 'bench', 'floor-node')],
			{ cwd: ROOT, encoding: 'utf8' },
		);
		const [info] = JSON.parse(out.slice(out.indexOf('[')));
		return { tarball: path.join(userFolder, 'pack', info.filename), shasum: info.shasum };
	});
	await step('install both tarballs as community packages', () => {
		n8n.installPackage(userFolder, pack.tarball, pack.shasum);
		n8n.installPackage(userFolder, floorPack.tarball, floorPack.shasum);
	});
	const brokerPort = await n8n.freePort();
	return { n8nDir, userFolder, instance: n8n.instance({ n8nDir, userFolder, brokerPort }) };
}

/** Credentials: the demo profiles' ones plus the bench's own variants. */
function benchCredentials(env) {
	const b24 = env.byName.bitrix24;
	const ibx = env.byName.invoicebox;
	const { burst, drainPerSecond } = SIZES.rateLimit;
	const standard = burst === 50 && drainPerSecond === 2;
	const demo = env.credentials();
	const ibxDemo = demo.find((c) => c.type === 'invoiceboxApi');
	return [
		...demo,
		{
			id: 'PaySysBenchB24Of',
			name: 'Bitrix24 sandbox (no pacing)',
			type: 'bitrix24WebhookApi',
			data: { secretWebhookUrl: b24.webhookUrl(), rateLimitPlan: 'off' },
		},
		{
			id: 'PaySysBenchB24Lm',
			name: 'Bitrix24 sandbox (bench plan)',
			type: 'bitrix24WebhookApi',
			data: standard
				? { secretWebhookUrl: b24.webhookUrl(), rateLimitPlan: 'standard' }
				: { secretWebhookUrl: b24.webhookUrl(), rateLimitPlan: 'custom', burst, drainPerSecond },
		},
		{
			id: 'PaySysBenchIbxLm',
			name: 'Invoicebox sandbox (bench limit)',
			type: 'invoiceboxApi',
			data: { ...ibxDemo.data, baseUrl: ibx.url, rateLimit: SIZES.invoiceboxLimit.max, rateLimitWindow: SIZES.invoiceboxLimit.windowSeconds },
		},
		stopCredential(env, SIZES.stop),
	];
}

const CRED = {
	b24Off: { id: 'PaySysBenchB24Of', name: 'Bitrix24 sandbox (no pacing)' },
	b24Limited: { id: 'PaySysBenchB24Lm', name: 'Bitrix24 sandbox (bench plan)' },
	ibxLimited: { id: 'PaySysBenchIbxLm', name: 'Invoicebox sandbox (bench limit)' },
	ibx: { id: 'PaySysInvoiceDmo', name: 'Invoicebox sandbox' },
	ap: { id: 'PaySysActivePlDm', name: 'ActivePlatform sandbox' },
};

/* ------------------------------------------------------------------ sandboxes */

/* ------------------------------------------------------------------ scenarios */

/**
 * Every workflow of the run is built before n8n starts (one import for all), then each scenario
 * runs its own.
 */
function planRateLimit(env) {
	const { items, neighbourUnits } = SIZES.rateLimit;
	const b24 = env.byName.bitrix24;
	const runs = [];
	let seq = 0;
	for (const hidden of [false, true]) {
		for (const variant of ['ours', 'httpRetry', 'httpContinue']) {
			const id = `PaySysBenchRL${String(++seq).padStart(3, '0')}`;
			const target = wf.bitrixPayNode(variant, { name: 'Pay', credential: CRED.b24Limited, webhookUrl: b24.webhookUrl() });
			const before = hidden ? wf.neighbourNode(b24.url, neighbourUnits) : undefined;
			runs.push({ id, variant, hidden, workflow: wf.single(id, `Bench: rate limit, ${variant}${hidden ? ', bucket half used' : ''}`, paymentItems(items), target, { before }) });
		}
		// The official SDK: no workflow, a process of its own (runSdk).
		runs.push({ id: `sdk${hidden ? ' (bucket half used)' : ''}`, variant: 'sdk', hidden });
	}
	return runs;
}

/**
 * The SDK's run of the same payments under the same bucket: `batchByChunk` with halt off, its own
 * limiter set to the bucket (the SDK's default is the standard plan's). The hidden neighbour
 * spends its part of the bucket right before, as in the workflows. Returns {ms, startTime, error,
 * succeeded} as nodeRun() does for a node.
 */
async function runSdk(ctx, hidden) {
	const { items, burst, drainPerSecond, neighbourUnits } = SIZES.rateLimit;
	const b24 = ctx.env.byName.bitrix24;
	ctx.sdkPeer ??= await startSdkPeer(b24);
	if (hidden) await post(`${b24.url}/_sandbox/spend`, { units: neighbourUnits });
	const calls = paymentItems(items).map((p) => ['sale.paysystem.pay.payment', { PAYMENT_ID: p.paymentId, PAY_SYSTEM_ID: p.paySystemId }]);
	const { steps: [step], processMs } = await ctx.sdkPeer.run({
		restrictionParams: { rateLimit: { burstLimit: burst, drainRate: drainPerSecond, adaptiveEnabled: true } },
		steps: [{ action: 'batchByChunk', calls, options: { isHaltOnError: false } }],
	});
	return {
		ms: step.ms,
		processMs,
		startTime: step.startedAt,
		error: step.thrown ? { message: `${step.thrown.code}: ${step.thrown.message}` } : undefined,
		// batchByChunk returns the results of the commands that succeeded (true for a payment made).
		succeeded: (step.data || []).filter((x) => x === true).length,
	};
}

async function runRateLimit(ctx, runs) {
	const { items, burst, drainPerSecond, neighbourUnits } = SIZES.rateLimit;
	const rows = [];
	for (const r of runs) {
		let since = await prepareBitrix(ctx.env, items, { burst, drainPerSecond });
		let node;
		if (r.variant === 'sdk') {
			// A run takes well under a second: its wall time is the median of SDK_ROUNDS runs, each on a
			// fresh portal (the other figures are the last run's).
			const times = [];
			const processTimes = [];
			for (let k = 0; k < SDK_ROUNDS; k++) {
				if (k) since = await prepareBitrix(ctx.env, items, { burst, drainPerSecond });
				node = await runSdk(ctx, r.hidden);
				times.push(node.ms);
				processTimes.push(node.processMs);
			}
			node = { ...node, ms: median(times), roundsMs: times, processMs: median(processTimes) };
		} else {
			const result = await execute(ctx, r.id, { timeoutMs: 900000 });
			node = nodeRun(result.runData, 'Pay');
			if (!node) throw new Error(`rate limit run ${r.id}: the node did not run (exit ${result.code}):\n${n8n.tail(result.stdout + result.stderr, 20)}`);
		}
		const { callLog, ...outcome } = await bitrixOutcome(ctx.env, since);
		const available = burst - (r.hidden ? neighbourUnits : 0);
		const floorMs = (Math.max(0, items - available) / drainPerSecond) * 1000;
		const row = {
			scenario: r.hidden ? 'bucket half used by another client' : 'empty bucket',
			variant: r.variant,
			...itemsOutcome(node, items, floorMs, callLog),
			...outcome,
			rejectedShare: outcome.requests ? outcome.rejected / outcome.requests : 0,
			...(node.roundsMs ? { roundsMs: node.roundsMs, processMs: node.processMs } : {}),
		};
		rows.push(row);
		ctx.log(`  ${row.scenario}, ${VARIANT_LABELS[r.variant]}: ${row.succeeded}/${items} in ${seconds(node.ms)} (${ratioText(row.ratio)} floor), first call after ${seconds(row.firstCallMs ?? 0)}, ${outcome.requests} HTTP requests, accepted ${outcome.accepted}, rejected ${outcome.rejected}, duplicates ${outcome.duplicates}${row.error ? `, ${row.error}` : ''}${row.roundsMs ? ` (median of ${row.roundsMs.join(', ')} ms; the whole SDK process, Node.js start and loading the SDK included, median: ${seconds(row.processMs)})` : ''}`);
	}
	return rows;
}

/** Engine overhead: one workflow per workload, every variant `ROUNDS` times, rotating. */
function planOverhead(env) {
	const b24 = env.byName.bitrix24;
	const variants = ['ours', 'oursSingle', 'floor', 'http'];
	const make = (variant, name) => wf.bitrixPayNode(variant, { name, credential: CRED.b24Off, webhookUrl: b24.webhookUrl() });
	const plans = [];
	for (const [workload, items] of [
		['instant', SIZES.overhead.instant],
		['latent', SIZES.overhead.latent],
	]) {
		const order = [];
		// A warm-up of each first (not counted): n8n loads node types and the JIT warms up.
		if (!TINY) for (const v of variants) order.push({ variant: v, name: `warm-up ${v}`, warmUp: true });
		for (let r = 0; r < ROUNDS; r++) {
			for (let k = 0; k < variants.length; k++) {
				const v = variants[(k + r) % variants.length];
				order.push({ variant: v, name: `round ${r + 1} ${v}`, round: r + 1 });
			}
		}
		const id = `PaySysBenchOH${workload === 'instant' ? 'IN' : 'LT'}0`;
		plans.push({ id, workload, items, order, workflow: wf.branches(id, `Bench: engine overhead, ${workload}`, paymentItems(items), order, make) });
	}
	if (PROFILE) {
		// One process per variant; a warm-up run of the node first (n8n loads node types and
		// finishes its start-up in the background meanwhile, and the JIT warms up).
		for (const v of variants) {
			const id = `PaySysBenchPF${v.slice(0, 3).toUpperCase()}`;
			const order = [
				{ variant: v, name: 'Warm-up' },
				{ variant: v, name: 'Node under test' },
			];
			plans.push({ id, workload: 'profile', variant: v, items: SIZES.overhead.profileItems, workflow: wf.branches(id, `Bench: profile ${v}`, paymentItems(SIZES.overhead.profileItems), order, make) });
		}
	}
	return plans;
}

async function runOverhead(ctx, plans) {
	const b24 = ctx.env.byName.bitrix24;
	const results = { workloads: [], profiles: [] };
	for (const plan of plans.filter((p) => p.workload !== 'profile')) {
		await prepareBitrix(ctx.env, plan.items, null);
		if (plan.workload === 'latent') await post(`${b24.url}/_sandbox/latency`, { ms: SIZES.overhead.latencyMs });
		const result = await execute(ctx, plan.id, { timeoutMs: 1800000 });
		const byVariant = {};
		for (const entry of plan.order) {
			const node = nodeRun(result.runData, entry.name);
			if (!node) throw new Error(`overhead run ${plan.id}: ${entry.name} did not run`);
			if (node.error || node.items.length !== plan.items || node.itemErrors) {
				throw new Error(`overhead run ${plan.id}: ${entry.name} failed (${node.error?.message ?? `${node.items.length} items, ${node.itemErrors} errors`})`);
			}
			if (entry.warmUp) continue;
			(byVariant[entry.variant] ??= []).push(node.ms);
		}
		const summary = {};
		for (const [variant, times] of Object.entries(byVariant)) {
			const perSecond = times.map((ms) => plan.items / (ms / 1000));
			summary[variant] = {
				times,
				medianMs: median(times),
				itemsPerSecond: round(median(perSecond), 1),
				minPerSecond: round(Math.min(...perSecond), 1),
				maxPerSecond: round(Math.max(...perSecond), 1),
				msPerItem: round(median(times) / plan.items, 2),
			};
		}
		summary.oursOverFloor = round(summary.ours.medianMs / summary.floor.medianMs, 3);
		summary.singleOverFloor = round(summary.oursSingle.medianMs / summary.floor.medianMs, 3);
		summary.singleOverHttp = round(summary.oursSingle.medianMs / summary.http.medianMs, 2);
		summary.oursOverHttp = round(summary.ours.medianMs / summary.http.medianMs, 2);
		summary.floorOverHttp = round(summary.floor.medianMs / summary.http.medianMs, 2);
		results.workloads.push({ workload: plan.workload, items: plan.items, latencyMs: plan.workload === 'latent' ? SIZES.overhead.latencyMs : 0, rounds: ROUNDS, summary });
		await post(`${b24.url}/_sandbox/latency`, { ms: 0 });
		ctx.log(
			`  ${plan.workload} (${plan.items} items): ours ${summary.ours.itemsPerSecond}/s, ours one request per item ${summary.oursSingle.itemsPerSecond}/s, floor ${summary.floor.itemsPerSecond}/s, HTTP ${summary.http.itemsPerSecond}/s; ours ÷ floor ${summary.oursOverFloor}×`,
		);
	}
	for (const plan of plans.filter((p) => p.workload === 'profile')) {
		await prepareBitrix(ctx.env, plan.items, null);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paysystems-cpuprof-'));
		let spawnedAt;
		const onSpawn = (child) => {
			spawnedAt = Date.now();
			plan.pid = child.pid;
		};
		const result = await execute(ctx, plan.id, { timeoutMs: 900000, env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` }, onSpawn });
		const node = nodeRun(result.runData, 'Node under test');
		if (!node || node.error) throw new Error(`profile run ${plan.id} failed (exit ${result.code})`);
		const file = fs.readdirSync(dir).find((f) => f.includes(`.${plan.pid}.`)) ?? fs.readdirSync(dir)[0];
		if (!file) throw new Error(`profile run ${plan.id}: no CPU profile written`);
		// The profile starts with the process (a few ms after the spawn).
		const analysis = analyseProfile(path.join(dir, file), { fromMs: node.startTime - spawnedAt, durationMs: node.ms });
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		fs.copyFileSync(path.join(dir, file), path.join(ARTIFACTS, `${plan.variant}.cpuprofile`));
		fs.rmSync(dir, { recursive: true, force: true });
		results.profiles.push({ variant: plan.variant, items: plan.items, nodeMs: node.ms, ...analysis });
		ctx.log(`  profile ${plan.variant}: node ${node.ms} ms, ${analysis.cpuMs} ms CPU in the window`);
	}
	return results;
}

function planReturnAll() {
	const runs = [];
	for (const api of ['activeplatform', 'invoicebox']) {
		for (const baseline of [false, true]) {
			const id = `PaySysBenchRA${api === 'activeplatform' ? 'AP' : 'IB'}${baseline ? 'B' : 'A'}`;
			const credential = api === 'activeplatform' ? CRED.ap : CRED.ibx;
			const target = wf.returnAllNode(api, { name: 'Get Many', credential, limit: baseline ? 1 : undefined });
			runs.push({ id, api, baseline, workflow: wf.single(id, `Bench: Return All ${api}${baseline ? ' (one row)' : ''}`, [{}], target) });
		}
	}
	return runs;
}

async function seedRows(env, api, rows) {
	const sandbox = env.byName[api];
	await post(`${sandbox.url}/_sandbox/reset`, {});
	if (api === 'activeplatform') {
		const payments = Array.from({ length: rows }, (_, i) => ({ accountId: 505 + (i % 2), total: 10 + (i % 90), currency: 'USD', documentId: String(100000 + i), comment: `Bench payment ${i + 1}` }));
		await post(`${sandbox.url}/_sandbox/payments`, payments);
	} else {
		await post(`${sandbox.url}/_sandbox/orders`, { count: rows, prefix: 'BENCH-' });
	}
}

async function runReturnAll(ctx, runs) {
	const { rows, pageMax } = SIZES.returnAll;
	const out = [];
	for (const r of runs) {
		await seedRows(ctx.env, r.api, rows);
		const sandbox = ctx.env.byName[r.api];
		const memory = memorySampler();
		const result = await execute(ctx, r.id, { timeoutMs: 900000, onSpawn: memory.onSpawn });
		const node = nodeRun(result.runData, 'Get Many');
		if (!node || node.error) throw new Error(`Return All run ${r.id} failed (exit ${result.code}): ${node?.error?.message ?? n8n.tail(result.stdout + result.stderr, 20)}`);
		const listMethod = r.api === 'activeplatform' ? 'payments.list' : 'order.list';
		const calls = (await get(`${sandbox.url}/_sandbox/calls`)).filter((c) => c.method === listMethod);
		const wantRows = r.baseline ? 1 : rows;
		const row = {
			api: r.api,
			baseline: r.baseline,
			rows: node.items.length,
			expectedRows: wantRows,
			requests: calls.length,
			rejected: calls.filter((c) => c.accepted === false).length,
			pageSizes: [...new Set(calls.map((c) => Number(c.query?.page?.size ?? c.query?.pageSize ?? c.query?._pageSize)))],
			minimumRequests: Math.ceil(wantRows / pageMax),
			ms: node.ms,
			peakMemoryMb: memory.peakMb(),
		};
		if (row.rows !== wantRows) throw new Error(`Return All run ${r.id}: ${row.rows} rows instead of ${wantRows}`);
		out.push(row);
		ctx.log(`  ${r.api}${r.baseline ? ' (one row)' : ''}: ${row.rows} rows, ${row.requests} requests (minimum ${row.minimumRequests}), ${seconds(row.ms)}, peak ${row.peakMemoryMb} MB`);
	}
	return out;
}

/**
 * The orders are seeded first (the workflows carry their IDs); every variant reads the same
 * orders. Return All runs come before in the run order and reset the Invoicebox sandbox, so
 * they are seeded again before this scenario runs (same IDs: see runInvoiceboxLimit).
 */
async function planInvoiceboxLimit(env) {
	const ibx = env.byName.invoicebox;
	const { items } = SIZES.invoiceboxLimit;
	const token = benchCredentials(env).find((c) => c.id === CRED.ibxLimited.id).data.token;
	const ids = await seedReadOrders(env);
	return ['ours', 'httpRetry', 'httpContinue'].map((variant, i) => {
		const id = `PaySysBenchIL${String(i + 1).padStart(3, '0')}`;
		const target = wf.invoiceboxGetNode(variant, { name: 'Get', credential: CRED.ibxLimited, baseUrl: ibx.url, token });
		const input = ids.slice(0, items).map((orderId) => ({ orderId }));
		return { id, variant, workflow: wf.single(id, `Bench: Invoicebox limit, ${variant}`, input, target) };
	});
}

/** The orders the Invoicebox limit runs read (IDs kept so that a re-seed restores the same ones). */
let readOrders;
async function seedReadOrders(env) {
	const ibx = env.byName.invoicebox;
	const { items, max, windowSeconds } = SIZES.invoiceboxLimit;
	await post(`${ibx.url}/_sandbox/reset`, { rateLimit: { max, windowMs: windowSeconds * 1000 } });
	const { ids } = await post(`${ibx.url}/_sandbox/orders`, { count: items, prefix: 'READ-', ids: readOrders });
	readOrders = ids;
	return ids;
}

async function runInvoiceboxLimit(ctx, runs) {
	const { items, max, windowSeconds } = SIZES.invoiceboxLimit;
	const out = [];
	const ibx = ctx.env.byName.invoicebox;
	await seedReadOrders(ctx.env);
	for (const r of runs) {
		// A fresh window per run (the orders stay); only this run's calls count.
		await post(`${ibx.url}/_sandbox/settings`, { rateLimit: { max, windowMs: windowSeconds * 1000 } });
		const since = Date.now();
		const result = await execute(ctx, r.id, { timeoutMs: 900000 });
		const node = nodeRun(result.runData, 'Get');
		if (!node) throw new Error(`Invoicebox run ${r.id}: the node did not run (exit ${result.code}):\n${n8n.tail(result.stdout + result.stderr, 20)}`);
		const calls = (await get(`${ibx.url}/_sandbox/calls`)).filter((c) => c.method === 'order.list' && c.at >= since);
		const floorMs = (Math.max(0, items - max) / max) * windowSeconds * 1000;
		const row = {
			variant: r.variant,
			...itemsOutcome(node, items, floorMs, calls),
			calls: calls.length,
			accepted: calls.filter((c) => c.accepted === true).length,
			rejected: calls.filter((c) => c.accepted === false).length,
		};
		// How much later than the window allows each wave of `max` accepted calls came.
		const accepted = calls.filter((c) => c.accepted === true).map((c) => c.at).sort((a, b) => a - b);
		row.waveLateMs = [];
		for (let k = max; k < accepted.length; k += max) row.waveLateMs.push(accepted[k] - accepted[k - max] - windowSeconds * 1000);
		row.rejectedShare = row.calls ? row.rejected / row.calls : 0;
		out.push(row);
		ctx.log(`  ${VARIANT_LABELS[r.variant]}: ${row.succeeded}/${items} in ${seconds(node.ms)} (${row.ratio.toFixed(2)}× floor), first call after ${seconds(row.firstCallMs ?? 0)}, waves late by ${row.waveLateMs.join(', ')} ms, calls ${row.calls}, rejected ${row.rejected}`);
	}
	return out;
}

/** Stop during a paced run (bench/stop.js): one run, in a started n8n. */
function planStop(env) {
	return [
		{ id: 'stop', workflow: stopWorkflow(env, SIZES.stop) },
		{ id: 'stopBatches', workflow: stopWorkflow(env, SIZES.stopBatches) },
	];
}

/** Stop in a run of single requests, then in a run of batches: the worse of the two is the figure. */
async function runStop(ctx) {
	ctx.log('  one request per payment ("Send in Batches" off):');
	const single = await measureStop({ instance: ctx.instance, env: ctx.env, sizes: SIZES.stop, log: ctx.log });
	ctx.log('  in batches of 50:');
	const batched = await measureStop({ instance: ctx.instance, env: ctx.env, sizes: SIZES.stopBatches, log: ctx.log });
	return {
		...single,
		runs: [single, batched],
		requestsAfterStop: single.requestsAfterStop + batched.requestsAfterStop,
		endedAfterStopMs: Math.max(single.endedAfterStopMs ?? Infinity, batched.endedAfterStopMs ?? Infinity),
	};
}

/* ------------------------------------------------------------------ report */

function table(headers, rows) {
	const lines = [`| ${headers.join(' | ')} |`, `|${headers.map((h, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`];
	for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
	return lines.join('\n');
}

function report(results) {
	const { sizes, rounds } = results;
	const out = [];
	const pct = (x) => `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)} %`;
	if (results.rateLimit) {
		const { items, burst, drainPerSecond } = sizes.rateLimit;
		out.push(`### 1. ${items} Bitrix24 payments under the portal's limit (burst ${burst}, ${drainPerSecond} per second)\n`);
		out.push(
			'Calls accepted: payments the portal carried out (plain calls or commands of a `batch`); calls rejected: HTTP requests the bucket refused; the floor is that of one call per item. ' +
				`The SDK's wall time is that of \`batchByChunk\` inside its process (median of ${SDK_ROUNDS} run${SDK_ROUNDS > 1 ? 's' : ''}), as a node's is its own run inside n8n.\n`,
		);
		out.push(
			table(
				['Bucket at start', 'Node', 'Items succeeded', 'Items failed', 'Calls accepted', 'Duplicates', 'Calls rejected', 'HTTP requests', 'First call after', 'Wall time', 'Floor', 'Wall ÷ floor'],
				results.rateLimit.map((r) => [
					r.scenario,
					VARIANT_LABELS[r.variant],
					`${r.succeeded}`,
					`${r.failed}${r.runFailed ? ' (run failed)' : ''}`,
					`${r.accepted}`,
					`${r.duplicates}`,
					`${r.rejected} (${pct(r.rejectedShare)})`,
					`${r.requests ?? r.calls}`,
					seconds(r.firstCallMs ?? 0),
					seconds(r.ms),
					seconds(r.floorMs),
					r.succeeded === r.items ? ratioText(r.ratio) : '–',
				]),
			),
		);
		out.push('');
	}
	if (results.overhead) {
		out.push(`### 2. Engine overhead (items per second, median of ${rounds} rounds, min–max)\n`);
		const rows = [];
		for (const w of results.overhead.workloads) {
			const label = w.latencyMs ? `${w.items} calls, ${w.latencyMs} ms per answer` : `${w.items} calls, instant answers`;
			for (const v of ['ours', 'oursSingle', 'floor', 'http']) {
				const s = w.summary[v];
				if (!s) continue; // results.json of a run before this variant (--report)
				const ratio = { ours: `${w.summary.oursOverFloor}× floor`, oursSingle: `${w.summary.singleOverFloor}× floor, ${w.summary.singleOverHttp}× HTTP`, floor: `${w.summary.floorOverHttp}× HTTP` }[v] ?? '';
				rows.push([label, VARIANT_LABELS[v], `${s.itemsPerSecond}`, `${s.minPerSecond}–${s.maxPerSecond}`, `${s.msPerItem}`, ratio]);
			}
		}
		out.push(table(['Workload', 'Node', 'Items/s', 'Spread', 'ms per item', 'Time ratio'], rows));
		out.push('');
		if (results.overhead.profiles.length) {
			const profiles = results.overhead.profiles;
			out.push(`CPU time of the node's run by category, ms per item (${profiles[0].items} calls, one profiled run each):\n`);
			const cats = CATEGORY_NAMES.filter((c) => profiles.some((p) => p.byCategory[c]));
			const per = (p, c) => ((p.byCategory[c] || 0) / p.items).toFixed(2);
			out.push(
				table(
					['Category', ...profiles.map((p) => VARIANT_LABELS[p.variant])],
					[...cats.map((c) => [c, ...profiles.map((p) => per(p, c))]), ['**total CPU**', ...profiles.map((p) => (p.cpuMs / p.items).toFixed(2))], ['node run time (wall)', ...profiles.map((p) => (p.nodeMs / p.items).toFixed(2))]],
				),
			);
			out.push('');
		}
	}
	if (results.returnAll) {
		out.push(`### 3. Return All (${sizes.returnAll.rows.toLocaleString('en')} rows; the sandboxes cap a page at ${sizes.returnAll.pageMax})\n`);
		out.push(
			table(
				['API', 'Run', 'Rows', 'Requests', 'Minimum', 'Page size asked', 'Rejected', 'Wall time', 'Peak memory (n8n process)'],
				results.returnAll.map((r) => [
					r.api === 'activeplatform' ? 'ActivePlatform payments' : 'Invoicebox orders',
					r.baseline ? 'Limit 1 (baseline)' : 'Return All',
					`${r.rows}`,
					`${r.requests}`,
					`${r.minimumRequests}`,
					r.pageSizes.join(', '),
					`${r.rejected}`,
					seconds(r.ms),
					`${r.peakMemoryMb} MB`,
				]),
			),
		);
		out.push('');
	}
	if (results.invoiceboxLimit) {
		const { items, max, windowSeconds } = sizes.invoiceboxLimit;
		out.push(`### 4. ${items} Invoicebox order reads under its limit (${max} requests per ${windowSeconds} s)\n`);
		out.push(
			table(
				['Node', 'Items succeeded', 'Items failed', 'Calls', 'Calls rejected', 'First call after', 'Wall time', 'Floor', 'Wall ÷ floor'],
				results.invoiceboxLimit.map((r) => [
					VARIANT_LABELS[r.variant],
					`${r.succeeded}`,
					`${r.failed}${r.runFailed ? ' (run failed)' : ''}`,
					`${r.calls}`,
					`${r.rejected} (${pct(r.rejectedShare)})`,
					seconds(r.firstCallMs ?? 0),
					seconds(r.ms),
					seconds(r.floorMs),
					r.succeeded === r.items ? `${r.ratio.toFixed(2)}×` : '–',
				]),
			),
		);
		out.push('');
	}
	if (results.stop) {
		const first = results.stop;
		out.push(`### 5. Stop during a paced run (Bitrix24 payments, burst ${first.burst}, ${first.drainPerSecond} per second)\n`);
		out.push(
			table(
				['Run', 'Stop pressed', 'Requests before Stop', `Requests after Stop (${first.observeMs / 1000} s)`, 'Payments made after Stop', 'Execution ended after Stop'],
				(first.runs || [first]).map((r) => [
					`${r.items} payments, ${r.batches ? 'in batches of 50' : 'one request each'}`,
					`${seconds(r.stoppedAfterFirstRequestMs)} after the first request`,
					`${r.requestsBeforeStop}`,
					`${r.requestsAfterStop}`,
					`${r.paidAfterStop}`,
					r.endedAfterStopMs === undefined ? `not within ${r.observeMs / 1000} s` : `${seconds(r.endedAfterStopMs)} (${r.status})`,
				]),
			),
		);
		out.push('');
	}
	return out.join('\n');
}

/** The targets the issue sets for our node; each {name, ok, detail, enforced?} (`enforced: false`: printed, not counted). */
function targets(results) {
	const TINY = results.tiny;
	const checks = [];
	for (const r of (results.rateLimit || []).filter((x) => x.variant === 'ours')) {
		const full = r.scenario === 'empty bucket';
		checks.push({ name: `rate limit (${r.scenario}): all items, no duplicate`, ok: r.succeeded === r.items && r.duplicates === 0, detail: `${r.succeeded}/${r.items}, ${r.duplicates} duplicates` });
		// (The floor of one request per item no longer bounds our node: its batches go far below it.)
		if (full && !TINY) {
			checks.push({ name: 'rate limit: under 1 % of HTTP requests rejected', ok: r.rejectedShare < 0.01, detail: `${r.rejected} of ${r.requests ?? r.calls}` });
		}
		// Issue 12: batches of 50 (one more request allowed), and no slower than 1.5× the official SDK in the same run.
		const most = Math.ceil(r.items / 50) + 1;
		const requests = r.requests ?? r.calls; // results.json of a run before this column (--report)
		checks.push({ name: `rate limit (${r.scenario}): ${r.items} payments in at most ${most} HTTP requests`, ok: requests <= most, detail: `${requests} requests` });
		const sdk = results.rateLimit.find((x) => x.variant === 'sdk' && x.scenario === r.scenario);
		if (sdk && !TINY) {
			// What each user waits for: the SDK as a script (its process: Node.js start, the SDK
			// loaded, the batches), our node's run in an n8n that is already running. The issue's
			// "today ~60×" was measured this way (127 s against about 2 s). The SDK's in-process time
			// (batchByChunk alone) is shown beside it.
			const sdkDone = sdk.succeeded === sdk.items;
			const sdkMs = sdk.processMs ?? sdk.ms;
			checks.push({
				name: `rate limit (${r.scenario}): wall time within 1.5× the Bitrix24 JS SDK script's`,
				ok: sdkDone && r.ms <= 1.5 * sdkMs,
				detail: sdkDone
					? `${seconds(r.ms)} vs ${seconds(sdkMs)} (${(r.ms / sdkMs).toFixed(2)}×; ${(r.ms / sdk.ms).toFixed(2)}× the SDK's batchByChunk call alone, ${seconds(sdk.ms)})`
					: `the SDK paid ${sdk.succeeded}/${sdk.items}: no comparison`,
			});
		}
	}
	for (const w of results.overhead?.workloads || []) {
		if (!TINY) checks.push({ name: `engine overhead (${w.workload}): within 1.1× the declarative floor`, ok: w.summary.oursOverFloor <= 1.1, detail: `${w.summary.oursOverFloor}×` });
	}
	// Issue 12: CPU per item at most 1.2× the HTTP Request node's (one profiled run of each).
	const profiles = results.overhead?.profiles || [];
	const cpu = (variant) => profiles.find((p) => p.variant === variant);
	if (cpu('ours') && cpu('http') && !TINY) {
		const ours = cpu('ours').cpuMs / cpu('ours').items;
		const http = cpu('http').cpuMs / cpu('http').items;
		checks.push({ name: 'engine overhead: CPU per item within 1.2× the HTTP Request node', ok: ours <= 1.2 * http, detail: `${ours.toFixed(2)} vs ${http.toFixed(2)} ms (${(ours / http).toFixed(2)}×)` });
		if (cpu('oursSingle')) {
			const single = cpu('oursSingle').cpuMs / cpu('oursSingle').items;
			checks.push({ name: 'engine overhead: CPU per item within 1.2× the HTTP Request node, one request per item', ok: single <= 1.2 * http, detail: `${single.toFixed(2)} vs ${http.toFixed(2)} ms (${(single / http).toFixed(2)}×)` });
		}
	}
	for (const r of (results.returnAll || []).filter((x) => !x.baseline)) {
		checks.push({ name: `Return All (${r.api}): every row`, ok: r.rows === r.expectedRows, detail: `${r.rows}` });
	}
	for (const r of (results.invoiceboxLimit || []).filter((x) => x.variant === 'ours')) {
		checks.push({ name: 'Invoicebox limit: all items, none rejected', ok: r.succeeded === r.items && r.rejected === 0, detail: `${r.succeeded}/${r.items}, ${r.rejected} rejected, ${r.ratio.toFixed(3)}× floor` });
	}
	if (results.stop) {
		checks.push({ name: 'Stop: no request after Stop', ok: results.stop.requestsAfterStop === 0, detail: `requests after Stop: ${results.stop.requestsAfterStop}` });
		checks.push({ name: 'Stop: the execution ends within 1 s', ok: results.stop.endedAfterStopMs <= 1000, detail: `${results.stop.endedAfterStopMs} ms` });
	}
	return checks;
}

/* ------------------------------------------------------------------ main */

/** Tables, targets and chart of a run's results (results.md, chart.svg; docs/ for a full run). */
function publish(results, log) {
	results.targets = targets(results);
	const text = report(results);
	fs.writeFileSync(path.join(ARTIFACTS, 'results.md'), text);
	const svg = renderChart(results, { labels: VARIANT_LABELS });
	fs.writeFileSync(path.join(ARTIFACTS, 'chart.svg'), svg);
	const full = !results.tiny && !results.only?.length;
	if (full) fs.writeFileSync(DOCS_CHART, svg);
	log('');
	log(text);
	log('Targets for our node:');
	for (const c of results.targets) log(`  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}${c.enforced === false ? ' (not enforced yet)' : ''}`);
	log(`\nartifacts/bench/results.json, results.md, chart.svg${full ? ', docs/benchmark.svg' : ''}`);
}

async function main() {
	const t0 = Date.now();
	const log = (...a) => console.log(...a);
	const step = async (label, fn) => {
		const started = Date.now();
		const value = await fn();
		log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return value;
	};
	log(`Benchmark${TINY ? ' (tiny run)' : ''} in a real n8n`);
	for (const name of ONLY) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario ${name} (${SCENARIOS.join(', ')})`);
	const { userFolder, instance } = await setUp(step);
	const env = await step('start the sandboxes', () => startSandboxes({ ports: 'free', seed: false }));
	const ctx = { env, instance, log };
	const results = { tiny: TINY, only: ONLY, rounds: ROUNDS, startedAt: new Date(t0).toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: 'n8n 2.41.1 on Node 24', loadAverage: os.loadavg() }, sizes: SIZES };
	let ok = false;
	let missed = 0;
	try {
		const steps = [
			['rateLimit', '1. Bitrix24 under its rate limit', planRateLimit, runRateLimit],
			['overhead', '2. Engine overhead', planOverhead, runOverhead],
			['returnAll', '3. Return All', planReturnAll, runReturnAll],
			['invoiceboxLimit', '4. Invoicebox under its rate limit', planInvoiceboxLimit, runInvoiceboxLimit],
			['stop', '5. Stop during a paced run', planStop, runStop],
		].filter(([name]) => wanted(name));
		const plans = {};
		for (const [name, , plan] of steps) plans[name] = await plan(env);
		const workflows = steps.flatMap(([name]) => plans[name].filter((r) => r.workflow).map((r) => r.workflow));
		await step('n8n import:credentials', () => instance.importCredentials(benchCredentials(env)));
		await step(`n8n import:workflow (${workflows.length})`, () => instance.importWorkflows(workflows));
		for (const [name, title, , run] of steps) {
			log(title);
			results[name] = await run(ctx, plans[name]);
		}
		results.finishedAt = new Date().toISOString();
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));
		publish(results, log);
		log(`\nBenchmark done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
		ok = true;
		missed = results.targets.filter((c) => !c.ok && c.enforced !== false).length;
	} finally {
		await ctx.sdkPeer?.close();
		await env.close();
		if (KEEP || !ok) log(`  n8n user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
	if (missed) log(`${missed} target(s) missed: exit code 2`);
	return ok ? (missed ? 2 : 0) : 1;
}

if (require.main === module && argv.includes('--report')) {
	publish(JSON.parse(fs.readFileSync(path.join(ARTIFACTS, 'results.json'), 'utf8')), console.log);
} else if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(error.stack || String(error));
			process.exit(1);
		},
	);
}
