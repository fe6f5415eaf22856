'use strict';
/**
 * The credential's test request, run as n8n's credential tester runs a declarative test (the
 * credential's authenticate applied, HTTP errors read as bodies, the first matching rule is the
 * error shown), against the sandbox.
 */
const { startInvoiceboxSandbox } = require('../../sandboxes/invoicebox');
const { loadPackage, testCredential: runCredentialTest } = require('../helpers/n8n');
const { dist } = require('./fixtures');

const TOKEN = '5f2b7c0e9a1d4c3b8e6f0a2d4c6e8b10';
const L3_TOKEN = '29078-API:b37c4c689295904ed21eee5d9a48d42e';

let sandbox;
let type;
beforeAll(async () => {
	sandbox = await startInvoiceboxSandbox({
		rateLimit: null,
		accounts: [
			{ token: TOKEN, userId: '0187a9b1-0000-4000-8000-000000000001', merchantIds: ['ffffffff-ffff-ffff-ffff-ffffffffffff'] },
			{ token: L3_TOKEN, prefix: 'l3', userId: '0187a9b1-0000-4000-8000-000000000003', merchantIds: ['dddddddd-dddd-dddd-dddd-dddddddddddd'] },
		],
	});
	type = (await loadPackage()).credentialTypes.invoiceboxApi.type;
});
afterAll(async () => sandbox.close());
beforeEach(() => sandbox.clear());

async function testCredential(data) {
	const { status, message } = await runCredentialTest({ type: 'invoiceboxApi', data });
	return { status, message };
}

const credentials = (extra = {}) => ({ token: TOKEN, apiPrefix: 'v3', baseUrl: `${sandbox.url}/`, ...extra });

test('a valid token passes, and the test request carries the User-Agent', async () => {
	expect(await testCredential(credentials())).toEqual({ status: 'OK', message: 'Connection successful!' });
	const [call] = sandbox.apiCalls('auth');
	expect(call.path).toBe('/v3/security/api/auth/auth');
	expect(call.headers['user-agent']).toBe(dist('nodes/shared/version.js').USER_AGENT);
	expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
});

test('an l3 token on the l3 prefix passes; on v3 it is not accepted', async () => {
	expect((await testCredential(credentials({ token: L3_TOKEN, apiPrefix: 'l3' }))).status).toBe('OK');
	const wrong = await testCredential(credentials({ token: L3_TOKEN, apiPrefix: 'v3' }));
	expect(wrong).toEqual({ status: 'Error', message: expect.stringContaining('did not accept the token (unauthorized)') });
});

test('a wrong token fails (401 unauthorized)', async () => {
	const result = await testCredential(credentials({ token: 'ffffffffffffffffffffffffffffffff' }));
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/did not accept the token/);
});

test('an empty token fails before any request; a token the API answers for an anonymous caller (200, userId null) fails', async () => {
	expect(await testCredential(credentials({ token: '' }))).toEqual({ status: 'Error', message: expect.stringContaining('API Token is empty') });
	expect(sandbox.apiCalls('auth')).toHaveLength(0);
	sandbox.faults.add({ match: { method: 'auth' }, status: 200, body: { data: { userId: null } } });
	expect(await testCredential(credentials())).toEqual({ status: 'Error', message: expect.stringContaining('anonymous caller') });
});

test('an address the credential refuses (plain HTTP to another host) fails before any request, naming Base URL', async () => {
	const result = await testCredential(credentials({ baseUrl: 'http://api.invoicebox.example/' }));
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/Base URL/);
	expect(sandbox.apiCalls('auth')).toHaveLength(0);
});

test('an address where no Invoicebox API answers fails', async () => {
	sandbox.faults.add({ match: { method: 'auth' }, status: 200, raw: '<html>Welcome to nginx</html>' });
	expect((await testCredential(credentials())).message).toMatch(/No Invoicebox API answer at this address/);
	sandbox.faults.add({ match: { method: 'auth' }, status: 403, body: { error: { message: 'Forbidden', code: 'forbidden', fields: [] } } });
	expect((await testCredential(credentials())).message).toMatch(/refused access with this token \(forbidden\)/);
});

describe('Environment', () => {
	const { checkAccount } = dist('nodes/Invoicebox/transport/connection.js');

	test('Stage sends the test and every request to https://api.stage.invbox.ru (Base URL is then hidden and not used)', async () => {
		const stage = credentials({ environment: 'stage', baseUrl: 'http://127.0.0.1:9/' });
		const addressed = await type.authenticate(stage, { url: '/security/api/auth/auth', method: 'GET' });
		expect(addressed).toMatchObject({ baseURL: 'https://api.stage.invbox.ru/v3', headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(checkAccount(stage).account.baseURL).toBe('https://api.stage.invbox.ru/v3');
		expect(checkAccount({ ...stage, apiPrefix: 'l3' }).account.baseURL).toBe('https://api.stage.invbox.ru/l3');
		expect(type.properties.find((p) => p.name === 'environment').options.map((o) => o.value)).toEqual(['production', 'stage']);
	});

	test('Production uses Base URL; a credential saved before Environment existed (none in its data) keeps working with its Base URL', async () => {
		for (const data of [credentials({ environment: 'production' }), credentials()]) {
			expect(data.environment === undefined || data.environment === 'production').toBe(true);
			expect(checkAccount(data).account.baseURL).toBe(`${sandbox.url}/v3`);
			expect(await testCredential(data)).toEqual({ status: 'OK', message: 'Connection successful!' });
		}
		const { runNode } = require('../helpers/n8n');
		const old = await runNode({
			type: 'invoicebox',
			parameters: { resource: 'order', operation: 'getAll', returnAll: true },
			credentials: { invoiceboxApi: { token: TOKEN, apiPrefix: 'v3', baseUrl: sandbox.url, rateLimit: 0, rateLimitWindow: 30 } },
		});
		expect(old.error).toBeUndefined();
		expect(sandbox.apiCalls('order.list')).toHaveLength(1);
	});
});
