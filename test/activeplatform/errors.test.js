'use strict';
/**
 * ActivePlatform's errors as a user meets them: a NodeApiError whose message names what went
 * wrong with the code and HTTP status, whose description says what to do, with
 * `context.apiCode` / `context.httpStatus` for workflows; never the token.
 */
const { useActivePlatform, visible, TOKEN, DOWNSTREAM_TOKEN, READ_ONLY_TOKEN } = require('./fixtures');

const { recordErrorCoverage } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');

const env = useActivePlatform();

/** A coverage-table row for a code of the node's catalogue, once its NodeApiError was checked. */
function covered(result, how) {
	const { error } = result;
	expect(scanForSecrets(`activeplatform error ${error.context.apiCode}`, result, [TOKEN, DOWNSTREAM_TOKEN, READ_ONLY_TOKEN])).toEqual([]);
	recordErrorCoverage('activeplatform', { code: error.context.apiCode, status: error.context.httpStatus, hint: error.description, how });
}

function expectApiError(result, code, status) {
	const error = result.error;
	expect(error).toBeDefined();
	expect(error.name).toBe('NodeApiError');
	expect(error.message).toContain(`[ActivePlatform ${code}, HTTP ${status}]`);
	expect(error.context).toMatchObject({ apiCode: code, httpStatus: status });
	expect(String(error.description ?? '').trim()).not.toBe('');
	expect(visible(result)).not.toContain(TOKEN);
	return error;
}

const jsonApi = (status, title, detail) => ({ errors: [{ status: String(status), title, ...(detail ? { detail } : {}) }] });

/**
 * Every status the node knows, answered by the installation (injected on Get), in the array
 * form, the documented object form, with a numeric status, or without a body at all.
 */
const TABLE = [
	[400, 'BAD_REQUEST', { errors: [{ status: '400', title: 'Bad Request', detail: 'Unknown include: foo', source: { pointer: '/include' } }] }, /Unknown include: foo \(include\)/],
	[401, 'UNAUTHORIZED', jsonApi(401, 'Unauthorized', 'Invalid API token'), /API token/],
	[403, 'FORBIDDEN', jsonApi(403, 'Forbidden'), /Reseller ID/],
	[404, 'NOT_FOUND', { errors: { title: 'Not found', status: '404' } }, /Payment ID/],
	[405, 'METHOD_NOT_ALLOWED', jsonApi(405, 'Method Not Allowed'), /API version/],
	[406, 'NOT_ACCEPTABLE', jsonApi(406, 'Not Acceptable'), /Accept header/],
	[409, 'CONFLICT', { errors: { title: 'Conflict', status: 409 } }, /Payment → Get/],
	[415, 'UNSUPPORTED_MEDIA_TYPE', jsonApi(415, 'Unsupported Media Type'), /Content-Type/],
	[422, 'UNPROCESSABLE_ENTITY', { errors: { title: 'Something is invalid', status: '422' } }, /Something is invalid/],
	[500, 'INTERNAL_SERVER_ERROR', jsonApi(500, 'Internal Server Error'), /Try again later/],
	[502, 'BAD_GATEWAY', '<html>Bad gateway</html>', /not a JSON:API error document/],
	[504, 'GATEWAY_TIMEOUT', '', /Try again later/],
	[418, 'HTTP_418', jsonApi(418, "I'm a teapot"), /teapot/],
	[422, 'payment_locked', { errors: [{ status: '422', code: 'payment_locked', title: 'Payment is locked' }] }, /Payment is locked/],
];

test.each(TABLE)('HTTP %i → %s', async (status, code, body, description) => {
	env.sandbox.addPayment({ id: 5 });
	env.sandbox.faults.add({
		match: { method: 'payments.get' },
		status,
		times: Infinity,
		...(typeof body === 'string' ? { raw: body } : { body }),
	});
	const result = await env.run({ operation: 'get', paymentId: '5' });
	const error = expectApiError(result, code, status);
	expect(`${error.message}\n${error.description}`).toMatch(description);
	if (!code.startsWith('HTTP_') && code !== 'payment_locked') {
		covered(result, `injected on Get (${typeof body === 'string' ? (body ? 'an HTML page' : 'no body') : Array.isArray(body.errors) ? 'JSON:API errors array' : 'documented errors object'})`);
	}
});

