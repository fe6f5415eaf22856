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

	test('Create refunds part of a paid order; what is left shrinks; the same refund number is refused', async () => {
		const order = await paidOrder();
		const params = {
			resource: 'refund',
			operation: 'create',
			orderId: order.id,
			merchantOrderId: 'R-1',
			description: 'One hour not delivered',
			basketInput: 'fields',
			basketItems: { item: [oneHour] },
		};
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
			documentNumber: 'WB-77',
			documentDate: '2099-12-12',
			basketItems: [expect.objectContaining({ sku: 'CONS-1H', quantity: 2, totalAmount: 1200, totalVatAmount: 200 })],
		});
		const shipment = created.items[0];
		expect(shipment).toMatchObject({ orderId: order.id, merchantId: env.sandbox.merchantId, documentNumber: 'WB-77' });
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
});
