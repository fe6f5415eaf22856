'use strict';
/**
 * `npm run test:queue`: the package in n8n's queue mode (issue 17), as a scaled-out
 * self-hosted n8n runs it: PostgreSQL, Redis, one main process, two workers and two webhook
 * processors, all from the cached n8n 2.41.1, each process with its own user folder into which
 * the packed package is installed (as on separate machines or containers), all sharing the
 * database, Redis and N8N_ENCRYPTION_KEY.
 *
 * 1. Services: PostgreSQL (Debian's, initdb into a temporary folder, its own port and unix
 *    socket folder) and Redis (no persistence, its own port), installed with apt-get when
 *    missing (scripts/lib/services.js).
 * 2. n8n: the sandboxes' credentials and every workflow imported through the CLI (which also
 *    creates the schema), then `n8n start` (EXECUTIONS_MODE=queue,
 *    OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true so that the editor's runs go to the workers too,
 *    N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true so that production webhooks are served only by
 *    the webhook processors), then `n8n worker` ×2 and `n8n webhook` ×2, until every one
 *    answers /healthz/readiness. A balancer in this script (by URL path, or round robin with
 *    QUEUE_BALANCE=turn) stands in for the
 *    load balancer users put before their webhook processors: it is N8N_WEBHOOK_URL. The owner
 *    account is set up and the live examples published through the REST API, as in the editor.
 * 3. The flagship scenario (scripts/scenario.js's checks) with its webhooks live through the
 *    balancer, so the portal's and Invoicebox's calls alternate between the two webhook
 *    processors and the runs they start go to the workers.
 * 4. Measurement: the same Invoicebox notification delivered twice at the same moment, to the
 *    two webhook processors, and (for contrast) twice to one of them: how many runs start and
 *    how many Bitrix24 Pay / ActivePlatform Complete calls follow.
 * 5. Every example workflow run by hand (examples/*.json, test/e2e/workflows/*.json) with its
 *    check (test/e2e/checks, as scripts/e2e.js), run as the editor's "Execute workflow" does
 *    (REST), each proven to have run on a worker ("Worker started execution <id>" in a
 *    worker's log, nothing of it in the main process's).
 * 6. Measurement: three executions of QUEUE_RATE_ITEMS (default 100) Bitrix24 Payment → Pay
 *    items each, started together, against one portal bucket (burst 50, 2 per second): every
 *    payment paid once, refusals, duplicates, wall time against the floor
 *    ((3 × items − 50) / 2 s), which worker ran which execution.
 * 7. No secret in any process's output or in the database (pg_dump).
 * Everything started is stopped by process id at the end, on failure and on Ctrl-C.
 *
 * Prints each check, the figures and the timings; the last line is "<n> passed, <m> failed".
 * Options: PAYSYSTEMS_SKIP_BUILD=1 (dist/ is fresh), QUEUE_RATE_ITEMS=<n> (items per execution
 * of step 6; 0 skips it), QUEUE_TRIALS=<n> (double deliveries per kind in step 4, default 3),
 * QUEUE_ONLY=<comma list of scenario,duplicates,examples,rate> (the parts to run),
 * QUEUE_WORKERS=<n> (workers, default 2; 1 gives the rate limit's single-process contrast),
 * QUEUE_BALANCE=turn (the balancer spreads requests round robin instead of sending each webhook
 * URL to the same processor),
 * QUEUE_KEEP=1 (keep the temporary folder: user folders, database, logs).
 */
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { startPostgres, startRedis } = require('./lib/services');
const { runSuite, checkRecorder, until, sleep } = require('./lib/suite');
const { startSandboxes } = require('./sandboxes');
const { discoverWorkflows, checkWorkflow } = require('./e2e');
const scenario = require('./scenario');
const wf = require('../bench/workflows');

const ROOT = n8n.ROOT;
const ARTIFACTS = path.join(ROOT, 'artifacts', 'queue');
const WORKERS = Number(process.env.QUEUE_WORKERS || 2);
const WEBHOOK_PROCESSORS = 2;
const RATE = { items: Number(process.env.QUEUE_RATE_ITEMS ?? 100), executions: 3, burst: 50, drainPerSecond: 2 };
const TRIALS = Number(process.env.QUEUE_TRIALS || 3);
const ONLY = (process.env.QUEUE_ONLY || '').split(',').filter(Boolean);
// The balancer sends each webhook URL to the same webhook processor (the set-up the README asks
// for: see "Queue mode"); QUEUE_BALANCE=turn spreads requests round robin instead.
const BALANCE = process.env.QUEUE_BALANCE === 'turn' ? 'turn' : 'path';
const wanted = (part) => !ONLY.length || ONLY.includes(part);
const BITRIX_CREDENTIAL = { id: 'PaySysBitrix24Dm', name: 'Bitrix24 sandbox' };
/** Invoicebox reads across workers: 3 executions × `items` Order → Get under a window of `max` per `windowSeconds`. */
const READS = { items: RATE.items ? 30 : 0, executions: 3, max: 20, windowSeconds: 5 };
const IBX_LIMITED = { id: 'PaySysQueueIbxLm', name: 'Invoicebox sandbox (queue limit)' };
const READ_ORDER_IDS = Array.from({ length: 30 }, () => crypto.randomUUID());

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const { control } = scenario;