test('HTTP 429 that lasts longer than Max Wait → TOO_MANY_REQUESTS, nothing processed', async () => {
	env.sandbox.addPayment({ id: 5 });
	env.sandbox.faults.add({ match: { method: 'payments.get' }, status: 429, times: Infinity, headers: { 'Retry-After': '1' }, body: jsonApi(429, 'Busy') });
	const result = await env.run({ operation: 'get', paymentId: '5', rateLimitHandling: { maxWait: 1 } });
	const error = expectApiError(result, 'TOO_MANY_REQUESTS', 429);
	expect(error.description).toMatch(/Max Wait/);
	covered(result, 'refused on every try (Retry-After 1 s), Max Wait 1 s');
});

test('HTTP 503 on every try of a read → SERVICE_UNAVAILABLE after 3 tries (a 503 proves nothing, so it is not a rate limit)', async () => {
	env.sandbox.addPayment({ id: 5 });
	env.sandbox.faults.add({ match: { method: 'payments.get' }, status: 503, times: Infinity, body: jsonApi(503, 'Busy') });
	const result = await env.run({ operation: 'get', paymentId: '5' });
	const error = expectApiError(result, 'SERVICE_UNAVAILABLE', 503);
	expect(error.description).toMatch(/Try again later/);
	expect(env.sandbox.apiCalls('payments.get')).toHaveLength(3);
	covered(result, 'unavailable on every try, read resent twice');
});

describe('the documented 422 of Complete, with the current status', () => {
	test.each([
		['completed', /already paid/],
		['paid_from_balance', /already paid/],
		['cancelled', /create a new payment/],
		['processing', /gateway is processing/],
		['receipt_sent', /receipt/],
	])('status %s', async (status, hint) => {
		env.sandbox.addPayment({ id: 6, status });
		const result = await env.run({ operation: 'complete', paymentId: '6', paymentMethodId: 2 });
		const error = expectApiError(result, 'PAYMENT_NOT_COMPLETABLE', 422);
		if (status === 'completed') covered(result, 'complete a payment that is already completed');
		const words = status.replace(/_/g, ' ').replace('paid from balance', 'paid from balance');
		expect(error.message).toContain(`its status is "${words}"`);
		expect(error.message).toContain('only payments with status "waiting for payment" or "expired" can be completed');
		expect(error.description).toMatch(hint);
		expect(error.context.details).toMatchObject({ currentStatus: status, paymentId: '6' });
		expect(env.sandbox.writes()).toHaveLength(0);
	});

	test('an expired payment is completed', async () => {
		env.sandbox.addPayment({ id: 6, status: 'expired' });
		const result = await env.run({ operation: 'complete', paymentId: '6', paymentMethodId: 2 });
		expect(result.error).toBeUndefined();
		expect(result.items[0].status).toBe('completed');
	});

	test('when the payment cannot be read, the error still says what the API said', async () => {
		env.sandbox.addPayment({ id: 6, status: 'completed' });
		env.sandbox.faults.add({ match: { method: 'payments.get' }, status: 500, body: jsonApi(500, 'Boom') });
		const error = expectApiError(await env.run({ operation: 'complete', paymentId: '6', paymentMethodId: 2 }), 'PAYMENT_NOT_COMPLETABLE', 422);
		expect(error.message).toBe(
			'Payment 6 cannot be completed: only payments with status "waiting for payment" or "expired" can be completed [ActivePlatform PAYMENT_NOT_COMPLETABLE, HTTP 422]',
		);
		expect(error.description).toContain('Only payments with "waiting for payment/expired" status can be completed.');
		// one read, never repeated: the explanation is best effort
		expect(env.sandbox.apiCalls('payments.get')).toHaveLength(1);
	});

	// "Don't Check": the POST is sent as it is (the check before it is tested in completeByDocument.test.js).
	test('by document number: the status is read through the list filtered on the number', async () => {
		env.sandbox.addPayment({ id: 7, status: 'completed', documentId: '000123' });
		env.sandbox.faults.add({
			match: { method: 'payments.completeByDocument' },
			status: 422,
			body: { errors: { title: 'Only payments with "waiting for payment/expired" status can be completed.', status: '422' } },
		});
		const error = expectApiError(
			await env.run({ operation: 'completeByDocument', documentId: '000123', paymentMethodId: 2, treatAlreadyDoneAsSuccess: false }),
			'PAYMENT_NOT_COMPLETABLE',
			422,
		);
		expect(error.message).toContain('The payment with document number 000123 cannot be completed: its status is "completed"');
		expect(env.sandbox.apiCalls('payments.list')[0].query).toEqual({ filter: { document_id: '000123' }, page: { size: '100', number: '1' } });
	});

	test('by document number: a list that ignores the filter does not lend another payment its status', async () => {
		env.sandbox.addPayment({ id: 7, status: 'cancelled', documentId: '999' });
		env.sandbox.faults.add({
			match: { method: 'payments.completeByDocument' },
			status: 422,
			body: { errors: { title: 'Only payments with "waiting for payment/expired" status can be completed.', status: '422' } },
		});
		env.sandbox.faults.add({ match: { method: 'payments.list' }, status: 200, body: { data: [env.sandbox.payment(7)] } });
		const error = expectApiError(
			await env.run({ operation: 'completeByDocument', documentId: '000123', paymentMethodId: 2, treatAlreadyDoneAsSuccess: false }),
			'PAYMENT_NOT_COMPLETABLE',
			422,
		);
		expect(error.message).not.toContain('its status is');
		expect(error.context.details).toBeUndefined();
	});
});

