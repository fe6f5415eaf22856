'use strict';
/** Refund (Get Refundable Items, Create, Get Many) and Shipment (Create, Get). */
const { invoiceboxSetup, row } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());
beforeEach(() => env.sandbox.reset());

async function paidOrder(overrides) {
	const order = await env.createOrder(overrides);
	env.sandbox.payOrder(order.id);
	return order;
}

/** Refund → Create of one hour of `order` under the refund number `number`. */
const refundOfOneHour = (order, number) => ({
	resource: 'refund',
	operation: 'create',
	orderId: order.id,
	merchantOrderId: number,
	description: 'One hour not delivered',
	basketInput: 'fields',
	basketItems: { item: [oneHour] },
});

const oneHour = row({ sku: 'CONS-1H', name: 'Consulting hour', quantity: 1, amount: 600, vatCode: 'RUS_VAT20', paymentType: 'full_prepayment' });

describe('Refund', () => {
	test('Get Refundable Items lists what is left, one item per basket line', async () => {
		const order = await paidOrder();
		const result = await env.run({ resource: 'refund', operation: 'getRefundableItems', orderId: order.id });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([expect.objectContaining({ sku: 'CONS-1H', quantity: 2, totalAmount: 1200, totalVatAmount: 200 })]);
		expect(env.sandbox.apiCalls('refund.items')[0].path).toBe(`/v3/billing/api/order/order/${order.id}/refund-basket-item`);
	});

	test('two equal basket lines stay two items', async () => {
		const line = { sku: 'T', name: 'Ticket', measure: 'шт', measureCode: '796', quantity: 1, amount: 100, amountWoVat: 100, totalAmount: 100, totalVatAmount: 0, vatCode: 'VATNONE', type: 'service', paymentType: 'full_payment' };
		const order = await paidOrder({ amount: 200, vatAmount: 0, basketItems: [line, { ...line }] });
		const result = await env.run({ resource: 'refund', operation: 'getRefundableItems', orderId: order.id });
		expect(result.items).toEqual([line, line]);
	});

	test('Create refunds part of a paid order; what is left shrinks; the same refund number is refused where uniqueness is enforced', async () => {
		env.sandbox.configure({ uniqueMerchantOrderId: true });
		const order = await paidOrder();
		const params = refundOfOneHour(order, 'R-1');
		const result = await env.run(params);
		expect(result.error).toBeUndefined();
		expect(env.sandbox.apiCalls('refund.create')[0].body).toEqual({
			parentId: order.id,
			merchantOrderId: 'R-1',
			description: 'One hour not delivered',
			amount: 600,
			vatAmount: 100,
			basketItems: [
				{ sku: 'CONS-1H', name: 'Consulting hour', measure: 'шт', measureCode: '796', quantity: 1, amount: 600, amountWoVat: 500, totalAmount: 600, totalVatAmount: 100, vatCode: 'RUS_VAT20', type: 'service', paymentType: 'full_prepayment' },
			],
		});
		expect(result.items[0]).toMatchObject({ parentId: order.id, merchantOrderId: 'R-1', status: 'created', amount: 600, currencyId: 'RUB' });

		const left = await env.run({ resource: 'refund', operation: 'getRefundableItems', orderId: order.id });
		expect(left.items).toEqual([expect.objectContaining({ quantity: 1, totalAmount: 600 })]);

		const twice = await env.run(params);
		expect(twice.error.context.apiCode).toBe('merchant_order_id_duplicate');
		expect(twice.error.description).toMatch(/Merchant Order ID/);
		expect(env.sandbox.snapshot().counts.refund).toEqual({ [order.id]: 1 });
	});

	test('by default Invoicebox refunds the same number twice; "Treat Already Done as Success" looks it up first', async () => {
		const order = await paidOrder();
		const params = refundOfOneHour(order, 'R-2');
		const first = await env.run(params);
		const again = await env.run({ ...params, treatAlreadyDoneAsSuccess: true });
		expect(again.error).toBeUndefined();
		expect(again.items[0]).toMatchObject({ id: first.items[0].id, alreadyDone: true });
		expect(env.sandbox.apiCalls('refund.list')[0].query).toMatchObject({ merchantOrderId: 'R-2', parentId: order.id });
		expect(env.sandbox.snapshot().counts.refund).toEqual({ [order.id]: 1 });
		// Without the option the repeat is a second refund: the vendor's client does not rely on the server either.
		await env.run(params);
		expect(env.sandbox.snapshot().counts.refund).toEqual({ [order.id]: 2 });
	});

	test('a draft refund (fee flow) and the refund of an unpaid order', async () => {
		const order = await paidOrder();
		const draft = await env.run({
			resource: 'refund',
			operation: 'create',
			orderId: order.id,
			merchantOrderId: 'R-D',
			description: 'Refund minus fee',
			basketItems: { item: [oneHour] },
			additionalFields: { status: 'draft' },
		});
		expect(draft.items[0].status).toBe('draft');

		const unpaid = await env.createOrder();
		const refused = await env.run({
			resource: 'refund',
			operation: 'create',
			orderId: unpaid.id,
			merchantOrderId: 'R-U',
			description: 'x',
			basketItems: { item: [oneHour] },
		});
		expect(refused.error.context.apiCode).toBe('wrong_order_status');
		expect(refused.error.description).toMatch(/cancel an unpaid order instead/);
	});

	test('Get Many filters refunds by order and status', async () => {
		const a = await paidOrder();
		const b = await paidOrder();
		for (const [order, number] of [
			[a, 'RA-1'],
			[b, 'RB-1'],
			[a, 'RA-2'],
		]) {
			await env.api('POST', '/billing/api/order/refund-order', {
				parentId: order.id,
				merchantOrderId: number,
				description: 'r',
				amount: 600,
				vatAmount: 100,
				basketItems: [{ ...order.basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }],
			});
		}
		const result = await env.run({ resource: 'refund', operation: 'getAll', returnAll: true, filters: { parentId: a.id, status: ['created'] } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((r) => r.merchantOrderId)).toEqual(['RA-1', 'RA-2']);
		expect(env.sandbox.apiCalls('refund.list')[0].query).toMatchObject({ parentId: a.id, status: 'created' });
		const limited = await env.run({ resource: 'refund', operation: 'getAll', returnAll: false, limit: 1 });
		expect(limited.items).toHaveLength(1);
	});

	test('Get Many sends the filters it shares with Order → Get Many (merchant order ID, merchant, created)', async () => {
		const a = await paidOrder();
		await env.api('POST', '/billing/api/order/refund-order', {
			parentId: a.id,
			merchantOrderId: 'RC-1',
			description: 'r',
			amount: 600,
			vatAmount: 100,
			basketItems: [{ ...a.basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }],
		});
		env.sandbox.clear();
		const filters = { merchantOrderId: ' RC-1 ', merchantId: env.sandbox.merchantId, createdAfter: '2020-01-01T00:00:00+03:00', createdBefore: '2099-01-01T00:00:00+03:00' };
		const result = await env.run({ resource: 'refund', operation: 'getAll', returnAll: true, filters, options: { pagingSpelling: 'docs' } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((r) => r.merchantOrderId)).toEqual(['RC-1']);
		expect(env.sandbox.apiCalls('refund.list')[0].query).toEqual({
			merchantOrderId: 'RC-1',
			merchantId: env.sandbox.merchantId,
			createdAt: { _ge: '2020-01-01T00:00:00+03:00', _le: '2099-01-01T00:00:00+03:00' },
			page: '1',
			pageSize: '100',
			_order: { createdAt: 'asc' },
		});
		env.sandbox.clear();
		for (const resource of ['refund', 'order']) {
			const bad = await env.run({ resource, operation: 'getAll', returnAll: true, filters: { merchantId: 'shop-1' } });
			expect(bad.error.message).toMatch(/^Filters → Merchant ID: must be a UUID/);
		}
		expect(env.sandbox.apiCalls('refund.list')).toHaveLength(0);
		expect(env.sandbox.apiCalls('order.list')).toHaveLength(0);
	});
});

describe('Shipment', () => {
	test('Create registers a delivery of a paid order; Get finds it by ID and by order', async () => {
		const order = await paidOrder();
		const created = await env.run({
			resource: 'shipment',
			operation: 'create',
			orderId: order.id,
			basketItems: { item: [row({ ...oneHour, quantity: 2 })] },
			additionalFields: { documentNumber: 'WB-77', documentDate: '2099-12-12T00:00:00' },
		});
		expect(created.error).toBeUndefined();
		expect(env.sandbox.apiCalls('shipment.create')[0].body).toMatchObject({
			orderId: order.id,
			final: false,
			documentNumber: 'WB-77',
			documentDate: '2099-12-12',
			basketItems: [expect.objectContaining({ sku: 'CONS-1H', quantity: 2, totalAmount: 1200, totalVatAmount: 200 })],
		});
		const shipment = created.items[0];
		expect(shipment).toMatchObject({ orderId: order.id, merchantId: env.sandbox.merchantId, documentNumber: 'WB-77', final: false });
		expect(Number.isInteger(shipment.id)).toBe(true);

		const byId = await env.run({ resource: 'shipment', operation: 'get', getBy: 'shipmentId', shipmentId: shipment.id });
		expect(byId.items).toEqual([shipment]);
		const byOrder = await env.run({ resource: 'shipment', operation: 'get', getBy: 'orderId', orderId: order.id, returnAll: true });
		expect(byOrder.items).toEqual([shipment]);
		expect(env.sandbox.apiCalls('shipment.list').map((c) => c.path)).toEqual(['/v3/filter/api/order/shipment', '/v3/filter/api/order/shipment']);
	});

	test('a shipment of an unpaid order is refused; a shipped paid order can no longer be cancelled', async () => {
		const unpaid = await env.createOrder();
		const refused = await env.run({ resource: 'shipment', operation: 'create', orderId: unpaid.id, basketItems: { item: [oneHour] } });
		expect(refused.error.context.apiCode).toBe('wrong_order_status');
		expect(refused.error.description).toMatch(/paid orders/);

		const order = await paidOrder();
		await env.run({ resource: 'shipment', operation: 'create', orderId: order.id, basketItems: { item: [oneHour] } });
		const cancel = await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
		expect(cancel.error.context.apiCode).toBe('wrong_order_status');
	});

	test('Final Shipment closes the order: no more shipments, and a guarantee payment keeps only what was shipped', async () => {
		const order = await env.createOrder();
		const method = await env.payWithGuarantee(order);
		const shipped = await env.run({ resource: 'shipment', operation: 'create', orderId: order.id, final: true, basketItems: { item: [oneHour] } });
		expect(shipped.error).toBeUndefined();
		expect(env.sandbox.apiCalls('shipment.create')[0].body.final).toBe(true);
		expect(shipped.items[0]).toMatchObject({ orderId: order.id, final: true });
		// One hour of two shipped: the other 600.00 held for the order goes back.
		expect(method.balance).toBe(1_000_000 - 600);
		const more = await env.run({ resource: 'shipment', operation: 'create', orderId: order.id, basketItems: { item: [oneHour] } });
		expect(more.error.context.apiCode).toBe('wrong_order_status');
	});

	test('a Document Number longer than 36 characters is refused before anything is sent', async () => {
		const order = await paidOrder();
		env.sandbox.clear();
		const result = await env.run({
			resource: 'shipment',
			operation: 'create',
			orderId: order.id,
			basketItems: { item: [oneHour] },
			additionalFields: { documentNumber: 'W'.repeat(37) },
		});
		expect(result.error.message).toBe('Document Number: must be at most 36 characters, got 37');
		expect(env.sandbox.apiCalls()).toHaveLength(0);
	});

	test("Get by order keeps only the order's shipments and reads every page when the server ignores the filter", async () => {
		const other = await paidOrder();
		const mine = await paidOrder();
		for (let i = 0; i < 120; i++) await env.api('POST', '/billing/api/order/shipment', { orderId: other.id, basketItems: [{ ...other.basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }] });
		const own = await env.api('POST', '/billing/api/order/shipment', { orderId: mine.id, basketItems: mine.basketItems });
		env.sandbox.configure({ ignoredFilters: ['orderId', 'id'] });
		env.sandbox.clear();
		const result = await env.run({ resource: 'shipment', operation: 'get', getBy: 'orderId', orderId: mine.id, returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((s) => s.id)).toEqual([own.id]);
		expect(env.sandbox.apiCalls('shipment.list')).toHaveLength(2);
		const byId = await env.run({ resource: 'shipment', operation: 'get', getBy: 'shipmentId', shipmentId: own.id });
		expect(byId.items.map((s) => s.id)).toEqual([own.id]);
	});

	test('"Treat Already Done as Success" with a Document Number: a shipment found stands in; an answer that cannot rule one out sends nothing', async () => {
		const order = await paidOrder();
		const params = { resource: 'shipment', operation: 'create', orderId: order.id, basketItems: { item: [oneHour] }, additionalFields: { documentNumber: 'WB-1' }, treatAlreadyDoneAsSuccess: true };
		const first = await env.run(params);
		expect(first.items[0]).toMatchObject({ documentNumber: 'WB-1', alreadyDone: false });
		const again = await env.run(params);
		expect(again.items[0]).toMatchObject({ id: first.items[0].id, alreadyDone: true });
		expect(env.sandbox.snapshot().counts.shipment).toEqual({ [order.id]: 1 });

		// The filter ignored and a page full of other shipments (made earlier than ours would be):
		const other = await paidOrder();
		for (let i = 0; i < 110; i++) await env.api('POST', '/billing/api/order/shipment', { orderId: other.id, basketItems: [{ ...other.basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }] });
		env.sandbox.configure({ ignoredFilters: ['orderId', 'documentNumber'] });
		env.sandbox.clear();
		const unsure = await env.run({ ...params, additionalFields: { documentNumber: 'WB-2' } });
		expect(unsure.error.context.apiCode).toBe('CHECK_INCOMPLETE');
		expect(env.sandbox.apiCalls('shipment.create')).toHaveLength(0);
	});
});
