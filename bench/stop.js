'use strict';
/**
 * What Stop does, measured in a real n8n (issue 12): a workflow (Manual Trigger → the items →
 * Bitrix24 PaySystem Payment → Pay) marks many payments paid under a slow bucket (burst 5, 1 per
 * second), so that most items are still queued in the node when the user presses Stop. The run
 * is started and stopped through n8n's REST API as the editor does it (`POST
 * /rest/workflows/:id/run` with the trigger to start from, then `POST /rest/executions/:id/stop`),
 * about 3 s after the first request reached the portal. Then the portal's log is read for a few
 * seconds more: every request that arrives after Stop was sent by an execution the user had
 * stopped. Also measured: how long the execution took to end after Stop (its status in n8n's
 * database). With the abort signal honoured the count is 0; without it the queued items keep
 * going out at the bucket's pace.
 *
 * Used by `npm run bench -- --only=stop` (scripts/bench.js) and, on its own, by
 * `npm run test:stop` (scripts/stop-check.js). Both start `n8n start` on a free port for it.
 */
const n8n = require('../scripts/lib/n8n');
const wf = require('./workflows');
const { get, paymentItems, prepareBitrix } = require('./portal');

const WORKFLOW_ID = 'PaySysBenchSTOP1';
const CREDENTIAL = { id: 'PaySysBenchB24St', name: 'Bitrix24 sandbox (slow bucket, Stop)' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The credential of the Stop run: the node paces for the slow bucket (`sizes`: {burst, drainPerSecond}). */
function stopCredential(env, { burst, drainPerSecond }) {
	const b24 = env.byName.bitrix24;
	return { ...CREDENTIAL, type: 'bitrix24WebhookApi', data: { secretWebhookUrl: b24.webhookUrl(), rateLimitPlan: 'custom', burst, drainPerSecond } };
}

/**
 * The Stop workflow. One request per payment ("Send in Batches" off) keeps most items queued in
 * the node for minutes under the slow bucket; with batches (`batches: true`, the default of the
 * node) 300 payments would be 6 requests and done before anyone could press Stop, so that run
 * takes more items and a slower bucket (see the sizes in scripts/bench.js).
 */
function stopWorkflow(env, { items, batches = false, id = WORKFLOW_ID }) {
	const b24 = env.byName.bitrix24;
	const target = wf.bitrixPayNode('ours', { name: 'Pay', credential: CREDENTIAL, webhookUrl: b24.webhookUrl() });
	if (!batches) target.parameters.rateLimitHandling = { sendInBatches: false };
	return wf.single(id, `Bench: Stop during a paced run${batches ? ' (batches)' : ''}`, paymentItems(items), target);
}

/** Polls `probe` every `everyMs` until it returns a truthy value or `timeoutMs` passes (then undefined). */
async function poll(probe, timeoutMs, everyMs = 50) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value || Date.now() > deadline) return value;
		await sleep(everyMs);
	}
}

/**
 * Runs the measurement on an instance where stopCredential() and stopWorkflow() are imported.
 * `sizes`: {items, burst, drainPerSecond, stopAfterMs (from the first request), observeMs (after
 * Stop)}. Starts and stops `n8n start`. Returns the figures.
 */
async function measureStop({ instance, env, sizes, log = () => {} }) {
	const { items, burst, drainPerSecond, stopAfterMs, observeMs, id = WORKFLOW_ID } = sizes;
	const b24 = env.byName.bitrix24;
	const since = await prepareBitrix(env, items, { burst, drainPerSecond });
	const apiCalls = async () => (await get(`${b24.url}/_sandbox/calls`)).filter((c) => c.seq > since);
	const server = await instance.start({ port: await n8n.freePort() });
	try {
		const { cookie } = await n8n.setupOwner(server.url);
		const rest = async (method, route, body) => {
			const res = await fetch(`${server.url}/rest${route}`, { method, headers: { 'Content-Type': 'application/json', cookie }, body: body && JSON.stringify(body) });
			const text = await res.text();
			if (!res.ok) throw new Error(`${method} /rest${route} → HTTP ${res.status}: ${text.slice(0, 300)}`);
			return text ? JSON.parse(text) : undefined;
		};
		const runAt = Date.now();
		const run = await rest('POST', `/workflows/${id}/run`, { triggerToStartFrom: { name: 'Start' } });
		const executionId = run?.data?.executionId;
		if (!executionId) throw new Error(`the run did not start: ${JSON.stringify(run).slice(0, 300)}`);
		const first = await poll(async () => (await apiCalls())[0], 120000);
		if (!first) throw new Error('no request reached the portal within 120 s of the run');
		await sleep(first.at + stopAfterMs - Date.now());
		const stopAt = Date.now();
		await rest('POST', `/executions/${executionId}/stop`);
		const stopAnsweredMs = Date.now() - stopAt;
		const ended = await poll(async () => {
			const execution = (await instance.executions(id)).find((e) => String(e.id) === String(executionId));
			return execution && execution.status !== 'running' && execution.status !== 'new' && execution.stoppedAt ? { at: Date.now(), status: execution.status } : undefined;
		}, observeMs);
		await sleep(stopAt + observeMs - Date.now());
		const calls = await apiCalls();
		const state = await get(`${b24.url}/_sandbox/state`);
		const paidAfter = state.payments.filter((p) => p.DATE_PAID && Date.parse(p.DATE_PAID) > stopAt).length;
		const result = {
			batches: Boolean(sizes.batches),
			items,
			burst,
			drainPerSecond,
			observeMs,
			startToFirstRequestMs: first.at - runAt,
			stoppedAfterFirstRequestMs: stopAt - first.at,
			requestsBeforeStop: calls.filter((c) => c.at <= stopAt).length,
			requestsAfterStop: calls.filter((c) => c.at > stopAt).length,
			paidBeforeStop: state.payments.filter((p) => p.DATE_PAID && Date.parse(p.DATE_PAID) <= stopAt).length,
			paidAfterStop: paidAfter,
			stopAnsweredMs,
			endedAfterStopMs: ended ? ended.at - stopAt : undefined,
			status: ended?.status,
		};
		log(`  requests after Stop: ${result.requestsAfterStop} (in ${observeMs / 1000} s; ${result.requestsBeforeStop} before it, ${result.paidAfterStop} payments made after it)`);
		log(`  execution ended ${result.endedAfterStopMs === undefined ? `not within ${observeMs / 1000} s` : `${result.endedAfterStopMs} ms`} after Stop (status ${result.status ?? 'running'}; the stop call answered in ${stopAnsweredMs} ms)`);
		return result;
	} finally {
		await server.stop();
	}
}

module.exports = { WORKFLOW_ID, CREDENTIAL, stopCredential, stopWorkflow, measureStop };