describe('other refusals of a change', () => {
	test('cancelling a paid payment', async () => {
		env.sandbox.addPayment({ id: 8, status: 'completed' });
		const result = await env.run({ operation: 'cancel', paymentId: '8' });
		const error = expectApiError(result, 'PAYMENT_NOT_CANCELLABLE', 422);
		covered(result, 'cancel a paid payment');
		expect(error.message).toContain('Payment 8 cannot be cancelled: its status is "completed"');
		expect(error.description).toContain('A paid payment cannot be cancelled.');
	});

	test('cancelling a payment of a postpaid invoice', async () => {
		env.sandbox.addPayment({ id: 8, postpaid: true });
		const error = expectApiError(await env.run({ operation: 'cancel', paymentId: '8' }), 'PAYMENT_NOT_CANCELLABLE', 422);
		expect(error.message).toContain('its status is "waiting for payment"');
		expect(error.description).toMatch(/postpaid invoice/);
		expect(error.description).toContain('Payments linked to postpaid invoices cannot be cancelled.');
	});

	test.each([
		['a top-up payment', { topUp: true }, 'Top-up payments cannot be paid from balance.'],
		['a balance too small', { accountId: 506, total: 50 }, 'Insufficient funds on the account balance.'],
		['an expired payment', { status: 'expired' }, 'Only payments with "waiting for payment" status can be paid from balance.'],
	])('paying from balance: %s', async (_name, payment, said) => {
		env.sandbox.addPayment({ id: 9, ...payment });
		const error = expectApiError(await env.run({ operation: 'completeFromBalance', paymentId: '9' }), 'UNPROCESSABLE_ENTITY', 422);
		expect(error.message).toMatch(/^Payment 9 cannot be paid from balance \(its status is "(waiting for payment|expired)"\)/);
		expect(error.description).toContain(`ActivePlatform said: ${said}`);
	});

	test('an inactive payment method: the hint names the field, and no status read is made', async () => {
		env.sandbox.addPayment({ id: 10 });
		const error = expectApiError(await env.run({ operation: 'complete', paymentId: '10', paymentMethodId: 7 }), 'UNPROCESSABLE_ENTITY', 422);
		expect(error.description).toMatch(/Payment Method ID/);
		expect(error.description).toContain('Payment method is inactive (data/attributes/payment_method_id)');
		expect(env.sandbox.apiCalls().map((c) => c.method)).toEqual(['payments.complete']);
	});

	test('Create with an account of another reseller', async () => {
		const error = expectApiError(
			await env.run({ operation: 'create', accountId: 7310, total: 5, comment: 'x' }),
			'UNPROCESSABLE_ENTITY',
			422,
		);
		expect(error.description).toMatch(/Account ID/);
		expect(error.description).toContain('Account not found');
	});
});

