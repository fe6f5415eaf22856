'use strict';
/**
 * Demo profile of the Invoicebox sandbox (see bitrix24.js beside it for what a profile is).
 *
 * Demo data (created through the API, paid through the sandbox's payment page, after every
 * reset): shop orders SHOP-1001 (2 consulting hours, 1,200.00 RUB) and SHOP-1002 (a workshop,
 * 5,400.00 RUB) paid, SHOP-1003 (3,000.00 RUB) waiting for payment; waiting for payment too, for
 * the trigger examples: b24-103 (780.00 RUB, the order the checkout example makes for Bitrix24
 * payment 103, with its payment and pay system IDs in the metadata) and ap-002021 (60.00 USD,
 * for ActivePlatform document 002021). Notifications are signed with the credential's
 * Notification Key. With `demo.triggerUrls` (npm start): the shop's notification URL is the
 * trigger of "Invoicebox for Bitrix24 (2)", and ap-002021's own notification URL the trigger of
 * "Invoicebox paid → ActivePlatform"; pressing Pay on an order's payment page fires them.
 */
const { startInvoiceboxSandbox, DEMO_TOKEN, DEMO_MERCHANT } = require('../invoicebox');

const CREDENTIAL_ID = 'PaySysInvoiceDmo';
const NOTIFICATION_KEY = 'sandbox-notification-key-8d1f';

/** A basket line; `vat`: the VAT rate in percent (20: RUS_VAT20, 0: VATNONE). */
const line = (sku, name, quantity, price, vat = 20) => {
	const round = (x) => Math.round(x * 100) / 100;
	const total = round(quantity * price);
	return {
		sku,
		name,
		measure: 'шт',
		measureCode: '796',
		quantity,
		amount: price,
		amountWoVat: round((price * 100) / (100 + vat)),
		totalAmount: total,
		totalVatAmount: round((total * vat) / (100 + vat)),
		vatCode: vat ? `RUS_VAT${vat}` : 'VATNONE',
		type: 'service',
		paymentType: 'full_prepayment',
	};
};

const LEGAL = { type: 'legal', name: 'Example LLC', vatNumber: '7700000000', email: 'billing@example.com' };
/** The example workflows whose triggers the demo data calls (file names in examples/). */
const PAID_EXAMPLE = 'invoicebox-for-bitrix24-2-paid';
const ACTIVEPLATFORM_EXAMPLE = 'invoicebox-paid-activeplatform';

const ORDERS = [
	{ merchantOrderId: 'SHOP-1001', description: 'Consulting', items: [line('CONS-1H', 'Consulting hour', 2, 600)], paid: true },
	{ merchantOrderId: 'SHOP-1002', description: 'Payments workshop', items: [line('WS-PAY', 'Payments workshop seat', 1, 5400)], paid: true },
	{ merchantOrderId: 'SHOP-1003', description: 'Audit', items: [line('AUDIT', 'Payment flow audit', 1, 3000)], paid: false },
	// What "Invoicebox for Bitrix24 (1)" creates when the portal hands it payment 103 (order 503/1).
	{
		merchantOrderId: 'b24-103',
		description: 'Order 503/1',
		items: [line('B24-PAYMENT-103', 'Payment for order 503/1', 1, 780, 0)],
		extra: { merchantOrderIdVisible: '503/1', customer: { type: 'private', name: 'Anna Buyer', email: 'anna@example.com' }, metaData: { bitrix24PaymentId: 103, bitrix24PaySystemId: 1 } },
	},
	// An ActivePlatform invoice paid through Invoicebox: ActivePlatform document 002021 (sandboxes/demo/activeplatform.js).
	{
		merchantOrderId: 'ap-002021',
		description: 'Invoice 2021: SSL certificate',
		currencyId: 'USD',
		items: [line('AP-002021', 'SSL certificate, 1 year', 1, 60, 0)],
		extra: { customer: { type: 'legal', name: 'Small Shop' } },
		notifies: ACTIVEPLATFORM_EXAMPLE,
	},
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
	async seed(sandbox, demo = {}) {
		const triggerUrls = demo.triggerUrls || {};
		await control(sandbox, 'settings', { notificationKey: NOTIFICATION_KEY });
		const expirationDate = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
		for (const o of ORDERS) {
			const sum = (key) => Math.round(o.items.reduce((s, i) => s + i[key], 0) * 100) / 100;
			const notificationUrl = o.notifies && triggerUrls[o.notifies];
			const order = await api(sandbox, 'POST', '/billing/api/order/order', {
				merchantId: DEMO_MERCHANT,
				merchantOrderId: o.merchantOrderId,
				description: o.description,
				amount: sum('totalAmount'),
				vatAmount: sum('totalVatAmount'),
				currencyId: o.currencyId || 'RUB',
				expirationDate,
				customer: LEGAL,
				basketItems: o.items,
				...o.extra,
				...(notificationUrl ? { notificationUrl } : {}),
			});
			if (o.paid) await control(sandbox, 'pay', { orderId: order.id });
		}
		// After the paid orders: their notifications went nowhere (n8n does not run yet).
		if (triggerUrls[PAID_EXAMPLE]) await control(sandbox, 'settings', { notificationUrl: triggerUrls[PAID_EXAMPLE] });
	},
	/** The step that fires each Invoicebox Trigger example: Pay on an order's payment page. */
	fire(sandbox) {
		const page = (merchantOrderId) => [...sandbox.state.orders.values()].find((o) => o.merchantOrderId === merchantOrderId)?.paymentUrl;
		return {
			[PAID_EXAMPLE]: `open ${page('b24-103')} and press Pay (Bitrix24 payment 103 becomes paid; so does any payment whose checkout page you pay)`,
			[ACTIVEPLATFORM_EXAMPLE]: `open ${page('ap-002021')} and press Pay (ActivePlatform payment 002021 becomes completed)`,
		};
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
		'orders SHOP-1001 (1,200.00 RUB) and SHOP-1002 (5,400.00 RUB) paid; SHOP-1003 (3,000.00 RUB), b24-103 (780.00 RUB, Bitrix24 payment 103) and ap-002021 (60.00 USD, ActivePlatform document 002021) waiting for payment',
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
				locators: [{ operation: 'Get', parameter: 'orderId', label: 'Order', search: 'SHOP', pick: 'SHOP-1003', expectOutput: 'SHOP-1003' }],
				requiredEmpty: { operation: 'Get', parameter: 'orderId', label: 'Order' },
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
