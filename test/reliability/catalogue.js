'use strict';
/**
 * Every operation of every node, as the reliability suite drives it, keyed by `resource.operation`:
 * how to prepare a sandbox so that N input items each target their own object (so that the
 * operation succeeds for each of them when nothing goes wrong), the node parameters (reading the
 * target from the item) and the sandbox method the requests are logged and faulted under. The
 * list of operations and whether each only reads come from the nodes' operation tables. Each API has an environment: its sandbox, a credential pointing at it and its secrets.
 */
const { withFixtures } = require('../helpers/operations');
const { bitrixSetup, seedPaySystem, codeEntry } = require('../bitrix24/fixtures');
const { invoiceboxSetup, orderBody, seedCustomer } = require('../invoicebox/fixtures');
const { activePlatformSetup, TOKEN, DOWNSTREAM_TOKEN, READ_ONLY_TOKEN, PAYMENTS_TOKEN } = require('../activeplatform/fixtures');

const APIS = {
	bitrix24: {
		type: 'bitrix24PaySystem',
		async start() {
			const env = await bitrixSetup();
			const code = env.sandbox.webhooks[0].code;
			return {
				...env,
				secrets: [code, env.sandbox.webhookUrl()],
				reset: () => env.sandbox.reset(),
				/** Credentials whose address has nothing listening (connection refused). */
				unreachable: (url) => env.credentials({ secretWebhookUrl: `${url}/rest/1/${code}/` }),
			};
		},
	},
	invoicebox: {
		type: 'invoicebox',
		async start() {
			const env = await invoiceboxSetup();
			return {
				...env,
				secrets: [env.sandbox.token],
				reset: () => env.sandbox.reset(),
				unreachable: (url) => env.credentials({ baseUrl: url }),
			};
		},
	},
	activeplatform: {
		type: 'activePlatform',
		async start() {
			const env = await activePlatformSetup();
			return {
				...env,
				secrets: [TOKEN, DOWNSTREAM_TOKEN, READ_ONLY_TOKEN, PAYMENTS_TOKEN],
				reset: () => env.sandbox.reset({ rateLimit: null }),
				unreachable: (url) => env.credentials({ baseUrl: url }),
			};
		},
	},
};

const items = (n, make) => Array.from({ length: n }, (_, i) => make(i + 1));

// ------------------------------------------------------------------ Bitrix24
function bitrixHandlers(sandbox, n) {
	return items(n, (i) => {
		const id = sandbox.state.nextHandlerId++;
		sandbox.state.handlers.push({
			ID: String(id),
			NAME: `Handler ${i}`,
			CODE: `code${i}`,
			SORT: '100',
			SETTINGS: { CHECKOUT_DATA: { ACTION_URI: 'https://example.com/pay' }, CODES: { K: { NAME: 'Key' } } },
		});
		return { id };
	});
}
function bitrixPaySystems(sandbox, n) {
	return items(n, (i) => ({ id: seedPaySystem(sandbox, { code: `acme${i}` }).paySystemId }));
}
function bitrixPayments(sandbox, n) {
	const { paySystemId } = seedPaySystem(sandbox);
	return items(n, (i) => {
		sandbox.addPayment({ id: i, paySystemId });
		return { id: i, paySystemId };
	});
}
function bitrixInvoices(sandbox, n) {
	// Legacy invoices are paid only through pay systems for them (CRM_INVOICE).
	seedPaySystem(sandbox, { registry: 'CRM_INVOICE', personType: 3 });
	return items(n, (i) => {
		sandbox.addInvoice({ id: i });
		return { id: i };
	});
}
const same = (n, item = {}) => items(n, () => ({ ...item }));

