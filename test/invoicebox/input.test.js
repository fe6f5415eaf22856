'use strict';
/**
 * Bad input is refused before anything is sent: a NodeOperationError that names the field, and
 * zero requests at the sandbox. Bad credentials likewise, without ever repeating the token.
 */
const { invoiceboxSetup, createParameters, row, seedCustomer } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());
beforeEach(() => env.sandbox.reset());

const ORDER_ID = '0187c6db-1637-c1ca-bef7-f6706799c41e';

/**
 * The node throws a NodeOperationError: as the item's error with "continue on fail", and as the
 * node's error when it stops the workflow. Both are checked.
 */
async function refused(parameters, field, opts = {}) {
	const item = await env.run(parameters, { ...opts, continueOnFail: true });
	const error = item.outputItems[0].error;
	expect(error.name).toBe('NodeOperationError');
	expect(error.message).toContain(field);
	const stopped = await env.run(parameters, opts);
	expect(stopped.error.message).toBe(error.message);
	expect(stopped.error.description).toBe(error.description);
	expect(stopped.error.name).toBe('NodeOperationError');
	expect(env.sandbox.calls).toHaveLength(0);
	return error;
}

const create = (extra) => createParameters(env.sandbox, extra);

test.each([
	['invalid JSON basket', () => create({ basketInput: 'json', basketItemsJson: '[{"sku": "A",}]' }), 'Basket Items (JSON): is not valid JSON'],
	['JSON basket that is not a list', () => create({ basketInput: 'json', basketItemsJson: '{"sku": "A"}' }), 'Basket Items (JSON): must be a JSON array'],
	['JSON basket item without required keys', () => create({ basketInput: 'json', basketItemsJson: '[{"sku": "A", "name": "B"}]' }), 'Basket Items (JSON) → item 1: lacks measure, measureCode'],
	['invalid JSON customer', () => create({ customerInput: 'json', customerJson: '{type: legal}' }), 'Customer (JSON): is not valid JSON'],
	['customer of an unknown type', () => create({ customerInput: 'json', customerJson: '{"type": "company"}' }), 'Customer (JSON) → type: must be legal or private'],
	['empty basket', () => create({ basketItems: { item: [] } }), 'Basket Items: add at least one item'],
	['basket row whose name is empty', () => create({ basketItems: { item: [row({ sku: 'A', name: '={{ "" }}', amount: 1 })] } }), 'Basket Items → item 1 → Name: is required'],
	['basket row whose SKU is empty', () => create({ basketItems: { item: [row({ sku: '={{ " " }}', name: 'A', amount: 1 })] } }), 'Basket Items → item 1 → SKU: is required'],
	['zero quantity', () => create({ basketItems: { item: [row({ sku: 'A', name: 'A', amount: 1, quantity: 0 })] } }), 'Basket Items → item 1 → Quantity: must be more than 0'],
	['price that is not a number', () => create({ basketItems: { item: [row({ sku: 'A', name: 'A', amount: 'ten' })] } }), 'Basket Items → item 1 → Price (With VAT): must be a number'],
	['invalid row metadata', () => create({ basketItems: { item: [row({ sku: 'A', name: 'A', amount: 1, rowOptions: { metaData: '{oops' } })] } }), 'Basket Items → item 1 → Metadata: is not valid JSON'],
	['category without its type', () => create({ basketItems: { item: [row({ sku: 'A', name: 'A', amount: 1, rowOptions: { category: 'milk' } })] } }), 'Category Type: is required'],
	['Shop that is not a UUID', () => create({ merchantId: 'shop-1' }), 'Shop: must be a UUID'],
	['empty Merchant Order ID', () => create({ merchantOrderId: '  ' }), 'Merchant Order ID: is required'],
	['expiration date from an empty expression', () => create({ expirationDate: '={{ $json.missing }}' }), 'Expiration Date: must be a date and time'],
	['expiration date that is not a date', () => create({ expirationDate: 'next Tuesday' }), 'Expiration Date: must be a date and time'],
	['currency that is not a code', () => create({ currencyId: 'Rubles' }), 'Currency: must be a three-letter ISO 4217 code'],
	['success URL that is not a URL', () => create({ additionalFields: { successUrl: 'shop/paid' } }), 'Success URL: must be an absolute http(s) URL'],
	['invalid order metadata', () => create({ additionalFields: { metaData: '[1,' } }), 'Metadata (JSON): is not valid JSON'],
	['bad email', () => create({ customerDetails: { email: 'not-an-email' } }), 'Customer Details → Email: is not an email address'],
	['bad phone', () => create({ customerDetails: { phone: 'call me' } }), 'Customer Details → Phone: must be digits'],
	['Order that is not a UUID (Get)', () => ({ resource: 'order', operation: 'get', orderId: '12345' }), 'Order: must be a UUID'],
	['Order that is not a UUID (Cancel)', () => ({ resource: 'order', operation: 'cancel', orderId: 'N8N-2024-0042' }), 'Order: must be a UUID'],
	['Update with nothing to update', () => ({ resource: 'order', operation: 'update', orderId: ORDER_ID, updateFields: {} }), 'Update Fields: nothing to update'],
	['Pay without the code', () => ({ resource: 'paymentConfirmation', operation: 'pay', orderId: ORDER_ID, paymentMethodId: '39363265', publicCode: 'pc-1', code: '={{ $json.missing }}', ...seedCustomer }), 'Code: is required'],
	['Validate without a payment method', () => ({ resource: 'paymentConfirmation', operation: 'validate', orderId: ORDER_ID, paymentMethodId: '={{ "" }}', ...seedCustomer }), 'Payment Method ID: is required'],
	['Shipment ID that is not a number', () => ({ resource: 'shipment', operation: 'get', getBy: 'shipmentId', shipmentId: 'abc' }), 'Shipment ID: must be a positive whole number'],
	['refund filter with a bad order ID', () => ({ resource: 'refund', operation: 'getAll', returnAll: true, filters: { parentId: 'x' } }), 'Filters → Order ID: must be a UUID'],
	['custom filter with a bad field name', () => ({ resource: 'order', operation: 'getAll', returnAll: true, options: { customFilters: { filter: [{ field: 'a b', value: '1' }] } } }), 'Custom Filters → filter 1 → Field'],
])('%s', async (_, parameters, field) => {
	await refused(parameters(), field);
});

