'use strict';
/**
 * Limits and failures: 429 is waited out and resent (the installation proved it did not
 * process them); a write is never sent twice after a failure that may have been processed (500,
 * a dropped connection); reads are resent. The sandbox counts what it processed.
 */
const { useActivePlatform } = require('./fixtures');

const env = useActivePlatform();

const statuses = (method) => env.sandbox.apiCalls(method).map((c) => c.status);

/** Completes 20 fresh payments under a 5-per-second limit: every item succeeds, each payment once. */
async function completeTwentyUnderLimit() {
	env.sandbox.reset({ rateLimit: { max: 5, windowMs: 1000 } });
	const ids = Array.from({ length: 20 }, (_, i) => 100 + i);
	for (const id of ids) env.sandbox.addPayment({ id });
	const started = Date.now();
	const result = await env.run(
		{ operation: 'complete', paymentId: '={{ $json.id }}', paymentMethodId: 2 },
		{ items: ids.map((id) => ({ id })) },
	);
	const seconds = (Date.now() - started) / 1000;
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.status)).toEqual(ids.map(() => 'completed'));
	expect(env.sandbox.writes('complete').map((w) => w.paymentId).sort()).toEqual(ids);
	const answers = statuses('payments.complete');
	expect(answers.filter((s) => s === 200)).toHaveLength(20);
	const refused = answers.filter((s) => s === 429).length;
	return { seconds, requests: answers.length, refused, text: `${seconds.toFixed(1)} s, ${answers.length} requests (${refused} refused)` };
}

test('429s from a rate-limited installation are waited out: every item succeeds, each payment completed once', async () => {
	const first = await completeTwentyUnderLimit();
	expect(first.refused).toBeGreaterThan(0);
	// 20 requests at 5 per second need at least 3 s; Retry-After (1 s) keeps it near that.
	expect(first.seconds).toBeGreaterThanOrEqual(2.9);
	expect(first.seconds).toBeLessThan(20);
	// The node learnt the pace the installation accepted: the next run is paced, not refused.
	const second = await completeTwentyUnderLimit();
	expect(second.refused).toBeLessThanOrEqual(3);
	expect(second.seconds).toBeLessThan(10);
	console.log(`rate limit 5/s, 20 completes: first run ${first.text}; second run ${second.text}`);
}, 60000);

test('a 429 on Create is resent after Retry-After and creates one payment', async () => {
	env.sandbox.faults.add({
		match: { method: 'payments.create' },
		status: 429,
		headers: { 'Retry-After': '1' },
		body: { errors: [{ status: '429', title: 'Too Many Requests' }] },
	});
	const started = Date.now();
	const result = await env.run({ operation: 'create', accountId: 505, total: 10, comment: 'retry' });
	expect(result.error).toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	expect(statuses('payments.create')).toEqual([429, 201]);
	expect(env.sandbox.writes('create')).toHaveLength(1);
});

test('503 without proof on Complete is not resent: the item fails, saying to check the payment', async () => {
	// A load balancer answers 503 after the backend processed the request as well as before: only a
	// 429 proves that nothing was done.
	env.sandbox.addPayment({ id: 200 });
	env.sandbox.faults.add({ match: { method: 'payments.complete' }, status: 503, times: 2, headers: { 'Retry-After': '0' }, raw: '' });
	const result = await env.run({ operation: 'complete', paymentId: '200', paymentMethodId: 2 });
	expect(result.error.name).toBe('NodeApiError');
	expect(result.error.context).toMatchObject({ apiCode: 'SERVICE_UNAVAILABLE', httpStatus: 503 });
	expect(result.error.description).toMatch(/may or may not have been made: check payment 200/);
	expect(statuses('payments.complete')).toEqual([503]);
});

test('503 on a read (Get) is resent and succeeds', async () => {
	env.sandbox.addPayment({ id: 202 });
	env.sandbox.faults.add({ match: { method: 'payments.get' }, status: 503, times: 1, raw: '' });
	const result = await env.run({ operation: 'get', paymentId: '202' });
	expect(result.error).toBeUndefined();
	expect(statuses('payments.get')).toEqual([503, 200]);
});

test('a 429 that lasts longer than Max Wait fails with the rate-limit error, unprocessed', async () => {
	env.sandbox.addPayment({ id: 201 });
	env.sandbox.faults.add({
		match: { method: 'payments.complete' },
		status: 429,
		times: Infinity,
		headers: { 'Retry-After': '1' },
		body: { errors: [{ status: '429', title: 'Too Many Requests' }] },
	});
	const result = await env.run({ operation: 'complete', paymentId: '201', paymentMethodId: 2, rateLimitHandling: { maxWait: 2 } });
	expect(result.error.name).toBe('NodeApiError');
	expect(result.error.context).toMatchObject({ apiCode: 'TOO_MANY_REQUESTS', httpStatus: 429 });
	expect(result.error.description).toMatch(/Max Wait/);
	expect(env.sandbox.writes()).toHaveLength(0);
	expect(statuses('payments.complete').length).toBeLessThanOrEqual(4);
}, 30000);

