'use strict';
/**
 * Bitrix24 batching ("Send in Batches", on by default): the commands of a run's items go out in
 * `batch` calls of up to 50 (one hit on the portal's leaky bucket each), and each item gets its
 * own result or its own error. What a user checks: every payment paid exactly once, in few
 * requests; the item that failed says why; a batch whose fate is unknown is not sent again.
 */
const { useBitrix, seedPaySystem, codeEntry } = require('./fixtures');

const env = useBitrix();

const payEach = { resource: 'payment', operation: 'pay', paymentId: '={{ $json.id }}', paySystemId: '={{ $json.ps }}' };

function preparePayments(count, { from = 1 } = {}) {
	const { paySystemId } = seedPaySystem(env.sandbox);
	const items = [];
	for (let id = from; id < from + count; id++) {
		env.sandbox.addPayment({ id, paySystemId });
		items.push({ id, ps: paySystemId });
	}
	return items;
}

const commandsOf = (call) => Object.values(call.body.cmd);
const paidOnce = (count) => Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, 1]));

test('120 payments: 3 batch calls of at most 50 commands, each payment paid once, outputs in input order', async () => {
	const items = preparePayments(120);
	const r = await env.run(payEach, { items });
	expect(r.error).toBeUndefined();
	expect(r.items).toHaveLength(120);
	expect(r.items.every((i) => i.success === true)).toBe(true);
	expect(r.outputItems.map((i) => i.pairedItem.item)).toEqual(items.map((_, i) => i));
	const calls = env.sandbox.apiCalls();
	expect(calls.map((c) => c.method)).toEqual(['batch', 'batch', 'batch']);
	expect(calls.map((c) => commandsOf(c).length)).toEqual([50, 50, 20]);
	expect(calls.every((c) => c.body.halt === 0)).toBe(true);
	expect(env.sandbox.snapshot().payCalls).toEqual(paidOnce(120));
});

test('each item gets its own error from result_error, with the same code and hint as a single call', async () => {
	const items = preparePayments(3);
	items[1] = { id: 999, ps: items[0].ps }; // no such payment
	const r = await env.run(payEach, { items, continueOnFail: true });
	expect(r.outputItems).toHaveLength(3);
	expect(r.outputItems[0].json).toEqual({ success: true, paymentId: items[0].id, paySystemId: items[0].ps });
	expect(r.outputItems[2].json).toEqual({ success: true, paymentId: items[2].id, paySystemId: items[2].ps });
	const failed = r.outputItems[1];
	expect(failed.error.name).toBe('NodeApiError');
	expect(failed.pairedItem).toEqual({ item: 1 });

	// The same payment alone, in a plain call: the same error.
	env.reset();
	const single = preparePayments(1);
	const alone = await env.run(payEach, { items: [{ id: 999, ps: single[0].ps }], continueOnFail: true });
	expect(env.sandbox.apiCalls('batch')).toHaveLength(0);
	const error = alone.outputItems[0].error;
	expect(failed.error.context.apiCode).toBe(error.context.apiCode);
	expect(failed.error.message).toBe(error.message);
	expect(failed.error.description).toBe(error.description);
});

test('without Continue On Fail the node fails with the failed item\'s error, and says the others went through', async () => {
	const items = preparePayments(3);
	items[1] = { id: 999, ps: items[0].ps };
	const r = await env.run(payEach, { items });
	expect(r.error.name).toBe('NodeApiError');
	expect(r.error.context.itemIndex).toBe(1);
	expect(env.sandbox.snapshot().payCalls).toEqual({ 1: 1, 3: 1 });
});

test('a batch refused as QUERY_LIMIT_EXCEEDED is resent whole: nothing in it had run', async () => {
	const items = preparePayments(60);
	env.sandbox.faults.add({ match: { method: 'batch' }, status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } });
	const r = await env.run(payEach, { items });
	expect(r.error).toBeUndefined();
	expect(r.items.every((i) => i.success === true)).toBe(true);
	const statuses = env.sandbox.apiCalls('batch').map((c) => c.status);
	expect(statuses.filter((s) => s === 503)).toHaveLength(1);
	expect(statuses.filter((s) => s === 200)).toHaveLength(2);
	expect(env.sandbox.snapshot().payCalls).toEqual(paidOnce(60));
});

