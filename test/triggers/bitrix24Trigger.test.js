'use strict';
/**
 * Bitrix24 PaySystem Trigger inside n8n-core's webhook and hook contexts: what the portal sends
 * in Checkout and Form mode, the verification field, refusals the buyer can read (the sandbox
 * portal calling the trigger over HTTP), the editor's warning for Form mode, and pointing a
 * handler at the trigger.
 */
const { NodeHelpers } = require('n8n-workflow');
const { triggerHarness } = require('../helpers/n8n');
const { serveTrigger } = require('../helpers/triggerServer');
const { buildForm } = require('../../sandboxes/common');
const { useBitrix, seedPaySystem } = require('../bitrix24/fixtures');

const env = useBitrix();

const trigger = (parameters = {}, credentialExtra = {}) =>
	triggerHarness({
		type: 'bitrix24PaySystemTrigger',
		parameters: { responseMode: 'responseNode', ...parameters },
		credentials: env.credentials({ handlerSecret: 's3cr3t-value', ...credentialExtra }),
	});

/** The form body the portal posts in Checkout mode (as the sandbox's checkout() builds it). */
const checkoutForm = (extra = {}) =>
	buildForm({
		shop: 'shop-4411',
		orderNo: '15/1',
		...extra,
		BX_SYSTEM_PARAMS: { RETURN_URL: 'https://portal.example/shop/order/', PAYSYSTEM_ID: '3', PAYMENT_ID: '15', SUM: '1700.5', CURRENCY: 'RUB' },
	}).toString();

test('a Checkout call becomes one clean item', async () => {
	const t = await trigger();
	const { result } = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm() });
	expect(result.workflowData[0]).toHaveLength(1);
	expect(result.workflowData[0][0].json).toMatchObject({
		mode: 'checkout',
		paymentId: 15,
		paySystemId: 3,
		sum: 1700.5,
		currency: 'RUB',
		returnUrl: 'https://portal.example/shop/order/',
		isRepeat: false,
		fields: { shop: 'shop-4411', orderNo: '15/1' },
	});
});

test('a repeated Checkout call (EXTERNAL_PAYMENT_ID) is marked as a repeat', async () => {
	const t = await trigger();
	const rawBody = checkoutForm().replace('BX_SYSTEM_PARAMS%5BCURRENCY%5D=RUB', 'BX_SYSTEM_PARAMS%5BCURRENCY%5D=RUB&BX_SYSTEM_PARAMS%5BEXTERNAL_PAYMENT_ID%5D=inv-9');
	const { result } = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody });
	expect(result.workflowData[0][0].json).toMatchObject({ isRepeat: true, externalPaymentId: 'inv-9' });
});

test('a Form-mode redirect (GET) becomes an item too', async () => {
	const t = await trigger();
	const { result } = await t.webhook({ name: 'setup', method: 'GET', query: { orderNo: '15/1', BX_PAYSYSTEM_ID: '3', BX_RETURN_URL: 'https://portal.example/back' } });
	expect(result.workflowData[0][0].json).toMatchObject({ mode: 'form', paySystemId: 3, returnUrl: 'https://portal.example/back', fields: { orderNo: '15/1' } });
});

test('with a verification field, a call without the secret is refused (200, PAYMENT_ERRORS) and starts nothing', async () => {
	const t = await trigger({ verificationField: 'sig' });
	const bad = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm({ sig: 'guess' }) });
	expect(bad.result).toEqual({ noWebhookResponse: true });
	expect(bad.response.statusCode).toBe(200);
	expect(bad.response.body).toEqual({ PAYMENT_ERRORS: ['The payment request could not be verified'] });
	const missing = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm() });
	expect(missing.result).toEqual({ noWebhookResponse: true });
	expect(missing.response.body).toEqual({ PAYMENT_ERRORS: ['The payment request could not be verified'] });
	const good = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm({ sig: 's3cr3t-value' }) });
	expect(good.result.workflowData[0][0].json.paymentId).toBe(15);
	// the secret is not passed on into the workflow's data
	expect(JSON.stringify(good.result)).not.toContain('s3cr3t-value');
});

