'use strict';
const path = require('node:path');
const { startInvoiceboxSandbox } = require('../../sandboxes/invoicebox');
const { runNode, ROOT } = require('../helpers/n8n');

const dist = (file) => require(path.join(ROOT, 'dist', file));

/**
 * A sandbox for a test file, with a credential pointing at it. The sandbox's per-token limit is
 * off unless asked for, and so is the node's pacing (rateLimit 0), so that tests run fast.
 */
async function invoiceboxSetup(options = {}) {
	const sandbox = await startInvoiceboxSandbox({ rateLimit: null, ...options });
	const credentials = (extra = {}) => ({
		invoiceboxApi: { token: sandbox.token, apiPrefix: 'v3', baseUrl: sandbox.url, rateLimit: 0, rateLimitWindow: 30, ...extra },
	});
	const run = (parameters, opts = {}) =>
		runNode({ type: 'invoicebox', parameters, credentials: opts.credentials ?? credentials(), ...opts });

	/** Calls the sandbox API directly (test data, not under test). */
	async function api(method, apiPath, body, token = sandbox.token) {
		const response = await fetch(`${sandbox.url}/v3${apiPath}`, {
			method,
			headers: {
				Authorization: `Bearer ${token}`,
				'Content-Type': 'application/json',
				Accept: 'application/json',
				'User-Agent': 'test-fixtures/1.0',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await response.json();
		if (response.status >= 300) throw new Error(`${method} ${apiPath}: ${response.status} ${JSON.stringify(json)}`);
		return json.data;
	}

	/** An order created straight through the API (1200.00 RUB with 200.00 VAT unless told otherwise). */
	async function createOrder(overrides = {}) {
		return await api('POST', '/billing/api/order/order', orderBody(sandbox.merchantId, overrides));
	}

	/** Pays an order through the guarantee flow (send-code, then pay with the code): money that can go back. */
	async function payWithGuarantee(order, paymentMethodId = '39363265') {
		const payer = { paymentMethodId, customer: { type: 'legal', vatNumber: '1233123' } };
		const sent = await api('POST', `/billing/api/order/${order.id}/payment-method-action/send-code`, payer);
		const { code } = sandbox.snapshot().codes[order.id];
		await api('POST', `/billing/api/order/${order.id}/payment-method-action/pay`, {
			...payer,
			customerPaymentData: { publicCode: sent.resultData.publicCode, code },
		});
		return sandbox.state.paymentMethods.get(paymentMethodId);
	}

	return { sandbox, credentials, run, api, createOrder, payWithGuarantee };
}

let orderNumber = 0;
function orderBody(merchantId, overrides = {}) {
	return {
		merchantId,
		merchantOrderId: `T-${Date.now()}-${++orderNumber}`,
		description: 'Consulting',
		amount: 1200,
		vatAmount: 200,
		currencyId: 'RUB',
		expirationDate: new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
		customer: { type: 'legal', name: 'Example LLC', vatNumber: '7700000000' },
		basketItems: [
			{
				sku: 'CONS-1H',
				name: 'Consulting hour',
				measure: 'шт',
				measureCode: '796',
				quantity: 2,
				amount: 600,
				amountWoVat: 500,
				totalAmount: 1200,
				totalVatAmount: 200,
				vatCode: 'RUS_VAT20',
				type: 'service',
				paymentType: 'full_prepayment',
			},
		],
		...overrides,
	};
}

/** A basket row as the editor stores it. */
function row(values) {
	return { measure: 'шт', measureCode: '796', type: 'service', paymentType: 'full_payment', vatCode: 'VATNONE', quantity: 1, ...values };
}

/** Parameters of Order → Create with typed fields. */
function createParameters(sandbox, extra = {}) {
	return {
		resource: 'order',
		operation: 'create',
		merchantId: sandbox.merchantId,
		merchantOrderId: `N8N-${Date.now()}-${++orderNumber}`,
		description: 'Consulting, May 2024',
		currencyId: 'RUB',
		expirationDate: new Date(Date.now() + 86_400_000).toISOString(),
		basketInput: 'fields',
		basketItems: { item: [row({ sku: 'CONS-1H', name: 'Consulting hour', quantity: 2, amount: 600, vatCode: 'RUS_VAT20' })] },
		customerInput: 'fields',
		customerType: 'legal',
		customerName: 'Example LLC',
		customerDetails: { email: 'billing@example.org', vatNumber: '7700000000' },
		...extra,
	};
}

/** The customer of the guarantee examples (the seed's). */
const seedCustomer = {
	customerInput: 'fields',
	customerType: 'legal',
	customerName: 'ООО Компания',
	customerDetails: { email: 'email@gmail.com', phone: '79611234567', vatNumber: '1233123', registrationAddress: '123123123' },
};

module.exports = { invoiceboxSetup, orderBody, row, createParameters, seedCustomer, dist };
