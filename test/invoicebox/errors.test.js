'use strict';
/**
 * Every entry of the Invoicebox error dictionary (and the two it lists without a code, 429 and
 * 500), produced by the sandbox the way the API produces it, becomes a NodeApiError with the
 * Invoicebox code in context.apiCode, the documented HTTP status, a hint, and the request ID.
 * The token never shows in what the user sees.
 */
const { invoiceboxSetup, createParameters, row } = require('./fixtures');
const { INVOICEBOX_SANDBOX_ERRORS } = require('../../sandboxes/invoicebox');
const { recordErrorCoverage } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');
const { resetLimiters } = require('../../dist/nodes/shared/limiter');

const OTHER_TOKEN = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const OTHER_MERCHANT = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee';

let env;
let ownToken;
beforeAll(async () => {
	env = await invoiceboxSetup({
		accounts: [
			{ token: '5f2b7c0e9a1d4c3b8e6f0a2d4c6e8b10', userId: '0187a9b1-0000-4000-8000-000000000001', merchantIds: ['ffffffff-ffff-ffff-ffff-ffffffffffff'] },
			{ token: OTHER_TOKEN, userId: '0187a9b1-0000-4000-8000-000000000002', merchantIds: [OTHER_MERCHANT] },
		],
	});
	ownToken = env.sandbox.token;
});
afterAll(async () => env.sandbox.close());
beforeEach(() => {
	env.sandbox.reset();
	// A 429 below holds the account for its window (X-RateLimit-Reset): the next case starts afresh.
	resetLimiters();
});

const create = (extra) => env.run(createParameters(env.sandbox, extra));
const badRow = (rowOptions) => ({ basketItems: { item: [row({ sku: 'A', name: 'A', quantity: 2, amount: 600, vatCode: 'RUS_VAT20', rowOptions })] } });

const CASES = [
	['unauthorized', 401, () => env.run(createParameters(env.sandbox), { credentials: env.credentials({ token: 'ffffffffffffffffffffffffffffffff' }) })],
	[
		'forbidden',
		403,
		async () => {
			const theirs = await env.api('POST', '/billing/api/order/order', { ...orderOf(OTHER_MERCHANT) }, OTHER_TOKEN);
			return env.run({ resource: 'order', operation: 'cancel', orderId: theirs.id });
		},
	],
	['wrong_expiration_date', 422, () => create({ expirationDate: '2001-01-01T00:00:00+03:00' })],
	['wrong_currency', 422, () => create({ currencyId: 'XYZ' })],
	['language_not_found', 422, () => create({ additionalFields: { languageId: 'de' } })],
	['wrong_basket_item_total_amount', 422, () => create(badRow({ totalAmount: 1199 }))],
	['wrong_basket_item_total_vat_amount', 422, () => create(badRow({ totalVatAmount: 150 }))],
	['wrong_basket_item_amount_wo_vat', 422, () => create(badRow({ amountWoVat: 400 }))],
	['wrong_total_amount', 422, () => create({ additionalFields: { amount: 1000 } })],
	['wrong_total_vat_amount', 422, () => create({ additionalFields: { vatAmount: 10 } })],
	[
		'wrong_order_status',
		422,
		async () => {
			const order = await env.createOrder();
			await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
			return env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
		},
	],
	[
		'merchant_order_id_duplicate',
		422,
		async () => {
			// A shop for which Invoicebox enforces unique numbers (not the default).
			env.sandbox.configure({ uniqueMerchantOrderId: true });
			await create({ merchantOrderId: 'SAME' });
			return create({ merchantOrderId: 'SAME' });
		},
	],
	[
		'too_many_requests',
		429,
		async () => {
			// Another client of the account spent its budget (the node has seen no answer saying so).
			env.sandbox.configure({ rateLimit: { max: 1, windowMs: 60_000 } });
			await env.api('GET', '/filter/api/order/order');
			return env.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 1, rateLimitHandling: { maxWait: 0 } });
		},
	],
	[
		'internal_server_error',
		500,
		async () => {
			env.sandbox.faults.add({ match: { method: 'order.create' }, status: 500, body: { error: { message: 'Internal Server Error' } } });
			return create();
		},
	],
	['not_found', 404, () => env.run({ resource: 'order', operation: 'cancel', orderId: '0187c6db-1637-c1ca-bef7-f6706799c41e' })],
];

function orderOf(merchantId) {
	return {
		merchantId,
		merchantOrderId: 'THEIRS-1',
		description: 'x',
		amount: 100,
		vatAmount: 0,
		currencyId: 'RUB',
		expirationDate: '2099-01-01T00:00:00+03:00',
		customer: { type: 'private', name: 'X' },
		basketItems: [{ sku: 'a', name: 'a', measure: 'шт', measureCode: '796', quantity: 1, amount: 100, amountWoVat: 100, totalAmount: 100, totalVatAmount: 0, vatCode: 'VATNONE', type: 'service', paymentType: 'full_payment' }],
	};
}

