'use strict';
/**
 * Every documented Bitrix24 error code (system table + each method's codes), produced by the
 * sandbox the way a portal produces it (or injected, for portal-side failures no request can
 * cause), becomes a NodeApiError with the code, the HTTP status and a hint.
 */
const { useBitrix, codeEntry, seedPaySystem } = require('./fixtures');
const { BITRIX_ERRORS } = require('../../dist/nodes/Bitrix24PaySystem/transport/errors');
const { BITRIX_SANDBOX_ERRORS } = require('../../sandboxes/bitrix24');
const { recordErrorCoverage } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');

const env = useBitrix();

const pay = { resource: 'payment', operation: 'pay', paymentId: 1, paySystemId: 1 };
const handlerList = { resource: 'handler', operation: 'getAll', returnAll: true };
const handler = (code = 'h1', extra = {}) => ({
	resource: 'handler',
	operation: 'create',
	handlerName: 'H',
	handlerCode: code,
	actionUri: 'https://example.com/pay',
	parameterCodes: { code: [codeEntry('K', 'Key', 100)] },
	...extra,
});
const inject = (code) => () => {
	const [status, text] = BITRIX_SANDBOX_ERRORS[code];
	env.sandbox.faults.add({ status, body: { error: code, error_description: text } });
};
const sb = () => env.sandbox;

