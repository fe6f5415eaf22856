'use strict';
/**
 * The documented example of Payment Confirmation → Pay (seed 001, copied to
 * test/fixtures/seeds/invoicebox.pay.json) reproduced from the editor's fields: the sandbox
 * receives the documented body, deep-equal, with the documented headers.
 */
const { invoiceboxSetup, seedCustomer, dist } = require('./fixtures');

const SEED_TOKEN = 'b37c4c689295904ed21eee5d9a48d42e'; // the public demo token the example uses
const seed = require('../fixtures/seeds/invoicebox.pay.json');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup({
		accounts: [{ token: SEED_TOKEN, userId: '0187a9b1-0000-4000-8000-0000000000aa', merchantIds: ['ffffffff-ffff-ffff-ffff-ffffffffffff'] }],
	});
});
afterAll(async () => env.sandbox.close());

test('Pay sends the documented body and headers, and passes the result on', async () => {
	const order = await env.createOrder();
	env.sandbox.clear();
	const result = await env.run({
		resource: 'paymentConfirmation',
		operation: 'pay',
		orderId: order.id,
		paymentMethodId: '39363265',
		languageId: 'ru',
		publicCode: 'string',
		code: 'string',
		...seedCustomer,
	});
	expect(result.error).toBeUndefined();
	const calls = env.sandbox.apiCalls('guarantee.pay');
	expect(calls).toHaveLength(1);
	const [call] = calls;
	expect(call.httpMethod).toBe('POST');
	expect(call.path).toBe(`/v3/billing/api/order/${order.id}/payment-method-action/pay`);
	expect(call.body).toEqual(seed);
	expect(call.headers).toEqual({
		authorization: `Bearer ${SEED_TOKEN}`,
		'content-type': 'application/json',
		accept: 'application/json',
		'user-agent': dist('nodes/shared/version.js').USER_AGENT,
	});
	// "string" is not the code that was sent: a business outcome, passed on as fields, not an error.
	expect(result.items).toEqual([
		{ orderId: order.id, result: 'wrongCode', type: 'none', success: false, resultData: {} },
	]);
});
