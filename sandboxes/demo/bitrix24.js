'use strict';
/**
 * Demo profile of the Bitrix24 sandbox, used by `npm run sandbox`, `npm start`, the end-to-end
 * tests and the browser test (scripts/sandboxes.js loads every file in this folder):
 * how to start it, the demo data it holds, the credential n8n gets for it, and its secrets.
 *
 * Demo data (seeded through the portal's own API and the sandbox's control endpoints, after
 * every reset): a Checkout-mode REST handler `acmepay_checkout`, pay system 1 "Acme Pay — bank
 * cards" (orders, individuals, active) and three unpaid order payments 101–103 on it, plus a
 * legacy CRM invoice 7001.
 */
const { startBitrix24Sandbox } = require('../bitrix24');

const WEBHOOK = { userId: 1, code: 'sandboxwebhookcode1', scopes: ['pay_system', 'sale', 'crm'], admin: true };
const CREDENTIAL_ID = 'PaySysBitrix24Dm';

async function api(sandbox, method, body) {
	const res = await fetch(`${sandbox.webhookUrl()}${method}.json`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const json = await res.json();
	if (!res.ok || json.error) throw new Error(`seeding the Bitrix24 sandbox: ${method} → ${JSON.stringify(json)}`);
	return json.result;
}

async function control(sandbox, action, body) {
	const res = await fetch(`${sandbox.url}/_sandbox/${action}`, { method: 'POST', body: JSON.stringify(body) });
	if (!res.ok) throw new Error(`seeding the Bitrix24 sandbox: /_sandbox/${action} → HTTP ${res.status}`);
}

module.exports = {
	name: 'bitrix24',
	title: 'Bitrix24 portal (sale.paysystem.*)',
	defaultPort: 4101,
	/** The documented leaky bucket stays on (burst 50, 2/s): the demo paces like a real portal. */
	start: ({ port }) => startBitrix24Sandbox({ port, webhooks: [WEBHOOK] }),
	async seed(sandbox) {
		await api(sandbox, 'sale.paysystem.handler.add', {
			NAME: 'Acme Pay (Checkout)',
			CODE: 'acmepay_checkout',
			SORT: 100,
			SETTINGS: {
				CURRENCY: ['RUB'],
				CLIENT_TYPE: 'b2c',
				CHECKOUT_DATA: {
					ACTION_URI: 'https://pay.acme.example/bitrix24/checkout',
					FIELDS: {
						shopId: { CODE: 'ACME_SHOP_ID' },
						orderNumber: { CODE: 'ACME_ORDER_NUMBER' },
						amount: { CODE: 'ACME_AMOUNT' },
					},
				},
				CODES: {
					ACME_SHOP_ID: { NAME: 'Shop ID', SORT: '100' },
					ACME_ORDER_NUMBER: { NAME: 'Order number', SORT: '200', GROUP: 'PAYMENT', DEFAULT: { PROVIDER_KEY: 'PAYMENT', PROVIDER_VALUE: 'ACCOUNT_NUMBER' } },
					ACME_AMOUNT: { NAME: 'Amount', SORT: '300', GROUP: 'PAYMENT', DEFAULT: { PROVIDER_KEY: 'PAYMENT', PROVIDER_VALUE: 'SUM' } },
				},
			},
		});
		const paySystemId = await api(sandbox, 'sale.paysystem.add', {
			NAME: 'Acme Pay — bank cards',
			DESCRIPTION: 'Card payments through Acme Pay',
			PERSON_TYPE_ID: 1,
			BX_REST_HANDLER: 'acmepay_checkout',
			ENTITY_REGISTRY_TYPE: 'ORDER',
			ACTIVE: 'Y',
			SETTINGS: {
				ACME_SHOP_ID: { TYPE: 'VALUE', VALUE: 'shop-4821' },
				ACME_ORDER_NUMBER: { TYPE: 'PAYMENT', VALUE: 'ACCOUNT_NUMBER' },
				ACME_AMOUNT: { TYPE: 'PAYMENT', VALUE: 'SUM' },
			},
		});
		await control(sandbox, 'payments', [
			{ id: 101, orderId: 501, paySystemId, sum: 1250, currency: 'RUB', accountNumber: '501/1' },
			{ id: 102, orderId: 502, paySystemId, sum: 3900, currency: 'RUB', accountNumber: '502/1' },
			{ id: 103, orderId: 503, paySystemId, sum: 780, currency: 'RUB', accountNumber: '503/1' },
		]);
		await control(sandbox, 'invoices', [{ id: 7001, sum: 15000 }]);
	},
	/** The step that fires the Bitrix24 PaySystem Trigger example: the Checkout button of the sandbox's index page. */
	fire: (sandbox) => ({
		'invoicebox-for-bitrix24-1-checkout': `open ${sandbox.url}/_sandbox/ and press Checkout on payment 101 (the portal calls the trigger; the page then links to the Invoicebox payment page)`,
	}),
	/** What n8n imports (`n8n import:credentials`); example workflows refer to these ids. */
	credentials: (sandbox) => [
		{
			id: CREDENTIAL_ID,
			name: 'Bitrix24 sandbox',
			type: 'bitrix24WebhookApi',
			data: { secretWebhookUrl: sandbox.webhookUrl(), rateLimitPlan: 'standard' },
		},
	],
	/** Strings that must never appear in what n8n stores or prints. */
	secrets: () => [WEBHOOK.code],
	describe: (sandbox) => [
		`webhook URL ${sandbox.webhookUrl()}`,
		'pay system 1 "Acme Pay — bank cards" (handler acmepay_checkout), unpaid payments 101, 102, 103, legacy invoice 7001',
		`a buyer paying payment 101 (the portal's Checkout call to the handler's Action URI): POST ${sandbox.url}/_sandbox/checkout {"paymentId": 101}`,
	],
	/**
	 * What the browser test does in the editor: the credential (created through its dialog,
	 * tested with a wrong secret, then the right one) and each node that uses it.
	 */
	browser: {
		/** A list to open in the editor: its first entry is the demo's pay system. */
		credential: {
			type: 'bitrix24WebhookApi',
			name: 'Bitrix24 Webhook API',
			fields: (sandbox) => ({ 'Webhook URL': sandbox.webhookUrl() }),
			wrongFields: (sandbox) => ({ 'Webhook URL': sandbox.webhookUrl().replace(WEBHOOK.code, 'wrongwebhookcode') }),
			wrongMessage: 'NO_AUTH_FOUND',
		},
		nodes: [
			{
				node: 'Bitrix24 PaySystem',
				action: 'Get many pay systems',
				resource: 'Pay System',
				operation: 'Get Many',
				expectOutput: 'Acme Pay — bank cards',
				requiredEmpty: { operation: 'Get Settings', parameter: 'paySystemId', label: 'Pay System' },
				locators: [
					{
						operation: 'Get Payment Settings',
						fill: { paymentId: '101' },
						parameter: 'paySystemId',
						label: 'Pay System',
						pick: 'Acme Pay — bank cards (ID 1',
						expectOutput: 'shop-4821',
					},
				],
			},
			{
				node: 'Bitrix24 PaySystem Trigger',
				trigger: true,
				panelName: 'Bitrix24 PaySystem',
				action: 'On new Bitrix24 PaySystem event',
				options: { responseMode: 'When Last Node Finishes' },
				/** The portal hands payment 101 to the handler, whose Action URI is now the test URL. */
				async fire(sandbox, testUrl) {
					const [handler] = (await api(sandbox, 'sale.paysystem.handler.list', {})).filter((h) => h.CODE === 'acmepay_checkout');
					const settings = { ...handler.SETTINGS, CHECKOUT_DATA: { ...handler.SETTINGS.CHECKOUT_DATA, ACTION_URI: testUrl } };
					await api(sandbox, 'sale.paysystem.handler.update', { ID: Number(handler.ID), FIELDS: { SETTINGS: settings } });
					// n8n may show "listening" a moment before the test webhook answers: a portal call
					// that meets a 404 is made again (as a buyer would press Pay again).
					for (let attempt = 0; attempt < 20; attempt++) {
						const res = await fetch(`${sandbox.url}/_sandbox/checkout`, { method: 'POST', body: JSON.stringify({ paymentId: 101 }) });
						const outcome = await res.json();
						if (outcome.status !== 404) return;
						await new Promise((resolve) => setTimeout(resolve, 500));
					}
				},
				expectOutput: 'shop-4821',
			},
		],
	},
};