describe('a batch whose fate is unknown: its writes are not resent, and each item says so', () => {
	test.each([
		['the connection dropped after the portal ran it', { drop: 'after' }, /broke before an answer came/],
		['a proxy answered 503 with a page', { status: 503, raw: '<html>busy</html>' }, /HTTP 503/],
		['HTTP 500', { status: 500, body: { error: 'INTERNAL_SERVER_ERROR', error_description: 'x' } }, /internal error/],
	])('%s', async (_, fault, message) => {
		const items = preparePayments(3);
		env.sandbox.faults.add({ match: { method: 'batch' }, ...fault });
		const r = await env.run(payEach, { items, continueOnFail: true });
		expect(r.outputItems).toHaveLength(3);
		for (const item of r.outputItems) {
			expect(item.error.name).toBe('NodeApiError');
			expect(item.error.message).toMatch(message);
			expect(`${item.error.message}\n${item.error.description}`).toMatch(/may or may not have/);
		}
		expect(env.sandbox.apiCalls('batch')).toHaveLength(1);
	});
});

test('reads in a batch whose answer was lost are resent', async () => {
	const { paySystemId } = seedPaySystem(env.sandbox);
	env.sandbox.faults.add({ match: { method: 'batch' }, drop: 'before' });
	const r = await env.run(
		{ resource: 'paySystem', operation: 'getSettings', paySystemId: '={{ $json.ps }}' },
		{ items: [{ ps: paySystemId }, { ps: paySystemId }] },
	);
	expect(r.error).toBeUndefined();
	expect(r.items).toHaveLength(2);
	// The lost batch, then the two reads again (together or each on its own, as their backoffs fall).
	const [lost, ...resent] = env.sandbox.apiCalls();
	expect(lost.fault).toBe('dropped before processing');
	const commands = resent.flatMap((c) => (c.method === 'batch' ? commandsOf(c).map((cmd) => cmd.split('?')[0]) : [c.method]));
	expect(commands).toEqual(['sale.paysystem.settings.get', 'sale.paysystem.settings.get']);
});

test('nested parameters survive the batch encoding: handlers created in a batch equal the ones created alone', async () => {
	const parameters = {
		resource: 'handler',
		operation: 'create',
		handlerName: '={{ $json.name }}',
		handlerCode: '={{ $json.code }}',
		actionUri: 'https://example.com/pay?a=1&b=2',
		parameterCodes: { code: [codeEntry('ACME_KEY', 'Key & "quotes" + plus', 100)] },
	};
	const items = [
		{ name: 'Handler one', code: 'h_one' },
		{ name: 'Handler two', code: 'h_two' },
	];
	const batched = await env.run(parameters, { items });
	expect(batched.error).toBeUndefined();
	expect(env.sandbox.apiCalls('batch')).toHaveLength(1);
	const viaBatch = env.sandbox.state.handlers.map((h) => ({ ...h, ID: undefined }));

	env.reset();
	const plain = await env.run({ ...parameters, rateLimitHandling: { sendInBatches: false } }, { items });
	expect(plain.error).toBeUndefined();
	const alone = env.sandbox.state.handlers.map((h) => ({ ...h, ID: undefined }));
	// Inside batch every value is text (PHP's parse_str): compare as Bitrix24 would store them.
	expect(JSON.parse(JSON.stringify(viaBatch), (k, v) => (typeof v === 'number' ? String(v) : v))).toEqual(
		JSON.parse(JSON.stringify(alone), (k, v) => (typeof v === 'number' ? String(v) : v)),
	);
	expect(viaBatch.map((h) => h.SETTINGS.CODES.ACME_KEY.NAME)).toEqual(['Key & "quotes" + plus', 'Key & "quotes" + plus']);
});

test('Get Many of several items in one batch: each item gets its own list', async () => {
	seedPaySystem(env.sandbox, { code: 'one' });
	seedPaySystem(env.sandbox, { code: 'two' });
	const r = await env.run(
		{ resource: 'paySystem', operation: 'getAll', returnAll: true, options: { filters: { filter: [{ field: 'ACTION_FILE', operator: 'eq', value: '={{ $json.code }}' }] } } },
		{ items: [{ code: 'one' }, { code: 'two' }] },
	);
	expect(r.error).toBeUndefined();
	expect(r.items.map((i) => i.ACTION_FILE)).toEqual(['one', 'two']);
	expect(env.sandbox.apiCalls('batch')).toHaveLength(1);
});
