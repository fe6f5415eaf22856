'use strict';
/** Every operation of the Bitrix24 PaySystem node, end to end through n8n-core and the sandbox. */
const { useBitrix, codeEntry, seedPaySystem } = require('./fixtures');

const env = useBitrix();

const bodyOf = (method) => env.sandbox.apiCalls(method).map((c) => c.body);

const checkoutHandler = {
	resource: 'handler',
	operation: 'create',
	handlerName: 'Acme Pay (checkout)',
	handlerCode: 'acmepay_checkout',
	additionalFields: { sort: 300 },
	mode: 'checkout',
	actionUri: 'https://n8n.example.org/webhook/acmepay/create',
	requestFields: {
		field: [
			{ name: 'shop', source: 'code', code: 'ACME_SHOP_ID' },
			{ name: 'orderNo', source: 'code', code: 'ACME_ORDER_NO' },
			{ name: 'amount', source: 'code', code: 'ACME_AMOUNT' },
		],
	},
	parameterCodes: {
		code: [
			codeEntry('ACME_SHOP_ID', 'Shop ID', 100),
			codeEntry('ACME_SECRET', 'Signing secret', 200),
			codeEntry('ACME_ORDER_NO', 'Order number', 300, { group: 'PAYMENT', defaultProvider: 'PAYMENT', defaultPaymentField: 'ACCOUNT_NUMBER' }),
			codeEntry('ACME_AMOUNT', 'Amount', 400, { group: 'PAYMENT', defaultProvider: 'PAYMENT', defaultPaymentField: 'SUM' }),
			codeEntry('ACME_MODE', 'Mode', 500, { inputType: 'ENUM', enumOptions: { option: [{ value: 'TEST', label: 'Sandbox' }, { value: 'LIVE', label: 'Production' }] } }),
		],
	},
	currencies: ['RUB'],
	clientType: 'b2b',
};

describe('Handler', () => {
	test('Create builds SETTINGS from the fields and returns { id }', async () => {
		const r = await env.run(checkoutHandler);
		expect(r.error).toBeUndefined();
		expect(r.items).toEqual([{ id: 1 }]);
		expect(bodyOf('sale.paysystem.handler.add')[0]).toEqual({
			NAME: 'Acme Pay (checkout)',
			CODE: 'acmepay_checkout',
			SORT: 300,
			SETTINGS: {
				CLIENT_TYPE: 'b2b',
				CURRENCY: ['RUB'],
				CHECKOUT_DATA: {
					ACTION_URI: 'https://n8n.example.org/webhook/acmepay/create',
					FIELDS: { shop: { CODE: 'ACME_SHOP_ID' }, orderNo: { CODE: 'ACME_ORDER_NO' }, amount: { CODE: 'ACME_AMOUNT' } },
				},
				CODES: {
					ACME_SHOP_ID: { NAME: 'Shop ID', SORT: '100' },
					ACME_SECRET: { NAME: 'Signing secret', SORT: '200' },
					ACME_ORDER_NO: { NAME: 'Order number', GROUP: 'PAYMENT', SORT: '300', DEFAULT: { PROVIDER_KEY: 'PAYMENT', PROVIDER_VALUE: 'ACCOUNT_NUMBER' } },
					ACME_AMOUNT: { NAME: 'Amount', GROUP: 'PAYMENT', SORT: '400', DEFAULT: { PROVIDER_KEY: 'PAYMENT', PROVIDER_VALUE: 'SUM' } },
					ACME_MODE: { NAME: 'Mode', SORT: '500', INPUT: { TYPE: 'ENUM', OPTIONS: { TEST: 'Sandbox', LIVE: 'Production' } } },
				},
			},
		});
		expect(env.sandbox.state.handlers[0].CODE).toBe('acmepay_checkout');
	});

	test('Create with Settings as JSON sends the object as given', async () => {
		const settings = { CODES: { K: { NAME: 'Key' } }, IFRAME_DATA: { ACTION_URI: 'https://example.com/frame' } };
		const r = await env.run({ resource: 'handler', operation: 'create', handlerName: 'J', handlerCode: 'json_h', settingsInput: 'json', settingsJson: JSON.stringify(settings) });
		expect(r.error).toBeUndefined();
		expect(bodyOf('sale.paysystem.handler.add')[0]).toEqual({ NAME: 'J', CODE: 'json_h', SETTINGS: settings });
	});

	test('Get Many returns one item per handler', async () => {
		await env.run(checkoutHandler);
		await env.run({ ...checkoutHandler, handlerCode: 'second', handlerName: 'Second' });
		const r = await env.run({ resource: 'handler', operation: 'getAll', returnAll: true });
		expect(r.items.map((i) => i.CODE)).toEqual(['acmepay_checkout', 'second']);
		const limited = await env.run({ resource: 'handler', operation: 'getAll', returnAll: false, limit: 1 });
		expect(limited.items).toHaveLength(1);
	});

	test('Update changes only the given fields and keeps settings by default', async () => {
		await env.run(checkoutHandler);
		const r = await env.run({ resource: 'handler', operation: 'update', handlerId: 1, updateFields: { name: 'Acme Pay', sort: 250 } });
		expect(r.items).toEqual([{ success: true }]);
		expect(bodyOf('sale.paysystem.handler.update')[0]).toEqual({ ID: 1, FIELDS: { NAME: 'Acme Pay', SORT: 250 } });
		expect(env.sandbox.state.handlers[0]).toMatchObject({ NAME: 'Acme Pay', SORT: '250' });
	});

	test('Delete removes the handler', async () => {
		await env.run(checkoutHandler);
		const r = await env.run({ resource: 'handler', operation: 'delete', handlerId: 1 });
		expect(r.items).toEqual([{ success: true }]);
		expect(bodyOf('sale.paysystem.handler.delete')[0]).toEqual({ ID: 1 });
		expect(env.sandbox.state.handlers).toHaveLength(0);
	});
});