/**
 * The load balancer before the webhook processors, body and headers untouched (the trigger
 * checks the signature over the raw bytes). `by`: 'turn' (each request to the next processor,
 * round robin) or 'path' (by a hash of the URL path, so every call of one webhook reaches the
 * same processor, as nginx's `hash $request_uri` does). `routed[i]`: requests sent to processor i.
 */
function startBalancer(port, targetPorts, by = 'turn') {
	let next = 0;
	const routed = targetPorts.map(() => 0);
	const pick = (req) =>
		by === 'path' ? crypto.createHash('sha1').update(req.url.split('?')[0]).digest().readUInt32BE(0) % targetPorts.length : next++ % targetPorts.length;
	const server = http.createServer((req, res) => {
		const i = pick(req);
		routed[i] += 1;
		const upstream = http.request({ host: '127.0.0.1', port: targetPorts[i], method: req.method, path: req.url, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', (error) => {
			res.writeHead(502, { 'Content-Type': 'text/plain' });
			res.end(`balancer: ${error.message}`);
		});
		req.pipe(upstream);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${port}`,
				routed,
				close: () => new Promise((r) => server.close(() => r())),
			}),
		);
	});
}

/**
 * Which process ran which execution, read from the processes' output as it comes: a worker
 * logs "Worker started execution <id> (job <n>)", the main process "Enqueued execution <id>".
 */
function executionLog() {
	const startedBy = new Map();
	const enqueued = new Set();
	const pending = new Map();
	return {
		startedBy,
		enqueued,
		/** The onOutput callback for process `name`. */
		reader(name) {
			return (text) => {
				const lines = ((pending.get(name) || '') + text).split('\n');
				pending.set(name, lines.pop());
				for (const line of lines) {
					const started = /Worker started execution (\d+) \(job/.exec(line);
					if (started) startedBy.set(started[1], [...(startedBy.get(started[1]) || []), name]);
					const queued = /Enqueued execution (\d+) \(job/.exec(line);
					if (queued) enqueued.add(queued[1]);
				}
			};
		},
	};
}

/** Polls the stored execution until it has finished (any status but new, running, waiting). */
async function finishedExecution(instance, executionId, timeoutMs) {
	return until(
		`execution ${executionId} to finish`,
		async () => {
			const e = await instance.execution(executionId);
			return e && e.stoppedAt && !['new', 'running', 'waiting'].includes(e.status) ? e : undefined;
		},
		timeoutMs,
		200,
	);
}

/** Peak resident memory of a process (VmHWM), in MB; undefined when it has gone. */
function peakMemoryMb(pid) {
	try {
		const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
		return Math.round(kb / 1024);
	} catch {
		return undefined;
	}
}

/** The workflows of step 6: `executions` workflows of `items` Pay items each, on distinct payments. */
/** The three executions of the rate-limit measurement, with Bitrix24 batches ('ours') or one request per payment ('oursSingle'). */
/** The credential of the Invoicebox reads: the demo one, paced for the measurement's window. */
function readsCredential(sandboxes) {
	const demo = sandboxes.credentials().find((c) => c.type === 'invoiceboxApi');
	return { ...demo, ...IBX_LIMITED, data: { ...demo.data, rateLimit: READS.max, rateLimitWindow: READS.windowSeconds } };
}

function readsWorkflows(sandboxes) {
	const ibx = sandboxes.byName.invoicebox;
	const token = readsCredential(sandboxes).data.token;
	return Array.from({ length: READS.executions }, (_, k) => {
		const id = `PaySysQueueIL${String(k + 1).padStart(3, '0')}`;
		const target = wf.invoiceboxGetNode('ours', { name: 'Get', credential: IBX_LIMITED, baseUrl: ibx.url, token });
		const input = READ_ORDER_IDS.slice(0, READS.items).map((orderId) => ({ orderId }));
		return wf.single(id, `Queue: ${READS.items} Invoicebox orders read (${k + 1} of ${READS.executions})`, input, target);
	});
}

function rateWorkflows(sandboxes, variant) {
	const list = [];
	for (let k = 0; k < RATE.executions; k++) {
		const id = `PaySysQueue${variant === 'ours' ? 'RB' : 'RS'}${String(k + 1).padStart(3, '0')}`;
		const items = Array.from({ length: RATE.items }, (_, i) => ({ paymentId: 10001 + k * RATE.items + i, paySystemId: 1 }));
		const target = wf.bitrixPayNode(variant, { name: 'Pay', credential: BITRIX_CREDENTIAL, webhookUrl: sandboxes.byName.bitrix24.webhookUrl() });
		const how = variant === 'ours' ? 'in batches' : 'one request each';
		list.push(wf.single(id, `Queue: ${RATE.items} payments paid, ${how} (${k + 1} of ${RATE.executions})`, items, target));
	}
	return list;
}

async function main() {
	const t0 = Date.now();
	const { step, timings } = n8n.stepTimer();
	const { results, check } = checkRecorder();
	const figures = {};
	const measured = {};
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	console.log(`Queue mode: PostgreSQL, Redis, n8n main + ${WORKERS} workers + ${WEBHOOK_PROCESSORS} webhook processors`);

	// Everything started is stopped in reverse order, on success, failure or a signal.
	const stoppers = [];
	let stopping;
	const stopAll = () =>
		(stopping ??= (async () => {
			while (stoppers.length) {
				const [label, stop] = stoppers.pop();
				try {
					await stop();
				} catch (error) {
					console.error(`stopping ${label}: ${error.message}`);
				}
			}
		})());
	let root;
	const onSignal = (signal) => {
		console.error(`\n${signal}: stopping everything this run started...`);
		stopAll().finally(() => {
			if (root && process.env.QUEUE_KEEP !== '1') fs.rmSync(root, { recursive: true, force: true });
			process.exit(130);
		});
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	const examples = wanted('examples') ? discoverWorkflows() : [];
	const live = scenario.liveWorkflows();

	await step('dependencies', () => n8n.bootstrap());
	const n8nDir = await step('n8n install (cached)', () => n8n.ensureN8n());
	root = n8n.tempUserFolder('paysystems-queue-');
	let ok = false;
	try {
		const pack = await step('build and npm pack', () => n8n.buildAndPack(path.join(root, 'pack'), { build: process.env.PAYSYSTEMS_SKIP_BUILD !== '1' }));
		const names = ['main', ...Array.from({ length: WORKERS }, (_, i) => `worker-${i + 1}`), ...Array.from({ length: WEBHOOK_PROCESSORS }, (_, i) => `webhook-${i + 1}`)];
		// One user folder per process, the package installed into each (a process loads community
		// packages only from its own <user folder>/.n8n/nodes).
		const folders = Object.fromEntries(names.map((name) => [name, path.join(root, name)]));
		await step(`install the tarball as a community package (${names.length} user folders)`, () => {
			for (const folder of Object.values(folders)) {
				fs.mkdirSync(folder, { recursive: true });
				n8n.installPackage(folder, pack.tarball, pack.shasum);
			}
		});

		const sandboxes = await step('start and seed the sandboxes', () => startSandboxes({ ports: 'free' }));
		stoppers.push(['sandboxes', () => sandboxes.close()]);
		const secrets = sandboxes.secrets();

		const serviceDir = path.join(root, 'services');
		fs.mkdirSync(serviceDir, { recursive: true });
		const [postgres, redis] = await step('start PostgreSQL and Redis', async () => {
			const pg = await startPostgres({ port: await n8n.freePort(), keep: process.env.QUEUE_KEEP === '1' });
			stoppers.push(['PostgreSQL', () => pg.stop()]);
			const rd = await startRedis({ dir: serviceDir, port: await n8n.freePort() });
			stoppers.push(['Redis', () => rd.stop()]);
			return [pg, rd];
		});
		console.log(`    PostgreSQL ${postgres.version} on port ${postgres.port} (pid ${postgres.pid}, ${postgres.dir}), Redis ${redis.version} on port ${redis.port} (pid ${redis.pid})`);

		const ports = { main: await n8n.freePort(), balancer: await n8n.freePort() };
		for (const name of names.slice(1)) ports[name] = await n8n.freePort();
		const balancerBase = `http://127.0.0.1:${ports.balancer}`;
		const shared = {
			...redis.env,
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_WEBHOOK_URL: `${balancerBase}/`,
			N8N_LOG_LEVEL: 'info',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		};
		const instances = {};
		for (const name of names) {
			instances[name] = n8n.instance({ n8nDir, userFolder: folders[name], brokerPort: await n8n.freePort(), postgres, env: shared });
		}
		const main = instances.main;
		stoppers.push(['database connections', () => main.closeDatabase()]);

		const rate = wanted('rate') && RATE.items > 0 ? { batches: rateWorkflows(sandboxes, 'ours'), single: rateWorkflows(sandboxes, 'oursSingle') } : undefined;
		const reads = rate && READS.items ? readsWorkflows(sandboxes) : [];
		const all = [...examples.map((w) => w.workflow), ...Object.values(live), ...(rate ? [...rate.batches, ...rate.single] : []), ...reads];
		await step('n8n import:credentials (creates the schema)', () => main.importCredentials([...sandboxes.credentials(), readsCredential(sandboxes)]));
		await step(`n8n import:workflow (${all.length})`, () => main.importWorkflows(all));

		const log = executionLog();
		const logs = {};
		const processes = {};
		const launch = async (name, command, port, env) => {
			logs[name] = fs.createWriteStream(path.join(ARTIFACTS, `${name}.log`));
			const read = log.reader(name);
			const proc = await instances[name].startProcess(command, {
				port,
				env,
				onOutput: (text) => {
					logs[name].write(text);
					read(text);
				},
			});
			processes[name] = proc;
			stoppers.push([`n8n ${command} (${name})`, async () => {
				await proc.stop();
				await new Promise((resolve) => logs[name].end(resolve));
			}]);
			return proc;
		};
		await step('n8n start (main, until ready)', () =>
			launch('main', 'start', ports.main, {
				N8N_PORT: String(ports.main),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_EDITOR_BASE_URL: `http://localhost:${ports.main}`,
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			}),
		);
		await step(`n8n worker ×${WORKERS}, n8n webhook ×${WEBHOOK_PROCESSORS} (until ready)`, () =>
			Promise.all(
				names.slice(1).map((name) =>
					name.startsWith('worker')
						? launch(name, 'worker', ports[name], { QUEUE_HEALTH_CHECK_PORT: String(ports[name]), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' })
						: launch(name, 'webhook', ports[name], { N8N_PORT: String(ports[name]), N8N_LISTEN_ADDRESS: '127.0.0.1' }),
				),
			),
		);
		for (const name of names) console.log(`    ${name}: pid ${processes[name].pid}, port ${ports[name]}`);
		const balancer = await startBalancer(ports.balancer, names.filter((n) => n.startsWith('webhook')).map((n) => ports[n]), BALANCE);
		stoppers.push(['balancer', () => balancer.close()]);
		const { cookie } = await step('owner account (REST)', () => n8n.setupOwner(`http://127.0.0.1:${ports.main}`));
		await step('publish the live examples (REST, as the editor does)', () => n8n.publishFromEditor(`http://127.0.0.1:${ports.main}`, cookie, Object.values(live).map((w) => w.id)));
		figures.startupSeconds = (Date.now() - t0) / 1000;

		// 3. The flagship scenario through the webhook processors.
		if (wanted('scenario')) {
			console.log(`Scenario through the balancer (${BALANCE === 'path' ? 'by URL path' : 'round robin'}) and the webhook processors:`);
			const urls = scenario.urlsOf(balancerBase, live);
			await scenario.runScenarioChecks({ instance: main, sandboxes, workflows: live, urls, check, measured });
			await check(`scenario: every run went to a worker${BALANCE === 'turn' ? ', webhooks to both webhook processors' : ''}`, async () => {
				const ids = [];
				for (const w of Object.values(live)) for (const e of await main.executions(w.id)) ids.push(String(e.id));
				assert.ok(ids.length > 0, 'the scenario started runs');
				const notOnWorker = ids.filter((id) => !(log.startedBy.get(id) || []).some((p) => p.startsWith('worker')));
				assert.deepEqual(notOnWorker, [], 'executions no worker logged');
				if (BALANCE === 'turn') assert.ok(balancer.routed.every((n) => n > 0), `requests per webhook processor: ${balancer.routed.join(', ')}`);
				figures.scenario = { runs: ids.length, byWorker: countBy(ids.map((id) => log.startedBy.get(id)[0])), webhookRequests: Object.fromEntries(balancer.routed.map((n, i) => [`webhook-${i + 1}`, n])) };
			});
		}

		// 4. The same notification twice at the same moment.
		if (wanted('duplicates')) {
			console.log('The same Invoicebox notification delivered twice at the same moment:');
			figures.duplicates = await measureDuplicates({ main, sandboxes, live, ports, check, log });
		}

		// 5. The examples run by hand, on the workers.
		if (examples.length) {
			console.log('Example workflows, run as the editor runs them (REST), on the workers:');
			const mainUrl = `http://127.0.0.1:${ports.main}`;
			for (const w of examples) {
				const outcome = await checkWorkflow(w, {
					instance: main,
					sandboxes,
					secrets,
					run: async () => {
						const started = Date.now();
						const executionId = await n8n.runFromEditor(mainUrl, cookie, w.workflow);
						const execution = await finishedExecution(main, executionId, 300000);
						const ranOn = log.startedBy.get(executionId) || [];
						assert.ok(ranOn.length === 1 && ranOn[0].startsWith('worker'), `execution ${executionId} ran on a worker (logged by: ${ranOn.join(', ') || 'none'})`);
						assert.ok(log.enqueued.has(executionId), `the main process enqueued execution ${executionId}`);
						return {
							code: execution.status === 'success' ? 0 : 1,
							stdout: '',
							stderr: '',
							ms: Date.now() - started,
							run: { status: execution.status, mode: execution.mode, finished: execution.finished, data: execution.data },
							executionId,
							worker: ranOn[0],
						};
					},
					outputHint: 'artifacts/queue/worker-*.log',
				});
				results.push(outcome);
			}
		}

		// 6. Three executions against one bucket, with batches (the default) and one request per payment.
		if (rate) {
			for (const [how, list] of [['in batches', rate.batches], ['one request per payment', rate.single]]) {
				console.log(`Rate limit across workers, ${how}: ${RATE.executions} executions × ${RATE.items} Bitrix24 payments, one bucket (burst ${RATE.burst}, ${RATE.drainPerSecond}/s):`);
				(figures.rateLimit ??= {})[how] = await measureRateLimit({ main, sandboxes, rate: list, ports, cookie, check, log, how });
			}
		}

		// 6b. Invoicebox reads from three executions under one window.
		if (reads.length) {
			console.log(`Invoicebox reads across workers: ${READS.executions} executions × ${READS.items} Order → Get, one window (${READS.max} per ${READS.windowSeconds} s):`);
			figures.reads = await measureReads({ main, sandboxes, reads, ports, cookie, check, log });
		}

		// 7. Secrets.
		for (const name of names) figures[`peakMemoryMb_${name}`] = peakMemoryMb(processes[name].pid);
		await check('no secret in any n8n process\'s output or in the database (pg_dump)', async () => {
			for (const name of names) assert.deepEqual(n8n.secretsIn(processes[name].output(), secrets), [], `${name} printed a secret`);
			assert.deepEqual(main.databaseLeaks(secrets), [], 'a secret is stored in clear in the database');
		});
		ok = results.every((r) => r.ok);
	} finally {
		const stopStarted = Date.now();
		await stopAll();
		figures.stopSeconds = (Date.now() - stopStarted) / 1000;
		if (process.env.QUEUE_KEEP === '1' || !ok) console.log(`  temporary folder kept: ${root}`);
		else fs.rmSync(root, { recursive: true, force: true });
	}

	const failed = results.filter((r) => !r.ok).length;
	const total = (Date.now() - t0) / 1000;
	figures.totalSeconds = total;
	console.log('');
	console.log(`Queue mode in ${total.toFixed(1)} s (set-up ${(timings.reduce((s, [, t]) => s + t, 0) / 1000).toFixed(1)} s; all processes ready after ${figures.startupSeconds?.toFixed(1)} s; stopping ${figures.stopSeconds.toFixed(1)} s)`);
	printFigures(figures);
	fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify({ totalSeconds: total, steps: timings, figures, measured, checks: results.map(({ name, ok: passed, ms }) => ({ name, ok: passed, ms })) }, null, 2));
	console.log(`${results.length - failed} passed, ${failed} failed`);
	return failed === 0;
}

function countBy(values) {
	const out = {};
	for (const v of values) out[v] = (out[v] || 0) + 1;
	return out;
}

/**
 * Step 4: for each trial a fresh Bitrix24 payment goes through checkout (an Invoicebox order),
 * the buyer pays with no notification URL set (so Invoicebox sends nothing by itself), then the
 * same signed notification is sent twice at once: to both webhook processors ("across"), or
 * twice to the first ("within", the contrast). Counted: runs of the paid workflow, Pay calls and
 * payments made. One more pair across the processors for an ActivePlatform document: Complete by
 * Document Number calls (a second one credits the amount again).
 */
async function measureDuplicates({ main, sandboxes, live, ports, check, log }) {
	const { bitrix24, invoicebox, activeplatform } = sandboxes.byName;
	const direct = (name) => scenario.urlsOf(`http://127.0.0.1:${ports[name]}`, live);
	const viaBalancer = scenario.urlsOf(`http://127.0.0.1:${ports.balancer}`, live);
	const runsOf = async (id) => (await main.executions(id)).length;
	const shop = () => sandboxes.state('invoicebox');
	const out = { across: [], within: [], balancer: [] };
	let paymentId = 300;
	const trial = async (kind, targets) => {
		paymentId += 1;
		await control(bitrix24, 'payments', [{ id: paymentId, orderId: 800 + paymentId, paySystemId: 1, sum: 500, currency: 'RUB', accountNumber: `${800 + paymentId}/1` }]);
		const checkout = await control(bitrix24, 'checkout', { paymentId });
		assert.equal(checkout.ok, true, `checkout of payment ${paymentId}: ${JSON.stringify(checkout)}`);
		const order = (await shop()).orders.find((o) => o.merchantOrderId === `b24-${paymentId}`);
		const runsBefore = await runsOf(live.paid.id);
		await control(invoicebox, 'settings', { notificationUrl: null });
		await control(invoicebox, 'pay', { orderId: order.id });
		const url = (name) => (name === 'balancer' ? viaBalancer.paid : direct(name).paid);
		await Promise.all(targets.map((name) => control(invoicebox, 'notify', { orderId: order.id, url: url(name), wait: false })));
		await control(invoicebox, 'settle', {});
		await until(`payment ${paymentId} paid`, async () => (await sandboxes.state('bitrix24')).payments.find((p) => p.ID === paymentId)?.PAID === 'Y');
		await sleep(1500); // a second run, if any, has reached Bitrix24 by now
		const list = (await main.executions(live.paid.id)).slice(runsBefore);
		await until('the runs to finish', async () => (await Promise.all(list.map((e) => main.execution(e.id)))).every((e) => e.stoppedAt), 30000);
		const portal = await sandboxes.state('bitrix24');
		const result = {
			paymentId,
			runs: list.length,
			workers: list.map((e) => (log.startedBy.get(String(e.id)) || ['?'])[0]),
			payCalls: portal.payCalls[paymentId] || 0,
			paidTransitions: portal.paidTransitions[paymentId] || 0,
			answers: (await shop()).notifications.filter((n) => n.orderId === order.id).map((d) => d.attempts.map((a) => `${a.httpStatus} ${a.answer?.status ?? ''}`).join('/')),
		};
		out[kind].push(result);
		const where = { across: 'to both webhook processors', within: 'twice to webhook-1', balancer: `twice through the balancer (${BALANCE === 'path' ? 'by URL path' : 'round robin'})` }[kind];
		console.log(`    ${where}: payment ${paymentId}: ${result.runs} run(s) (${result.workers.join(', ')}), ${result.payCalls} Pay call(s), paid ${result.paidTransitions}×; answers ${result.answers.join(', ')}`);
	};
	try {
		for (let i = 0; i < TRIALS; i++) {
			await trial('within', ['webhook-1', 'webhook-1']);
			await trial('balancer', ['balancer', 'balancer']);
			await trial('across', ['webhook-1', 'webhook-2']);
		}
		// ActivePlatform: document 002019, an Invoicebox order for it, paid, notified to both at once.
		const apRunsBefore = await runsOf(live.activePlatform.id);
		const order = await scenario.orderForDocument(invoicebox, { documentId: '002019', amount: 80, description: 'Invoice 2019', item: 'Hosting' });
		await control(invoicebox, 'pay', { orderId: order.id });
		await Promise.all(['webhook-1', 'webhook-2'].map((name) => control(invoicebox, 'notify', { orderId: order.id, url: direct(name).activePlatform, wait: false })));
		await control(invoicebox, 'settle', {});
		await until('ActivePlatform payment 002019 completed', async () => (await sandboxes.state('activeplatform')).payments.find((p) => p.attributes.document_id === '002019')?.attributes.status === 'completed');
		await sleep(1500);
		const sent = activeplatform.calls.filter((c) => c.httpMethod === 'POST' && c.path.endsWith('/payments/002019'));
		const platform = await sandboxes.state('activeplatform');
		const payment = platform.payments.find((p) => p.attributes.document_id === '002019');
		out.activePlatform = {
			runs: (await main.executions(live.activePlatform.id)).length - apRunsBefore,
			completeCalls: sent.length,
			writes: platform.writes.filter((w) => String(w.paymentId) === String(payment.id)).map((w) => w.op),
		};
		console.log(`    ActivePlatform document 002019 to both webhook processors: ${out.activePlatform.runs} run(s), ${out.activePlatform.completeCalls} Complete by Document Number call(s), writes: ${out.activePlatform.writes.join(', ')}`);
	} finally {
		await control(invoicebox, 'settings', { notificationUrl: scenario.urlsOf(`http://127.0.0.1:${ports.balancer}`, live).paid });
	}
	await check('duplicate deliveries: every delivery answered success, every Bitrix24 payment paid once', async () => {
		for (const r of [...out.within, ...out.balancer, ...out.across]) {
			assert.equal(r.paidTransitions, 1, `payment ${r.paymentId} paid once`);
			for (const a of r.answers) assert.equal(a, '200 success', `payment ${r.paymentId}: every delivery answered success`);
		}
	});
	await check('the same notification twice at once to one webhook processor, or through the balancer routing by URL: one run', async () => {
		for (const r of out.within) assert.equal(r.runs, 1, `payment ${r.paymentId}: ${r.runs} runs`);
		if (BALANCE === 'path') for (const r of out.balancer) assert.equal(r.runs, 1, `payment ${r.paymentId} through the balancer: ${r.runs} runs`);
	});
	return out;
}

/**
 * Step 6: a fresh portal (the demo data, 3 × items unpaid payments, a new bucket), the three
 * workflows started together through the REST API, waited for; then the portal's count.
 */
async function measureRateLimit({ main, sandboxes, rate, ports, cookie, check, log, how }) {
	const b24 = sandboxes.byName.bitrix24;
	const profile = sandboxes.entries.find((e) => e.profile.name === 'bitrix24').profile;
	const total = RATE.items * rate.length;
	await control(b24, 'reset', { rateLimit: null });
	await profile.seed(b24);
	await control(b24, 'payments', Array.from({ length: total }, (_, i) => ({ id: 10001 + i, paySystemId: 1, sum: 100 })));
	await control(b24, 'rateLimit', { burst: RATE.burst, drainPerSecond: RATE.drainPerSecond });
	const floorMs = ((total - RATE.burst) / RATE.drainPerSecond) * 1000;
	const started = Date.now();
	const ids = await Promise.all(rate.map((w) => n8n.runFromEditor(`http://127.0.0.1:${ports.main}`, cookie, w)));
	const executions = [];
	for (const id of ids) executions.push(await finishedExecution(main, id, floorMs * 3 + 300000));
	const wallMs = Math.max(...executions.map((e) => new Date(e.stoppedAt).getTime())) - started;
	const calls = (await (await fetch(`${b24.url}/_sandbox/calls`)).json()).filter((c) => c.method === 'sale.paysystem.pay.payment' || c.method === 'batch');
	const portal = await sandboxes.state('bitrix24');
	const perPayment = Object.values(portal.payCalls);
	const figures = {
		executions: rate.length,
		itemsPerExecution: RATE.items,
		workers: ids.map((id) => (log.startedBy.get(id) || ['?'])[0]),
		statuses: executions.map((e) => e.status),
		itemsOut: executions.map((e) => e.data?.resultData?.runData?.Pay?.[0]?.data?.main?.[0]?.length ?? 0),
		paid: portal.payments.filter((p) => p.PAID === 'Y' && p.ID > 10000).length,
		payments: total,
		how,
		requests: calls.length,
		calls: calls.length,
		accepted: calls.filter((c) => c.accepted === true).length,
		refused: calls.filter((c) => c.accepted === false).length,
		duplicateCalls: perPayment.reduce((s, n) => s + Math.max(0, n - 1), 0),
		paidTwice: Object.values(portal.paidTransitions).filter((n) => n > 1).length,
		wallSeconds: wallMs / 1000,
		floorSeconds: floorMs / 1000,
		ratio: wallMs / floorMs,
		nodeSeconds: executions.map((e) => (e.data?.resultData?.runData?.Pay?.[0]?.executionTime ?? 0) / 1000),
	};
	console.log(`    workers: ${figures.workers.join(', ')}; statuses: ${figures.statuses.join(', ')}; items out: ${figures.itemsOut.join(', ')}`);
	console.log(`    paid ${figures.paid}/${total}; HTTP requests ${figures.requests}: accepted ${figures.accepted}, refused ${figures.refused}; duplicate calls ${figures.duplicateCalls}, paid twice ${figures.paidTwice}`);
	console.log(`    wall time ${seconds(wallMs)} against a floor of ${seconds(floorMs)} (${figures.ratio.toFixed(2)}×); Pay node ${figures.nodeSeconds.map((s) => `${s.toFixed(1)} s`).join(', ')}`);
	await check(`rate limit (${how}): ${total} payments over ${rate.length} executions on the workers, every one paid once`, async () => {
		assert.deepEqual(figures.statuses, rate.map(() => 'success'));
		assert.equal(figures.paid, total, 'every payment paid');
		assert.equal(figures.paidTwice, 0, 'no payment paid twice');
		assert.ok(figures.workers.every((w) => w.startsWith('worker')), `ran on: ${figures.workers.join(', ')}`);
	});
	return figures;
}

/** Step 6b: the three read workflows started together under one Invoicebox window; the sandbox's count. */
async function measureReads({ main, sandboxes, reads, ports, cookie, check, log }) {
	const ibx = sandboxes.byName.invoicebox;
	await control(ibx, 'orders', { count: READS.items, prefix: 'READ-', ids: READ_ORDER_IDS.slice(0, READS.items) });
	await control(ibx, 'settings', { rateLimit: { max: READS.max, windowMs: READS.windowSeconds * 1000 } });
	const total = READS.items * reads.length;
	const floorMs = (Math.max(0, total - READS.max) / READS.max) * READS.windowSeconds * 1000;
	const started = Date.now();
	const ids = await Promise.all(reads.map((w) => n8n.runFromEditor(`http://127.0.0.1:${ports.main}`, cookie, w)));
	const executions = [];
	for (const id of ids) executions.push(await finishedExecution(main, id, floorMs * 4 + 300000));
	const wallMs = Math.max(...executions.map((e) => new Date(e.stoppedAt).getTime())) - started;
	const calls = (await (await fetch(`${ibx.url}/_sandbox/calls`)).json()).filter((c) => c.method === 'order.list' && c.at >= started);
	await control(ibx, 'settings', { rateLimit: null });
	const figures = {
		executions: reads.length,
		itemsPerExecution: READS.items,
		workers: ids.map((id) => (log.startedBy.get(id) || ['?'])[0]),
		statuses: executions.map((e) => e.status),
		itemsOut: executions.map((e) => e.data?.resultData?.runData?.Get?.[0]?.data?.main?.[0]?.length ?? 0),
		requests: calls.length,
		accepted: calls.filter((c) => c.accepted === true).length,
		refused: calls.filter((c) => c.accepted === false).length,
		wallSeconds: wallMs / 1000,
		floorSeconds: floorMs / 1000,
		ratio: wallMs / floorMs,
	};
	console.log(`    workers: ${figures.workers.join(', ')}; statuses: ${figures.statuses.join(', ')}; items out: ${figures.itemsOut.join(', ')}`);
	console.log(`    ${figures.requests} requests: accepted ${figures.accepted}, refused ${figures.refused}; wall ${seconds(wallMs)} against a floor of ${seconds(floorMs)} (${figures.ratio.toFixed(2)}×)`);
	await check(`Invoicebox reads: ${total} orders read over ${reads.length} executions on the workers, every item out`, async () => {
		assert.deepEqual(figures.statuses, reads.map(() => 'success'));
		assert.deepEqual(figures.itemsOut, reads.map(() => READS.items));
		assert.ok(figures.workers.every((w) => w.startsWith('worker')), `ran on: ${figures.workers.join(', ')}`);
	});
	return figures;
}

function printFigures(figures) {
	const d = figures.duplicates;
	if (d) {
		const runs = (list) => list.map((r) => r.runs).join(', ');
		const pays = (list) => list.map((r) => r.payCalls).join(', ');
		console.log(`  same notification twice at once, to one webhook processor: runs ${runs(d.within)}; Pay calls ${pays(d.within)}`);
		console.log(`  same notification twice at once, through the balancer: runs ${runs(d.balancer)}; Pay calls ${pays(d.balancer)}`);
		console.log(`  same notification twice at once, to the two webhook processors: runs ${runs(d.across)}; Pay calls ${pays(d.across)}`);
		if (d.activePlatform) console.log(`  ActivePlatform, to the two webhook processors: ${d.activePlatform.runs} runs, ${d.activePlatform.completeCalls} Complete by Document Number calls`);
	}
	for (const r of Object.values(figures.rateLimit || {})) {
		console.log(`  ${r.executions} × ${r.itemsPerExecution} Bitrix24 payments ${r.how} on ${new Set(r.workers).size} worker(s): ${r.requests} HTTP requests, refused ${r.refused}, duplicate calls ${r.duplicateCalls}, wall ${r.wallSeconds.toFixed(1)} s, one-request-per-payment floor ${r.floorSeconds.toFixed(1)} s (${r.ratio.toFixed(2)}×)`);
	}
	const reads = figures.reads;
	if (reads) {
		console.log(`  ${reads.executions} × ${reads.itemsPerExecution} Invoicebox reads on ${new Set(reads.workers).size} worker(s): ${reads.requests} requests, refused ${reads.refused}, wall ${reads.wallSeconds.toFixed(1)} s, floor ${reads.floorSeconds.toFixed(1)} s (${reads.ratio.toFixed(2)}×)`);
	}
	const memory = Object.entries(figures).filter(([k]) => k.startsWith('peakMemoryMb_'));
	if (memory.length) console.log(`  peak memory (MB): ${memory.map(([k, v]) => `${k.slice('peakMemoryMb_'.length)} ${v ?? '-'}`).join(', ')}`);
}

if (require.main === module) {
	runSuite(main);
}
