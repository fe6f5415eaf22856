'use strict';
/**
 * The Bitrix24 sandbox counts like a portal (issue 12): `batch` is one hit on the leaky bucket,
 * each command is parsed from its "method?query" string (PHP bracket nesting) and run as if
 * called alone, and every method has its own operating-time budget (480 s of execution per
 * 10 minutes) whose exhaustion refuses that method only. Real HTTP against the sandbox, as the
 * node and the official SDK talk to it; the answer shapes follow Bitrix's CRestProvider::methodsBatch
 * and LoadLimiter (see the sandbox's comments).
 */
const { startBitrix24Sandbox } = require('../../sandboxes/bitrix24');
const { seedPaySystem } = require('./fixtures');

let sandbox;
beforeAll(async () => {
	sandbox = await startBitrix24Sandbox({
		rateLimit: null,
		webhooks: [
			{ userId: 1, code: 'batchadmincode1', scopes: ['pay_system', 'sale', 'crm'], admin: true },
			{ userId: 2, code: 'batchclerkcode2', scopes: ['pay_system'], admin: false },
			{ userId: 3, code: 'batchcrmonlycode3', scopes: ['crm'], admin: true },
		],
	});
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset({ rateLimit: null }));

const [ADMIN, CLERK, CRM_ONLY] = [0, 1, 2];

async function callApi(method, body, { hook = ADMIN, form = false } = {}) {
	const res = await fetch(`${sandbox.webhookUrl(sandbox.webhooks[hook])}${method}.json`, {
		method: 'POST',
		headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
		body: form ? body : JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}
const batch = (cmd, halt = 0, options) => callApi('batch', { halt, cmd }, options);
const pay = (paymentId, paySystemId) => `sale.paysystem.pay.payment?PAYMENT_ID=${paymentId}&PAY_SYSTEM_ID=${paySystemId}`;

function payments(count, from = 1) {
	const { paySystemId } = seedPaySystem(sandbox);
	for (let id = from; id < from + count; id++) sandbox.addPayment({ id, paySystemId });
	return paySystemId;
}
const paid = () => [...sandbox.state.payments.values()].filter((p) => p.PAID === 'Y').map((p) => p.ID);

test('a batch of mixed commands: each runs as if called alone, nested parameters parsed as PHP does', async () => {
	const ps = payments(2);
	const handler = [
		'sale.paysystem.handler.add?NAME=Batch%20Pay&CODE=batchpay',
		'SETTINGS[CODES][SHOP][NAME]=Shop%20ID',
		'SETTINGS%5BCHECKOUT_DATA%5D%5BACTION_URI%5D=https%3A%2F%2Fpay.example%2F%3Fa%3D1%26b%3D2',
		'SETTINGS[CHECKOUT_DATA][FIELDS][shop][CODE]=SHOP',
	].join('&');
	const r = await batch([
		'scope',
		pay(1, ps),
		pay(999, ps),
		handler,
		`sale.paysystem.list?SELECT[]=ID&SELECT[]=NAME&FILTER[=ACTIVE]=Y&FILTER[%25NAME]=Acme%20Pay`,
		'sale.paysystem.list?SELECT%5B0%5D=ID&SELECT%5B1%5D=XML_ID',
		'no.such.method',
		'batch?cmd[0]=scope',
		pay(2, ps),
	]);
	expect(r.status).toBe(200);
	const { result, result_error: errors, result_time: times } = r.body.result;
	expect(Object.keys(result).sort()).toEqual(['0', '1', '3', '4', '5', '8']);
	expect(result['0']).toEqual(['pay_system', 'sale', 'crm']);
	expect(result['1']).toBe(true);
	expect(result['8']).toBe(true);
	expect(paid()).toEqual([1, 2]);
	// The handler stored with its nested settings, every value a string (parse_str).
	const stored = sandbox.state.handlers.find((h) => h.CODE === 'batchpay');
	expect(result['3']).toBe(Number(stored.ID));
	expect(stored.SETTINGS).toEqual({
		CODES: { SHOP: { NAME: 'Shop ID' } },
		CHECKOUT_DATA: { ACTION_URI: 'https://pay.example/?a=1&b=2', FIELDS: { shop: { CODE: 'SHOP' } } },
	});
	// SELECT[] and SELECT[0] are lists; FILTER keys lose their operators as on a portal
	// (FILTER[%NAME] is NAME equal to the value); ID is a number in list rows.
	expect(result['4']).toEqual([{ ID: ps, NAME: 'Acme Pay' }]);
	expect(result['5']).toEqual([{ ID: ps, XML_ID: '' }]);
	// Errors with the body a plain call gets; a command is in result or result_error, never both.
	expect(errors).toEqual({
		2: { error: 'ERROR_CHECK_FAILURE', error_description: `Payment with ID=999 and PAY_SYSTEM_ID=${ps} not found` },
		6: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
		7: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' },
	});
	// result_time only for the commands that succeeded, each with the method's operating time.
	expect(Object.keys(times).sort()).toEqual(Object.keys(result).sort());
	for (const t of Object.values(times)) expect(t).toEqual(expect.objectContaining({ start: expect.any(Number), finish: expect.any(Number), operating: expect.any(Number), operating_reset_at: expect.any(Number) }));
	// The batch's own time: batch is not counted (operating 0).
	expect(r.body.time).toMatchObject({ operating: 0 });
	// The call log lists the batch's commands.
	const [logged] = sandbox.apiCalls('batch');
	expect(logged.commands.map((c) => c.error ?? c.method)).toEqual([
		'scope', 'sale.paysystem.pay.payment', 'ERROR_CHECK_FAILURE', 'sale.paysystem.handler.add', 'sale.paysystem.list',
		'sale.paysystem.list', 'ERROR_METHOD_NOT_FOUND', 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'sale.paysystem.pay.payment',
	]);
});

test('a list of commands that all succeed comes back as lists; a map keeps its keys', async () => {
	const ps = payments(2);
	const list = await batch([pay(1, ps), pay(2, ps)]);
	expect(list.body.result).toMatchObject({ result: [true, true], result_error: [], result_total: [], result_next: [] });
	expect(list.body.result.result_time).toHaveLength(2);
	const map = await batch({ first: 'scope', second: 'sale.paysystem.pay.payment?PAYMENT_ID=1' });
	expect(map.body.result.result).toEqual({ first: ['pay_system', 'sale', 'crm'] });
	expect(map.body.result.result_error).toEqual({ second: { error: 'ERROR_CHECK_FAILURE', error_description: 'Empty field PAY_SYSTEM_ID!' } });
});

test('errors per command: scope and rights checked for each command as for a plain call', async () => {
	const ps = payments(1);
	const add = 'sale.paysystem.add?NAME=X&PERSON_TYPE_ID=1&BX_REST_HANDLER=acmepay';
	const plainDenied = await callApi('sale.paysystem.add', { NAME: 'X', PERSON_TYPE_ID: 1, BX_REST_HANDLER: 'acmepay' }, { hook: CLERK });
	const clerk = await batch([add, pay(1, ps)], 0, { hook: CLERK });
	expect(plainDenied.status).toBe(403);
	expect(clerk.body.result.result_error['0']).toEqual(plainDenied.body);
	expect(clerk.body.result.result['1']).toBe(true);

	const plainScope = await callApi('sale.paysystem.list', {}, { hook: CRM_ONLY });
	const crmOnly = await batch(['scope', 'sale.paysystem.list'], 0, { hook: CRM_ONLY });
	expect(plainScope.body.error).toBe('insufficient_scope');
	expect(crmOnly.status).toBe(200);
	expect(crmOnly.body.result.result).toEqual([['crm']]);
	expect(crmOnly.body.result.result_error).toEqual({ 1: plainScope.body });
});

test('halt: a truthy halt stops at the first error (later commands appear nowhere); 0 runs them all', async () => {
	const ps = payments(3);
	const cmd = [pay(1, ps), pay(999, ps), pay(2, ps)];
	const halted = await batch(cmd, 1);
	expect(halted.body.result.result).toEqual([true]);
	expect(Object.keys(halted.body.result.result_error)).toEqual(['1']);
	expect(paid()).toEqual([1]);

	const noHalt = await batch([pay(999, ps), pay(3, ps)], 0);
	expect(noHalt.body.result.result).toEqual({ 1: true });
	expect(paid()).toEqual([1, 3]);

	// Form-encoded, halt=false is the string "false": truthy in PHP, so it halts.
	sandbox.reset({ rateLimit: null });
	const ps2 = payments(2);
	const form = `halt=false&cmd[0]=${encodeURIComponent(pay(999, ps2))}&cmd[1]=${encodeURIComponent(pay(1, ps2))}`;
	const formHalted = await callApi('batch', form, { form: true });
	expect(formHalted.body.result.result).toEqual([]);
	expect(paid()).toEqual([]);
	const formZero = await callApi('batch', form.replace('halt=false', 'halt=0'), { form: true });
	expect(formZero.body.result.result).toEqual({ 1: true });
});

test('more than 50 commands: the first 50 run, each one past them gets ERROR_BATCH_LENGTH_EXCEEDED', async () => {
	const ps = payments(52);
	const r = await batch(Array.from({ length: 52 }, (_, i) => pay(i + 1, ps)));
	expect(r.status).toBe(200);
	expect(Object.keys(r.body.result.result)).toHaveLength(50);
	expect(r.body.result.result_error).toEqual({
		50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
		51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
	});
	expect(paid()).toHaveLength(50);
	expect(paid()).not.toContain(51);
});

test('one hit on the leaky bucket per batch, whatever it holds; a refused batch runs nothing', async () => {
	sandbox.reset({ rateLimit: { burst: 2, drainPerSecond: 0.01 } });
	const ps = payments(150);
	const chunk = (from) => Array.from({ length: 50 }, (_, i) => pay(from + i, ps));
	const first = await batch(chunk(1));
	const second = await batch(chunk(51));
	expect([first.status, second.status]).toEqual([200, 200]);
	expect(paid()).toHaveLength(100);
	const third = await batch(chunk(101));
	expect(third.status).toBe(503);
	expect(third.body).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
	expect(paid()).toHaveLength(100);
	expect(sandbox.apiCalls('batch').map((c) => c.accepted)).toEqual([true, true, false]);
});

describe('operating time (480 s of execution per method per 10 minutes)', () => {
	const blocked = { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' };

	test('a method whose budget is spent gets 429 OPERATION_TIME_LIMIT; other methods and other webhooks go on', async () => {
		sandbox.reset({ rateLimit: null, operating: { costMs: { 'sale.paysystem.pay.payment': 200000 } } });
		const ps = payments(6);
		const answers = [];
		for (let id = 1; id <= 3; id++) answers.push(await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: id, PAY_SYSTEM_ID: ps }));
		// Counted when each call ends: 200, 400, 600 s; the call that crosses 480 s still runs.
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(answers.map((a) => Math.round(a.body.time.operating))).toEqual([200, 400, 600]);
		const now = Date.now() / 1000;
		for (const a of answers) expect(a.body.time.operating_reset_at).toBeGreaterThan(now + 590);
		const fourth = await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: 4, PAY_SYSTEM_ID: ps });
		expect(fourth).toEqual({ status: 429, body: blocked });
		expect(paid()).toEqual([1, 2, 3]);
		// Another method of the same webhook: its own budget.
		const list = await callApi('sale.paysystem.list', {});
		expect(list.status).toBe(200);
		expect(list.body.time.operating).toBe(0);
		// Another webhook: its own budget for the same method.
		const other = await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: 4, PAY_SYSTEM_ID: ps }, { hook: CLERK });
		expect(other.status).toBe(200);
		// The control endpoint shows what is counted.
		const control = await (await fetch(`${sandbox.url}/_sandbox/operating`)).json();
		expect(control.counted['1|sale.paysystem.pay.payment'].seconds).toBeCloseTo(600);
		expect(control.counted['2|sale.paysystem.pay.payment'].seconds).toBeCloseTo(200);
	});

	test('inside a batch: the blocked method fails in its own result_error only, the batch is HTTP 200', async () => {
		sandbox.reset({ rateLimit: null });
		await fetch(`${sandbox.url}/_sandbox/operating`, { method: 'POST', body: JSON.stringify({ costMs: { default: 5, 'sale.paysystem.pay.payment': 200000 } }) });
		const ps = payments(5);
		const r = await batch([pay(1, ps), 'scope', pay(2, ps), pay(3, ps), pay(4, ps), 'sale.paysystem.list?SELECT[]=ID']);
		expect(r.status).toBe(200);
		const { result, result_error: errors, result_time: times } = r.body.result;
		// Commands earlier in the same request count: 0, 200, 400 s before each pay → three run, the fourth is refused.
		expect(Object.keys(result)).toEqual(['0', '1', '2', '3', '5']);
		expect(errors).toEqual({ 4: blocked });
		expect(Object.keys(times)).toEqual(['0', '1', '2', '3', '5']);
		expect(Math.round(times['3'].operating)).toBe(600);
		expect(paid()).toEqual([1, 2, 3]);
		// Still blocked in the next request, plain or batched; the other methods are not.
		expect((await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: 5, PAY_SYSTEM_ID: ps })).status).toBe(429);
		const again = await batch(['scope', pay(5, ps)]);
		expect(again.body.result).toMatchObject({ result: [['pay_system', 'sale', 'crm']], result_error: { 1: blocked } });
	});

	test('short calls count only above 0.1 s per request, as on the portal: 50 commands of 5 ms in a batch do', async () => {
		sandbox.reset({ rateLimit: null, operating: { costMs: 5 } });
		const ps = payments(60);
		for (let id = 1; id <= 10; id++) await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: id, PAY_SYSTEM_ID: ps });
		const plain = await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: 11, PAY_SYSTEM_ID: ps });
		expect(plain.body.time.operating).toBe(0);
		await batch(Array.from({ length: 49 }, (_, i) => pay(12 + i, ps)));
		const after = await callApi('sale.paysystem.pay.payment', { PAYMENT_ID: 60, PAY_SYSTEM_ID: ps });
		expect(after.body.time.operating).toBeCloseTo(0.245, 3);
	});
});
