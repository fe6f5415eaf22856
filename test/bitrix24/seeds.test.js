'use strict';
/**
 * The documented examples (https://apidocs.bitrix24.com/api-reference/pay-system/, copied to
 * test/fixtures/seeds) reproduced from the
 * editor's fields: the request the portal receives is the documented body, deep-equal.
 */
const { useBitrix, codeEntry, seedPaySystem } = require('./fixtures');

const seed = (name) => require(`../fixtures/seeds/${name}.json`);

const env = useBitrix();

const lastBody = (method) => {
	const calls = env.sandbox.apiCalls(method);
	expect(calls).toHaveLength(1);
	return calls[0].body;
};

/** The codes every handler.add example shares (names as in the docs). */
const storeCodes = (suffix) => [
	codeEntry(`REST_SERVICE_ID${suffix}`, 'Store Number', 100, { description: 'Store Number' }),
	codeEntry(`REST_SERVICE_KEY${suffix}`, 'Secret Key', 300, { description: 'Secret Key' }),
];
const workModeCode = (code) =>
	codeEntry(code, 'Payment System Operating Mode', 1100, {
		inputType: 'ENUM',
		enumOptions: { option: [{ value: 'TEST', label: 'Test' }, { value: 'REGULAR', label: 'Live' }] },
	});

test('handler.add in Form mode sends the documented body', async () => {
	const result = await env.run({
		resource: 'handler',
		operation: 'create',
		handlerName: 'Handler.Rest FORM',
		handlerCode: 'resthandlerform',
		additionalFields: { sort: 100 },
		settingsInput: 'fields',
		mode: 'form',
		actionUri: 'http://example.com/payment_form.php',
		formMethod: 'POST',
		requestFields: {
			field: [
				{ name: 'phone', source: 'input', label: 'Phone Number', inputType: 'legacy:STRING', visible: 'Y' },
				{ name: 'selection', source: 'input', label: 'Illusion of Choice', inputType: 'Y/N', visible: 'Y' },
				{ name: 'paymentId', source: 'code', code: 'PAYMENT_ID', visible: 'Y' },
				{ name: 'serviceid', source: 'code', code: 'REST_SERVICE_ID' },
			],
		},
		parameterCodes: {
			code: [
				...storeCodes(''),
				codeEntry('PAYMENT_ID', 'Payment Number', 400, { group: 'PAYMENT', defaultProvider: 'PAYMENT', defaultPaymentField: 'ACCOUNT_NUMBER' }),
				codeEntry('PAYMENT_SHOULD_PAY', 'Payment Amount', 600, { group: 'PAYMENT', defaultProvider: 'PAYMENT', defaultPaymentField: 'SUM' }),
				codeEntry('PS_CHANGE_STATUS_PAY', 'Automatic Payment Status Change', 700, { inputType: 'Y/N' }),
				codeEntry('PAYMENT_BUYER_ID', 'Buyer Code', 1000, { group: 'PAYMENT', defaultProvider: 'ORDER', defaultOrderField: 'USER_ID' }),
				workModeCode('PS_WORK_MODE'),
			],
		},
		currencies: ['RUB'],
		clientType: 'b2c',
	});
	expect(result.error).toBeUndefined();
	expect(lastBody('sale.paysystem.handler.add')).toEqual(seed('handler.add.form'));
	expect(result.items).toEqual([{ id: 1 }]);
});

test('handler.add in Checkout mode sends the documented body', async () => {
	const result = await env.run({
		resource: 'handler',
		operation: 'create',
		handlerName: 'Handler.Rest CHECKOUT',
		handlerCode: 'resthandlercheckout',
		additionalFields: { sort: 100 },
		mode: 'checkout',
		actionUri: 'http://example.com/payment_checkout.php',
		requestFields: {
			field: [
				{ name: 'serviceKey', source: 'code', code: 'REST_SERVICE_KEY_CHECKOUT' },
				{ name: 'serviceid', source: 'code', code: 'REST_SERVICE_ID_CHECKOUT' },
			],
		},
		parameterCodes: { code: [...storeCodes('_CHECKOUT'), workModeCode('PS_WORK_MODE_CHECKOUT')] },
		currencies: ['RUB'],
		clientType: 'b2c',
	});
	expect(result.error).toBeUndefined();
	expect(lastBody('sale.paysystem.handler.add')).toEqual(seed('handler.add.checkout'));
	expect(result.items).toEqual([{ id: 1 }]);
});