describe('access', () => {
	test('a foreign reseller is refused', async () => {
		env.sandbox.addPayment({ id: 11, resellerId: 4, accountId: 9001 });
		const result = await env.run({ operation: 'complete', paymentId: '11', paymentMethodId: 2, resellerId: '4' });
		const error = expectApiError(result, 'FORBIDDEN', 403);
		expect(error.description).toMatch(/reseller 4/);
		expect(error.description).toContain('ActivePlatform said: Forbidden: Reseller 4 is neither the current reseller nor one of its downstream resellers');
		expect(env.sandbox.writes()).toHaveLength(0);
		expect(env.sandbox.payment(11).attributes.status).toBe('waiting_for_payment');
	});

	test("a downstream reseller's token cannot act on its upstream reseller", async () => {
		env.sandbox.addPayment({ id: 12 });
		const credentials = env.credentials({ apiToken: DOWNSTREAM_TOKEN, resellerId: '2' });
		const result = await env.run({ operation: 'get', paymentId: '12', resellerId: '1' }, { credentials });
		expectApiError(result, 'FORBIDDEN', 403);
		expect(visible(result)).not.toContain(DOWNSTREAM_TOKEN);
	});

	test("a manager whose role may not change payments", async () => {
		env.sandbox.addPayment({ id: 13 });
		const credentials = env.credentials({ apiToken: READ_ONLY_TOKEN });
		expect((await env.run({ operation: 'get', paymentId: '13' }, { credentials })).error).toBeUndefined();
		const error = expectApiError(await env.run({ operation: 'cancel', paymentId: '13' }, { credentials }), 'FORBIDDEN', 403);
		expect(error.description).toMatch(/role/);
	});

	test('a wrong token: 401, and neither token shows anywhere', async () => {
		const wrong = 'wrongTokenQ8v3Lp';
		const result = await env.run({ operation: 'getAll', returnAll: true }, { credentials: env.credentials({ apiToken: wrong }) });
		const error = expectApiError(result, 'UNAUTHORIZED', 401);
		expect(error.description).toMatch(/API token/);
		expect(visible(result)).not.toContain(wrong);
	});

	test('an unknown payment: 404 with a hint about the IDs', async () => {
		const error = expectApiError(await env.run({ operation: 'get', paymentId: '404404' }), 'NOT_FOUND', 404);
		expect(error.description).toMatch(/No payment 404404 under reseller 1/);
	});

	test('an unknown document number: 404 with a hint about leading zeros', async () => {
		env.sandbox.addPayment({ id: 14, documentId: '2018' });
		const error = expectApiError(
			await env.run({ operation: 'completeByDocument', documentId: '02018', paymentMethodId: 2 }),
			'NOT_FOUND',
			404,
		);
		expect(error.description).toMatch(/leading zeros/);
	});
});

test('an answer that is not JSON:API (a proxy page) on a write says to check before running it again', async () => {
	env.sandbox.addPayment({ id: 15 });
	env.sandbox.faults.add({ match: { method: 'payments.complete' }, status: 200, raw: '<html>Maintenance</html>' });
	const error = expectApiError(await env.run({ operation: 'complete', paymentId: '15', paymentMethodId: 2 }), 'INVALID_RESPONSE', 200);
	expect(error.description).toMatch(/check payment 15/);
	expect(env.sandbox.apiCalls('payments.complete')).toHaveLength(1);
});

test('with "continue on fail", a refused item becomes an error item and the others go on', async () => {
	env.sandbox.addPayment({ id: 16 });
	env.sandbox.addPayment({ id: 17, status: 'cancelled' });
	env.sandbox.addPayment({ id: 18 });
	const result = await env.run(
		{ operation: 'complete', paymentId: '={{ $json.id }}', paymentMethodId: 2 },
		{ items: [{ id: 16 }, { id: 17 }, { id: 18 }], continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.status ?? i.error)).toEqual([
		'completed',
		expect.stringContaining('Payment 17 cannot be completed: its status is "cancelled"'),
		'completed',
	]);
});
