'use strict';
/**
 * Every wait a server can ask for is finite and capped (one hour): a `Retry-After: 1e306` must
 * not block the account's limiter for the life of the n8n process.
 */
const { retryAfterMs, MAX_SERVER_WAIT_MS } = require('../../dist/nodes/shared/http');
const { invoiceboxSetup } = require('../invoicebox/fixtures');
const { resetLimiters, activeLimiters } = require('../../dist/nodes/shared/limiter');

test.each([
	['1e306', MAX_SERVER_WAIT_MS],
	['Infinity', MAX_SERVER_WAIT_MS],
	['99999999999', MAX_SERVER_WAIT_MS],
	['Fri, 31 Dec 9999 23:59:59 GMT', MAX_SERVER_WAIT_MS],
	['2', 2000],
	['-5', 0],
	['soon', undefined],
])('Retry-After %s → %s ms', (value, expected) => {
	expect(retryAfterMs({ 'retry-after': value })).toBe(expected);
});

describe('a 429 asking to wait 1e306 seconds', () => {
	let env;
	beforeAll(async () => {
		env = await invoiceboxSetup();
	});
	afterAll(async () => env.sandbox.close());

	test('fails the item at once with the rate-limit error; the limiter is blocked for at most an hour', async () => {
		resetLimiters();
		env.sandbox.faults.add({ match: {}, status: 429, headers: { 'Retry-After': '1e306' }, body: { error: { code: 'too_many_requests', message: 'Too Many Requests' } } });
		const started = Date.now();
		const r = await env.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 5, rateLimitHandling: { maxWait: 60 } });
		expect(Date.now() - started).toBeLessThan(5000);
		expect(r.error.context.apiCode).toBe('too_many_requests');
		expect(r.error.description).toMatch(/Max Wait/);
		// The same account's limiter, as the node keyed it: blocked until a finite time within the hour.
		const [limiter] = [...activeLimiters().values()];
		expect(Number.isFinite(limiter.heldUntil)).toBe(true);
		expect(limiter.heldUntil - Date.now()).toBeLessThanOrEqual(MAX_SERVER_WAIT_MS);
		expect(limiter.heldUntil - Date.now()).toBeGreaterThan(MAX_SERVER_WAIT_MS - 60_000);
	});
});