test('handler.add in IFrame mode sends the documented body', async () => {
	const result = await env.run({
		resource: 'handler',
		operation: 'create',
		handlerName: 'Handler.Rest IFrame',
		handlerCode: 'resthandleriframe',
		additionalFields: { sort: 100 },
		mode: 'iframe',
		actionUri: 'http://example.com/payment_iframe.php',
		requestFields: {
			field: [
				{ name: 'serviceKey', source: 'code', code: 'REST_SERVICE_KEY_IFRAME' },
				{ name: 'serviceid', source: 'code', code: 'REST_SERVICE_ID_IFRAME' },
			],
		},
		parameterCodes: { code: [...storeCodes('_IFRAME'), workModeCode('PS_WORK_MODE_IFRAME')] },
		currencies: ['RUB'],
		clientType: 'b2c',
	});
	expect(result.error).toBeUndefined();
	expect(lastBody('sale.paysystem.handler.add')).toEqual(seed('handler.add.iframe'));
});

test('handler.update with legacy PARAMS sends the documented body', async () => {
	// the documented example updates handler 3
	for (const code of ['one', 'two', 'three']) {
		await env.run({
			resource: 'handler',
			operation: 'create',
			handlerName: code,
			handlerCode: code,
			actionUri: 'https://example.com/x',
			parameterCodes: { code: [codeEntry('X', 'X', 100)] },
		});
	}
	env.sandbox.calls.length = 0;
	const result = await env.run({
		resource: 'handler',
		operation: 'update',
		handlerId: 3,
		updateFields: { code: 'newresthandlercode', name: 'New handler name', sort: 200 },
		settingsInput: 'fields',
		mode: 'form',
		actionUri: 'http://example.com/payment_form.php',
		formMethod: 'POST',
		legacyParams: {
			param: [
				{ name: 'serviceid', code: 'REST_SERVICE_ID_2' },
				{ name: 'invoiceNumber', code: 'PAYMENT_ID_2' },
				{ name: 'Sum', code: 'PAYMENT_SHOULD_PAY_2' },
				{ name: 'customer', code: 'PAYMENT_BUYER_ID_2' },
			],
		},
		parameterCodes: {
			code: [
				codeEntry('REST_SERVICE_ID_2', 'Store number', 100, { description: 'Store number' }),
				codeEntry('REST_SERVICE_KEY_2', 'Secret key', 300, { description: 'Secret key' }),
				codeEntry('PAYMENT_ID_2', 'Payment number', 400, { group: 'PAYMENT', defaultProvider: 'PAYMENT', defaultPaymentField: 'ACCOUNT_NUMBER' }),
				codeEntry('PAYMENT_SHOULD_PAY_2', 'Payment amount', 600, { group: 'PAYMENT', defaultProvider: 'PAYMENT', defaultPaymentField: 'SUM' }),
				codeEntry('PS_CHANGE_STATUS_PAY_2', 'Automatic payment status change', 700, { inputType: 'Y/N' }),
				codeEntry('PAYMENT_BUYER_ID_2', 'Buyer code', 1000, { group: 'PAYMENT', defaultProvider: 'ORDER', defaultOrderField: 'USER_ID' }),
			],
		},
		currencies: ['USD', 'EUR'],
	});
	expect(result.error).toBeUndefined();
	expect(lastBody('sale.paysystem.handler.update')).toEqual(seed('handler.update'));
	expect(result.items).toEqual([{ success: true }]);
	expect(env.sandbox.state.handlers[2]).toMatchObject({ CODE: 'newresthandlercode', NAME: 'New handler name', SORT: '200' });
});

test('pay.payment sends the documented body and marks the payment paid', async () => {
	const { paySystemId } = seedPaySystem(env.sandbox);
	env.sandbox.addPayment({ id: 1, paySystemId });
	const result = await env.run({ resource: 'payment', operation: 'pay', paymentId: 1, paySystemId: 1 });
	expect(result.error).toBeUndefined();
	expect(lastBody('sale.paysystem.pay.payment')).toEqual(seed('pay.payment'));
	expect(result.items).toEqual([{ success: true, paymentId: 1, paySystemId: 1 }]);
	expect(env.sandbox.state.payments.get(1).PAID).toBe('Y');
});
