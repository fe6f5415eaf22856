'use strict';
/**
 * Issue 14: the node against a sandbox that behaves like the portal's own code (the sale module's
 * RestService, see docs/vendor-audit.md sections 1 and 6). Each test would fail on the node or
 * the sandbox before the fix: it names the difference it covers. Writes are run both as plain
 * calls (one item) and inside `batch` (several items), where every value arrives as text.
 */
const { useBitrix, codeEntry, seedPaySystem } = require('./fixtures');
const { Bitrix24PaySystem } = require('../../dist/nodes/Bitrix24PaySystem/Bitrix24PaySystem.node');

const env = useBitrix();
const sb = () => env.sandbox;
const calls = (method) => sb().apiCalls(method);
const batched = (method) => sb().apiCalls('batch').flatMap((c) => c.commands.filter((x) => x.method === method));
const plainAndBatch = [
	['a plain call', 1],
	['a batch', 3],
];

/** Three pay systems of one handler: 1 active, 2 inactive, 3 active "Acme Cards". */
function threePaySystems() {
	seedPaySystem(sb(), { code: 'acme' });
	const { paySystemId: inactive } = seedPaySystem(sb(), { code: 'acme', active: 'N' });
	const { paySystemId: cards } = seedPaySystem(sb(), { code: 'acme' });
	sb().state.handlers.splice(1);
	sb().state.paySystems.find((p) => p.ID === String(cards)).NAME = 'Acme Cards';
	return { inactive, cards };
}
const getMany = (filter, extra = {}) => ({ resource: 'paySystem', operation: 'getAll', returnAll: true, options: { filters: { filter }, ...extra } });

describe('Pay System → Get Many filters (audit 1.7)', () => {
	test('"Not Equal ACTIVE Y" returns only the inactive pay systems, although the portal drops the operator', async () => {
		const { inactive } = threePaySystems();
		const r = await env.run(getMany([{ field: 'ACTIVE', operator: 'neq', value: 'Y' }]));
		expect(r.error).toBeUndefined();
		expect(r.items.map((i) => i.ID)).toEqual([inactive]);
		// Nothing but equality reaches the portal: the node applies the operator itself.
		expect(calls('sale.paysystem.list')[0].body).toEqual({});
	});

	test('the other operators work on the rows, in a batch too; list rows keep the portal\'s number types', async () => {
		const { inactive, cards } = threePaySystems();
		const r = await env.run(
			{ ...getMany([{ field: 'NAME', operator: '={{ $json.op }}', value: '={{ $json.value }}' }]) },
			{
				items: [
					{ op: 'like', value: 'cards' },
					{ op: 'notLikeRaw', value: 'Acme C%' },
					{ op: 'notIn', value: 'Acme Pay, Other' },
				],
			},
		);
		expect(r.error).toBeUndefined();
		const byItem = [0, 1, 2].map((i) => r.outputItems.filter((o) => o.pairedItem.item === i).map((o) => o.json.ID));
		expect(byItem[0]).toEqual([cards]);
		expect(byItem[1]).toEqual([1, inactive]);
		expect(byItem[2]).toEqual([cards]);
		expect(r.outputItems.every((o) => typeof o.json.ID === 'number' && typeof o.json.SORT === 'number')).toBe(true);
		expect(calls('batch')).toHaveLength(1);
		const gt = await env.run(getMany([{ field: 'ID', operator: 'gt', value: '2' }]));
		expect(gt.items.map((i) => i.ID)).toEqual([cards]);
	});

	test('a filtered field the user did not select is read for the check and left out of the output', async () => {
		threePaySystems();
		const r = await env.run(getMany([{ field: 'ACTIVE', operator: 'neq', value: 'Y' }], { select: ['ID', 'NAME'] }));
		expect(calls('sale.paysystem.list')[0].body.SELECT).toEqual(['ID', 'NAME', 'ACTIVE']);
		expect(r.items).toEqual([{ ID: 2, NAME: 'Acme Pay' }]);
	});
});

