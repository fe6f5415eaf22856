'use strict';
/**
 * Demo profile of the ActivePlatform sandbox (see bitrix24.js beside it for what a profile is).
 *
 * Demo data (through the sandbox's control endpoint, after every reset, on top of its default
 * installation: reseller 1 "Sandbox Operator", accounts 505 "Acme LLC" and 506 "Small Shop",
 * payment methods 2 Cash and 4 Bank transfer): payments waiting for payment with the document
 * numbers 002018 (Acme LLC, 120.00 USD), 002019 (Acme LLC, 45.50 USD), 002020 (Small Shop,
 * 300.00 USD) and 002021 (Small Shop, 60.00 USD: the one "Invoicebox paid → ActivePlatform"
 * completes when Invoicebox order ap-002021 is paid, see sandboxes/demo/invoicebox.js).
 */
const { startActivePlatformSandbox } = require('../activeplatform');

const CREDENTIAL_ID = 'PaySysActivePlDm';
const TOKEN = 'vY5fwetestK3gJXZH5uHCw';

module.exports = {
	name: 'activeplatform',
	title: 'ActivePlatform billing API (v3)',
	defaultPort: 4103,
	start: ({ port }) => startActivePlatformSandbox({ port }),
	async seed(sandbox) {
		const res = await fetch(`${sandbox.url}/_sandbox/payments`, {
			method: 'POST',
			body: JSON.stringify([
				{ accountId: 505, total: 120, currency: 'USD', documentId: '002018', comment: 'Invoice 2018: hosting, June' },
				{ accountId: 505, total: 45.5, currency: 'USD', documentId: '002019', comment: 'Invoice 2019: extra mailboxes' },
				{ accountId: 506, total: 300, currency: 'USD', documentId: '002020', comment: 'Invoice 2020: annual plan' },
				{ accountId: 506, total: 60, currency: 'USD', documentId: '002021', comment: 'Invoice 2021: SSL certificate (paid through Invoicebox order ap-002021)' },
			]),
		});
		if (!res.ok) throw new Error(`seeding the ActivePlatform sandbox: /_sandbox/payments → HTTP ${res.status}`);
	},
	credentials: (sandbox) => [
		{
			id: CREDENTIAL_ID,
			name: 'ActivePlatform sandbox',
			type: 'activePlatformApi',
			data: { baseUrl: sandbox.url, apiToken: TOKEN, resellerId: '1', requestsPerMinute: 0 },
		},
	],
	secrets: () => [TOKEN],
	describe: (sandbox) => [
		`base URL ${sandbox.url}, reseller 1`,
		'payments waiting for payment: documents 002018 (120.00 USD) and 002019 (45.50 USD) of account 505, 002020 (300.00 USD) and 002021 (60.00 USD, Invoicebox order ap-002021) of account 506; payment method 4 = bank transfer',
	],
	browser: {
		credential: {
			type: 'activePlatformApi',
			name: 'ActivePlatform API',
			fields: (sandbox) => ({ 'Base URL': sandbox.url, 'API Token': TOKEN, 'Default Reseller ID': '1' }),
			wrongFields: (sandbox) => ({ 'Base URL': sandbox.url, 'API Token': 'wrongApiToken0000000000', 'Default Reseller ID': '1' }),
			wrongMessage: 'ActivePlatform did not accept the API token (HTTP 401)',
		},
		nodes: [
			{
				node: 'ActivePlatform',
				action: 'Get many payments',
				resource: 'Payment',
				operation: 'Get Many',
				expectOutput: '002018',
			},
		],
	},
};
