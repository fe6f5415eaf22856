'use strict';
/**
 * The editor (issue 15): lists behind the Order and Shop fields, what a new node opens on, the
 * fields a user fills, and the words the panel shows.
 */
const { NodeHelpers } = require('n8n-workflow');
const { invoiceboxSetup, createParameters, row, dist } = require('./fixtures');
const { editorMethod } = require('../helpers/n8n');

const OTHER_SHOP = 'eeeeeeee-eeee-eeee-eeee-eeeeeeeeeeee';
let env;
beforeAll(async () => {
	env = await invoiceboxSetup({
		accounts: [{ token: '5f2b7c0e9a1d4c3b8e6f0a2d4c6e8b10', userId: '0187a9b1-0000-4000-8000-000000000001', merchantIds: ['ffffffff-ffff-ffff-ffff-ffffffffffff', OTHER_SHOP] }],
	});
});
afterAll(async () => env.sandbox.close());
beforeEach(() => env.sandbox.reset());

/** Orders made one minute apart, in this order (the sandbox dates to the second). */
async function ordersInTurn(numbers, extra = {}) {
	const start = Date.now() - numbers.length * 60_000;
	for (const [i, merchantOrderId] of numbers.entries()) {
		const order = await env.createOrder({ merchantOrderId, ...(extra[merchantOrderId] ?? {}) });
		env.sandbox.order(order.id).createdAt = new Date(start + i * 60_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
	}
}

const search = (method, { filter, paginationToken, parameters, credentials } = {}) =>
	editorMethod({ type: 'invoicebox', version: 2, method, args: [filter, paginationToken], parameters, credentials: env.credentials(credentials).invoiceboxApi });
const { Invoicebox } = dist('nodes/Invoicebox/Invoicebox.node.js');
const description = new Invoicebox().description;

describe('Order: From List searches your order numbers, newest first', () => {
	test('the list, a search by the start of the number, and a picked order that runs', async () => {
		await ordersInTurn(['SHOP-1001', 'SHOP-1002', 'WEB-7']);
		const all = await search('searchOrders');
		expect(all.results.map((r) => r.name)).toEqual(['WEB-7 · 1200 RUB · created', 'SHOP-1002 · 1200 RUB · created', 'SHOP-1001 · 1200 RUB · created']);
		const found = await search('searchOrders', { filter: 'SHOP' });
		expect(found.results.map((r) => r.name.split(' ')[0])).toEqual(['SHOP-1002', 'SHOP-1001']);
		expect(env.sandbox.apiCalls('order.list').at(-1).query).toMatchObject({ merchantOrderId: { _start: 'SHOP' }, _order: { createdAt: 'desc' } });

		const picked = await env.run({ resource: 'order', operation: 'get', orderId: { __rl: true, mode: 'list', value: found.results[0].value } });
		expect(picked.items[0]).toMatchObject({ merchantOrderId: 'SHOP-1002' });
	});

	test('rows a server did not filter are not offered; more rows come page by page', async () => {
		await ordersInTurn([...Array.from({ length: 55 }, (_, i) => `A-${i}`), 'B-1']);
		env.sandbox.configure({ ignoredFilters: ['merchantOrderId'] });
		const onlyB = await search('searchOrders', { filter: 'B-' });
		expect(onlyB.results.map((r) => r.name.split(' ')[0])).toEqual(['B-1']);
		env.sandbox.configure({ ignoredFilters: [] });
		const first = await search('searchOrders');
		expect(first.results).toHaveLength(50);
		const second = await search('searchOrders', { paginationToken: first.paginationToken });
		expect(second.results).toHaveLength(6);
		expect(second.paginationToken).toBeUndefined();
	});

	test('a list that cannot load fails with the reason, not an empty list', async () => {
		await expect(search('searchOrders', { credentials: { token: 'ffffffffffffffffffffffffffffffff' } })).rejects.toThrow(/did not accept the API token/);
	});
});

test('Shop: From List offers the shops of the recent orders', async () => {
	await ordersInTurn(['S-1', 'S-2'], { 'S-2': { merchantId: OTHER_SHOP } });
	const shops = await search('searchMerchants');
	expect(shops.results.map((r) => r.value)).toEqual([OTHER_SHOP, env.sandbox.merchantId]);
	expect(shops.results[0].name).toBe(`${OTHER_SHOP} (last order S-2)`);
	expect((await search('searchMerchants', { filter: 'EEEE' })).results).toHaveLength(1);
	const created = await env.run(createParameters(env.sandbox, { merchantId: { __rl: true, mode: 'list', value: shops.results[0].value } }));
	expect(created.items[0].merchantId).toBe(OTHER_SHOP);
});

test('Order and Shop saved as plain text (before they were lists), or by expression, still run', async () => {
	const order = await env.createOrder();
	expect((await env.run({ resource: 'order', operation: 'get', orderId: order.id })).items[0].id).toBe(order.id);
	const byExpression = await env.run({ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' }, { items: [{ id: order.id }] });
	expect(byExpression.items[0].id).toBe(order.id);
	const created = await env.run(createParameters(env.sandbox, { merchantId: env.sandbox.merchantId }));
	expect(created.error).toBeUndefined();
	// Shipment ID was a number field: a saved number still runs.
	env.sandbox.payOrder(order.id);
	const shipment = await env.api('POST', '/billing/api/order/shipment', { orderId: order.id, basketItems: order.basketItems });
	const byNumber = await env.run({ resource: 'shipment', operation: 'get', getBy: 'shipmentId', shipmentId: shipment.id });
	expect(byNumber.items.map((s) => s.id)).toEqual([shipment.id]);
});

describe('what a node opens on', () => {
	const resolved = (typeVersion, parameters = {}) => {
		const node = { typeVersion, parameters };
		return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
	};

	test('version 2 (a new node) opens on a read: Order → Get Many; Refund → Get Many, Shipment → Get', () => {
		expect(description.defaultVersion).toBe(2);
		expect(resolved(2)).toMatchObject({ resource: 'order', operation: 'getAll' });
		expect(resolved(2, { resource: 'refund' }).operation).toBe('getAll');
		expect(resolved(2, { resource: 'shipment' }).operation).toBe('get');
	});

	test('a version-1 node saved on Order → Create (n8n leaves the default out) still creates', async () => {
		expect(resolved(1)).toMatchObject({ resource: 'order', operation: 'create' });
		const { resource, operation, ...rest } = createParameters(env.sandbox);
		expect([resource, operation]).toEqual(['order', 'create']);
		const result = await env.run(rest);
		expect(result.items[0]).toMatchObject({ status: 'created' });
		expect(env.sandbox.apiCalls('order.create')).toHaveLength(1);
	});

	test('required IDs start empty, so n8n marks them', () => {
		const order = resolved(2, { operation: 'get' });
		expect(order.orderId).toEqual({ __rl: true, mode: 'list', value: '' });
		const shipment = resolved(2, { resource: 'shipment', operation: 'get', getBy: 'shipmentId' });
		expect(shipment.shipmentId).toBe('');
		const field = description.properties.find((p) => p.name === 'shipmentId');
		expect([field.type, field.required]).toEqual(['string', true]);
	});
});

describe('fields and words', () => {
	/** The top-level fields a form shows, in order (as n8n resolves them). */
	function form(parameters) {
		const node = { typeVersion: 2, parameters };
		const full = NodeHelpers.getNodeParameters(description.properties, parameters, true, true, node, description);
		return description.properties.filter((p) => NodeHelpers.displayParameter(full, p, node, description));
	}

	test('no two fields in a row share a label, in any form', () => {
		const { api } = dist('nodes/Invoicebox/operations.js');
		const variants = [{}, { basketInput: 'json', customerInput: 'json' }, { replaceBasket: true, replaceCustomer: true }, { getBy: 'shipmentId' }];
		for (const [resource, spec] of api.table.entries()) {
			for (const variant of variants) {
				const labels = form({ resource, operation: spec.value, ...variant }).map((p) => p.displayName);
				const repeated = labels.filter((label, i) => i > 0 && label === labels[i - 1]);
				expect({ form: `${resource}.${spec.value}`, repeated }).toEqual({ form: `${resource}.${spec.value}`, repeated: [] });
			}
		}
	});

	test("a basket row reads Name, SKU, Quantity, Price, VAT; SKU is marked required; options last", () => {
		const basket = form({ resource: 'order', operation: 'create' }).find((p) => p.name === 'basketItems');
		const values = basket.options[0].values;
		expect(values.slice(0, 5).map((v) => v.displayName)).toEqual(['Name', 'SKU', 'Quantity', 'Price (With VAT)', 'VAT Code']);
		expect(values.find((v) => v.name === 'sku').required).toBe(true);
		expect(values.at(-1).name).toBe('rowOptions');
	});

	test('actions are spelled out; the subtitle is in words; the codex finds payment words; docs point at the README', () => {
		const { api } = dist('nodes/Invoicebox/operations.js');
		const actions = api.table.entries().map(([, spec]) => spec.action);
		expect(actions).toContain('Confirm the payment of an order with the code the payer received');
		expect(actions).toContain('Set the status of a non-processable order');
		for (const action of actions) expect(action).not.toMatch(/ s /);
		const subtitle = (resource, operation) =>
			new Function('$parameter', `return ${description.subtitle.slice(3, -2)}`)({ resource, operation });
		expect(subtitle('paymentConfirmation', 'sendCode')).toBe('send code: payment confirmation');
		expect(subtitle('refund', 'getRefundableItems')).toBe('get refundable items: refund');
		const codex = require('../../dist/nodes/Invoicebox/Invoicebox.node.json');
		expect(codex.alias).toEqual(expect.arrayContaining(['payment', 'billing', 'invoice', 'refund', 'checkout']));
		expect(codex.resources.primaryDocumentation[0].url).toBe('https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#invoicebox');
		const { InvoiceboxApi } = dist('credentials/InvoiceboxApi.credentials.js');
		expect(new InvoiceboxApi().documentationUrl).toBe('https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#credential-invoicebox-api');
	});

	test('Cancel says a guarantee payment goes back before it is run', () => {
		const notice = form({ resource: 'order', operation: 'cancel' }).find((p) => p.type === 'notice');
		expect(notice.displayName).toMatch(/payment returned to the payer/);
	});

	test('a node with lists keeps the routing execute n8n gives AI tools (requestDefaults)', () => {
		expect(description.requestDefaults).toEqual({});
		expect(Object.keys(new Invoicebox().methods.listSearch).sort()).toEqual(['searchMerchants', 'searchOrders']);
	});
});