describe('Handler → Update with a new Code (audit 1.2)', () => {
	const rename = (code, extra = {}) => ({ resource: 'handler', operation: 'update', handlerId: '={{ $json.id }}', updateFields: { code }, ...extra });

	test('refused before anything is sent while a pay system uses the handler, naming it; the portal is unchanged', async () => {
		seedPaySystem(sb(), { code: 'acme' });
		const r = await env.run(rename('acme_v2'), { items: [{ id: 1 }] });
		expect(r.error.name).toBe('NodeOperationError');
		expect(r.error.message).toBe('Update Fields → Code: not changed from "acme": pay system 1 "Acme Pay" uses this handler');
		expect(r.error.description).toMatch(/create a handler with the new Code .* switch each pay system .* then delete this handler/);
		expect(calls('sale.paysystem.handler.update')).toHaveLength(0);
		expect(sb().state.handlers[0].CODE).toBe('acme');
		expect(sb().state.paySystems[0].ACTION_FILE).toBe('acme');
	});

	test('in a batch with Continue On Fail: the handler in use is refused, the unused one is renamed', async () => {
		seedPaySystem(sb(), { code: 'used' });
		seedPaySystem(sb(), { code: 'unused' });
		sb().state.paySystems.splice(1);
		const r = await env.run(rename('={{ $json.code }}'), { items: [{ id: 1, code: 'used_v2' }, { id: 2, code: 'unused_v2' }], continueOnFail: true });
		expect(r.outputItems[0].json.error).toMatch(/not changed from "used"/);
		expect(r.outputItems[1].json).toEqual({ success: true });
		expect(sb().state.handlers.map((h) => h.CODE)).toEqual(['used', 'unused_v2']);
		expect(batched('sale.paysystem.handler.update')).toHaveLength(0);
		expect(calls('sale.paysystem.handler.update')).toHaveLength(1);
	});

	test('on the routing road (the node as an AI tool) the same check refuses', async () => {
		seedPaySystem(sb(), { code: 'acme' });
		const { description, methods } = new Bitrix24PaySystem();
		const r = await env.run(rename('acme_v2'), { items: [{ id: 1 }], type: 'test.bitrixRouting', extraNodeTypes: { 'test.bitrixRouting': { description, methods } } });
		expect(r.error?.message).toMatch(/not changed from "acme"/);
		expect(calls('sale.paysystem.handler.update')).toHaveLength(0);
	});

	test('a Code another handler has: ERROR_HANDLER_ALREADY_EXIST, with the update hint', async () => {
		seedPaySystem(sb(), { code: 'taken' });
		seedPaySystem(sb(), { code: 'mine' });
		sb().state.paySystems.length = 0;
		const r = await env.run(rename('taken'), { items: [{ id: 2 }] });
		expect(r.error.context.apiCode).toBe('ERROR_HANDLER_ALREADY_EXIST');
		expect(r.error.description).toMatch(/Another handler already has this Code/);
	});
});

describe('result: false is a failure (audit 1.15)', () => {
	const cases = [
		['update', { resource: 'paySystem', operation: 'update', updateFields: { name: 'X' } }, 'sale.paysystem.update', /did not save the change/],
		['delete', { resource: 'paySystem', operation: 'delete' }, 'sale.paysystem.delete', /did not delete the pay system/],
		['settingsCode', { resource: 'paySystem', operation: 'updateSettings', settingsValues: { setting: [{ code: 'ACME_SHOP_ID', value: 'x' }] } }, 'sale.paysystem.settings.update', /saved only some of the settings/],
	];
	describe.each(plainAndBatch)('in %s', (_, n) => {
		test.each(cases)('%s answering false gives RESULT_FALSE, sent once', async (failure, parameters, method, message) => {
			const items = Array.from({ length: n }, (x, i) => ({ id: seedPaySystem(sb(), { code: `c${i}` }).paySystemId }));
			sb().state.failures[failure] = failure === 'settingsCode' ? 'ACME_SHOP_ID' : true;
			const r = await env.run({ ...parameters, paySystemId: '={{ $json.id }}' }, { items, continueOnFail: true });
			expect(r.outputItems).toHaveLength(n);
			for (const item of r.outputItems) {
				expect(item.error.context.apiCode).toBe('RESULT_FALSE');
				expect(item.json.error).toMatch(message);
			}
			expect(n === 1 ? calls(method) : batched(method)).toHaveLength(n);
		});
	});
});