describe('refusals reach the buyer: HTTP 200 with PAYMENT_ERRORS, the only answer whose body the portal reads', () => {
	let endpoint;
	afterEach(async () => endpoint?.close());
	const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

	/**
	 * The sandbox portal with a Checkout-mode handler whose Action URI is the trigger (behind a
	 * local n8n-like endpoint) and whose field `sig` carries the pay system's ACME_SIG value;
	 * payment 15 uses it. The workflow, when started, answers with a pay link.
	 */
	async function portalCallingTrigger(t, { sig, shop = 'shop-1' }) {
		endpoint = await serveTrigger(t, {
			webhookName: (req) => (req.method === 'GET' ? 'setup' : 'default'),
			respond: () => ({ PAYMENT_URL: 'https://pay.example/p/15', PAYMENT_ID: 'inv-15' }),
		});
		const { paySystemId } = seedPaySystem(env.sandbox, { code: 'acmepay' });
		const handler = env.sandbox.state.handlers.at(-1);
		handler.SETTINGS.CHECKOUT_DATA = { ACTION_URI: `${endpoint.url}/webhook/test-webhook-id/payment`, FIELDS: { shop: { CODE: 'ACME_SHOP_ID' }, sig: { CODE: 'ACME_SIG' } } };
		handler.SETTINGS.CODES.ACME_SIG = { NAME: 'Signature' };
		const settings = env.sandbox.state.paySystems.at(-1).settingsByPersonType[0];
		settings.ACME_SIG = { TYPE: 'VALUE', VALUE: sig };
		settings.ACME_SHOP_ID = { TYPE: 'VALUE', VALUE: shop };
		env.sandbox.addPayment({ id: 15, paySystemId, sum: 1700.5 });
		return { endpoint, settings, url: `${endpoint.url}/webhook/test-webhook-id/payment` };
	}

	test('a call that fails verification: the buyer sees the reason, not the portal\'s generic error, and nothing starts', async () => {
		const t = await trigger({ responseMode: 'lastNode', verificationField: 'sig' });
		const { settings } = await portalCallingTrigger(t, { sig: 'not-the-secret' });
		expect(await env.sandbox.checkout(15)).toEqual({ ok: false, status: 200, errors: ['The payment request could not be verified'] });
		expect(endpoint.emitted).toHaveLength(0);
		// With the Handler Secret in the pay system's settings the payment goes through.
		settings.ACME_SIG.VALUE = 's3cr3t-value';
		expect(await env.sandbox.checkout(15)).toMatchObject({ ok: true, paymentUrl: 'https://pay.example/p/15', externalId: 'inv-15' });
		expect(endpoint.emitted).toHaveLength(1);
	});

	test('oversized and over-nested calls are refused unread the same way', async () => {
		const t = await trigger({ responseMode: 'lastNode' });
		const { url } = await portalCallingTrigger(t, { sig: '', shop: 'x'.repeat(300 * 1024) });
		expect(await env.sandbox.checkout(15)).toEqual({ ok: false, status: 200, errors: ['The payment request is too large'] });
		for (const body of [checkoutForm({ note: 'x'.repeat(300 * 1024) }), `${checkoutForm()}&a${'[a]'.repeat(20)}=1`, `${checkoutForm()}&${Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&')}`]) {
			const response = await fetch(url, { method: 'POST', headers: FORM, body });
			expect([response.status, await response.json()]).toEqual([200, { PAYMENT_ERRORS: ['The payment request is too large'] }]);
		}
		expect(endpoint.emitted).toHaveLength(0);
	});

	test('Form mode (the buyer\'s browser, GET or POST) gets the same answer', async () => {
		const t = await trigger({ responseMode: 'lastNode', handlerMode: 'form', verificationField: 'sig' });
		const { url } = await portalCallingTrigger(t, { sig: '' });
		const refusal = [200, { PAYMENT_ERRORS: ['The payment request could not be verified'] }];
		const redirected = await fetch(`${url}?orderNo=15%2F1&BX_PAYSYSTEM_ID=3&sig=guess`);
		expect([redirected.status, await redirected.json()]).toEqual(refusal);
		const submitted = await fetch(url, { method: 'POST', headers: FORM, body: 'orderNo=15%2F1&BX_PAYSYSTEM_ID=3&BX_RETURN_URL=https%3A%2F%2Fportal.example%2F' });
		expect([submitted.status, await submitted.json()]).toEqual(refusal);
		expect(endpoint.emitted).toHaveLength(0);
	});
});

