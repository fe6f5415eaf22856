'use strict';
/**
 * The sandbox's answers read by Bitrix24's official JS SDK (@bitrix24/b24jssdk, pinned
 * devDependency): what the SDK sends (`batch` with "method?query" rows built by qs, JSON body,
 * halt 0) runs in the sandbox, and what the sandbox answers (result / result_error / result_time
 * per command, 429 OPERATION_TIME_LIMIT, the `time` block) is what the SDK expects to read.
 * The SDK accepts only https:// webhooks: a local TLS proxy with a throwaway certificate sits in
 * front of the sandbox, and the SDK runs in a process of its own (bench/sdk/: jest cannot load the
 * ES module the SDK's CommonJS build requires).
 */
const { startBitrix24Sandbox } = require('../../sandboxes/bitrix24');
const { startSdkPeer } = require('../../bench/sdk');
const { seedPaySystem } = require('./fixtures');

let sandbox;
let peer;
beforeAll(async () => {
	sandbox = await startBitrix24Sandbox({ rateLimit: null });
	peer = await startSdkPeer(sandbox);
});
afterAll(async () => {
	await peer?.close();
	await sandbox?.close();
});
beforeEach(() => sandbox.reset({ rateLimit: null }));

function payments(count) {
	const { paySystemId } = seedPaySystem(sandbox);
	for (let id = 1; id <= count; id++) sandbox.addPayment({ id, paySystemId });
	return paySystemId;
}
const payCall = (id, ps) => ['sale.paysystem.pay.payment', { PAYMENT_ID: id, PAY_SYSTEM_ID: ps }];
const paidCount = () => [...sandbox.state.payments.values()].filter((p) => p.PAID === 'Y').length;

test('batchByChunk: 120 payments in 3 batch requests (one bucket hit each), failed commands reported per command', async () => {
	const ps = payments(120);
	// Three unknown payments, at different places in their chunks (the SDK keys errors by index in the chunk).
	const calls = Array.from({ length: 120 }, (_, i) => payCall([5, 61, 117].includes(i) ? 9000 + i : i + 1, ps));
	const { steps: [response] } = await peer.run({ steps: [{ action: 'batchByChunk', calls, options: { isHaltOnError: false } }] });
	expect(response.data).toEqual(Array(117).fill(true));
	expect(response.errors).toEqual(['5', '11', '17'].map((key) => ({ key, code: 'ERROR_CHECK_FAILURE', status: 200 })));
	expect(paidCount()).toBe(117);
	const requests = sandbox.apiCalls();
	expect(requests.map((c) => [c.method, c.status, c.commands.length])).toEqual([
		['batch', 200, 50],
		['batch', 200, 50],
		['batch', 200, 20],
	]);
	// What the SDK sent: JSON, halt 0, qs-built rows.
	expect(requests[0].contentType).toMatch(/application\/json/);
	expect(requests[0].body.halt).toBe(0);
	expect(requests[0].body.cmd[0]).toBe(`sale.paysystem.pay.payment?PAYMENT_ID=1&PAY_SYSTEM_ID=${ps}`);
});

test('nested parameters the SDK encodes (qs brackets, list indices) arrive as the method expects', async () => {
	seedPaySystem(sandbox);
	const settings = {
		CODES: { SHOP: { NAME: 'Shop ID & co' } },
		CHECKOUT_DATA: { ACTION_URI: 'https://pay.example/?a=1&b=2', FIELDS: { shop: { CODE: 'SHOP' } } },
	};
	const { steps: [response] } = await peer.run({
		steps: [
			{
				action: 'batch',
				calls: [
					['sale.paysystem.handler.add', { NAME: 'SDK Pay', CODE: 'sdkpay', SETTINGS: settings }],
					['sale.paysystem.list', { SELECT: ['ID', 'NAME'], FILTER: { '=ACTIVE': 'Y' } }],
				],
				options: { isHaltOnError: true },
			},
		],
	});
	expect(response.isSuccess).toBe(true);
	const [handlerId, rows] = response.data;
	expect(sandbox.state.handlers.find((h) => h.CODE === 'sdkpay')).toMatchObject({ ID: String(handlerId), SETTINGS: settings });
	expect(rows).toEqual([{ ID: 1, NAME: 'Acme Pay' }]);
});

test('operating time: the SDK reads result_time per command, and a blocked method fails alone (inside a batch and plain)', async () => {
	sandbox.reset({ rateLimit: null, operating: { costMs: { default: 5, 'sale.paysystem.pay.payment': 200000 } } });
	const ps = payments(6);
	const { steps, stats } = await peer.run({
		restrictionParams: { maxRetries: 1 },
		steps: [
			{
				action: 'batch',
				calls: [payCall(1, ps), payCall(2, ps), payCall(3, ps), ['scope', {}], payCall(4, ps)],
				options: { isHaltOnError: false, returnAjaxResult: true },
			},
			// A plain call of the blocked method.
			{ action: 'call', method: 'sale.paysystem.pay.payment', params: { PAYMENT_ID: 5, PAY_SYSTEM_ID: ps } },
		],
	});
	const { rows } = steps[0];
	expect(rows.map((r) => r.isSuccess)).toEqual([true, true, true, true, false]);
	expect(rows[4].errors).toEqual([{ key: 'base-error', code: 'OPERATION_TIME_LIMIT', status: 200 }]);
	// The SDK's operating-time statistics come from the sandbox's result_time (seconds of the method so far).
	expect(stats.operatingStats['batch::sale.paysystem.pay.payment']).toBeCloseTo(600);
	expect(stats.operatingStats['batch::scope']).toBe(0);
	// HTTP 429 OPERATION_TIME_LIMIT, as the SDK's limiter recognises it.
	expect(steps[1].thrown).toMatchObject({ code: 'OPERATION_TIME_LIMIT', status: 429 });
	expect(paidCount()).toBe(3);
});
