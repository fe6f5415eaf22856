'use strict';
/** The Invoicebox sandbox itself: what tests in other processes (and the docs' choices) rely on. */
const http = require('node:http');
const { startInvoiceboxSandbox, DEMO_TOKEN, DEMO_MERCHANT } = require('../../sandboxes/invoicebox');
const { orderBody } = require('./fixtures');

let sandbox;
const changes = [];
beforeAll(async () => {
	sandbox = await startInvoiceboxSandbox({ onStatusChange: (order, from) => changes.push([order.id, from, order.status]) });
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset());

const HEADERS = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'sandbox-test/1.0' };

async function call(method, path, body, headers = HEADERS) {
	const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, body: json, headers: response.headers };
}

/** A request with no User-Agent at all (fetch always adds one). */
function rawGet(path) {
	return new Promise((resolve, reject) => {
		const req = http.request(`${sandbox.url}${path}`, { method: 'GET', headers: { Authorization: `Bearer ${DEMO_TOKEN}` } }, (res) => {
			let text = '';
			res.on('data', (c) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text), requestId: res.headers['x-request-id'] }));
		});
		req.on('error', reject);
		req.end();
	});
}

test('User-Agent is required: 400 bad_request without one (the sandbox\'s choice; the docs only say it is required)', async () => {
	const response = await rawGet('/v3/security/api/auth/auth');
	expect(response.status).toBe(400);
	expect(response.body).toEqual({ error: { message: 'User-Agent header is required', code: 'bad_request' } });
	expect(response.requestId).toMatch(/^sbx-/);
});

test('X-Request-Id on every answer: success, API error, unknown path, injected fault', async () => {
	sandbox.faults.add({ match: { method: 'order.list' }, status: 503, raw: 'busy' });
	const answers = [
		await call('GET', '/v3/security/api/auth/auth'),
		await call('DELETE', `/v3/billing/api/order/order/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`),
		await call('GET', '/v3/nothing/here'),
		await call('GET', '/v3/filter/api/order/order'),
	];
	expect(answers.map((a) => a.status)).toEqual([200, 404, 404, 503]);
	const ids = answers.map((a) => a.headers.get('x-request-id'));
	expect(ids.every((id) => /^sbx-[0-9a-f]{6}-[0-9a-f]{8}$/.test(id))).toBe(true);
	expect(new Set(ids).size).toBe(4);
	expect(sandbox.calls.map((c) => c.requestId)).toEqual(ids);
});

test('auth: a token answers with its user, none is anonymous (200, userId null), a wrong one is 401, a v3 token on l3 too', async () => {
	expect((await call('GET', '/v3/security/api/auth/auth')).body.data.userId).toBeTruthy();
	const anonymous = await call('GET', '/v3/security/api/auth/auth', undefined, { 'User-Agent': 'x' });
	expect(anonymous).toMatchObject({ status: 200, body: { data: { userId: null } } });
	expect((await call('GET', '/v3/security/api/auth/auth', undefined, { ...HEADERS, Authorization: 'Bearer nope' })).body).toEqual({
		error: { message: 'Unauthorized', code: 'unauthorized' },
	});
	expect((await call('GET', '/l3/security/api/auth/auth')).status).toBe(401);
	expect((await call('GET', '/v3/filter/api/order/order', undefined, { 'User-Agent': 'x' })).status).toBe(401);
});

test('100 requests per 30 s per token by default, then 429 (Retry-After only when switched on)', async () => {
	const statuses = [];
	for (let i = 0; i < 101; i++) statuses.push((await call('GET', '/v3/security/api/auth/auth')).status);
	expect(statuses.filter((s) => s === 200)).toHaveLength(100);
	const refused = await call('GET', '/v3/security/api/auth/auth');
	expect(refused).toMatchObject({ status: 429, body: { error: { message: 'Too Many Requests' } } });
	expect(refused.headers.get('retry-after')).toBeNull();
	sandbox.configure({ retryAfter: true });
	const told = await call('GET', '/v3/security/api/auth/auth');
	expect(Number(told.headers.get('retry-after'))).toBeGreaterThan(0);
	expect(Number(told.headers.get('retry-after'))).toBeLessThanOrEqual(30);
});

test('the per-IP limit counts every token of the address', async () => {
	sandbox.reset({
		accounts: [
			{ token: 'a'.repeat(32), userId: 'u1', merchantIds: [DEMO_MERCHANT] },
			{ token: 'b'.repeat(32), userId: 'u2', merchantIds: [] },
		],
		rateLimit: { max: 5, windowMs: 60_000 },
		ipRateLimit: { max: 8, windowMs: 60_000 },
	});
	const statuses = [];
	for (const token of ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']) {
		statuses.push((await call('GET', '/v3/security/api/auth/auth', undefined, { ...HEADERS, Authorization: `Bearer ${token.repeat(32)}` })).status);
	}
	expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
});

test('malformed JSON is 400; the sort form _order=field:desc is 422; an unknown filter field is 422', async () => {
	expect((await call('POST', '/v3/billing/api/order/order', '{"merchantId":')).body.error.code).toBe('bad_request');
	expect((await call('GET', '/v3/filter/api/order/order?_order=createdAt:desc')).status).toBe(422);
	const unknown = await call('GET', '/v3/filter/api/order/order?colour=red');
	expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'validation_error', fields: [{ name: 'colour' }] } } });
});

test('missing required fields: 422 validation_error naming the field', async () => {
	const { description, ...body } = orderBody(DEMO_MERCHANT);
	const response = await call('POST', '/v3/billing/api/order/order', body);
	expect(response).toMatchObject({ status: 422, body: { error: { code: 'validation_error', fields: [{ name: 'description', code: 'required' }] } } });
});

test('control API over HTTP: state, settings, pay, expire, faults, reset; status changes reach the notification hook', async () => {
	const created = (await call('POST', '/v3/billing/api/order/order', orderBody(DEMO_MERCHANT))).body.data;
	const other = (await call('POST', '/v3/billing/api/order/order', orderBody(DEMO_MERCHANT))).body.data;
	const control = async (action, body) => (await call('POST', `/_sandbox/${action}`, body ?? {})).body;
	expect((await control('pay', { orderId: created.id })).status).toBe('completed');
	expect((await control('expire', { orderId: other.id })).status).toBe('expired');
	expect(await control('settings', { paging: 'docs' })).toMatchObject({ paging: 'docs' });
	const state = await control('state');
	expect(state.orders.map((o) => o.status)).toEqual(['completed', 'expired']);
	expect(state.statusChanges.map((c) => c.to)).toEqual(['created', 'created', 'completed', 'expired']);
	expect(changes.slice(-2)).toEqual([
		[created.id, 'created', 'completed'],
		[other.id, 'created', 'expired'],
	]);
	await control('faults', { match: { method: 'auth' }, status: 500, body: { error: { message: 'Internal Server Error' } } });
	expect((await call('GET', '/v3/security/api/auth/auth')).status).toBe(500);
	await control('reset');
	expect((await control('state')).orders).toEqual([]);
	expect(sandbox.settings.paging).toBe('mcp');
});