describe('Pay System → Get Settings answers {CODE: {TYPE, VALUE}} (audit 1.9)', () => {
	test('every code of the handler, nulls when unset; a handler without codes gives an empty object', async () => {
		const { paySystemId } = seedPaySystem(sb());
		const r = await env.run({ resource: 'paySystem', operation: 'getSettings', paySystemId });
		expect(r.items).toEqual([{ ACME_SHOP_ID: { TYPE: 'VALUE', VALUE: 'shop-1' }, ACME_ORDER_NO: { TYPE: 'PAYMENT', VALUE: 'ACCOUNT_NUMBER' } }]);
		sb().state.handlers[0].SETTINGS.CODES = {};
		const empty = await env.run({ resource: 'paySystem', operation: 'getSettings', paySystemId });
		expect(empty.items).toEqual([{}]);
	});
});

describe('Pay System → Update on older releases (audit 1.6)', () => {
	test('current portals get only the changed fields; an older one refuses, and the error names the values to add', async () => {
		const { paySystemId } = seedPaySystem(sb(), { personType: 2 });
		const update = { resource: 'paySystem', operation: 'update', paySystemId, updateFields: { name: 'Renamed' } };
		const current = await env.run(update);
		expect(current.items).toEqual([{ success: true }]);
		expect(calls('sale.paysystem.update')[0].body).toEqual({ ID: paySystemId, FIELDS: { NAME: 'Renamed' } });
		// Person type restrictions stay as they were when Person Type ID is not sent.
		expect(sb().state.paySystems[0].restrictedPersonTypes).toBeUndefined();

		sb().state.legacyUpdateChecks = true;
		const older = await env.run({ ...update, updateFields: { name: 'Again' } });
		expect(older.error.context.apiCode).toBe('ERROR_HANDLER_NOT_FOUND');
		expect(older.error.message).toMatch(/needs Handler Code and Person Type ID in every pay system update/);
		expect(older.error.description).toContain('Handler Code "acmepay" and Person Type ID 2');
		expect(sb().state.paySystems[0].NAME).toBe('Renamed');
		const fixed = await env.run({ ...update, updateFields: { name: 'Again', handlerCode: 'acmepay', personTypeId: 2 } });
		expect(fixed.items).toEqual([{ success: true }]);
		expect(sb().state.paySystems[0]).toMatchObject({ NAME: 'Again', restrictedPersonTypes: [2] });
	});
});

describe('Pay System → Create (audit 1.5)', () => {
	test('a logo given as a data URL is sent as plain base64', async () => {
		seedPaySystem(sb(), { code: 'h1' });
		const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
		const r = await env.run({ resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 1, handlerCode: 'h1', additionalFields: { entityRegistryType: 'ORDER', logotype: `data:image/png;base64,${png}` } });
		expect(r.error).toBeUndefined();
		expect(calls('sale.paysystem.add')[0].body.LOGOTYPE).toBe(png);
		expect(sb().state.paySystems[1].LOGOTIP).toMatchObject({ valid: true });
	});

	test('without an Entity Registry Type the portal makes a pay system for CRM invoices', async () => {
		seedPaySystem(sb(), { code: 'h1' });
		const order = await env.run({ resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 1, handlerCode: 'h1' });
		expect(order.error.context.apiCode).toBe('ERROR_PERSON_TYPE_NOT_FOUND');
		const invoice = await env.run({ resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 3, handlerCode: 'h1' });
		expect(invoice.error).toBeUndefined();
		expect(sb().state.paySystems[1].ENTITY_REGISTRY_TYPE).toBe('CRM_INVOICE');
	});
});

describe('Handler → Create under "Treat Already Done as Success" (audit 1.1)', () => {
	test('a handler with the Code but another Action URI does not stand in', async () => {
		const create = (uri) => ({
			resource: 'handler',
			operation: 'create',
			handlerName: 'H',
			handlerCode: 'h',
			actionUri: uri,
			parameterCodes: { code: [codeEntry('K', 'Key', 100)] },
			treatAlreadyDoneAsSuccess: true,
		});
		expect((await env.run(create('https://a.example/pay'))).items).toEqual([{ id: 1, alreadyDone: false }]);
		expect((await env.run(create('https://a.example/pay'))).items).toEqual([{ id: 1, alreadyDone: true }]);
		const other = await env.run(create('https://b.example/pay'));
		expect(other.error.context.apiCode).toBe('ERROR_HANDLER_ALREADY_EXIST');
		expect(other.error.description).toContain('its Action URI is "https://a.example/pay", this item asks for "https://b.example/pay"');
	});
});