/** code → how to make the portal answer with it. */
const scenarios = {
	// system errors
	INTERNAL_SERVER_ERROR: { setup: inject('INTERNAL_SERVER_ERROR'), parameters: pay, how: 'injected: a portal-side failure that no request can cause' },
	ERROR_UNEXPECTED_ANSWER: { setup: inject('ERROR_UNEXPECTED_ANSWER'), parameters: pay, how: 'injected: a portal-side failure no request can cause' },
	QUERY_LIMIT_EXCEEDED: {
		setup: () => sb().faults.add({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }, times: Infinity }),
		parameters: { ...pay, rateLimitHandling: { maxWait: 1 } },
		how: 'bucket always full, Max Wait 1 s',
	},
	OPERATION_TIME_LIMIT: {
		setup: () => sb().faults.add({ status: 429, body: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked' }, times: Infinity }),
		parameters: { ...pay, rateLimitHandling: { maxWait: 1 } },
		how: 'method blocked, Max Wait 1 s',
	},
	OVERLOAD_LIMIT: { setup: () => Object.assign(sb().portal, { overloaded: true }), parameters: pay, how: 'portal blocked for overload' },
	ERROR_BATCH_METHOD_NOT_ALLOWED: { setup: inject('ERROR_BATCH_METHOD_NOT_ALLOWED'), parameters: pay, how: 'injected: the node never calls batch (the sandbox gives it for a batch inside a batch)' },
	ERROR_BATCH_LENGTH_EXCEEDED: { setup: inject('ERROR_BATCH_LENGTH_EXCEEDED'), parameters: pay, how: 'injected: the node never calls batch (the sandbox gives it for 51 commands)' },
	NO_AUTH_FOUND: { credentials: { secretWebhookUrl: 'WRONG' }, parameters: pay, how: 'wrong webhook code' },
	EXPIRED_TOKEN: { setup: () => (sb().webhooks[0].expired = true), cleanup: () => (sb().webhooks[0].expired = false), parameters: pay, code: 'expired_token', how: 'webhook expired' },
	INVALID_REQUEST: { setup: inject('INVALID_REQUEST'), parameters: pay, how: 'injected: the sandbox serves plain HTTP on loopback, which the node allows only there' },
	ACCESS_DENIED: { setup: () => Object.assign(sb().portal, { restAvailable: false }), parameters: pay, how: 'REST not on the plan' },
	INVALID_CREDENTIALS: { setup: () => (sb().webhooks[0].active = false), cleanup: () => (sb().webhooks[0].active = true), parameters: pay, how: 'webhook user deactivated' },
	INSUFFICIENT_SCOPE: {
		setup: () => (sb().webhooks[0].scopes = ['crm']),
		cleanup: () => (sb().webhooks[0].scopes = ['pay_system', 'sale', 'crm']),
		parameters: pay,
		code: 'insufficient_scope',
		how: 'webhook without pay_system',
	},
	USER_ACCESS_ERROR: { setup: inject('user_access_error'), parameters: pay, code: 'user_access_error', how: 'injected: concerns OAuth applications restricted to users, not webhooks' },
	ERROR_MANIFEST_IS_NOT_AVAILABLE: { setup: inject('ERROR_MANIFEST_IS_NOT_AVAILABLE'), parameters: pay, how: 'injected: a portal-side manifest problem no request can cause' },
	PORTAL_DELETED: { setup: () => Object.assign(sb().portal, { deleted: true }), parameters: pay, how: 'portal deleted' },
	WRONG_AUTH_TYPE: { setup: inject('WRONG_AUTH_TYPE'), parameters: pay, how: 'injected: no operation of the node calls an OAuth-only method (the sandbox gives it for placement.*)' },
	ERROR_METHOD_NOT_FOUND: {
		setup: () => sb().faults.add({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } }),
		parameters: pay,
		how: 'injected: a portal without the sale module (every sandbox method exists)',
	},
	PAYMENT_REQUIRED: { setup: inject('PAYMENT_REQUIRED'), parameters: pay, how: 'injected: documented for OAuth token exchange only (paid period of an application)' },
	// method errors
	ERROR_CHECK_FAILURE: { parameters: pay, how: 'pay a payment that does not exist' },
	ERROR_HANDLER_ALREADY_EXIST: { setup: () => seedPaySystem(sb(), { code: 'h1' }), parameters: handler('h1'), how: 'handler.add with a used CODE' },
	ERROR_HANDLER_ADD: { setup: inject('ERROR_HANDLER_ADD'), parameters: handler('h1'), how: 'injected: the handler table refused the row (the portal checks no more than the node does)' },
	ERROR_HANDLER_NOT_FOUND: { parameters: { resource: 'handler', operation: 'delete', handlerId: 99 }, how: 'handler.delete of a missing handler' },
	ERROR_HANDLER_UPDATE: {
		setup: () => (seedPaySystem(sb(), { code: 'h1' }), inject('ERROR_HANDLER_UPDATE')()),
		parameters: { resource: 'handler', operation: 'update', handlerId: 1, updateFields: { name: 'Renamed' } },
		how: 'injected: the handler table refused the change (the portal updates the row as given)',
	},
	ERROR_HANDLER_DELETE: {
		setup: () => {
			seedPaySystem(sb(), { code: 'h1' });
			sb().state.paySystems.length = 0;
			sb().state.handlers[0].undeletable = true;
		},
		parameters: { resource: 'handler', operation: 'delete', handlerId: 1 },
		how: 'handler.delete of a locked handler',
	},
	ERROR_PAY_SYSTEM_DELETE: { setup: () => seedPaySystem(sb(), { code: 'h1' }), parameters: { resource: 'handler', operation: 'delete', handlerId: 1 }, how: 'handler.delete while a pay system uses it' },
	ERROR_PAY_SYSTEM_ADD: {
		setup: () => {
			seedPaySystem(sb(), { code: 'h1' });
			sb().state.failures.add = 'The pay system could not be saved';
		},
		parameters: { resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 1, handlerCode: 'h1', additionalFields: { entityRegistryType: 'ORDER' } },
		how: 'the portal could not save the pay system (Manager::add failed)',
	},
	ERROR_PERSON_TYPE_NOT_FOUND: {
		setup: () => seedPaySystem(sb(), { code: 'h1' }),
		parameters: { resource: 'paySystem', operation: 'create', name: 'P', personTypeId: 3, handlerCode: 'h1', additionalFields: { entityRegistryType: 'ORDER' } },
		how: 'payer type of another registry',
	},
	ERROR_PAY_SYSTEM_NOT_FOUND: { parameters: { resource: 'paySystem', operation: 'delete', paySystemId: 42 }, how: 'delete a missing pay system' },
	ERROR_INTERNAL_ORDER_NOT_FOUND: {
		setup: () => {
			const { paySystemId } = seedPaySystem(sb());
			sb().addPayment({ id: 1, paySystemId });
			sb().state.orders.clear();
		},
		parameters: { resource: 'paySystem', operation: 'getPaymentSettings', paymentId: 1, paySystemId: 1 },
		how: 'payment whose order is gone',
	},
	ERROR_PROCESS_REQUEST_RESULT: {
		setup: () => {
			const { paySystemId } = seedPaySystem(sb());
			sb().addPayment({ id: 1, paySystemId, canceled: true });
		},
		parameters: pay,
		how: 'pay a payment of a cancelled order',
	},
	ERROR_INVOICE_NO_SUPPORTED: {
		setup: () => (sb().state.invoicesSupported = false),
		parameters: { resource: 'payment', operation: 'payInvoice', invoiceId: 1, paySystemId: 1 },
		how: 'portal without legacy invoices (the crm module)',
	},
	200040300010: {
		setup: () => sb().faults.add({ status: 400, body: { error: 200040300010, error_description: 'Access Denied' } }),
		parameters: pay,
		how: 'injected: only the editor\'s payer-type list calls sale.persontype.list (test/bitrix24/lists.test.js gets it from the sandbox)',
	},
	ERROR_INTERNAL_INVOICE_NOT_FOUND: {
		setup: () => seedPaySystem(sb(), { registry: 'CRM_INVOICE', personType: 3 }),
		parameters: { resource: 'payment', operation: 'payInvoice', invoiceId: 404, paySystemId: 1 },
		how: 'missing legacy invoice',
	},
};

test('every documented code has a scenario', () => {
	expect(Object.keys(scenarios).sort()).toEqual(Object.keys(BITRIX_ERRORS).sort());
});

