'use strict';
/** Order: every operation through n8n's engine against the sandbox. */
const { invoiceboxSetup, createParameters, row } = require('./fixtures');

let env;
beforeAll(async () => {
	env = await invoiceboxSetup();
});
afterAll(async () => env.sandbox.close());
beforeEach(() => env.sandbox.reset());

const onlyCall = (name) => {
	const calls = env.sandbox.apiCalls(name);
	expect(calls).toHaveLength(1);
	return calls[0];
};

describe('Create', () => {
	test('typed fields give the reference example body (2.1), amounts computed from price and VAT code', async () => {
		const result = await env.run(
			createParameters(env.sandbox, {
				merchantOrderId: 'N8N-2024-0042',
				expirationDate: '2099-06-01T00:00:00+03:00',
				basketItems: {
					item: [
						row({
							sku: 'CONS-1H',
							name: 'Consulting hour',
							measure: 'шт.',
							quantity: 2,
							amount: 600,
							vatCode: 'RUS_VAT20',
							type: 'service',
							paymentType: 'full_prepayment',
						}),
					],
				},
				customerName: 'Example LLC',
				customerDetails: { email: 'billing@example.org', vatNumber: '7700000000', taxRegistrationReasonCode: '770001001' },
				additionalFields: {
					languageId: 'en',
					successUrl: 'https://shop.example.org/paid',
					notificationUrl: 'https://n8n.example.org/webhook/invoicebox',
				},
			}),
		);
		expect(result.error).toBeUndefined();
		expect(onlyCall('order.create').body).toEqual({
			merchantId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
			merchantOrderId: 'N8N-2024-0042',
			description: 'Consulting, May 2024',
			amount: 1200.0,
			vatAmount: 200.0,
			currencyId: 'RUB',
			languageId: 'en',
			expirationDate: '2099-06-01T00:00:00+03:00',
			successUrl: 'https://shop.example.org/paid',
			notificationUrl: 'https://n8n.example.org/webhook/invoicebox',
			customer: { type: 'legal', name: 'Example LLC', email: 'billing@example.org', vatNumber: '7700000000', taxRegistrationReasonCode: '770001001' },
			basketItems: [
				{
					sku: 'CONS-1H',
					name: 'Consulting hour',
					measure: 'шт.',
					measureCode: '796',
					quantity: 2,
					amount: 600.0,
					amountWoVat: 500.0,
					totalAmount: 1200.0,
					totalVatAmount: 200.0,
					vatCode: 'RUS_VAT20',
					type: 'service',
					paymentType: 'full_prepayment',
				},
			],
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0]).toMatchObject({ merchantOrderId: 'N8N-2024-0042', status: 'created', amount: 1200 });
		expect(result.items[0].paymentUrl).toMatch(/^http/);
		expect(result.items[0].id).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('several rows and VAT rates: the amounts Invoicebox checks add up to the kopeck', async () => {
		const result = await env.run(
			createParameters(env.sandbox, {
				basketItems: {
					item: [
						row({ sku: 'A', name: 'Tea', quantity: 3, amount: 99.99, vatCode: 'RUS_VAT10', type: 'commodity' }),
						row({ sku: 'B', name: 'Phone', quantity: 1, amount: 123.96, vatCode: 'RUS_VAT20', type: 'commodity' }),
						row({ sku: 'C', name: 'Delivery', quantity: 1, amount: 350, vatCode: 'VATNONE' }),
						row({ sku: 'D', name: 'Box', quantity: 7, amount: 0.33, vatCode: 'RUS_VAT22' }),
					],
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const body = onlyCall('order.create').body;
		expect(body.basketItems.map((i) => [i.amountWoVat, i.totalAmount, i.totalVatAmount])).toEqual([
			[90.9, 299.97, 27.27],
			[103.3, 123.96, 20.66],
			[350, 350, 0],
			[0.27, 2.31, 0.42],
		]);
		expect(body.amount).toBe(776.24);
		expect(body.vatAmount).toBe(48.35);
		expect(result.items[0].status).toBe('created');
	});

	test('row options override the computed amounts and add optional line fields', async () => {
		const result = await env.run(
			createParameters(env.sandbox, {
				basketItems: {
					item: [
						row({
							sku: 'M',
							name: 'Milk',
							quantity: 2,
							amount: 100,
							vatCode: 'RUS_VAT10',
							rowOptions: {
								amountWoVat: 90.91,
								totalAmount: 200,
								totalVatAmount: 18.18,
								groupName: 'Dairy',
								originCountry: 'Russia',
								originCountryCode: '643',
								category: 'milk',
								categoryType: 'honestSign',
								serviceDate: '2099-01-02T00:00:00',
								metaData: '{"batch": "7"}',
							},
						}),
					],
				},
				additionalFields: { roundPolicy: 'strict', processable: false, invoiceSetting: { settings: { customerLocked: true, paymentMethodId: 5 } } },
			}),
		);
		expect(result.error).toBeUndefined();
		const body = onlyCall('order.create').body;
		expect(body.basketItems[0]).toMatchObject({
			amountWoVat: 90.91,
			totalAmount: 200,
			totalVatAmount: 18.18,
			groupName: 'Dairy',
			originCountryCode: '643',
			category: 'milk',
			categoryType: 'honestSign',
			serviceDate: '2099-01-02',
			metaData: { batch: '7' },
		});
		expect(body).toMatchObject({ orderSetting: { roundPolicy: 'strict' }, processable: false, invoiceSetting: { customerLocked: true, paymentMethodId: 5 } });
		expect(body.amount).toBe(200);
	});

	test('JSON basket and customer are the opt-in alternative, sent as given', async () => {
		const basket = [
			{ sku: 'X', name: 'Thing', measure: 'шт', measureCode: '796', quantity: 1, amount: 120, amountWoVat: 100, totalAmount: 120, totalVatAmount: 20, vatCode: 'RUS_VAT20', type: 'commodity', paymentType: 'full_payment' },
		];
		const result = await env.run(
			createParameters(env.sandbox, {
				basketInput: 'json',
				basketItemsJson: JSON.stringify(basket),
				customerInput: 'json',
				customerJson: '{"type": "private", "name": "Ivan Petrov", "phone": "79001112233"}',
			}),
		);
		expect(result.error).toBeUndefined();
		const body = onlyCall('order.create').body;
		expect(body.basketItems).toEqual(basket);
		expect(body.customer).toEqual({ type: 'private', name: 'Ivan Petrov', phone: '79001112233' });
		expect([body.amount, body.vatAmount]).toEqual([120, 20]);
	});

	test('a private customer gets its own fields; dates without a zone get the workflow zone', async () => {
		const result = await env.run(
			createParameters(env.sandbox, {
				customerType: 'private',
				customerName: 'Ivan Petrov',
				customerDetails: { email: 'ivan@example.org', phone: '+7 (900) 111-22-33' },
				expirationDate: '2099-03-01T12:30:00',
			}),
		);
		expect(result.error).toBeUndefined();
		const body = onlyCall('order.create').body;
		expect(body.customer).toEqual({ type: 'private', name: 'Ivan Petrov', email: 'ivan@example.org', phone: '79001112233' });
		expect(body.expirationDate).toMatch(/^2099-03-01T12:30:00[+-]\d{2}:\d{2}$/);
	});

	test('a Merchant Order ID used before: Invoicebox creates a second order unless it enforces uniqueness for the shop', async () => {
		const params = createParameters(env.sandbox, { merchantOrderId: 'DUP-1' });
		expect((await env.run(params)).error).toBeUndefined();
		// Not checked by default (the vendor's client says so): a second bill to the customer.
		expect((await env.run(params)).error).toBeUndefined();
		expect(env.sandbox.snapshot().counts.create).toEqual({ 'DUP-1': 2 });

		env.sandbox.reset({ uniqueMerchantOrderId: true });
		expect((await env.run(params)).error).toBeUndefined();
		const again = await env.run(params);
		expect(again.error.context.apiCode).toBe('merchant_order_id_duplicate');
		expect(env.sandbox.snapshot().counts.create).toEqual({ 'DUP-1': 1 });
	});

	describe('"Treat Already Done as Success" looks the number up first and stands in only with the order asked for', () => {
		test('the same order again: the existing one comes out, marked alreadyDone, and no second order is made', async () => {
			const params = createParameters(env.sandbox, { merchantOrderId: 'SAME-1', treatAlreadyDoneAsSuccess: true });
			const first = await env.run(params);
			expect(first.items[0]).toMatchObject({ merchantOrderId: 'SAME-1', alreadyDone: false });
			env.sandbox.clear();
			const again = await env.run(params);
			expect(again.error).toBeUndefined();
			expect(again.items[0]).toMatchObject({ id: first.items[0].id, merchantOrderId: 'SAME-1', alreadyDone: true });
			expect(env.sandbox.apiCalls('order.create')).toHaveLength(0);
			expect(onlyCall('order.list').query).toMatchObject({ merchantOrderId: 'SAME-1', merchantId: env.sandbox.merchantId });
			expect(env.sandbox.snapshot().counts.create).toEqual({ 'SAME-1': 1 });
		});

		test('another amount under the same Merchant Order ID: not created, naming the difference', async () => {
			await env.run(createParameters(env.sandbox, { merchantOrderId: 'DIFF-1' }));
			const other = createParameters(env.sandbox, {
				merchantOrderId: 'DIFF-1',
				treatAlreadyDoneAsSuccess: true,
				basketItems: { item: [row({ sku: 'CONS-1H', name: 'Consulting hour', quantity: 1, amount: 99999, vatCode: 'RUS_VAT20' })] },
			});
			const result = await env.run(other);
			expect(result.error.message).toMatch(/^Not created/);
			expect(result.error.description).toMatch(/the existing order .* differs \(its amount is 1200, this item asks for 99999\)/);
			expect(env.sandbox.snapshot().counts.create).toEqual({ 'DIFF-1': 1 });
		});

		test('a cancelled order under the same Merchant Order ID does not stand in for a new one', async () => {
			const params = createParameters(env.sandbox, { merchantOrderId: 'DEAD-1' });
			const first = await env.run(params);
			await env.run({ resource: 'order', operation: 'cancel', orderId: first.items[0].id });
			const result = await env.run({ ...params, treatAlreadyDoneAsSuccess: true });
			expect(result.error.description).toMatch(/its status is "canceled"/);
			expect(env.sandbox.snapshot().counts.create).toEqual({ 'DEAD-1': 1 });
		});

		test('where uniqueness is enforced, two items with one number in one run: one order, the other stands in after the refusal', async () => {
			env.sandbox.reset({ uniqueMerchantOrderId: true });
			const params = createParameters(env.sandbox, { merchantOrderId: '={{ $json.number }}', treatAlreadyDoneAsSuccess: true });
			const result = await env.run(params, { items: [{ number: 'TWIN-1' }, { number: 'TWIN-1' }] });
			expect(result.error).toBeUndefined();
			expect(result.items.map((o) => o.alreadyDone).sort()).toEqual([false, true]);
			expect(new Set(result.items.map((o) => o.id)).size).toBe(1);
			expect(env.sandbox.snapshot().counts.create).toEqual({ 'TWIN-1': 1 });
		});

		test('a server that ignores the filter: rows of other numbers never stand in; when they fill the page, nothing is sent', async () => {
			env.sandbox.configure({ ignoredFilters: ['merchantOrderId', 'merchantId'] });
			for (let i = 0; i < 3; i++) await env.createOrder({ merchantOrderId: `OTHER-${i}` });
			const params = createParameters(env.sandbox, { merchantOrderId: 'MINE-1', treatAlreadyDoneAsSuccess: true });
			const created = await env.run(params);
			expect(created.items[0]).toMatchObject({ merchantOrderId: 'MINE-1', alreadyDone: false });
			const again = await env.run(params);
			expect(again.items[0]).toMatchObject({ id: created.items[0].id, alreadyDone: true });

			for (let i = 3; i < 130; i++) await env.createOrder({ merchantOrderId: `OTHER-${i}` });
			env.sandbox.clear();
			const unsure = await env.run({ ...params, merchantOrderId: 'MINE-2' });
			expect(unsure.error.context.apiCode).toBe('CHECK_INCOMPLETE');
			expect(unsure.error.message).toMatch(/^Not sent/);
			expect(env.sandbox.apiCalls('order.create')).toHaveLength(0);
		});
	});
});

describe('Get and Get Many', () => {
	test('Get returns the order; an unknown ID is a not_found error', async () => {
		const order = await env.createOrder();
		await env.createOrder();
		const result = await env.run({ resource: 'order', operation: 'get', orderId: order.id });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0]).toMatchObject({ id: order.id, status: 'created' });
		expect(onlyCall('order.list').query).toMatchObject({ id: order.id });

		const missing = await env.run({ resource: 'order', operation: 'get', orderId: '0187c6db-1637-c1ca-bef7-f6706799c41e' });
		expect(missing.error.context.apiCode).toBe('not_found');
		expect(missing.error.description).toMatch(/Check the ID/);
	});

	test('Return All pages through every order once; Limit asks for no more than needed', async () => {
		for (let i = 0; i < 220; i++) await env.createOrder({ merchantOrderId: `P-${String(i).padStart(3, '0')}` });
		env.sandbox.clear();
		const all = await env.run({ resource: 'order', operation: 'getAll', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items).toHaveLength(220);
		expect(new Set(all.items.map((o) => o.id)).size).toBe(220);
		const pages = env.sandbox.apiCalls('order.list');
		expect(pages.map((c) => [c.query.page, c.query.pageSize, c.query._page, c.query._pageSize])).toEqual([
			[undefined, undefined, '1', '100'],
			[undefined, undefined, '2', '100'],
			[undefined, undefined, '3', '100'],
		]);

		env.sandbox.clear();
		const some = await env.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 7 });
		expect(some.items.map((o) => o.merchantOrderId)).toEqual(['P-000', 'P-001', 'P-002', 'P-003', 'P-004', 'P-005', 'P-006']);
		expect(onlyCall('order.list').query._pageSize).toBe('7');
	});

	test('filters and sort become the documented query syntax', async () => {
		const a = await env.createOrder({ merchantOrderId: 'F-1' });
		await env.createOrder({ merchantOrderId: 'F-2' });
		const c = await env.createOrder({ merchantOrderId: 'G-3' });
		env.sandbox.payOrder(c.id);
		env.sandbox.clear();
		const result = await env.run({
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			filters: { status: ['created', 'completed'], createdAfter: '2020-01-01T00:00:00+03:00' },
			options: {
				customFilters: { filter: [{ field: 'merchantOrderId', operator: '_start', value: 'F' }] },
				sort: { rule: [{ field: 'merchantOrderId', direction: 'desc' }] },
				pagingSpelling: 'docs',
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((o) => o.merchantOrderId)).toEqual(['F-2', 'F-1']);
		const { query } = onlyCall('order.list');
		expect(query).toEqual({
			status: ['created', 'completed'],
			createdAt: { _ge: '2020-01-01T00:00:00+03:00' },
			merchantOrderId: { _start: 'F' },
			_order: { merchantOrderId: 'desc' },
			page: '1',
			pageSize: '100',
		});
		expect(result.items[1].id).toBe(a.id);

		const paid = await env.run({ resource: 'order', operation: 'getAll', returnAll: true, filters: { status: ['completed'] } });
		expect(paid.items.map((o) => o.id)).toEqual([c.id]);
	});
});

describe('Update, Cancel, Set Status', () => {
	test('Update changes an unpaid order; a new basket brings its totals', async () => {
		const order = await env.createOrder();
		const result = await env.run({
			resource: 'order',
			operation: 'update',
			orderId: order.id,
			updateFields: { description: 'Consulting, June' },
			replaceBasket: true,
			basketInput: 'fields',
			basketItems: { item: [row({ sku: 'CONS-1H', name: 'Consulting hour', quantity: 3, amount: 600, vatCode: 'RUS_VAT20' })] },
		});
		expect(result.error).toBeUndefined();
		expect(onlyCall('order.update').body).toMatchObject({ description: 'Consulting, June', amount: 1800, vatAmount: 300 });
		expect(result.items[0]).toMatchObject({ id: order.id, amount: 1800, description: 'Consulting, June' });
	});

	test('Update of a paid order: wrong_order_status with a hint about the status', async () => {
		const order = await env.createOrder();
		env.sandbox.payOrder(order.id);
		const result = await env.run({ resource: 'order', operation: 'update', orderId: order.id, updateFields: { description: 'x' } });
		expect(result.error.context.apiCode).toBe('wrong_order_status');
		expect(result.error.description).toMatch(/Only unpaid orders/);
	});

	test('Cancel cancels an unpaid order once; cancelling again is refused with a hint to refund', async () => {
		const order = await env.createOrder();
		const result = await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
		expect(result.error).toBeUndefined();
		expect(result.items[0]).toMatchObject({ id: order.id, status: 'canceled' });
		expect(onlyCall('order.cancel').httpMethod).toBe('DELETE');
		const again = await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
		expect(again.error.context.apiCode).toBe('wrong_order_status');
		expect(again.error.description).toMatch(/refund/);
	});

	test('Cancel of an order paid through Payment Confirmation returns the payment, as the operation says', async () => {
		const { api } = require('./fixtures').dist('nodes/Invoicebox/operations.js');
		expect(api.table.get('order', 'cancel').description).toMatch(/paid through Payment Confirmation .* payment returned to the payer/);
		const order = await env.createOrder();
		const method = await env.payWithGuarantee(order);
		expect(method.balance).toBe(1_000_000 - 1200);
		const result = await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
		expect(result.items[0]).toMatchObject({ id: order.id, status: 'canceled' });
		expect(method.balance).toBe(1_000_000);

		// Paid another way (the payment page): refused, with the way to refund.
		const paid = await env.createOrder();
		env.sandbox.payOrder(paid.id);
		const refused = await env.run({ resource: 'order', operation: 'cancel', orderId: paid.id });
		expect(refused.error.context.apiCode).toBe('wrong_order_status');
		expect(refused.error.description).toMatch(/Refund → Create/);
	});

	test('an expired order can no longer be cancelled', async () => {
		const order = await env.createOrder();
		env.sandbox.expireOrder(order.id);
		const result = await env.run({ resource: 'order', operation: 'cancel', orderId: order.id });
		expect(result.error.context.apiCode).toBe('wrong_order_status');
		expect(env.sandbox.order(order.id).status).toBe('expired');
	});

	test('Set Status works for non-processable orders only', async () => {
		const manual = await env.createOrder({ processable: false });
		const result = await env.run({ resource: 'order', operation: 'setStatus', orderId: manual.id, status: 'completed' });
		expect(result.error).toBeUndefined();
		expect(onlyCall('order.setStatus').body).toEqual({ status: 'completed' });
		expect(result.items[0]).toMatchObject({ id: manual.id, status: 'completed' });

		const processed = await env.createOrder();
		const refused = await env.run({ resource: 'order', operation: 'setStatus', orderId: processed.id, status: 'canceled' });
		expect(refused.error.context.apiCode).toBe('wrong_order_status');
		expect(refused.error.description).toMatch(/non-processable/);
	});
});
