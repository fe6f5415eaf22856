'use strict';
/**
 * The credential test (GET /api/v3/resellers/{Default Reseller ID}) run as n8n's credential
 * tester runs it, against the sandbox: each failure gets its own readable message, and the
 * token never shows in one.
 */
const { testCredential } = require('../helpers/n8n');
const { useActivePlatform, TOKEN, DOWNSTREAM_TOKEN } = require('./fixtures');

const env = useActivePlatform();

const check = (extra) => testCredential({ type: 'activePlatformApi', data: env.credentials(extra).activePlatformApi });

test('a valid credential passes by reading the default reseller with the documented headers', async () => {
	const result = await check();
	expect(result).toMatchObject({ status: 'OK' });
	const calls = env.sandbox.apiCalls();
	expect(calls).toHaveLength(1);
	expect(calls[0]).toMatchObject({ httpMethod: 'GET', path: '/api/v3/resellers/1', status: 200 });
	expect(calls[0].headers).toMatchObject({
		'x-api-token': TOKEN,
		accept: 'application/vnd.api+json',
		'content-type': 'application/vnd.api+json',
	});
});

test('a downstream reseller of the token passes too', async () => {
	expect(await check({ resellerId: '3' })).toMatchObject({ status: 'OK' });
	expect(await check({ apiToken: DOWNSTREAM_TOKEN, resellerId: '2' })).toMatchObject({ status: 'OK' });
});

test.each([
	['a wrong token', { apiToken: 'wrongTokenAbc123' }, /did not accept the API token \(HTTP 401\)/],
	['a foreign reseller', { resellerId: '4' }, /may not read this reseller \(HTTP 403\)/],
	['an upstream reseller of the token', { apiToken: DOWNSTREAM_TOKEN, resellerId: '1' }, /HTTP 403/],
])('%s gets its own message', async (_name, extra, message) => {
	const result = await check(extra);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
	expect(result.message).not.toContain(extra.apiToken ?? TOKEN);
});

test('errors in the array form and with numeric statuses are matched as well', async () => {
	env.sandbox.faults.add({ match: { method: 'resellers.get' }, status: 404, body: { errors: { status: 404, title: 'Not found' } } });
	expect((await check()).message).toMatch(/No such reseller at this address \(HTTP 404\)/);
	env.sandbox.faults.add({ match: { method: 'resellers.get' }, status: 401, body: { errors: [{ status: 401, title: 'Unauthorized' }] } });
	expect((await check()).message).toMatch(/HTTP 401/);
});

test('an address that is not an ActivePlatform API is named as such', async () => {
	env.sandbox.faults.add({ match: { method: 'resellers.get' }, status: 200, raw: '<html><body>Welcome</body></html>' });
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
