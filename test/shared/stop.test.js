'use strict';
/**
 * Stop: the execution's cancel signal ends every wait of a running node (the limiter's queue,
 * a backoff, a Retry-After) at once, and nothing is sent after it. The run is stopped through
 * n8n-core's own cancellation (what the editor's Stop button and n8n's REST API trigger), and
 * the sandboxes count what they received afterwards.
 */
const { bitrixSetup, seedPaySystem } = require('../bitrix24/fixtures');
const { invoiceboxSetup } = require('../invoicebox/fixtures');
const { resetLimiters } = require('../../dist/nodes/shared/limiter');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let bitrix;
let invoicebox;
beforeAll(async () => {
	[bitrix, invoicebox] = await Promise.all([bitrixSetup(), invoiceboxSetup()]);
});
afterAll(async () => Promise.all([bitrix.sandbox.close(), invoicebox.sandbox.close()]));
beforeEach(() => resetLimiters());

function payments(count) {
	const { paySystemId } = seedPaySystem(bitrix.sandbox);
	return Array.from({ length: count }, (_, i) => {
		bitrix.sandbox.addPayment({ id: i + 1, paySystemId });
		return { id: i + 1, ps: paySystemId };
	});
}

const pay = (extra = {}) => ({ resource: 'payment', operation: 'pay', paymentId: '={{ $json.id }}', paySystemId: '={{ $json.ps }}', ...extra });
const slowPortal = (burst, drainPerSecond) => bitrix.credentials({ rateLimitPlan: 'custom', burst, drainPerSecond });

/** Calls the sandbox received after `at`. */
const after = (sandbox, at) => sandbox.apiCalls().filter((c) => c.at > at);

test('Stop while items queue for the limit: the node ends within 1 s, no request leaves after it', async () => {
	bitrix.reset({ rateLimit: { burst: 2, drainPerSecond: 1 } });
	const items = payments(6);
	const r = await bitrix.run(pay({ rateLimitHandling: { sendInBatches: false } }), { items, credentials: slowPortal(2, 1), cancelAfterMs: 300 });
	expect(r.endedAt - r.cancelledAt).toBeLessThan(1000);
	await sleep(2500);
	expect(after(bitrix.sandbox, r.cancelledAt)).toHaveLength(0);
	// Only what went before the Stop was paid: the burst, and nothing else.
	const paid = Object.keys(bitrix.sandbox.snapshot().payCalls).length;
	expect(paid).toBe(bitrix.sandbox.apiCalls().length);
	expect(paid).toBeLessThan(6);
});

test('Stop between batches: the batches not yet sent are not sent', async () => {
	bitrix.reset({ rateLimit: { burst: 2, drainPerSecond: 0.5 } });
	const items = payments(150);
	const r = await bitrix.run(pay(), { items, credentials: slowPortal(2, 0.5), cancelAfterMs: 300 });
	expect(r.endedAt - r.cancelledAt).toBeLessThan(1000);
	await sleep(2500);
	expect(after(bitrix.sandbox, r.cancelledAt)).toHaveLength(0);
	expect(bitrix.sandbox.apiCalls('batch').length).toBeLessThan(3);
});

test('Stop during a Retry-After wait: the node ends within 1 s and does not resend', async () => {
	invoicebox.sandbox.reset();
	invoicebox.sandbox.faults.add({ match: {}, status: 429, headers: { 'Retry-After': '30' }, body: { error: { code: 'too_many_requests', message: 'Too Many Requests' } } });
	const r = await invoicebox.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 5 }, { cancelAfterMs: 500 });
	expect(r.endedAt - r.cancelledAt).toBeLessThan(1000);
	await sleep(1000);
	expect(after(invoicebox.sandbox, r.cancelledAt)).toHaveLength(0);
	expect(invoicebox.sandbox.apiCalls()).toHaveLength(1);
});

test('Stop while a request is on its way: it is cut off at once', async () => {
	bitrix.reset();
	const items = payments(1);
	bitrix.sandbox.faults.add({ match: { method: 'sale.paysystem.pay.payment' }, hang: true });
	const r = await bitrix.run(pay(), { items, cancelAfterMs: 300 });
	expect(r.endedAt - r.cancelledAt).toBeLessThan(1000);
	expect(bitrix.sandbox.apiCalls()).toHaveLength(1);
});
