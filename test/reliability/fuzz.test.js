'use strict';
/**
 * Bad input fuzzing (fast-check, seeded): for every operation of every node, fields filled with
 * generated junk that the field refuses (see arbitraries.js). Each property run sends a batch of
 * such values through the node as input items (the fuzzed field reads the item), with Continue
 * On Fail, and checks:
 * - zero unhandled exceptions: every item fails with a NodeOperationError;
 * - zero requests reach the sandbox;
 * - every error message names the field;
 * - no secret in what the run left behind.
 * Credentials are fuzzed too (one run per value: a credential is per run).
 */
const { runNode } = require('../helpers/n8n');
const { recordFigure } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');
const { APIS } = require('./catalogue');
const { withFixtures } = require('../helpers/operations');
const { fc, VALUE, refusedBy, ok, decode } = require('./arbitraries');

const SEED = 20261123;
/** Values per batch (one node run) and batches per field. */
const BATCH = 60;
const RUNS = 3;
const CREDENTIAL_RUNS = 40;

const UUID = '0187c6db-1637-c1ca-bef7-f6706799c41e';

/** Sets `path` (dots, numeric parts index arrays) of a copy of `parameters` to the fuzzed value. */
function withValue(parameters, path) {
	const copy = JSON.parse(JSON.stringify(parameters));
	const parts = path.split('.');
	let cur = copy;
	for (const part of parts.slice(0, -1)) {
		if (cur[part] === undefined) cur[part] = {};
		cur = cur[part];
	}
	cur[parts[parts.length - 1]] = VALUE;
	return copy;
}

