'use strict';
/** Every Payment operation (nodes/ActivePlatform/resources/payment/) through n8n's engine against the sandbox: the request sent and the items out. */
const { useActivePlatform, DOWNSTREAM_TOKEN } = require('./fixtures');

const env = useActivePlatform();

const only = (method) => {
	const calls = env.sandbox.apiCalls(method);
	expect(calls).toHaveLength(1);
	return calls[0];
};
const ok = (result) => {
	expect(result.error).toBeUndefined();
	return result.items;
};

describe('Get', () => {
	test('returns the payment flattened', async () => {
		env.sandbox.addPayment({ id: 10, total: 12.5, comment: 'order 7', documentId: '002018' });
		const [item] = ok(await env.run({ operation: 'get', paymentId: '10' }));
		expect(only('payments.get')).toMatchObject({ httpMethod: 'GET', path: '/api/v3/resellers/1/payments/10', query: {} });
		expect(item).toMatchObject({
			id: '10',
			type: 'payments',
			total: '12.5',
			comment: 'order 7',
			document_id: '002018',
			status: 'waiting_for_payment',
			relationships: { account: { data: { id: '505', type: 'accounts' } } },
		});
		expect(item.attributes).toBeUndefined();
		expect(item.included).toBeUndefined();
	});

	test('adds the related objects asked for, flattened', async () => {
		env.sandbox.addPayment({ id: 10, status: 'completed', paymentMethodId: 4 });
		const [item] = ok(await env.run({ operation: 'get', paymentId: '10', include: ['account', 'payment_method'] }));
		expect(only('payments.get').query).toEqual({ include: 'account,payment_method' });
		expect(item.included).toEqual([
			{ id: '505', type: 'accounts', name: 'Acme LLC', balance: '1000.0', currency_code: 'USD' },
			{ id: '4', type: 'payment_methods', name: 'Bank transfer', status: 'active' },
		]);
	});

	test('returns the raw JSON:API document when Simplify is off', async () => {
		env.sandbox.addPayment({ id: 10 });
		const [item] = ok(await env.run({ operation: 'get', paymentId: '10', include: ['reseller'], simplify: false }));
		expect(item).toEqual(only('payments.get').response);
		expect(item.data.attributes.status).toBe('waiting_for_payment');
		expect(item.included[0]).toMatchObject({ id: '1', type: 'resellers' });
	});
});

