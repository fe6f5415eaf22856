'use strict';
/**
 * The credential test (one row of GET /api/v3/resellers/{Default Reseller ID}/payments) run as
 * n8n's credential tester runs it, against the sandbox: each failure gets its own readable
 * message, and the token never shows in one.
 */
const { testCredential } = require('../helpers/n8n');
const { useActivePlatform, TOKEN, DOWNSTREAM_TOKEN, PAYMENTS_TOKEN } = require('./fixtures');

const env = useActivePlatform();

const check = (extra) => testCredential({ type: 'activePlatformApi', data: env.credentials(extra).activePlatformApi });

test('a valid credential passes by reading one payment of the default reseller with the documented headers', async () => {
	env.sandbox.addPayment({ id: 1 });
	const result = await check();
	expect(result).toMatchObject({ status: 'OK' });
	const calls = env.sandbox.apiCalls();
	expect(calls).toHaveLength(1);
	expect(calls[0]).toMatchObject({ httpMethod: 'GET', path: '/api/v3/resellers/1/payments', status: 200 });
	expect(calls[0].query).toEqual({ page: { size: '1', number: '1' } });
	expect(calls[0].headers).toMatchObject({
		'x-api-token': TOKEN,
		accept: 'application/vnd.api+json',
		'content-type': 'application/vnd.api+json',
	});
});

test('a reseller without any payment passes (an empty list is an answer)', async () => {
	expect(await check()).toMatchObject({ status: 'OK' });
});

test("a payments manager whose role may not read resellers passes: the test needs only what the node needs", async () => {
	// Reading the reseller (the test before this fix) is refused for this role.
	const reseller = await fetch(`${env.sandbox.url}/api/v3/resellers/1`, {
		headers: { 'X-Api-Token': PAYMENTS_TOKEN, Accept: 'application/vnd.api+json', 'Content-Type': 'application/vnd.api+json' },
	});
	expect(reseller.status).toBe(403);
	expect(await check({ apiToken: PAYMENTS_TOKEN })).toMatchObject({ status: 'OK' });
});

test('a downstream reseller of the token passes too', async () => {
	expect(await check({ resellerId: '3' })).toMatchObject({ status: 'OK' });
	expect(await check({ apiToken: DOWNSTREAM_TOKEN, resellerId: '2' })).toMatchObject({ status: 'OK' });
});

test.each([
	['a wrong token', { apiToken: 'wrongTokenAbc123' }, /did not accept the API token \(HTTP 401\)/],
	['a foreign reseller', { resellerId: '4' }, /may not read this reseller's payments \(HTTP 403\)/],
	['an upstream reseller of the token', { apiToken: DOWNSTREAM_TOKEN, resellerId: '1' }, /HTTP 403/],
])('%s gets its own message', async (_name, extra, message) => {
	const result = await check(extra);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
	expect(result.message).not.toContain(extra.apiToken ?? TOKEN);
});

test('errors in the array form and with numeric statuses are matched as well', async () => {
	env.sandbox.faults.add({ match: { method: 'payments.list' }, status: 404, body: { errors: { status: 404, title: 'Not found' } } });
	expect((await check()).message).toMatch(/No such reseller at this address \(HTTP 404\)/);
	env.sandbox.faults.add({ match: { method: 'payments.list' }, status: 401, body: { errors: [{ status: 401, title: 'Unauthorized' }] } });
	expect((await check()).message).toMatch(/HTTP 401/);
});

test('an address that is not an ActivePlatform API is named as such', async () => {
	env.sandbox.faults.add({ match: { method: 'payments.list' }, status: 200, raw: '<html><body>Welcome</body></html>' });
	const result = await check();
	expect(result).toMatchObject({ status: 'Error' });
	expect(result.message).toMatch(/No ActivePlatform API answer at this address/);
});

test('a base URL that is not HTTPS is refused before anything is sent', async () => {
	const result = await check({ baseUrl: 'http://cp.example.com' });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/Base URL must start with https:\/\//);
	expect(env.sandbox.apiCalls()).toHaveLength(0);
});