describe('a write that may have been processed is never sent again', () => {
	test.each([
		['a 500 answer', { status: 500, body: { errors: [{ status: '500', title: 'Internal Server Error' }] } }, 'INTERNAL_SERVER_ERROR'],
		['a 502 proxy page', { status: 502, raw: '<html>Bad gateway</html>' }, 'BAD_GATEWAY'],
		['a connection dropped before processing', { drop: 'before' }, undefined],
	])('Complete after %s', async (_name, fault, code) => {
		env.sandbox.addPayment({ id: 300 });
		env.sandbox.faults.add({ match: { method: 'payments.complete' }, times: Infinity, ...fault });
		const result = await env.run({ operation: 'complete', paymentId: '300', paymentMethodId: 2 });
		expect(result.error.name).toBe('NodeApiError');
		if (code) expect(result.error.context.apiCode).toBe(code);
		expect(result.error.description).toMatch(/check payment 300|Check its state/);
		expect(env.sandbox.apiCalls('payments.complete')).toHaveLength(1);
	});

	test('Complete after the connection dropped once it was processed: one completion, one request', async () => {
		env.sandbox.addPayment({ id: 301 });
		env.sandbox.faults.add({ match: { method: 'payments.complete' }, drop: 'after' });
		const result = await env.run({ operation: 'complete', paymentId: '301', paymentMethodId: 2 });
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.message).toMatch(/connection to ActivePlatform broke/);
		expect(env.sandbox.apiCalls('payments.complete')).toHaveLength(1);
		expect(env.sandbox.writes('complete')).toHaveLength(1);
		expect(env.sandbox.payment(301).attributes.status).toBe('completed');
	});

	test.each([
		['Create', { operation: 'create', accountId: 505, total: 10, comment: 'once' }, 'payments.create'],
		['Complete by Document Number', { operation: 'completeByDocument', documentId: '0301', paymentMethodId: 2 }, 'payments.completeByDocument'],
		['Complete From Balance', { operation: 'completeFromBalance', paymentId: '302' }, 'payments.completeFromBalance'],
		['Cancel', { operation: 'cancel', paymentId: '302' }, 'payments.cancel'],
	])('%s after a drop once processed', async (_name, parameters, method) => {
		env.sandbox.addPayment({ id: 302, documentId: '0301' });
		env.sandbox.faults.add({ match: { method }, drop: 'after' });
		const result = await env.run(parameters);
		expect(result.error.name).toBe('NodeApiError');
		expect(env.sandbox.apiCalls(method)).toHaveLength(1);
		expect(env.sandbox.writes()).toHaveLength(1);
	});

	test('Create after a 500: one request, nothing created twice', async () => {
		env.sandbox.faults.add({ match: { method: 'payments.create' }, status: 500, raw: '' });
		const result = await env.run({ operation: 'create', accountId: 505, total: 10, comment: 'once' });
		expect(result.error.context.apiCode).toBe('INTERNAL_SERVER_ERROR');
		expect(env.sandbox.apiCalls('payments.create')).toHaveLength(1);
	});
});

describe('reads are resent after a failure that may pass', () => {
	test('Get after two 500s succeeds on the third request', async () => {
		env.sandbox.addPayment({ id: 400 });
		env.sandbox.faults.add({ match: { method: 'payments.get' }, status: 500, times: 2, raw: '' });
		const result = await env.run({ operation: 'get', paymentId: '400' });
		expect(result.error).toBeUndefined();
		expect(statuses('payments.get')).toEqual([500, 500, 200]);
	});

	test('Get Many resends a page whose connection dropped, and still returns every payment once', async () => {
		for (let i = 1; i <= 120; i++) env.sandbox.addPayment({ id: i });
		env.sandbox.faults.add({ match: { method: 'payments.list' }, drop: 'after' });
		const result = await env.run({ operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.id)).toEqual(Array.from({ length: 120 }, (_, i) => String(i + 1)));
		expect(env.sandbox.apiCalls('payments.list')).toHaveLength(3);
	});

	test('a read that keeps failing gives up after three requests', async () => {
		env.sandbox.addPayment({ id: 401 });
		env.sandbox.faults.add({ match: { method: 'payments.get' }, status: 500, times: Infinity, raw: '' });
		const result = await env.run({ operation: 'get', paymentId: '401' });
		expect(result.error.context.apiCode).toBe('INTERNAL_SERVER_ERROR');
		expect(env.sandbox.apiCalls('payments.get')).toHaveLength(3);
	});
});

test('"Requests per Minute" in the credential paces requests on the client', async () => {
	for (const id of [500, 501, 502]) env.sandbox.addPayment({ id });
	const result = await env.run(
		{ operation: 'get', paymentId: '={{ $json.id }}', rateLimitHandling: { maxWait: 1 } },
		{ items: [{ id: 500 }, { id: 501 }, { id: 502 }], credentials: env.credentials({ requestsPerMinute: 2 }), continueOnFail: true },
	);
	// Two go at once; the third would wait about a minute, more than Max Wait: refused unsent.
	expect(result.items.filter((i) => i.status === 'waiting_for_payment')).toHaveLength(2);
	expect(result.items.filter((i) => i.error)).toHaveLength(1);
	expect(env.sandbox.apiCalls('payments.get')).toHaveLength(2);
});