describe('Pay System', () => {
	beforeEach(async () => {
		await env.run(checkoutHandler);
		env.sandbox.clear();
	});

	test('Create sends the pay system with its settings and returns { id }', async () => {
		const r = await env.run({
			resource: 'paySystem',
			operation: 'create',
			name: 'Acme Pay',
			personTypeId: 1,
			handlerCode: 'acmepay_checkout',
			additionalFields: { entityRegistryType: 'ORDER', active: true, xmlId: 'acme-main' },
			settingsValuesInput: 'fields',
			settingsValues: {
				setting: [
					{ code: 'ACME_SHOP_ID', type: 'VALUE', value: 'shop-4411' },
					{ code: 'ACME_SECRET', type: 'VALUE', value: 's3cr3t' },
					{ code: 'ACME_ORDER_NO', type: 'PAYMENT', value: 'ACCOUNT_NUMBER' },
				],
			},
		});
		expect(r.error).toBeUndefined();
		expect(r.items).toEqual([{ id: 1 }]);
		expect(bodyOf('sale.paysystem.add')[0]).toEqual({
			NAME: 'Acme Pay',
			PERSON_TYPE_ID: 1,
			BX_REST_HANDLER: 'acmepay_checkout',
			ENTITY_REGISTRY_TYPE: 'ORDER',
			ACTIVE: 'Y',
			XML_ID: 'acme-main',
			SETTINGS: {
				ACME_SHOP_ID: { TYPE: 'VALUE', VALUE: 'shop-4411' },
				ACME_SECRET: { TYPE: 'VALUE', VALUE: 's3cr3t' },
				ACME_ORDER_NO: { TYPE: 'PAYMENT', VALUE: 'ACCOUNT_NUMBER' },
			},
		});
	});

	describe('Create under "Treat Already Done as Success" (External ID)', () => {
		const create = (name) => ({
			resource: 'paySystem',
			operation: 'create',
			name,
			personTypeId: 1,
			handlerCode: 'acmepay_checkout',
			additionalFields: { xmlId: 'acme-main', entityRegistryType: 'ORDER' },
			treatAlreadyDoneAsSuccess: true,
		});

		test('the same pay system again: not created twice, the existing one comes out', async () => {
			const first = await env.run(create('Acme Pay'));
			const again = await env.run(create('Acme Pay'));
			expect(again.items).toEqual([{ id: first.items[0].id, alreadyDone: true }]);
			expect(env.sandbox.state.paySystems).toHaveLength(1);
		});

		test('a pay system with that External ID that differs: refused, nothing created, the difference named', async () => {
			await env.run(create('Acme Pay'));
			env.sandbox.clear();
			const other = await env.run(create('Another Pay'));
			expect(other.error.name).toBe('NodeOperationError');
			expect(other.error.description).toMatch(/has External ID "acme-main" but differs \(NAME is "Acme Pay", this item asks for "Another Pay"\)/);
			expect(bodyOf('sale.paysystem.add')).toHaveLength(0);
			expect(env.sandbox.state.paySystems).toHaveLength(1);
		});
	});

	describe('with a pay system', () => {
		beforeEach(async () => {
			await env.run({
				resource: 'paySystem',
				operation: 'create',
				name: 'Acme Pay',
				personTypeId: 1,
				handlerCode: 'acmepay_checkout',
				additionalFields: { entityRegistryType: 'ORDER', active: true },
				settingsValues: { setting: [{ code: 'ACME_SHOP_ID', type: 'VALUE', value: 'shop-4411' }] },
			});
			env.sandbox.clear();
		});

		test('Update sends FIELDS', async () => {
			const r = await env.run({ resource: 'paySystem', operation: 'update', paySystemId: 1, updateFields: { name: 'Acme Pay 2', active: false, newWindow: true } });
			expect(r.items).toEqual([{ success: true }]);
			expect(bodyOf('sale.paysystem.update')[0]).toEqual({ ID: 1, FIELDS: { NAME: 'Acme Pay 2', ACTIVE: 'N', NEW_WINDOW: 'Y' } });
			expect(env.sandbox.state.paySystems[0]).toMatchObject({ NAME: 'Acme Pay 2', ACTIVE: 'N' });
		});

		test('Get Many sends select, filter and order and returns one item per row', async () => {
			const r = await env.run({
				resource: 'paySystem',
				operation: 'getAll',
				returnAll: true,
				options: {
					select: ['ID', 'NAME', 'ACTIVE', 'ACTION_FILE'],
					filters: { filter: [{ field: 'ACTION_FILE', operator: 'eq', value: 'acmepay_checkout' }, { field: 'ACTIVE', value: 'Y' }] },
					order: { rule: [{ field: 'ID', direction: 'DESC' }] },
				},
			});
			expect(r.error).toBeUndefined();
			// Equality goes to the portal as the bare field name (what its code makes of any key).
			expect(bodyOf('sale.paysystem.list')[0]).toEqual({
				SELECT: ['ID', 'NAME', 'ACTIVE', 'ACTION_FILE'],
				FILTER: { ACTION_FILE: 'acmepay_checkout', ACTIVE: 'Y' },
				ORDER: { ID: 'DESC' },
			});
			expect(r.items).toEqual([{ ID: 1, NAME: 'Acme Pay', ACTIVE: 'Y', ACTION_FILE: 'acmepay_checkout' }]);
		});

		test('Get Many with an IN filter sends a list', async () => {
			await env.run({ resource: 'paySystem', operation: 'getAll', returnAll: true, options: { filters: { filter: [{ field: 'ID', operator: 'in', value: '1, 2' }] } } });
			expect(bodyOf('sale.paysystem.list')[0]).toEqual({ FILTER: { ID: ['1', '2'] } });
		});

		test('Get Settings and Update Settings', async () => {
			const up = await env.run({
				resource: 'paySystem',
				operation: 'updateSettings',
				paySystemId: 1,
				additionalFields: { personTypeId: 1 },
				settingsValues: { setting: [{ code: 'ACME_MODE', type: 'VALUE', value: 'TEST' }] },
			});
			expect(up.items).toEqual([{ success: true }]);
			expect(bodyOf('sale.paysystem.settings.update')[0]).toEqual({ ID: 1, PERSON_TYPE_ID: 1, SETTINGS: { ACME_MODE: { TYPE: 'VALUE', VALUE: 'TEST' } } });
			const get = await env.run({ resource: 'paySystem', operation: 'getSettings', paySystemId: 1, settingsPersonTypeId: 1 });
			expect(bodyOf('sale.paysystem.settings.get')[0]).toEqual({ ID: 1, PERSON_TYPE_ID: 1 });
			// {CODE: {TYPE, VALUE}} for every code of the handler, as the portal answers: the value for
			// this payer type (Create saved its settings for the pay system's payer type), else the
			// code's default, else nulls.
			expect(get.items).toEqual([
				{
					ACME_SHOP_ID: { TYPE: 'VALUE', VALUE: 'shop-4411' },
					ACME_SECRET: { TYPE: null, VALUE: null },
					ACME_ORDER_NO: { TYPE: 'PAYMENT', VALUE: 'ACCOUNT_NUMBER' },
					ACME_AMOUNT: { TYPE: 'PAYMENT', VALUE: 'SUM' },
					ACME_MODE: { TYPE: 'VALUE', VALUE: 'TEST' },
				},
			]);
		});

		test('Get Payment Settings resolves the settings for a payment', async () => {
			env.sandbox.addPayment({ id: 845, paySystemId: 1, sum: 1700 });
			const r = await env.run({ resource: 'paySystem', operation: 'getPaymentSettings', paymentId: 845, paySystemId: 1 });
			expect(bodyOf('sale.paysystem.settings.payment.get')[0]).toEqual({ PAYMENT_ID: 845, PAY_SYSTEM_ID: 1 });
			// Each code resolved for the payment: its value, or the code's default (from the payment).
			expect(r.items).toEqual([{ ACME_SHOP_ID: 'shop-4411', ACME_ORDER_NO: '845/1', ACME_AMOUNT: '1700' }]);
		});

		test('Get Invoice Settings (Legacy) by pay system ID or handler code', async () => {
			env.sandbox.addInvoice({ id: 77, sum: 500 });
			const byId = await env.run({ resource: 'paySystem', operation: 'getInvoiceSettings', invoiceId: 77, identifyPaySystemBy: 'id', paySystemId: 1 });
			const byCode = await env.run({ resource: 'paySystem', operation: 'getInvoiceSettings', invoiceId: 77, identifyPaySystemBy: 'handlerCode', handlerCode: 'acmepay_checkout' });
			expect(bodyOf('sale.paysystem.settings.invoice.get')).toEqual([
				{ INVOICE_ID: 77, PAY_SYSTEM_ID: 1 },
				{ INVOICE_ID: 77, BX_REST_HANDLER: 'acmepay_checkout' },
			]);
			expect(byId.items).toEqual([{ ACME_SHOP_ID: 'shop-4411', ACME_ORDER_NO: '', ACME_AMOUNT: '500' }]);
			expect(byCode.items).toEqual(byId.items);
		});

		test('Delete removes the pay system', async () => {
			const r = await env.run({ resource: 'paySystem', operation: 'delete', paySystemId: 1 });
			expect(r.items).toEqual([{ success: true }]);
			expect(bodyOf('sale.paysystem.delete')[0]).toEqual({ ID: 1 });
			expect(env.sandbox.state.paySystems).toHaveLength(0);
		});
	});
});

