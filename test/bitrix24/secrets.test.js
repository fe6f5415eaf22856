'use strict';
/**
 * The webhook URL's secret code never appears in an error message, a description, an output
 * item or the run data n8n stores, whatever goes wrong.
 */
const { useBitrix, seedPaySystem } = require('./fixtures');

const env = useBitrix();
let secret;
beforeAll(() => {
	secret = env.sandbox.webhooks[0].code;
});

const pay = { resource: 'payment', operation: 'pay', paymentId: 1, paySystemId: 1 };
const list = { resource: 'handler', operation: 'getAll', returnAll: true };

function expectNoSecret(result) {
	const everything = JSON.stringify({
		error: result.error,
		errorMessage: result.error?.message,
		errorDescription: result.error?.description,
		items: result.outputItems,
		run: result.run,
	});
	expect(everything).not.toContain(secret);
}

const paths = {
	'an API error that quotes the URL back': () =>
		env.sandbox.faults.add({
			status: 400,
			body: { error: 'ERROR_CHECK_FAILURE', error_description: `Bad call to ${env.sandbox.webhookUrl()}sale.paysystem.pay.payment (code ${'x'})`.replace('(code x)', `(code ${secret})`) },
		}),
	'an HTML error page quoting the URL': () =>
		env.sandbox.faults.add({ status: 502, raw: `<html>upstream ${env.sandbox.webhookUrl()} failed</html>` }),
	'a connection dropped before an answer': () => env.sandbox.faults.add({ drop: 'after' }),
	'a truncated JSON answer': () => env.sandbox.faults.add({ truncate: true }),
	'a rate limit that never clears': () =>
		env.sandbox.faults.add({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }, times: Infinity }),
	'an unknown error code': () => env.sandbox.faults.add({ status: 418, body: { error: 'TEAPOT', error_description: secret } }),
};

describe.each(Object.entries(paths))('%s', (_, setup) => {
	test('leaves no trace of the secret (node failing)', async () => {
		setup();
		const result = await env.run({ ...pay, rateLimitHandling: { maxWait: 1 } });
		expect(result.error).toBeDefined();
		expectNoSecret(result);
	});
	test('leaves no trace of the secret (Continue On Fail)', async () => {
		setup();
		const result = await env.run({ ...list, rateLimitHandling: { maxWait: 1 } }, { continueOnFail: true });
		expectNoSecret(result);
	});
});

test('a portal that cannot be reached leaves no trace of the secret', async () => {
	const { startBitrix24Sandbox } = require('../../sandboxes/bitrix24');
	const gone = await startBitrix24Sandbox({ rateLimit: null });
	const url = gone.webhookUrl();
	await gone.close();
	const result = await env.run(pay, { credentials: env.credentials({ secretWebhookUrl: url }) });
	expect(result.error.context.apiCode).toBe('CONNECTION_REFUSED');
	expect(result.error.message).toMatch(/Could not connect to Bitrix24/);
	expectNoSecret(result);
});

test('a successful run does not store the secret either', async () => {
	const { paySystemId } = seedPaySystem(env.sandbox);
	env.sandbox.addPayment({ id: 1, paySystemId });
	const result = await env.run(pay);
	expect(result.items).toEqual([{ success: true, paymentId: 1, paySystemId }]);
	expectNoSecret(result);
});
