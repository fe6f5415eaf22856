'use strict';
/**
 * Bad input gets a NodeOperationError that names the field, and nothing is sent.
 *
 * The node builds and checks every item's request before the first is sent and throws a
 * NodeOperationError naming the field: the node's error when it stops the workflow, the item's
 * error with Continue On Fail. Both are checked.
 */
const { useBitrix, codeEntry } = require('./fixtures');

const env = useBitrix();

const handler = (extra = {}) => ({
	resource: 'handler',
	operation: 'create',
	handlerName: 'H',
	handlerCode: 'h',
	actionUri: 'https://example.com/pay',
	parameterCodes: { code: [codeEntry('K', 'Key', 100)] },
	...extra,
});

const cases = [
	['a non-numeric Payment ID', { resource: 'payment', operation: 'pay', paymentId: 'abc', paySystemId: 1 }, /^Payment ID: must be a positive whole number, got "abc"/],
	['a fractional Payment ID', { resource: 'payment', operation: 'pay', paymentId: '12.5', paySystemId: 1 }, /^Payment ID: /],
	['a negative Pay System ID', { resource: 'payment', operation: 'pay', paymentId: 1, paySystemId: '-3' }, /^Pay System: /],
	['an empty Payment ID from an expression', { resource: 'payment', operation: 'pay', paymentId: '={{ $json.missing }}', paySystemId: 1 }, /^Payment ID: .*got (nothing|an empty value)/],
	['a non-numeric Handler ID', { resource: 'handler', operation: 'delete', handlerId: 'x1' }, /^Handler: /],
	['a non-numeric Invoice ID', { resource: 'payment', operation: 'payInvoice', invoiceId: 'INV-1', paySystemId: 1 }, /^Invoice ID: /],
	['invalid JSON settings', handler({ settingsInput: 'json', settingsJson: '{"CODES": {' }), /^Settings \(JSON\): is not valid JSON/],
	['JSON settings that are a list', handler({ settingsInput: 'json', settingsJson: '[1,2]' }), /^Settings \(JSON\): must be a JSON object/],
	['JSON settings without a mode', handler({ settingsInput: 'json', settingsJson: '{"CODES": {"K": {}}}' }), /^Settings \(JSON\): needs one of "FORM_DATA", "CHECKOUT_DATA" or "IFRAME_DATA"/],
	['JSON settings without CODES', handler({ settingsInput: 'json', settingsJson: '{"FORM_DATA": {"ACTION_URI": "https://x.example"}}' }), /^Settings \(JSON\): needs a "CODES" object/],
	['JSON settings whose mode lacks ACTION_URI', handler({ settingsInput: 'json', settingsJson: '{"CODES": {"K": {}}, "CHECKOUT_DATA": {}}' }), /^Settings \(JSON\): "CHECKOUT_DATA" needs an "ACTION_URI"/],
	// Issue 14: what the portal refuses (ClientType::isValid), and what a batch cannot carry (an empty CODES).
	['JSON settings with a client type Bitrix24 refuses', handler({ settingsInput: 'json', settingsJson: '{"CODES": {"K": {}}, "CHECKOUT_DATA": {"ACTION_URI": "https://x.example"}, "CLIENT_TYPE": "b2x"}' }), /^Settings \(JSON\): "CLIENT_TYPE" must be "b2c" or "b2b", got "b2x"/],
	['JSON settings with empty CODES', handler({ settingsInput: 'json', settingsJson: '{"CODES": {}, "CHECKOUT_DATA": {"ACTION_URI": "https://x.example"}}' }), /^Settings \(JSON\): "CODES" needs at least one parameter code/],
	// Pay systems store values under the upper-cased code: two codes that differ in case would share one.
	['JSON parameter codes that differ only in case', handler({ settingsInput: 'json', settingsJson: '{"CODES": {"shop": {}, "SHOP": {}}, "CHECKOUT_DATA": {"ACTION_URI": "https://x.example"}}' }), /^Settings \(JSON\) → CODES: "SHOP" and "shop" differ only in case/],
	['parameter codes that differ only in case', handler({ parameterCodes: { code: [{ code: 'shop' }, { code: 'Shop' }] } }), /^Parameter Codes → entry 2 → Code: "Shop" and "shop" differ only in case/],
	['an Action URI that an expression left empty', handler({ actionUri: '={{ $json.url }}' }), /^Action URI: is required/],
	['an Action URI that is not a URL', handler({ actionUri: 'my-server/pay' }), /^Action URI: must be an absolute http\(s\) URL/],
	['no parameter codes', handler({ parameterCodes: {} }), /^Parameter Codes: add at least one parameter code/],
	['a parameter code used twice', handler({ parameterCodes: { code: [codeEntry('K', 'a', 1), codeEntry('K', 'b', 2)] } }), /^Parameter Codes → entry 2 → Code: "K" is used twice/],
	['a field bound to an unknown code', handler({ requestFields: { field: [{ name: 'f', source: 'code', code: 'NOPE' }] } }), /^Fields Sent to Action URI → entry 1 → Parameter Code: "NOPE" is not one of the Parameter Codes/],
	['a list input without options', handler({ parameterCodes: { code: [codeEntry('K', 'Key', 1, { inputType: 'ENUM' })] } }), /^Parameter Codes → entry 1 → List Options: a list \(ENUM\) input needs at least one option/],
	['a bad currency', handler({ currencies: '={{ ["RUB", "rubles"] }}' }), /^Currencies: "rubles" is not a three-letter currency code/],
	['an update with nothing to change', { resource: 'handler', operation: 'update', handlerId: 1 }, /^Update Fields: nothing to update/],
	['a settings update without settings', { resource: 'paySystem', operation: 'updateSettings', paySystemId: 1 }, /^Settings: add at least one setting/],
	['pay system settings JSON that is not {TYPE, VALUE}', { resource: 'paySystem', operation: 'updateSettings', paySystemId: 1, settingsValuesInput: 'json', settingsValuesJson: '{"K": "v"}' }, /^Settings \(JSON\): "K" must be an object like/],
	['a logo that is not base64', { resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 1, handlerCode: 'h', additionalFields: { logotype: 'https://example.com/logo.png' } }, /^Logo \(Base64\): must be an image encoded as base64/],
	['an empty pay system name', { resource: 'paySystem', operation: 'create', name: ' ', personTypeId: 1, handlerCode: 'h' }, /^Name: is required/],
];