const coverage = [];
afterAll(() => {
	// The table printed for the closing note and the reliability suite.
	console.log(
		`Bitrix24 error coverage (${coverage.length}/${Object.keys(BITRIX_ERRORS).length}):\n` +
			coverage.map((c) => `  ${c.code.padEnd(34)} HTTP ${c.status}  ${c.how}`).join('\n'),
	);
});

describe.each(Object.entries(scenarios))('%s', (key, scenario) => {
	test('gives a NodeApiError with the code, the status and a hint', async () => {
		scenario.setup?.();
		try {
			const credentials = scenario.credentials
				? env.credentials({ secretWebhookUrl: env.sandbox.webhookUrl().replace('sandboxwebhookcode1', 'wrongcode'), ...{} })
				: undefined;
			const result = await env.run(scenario.parameters, credentials ? { credentials } : {});
			const { error } = result;
			const code = scenario.code ?? key;
			const status = scenario.status ?? BITRIX_ERRORS[key].status;
			expect(error).toBeDefined();
			expect(error.name).toBe('NodeApiError');
			expect(error.context.apiCode).toBe(code);
			expect(error.httpCode).toBe(String(status));
			expect(error.message).toContain(`[Bitrix24 ${code}, HTTP ${status}]`);
			expect(typeof error.description).toBe('string');
			expect(error.description.length).toBeGreaterThan(20);
			expect(error.message + error.description).not.toContain('sandboxwebhookcode1');
			expect(scanForSecrets(`bitrix24 error ${code}`, result, ['sandboxwebhookcode1'])).toEqual([]);
			coverage.push({ code, status, how: scenario.how });
			recordErrorCoverage('bitrix24', { code, status, hint: error.description, how: scenario.how });
		} finally {
			scenario.cleanup?.();
		}
	});
});

test('insufficient_scope names the scope to tick', async () => {
	sb().webhooks[0].scopes = ['crm'];
	try {
		const { error } = await env.run(pay);
		expect(error.description).toMatch(/pay_system/);
		expect(error.description).toMatch(/tick/);
	} finally {
		sb().webhooks[0].scopes = ['pay_system', 'sale', 'crm'];
	}
});

test('ERROR_HANDLER_ALREADY_EXIST says the code must be unique', async () => {
	seedPaySystem(sb(), { code: 'h1' });
	const { error } = await env.run(handler('h1'));
	expect(error.message).toMatch(/already exists/);
	expect(error.description).toMatch(/unique/);
	expect(error.description).toContain('Bitrix24 said: Handler already exists!');
});

test('a code with a leading space (as in the pay.payment page) is still recognised', async () => {
	sb().faults.add({ status: 400, body: { error: ' ERROR_CHECK_FAILURE', error_description: 'x' } });
	const { error } = await env.run(pay);
	expect(error.context.apiCode).toBe('ERROR_CHECK_FAILURE');
});

test('an error inside a 200 answer is still an error', async () => {
	sb().faults.add({ status: 200, body: { error: 'ERROR_CHECK_FAILURE', error_description: 'x' } });
	const { error } = await env.run(pay);
	expect(error.context.apiCode).toBe('ERROR_CHECK_FAILURE');
});

test('an unknown code keeps the code and Bitrix24\'s own text', async () => {
	sb().faults.add({ status: 400, body: { error: 'SOMETHING_NEW', error_description: 'Brand new failure' } });
	const { error } = await env.run(pay);
	expect(error.context.apiCode).toBe('SOMETHING_NEW');
	expect(error.description).toContain('Brand new failure');
});

test('an HTML error page is reported without crashing', async () => {
	sb().faults.add({ status: 502, raw: '<html><body>Bad Gateway</body></html>' });
	const { error } = await env.run(pay);
	expect(error.name).toBe('NodeApiError');
	expect(error.context.apiCode).toBe('HTTP_502');
});

test('Continue On Fail gives one error item per failed item, the others go through', async () => {
	const { paySystemId } = seedPaySystem(sb());
	sb().addPayment({ id: 1, paySystemId });
	sb().addPayment({ id: 3, paySystemId });
	const r = await env.run(
		{ ...pay, paymentId: '={{ $json.id }}' },
		{ items: [{ id: 1 }, { id: 2 }, { id: 3 }], continueOnFail: true },
	);
	expect(r.error).toBeUndefined();
	expect(r.outputItems).toHaveLength(3);
	expect(r.outputItems[0].json).toEqual({ success: true, paymentId: 1, paySystemId });
	expect(r.outputItems[1].error?.context?.apiCode ?? r.outputItems[1].json.error).toBeTruthy();
	expect(r.outputItems[1].json.error).toMatch(/ERROR_CHECK_FAILURE/);
	expect(r.outputItems[2].json).toEqual({ success: true, paymentId: 3, paySystemId });
	expect(sb().snapshot().payCalls).toEqual({ 1: 1, 3: 1 });
});
