'use strict';
/**
 * Demo profile of the Invoicebox sandbox (see bitrix24.js beside it for what a profile is).
 *
 * Demo data (created through the API, paid through the sandbox's payment page, after every
 * reset): shop orders SHOP-1001 (2 consulting hours, 1,200.00 RUB) and SHOP-1002 (a workshop,
 * 5,400.00 RUB) paid, SHOP-1003 (3,000.00 RUB) waiting for payment. Notifications are signed
 * with the credential's Notification Key.
 */
const { startInvoiceboxSandbox, DEMO_TOKEN, DEMO_MERCHANT } = require('../invoicebox');

const CREDENTIAL_ID = 'PaySysInvoiceDmo';
const NOTIFICATION_KEY = 'sandbox-notification-key-8d1f';

const line = (sku, name, quantity, price) => {
	const total = Math.round(quantity * price * 100) / 100;
	const vat = Math.round((total * 20) / 120 * 100) / 100;
	return {
		sku,
		name,
		measure: 'шт',
		measureCode: '796',
		quantity,
		amount: price,
		amountWoVat: Math.round((price * 100) / 120 * 100) / 100,
		totalAmount: total,
		totalVatAmount: vat,
		vatCode: 'RUS_VAT20',
		type: 'service',
		paymentType: 'full_prepayment',
	};
};

const ORDERS = [
	{ merchantOrderId: 'SHOP-1001', description: 'Consulting', items: [line('CONS-1H', 'Consulting hour', 2, 600)], paid: true },
	{ merchantOrderId: 'SHOP-1002', description: 'Payments workshop', items: [line('WS-PAY', 'Payments workshop seat', 1, 5400)], paid: true },
	{ merchantOrderId: 'SHOP-1003', description: 'Audit', items: [line('AUDIT', 'Payment flow audit', 1, 3000)], paid: false },
];

async function api(sandbox, method, apiPath, body) {
	const res = await fetch(`${sandbox.url}/v3${apiPath}`, {
		method,
		headers: {
			Authorization: `Bearer ${DEMO_TOKEN}`,
			'Content-Type': 'application/json',
			Accept: 'application/json',
			'User-Agent': 'paysystems-demo-seed/1.0',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = await res.json();
	if (res.status >= 300) throw new Error(`seeding the Invoicebox sandbox: ${method} ${apiPath} → ${res.status} ${JSON.stringify(json)}`);
	return json.data;
}

async function control(sandbox, action, body) {
	const res = await fetch(`${sandbox.url}/_sandbox/${action}`, { method: 'POST', body: JSON.stringify(body) });
	if (!res.ok) throw new Error(`seeding the Invoicebox sandbox: /_sandbox/${action} → HTTP ${res.status}`);
	return await res.json();
}

module.exports = {
	name: 'invoicebox',
	title: 'Invoicebox merchant API (v3)',
	defaultPort: 4102,
	/** The documented per-account limit stays on (100 requests per 30 s). */
	start: ({ port }) => startInvoiceboxSandbox({ port, notificationKey: NOTIFICATION_KEY }),
	async seed(sandbox) {
		await control(sandbox, 'settings', { notificationKey: NOTIFICATION_KEY });
		const expirationDate = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		for (const o of ORDERS) {
			const sum = (key) => Math.round(o.items.reduce((s, i) => s + i[key], 0) * 100) / 100;
			const order = await api(sandbox, 'POST', '/billing/api/order/order', {
				merchantId: DEMO_MERCHANT,
				merchantOrderId: o.merchantOrderId,
				description: o.description,
				amount: sum('totalAmount'),
				vatAmount: sum('totalVatAmount'),
				currencyId: 'RUB',
				expirationDate,
				customer: { type: 'legal', name: 'Example LLC', vatNumber: '7700000000', email: 'billing@example.com' },
				basketItems: o.items,
			});
			if (o.paid) await control(sandbox, 'pay', { orderId: order.id });
		}
	},
	credentials: (sandbox) => [
		{
			id: CREDENTIAL_ID,
			name: 'Invoicebox sandbox',
			type: 'invoiceboxApi',
			data: { token: DEMO_TOKEN, apiPrefix: 'v3', baseUrl: sandbox.url, rateLimit: 100, rateLimitWindow: 30, notificationSecretKey: NOTIFICATION_KEY },
		},
	],
	secrets: () => [DEMO_TOKEN, NOTIFICATION_KEY],
	describe: (sandbox) => [
		`base URL ${sandbox.url}, merchant ${DEMO_MERCHANT}`,
		'orders SHOP-1001 (1,200.00 RUB) and SHOP-1002 (5,400.00 RUB) paid, SHOP-1003 (3,000.00 RUB) waiting for payment',
	],
	browser: {
		credential: {
			type: 'invoiceboxApi',
			name: 'Invoicebox API',
			fields: (sandbox) => ({ 'API Token': DEMO_TOKEN, 'Base URL': sandbox.url, 'Notification Key': NOTIFICATION_KEY }),
			wrongFields: (sandbox) => ({ 'API Token': 'wrong-token-0000000000000000', 'Base URL': sandbox.url }),
			wrongMessage: 'Invoicebox did not accept the token (unauthorized)',
		},
		nodes: [
			{
				node: 'Invoicebox',
				action: 'Get many orders',
				resource: 'Order',
				operation: 'Get Many',
				expectOutput: 'SHOP-1002',
			},
			{
				node: 'Invoicebox Trigger',
				trigger: true,
				panelName: 'Invoicebox',
				action: 'On new Invoicebox event',
				/** Invoicebox notifies the shop that SHOP-1001 is paid (signed with the Notification Key). */
				async fire(sandbox, testUrl) {
					const [order] = (await api(sandbox, 'GET', '/filter/api/order/order?merchantOrderId=SHOP-1001')) ?? [];
					await control(sandbox, 'notify', { orderId: order.id, url: testUrl });
				},
				expectOutput: 'SHOP-1001',
			},
		],
	},
};