const bitrix = {
	'handler.create': {
		method: 'sale.paysystem.handler.add',
		setup: (env, n) => items(n, (i) => ({ code: `new${i}` })),
		parameters: {
			resource: 'handler',
			operation: 'create',
			handlerName: 'Handler',
			handlerCode: '={{ $json.code }}',
			actionUri: 'https://example.com/pay',
			parameterCodes: { code: [codeEntry('K', 'Key', 100)] },
		},
	},
	'handler.delete': {
		method: 'sale.paysystem.handler.delete',
		setup: (env, n) => bitrixHandlers(env.sandbox, n),
		parameters: { resource: 'handler', operation: 'delete', handlerId: '={{ $json.id }}' },
	},
	'handler.getAll': {
		method: 'sale.paysystem.handler.list',
		setup: (env, n) => (bitrixHandlers(env.sandbox, 1), same(n)),
		parameters: { resource: 'handler', operation: 'getAll', returnAll: true },
	},
	'handler.update': {
		method: 'sale.paysystem.handler.update',
		setup: (env, n) => bitrixHandlers(env.sandbox, n),
		parameters: { resource: 'handler', operation: 'update', handlerId: '={{ $json.id }}', updateFields: { name: 'Renamed' } },
	},
	'paySystem.create': {
		method: 'sale.paysystem.add',
		setup: (env, n) => (seedPaySystem(env.sandbox, { code: 'h1' }), items(n, (i) => ({ name: `Pay ${i}` }))),
		parameters: {
			resource: 'paySystem',
			operation: 'create',
			name: '={{ $json.name }}',
			personTypeId: 1,
			handlerCode: 'h1',
			additionalFields: { entityRegistryType: 'ORDER' },
		},
	},
	'paySystem.delete': {
		method: 'sale.paysystem.delete',
		setup: (env, n) => bitrixPaySystems(env.sandbox, n),
		parameters: { resource: 'paySystem', operation: 'delete', paySystemId: '={{ $json.id }}' },
	},
	'paySystem.getInvoiceSettings': {
		method: 'sale.paysystem.settings.invoice.get',
		setup: (env, n) => bitrixInvoices(env.sandbox, n),
		parameters: { resource: 'paySystem', operation: 'getInvoiceSettings', invoiceId: '={{ $json.id }}', paySystemId: 1 },
	},
	'paySystem.getAll': {
		method: 'sale.paysystem.list',
		setup: (env, n) => (bitrixPaySystems(env.sandbox, 1), same(n)),
		parameters: { resource: 'paySystem', operation: 'getAll', returnAll: true },
	},
	'paySystem.getPaymentSettings': {
		method: 'sale.paysystem.settings.payment.get',
		setup: (env, n) => bitrixPayments(env.sandbox, n),
		parameters: { resource: 'paySystem', operation: 'getPaymentSettings', paymentId: '={{ $json.id }}', paySystemId: '={{ $json.paySystemId }}' },
	},
	'paySystem.getSettings': {
		method: 'sale.paysystem.settings.get',
		setup: (env, n) => bitrixPaySystems(env.sandbox, n),
		parameters: { resource: 'paySystem', operation: 'getSettings', paySystemId: '={{ $json.id }}' },
	},
	'paySystem.update': {
		method: 'sale.paysystem.update',
		setup: (env, n) => bitrixPaySystems(env.sandbox, n),
		parameters: { resource: 'paySystem', operation: 'update', paySystemId: '={{ $json.id }}', updateFields: { name: 'Renamed' } },
	},
	'paySystem.updateSettings': {
		method: 'sale.paysystem.settings.update',
		setup: (env, n) => bitrixPaySystems(env.sandbox, n),
		parameters: {
			resource: 'paySystem',
			operation: 'updateSettings',
			paySystemId: '={{ $json.id }}',
			settingsValues: { setting: [{ code: 'ACME_SHOP_ID', type: 'VALUE', value: 'shop-2' }] },
		},
	},
	'payment.pay': {
		method: 'sale.paysystem.pay.payment',
		setup: (env, n) => bitrixPayments(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'pay', paymentId: '={{ $json.id }}', paySystemId: '={{ $json.paySystemId }}' },
	},
	'payment.payInvoice': {
		method: 'sale.paysystem.pay.invoice',
		setup: (env, n) => bitrixInvoices(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'payInvoice', invoiceId: '={{ $json.id }}', paySystemId: 1 },
	},
};

// ------------------------------------------------------------------ Invoicebox
async function ibOrders(env, n, overrides = {}) {
	const out = [];
	for (let i = 1; i <= n; i++) out.push(await env.createOrder(overrides));
	return out;
}
async function ibPaidOrders(env, n) {
	const orders = await ibOrders(env, n);
	for (const o of orders) env.sandbox.payOrder(o.id);
	return orders;
}
const GUARANTEE = { paymentMethodId: '39363265', ...seedCustomer };
const ONE_UNIT = JSON.stringify([{ ...orderBody('x').basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }]);
const WHOLE_BASKET = JSON.stringify(orderBody('x').basketItems);