describe('Payment → Pay (audit 1.13)', () => {
	test.each(plainAndBatch)('in %s: Payment System Data is sent and stored, an inactive pay system pays', async (_, n) => {
		const { paySystemId } = seedPaySystem(sb(), { active: 'N' });
		const items = Array.from({ length: n }, (x, i) => ({ id: 100 + i }));
		for (const { id } of items) sb().addPayment({ id, paySystemId, sum: 1700 });
		const r = await env.run(
			{
				resource: 'payment',
				operation: 'pay',
				paymentId: '={{ $json.id }}',
				paySystemId,
				paymentSystemData: { externalPaymentId: '={{ "ext-" + $json.id }}', paidSum: 1700.5, paidCurrency: 'RUB', cardNumber: '' },
			},
			{ items },
		);
		expect(r.error).toBeUndefined();
		const payment = sb().state.payments.get(100);
		expect(payment).toMatchObject({ PAID: 'Y', PS_INVOICE_ID: 'ext-100', PS_SUM: '1700.5', PS_CURRENCY: 'RUB' });
		expect(payment.PS_CARD_NUMBER).toBeUndefined();
		if (n === 1) expect(calls('sale.paysystem.pay.payment')[0].body).toEqual({ PAYMENT_ID: 100, PAY_SYSTEM_ID: paySystemId, PS_INVOICE_ID: 'ext-100', PS_SUM: 1700.5, PS_CURRENCY: 'RUB' });
	});

	test('a payment of a cancelled order is refused with ERROR_PROCESS_REQUEST_RESULT', async () => {
		const { paySystemId } = seedPaySystem(sb());
		sb().addPayment({ id: 5, paySystemId, canceled: true });
		const r = await env.run({ resource: 'payment', operation: 'pay', paymentId: 5, paySystemId });
		expect(r.error.context.apiCode).toBe('ERROR_PROCESS_REQUEST_RESULT');
		expect(r.error.description).toMatch(/cancelled order/);
		expect(sb().state.payments.get(5).PAID).toBe('N');
	});
});

describe('Payment → Pay Invoice (Legacy) (audit 1.14)', () => {
	test('the portal\'s ERROR_INVOICE_NO_SUPPORTED and the documentation\'s spelling both get the explanation', async () => {
		sb().state.invoicesSupported = false;
		const r = await env.run({ resource: 'payment', operation: 'payInvoice', invoiceId: 1, paySystemId: 1 });
		expect(r.error.context.apiCode).toBe('ERROR_INVOICE_NO_SUPPORTED');
		expect(r.error.message).toMatch(/does not support paying legacy invoices/);
		sb().faults.add({ status: 400, body: { error: 'ERROR_PAY_INVOICE_NOT_SUPPORTED', error_description: 'x' } });
		const documented = await env.run({ resource: 'payment', operation: 'payInvoice', invoiceId: 1, paySystemId: 1 });
		expect(documented.error.message).toMatch(/does not support paying legacy invoices/);
	});

	test('a pay system for orders cannot pay a legacy invoice', async () => {
		const { paySystemId } = seedPaySystem(sb());
		sb().addInvoice({ id: 9 });
		const r = await env.run({ resource: 'payment', operation: 'payInvoice', invoiceId: 9, paySystemId });
		expect(r.error.context.apiCode).toBe('ERROR_PROCESS_REQUEST_RESULT');
		expect(r.error.description).toMatch(/CRM_INVOICE/);
	});
});

test('rights hint: reads need a CRM administrator too, non-REST pay systems are out of reach (audit 1.16)', async () => {
	sb().webhooks[0].admin = false;
	try {
		const r = await env.run({ resource: 'paySystem', operation: 'getAll', returnAll: true });
		expect(r.error.context.apiCode).toBe('ACCESS_DENIED');
		expect(r.error.description).toMatch(/This includes the reads/);
		expect(r.error.description).toMatch(/do not use a REST handler/);
	} finally {
		sb().webhooks[0].admin = true;
	}
});
