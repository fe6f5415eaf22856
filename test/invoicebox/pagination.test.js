'use strict';
/**
 * Paging of the /filter/api collections. The docs say page/pageSize, the official MCP client
 * sends _page/_pageSize; the node sends both (by default) and trusts the metaData the server
 * returns. Whatever the server honours, Return All gives every row once and never loops.
 */
const { invoiceboxSetup } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());

async function withOrders(n, settings) {
	env.sandbox.reset();
	for (let i = 0; i < n; i++) await env.createOrder({ merchantOrderId: `P-${String(i).padStart(3, '0')}` });
	env.sandbox.configure(settings);
	env.sandbox.clear();
}

const returnAll = (options = {}) => env.run({ resource: 'order', operation: 'getAll', returnAll: true, options });
const pages = () => env.sandbox.apiCalls('order.list');
const unique = (items) => new Set(items.map((i) => i.id)).size;

test('a server that honours only _page/_pageSize: every row, three pages', async () => {
	await withOrders(120, { paging: 'mcp' });
	const result = await returnAll();
	expect(result.items).toHaveLength(120);
	expect(unique(result.items)).toBe(120);
	expect(pages()).toHaveLength(3);
});

test('a server that honours both: every row', async () => {
	await withOrders(61, { paging: 'both' });
	const result = await returnAll();
	expect(unique(result.items)).toBe(61);
	expect(result.items).toHaveLength(61);
	expect(pages()).toHaveLength(2);
});

test('metaData.totalCount ends the listing without asking for an empty page', async () => {
	await withOrders(100, { paging: 'docs' });
	const result = await returnAll();
	expect(result.items).toHaveLength(100);
	expect(pages()).toHaveLength(2);
});

test('only the documented spelling, against a server that honours the other: stops after the repeated page, no duplicates', async () => {
	await withOrders(120, { paging: 'mcp' });
	const result = await returnAll({ pagingSpelling: 'docs' });
	expect(pages()).toHaveLength(2);
	expect(pages()[1].query).toEqual({ page: '2', pageSize: '50' });
	expect(result.items).toHaveLength(30);
	expect(unique(result.items)).toBe(30);
});

test('a server that ignores paging (with metaData): the page it says it sent ends the listing', async () => {
	await withOrders(70, { paging: 'ignore' });
	const result = await returnAll();
	expect(result.items).toHaveLength(30);
	expect(unique(result.items)).toBe(30);
	expect(pages()).toHaveLength(2);
});

test('a server that ignores paging and sends no metaData: the repeated page ends it, no duplicates', async () => {
	await withOrders(70, { paging: 'ignore', metaData: false });
	const result = await returnAll();
	expect(result.items).toHaveLength(30);
	expect(unique(result.items)).toBe(30);
	expect(pages()).toHaveLength(2);
});

test('without metaData, a short page is the last one', async () => {
	await withOrders(55, { paging: 'docs', metaData: false });
	const result = await returnAll();
	expect(result.items).toHaveLength(55);
	expect(pages()).toHaveLength(2);
});

test('Limit over several pages stops as soon as it has enough', async () => {
	await withOrders(120, { paging: 'docs' });
	const result = await env.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 75 });
	expect(result.items).toHaveLength(75);
	expect(result.items[74].merchantOrderId).toBe('P-074');
	expect(pages().map((c) => c.query.pageSize)).toEqual(['50', '50']);
});