describe('Get Many', () => {
	const addMany = (n, extra = () => ({})) => {
		for (let i = 1; i <= n; i++) env.sandbox.addPayment({ id: i, total: i, ...extra(i) });
	};

	test('Return All pages through page[number]/page[size] (100, the reference example) until a short page', async () => {
		addMany(230);
		const items = ok(await env.run({ operation: 'getAll', returnAll: true }));
		expect(items).toHaveLength(230);
		expect(items.map((i) => i.id)).toEqual(Array.from({ length: 230 }, (_, i) => String(i + 1)));
		expect(env.sandbox.apiCalls('payments.list').map((c) => c.query.page)).toEqual([
			{ number: '1', size: '100' },
			{ number: '2', size: '100' },
			{ number: '3', size: '100' },
		]);
	});

	test('a list that fills its last page exactly ends on the following empty page', async () => {
		addMany(200);
		expect(ok(await env.run({ operation: 'getAll', returnAll: true }))).toHaveLength(200);
		expect(env.sandbox.apiCalls('payments.list')).toHaveLength(3);
	});

	test('an installation that caps page[size] at the documented default (50): every row still comes', async () => {
		env.sandbox.reset({ rateLimit: null, maxPageSize: 50 });
		addMany(120);
		const items = ok(await env.run({ operation: 'getAll', returnAll: true }));
		expect(items.map((i) => i.id)).toEqual(Array.from({ length: 120 }, (_, i) => String(i + 1)));
		expect(env.sandbox.apiCalls('payments.list').map((c) => c.query.page.number)).toEqual(['1', '2', '3']);
	});

	test('a list of exactly 50 rows costs one request more (the empty page after it)', async () => {
		addMany(50);
		expect(ok(await env.run({ operation: 'getAll', returnAll: true }))).toHaveLength(50);
		expect(env.sandbox.apiCalls('payments.list')).toHaveLength(2);
	});

	test('Limit asks for no more than it needs', async () => {
		addMany(120);
		expect(ok(await env.run({ operation: 'getAll', returnAll: false, limit: 10 }))).toHaveLength(10);
		expect(env.sandbox.apiCalls('payments.list').map((c) => c.query.page)).toEqual([{ number: '1', size: '10' }]);
		env.sandbox.calls.length = 0;
		const items = ok(await env.run({ operation: 'getAll', returnAll: false, limit: 75 }));
		expect(items.map((i) => i.id)).toEqual(Array.from({ length: 75 }, (_, i) => String(i + 1)));
		expect(env.sandbox.apiCalls('payments.list').map((c) => c.query.page)).toEqual([{ number: '1', size: '75' }]);
		env.sandbox.calls.length = 0;
		expect(ok(await env.run({ operation: 'getAll', returnAll: false, limit: 110 }))).toHaveLength(110);
		expect(env.sandbox.apiCalls('payments.list').map((c) => c.query.page)).toEqual([
			{ number: '1', size: '100' },
			{ number: '2', size: '100' },
		]);
	});

	test('an empty list gives no items', async () => {
		expect(ok(await env.run({ operation: 'getAll', returnAll: true }))).toEqual([]);
	});

	test('filters and sort are sent as filter[...] and sort', async () => {
		addMany(6, (i) => ({
			status: i % 2 ? 'completed' : 'waiting_for_payment',
			createdAt: `2024-05-0${i}T10:00:00.000000+0300`,
			accountId: i === 5 ? 506 : 505,
		}));
		const items = ok(
			await env.run({
				operation: 'getAll',
				returnAll: true,
				filters: { status: ['completed'], createdAfter: '2024-05-01T23:00:00', createdBefore: '2024-05-06', accountId: 505 },
				options: { sortBy: 'total', sortOrder: 'descending' },
			}),
		);
		expect(only('payments.list').query).toEqual({
			page: { number: '1', size: '100' },
			filter: {
				created_at: { gt: '2024-05-01T23:00:00', lt: '2024-05-06' },
				status: 'completed',
				account_id: '505',
			},
			sort: '-total',
		});
		expect(items.map((i) => i.id)).toEqual(['3']);
	});

	test('several statuses, a day, a document number and other filters', async () => {
		addMany(4, (i) => ({ status: ['expired', 'cancelled', 'completed', 'expired'][i - 1], documentId: `00${i}`, createdAt: `2024-06-0${i}T01:00:00.000000+0300` }));
		let items = ok(await env.run({ operation: 'getAll', returnAll: true, filters: { status: ['cancelled', 'expired'] } }));
		expect(items.map((i) => i.id)).toEqual(['1', '2', '4']);
		expect(env.sandbox.apiCalls('payments.list')[0].query.filter).toEqual({ status: 'cancelled,expired' });
		env.sandbox.calls.length = 0;
		items = ok(await env.run({ operation: 'getAll', returnAll: true, filters: { createdOn: '2024-06-02' } }));
		expect(items.map((i) => i.id)).toEqual(['2']);
		items = ok(await env.run({ operation: 'getAll', returnAll: true, filters: { documentId: '003' } }));
		expect(items.map((i) => i.id)).toEqual(['3']);
		env.sandbox.calls.length = 0;
		items = ok(
			await env.run({
				operation: 'getAll',
				returnAll: true,
				filters: { other: { filter: [{ name: 'created_at[gte]', value: '2024-06-03' }] } },
			}),
		);
		expect(env.sandbox.apiCalls('payments.list')[0].query.filter).toEqual({ created_at: { gte: '2024-06-03' } });
		expect(items.map((i) => i.id)).toEqual(['3', '4']);
	});

	test('an installation that ignores the undocumented filters: the rows are checked, other payments do not come out', async () => {
		env.sandbox.reset({ rateLimit: null, ignoreFilters: true });
		addMany(6, (i) => ({ status: i % 2 ? 'completed' : 'waiting_for_payment', accountId: i === 3 ? 506 : 505, documentId: `D-${i}`, paymentMethodId: i === 5 ? 4 : null }));
		const run = async (filters) => ok(await env.run({ operation: 'getAll', returnAll: true, filters })).map((i) => i.id);
		expect(await run({ status: ['completed'] })).toEqual(['1', '3', '5']);
		expect(await run({ status: ['completed'], accountId: 505 })).toEqual(['1', '5']);
		expect(await run({ paymentMethodId: 4 })).toEqual(['5']);
		expect(await run({ documentId: 'D-2' })).toEqual(['2']);
		// The filters were sent all the same (an installation that supports them does the work).
		expect(env.sandbox.apiCalls('payments.list')[1].query.filter).toEqual({ status: 'completed', account_id: '505' });
		// Limit counts the rows that came out, reading on until it has them.
		const limited = ok(await env.run({ operation: 'getAll', returnAll: false, limit: 2, filters: { status: ['waiting_for_payment'] } }));
		expect(limited.map((i) => i.id)).toEqual(['2', '4']);
	});

	test('raw resource objects when Simplify is off', async () => {
		addMany(2);
		const items = ok(await env.run({ operation: 'getAll', returnAll: true, simplify: false }));
		expect(items).toEqual(only('payments.list').response.data);
		expect(items[0]).toMatchObject({ id: '1', type: 'payments', attributes: { total: '1.0' } });
	});
});