test('a bad item fails alone with "continue on fail"; the good ones are sent', async () => {
	const order = await env.createOrder();
	env.sandbox.clear();
	const result = await env.run(
		{ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' },
		{ items: [{ id: order.id }, { id: 'not-a-uuid' }], continueOnFail: true },
	);
	expect(result.items[0].id).toBe(order.id);
	expect(result.items[1].error).toMatch(/Order: must be a UUID/);
	expect(env.sandbox.calls).toHaveLength(1);
});

describe('credential problems are refused before sending, without repeating the token', () => {
	const TOKEN = '5f2b7c0e9a1d4c3b8e6f0a2d4c6e8b10';
	test.each([
		['plain http to a remote host', { baseUrl: 'http://api.invoicebox.ru' }, 'Base URL must start with https://'],
		['a base URL with the prefix in it', { baseUrl: 'https://api.invoicebox.ru/v3' }, 'must not end with the API prefix'],
		['not a URL', { baseUrl: 'api.invoicebox.ru' }, 'Base URL is not a valid URL'],
		['"Bearer" typed before the token', { token: `Bearer ${TOKEN}` }, 'without the word "Bearer"'],
		['a token with a line break', { token: `${TOKEN}\nx` }, 'spaces or line breaks'],
		['an empty token', { token: '' }, 'API Token is empty'],
		['an unknown prefix', { apiPrefix: 'v4' }, 'API Prefix must be v3 or l3'],
	])('%s', async (_, extra, message) => {
		const error = await refused({ resource: 'order', operation: 'get', orderId: ORDER_ID }, message, { credentials: env.credentials(extra) });
		expect(error.description).toMatch(/Open the Invoicebox API credential/);
		expect(JSON.stringify(error)).not.toContain(TOKEN);
	});
});

test('the token is in no output item and no error of a run', async () => {
	const order = await env.createOrder();
	const ok = await env.run({ resource: 'order', operation: 'get', orderId: order.id });
	const bad = await env.run({ resource: 'order', operation: 'get', orderId: order.id }, { credentials: env.credentials({ token: 'ffffffffffffffffffffffffffffffff' }) });
	for (const result of [ok, bad]) {
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(env.sandbox.token);
	}
	expect(JSON.stringify(bad.run.data.resultData)).not.toContain('ffffffffffffffffffffffffffffffff');
});

test('a required field left empty (Order, a basket row\'s Name or SKU) is flagged by n8n before anything runs', async () => {
	const cases = [
		{ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'list', value: '' } },
		create({ basketItems: { item: [row({ sku: '', name: 'A', amount: 1 })] } }),
		create({ basketItems: { item: [row({ sku: 'A', name: '', amount: 1 })] } }),
	];
	for (const parameters of cases) {
		await expect(env.run(parameters)).rejects.toThrow(/is required/);
	}
	// "By ID" with something that is not an Invoicebox ID is flagged the same way.
	for (const parameters of [
		{ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'id', value: 'N8N-2024-0042' } },
		create({ merchantId: { __rl: true, mode: 'id', value: 'shop-1' } }),
	]) {
		await expect(env.run(parameters)).rejects.toThrow(/An Invoicebox ID is a UUID/);
	}
	expect(env.sandbox.calls).toHaveLength(0);
});
