'use strict';
/**
 * Paging of the /filter/api collections. Invoicebox's own client (its MCP server) asks for pages
 * with _page/_pageSize and sorts with _order[field]; the docs name page/pageSize. The node sends
 * what the vendor's client sends (Options → Paging Parameters for the docs' spelling) and trusts
 * the metaData the server returns. Whatever the server honours, Return All gives every row once
 * and never loops.
 */
const { invoiceboxSetup } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());

async function withOrders(n, settings = {}) {
	env.sandbox.reset();
	for (let i = 0; i < n; i++) await env.createOrder({ merchantOrderId: `P-${String(i).padStart(3, '0')}` });
	env.sandbox.configure(settings);
	env.sandbox.clear();
}

const returnAll = (options = {}) => env.run({ resource: 'order', operation: 'getAll', returnAll: true, options });
const pages = () => env.sandbox.apiCalls('order.list');
const unique = (items) => new Set(items.map((i) => i.id)).size;

test("by default only the vendor client's _page/_pageSize, sorted oldest first: every row, pages of 100", async () => {
	await withOrders(220);
	const result = await returnAll();
	expect(result.items).toHaveLength(220);
	expect(unique(result.items)).toBe(220);
	expect(pages().map((c) => c.query)).toEqual(
		[1, 2, 3].map((page) => ({ _page: String(page), _pageSize: '100', _order: { createdAt: 'asc' } })),
	);
	expect(result.items[219].merchantOrderId).toBe('P-219');
});

test('a sort rule of its own replaces the default order', async () => {
	await withOrders(3);
	const result = await returnAll({ sort: { rule: [{ field: 'merchantOrderId', direction: 'desc' }] } });
	expect(result.items.map((o) => o.merchantOrderId)).toEqual(['P-002', 'P-001', 'P-000']);
	expect(pages()[0].query._order).toEqual({ merchantOrderId: 'desc' });
});

test('a server that honours both spellings: every row', async () => {
	await withOrders(161, { paging: 'both' });
	const result = await returnAll();
	expect(unique(result.items)).toBe(161);
	expect(result.items).toHaveLength(161);
	expect(pages()).toHaveLength(2);
});

test('metaData.totalCount ends the listing without asking for an empty page', async () => {
	await withOrders(200);
	const result = await returnAll();
	expect(result.items).toHaveLength(200);
	expect(pages()).toHaveLength(2);
});

test("the documented spelling, against a server that honours only the client's: stops after the repeated page, no duplicates", async () => {
	await withOrders(120);
	const result = await returnAll({ pagingSpelling: 'docs' });
	expect(pages()).toHaveLength(2);
	expect(pages()[1].query).toEqual({ page: '2', pageSize: '100', _order: { createdAt: 'asc' } });
	expect(result.items).toHaveLength(30);
	expect(unique(result.items)).toBe(30);
});

test('a server that honours only the documented spelling is read whole through Paging Parameters', async () => {
	await withOrders(120, { paging: 'docs' });
	const result = await returnAll({ pagingSpelling: 'docs' });
	expect(result.items).toHaveLength(120);
	expect(pages().map((c) => c.query.page)).toEqual(['1', '2']);
	env.sandbox.clear();
	const both = await returnAll({ pagingSpelling: 'both' });
	expect(both.items).toHaveLength(120);
	expect(pages()[0].query).toMatchObject({ page: '1', pageSize: '100', _page: '1', _pageSize: '100' });
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
	await withOrders(155, { metaData: false });
	const result = await returnAll();
	expect(result.items).toHaveLength(155);
	expect(pages()).toHaveLength(2);
});

test('a server that caps pages at 50: its metaData keeps the listing going, every row once', async () => {
	await withOrders(120, { maxPageSize: 50 });
	const result = await returnAll();
	expect(result.items).toHaveLength(120);
	expect(unique(result.items)).toBe(120);
	expect(pages()).toHaveLength(3);
});

test('a server that caps pages at 50 and sends no metaData: a page of 50 is not the last', async () => {
	await withOrders(120, { maxPageSize: 50, metaData: false });
	const result = await returnAll();
	expect(result.items).toHaveLength(120);
	expect(unique(result.items)).toBe(120);
	expect(pages()).toHaveLength(3);
});

test('Limit over several pages stops as soon as it has enough', async () => {
	await withOrders(120);
	const result = await env.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 75 });
	expect(result.items).toHaveLength(75);
	expect(result.items[74].merchantOrderId).toBe('P-074');
	expect(pages().map((c) => c.query._pageSize)).toEqual(['75']);
	env.sandbox.clear();
	const more = await env.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 110 });
	expect(more.items).toHaveLength(110);
	expect(pages().map((c) => c.query._pageSize)).toEqual(['100', '100']);
});
