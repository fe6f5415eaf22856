'use strict';
/** The Bitrix24 Webhook API credential: URL checks and the credential test. */
const { useBitrix } = require('./fixtures');
const { testCredential } = require('../helpers/n8n');
const { checkWebhookUrl } = require('../../dist/nodes/Bitrix24PaySystem/transport/connection');

describe('webhook URL shapes', () => {
	const good = [
		['https://acme.bitrix24.com/rest/7/abc123secret/', 'https://acme.bitrix24.com/rest/7/abc123secret/'],
		['https://acme.bitrix24.com/rest/7/abc123secret', 'https://acme.bitrix24.com/rest/7/abc123secret/'],
		['  https://acme.bitrix24.com/rest/7/abc123secret/profile.json ', 'https://acme.bitrix24.com/rest/7/abc123secret/'],
		['https://acme.bitrix24.com/rest/7/abc123secret/sale.paysystem.list', 'https://acme.bitrix24.com/rest/7/abc123secret/'],
		['https://crm.example.org:8443/rest/1/x_y-z/', 'https://crm.example.org:8443/rest/1/x_y-z/'],
		['http://127.0.0.1:4000/rest/1/code/', 'http://127.0.0.1:4000/rest/1/code/'],
		['http://localhost/rest/1/code', 'http://localhost/rest/1/code/'],
	];
	test.each(good)('accepts %s', (input, base) => {
		expect(checkWebhookUrl(input).address.baseUrl).toBe(base);
	});

	const bad = [
		['', /empty/],
		['not a url', /not a valid URL/],
		['http://acme.bitrix24.com/rest/7/abc123secret/', /https/],
		['ftp://acme.bitrix24.com/rest/7/abc/', /https/],
		['https://acme.bitrix24.com/', /path of a Bitrix24 incoming webhook/],
		['https://acme.bitrix24.com/rest/abc123secret/', /path/],
		['https://acme.bitrix24.com/rest/0/abc123secret/', /path/],
		['https://acme.bitrix24.com/rest/7/abc123secret/method/extra', /path/],
		['https://acme.bitrix24.com/rest/7/abc123secret/?auth=1', /query string/],
		['https://user:pw@acme.bitrix24.com/rest/7/abc/', /user name/],
		['https://acme.bitrix24.com/crm/rest/7/abc/', /path/],
	];
	test.each(bad)('refuses %j with the expected shape and without repeating it', (input, reason) => {
		const { address, problem } = checkWebhookUrl(input);
		expect(address).toBeUndefined();
		expect(problem).toMatch(reason);
		expect(problem).toContain('https://<portal>/rest/<user ID>/<webhook code>/');
		if (input.includes('abc123secret')) expect(problem).not.toContain('abc123secret');
	});
});

describe('credential test', () => {
	const env = useBitrix();
	const data = (url) => ({ secretWebhookUrl: url, rateLimitPlan: 'standard' });

	test('succeeds with a webhook that has pay_system, calling scope', async () => {
		const result = await testCredential({ type: 'bitrix24WebhookApi', data: data(env.sandbox.webhookUrl()) });
		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		const [call] = env.sandbox.apiCalls('batch');
		expect(call.body.cmd.scope).toBe('scope');
	});

	test('fails clearly without pay_system', async () => {
		env.sandbox.webhooks[0].scopes = ['crm'];
		try {
			const result = await testCredential({ type: 'bitrix24WebhookApi', data: data(env.sandbox.webhookUrl()) });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/pay_system/);
		} finally {
			env.sandbox.webhooks[0].scopes = ['pay_system', 'sale', 'crm'];
		}
	});

	test('fails clearly with a wrong code', async () => {
		const result = await testCredential({ type: 'bitrix24WebhookApi', data: data(env.sandbox.webhookUrl().replace('sandboxwebhookcode1', 'nope')) });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/NO_AUTH_FOUND/);
	});

	test('fails clearly at an address that is not a portal', async () => {
		env.sandbox.faults.add({ status: 404, raw: '<html><body>Not Found</body></html>' });
		const result = await testCredential({ type: 'bitrix24WebhookApi', data: data(env.sandbox.webhookUrl()) });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/No Bitrix24 REST answer at this address/);
	});

	test('fails clearly on a malformed URL, without repeating it', async () => {
		const result = await testCredential({ type: 'bitrix24WebhookApi', data: data('https://acme.bitrix24.com/abc123secret') });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/https:\/\/<portal>\/rest/);
		expect(result.message).not.toContain('abc123secret');
	});
});
