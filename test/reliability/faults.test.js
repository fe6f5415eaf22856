'use strict';
/**
 * Fault injection at every operation of every node. Each operation runs over three items, each
 * targeting its own object, while the sandbox makes one request fail (or the API cannot be
 * reached at all). For each cell:
 * - no crash: a failed item carries a NodeApiError with an API code, never a raw TypeError;
 * - a clear error or a correct recovery: a request the server refused unprocessed (429, the
 *   documented 503s) is resent and succeeds; a read is resent after a failure that may pass; a
 *   write that may have been processed is not resent (the sandbox counts the calls) and its
 *   error says to check before running it again;
 * - with Continue On Fail exactly one error item per failed input item, the other items go
 *   through; without it, the node fails with the same NodeApiError;
 * - no secret in the error, the output or the run data.
 * Each operation has its own sandbox, so the operations run concurrently.
 */
const http = require('node:http');
const net = require('node:net');
const { runNode } = require('../helpers/n8n');
const { resetLimiters } = require('../../dist/nodes/shared/limiter');
const { recordFigure } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');
const { APIS, OPERATIONS, parametersOf, processed } = require('./catalogue');

const ITEMS = 3;
// Long enough that a loaded machine (12 operations run side by side) answers every other request in time.
const TIMEOUT_MS = 2000;