test('Create sends the documented body and returns the new payment, waiting for payment', async () => {
	const [item] = ok(
		await env.run({
			operation: 'create',
			accountId: 505,
			total: 2500,
			comment: 'Top-up via n8n',
			additionalFields: { purpose: 'Advance for June' },
		}),
	);
	const call = only('payments.create');
	expect(call).toMatchObject({ httpMethod: 'POST', path: '/api/v3/resellers/1/payments', status: 201 });
	expect(call.body).toEqual({
		data: { attributes: { account_id: 505, total: 2500, comment: 'Top-up via n8n', purpose: 'Advance for June' } },
	});
	expect(item).toMatchObject({ type: 'payments', status: 'waiting_for_payment', payment_method_id: null, total: '2500.0', purpose: 'Advance for June' });
	expect(env.sandbox.writes('create')).toHaveLength(1);
});

test('Create without the optional purpose sends no purpose', async () => {
	ok(await env.run({ operation: 'create', accountId: 505, total: 10.25, comment: 'Top-up' }));
	expect(only('payments.create').body).toEqual({ data: { attributes: { account_id: 505, total: 10.25, comment: 'Top-up' } } });
});

test('Complete From Balance pays the payment from the account balance', async () => {
	env.sandbox.addPayment({ id: 20, total: 150 });
	const [item] = ok(await env.run({ operation: 'completeFromBalance', paymentId: '20' }));
	const call = only('payments.completeFromBalance');
	expect(call).toMatchObject({ httpMethod: 'PATCH', path: '/api/v3/resellers/1/payments/20' });
	expect(call.body).toEqual({ data: { attributes: { status: 'paid_from_balance' } } });
	expect(item).toMatchObject({ id: '20', status: 'paid_from_balance', amount_paid_from_balance: '150.0' });
	expect(env.sandbox.state.accounts.get(505).balance).toBe(850);
});

describe('Complete by Document Number', () => {
	test('finds the payment by its number, leading zeros kept, and completes it', async () => {
		env.sandbox.addPayment({ id: 30, total: 2500, documentId: '002018' });
		env.sandbox.addPayment({ id: 31, total: 2500, documentId: '2018' });
		const [item] = ok(
			await env.run({
				operation: 'completeByDocument',
				documentId: '002018',
				paymentMethodId: 4,
				additionalFields: { amount: 2500, currencyCode: 'usd', externalTransactionId: 'BANK-20240601-0091' },
			}),
		);
		const call = only('payments.completeByDocument');
		expect(call).toMatchObject({ httpMethod: 'POST', path: '/api/v3/resellers/1/payments/002018' });
		expect(call.body).toEqual({
			data: {
				attributes: { payment_method_id: 4, amount: 2500, currency_code: 'USD', external_transaction_id: 'BANK-20240601-0091' },
			},
		});
		expect(item).toMatchObject({ id: '30', document_id: '002018', status: 'completed', payment_method_id: 4 });
		expect(env.sandbox.payment(31).attributes.status).toBe('waiting_for_payment');
	});

	test('a partial amount leaves the payment open and records a correction', async () => {
		env.sandbox.addPayment({ id: 30, total: 100, documentId: '0042' });
		const [item] = ok(
			await env.run({ operation: 'completeByDocument', documentId: '0042', paymentMethodId: 2, additionalFields: { amount: 40 } }),
		);
		expect(only('payments.completeByDocument').body).toEqual({ data: { attributes: { payment_method_id: 2, amount: 40 } } });
		expect(item.status).toBe('waiting_for_payment');
		expect(item.relationships.corrections.data).toHaveLength(1);
		expect(env.sandbox.state.corrections[0]).toMatchObject({ paymentId: 30, amount: 40 });
	});

	test('only the payment method is required', async () => {
		env.sandbox.addPayment({ id: 30, documentId: 'INV-77' });
		ok(await env.run({ operation: 'completeByDocument', documentId: 'INV-77', paymentMethodId: 2 }));
		expect(only('payments.completeByDocument').body).toEqual({ data: { attributes: { payment_method_id: 2 } } });
	});
});

