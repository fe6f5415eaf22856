'use strict';
/**
 * The sandbox itself, over plain HTTP: the checks the node's tests rely on (authentication,
 * media types, reseller access, pagination, documented error bodies, rate limit, control API).
 */
const { startActivePlatformSandbox, ACTIVEPLATFORM_TEXTS } = require('../../sandboxes/activeplatform');
const { TOKEN, DOWNSTREAM_TOKEN } = require('./fixtures');

const MEDIA = 'application/vnd.api+json';
let sandbox;
beforeAll(async () => {
	sandbox = await startActivePlatformSandbox();
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.reset({ rateLimit: null }));

async function call(method, path, { token = TOKEN, headers = {}, body } = {}) {
	const response = await fetch(`${sandbox.url}${path}`, {
		method,
		headers: { 'X-Api-Token': token, Accept: MEDIA, 'Content-Type': MEDIA, ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

test('X-Api-Token is required and checked: 401 in the JSON:API array form', async () => {
	const missing = await call('GET', '/api/v3/resellers/1', { token: undefined, headers: { 'X-Api-Token': '' } });
	expect(missing).toMatchObject({ status: 401, body: { errors: [{ status: '401', title: 'Unauthorized', detail: 'X-Api-Token header is missing' }] } });
	const wrong = await call('GET', '/api/v3/resellers/1', { token: 'nope' });
	expect(wrong.body.errors[0].detail).toBe('Invalid API token');
});

test('Accept and Content-Type must be application/vnd.api+json, on every method', async () => {
	expect((await call('GET', '/api/v3/resellers/1', { headers: { Accept: 'application/json' } })).status).toBe(406);
	expect((await call('GET', '/api/v3/resellers/1', { headers: { 'Content-Type': 'application/json' } })).status).toBe(415);
	sandbox.addPayment({ id: 1 });
	const patch = await call('PATCH', '/api/v3/resellers/1/payments/1', {
		headers: { 'Content-Type': 'application/json' },
		body: { data: { attributes: { payment_method_id: 2 } } },
	});
	expect(patch.status).toBe(415);
	expect(sandbox.writes()).toHaveLength(0);
	const ok = await call('GET', '/api/v3/resellers/1');
	expect(ok.status).toBe(200);
	expect(ok.headers.get('content-type')).toBe(MEDIA);
});

test("a token acts on its reseller and the resellers below it, never on a foreign or upstream one", async () => {
	for (const id of [1, 2, 3]) expect((await call('GET', `/api/v3/resellers/${id}`)).status).toBe(200);
	const foreign = await call('GET', '/api/v3/resellers/4/payments');
	expect(foreign).toMatchObject({ status: 403, body: { errors: [{ status: '403', title: 'Forbidden' }] } });
	// a reseller that does not exist looks the same (no existence leak)
	expect((await call('GET', '/api/v3/resellers/999')).status).toBe(403);
	expect((await call('GET', '/api/v3/resellers/1', { token: DOWNSTREAM_TOKEN })).status).toBe(403);
	expect((await call('GET', '/api/v3/resellers/3', { token: DOWNSTREAM_TOKEN })).status).toBe(200);
	const reseller = await call('GET', '/api/v3/resellers/2');
	expect(reseller.body.data).toMatchObject({ id: '2', type: 'resellers', attributes: { parent_id: 1, general: { currency: 'USD' } } });
});

test('a payment of another reseller of the same tree is not found under the wrong reseller', async () => {
	sandbox.addPayment({ id: 5, resellerId: 2, accountId: 7310 });
	expect((await call('GET', '/api/v3/resellers/1/payments/5')).status).toBe(404);
	expect((await call('GET', '/api/v3/resellers/2/payments/5')).status).toBe(200);
});

test('pagination: page[size] defaults to 50, is capped at 100; no links or meta', async () => {
	for (let i = 1; i <= 130; i++) sandbox.addPayment({ id: i });
	expect((await call('GET', '/api/v3/resellers/1/payments')).body.data).toHaveLength(50);
	expect((await call('GET', '/api/v3/resellers/1/payments?page[size]=500')).body.data).toHaveLength(100);
	const last = await call('GET', '/api/v3/resellers/1/payments?page[size]=50&page[number]=3');
	expect(last.body.data.map((p) => p.id)).toEqual(Array.from({ length: 30 }, (_, i) => String(101 + i)));
	expect(Object.keys(last.body)).toEqual(['data']);
	expect((await call('GET', '/api/v3/resellers/1/payments?page[number]=0')).status).toBe(400);
});

test('unknown filters, sort fields and includes are 400s', async () => {
	sandbox.addPayment({ id: 1 });
	expect((await call('GET', '/api/v3/resellers/1/payments?filter[colour]=red')).status).toBe(400);
	expect((await call('GET', '/api/v3/resellers/1/payments?sort=-colour')).status).toBe(400);
	expect((await call('GET', '/api/v3/resellers/1/payments/1?include=everything')).status).toBe(400);
	expect((await call('GET', '/api/v3/resellers/1/payments?filter[created_at][gt]=soon')).status).toBe(400);
});

test('the documented 422 bodies, in the documented object form', async () => {
	sandbox.addPayment({ id: 1, status: 'completed' });
	const refused = await call('PATCH', '/api/v3/resellers/1/payments/1', { body: { data: { attributes: { payment_method_id: 2 } } } });
	expect(refused).toMatchObject({ status: 422, body: { errors: { title: ACTIVEPLATFORM_TEXTS.notCompletable, status: '422' } } });
	const cancel = await call('DELETE', '/api/v3/resellers/1/payments/1');
	expect(cancel.body).toEqual({ errors: { title: ACTIVEPLATFORM_TEXTS.notCancellable, status: '422' } });
	const invalid = await call('POST', '/api/v3/resellers/1/payments', { body: '{"data":' });
	expect(invalid.status).toBe(400);
	const blank = await call('POST', '/api/v3/resellers/1/payments', { body: { data: { attributes: { account_id: 505, total: 5 } } } });
	expect(blank.body).toEqual({ errors: { title: "comment can't be blank", status: '422', source: { pointer: '/data/attributes/comment' } } });
});

test('statuses and transitions', async () => {
	sandbox.addPayment({ id: 1 });
	sandbox.addPayment({ id: 2, status: 'expired' });
	sandbox.addPayment({ id: 3 });
	const attributes = (r) => r.body.data.attributes;
	expect(attributes(await call('PATCH', '/api/v3/resellers/1/payments/2', { body: { data: { attributes: { payment_method_id: 4 } } } }))).toMatchObject({
		status: 'completed',
		payment_method_id: 4,
		payment_method_name: 'Bank transfer',
		manager_id: 234,
	});
	expect(attributes(await call('DELETE', '/api/v3/resellers/1/payments/1')).status).toBe('cancelled');
	expect((await call('PATCH', '/api/v3/resellers/1/payments/1', { body: { data: { attributes: { payment_method_id: 2 } } } })).status).toBe(422);
	expect(attributes(await call('PATCH', '/api/v3/resellers/1/payments/3', { body: { data: { attributes: { status: 'paid_from_balance' } } } })).status).toBe(
		'paid_from_balance',
	);
	expect(sandbox.writes().map((w) => [w.op, w.paymentId])).toEqual([
		['complete', 2],
		['cancel', 1],
		['completeFromBalance', 3],
	]);
});

test('an optional rate limit answers 429 with Retry-After', async () => {
	sandbox.setRateLimit({ max: 2, windowMs: 1000 });
	const answers = [];
	for (let i = 0; i < 3; i++) answers.push(await call('GET', '/api/v3/resellers/1'));
	expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
	expect(answers[2].headers.get('retry-after')).toBe('1');
	expect(answers[2].body.errors[0].status).toBe('429');
});

test('control API: add payments, read state, switch the rate limit, reset', async () => {
	const post = (action, body) =>
		fetch(`${sandbox.url}/_sandbox/${action}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
	const [added] = await post('payments', [{ id: 77, documentId: '0077' }]);
	expect(added).toMatchObject({ id: '77', attributes: { document_id: '0077', status: 'waiting_for_payment' } });
	await post('rateLimit', { max: 1, windowMs: 60000 });
	expect((await call('GET', '/api/v3/resellers/1')).status).toBe(200);
	expect((await call('GET', '/api/v3/resellers/1')).status).toBe(429);
	await post('rateLimit', {});
	const state = await fetch(`${sandbox.url}/_sandbox/state`).then((r) => r.json());
	expect(state.payments.map((p) => p.id)).toEqual(['77']);
	await post('reset', {});
	expect((await fetch(`${sandbox.url}/_sandbox/state`).then((r) => r.json())).payments).toEqual([]);
});

describe('complete by document number follows the latest outcome matrix', () => {
	const complete = (doc, attributes) => call('POST', `/api/v3/resellers/1/payments/${doc}`, { body: { data: { attributes } } });

	test.each(['pending_billing', 'completed', 'paid_from_balance', 'cancelled'])('%s: status kept, the amount recorded again as a correction', async (status) => {
		sandbox.addPayment({ id: 1, status, total: 50, documentId: 'D-1' });
		const answer = await complete('D-1', { payment_method_id: 2, external_transaction_id: 'TX-2' });
		expect(answer.status).toBe(200);
		expect(answer.body.data.attributes).toMatchObject({ status, external_transaction_id: 'TX-2' });
		expect(sandbox.state.corrections).toEqual([expect.objectContaining({ paymentId: 1, amount: 50 })]);
	});

	test.each(['processing', 'receipt_creating', 'receipt_sent'])('%s (not in the matrix): refused with the v7.8 422, nothing recorded', async (status) => {
		sandbox.addPayment({ id: 1, status, documentId: 'D-1' });
		const answer = await complete('D-1', { payment_method_id: 2 });
		expect(answer).toMatchObject({ status: 422, body: { errors: { title: ACTIVEPLATFORM_TEXTS.notCompletable, status: '422' } } });
		expect(sandbox.state.corrections).toEqual([]);
		expect(sandbox.writes()).toHaveLength(0);
	});

	test('the external transaction ID is stored on the payment, also for a partial payment', async () => {
		sandbox.addPayment({ id: 1, total: 100, documentId: 'D-1' });
		const answer = await complete('D-1', { payment_method_id: 2, amount: 40, external_transaction_id: 'TX-1' });
		expect(answer.body.data.attributes).toMatchObject({ status: 'waiting_for_payment', external_transaction_id: 'TX-1' });
	});
});

test('an installation that ignores the undocumented filters returns the rows unfiltered', async () => {
	sandbox.addPayment({ id: 1, documentId: 'A', status: 'completed' });
	sandbox.addPayment({ id: 2, documentId: 'B' });
	const filtered = await call('GET', '/api/v3/resellers/1/payments?filter[document_id]=B&filter[status]=waiting_for_payment');
	expect(filtered.body.data.map((p) => p.id)).toEqual(['2']);
	sandbox.reset({ rateLimit: null, ignoreFilters: ['document_id'] });
	sandbox.addPayment({ id: 1, documentId: 'A', status: 'completed' });
	sandbox.addPayment({ id: 2, documentId: 'B' });
	const ignored = await call('GET', '/api/v3/resellers/1/payments?filter[document_id]=B');
	expect(ignored.body.data.map((p) => p.id)).toEqual(['1', '2']);
	// The documented date filters always apply.
	const dated = await call('GET', '/api/v3/resellers/1/payments?filter[created_at][gt]=2999-01-01');
	expect(dated.body.data).toEqual([]);
});

test('a payments manager may read and change payments but not read resellers', async () => {
	const { PAYMENTS_TOKEN } = require('./fixtures');
	sandbox.addPayment({ id: 1 });
	expect((await call('GET', '/api/v3/resellers/1', { token: PAYMENTS_TOKEN })).status).toBe(403);
	expect((await call('GET', '/api/v3/resellers/1/payments', { token: PAYMENTS_TOKEN })).status).toBe(200);
	expect((await call('DELETE', '/api/v3/resellers/1/payments/1', { token: PAYMENTS_TOKEN })).status).toBe(200);
});