const HTML = (title) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>nginx</p></body></html>`;

/** Answers in each API's own shape. */
const BODIES = {
	500: {
		bitrix24: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' },
		invoicebox: { error: { message: 'Internal Server Error' } },
		activeplatform: { errors: [{ status: '500', title: 'Internal Server Error' }] },
	},
	429: {
		bitrix24: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit' },
		invoicebox: { error: { message: 'Too Many Requests' } },
		activeplatform: { errors: [{ status: '429', title: 'Too Many Requests' }] },
	},
	apiError: {
		bitrix24: { error: 'ERROR_CHECK_FAILURE', error_description: 'Required field is missing or invalid' },
		invoicebox: { error: { code: 'wrong_order_status', message: 'Wrong order status' } },
		activeplatform: { errors: [{ status: '422', title: 'The change was refused' }] },
	},
};
const API_ERROR_CODE = { bitrix24: 'ERROR_CHECK_FAILURE', invoicebox: 'wrong_order_status', activeplatform: 'UNPROCESSABLE_ENTITY' };

/**
 * The faults. `kind` says what the node can know: `refusal` = the server refused the request
 * unprocessed (resend), `ambiguous` = it may have been processed (resend reads only), `unsent` =
 * it never left (resend, then fail), `apiError` = a definite answer (never resend).
 * `processedBy`: the sandbox did process the faulted request (it is a write that took effect).
 */
const FAULTS = {
	'HTTP 500': { fault: (api) => ({ status: 500, body: BODIES[500][api] }), kind: 'ambiguous' },
	'HTTP 502': { fault: () => ({ status: 502, raw: HTML('502 Bad Gateway') }), kind: 'ambiguous' },
	// A 503 without the API's own proof (Bitrix24's QUERY_LIMIT_EXCEEDED body) proves nothing.
	'HTTP 503': { fault: () => ({ status: 503, raw: '' }), kind: 'ambiguous' },
	'503 from a proxy after processing': {
		fault: () => ({ afterProcessing: true, status: 503, raw: HTML('503 Service Temporarily Unavailable') }),
		kind: 'ambiguous',
		processedBy: true,
	},
	'3xx to a dead port after processing': {
		fault: (api, where) => ({ afterProcessing: true, status: 307, headers: { Location: `${where.nowhere}/moved?token=x` }, raw: '' }),
		kind: 'redirect',
		processedBy: true,
	},
	'redirect to another origin': {
		fault: (api, where) => ({ status: 308, headers: { Location: `${where.capture.url}/collect` }, raw: '' }),
		kind: 'redirect',
	},
	'HTTP 504': { fault: () => ({ status: 504, raw: HTML('504 Gateway Time-out') }), kind: 'ambiguous' },
	'429 with Retry-After': { fault: (api) => ({ status: 429, headers: { 'Retry-After': '1' }, body: BODIES[429][api] }), kind: 'refusal' },
	'429 without Retry-After': { fault: (api) => ({ status: 429, body: BODIES[429][api] }), kind: 'refusal' },
	'connection refused': { refused: true, kind: 'unsent' },
	'reset before the request was read': { fault: () => ({ drop: 'before' }), kind: 'ambiguous' },
	'reset after it was processed': { fault: () => ({ drop: 'after' }), kind: 'ambiguous', processedBy: true },
	'no answer (timeout)': { fault: () => ({ hang: true }), kind: 'ambiguous', timeout: true },
	'HTML error page (HTTP 200)': { fault: () => ({ status: 200, raw: HTML('Site under maintenance') }), kind: 'ambiguous' },
	'empty body (HTTP 200)': { fault: () => ({ status: 200, raw: '' }), kind: 'ambiguous' },
	'truncated JSON': { fault: () => ({ truncate: true }), kind: 'ambiguous', processedBy: true },
	'API error inside HTTP 200': { fault: (api) => ({ status: 200, body: BODIES.apiError[api] }), kind: 'apiError' },
};

/** A port with nothing listening. */
async function closedPort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

/**
 * Another origin a redirect points at: it records every request that reaches it (none may: API
 * calls never follow a redirect, so no credential goes there).
 */
async function captureServer() {
	const received = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push({ url: req.url, headers: req.headers, body });
			res.end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * One sandbox per operation, started on first use (concurrent tests may start before hooks
 * run), and a lock per sandbox: the faults of one operation run one after the other.
 */
const envs = new Map();
function envFor(op) {
	const key = `${op.api} ${op.operation}`;
	if (!envs.has(key)) {
		const started = APIS[op.api].start();
		envs.set(key, { started, lock: started.then(() => undefined) });
	}
	return envs.get(key);
}
async function withEnv(op, fn) {
	const slot = envFor(op);
	const env = await slot.started;
	const turn = slot.lock.then(() => fn(env));
	slot.lock = turn.then(
		() => undefined,
		() => undefined,
	);
	return await turn;
}
let nowhere;
let capture;
const nowherePromise = Promise.all([closedPort(), captureServer()]).then(([url, server]) => {
	nowhere = url;
	capture = server;
});
afterAll(async () => {
	for (const { started } of envs.values()) await (await started).sandbox.close();
	// Nothing followed a redirect to another origin: no request, so no credential, reached it.
	expect(capture.received).toEqual([]);
	await capture.close();
});

const cases = { run: 0 };
afterAll(() => console.log(`Fault injection: ${cases.run} cases (${OPERATIONS.length} operations × ${Object.keys(FAULTS).length} faults, with and without Continue On Fail)`));

function expectClearError(error, { api, op, fault, kind }) {
	expect(error).toBeDefined();
	expect(error.name).toBe('NodeApiError');
	expect(typeof error.context.apiCode).toBe('string');
	expect(error.context.apiCode).not.toBe('');
	expect(String(error.description ?? '').trim()).not.toBe('');
	if (kind === 'unsent') expect(error.context.apiCode).toBe('CONNECTION_REFUSED');
	if (kind === 'redirect') {
		expect(error.context.apiCode).toBe('REDIRECT');
		// The target's origin only: never its path or query.
		expect(error.message).not.toMatch(/moved|collect|token/);
		if (!op.read) expect(error.description).toMatch(/may or may not have processed/);
	}
	if (kind === 'apiError') expect(error.context.apiCode).toBe(API_ERROR_CODE[api]);
	if (fault.timeout) expect(error.context.apiCode).toBe('TIMEOUT');
	// A write that may have been processed: the user must check before running it again.
	if (kind === 'ambiguous' && !op.read) expect(`${error.message}\n${error.description}`).toMatch(/may or may not have|check .*before running it again/i);
}

/**
 * A cell's start: a fresh sandbox with ITEMS objects, the node's parameters and credential, and
 * the fault injected at `method` (the operation's own, or Bitrix24's `batch`). `recovers`: the
 * faulted request may be resent (refused unprocessed, or a read).
 */
async function prepareCell(op, env, faultName, { batches = false } = {}) {
	const fault = FAULTS[faultName];
	const kind = typeof fault.kind === 'function' ? fault.kind(op.api) : fault.kind;
	env.reset();
	resetLimiters();
	const items = await op.setup(env, ITEMS);
	const parameters = { ...parametersOf(op, env, { batches }), ...(fault.timeout ? { requestOptions: { timeout: TIMEOUT_MS } } : {}) };
	const credentials = fault.refused ? env.unreachable(nowhere) : env.credentials();
	env.sandbox.clear();
	const method = batches ? 'batch' : op.method;
	if (fault.fault) env.sandbox.faults.add({ match: { method }, ...fault.fault(op.api, { nowhere, capture }) });
	const recovers = kind === 'refusal' || (kind === 'ambiguous' && op.read);
	return { fault, kind, items, parameters, credentials, recovers };
}

async function runCell(op, env, faultName) {
	const { fault, kind, items, parameters, credentials, recovers } = await prepareCell(op, env, faultName);
	const run = (opts) => runNode({ type: APIS[op.api].type, parameters, credentials, ...opts });

	const result = await run({ items, continueOnFail: true });
	cases.run++;
	let runs = 1;
	expect(result.error).toBeUndefined();
	expect(result.outputItems).toHaveLength(ITEMS);
	const failed = result.outputItems.filter((i) => i.error);
	const calls = env.sandbox.apiCalls(op.method).length;
	const expectedFailures = kind === 'unsent' ? ITEMS : recovers ? 0 : 1;
	expect(failed).toHaveLength(expectedFailures);
	for (const item of failed) expectClearError(item.error, { api: op.api, op, fault, kind });
	for (const item of result.outputItems.filter((i) => !i.error)) expect(Object.keys(item.json).length).toBeGreaterThan(0);
	// What reached the server: nothing when it cannot be reached; one resend of the faulted
	// request when it was refused unprocessed or is a read; never a resent write.
	expect(calls).toBe(kind === 'unsent' ? 0 : recovers ? ITEMS + 1 : ITEMS);
	if (!op.read) expect(processed(env, op)).toBe(ITEMS - failed.length + (fault.processedBy && kind !== 'unsent' ? 1 : 0));
	expect(scanForSecrets(`fault ${op.api} ${op.operation} ${faultName} (continue on fail)`, result, env.secrets)).toEqual([]);

	if (expectedFailures) {
		// Without Continue On Fail the node fails with the item's error.
		env.sandbox.clear();
		env.reset();
		resetLimiters();
		const [item] = await op.setup(env, 1);
		env.sandbox.clear();
		if (fault.fault) env.sandbox.faults.add({ match: { method: op.method }, ...fault.fault(op.api, { nowhere, capture }) });
		const stopped = await run({ items: [item] });
		cases.run++;
		runs++;
		expectClearError(stopped.error, { api: op.api, op, fault, kind });
		expect(stopped.error.context.apiCode).toBe(failed[0].error.context.apiCode);
		expect(scanForSecrets(`fault ${op.api} ${op.operation} ${faultName} (node fails)`, stopped, env.secrets)).toEqual([]);
	}
	recordFigure('faults', { api: op.api, operation: `${op.api} ${op.operation}`, fault: faultName, outcome: recovers ? 'recovered' : 'error', runs });
}

// Faults outside, operations inside: the tests that jest starts together are of different operations.
describe.each(Object.keys(FAULTS))('%s', (faultName) => {
	test.concurrent.each(OPERATIONS.map((op) => [`${op.api} ${op.operation}`, op]))('%s', async (_, op) => {
		await nowherePromise;
		await withEnv(op, (env) => runCell(op, env, faultName));
	});
});

/**
 * The same faults on Bitrix24's batch calls (the default for a run of several items): the three
 * items' commands go out in one `batch` request, so a fault of that request concerns all three.
 * A refusal is waited out and the batch resent; after an ambiguous failure the reads are sent
 * again and the writes are not (each item says so); nothing is processed twice.
 */
function processedInBatches(env) {
	return env.sandbox
		.apiCalls('batch')
		.filter((c) => c.status >= 200 && c.status < 300 && !['injected', 'dropped before processing', 'never answered'].includes(c.fault))
		.reduce((n, c) => n + Object.keys(c.response?.result?.result ?? {}).length, 0);
}

async function runBatchCell(op, env, faultName) {
	const { fault, kind, items, parameters, credentials, recovers } = await prepareCell(op, env, faultName, { batches: true });
	const result = await runNode({ type: APIS[op.api].type, parameters, credentials, items, continueOnFail: true });
	cases.run++;
	expect(result.error).toBeUndefined();
	expect(result.outputItems).toHaveLength(ITEMS);
	const failed = result.outputItems.filter((i) => i.error);
	expect(failed).toHaveLength(recovers ? 0 : ITEMS);
	for (const item of failed) expectClearError(item.error, { api: op.api, op, fault, kind });
	const requests = env.sandbox.apiCalls().length;
	if (kind === 'unsent') expect(requests).toBe(0);
	else if (!recovers) expect(requests).toBe(1);
	else expect(requests).toBeGreaterThanOrEqual(2);
	if (!op.read) expect(processedInBatches(env) + processed(env, op)).toBe(recovers || fault.processedBy ? ITEMS : 0);
	expect(scanForSecrets(`fault ${op.api} ${op.operation} ${faultName} (batch)`, result, env.secrets)).toEqual([]);
	recordFigure('faults', { api: op.api, operation: `${op.api} ${op.operation} (batch)`, fault: faultName, outcome: recovers ? 'recovered' : 'error', runs: 1 });
}

const BATCHED = OPERATIONS.filter((op) => op.api === 'bitrix24');
describe.each(Object.keys(FAULTS))('%s (Bitrix24 batch)', (faultName) => {
	test.concurrent.each(BATCHED.map((op) => [`${op.api} ${op.operation}`, op]))('%s', async (_, op) => {
		await nowherePromise;
		await withEnv(op, (env) => runBatchCell(op, env, faultName));
	});
});