function expectInputError(error, message) {
	expect(error).toBeDefined();
	expect(error.name).toBe('NodeOperationError');
	expect(error.message).toMatch(message);
}

test.each(cases)('%s', async (_, parameters, message) => {
	const { error } = await env.run(parameters);
	expectInputError(error, message);
	expect(env.sandbox.apiCalls()).toHaveLength(0);
	const continued = await env.run(parameters, { continueOnFail: true });
	expect(continued.outputItems).toHaveLength(1);
	expect(continued.outputItems[0].error.name).toBe('NodeOperationError');
	expect(continued.outputItems[0].json.error).toMatch(message);
	expect(env.sandbox.apiCalls()).toHaveLength(0);
});

describe('malformed webhook URL in the credential', () => {
	test.each([
		['http://acme.bitrix24.com/rest/7/abc123secret/', /https/],
		['https://acme.bitrix24.com/abc123secret', /path of a Bitrix24 incoming webhook/],
		['', /empty/],
	])('%j is refused before any request, naming the field and not repeating the URL', async (url, reason) => {
		const { error } = await env.run({ resource: 'payment', operation: 'pay', paymentId: 1, paySystemId: 1 }, { credentials: env.credentials({ secretWebhookUrl: url }) });
		expectInputError(error, /^Webhook URL/);
		expect(error.message).toMatch(reason);
		expect(JSON.stringify(error)).not.toContain('abc123secret');
		expect(env.sandbox.apiCalls()).toHaveLength(0);
	});
});

test('with Continue On Fail, bad items become error items and the good ones are sent', async () => {
	const r = await env.run(
		{ resource: 'payment', operation: 'pay', paymentId: '={{ $json.id }}', paySystemId: 1 },
		{ items: [{ id: 'x' }, { id: 2 }], continueOnFail: true },
	);
	expect(r.outputItems).toHaveLength(2);
	expect(r.outputItems[0].json.error).toMatch(/^Payment ID: /);
	expect(env.sandbox.apiCalls('sale.paysystem.pay.payment').map((c) => c.body.PAYMENT_ID)).toEqual([2]);
});
