'use strict';
/**
 * Limits and failures: 429s are waited out and resent (reads and writes alike: a 429 proves the
 * request was not processed); after a 500 or a dropped connection reads are resent and writes
 * (create, pay, refund...) never are. The sandbox counts what it processed.
 */
const { invoiceboxSetup, createParameters, seedCustomer, dist } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());
beforeEach(() => {
	env.sandbox.reset();
	dist('nodes/shared/limiter.js').resetLimiters();
});

const getMany = (orders) =>
	env.run({ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' }, { items: orders.map((o) => ({ id: o.id })) });

async function orders(n) {
	const out = [];
	for (let i = 0; i < n; i++) out.push(await env.createOrder());
	return out;
}

const accepted = (name) => env.sandbox.apiCalls(name).filter((c) => c.accepted === true).length;
const refused = (name) => env.sandbox.apiCalls(name).filter((c) => c.status === 429).length;

describe('rate limit (sandbox: 10 requests per second per token)', () => {
	test('30 reads without pacing: 429s are waited out, every item succeeds, none is lost', async () => {
		const list = await orders(30);
		env.sandbox.reset({ rateLimit: { max: 10, windowMs: 1000 } });
		for (const o of list) env.sandbox.state.orders.set(o.id, { ...o });
		const started = Date.now();
		const result = await getMany(list);
		const ms = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.id)).toEqual(list.map((o) => o.id));
		expect(accepted('order.list')).toBe(30);
		expect(refused('order.list')).toBeGreaterThan(0);
		console.log(`30 reads, 10/s window, no pacing: ${ms} ms, ${refused('order.list')} refusals`);
	});

	test('30 reads paced by the credential (10 per 1 s): no 429 at all', async () => {
		const list = await orders(30);
		env.sandbox.reset({ rateLimit: { max: 10, windowMs: 1000 } });
		for (const o of list) env.sandbox.state.orders.set(o.id, { ...o });
		const started = Date.now();
		const result = await env.run(
			{ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' },
			{ items: list.map((o) => ({ id: o.id })), credentials: env.credentials({ rateLimit: 10, rateLimitWindow: 1 }) },
		);
		const ms = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(30);
		expect(refused('order.list')).toBe(0);
		expect(ms).toBeGreaterThanOrEqual(1900);
		console.log(`30 reads, 10/s window, paced: ${ms} ms`);
	});

	test('30 creates without pacing: each order is created exactly once', async () => {
		env.sandbox.configure({ rateLimit: { max: 10, windowMs: 1000 }, retryAfter: true });
		const started = Date.now();
		const result = await env.run(
			{ ...createParameters(env.sandbox), merchantOrderId: '={{ "BULK-" + $json.n }}' },
			{ items: Array.from({ length: 30 }, (_, n) => ({ n })) },
		);
		const ms = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(30);
		const counts = env.sandbox.snapshot().counts.create;
		expect(Object.keys(counts)).toHaveLength(30);
		expect(Object.values(counts).every((n) => n === 1)).toBe(true);
		expect(refused('order.create')).toBeGreaterThan(0);
		console.log(`30 creates, 10/s window with Retry-After, no pacing: ${ms} ms, ${refused('order.create')} refusals`);
	});

	test('an answer saying the budget is spent (X-RateLimit-Remaining: 0) holds the next request until its reset: no 429', async () => {
		const list = await orders(30);
		for (const pacing of [0, 5]) {
			env.sandbox.reset({ rateLimit: { max: 5, windowMs: 2000 }, maxPageSize: 10 });
			dist('nodes/shared/limiter.js').resetLimiters();
			for (const o of list) env.sandbox.state.orders.set(o.id, { ...o });
			// Another client of the account spends 4 of its 5 requests: the node cannot count those.
			for (let i = 0; i < 4; i++) await env.api('GET', `/billing/api/order/order/${list[i].id}`);
			env.sandbox.clear();
			const result = await env.run(
				{ resource: 'order', operation: 'getAll', returnAll: true },
				{ credentials: env.credentials({ rateLimit: pacing, rateLimitWindow: 2 }) },
			);
			expect(result.items).toHaveLength(30);
			expect(env.sandbox.apiCalls('order.list').map((c) => c.status)).toEqual([200, 200, 200]);
		}
	});

	test('Retry-After is honoured before resending', async () => {
		const [order] = await orders(1);
		env.sandbox.faults.add({ match: { method: 'order.list' }, status: 429, body: { error: { message: 'Too Many Requests' } }, headers: { 'Retry-After': '1' } });
		const result = await getMany([order]);
		expect(result.error).toBeUndefined();
		const [first, second] = env.sandbox.apiCalls('order.list');
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
	});

	test('a 429 on Pay is resent once and the payment is made once', async () => {
		const [order] = await orders(1);
		await env.api('POST', `/billing/api/order/${order.id}/payment-method-action/send-code`, { paymentMethodId: '39363265', customer: { type: 'legal', vatNumber: '1233123' } });
		const { publicCode, code } = env.sandbox.snapshot().codes[order.id];
		env.sandbox.faults.add({ match: { method: 'guarantee.pay' }, status: 429, body: { error: { message: 'Too Many Requests' } } });
		const result = await env.run({ resource: 'paymentConfirmation', operation: 'pay', orderId: order.id, paymentMethodId: '39363265', publicCode, code, ...seedCustomer });
		expect(result.items[0].result).toBe('success');
		expect(env.sandbox.apiCalls('guarantee.pay')).toHaveLength(2);
		expect(env.sandbox.snapshot().counts.pay).toEqual({ [order.id]: 1 });
	});
});

describe('failures that may have been processed', () => {
	test('Create is not resent after a 500', async () => {
		env.sandbox.faults.add({ match: { method: 'order.create' }, status: 500, body: { error: { message: 'Internal Server Error' } }, times: 3 });
		const result = await env.run(createParameters(env.sandbox));
		expect(result.error.context.apiCode).toBe('internal_server_error');
		expect(result.error.description).toMatch(/check it \(Get \/ Get Many\) before running it again/);
		expect(env.sandbox.apiCalls('order.create')).toHaveLength(1);
	});

	test('Pay is not resent when the connection drops after the server processed it', async () => {
		const [order] = await orders(1);
		await env.api('POST', `/billing/api/order/${order.id}/payment-method-action/send-code`, { paymentMethodId: '39363265', customer: { type: 'legal', vatNumber: '1233123' } });
		const { publicCode, code } = env.sandbox.snapshot().codes[order.id];
		env.sandbox.faults.add({ match: { method: 'guarantee.pay' }, drop: 'after' });
		const result = await env.run({ resource: 'paymentConfirmation', operation: 'pay', orderId: order.id, paymentMethodId: '39363265', publicCode, code, ...seedCustomer });
		expect(result.error).toBeDefined();
		expect(result.error.description).toMatch(/may or may not have processed/);
		expect(env.sandbox.apiCalls('guarantee.pay')).toHaveLength(1);
		expect(env.sandbox.snapshot().counts.pay).toEqual({ [order.id]: 1 });
		expect(env.sandbox.order(order.id).status).toBe('completed');
	});

	test('Refund is not resent after a dropped connection either', async () => {
		const [order] = await orders(1);
		env.sandbox.payOrder(order.id);
		env.sandbox.faults.add({ match: { method: 'refund.create' }, drop: 'before' });
		const result = await env.run({
			resource: 'refund',
			operation: 'create',
			orderId: order.id,
			merchantOrderId: 'R-DROP',
			description: 'x',
			basketInput: 'json',
			basketItems: undefined,
			basketItemsJson: JSON.stringify([{ ...order.basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }]),
		});
		expect(result.error).toBeDefined();
		expect(env.sandbox.apiCalls('refund.create')).toHaveLength(1);
	});

	test('reads are resent after a 500 and after a dropped connection', async () => {
		const [order] = await orders(1);
		env.sandbox.faults.add({ match: { method: 'order.list' }, status: 500, body: { error: { message: 'Internal Server Error' } } });
		env.sandbox.faults.add({ match: { method: 'order.list' }, drop: 'before' });
		const result = await getMany([order]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].id).toBe(order.id);
		expect(env.sandbox.apiCalls('order.list')).toHaveLength(3);
	});
});
