'use strict';
/**
 * Bad input is stopped before anything is sent: a NodeOperationError that names the field, and
 * zero requests to the installation. The same for a credential that cannot work.
 */
const { useActivePlatform, visible, TOKEN } = require('./fixtures');

const env = useActivePlatform();

/**
 * The node throws a NodeOperationError: an item that fails under "continue on fail" carries it
 * as such, and the node fails with it when it stops the workflow. Both are checked.
 */
async function expectRefused(parameters, message, opts = {}) {
	const kept = await env.run(parameters, { ...opts, continueOnFail: true });
	const itemError = kept.outputItems[0].error;
	expect(itemError).toBeDefined();
	expect(itemError.name).toBe('NodeOperationError');
	expect(itemError.message).toMatch(message);
	const result = await env.run(parameters, opts);
	expect(result.error).toBeDefined();
	expect(result.error.name).toBe('NodeOperationError');
	expect(result.error.message).toMatch(message);
	expect(result.error.context.apiCode).toBeUndefined();
	expect(env.sandbox.apiCalls()).toHaveLength(0);
	expect(visible(result)).not.toContain(TOKEN);
	expect(visible(kept)).not.toContain(TOKEN);
	return result.error;
}

const complete = { operation: 'complete', paymentId: '6475', paymentMethodId: 2 };

test.each([
	['a non-numeric payment ID', { ...complete, paymentId: 'abc' }, /^Payment ID: must be a positive whole number, got "abc"/],
	['a payment ID with a fraction', { ...complete, paymentId: '12.5' }, /^Payment ID: must be a positive whole number/],
	['a negative payment ID', { operation: 'cancel', paymentId: '-3' }, /^Payment ID: must be a positive whole number/],
	['an empty payment ID from an expression', { operation: 'get', paymentId: '={{ $json.missing }}' }, /^Payment ID: is required/],
	['a missing payment method', { ...complete, paymentMethodId: 0 }, /^Payment Method ID: is required/],
	['a payment method from an empty expression', { ...complete, paymentMethodId: '={{ $json.nothing }}' }, /^Payment Method ID: is required/],
	['a non-numeric payment method', { ...complete, paymentMethodId: '={{ "cash" }}' }, /^Payment Method ID: must be a positive whole number, got "cash"/],
	['a non-numeric reseller ID', { ...complete, resellerId: 'reseller-1' }, /^Reseller ID: must be a positive whole number/],
	['an empty document number', { operation: 'completeByDocument', documentId: ' ', paymentMethodId: 2 }, /^Document Number: is required/],
	['a document number with a slash', { operation: 'completeByDocument', documentId: '12/3', paymentMethodId: 2 }, /^Document Number: must not contain/],
	// `POST …/payments/.` is `POST …/payments/`, the Create endpoint; `..` goes one level up.
	['a document number "."', { operation: 'completeByDocument', documentId: '.', paymentMethodId: 2 }, /^Document Number: cannot be only dots/],
	['a document number ".."', { operation: 'completeByDocument', documentId: '..', paymentMethodId: 2 }, /^Document Number: cannot be only dots/],
	[
		'a currency code that is not ISO 4217',
		{ operation: 'completeByDocument', documentId: '0012', paymentMethodId: 2, additionalFields: { currencyCode: 'dollars' } },
		/^Additional Fields → Currency Code: must be a three-letter ISO 4217 code/,
	],
	[
		'a negative amount paid',
		{ operation: 'completeByDocument', documentId: '0012', paymentMethodId: 2, additionalFields: { amount: -5 } },
		/^Additional Fields → Amount Paid: must be greater than 0/,
	],
	[
		'an external transaction ID of one character',
		{ operation: 'completeByDocument', documentId: '0012', paymentMethodId: 2, additionalFields: { externalTransactionId: 'x' } },
		/^Additional Fields → External Transaction ID: must be 2 to 255 characters long/,
	],
	['a missing account', { operation: 'create', accountId: 0, total: 5, comment: 'x' }, /^Account ID: is required/],
	['a zero total', { operation: 'create', accountId: 505, total: 0, comment: 'x' }, /^Total: must be greater than 0/],
	['a total that is not a number', { operation: 'create', accountId: 505, total: '={{ "ten" }}', comment: 'x' }, /^Total: must be a number, got "ten"/],
	['an empty comment', { operation: 'create', accountId: 505, total: 5, comment: '  ' }, /^Comment: is required/],
	['a date filter that is not a date', { operation: 'getAll', returnAll: true, filters: { createdAfter: 'yesterday' } }, /^Filters → Created After: must be a date/],
	['an account filter that is not a number', { operation: 'getAll', returnAll: true, filters: { accountId: '={{ "x" }}' } }, /^Filters → Account ID: must be a positive whole number/],
	['another filter with a bad name', { operation: 'getAll', returnAll: true, filters: { other: { filter: [{ name: 'a b', value: '1' }] } } }, /^Filters → Other Filters → entry 1 → Name: must be a field name/],
])('%s', async (_name, parameters, message) => {
	await expectRefused(parameters, message);
});

test('a bad item fails alone with "continue on fail": the good ones are sent', async () => {
	env.sandbox.addPayment({ id: 1 });
	env.sandbox.addPayment({ id: 3 });
	const result = await env.run(
		{ operation: 'complete', paymentId: '={{ $json.id }}', paymentMethodId: 2 },
		{ items: [{ id: 1 }, { id: 'two' }, { id: 3 }], continueOnFail: true },
	);
	expect(result.items.map((i) => i.status ?? i.error)).toEqual(['completed', expect.stringMatching(/^Payment ID: must be a positive whole number, got "two"/), 'completed']);
	expect(env.sandbox.apiCalls('payments.complete')).toHaveLength(2);
});

describe('a credential that cannot work is refused before anything is sent', () => {
	test.each([
		['an http:// address that is not local', { baseUrl: 'http://cp.example.com' }, /Base URL must start with https:\/\//],
		['an address that is not a URL', { baseUrl: 'cp example com' }, /Base URL is not a valid URL/],
		['an address with a query string', { baseUrl: 'https://cp.example.com/?x=1' }, /must not contain a user name, a query string or a fragment/],
		['no address', { baseUrl: '' }, /Base URL is empty/],
		['no token', { apiToken: '' }, /API Token is empty/],
		['a token with spaces', { apiToken: `${TOKEN} extra` }, /API Token contains spaces/],
		['a default reseller that is not a number', { resellerId: 'main' }, /Default Reseller ID must be a positive whole number/],
	])('%s', async (_name, extra, message) => {
		const error = await expectRefused({ operation: 'get', paymentId: '1', resellerId: '1' }, message, {
			credentials: env.credentials(extra),
		});
		expect(error.message).not.toContain(extra.apiToken || TOKEN);
	});

	test('the default reseller is checked when the node does not name one', async () => {
		await expectRefused({ operation: 'get', paymentId: '1' }, /Default Reseller ID must be a positive whole number/, {
			credentials: env.credentials({ resellerId: '' }),
		});
	});
});