const invoicebox = {
	'order.cancel': {
		method: 'order.cancel',
		setup: async (env, n) => (await ibOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'order', operation: 'cancel', orderId: '={{ $json.id }}' },
	},
	'order.create': {
		method: 'order.create',
		setup: (env, n) => items(n, (i) => ({ number: `R-${i}` })),
		parameters: (env) => ({
			resource: 'order',
			operation: 'create',
			merchantId: env.sandbox.merchantId,
			merchantOrderId: '={{ $json.number }}',
			description: 'Consulting',
			currencyId: 'RUB',
			expirationDate: new Date(Date.now() + 86_400_000).toISOString(),
			basketInput: 'json',
			basketItemsJson: WHOLE_BASKET,
			customerInput: 'fields',
			customerType: 'legal',
			customerName: 'Example LLC',
		}),
	},
	'order.get': {
		method: 'order.list',
		setup: async (env, n) => (await ibOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'order', operation: 'get', orderId: '={{ $json.id }}' },
	},
	'order.getAll': {
		method: 'order.list',
		setup: async (env, n) => (await ibOrders(env, 1), same(n)),
		parameters: { resource: 'order', operation: 'getAll', returnAll: true },
	},
	'order.setStatus': {
		method: 'order.setStatus',
		setup: async (env, n) => (await ibOrders(env, n, { processable: false })).map((o) => ({ id: o.id })),
		parameters: { resource: 'order', operation: 'setStatus', orderId: '={{ $json.id }}', status: 'completed' },
	},
	'order.update': {
		method: 'order.update',
		setup: async (env, n) => (await ibOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'order', operation: 'update', orderId: '={{ $json.id }}', updateFields: { description: 'Changed' } },
	},
	'paymentConfirmation.pay': {
		method: 'guarantee.pay',
		setup: async (env, n) => {
			const orders = await ibOrders(env, n);
			for (const o of orders) {
				await env.api('POST', `/billing/api/order/${o.id}/payment-method-action/send-code`, { paymentMethodId: '39363265', customer: { type: 'legal', vatNumber: '1233123' } });
			}
			const codes = env.sandbox.snapshot().codes;
			return orders.map((o) => ({ id: o.id, publicCode: codes[o.id].publicCode, code: codes[o.id].code }));
		},
		parameters: { resource: 'paymentConfirmation', operation: 'pay', orderId: '={{ $json.id }}', publicCode: '={{ $json.publicCode }}', code: '={{ $json.code }}', ...GUARANTEE },
	},
	'paymentConfirmation.sendCode': {
		method: 'guarantee.sendCode',
		setup: async (env, n) => (await ibOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'paymentConfirmation', operation: 'sendCode', orderId: '={{ $json.id }}', ...GUARANTEE },
	},
	'paymentConfirmation.validate': {
		method: 'guarantee.validate',
		setup: async (env, n) => (await ibOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'paymentConfirmation', operation: 'validate', orderId: '={{ $json.id }}', ...GUARANTEE },
	},
	'refund.create': {
		method: 'refund.create',
		setup: async (env, n) => (await ibPaidOrders(env, n)).map((o, i) => ({ id: o.id, number: `REF-${i + 1}` })),
		parameters: {
			resource: 'refund',
			operation: 'create',
			orderId: '={{ $json.id }}',
			merchantOrderId: '={{ $json.number }}',
			description: 'Refund of one hour',
			basketInput: 'json',
			basketItemsJson: ONE_UNIT,
		},
	},
	'refund.getAll': {
		method: 'refund.list',
		setup: async (env, n) => {
			const [order] = await ibPaidOrders(env, 1);
			await env.api('POST', '/billing/api/order/refund-order', {
				parentId: order.id,
				merchantOrderId: 'REF-0',
				description: 'x',
				amount: 600,
				vatAmount: 100,
				basketItems: JSON.parse(ONE_UNIT),
			});
			return same(n);
		},
		parameters: { resource: 'refund', operation: 'getAll', returnAll: true },
	},
	'refund.getRefundableItems': {
		method: 'refund.items',
		setup: async (env, n) => (await ibPaidOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'refund', operation: 'getRefundableItems', orderId: '={{ $json.id }}' },
	},
	'shipment.create': {
		method: 'shipment.create',
		setup: async (env, n) => (await ibPaidOrders(env, n)).map((o) => ({ id: o.id })),
		parameters: { resource: 'shipment', operation: 'create', orderId: '={{ $json.id }}', basketInput: 'json', basketItemsJson: WHOLE_BASKET },
	},
	'shipment.get': {
		method: 'shipment.list',
		setup: async (env, n) => {
			const orders = await ibPaidOrders(env, n);
			for (const o of orders) await env.api('POST', '/billing/api/order/shipment', { orderId: o.id, basketItems: JSON.parse(WHOLE_BASKET) });
			return orders.map((o) => ({ id: o.id }));
		},
		parameters: { resource: 'shipment', operation: 'get', getBy: 'orderId', orderId: '={{ $json.id }}', returnAll: true },
	},
};