test('Cancel cancels a payment waiting for payment', async () => {
	env.sandbox.addPayment({ id: 40 });
	const [item] = ok(await env.run({ operation: 'cancel', paymentId: '40' }));
	const call = only('payments.cancel');
	expect(call).toMatchObject({ httpMethod: 'DELETE', path: '/api/v3/resellers/1/payments/40', status: 200 });
	expect(call.body).toEqual({});
	expect(item).toMatchObject({ id: '40', status: 'cancelled' });
	expect(item.closed_at).toEqual(expect.any(String));
});

describe('Reseller ID', () => {
	test('names a downstream reseller, overriding the credential', async () => {
		env.sandbox.addPayment({ id: 50, resellerId: 2, accountId: 7310 });
		env.sandbox.addPayment({ id: 51, resellerId: 3, accountId: 8800, currency: 'EUR' });
		ok(await env.run({ operation: 'complete', paymentId: '50', paymentMethodId: 2, resellerId: '2' }));
		ok(await env.run({ operation: 'complete', paymentId: '51', paymentMethodId: 2, resellerId: 3 }));
		expect(env.sandbox.apiCalls('payments.complete').map((c) => c.path)).toEqual([
			'/api/v3/resellers/2/payments/50',
			'/api/v3/resellers/3/payments/51',
		]);
		expect(env.sandbox.writes('complete').map((w) => w.paymentId)).toEqual([50, 51]);
	});

	test("defaults to the credential's reseller", async () => {
		env.sandbox.addPayment({ id: 52, resellerId: 2, accountId: 7310 });
		const credentials = env.credentials({ apiToken: DOWNSTREAM_TOKEN, resellerId: '2' });
		ok(await env.run({ operation: 'get', paymentId: '52' }, { credentials }));
		expect(only('payments.get').path).toBe('/api/v3/resellers/2/payments/52');
	});
});

test('many items: each payment is completed once, from expressions', async () => {
	const ids = [61, 62, 63, 64, 65];
	for (const id of ids) env.sandbox.addPayment({ id });
	const result = await env.run(
		{ operation: 'complete', paymentId: '={{ $json.paymentId }}', paymentMethodId: '={{ $json.method }}' },
		{ items: ids.map((id) => ({ paymentId: id, method: 2 })) },
	);
	expect(ok(result).map((i) => [i.id, i.status])).toEqual(ids.map((id) => [String(id), 'completed']));
	expect(env.sandbox.writes('complete').map((w) => w.paymentId).sort()).toEqual(ids);
});

test('a base URL with /api/v3 pasted after it still reaches the API', async () => {
	env.sandbox.addPayment({ id: 70 });
	const credentials = env.credentials({ baseUrl: `${env.sandbox.url}/api/v3/` });
	ok(await env.run({ operation: 'get', paymentId: '70' }, { credentials }));
	expect(only('payments.get').path).toBe('/api/v3/resellers/1/payments/70');
});

describe('node versions', () => {
	// n8n saves no parameter left at its default: a version-1 node on Complete (its old first
	// operation) is stored without `operation`, and must still complete, not list.
	test('a version-1 node saved on Complete (no operation stored) still completes the payment', async () => {
		env.sandbox.addPayment({ id: 880 });
		const result = await env.run({ resource: 'payment', paymentId: '880', paymentMethodId: 2 }, { typeVersion: 1 });
		expect(result.error).toBeUndefined();
		expect(env.sandbox.writes('complete')).toHaveLength(1);
		expect(env.sandbox.payment(880).attributes.status).toBe('completed');
	});

	test('a version-2 node without an operation lists payments (it opens on Get Many)', async () => {
		env.sandbox.addPayment({ id: 881 });
		const result = await env.run({ resource: 'payment' }, { typeVersion: 2 });
		expect(result.error).toBeUndefined();
		expect(result.items.map((p) => p.id)).toContain('881');
		expect(env.sandbox.writes()).toHaveLength(0);
	});
});