test('the editor warns that the Verification Field is public in Form mode', async () => {
	const { nodeType } = await trigger();
	const properties = nodeType.description.properties;
	const notice = properties.find((p) => p.type === 'notice' && p.displayName.startsWith('Form mode makes the Verification Field public'));
	expect(notice).toBeDefined();
	const shown = (values) => NodeHelpers.displayParameter({ responseMode: 'lastNode', handlerMode: 'checkout', verificationField: '', ...values }, notice, null, nodeType.description);
	expect(shown({ handlerMode: 'form', verificationField: 'sig' })).toBe(true);
	expect(shown({ handlerMode: 'form', verificationField: '' })).toBe(false);
	expect(shown({ handlerMode: 'checkout', verificationField: 'sig' })).toBe(false);
	expect(properties.find((p) => p.name === 'verificationField').description).toContain('The value is public in Form mode');
});

test('Point Handler Here sets the handler\'s Action URI on activation and restores it on deactivation', async () => {
	seedPaySystem(env.sandbox, { code: 'acmepay' });
	const before = env.sandbox.state.handlers[0].SETTINGS.CHECKOUT_DATA.ACTION_URI;
	const t = await trigger({ pointHandler: true, handlerCode: 'acmepay' });
	expect(await t.hook('checkExists')).toBe(false);
	expect(await t.hook('create')).toBe(true);
	const pointed = env.sandbox.state.handlers[0].SETTINGS.CHECKOUT_DATA.ACTION_URI;
	expect(pointed).toBe('http://localhost:5678/webhook/test-webhook-id/payment');
	expect(env.sandbox.state.handlers[0].SETTINGS.CODES).toBeDefined();
	expect(await t.hook('checkExists')).toBe(true);
	expect(await t.hook('delete')).toBe(true);
	expect(env.sandbox.state.handlers[0].SETTINGS.CHECKOUT_DATA.ACTION_URI).toBe(before);
});

test('Point Handler Here with an unknown handler code says so', async () => {
	const t = await trigger({ pointHandler: true, handlerCode: 'nope' });
	await expect(t.hook('create')).rejects.toThrow(/Handler Code: no handler "nope"/);
});

test('without Point Handler Here the lifecycle touches nothing', async () => {
	const t = await trigger();
	expect(await t.hook('checkExists')).toBe(true);
	expect(await t.hook('create')).toBe(true);
	expect(await t.hook('delete')).toBe(true);
	expect(env.sandbox.apiCalls()).toHaveLength(0);
});

test('Point Handler Here reads the mode as the portal does (issue 14): an IFrame handler is refused, Checkout wins over Form', async () => {
	seedPaySystem(env.sandbox, { code: 'acmepay' });
	const [handler] = env.sandbox.state.handlers;
	// A handler with both Form and Checkout settings runs in Checkout mode on a portal.
	handler.SETTINGS.FORM_DATA = { ACTION_URI: 'https://form.example/pay' };
	const t = await trigger({ pointHandler: true, handlerCode: 'acmepay' });
	expect(await t.hook('create')).toBe(true);
	expect(handler.SETTINGS.CHECKOUT_DATA.ACTION_URI).toBe('http://localhost:5678/webhook/test-webhook-id/payment');
	expect(handler.SETTINGS.FORM_DATA.ACTION_URI).toBe('https://form.example/pay');
	// With IFRAME_DATA set the portal shows the Action URI in a frame and never posts to it.
	handler.SETTINGS.IFRAME_DATA = { ACTION_URI: 'https://frame.example/' };
	const before = env.sandbox.apiCalls('sale.paysystem.handler.update').length;
	await expect(t.hook('create')).rejects.toThrow(/Handler Code: the handler is in IFrame mode/);
	expect(env.sandbox.apiCalls('sale.paysystem.handler.update')).toHaveLength(before);
});