test('the table covers every code the sandbox knows from the dictionary', () => {
	const documented = Object.keys(INVOICEBOX_SANDBOX_ERRORS).filter((c) => !['validation_error', 'bad_request'].includes(c));
	expect(CASES.map(([code]) => code).sort()).toEqual([...documented, 'too_many_requests', 'internal_server_error'].sort());
});

/** How the sandbox is made to answer each code (for the coverage table). */
const HOW = {
	unauthorized: 'a token the shop does not know',
	forbidden: "cancel another account's order",
	wrong_expiration_date: 'create with an expiration date in the past',
	wrong_currency: 'create with currency XYZ',
	language_not_found: 'create with language de',
	wrong_basket_item_total_amount: 'a basket row whose total is not quantity × price',
	wrong_basket_item_total_vat_amount: "a basket row whose VAT does not match its rate",
	wrong_basket_item_amount_wo_vat: 'a basket row whose price without VAT does not match its rate',
	wrong_total_amount: 'an order amount that is not the sum of the rows',
	wrong_total_vat_amount: 'an order VAT amount that is not the sum of the rows',
	wrong_order_status: 'cancel an order twice',
	merchant_order_id_duplicate: 'create twice with the same Merchant Order ID, uniqueness enforced',
	too_many_requests: 'account limit of 1 request per minute spent by another client, Max Wait 0',
	internal_server_error: 'injected 500 with an error body without a code',
	not_found: 'cancel an order that does not exist',
};

test.each(CASES)('%s → NodeApiError with code, HTTP %i, hint and request ID', async (code, status, produce) => {
	const result = await produce();
	const error = result.error;
	expect(error).toBeDefined();
	expect(error.name).toBe('NodeApiError');
	expect(error.context.apiCode).toBe(code);
	expect(error.context.httpStatus).toBe(status);
	expect(error.httpCode).toBe(String(status));
	expect(error.message).toContain(`[Invoicebox ${code}, HTTP ${status}]`);
	expect(typeof error.description).toBe('string');
	expect(error.description.split('\n')[0].length).toBeGreaterThan(20);
	// The X-Request-Id of the failed answer is kept for support.
	const last = env.sandbox.calls[env.sandbox.calls.length - 1];
	expect(error.context.requestId).toBe(last.requestId);
	expect(error.description).toContain(last.requestId);
	const seen = JSON.stringify({ message: error.message, description: error.description, context: error.context, cause: error.cause, items: result.items });
	expect(seen).not.toContain(ownToken);
	expect(scanForSecrets(`invoicebox error ${code}`, result, [ownToken, OTHER_TOKEN])).toEqual([]);
	recordErrorCoverage('invoicebox', { code, status, hint: error.description, how: HOW[code] });
});

test('422 field problems are shown with the API text', async () => {
	const result = await create(badRow({ totalAmount: 1199 }));
	expect(result.error.description).toMatch(/Invoicebox said: Calculation Error\. Fields: basketItems\[0\]\.totalAmount: wrong_value/);
});

test('with "continue on fail" each failed item carries its own error, the others pass', async () => {
	const good = await env.createOrder();
	const result = await env.run(
		{ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' },
		{ items: [{ id: good.id }, { id: '0187c6db-1637-c1ca-bef7-f6706799c41e' }], continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	expect(result.items[0].id).toBe(good.id);
	expect(result.items[1].error).toMatch(/No order with this ID/);
});

test('an answer that is not Invoicebox JSON (a proxy page) is an error naming the status', async () => {
	env.sandbox.faults.add({ match: { method: 'order.list' }, status: 502, raw: '<html>Bad Gateway</html>', times: 5 });
	const result = await env.run({ resource: 'order', operation: 'getAll', returnAll: true });
	expect(result.error.context.apiCode).toBe('HTTP_502');
	// A read: resent before giving up.
	expect(env.sandbox.apiCalls('order.list')).toHaveLength(3);
});

test('an error body with its code at the top level (as the vendor MCP client reads it) gives the same error', async () => {
	env.sandbox.configure({ errorBody: 'flat' });
	const order = await env.createOrder();
	await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
	const again = await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
	const last = env.sandbox.calls[env.sandbox.calls.length - 1];
	expect(last.response).toEqual({ code: 'wrong_order_status', message: 'Wrong order status' });
	expect(again.error.context.apiCode).toBe('wrong_order_status');
	expect(again.error.context.httpStatus).toBe(422);
	expect(again.error.description).toMatch(/Payment Confirmation/);
});