// ------------------------------------------------------------------ ActivePlatform
function apPayments(sandbox, n) {
	return items(n, (i) => {
		const p = sandbox.addPayment({ id: 100 + i, documentId: `00${100 + i}` });
		return { id: p.id, document: p.document_id };
	});
}

const activeplatform = {
	'payment.cancel': {
		method: 'payments.cancel',
		setup: (env, n) => apPayments(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'cancel', paymentId: '={{ $json.id }}' },
	},
	'payment.complete': {
		method: 'payments.complete',
		setup: (env, n) => apPayments(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'complete', paymentId: '={{ $json.id }}', paymentMethodId: 2 },
	},
	'payment.completeByDocument': {
		method: 'payments.completeByDocument',
		setup: (env, n) => apPayments(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'completeByDocument', documentId: '={{ $json.document }}', paymentMethodId: 2 },
	},
	'payment.completeFromBalance': {
		method: 'payments.completeFromBalance',
		setup: (env, n) => apPayments(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'completeFromBalance', paymentId: '={{ $json.id }}' },
	},
	'payment.create': {
		method: 'payments.create',
		setup: (env, n) => items(n, (i) => ({ comment: `Top-up ${i}` })),
		parameters: { resource: 'payment', operation: 'create', accountId: 505, total: 10, comment: '={{ $json.comment }}' },
	},
	'payment.get': {
		method: 'payments.get',
		setup: (env, n) => apPayments(env.sandbox, n),
		parameters: { resource: 'payment', operation: 'get', paymentId: '={{ $json.id }}' },
	},
	'payment.getAll': {
		method: 'payments.list',
		setup: (env, n) => (apPayments(env.sandbox, 1), same(n)),
		parameters: { resource: 'payment', operation: 'getAll', returnAll: true },
	},
};

/**
 * Every operation of the nodes' tables with its fixture (module load fails, naming it, when an
 * operation has none); `read` comes from the operation's own facts.
 */
const OPERATIONS = withFixtures('reliability catalogue', { bitrix24: bitrix, invoicebox, activeplatform });

/**
 * The operation's node parameters. The per-request suites (faults, re-runs) send each Bitrix24
 * call as its own request ("Send in Batches" off); `batches: true` keeps the default, batch calls.
 */
const parametersOf = (op, env, { batches = false } = {}) => {
	const parameters = typeof op.parameters === 'function' ? op.parameters(env) : op.parameters;
	if (op.api !== 'bitrix24' || batches) return parameters;
	return { ...parameters, rateLimitHandling: { ...(parameters.rateLimitHandling || {}), sendInBatches: false } };
};

/**
 * Calls of the operation's method the sandbox processed and accepted (2xx, not an injected answer
 * and not a connection it dropped before processing): the writes that took effect.
 */
function processed(env, op) {
	return env.sandbox
		.apiCalls(op.method)
		.filter((c) => c.status >= 200 && c.status < 300 && c.fault !== 'injected' && c.fault !== 'dropped before processing' && c.fault !== 'never answered').length;
	// (An answer replaced after processing keeps the API's own status: the write took effect.)
}

module.exports = { APIS, OPERATIONS, parametersOf, processed };