describe('Payment', () => {
	test('Pay marks each input item\'s payment paid, one output item per input item, in one batch call', async () => {
		const { paySystemId } = seedPaySystem(env.sandbox);
		for (const id of [11, 12, 13]) env.sandbox.addPayment({ id, paySystemId });
		const r = await env.run(
			{ resource: 'payment', operation: 'pay', paymentId: '={{ $json.paymentId }}', paySystemId: '={{ $json.paySystemId }}' },
			{ items: [11, 12, 13].map((paymentId) => ({ paymentId, paySystemId })) },
		);
		expect(r.error).toBeUndefined();
		// Each item says which payment it paid.
		expect(r.items).toEqual([11, 12, 13].map((paymentId) => ({ success: true, paymentId, paySystemId })));
		expect(r.outputItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// One request: a batch of the three commands, halt 0.
		expect(env.sandbox.apiCalls()).toHaveLength(1);
		expect(bodyOf('batch')).toEqual([
			{
				halt: 0,
				cmd: {
					c0: `sale.paysystem.pay.payment?PAYMENT_ID=11&PAY_SYSTEM_ID=${paySystemId}`,
					c1: `sale.paysystem.pay.payment?PAYMENT_ID=12&PAY_SYSTEM_ID=${paySystemId}`,
					c2: `sale.paysystem.pay.payment?PAYMENT_ID=13&PAY_SYSTEM_ID=${paySystemId}`,
				},
			},
		]);
		expect(env.sandbox.snapshot().payCalls).toEqual({ 11: 1, 12: 1, 13: 1 });
	});

	test('Pay with "Send in Batches" off: one plain call per item', async () => {
		const { paySystemId } = seedPaySystem(env.sandbox);
		for (const id of [11, 12, 13]) env.sandbox.addPayment({ id, paySystemId });
		const r = await env.run(
			{
				resource: 'payment',
				operation: 'pay',
				paymentId: '={{ $json.paymentId }}',
				paySystemId: '={{ $json.paySystemId }}',
				rateLimitHandling: { sendInBatches: false },
			},
			{ items: [11, 12, 13].map((paymentId) => ({ paymentId, paySystemId })) },
		);
		expect(r.items).toEqual([11, 12, 13].map((paymentId) => ({ success: true, paymentId, paySystemId })));
		expect(bodyOf('sale.paysystem.pay.payment')).toEqual([11, 12, 13].map((PAYMENT_ID) => ({ PAYMENT_ID, PAY_SYSTEM_ID: paySystemId })));
		expect(env.sandbox.apiCalls('batch')).toHaveLength(0);
		expect(env.sandbox.snapshot().payCalls).toEqual({ 11: 1, 12: 1, 13: 1 });
	});

	test('Pay of one item is a plain call, not a batch', async () => {
		const { paySystemId } = seedPaySystem(env.sandbox);
		env.sandbox.addPayment({ id: 21, paySystemId });
		const r = await env.run({ resource: 'payment', operation: 'pay', paymentId: 21, paySystemId });
		expect(r.items).toEqual([{ success: true, paymentId: 21, paySystemId }]);
		expect(bodyOf('sale.paysystem.pay.payment')).toEqual([{ PAYMENT_ID: 21, PAY_SYSTEM_ID: paySystemId }]);
		expect(env.sandbox.apiCalls('batch')).toHaveLength(0);
	});

	test('Pay Invoice (Legacy) by pay system ID or handler code', async () => {
		// Legacy invoices are paid only through pay systems for them (CRM_INVOICE).
		seedPaySystem(env.sandbox, { code: 'legacy_h', registry: 'CRM_INVOICE', personType: 3 });
		env.sandbox.addInvoice({ id: 5 });
		env.sandbox.addInvoice({ id: 6 });
		const a = await env.run({ resource: 'payment', operation: 'payInvoice', invoiceId: 5, identifyPaySystemBy: 'id', paySystemId: 1 });
		const b = await env.run({ resource: 'payment', operation: 'payInvoice', invoiceId: 6, identifyPaySystemBy: 'handlerCode', handlerCode: 'legacy_h' });
		expect([a.items, b.items]).toEqual([[{ success: true, invoiceId: 5, paySystemId: 1 }], [{ success: true, invoiceId: 6, handlerCode: 'legacy_h' }]]);
		expect(bodyOf('sale.paysystem.pay.invoice')).toEqual([
			{ INVOICE_ID: 5, PAY_SYSTEM_ID: 1 },
			{ INVOICE_ID: 6, BX_REST_HANDLER: 'legacy_h' },
		]);
		expect(env.sandbox.state.invoices.get(6).PAYED).toBe('Y');
	});
});

test('every request carries the package User-Agent and JSON headers', async () => {
	await env.run({ resource: 'handler', operation: 'getAll', returnAll: true });
	const [call] = env.sandbox.apiCalls();
	expect(call.headers['user-agent']).toMatch(/^n8n-nodes-paysystems\/\d+\.\d+\.\d+/);
	expect(call.headers['content-type']).toMatch(/application\/json/);
	expect(call.headers.accept).toBe('application/json');
	expect(call.httpMethod).toBe('POST');
	expect(call.path).toBe('/rest/1/sandboxwebhookcode1/sale.paysystem.handler.list');
});

test('the User-Agent version is the package version', () => {
	const { PACKAGE_VERSION } = require('../../dist/nodes/shared/version');
	expect(PACKAGE_VERSION).toBe(require('../../package.json').version);
});