/** A fuzzed field: its name in error messages, its parameter path, what it accepts, other parameters it needs. */
const field = (name, path, accepts, extra = {}) => ({ name, path, arbitrary: refusedBy(accepts), names: name, extra });
// Blank as the nodes read it (nodes/shared/json.ts isBlank): nothing, null, or only white space.
const blankOr = (accepts) => (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || accepts(v);

// ------------------------------------------------------------------ the operations and their fields
const ROW = { sku: 'A', name: 'Hour', measure: 'шт', measureCode: '796', quantity: 1, amount: 100, vatCode: 'VATNONE', type: 'service', paymentType: 'full_payment' };
const ibCreate = {
	resource: 'order',
	operation: 'create',
	merchantId: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
	merchantOrderId: 'N-1',
	description: 'Consulting',
	currencyId: 'RUB',
	expirationDate: '2099-01-01T00:00:00+03:00',
	basketInput: 'fields',
	basketItems: { item: [ROW] },
	customerInput: 'fields',
	customerType: 'legal',
	customerName: 'Example LLC',
};
const GUARANTEE = { orderId: UUID, paymentMethodId: '39363265', customerInput: 'fields', customerType: 'legal', customerName: 'X' };
const bxHandler = { resource: 'handler', operation: 'create', handlerName: 'H', handlerCode: 'h', actionUri: 'https://example.com/pay', parameterCodes: { code: [{ code: 'K', name: 'Key', sort: 100 }] } };
const limit = field('Limit', 'limit', (v) => {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
	return Number.isInteger(n) && n >= 1;
});

const FUZZ = {
	bitrix24: [
		['handler.create', bxHandler, [field('Name', 'handlerName', ok.text), field('Code', 'handlerCode', ok.text), field('Action URI', 'actionUri', ok.url), field('Settings (JSON)', 'settingsJson', ok.jsonObject, { settingsInput: 'json' })]],
		['handler.delete', { resource: 'handler', operation: 'delete', handlerId: 1 }, [field('Handler', 'handlerId', ok.id)]],
		['handler.getAll', { resource: 'handler', operation: 'getAll', returnAll: false, limit: 5 }, [limit]],
		['handler.update', { resource: 'handler', operation: 'update', handlerId: 1, updateFields: { name: 'N' } }, [field('Handler', 'handlerId', ok.id), field('Name', 'updateFields.name', (v) => v === undefined || ok.text(v))]],
		['paySystem.create', { resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 1, handlerCode: 'h' }, [field('Name', 'name', ok.text), field('Person Type', 'personTypeId', ok.id), field('Handler Code', 'handlerCode', ok.text)]],
		['paySystem.delete', { resource: 'paySystem', operation: 'delete', paySystemId: 1 }, [field('Pay System', 'paySystemId', ok.id)]],
		['paySystem.getInvoiceSettings', { resource: 'paySystem', operation: 'getInvoiceSettings', invoiceId: 1, paySystemId: 1 }, [field('Invoice ID', 'invoiceId', ok.id), field('Pay System', 'paySystemId', ok.id)]],
		['paySystem.getAll', { resource: 'paySystem', operation: 'getAll', returnAll: false, limit: 5, options: { filters: { filter: [{ field: 'ACTIVE', operator: 'eq', value: 'Y' }] } } }, [limit, field('Operator', 'options.filters.filter.0.operator', (v) => ['eq', 'gt', 'gte', 'in', 'lt', 'lte', 'like', 'likeRaw', 'neq', 'notIn', 'notLike', 'notLikeRaw'].includes(String(v)) || v === undefined || v === null)]],
		['paySystem.getPaymentSettings', { resource: 'paySystem', operation: 'getPaymentSettings', paymentId: 1, paySystemId: 1 }, [field('Payment ID', 'paymentId', ok.id), field('Pay System', 'paySystemId', ok.id)]],
		['paySystem.getSettings', { resource: 'paySystem', operation: 'getSettings', paySystemId: 1, settingsPersonTypeId: 0 }, [field('Pay System', 'paySystemId', ok.id), field('Person Type ID', 'settingsPersonTypeId', ok.nonNegativeInteger)]],
		['paySystem.update', { resource: 'paySystem', operation: 'update', paySystemId: 1, updateFields: { name: 'N' } }, [field('Pay System', 'paySystemId', ok.id), field('Name', 'updateFields.name', (v) => v === undefined || ok.text(v))]],
		['paySystem.updateSettings', { resource: 'paySystem', operation: 'updateSettings', paySystemId: 1, settingsValuesInput: 'json', settingsValuesJson: '{"K": {"TYPE": "VALUE", "VALUE": "x"}}' }, [field('Pay System', 'paySystemId', ok.id), field('Settings (JSON)', 'settingsValuesJson', ok.jsonObject)]],
		['payment.pay', { resource: 'payment', operation: 'pay', paymentId: 1, paySystemId: 1 }, [field('Payment ID', 'paymentId', ok.id), field('Pay System', 'paySystemId', ok.id)]],
		['payment.payInvoice', { resource: 'payment', operation: 'payInvoice', invoiceId: 1, identifyPaySystemBy: 'handlerCode', handlerCode: 'h' }, [field('Invoice ID', 'invoiceId', ok.id), field('Handler Code', 'handlerCode', ok.text)]],
	],
	invoicebox: [
		['order.cancel', { resource: 'order', operation: 'cancel', orderId: UUID }, [field('Order', 'orderId', ok.uuid)]],
		[
			'order.create',
			ibCreate,
			[
				field('Shop', 'merchantId', ok.uuid),
				field('Merchant Order ID', 'merchantOrderId', ok.text),
				field('Description', 'description', ok.text),
				field('Currency', 'currencyId', (v) => /^[A-Z]{3}$/.test(String(decode(v) ?? '').trim().toUpperCase()) && ok.text(v)),
				field('Expiration Date', 'expirationDate', ok.atomDate),
				field('Quantity', 'basketItems.item.0.quantity', (v) => ok.number(v) && Number(v) > 0),
				field('Success URL', 'additionalFields.successUrl', blankOr(ok.url)),
			],
		],
		['order.get', { resource: 'order', operation: 'get', orderId: UUID }, [field('Order', 'orderId', ok.uuid)]],
		['order.getAll', { resource: 'order', operation: 'getAll', returnAll: false, limit: 5 }, [limit, field('Merchant ID', 'filters.merchantId', blankOr(ok.uuid)), field('Created After', 'filters.createdAfter', (v) => !v || ok.atomDate(v))]],
		['order.setStatus', { resource: 'order', operation: 'setStatus', orderId: UUID, status: 'completed' }, [field('Order', 'orderId', ok.uuid), field('Status', 'status', (v) => ['canceled', 'completed', 'created', 'expired'].includes(v))]],
		['order.update', { resource: 'order', operation: 'update', orderId: UUID, updateFields: { description: 'x' } }, [field('Order', 'orderId', ok.uuid), field('Amount', 'updateFields.amount', blankOr(ok.number))]],
		['paymentConfirmation.pay', { resource: 'paymentConfirmation', operation: 'pay', publicCode: 'pc-1', code: '123456', ...GUARANTEE }, [field('Order', 'orderId', ok.uuid), field('Public Code', 'publicCode', ok.text), field('Code', 'code', ok.text)]],
		['paymentConfirmation.sendCode', { resource: 'paymentConfirmation', operation: 'sendCode', ...GUARANTEE }, [field('Order', 'orderId', ok.uuid), field('Payment Method ID', 'paymentMethodId', ok.text)]],
		['paymentConfirmation.validate', { resource: 'paymentConfirmation', operation: 'validate', ...GUARANTEE }, [field('Order', 'orderId', ok.uuid), field('Payment Method ID', 'paymentMethodId', ok.text)]],
		['refund.create', { resource: 'refund', operation: 'create', orderId: UUID, merchantOrderId: 'R-1', description: 'x', basketInput: 'fields', basketItems: { item: [ROW] } }, [field('Order', 'orderId', ok.uuid), field('Refund Merchant Order ID', 'merchantOrderId', ok.text), field('Basket Items (JSON)', 'basketItemsJson', () => false, { basketInput: 'json' })]],
		['refund.getAll', { resource: 'refund', operation: 'getAll', returnAll: true }, [field('Order ID', 'filters.parentId', blankOr(ok.uuid)), field('Refund ID', 'filters.id', blankOr(ok.uuid))]],
		['refund.getRefundableItems', { resource: 'refund', operation: 'getRefundableItems', orderId: UUID }, [field('Order', 'orderId', ok.uuid)]],
		['shipment.create', { resource: 'shipment', operation: 'create', orderId: UUID, basketInput: 'fields', basketItems: { item: [ROW] } }, [field('Order', 'orderId', ok.uuid), field('Document Date', 'additionalFields.documentDate', blankOr(ok.atomDate))]],
		['shipment.get', { resource: 'shipment', operation: 'get', getBy: 'shipmentId', shipmentId: 5 }, [field('Shipment ID', 'shipmentId', ok.id)]],
	],
	activeplatform: [
		['payment.cancel', { resource: 'payment', operation: 'cancel', paymentId: '5' }, [field('Payment ID', 'paymentId', ok.id), field('Reseller ID', 'resellerId', (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || ok.id(v))]],
		['payment.complete', { resource: 'payment', operation: 'complete', paymentId: '5', paymentMethodId: 2 }, [field('Payment ID', 'paymentId', ok.id), field('Payment Method ID', 'paymentMethodId', ok.id)]],
		[
			'payment.completeByDocument',
			{ resource: 'payment', operation: 'completeByDocument', documentId: '002018', paymentMethodId: 2 },
			[
				field('Document Number', 'documentId', (v) => ok.text(v) && !/[\s/\\?#%]/.test(String(v).trim()) && !/^\.+$/.test(String(v).trim())),
				field('Amount Paid', 'additionalFields.amount', (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (ok.number(v) && Number(v) > 0)),
				field('Currency Code', 'additionalFields.currencyCode', (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || /^[A-Z]{3}$/.test(String(v).trim().toUpperCase())),
			],
		],
		['payment.completeFromBalance', { resource: 'payment', operation: 'completeFromBalance', paymentId: '5' }, [field('Payment ID', 'paymentId', ok.id)]],
		['payment.create', { resource: 'payment', operation: 'create', accountId: 505, total: 10, comment: 'x' }, [field('Account ID', 'accountId', ok.id), field('Total', 'total', (v) => ok.number(v) && Number(v) > 0), field('Comment', 'comment', ok.text)]],
		['payment.get', { resource: 'payment', operation: 'get', paymentId: '5' }, [field('Payment ID', 'paymentId', ok.id)]],
		['payment.getAll', { resource: 'payment', operation: 'getAll', returnAll: false, limit: 5 }, [limit, field('Created After', 'filters.createdAfter', (v) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || ok.apDate(v))]],
	],
};

/** Every operation of the nodes' tables must have its fuzz fields here (this file fails to load naming one that has none). */
withFixtures('fuzzing', Object.fromEntries(Object.entries(FUZZ).map(([api, list]) => [api, Object.fromEntries(list.map(([key]) => [key, {}]))])));
const OPERATIONS = FUZZ;

/** Credential fields: [field name as the error names it, credential key, what it accepts]. */
const CREDENTIALS = {
	bitrix24: [['Webhook URL', 'secretWebhookUrl', () => false]],
	invoicebox: [
		['API Token', 'token', (v) => typeof v === 'string' && v.trim() !== '' && !/\s/.test(v.trim()) && !/^bearer\s/i.test(v.trim())],
		// Blank (or not text): the default address, https://api.invoicebox.ru.
		['Base URL', 'baseUrl', (v) => !(typeof v === 'string' && v.trim())],
		['API Prefix', 'apiPrefix', (v) => v === undefined || v === null || ['v3', 'l3'].includes(String(v))],
	],
	activeplatform: [
		['Base URL', 'baseUrl', () => false],
		['API Token', 'apiToken', (v) => typeof v === 'string' && /^[\x21-\x7e]+$/.test(v.trim())],
		['Default Reseller ID', 'resellerId', ok.id],
	],
};

/** A failed property shows its cause, not the whole (large) batch of values. */
function briefReport(details) {
	if (details.failed) throw details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.error));
}

const envs = {};
beforeAll(async () => {
	for (const api of Object.keys(APIS)) envs[api] = await APIS[api].start();
});
afterAll(async () => {
	for (const env of Object.values(envs)) await env.sandbox.close();
});

const totals = { cases: 0 };
afterAll(() => console.log(`Bad input fuzzing: ${totals.cases} cases, seed ${SEED}`));

const short = (v) => (v === undefined ? 'undefined' : JSON.stringify(v).slice(0, 60));

function checkRefused(api, result, names, values) {
	const env = envs[api];
	expect(result.error).toBeUndefined();
	expect(result.outputItems).toHaveLength(values.length);
	// Every value that was not refused with a NodeOperationError naming the field (first five).
	const wrong = result.outputItems
		.map((item, i) => ({ value: short(values[i]), error: item.error ? `${item.error.name}: ${item.error.message}` : 'no error' }))
		.filter((w) => !w.error.startsWith('NodeOperationError') || !w.error.includes(names))
		.slice(0, 5);
	expect(wrong).toEqual([]);
	expect(env.sandbox.apiCalls().map((c) => c.method)).toEqual([]);
	expect(scanForSecrets(`fuzz ${api}`, result, env.secrets)).toEqual([]);
}

describe.each(Object.keys(OPERATIONS))('%s', (api) => {
	describe.each(OPERATIONS[api])('%s', (operation, base, fields) => {
		test.each(fields.map((f) => [f.name, f]))('%s', async (_, f) => {
			let cases = 0;
			await fc.assert(
				fc.asyncProperty(fc.array(f.arbitrary, { minLength: BATCH, maxLength: BATCH }), async (values) => {
					const env = envs[api];
					env.sandbox.clear();
					const parameters = withValue({ ...base, ...f.extra }, f.path);
					const result = await runNode({
						type: APIS[api].type,
						parameters,
						credentials: env.credentials(),
						items: values.map((v) => (v === undefined ? {} : { v })),
						continueOnFail: true,
					});
					cases += values.length;
					checkRefused(api, result, f.names, values);
				}),
				{ seed: SEED, numRuns: RUNS, endOnFailure: true, reporter: briefReport },
			);
			totals.cases += cases;
			recordFigure('fuzz', { api, operation: `${api} ${operation}`, field: f.name, cases, requests: envs[api].sandbox.apiCalls().length });
		});
	});

	test.each(CREDENTIALS[api])('credential: %s', async (name, key, accepts) => {
		const [operation, base] = OPERATIONS[api].find(([, , fields]) => fields.length);
		let cases = 0;
		await fc.assert(
			fc.asyncProperty(refusedBy(accepts), async (raw) => {
				const env = envs[api];
				env.sandbox.clear();
				const value = decode(raw);
				const result = await runNode({ type: APIS[api].type, parameters: base, credentials: env.credentials({ [key]: value }), continueOnFail: true });
				cases++;
				expect(result.outputItems).toHaveLength(1);
				expect(result.outputItems[0].error?.name).toBe('NodeOperationError');
				expect(result.outputItems[0].error.message).toContain(name);
				expect(env.sandbox.apiCalls()).toHaveLength(0);
				expect(scanForSecrets(`fuzz ${api} credential`, result, env.secrets)).toEqual([]);
			}),
			{ seed: SEED, numRuns: CREDENTIAL_RUNS, endOnFailure: true, reporter: briefReport },
		);
		totals.cases += cases;
		recordFigure('fuzz', { api, operation: `${api} credential (${operation})`, field: name, cases, requests: 0 });
	});
});

