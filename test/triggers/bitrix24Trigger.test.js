'use strict';
/**
 * Bitrix24 PaySystem Trigger inside n8n-core's webhook and hook contexts: what the portal sends
 * in Checkout and Form mode, the verification field, and pointing a handler at the trigger.
 */
const { triggerHarness } = require('../helpers/n8n');
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

test('with a verification field, a call without the secret is refused with 403 and starts nothing', async () => {
	const t = await trigger({ verificationField: 'sig' });
	const bad = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm({ sig: 'guess' }) });
	expect(bad.result).toEqual({ noWebhookResponse: true });
	expect(bad.response.statusCode).toBe(403);
	expect(bad.response.body).toEqual({ PAYMENT_ERRORS: ['The payment request could not be verified'] });
	const missing = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm() });
	expect(missing.response.statusCode).toBe(403);
	const good = await t.webhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: checkoutForm({ sig: 's3cr3t-value' }) });
	expect(good.result.workflowData[0][0].json.paymentId).toBe(15);
	// the secret is not passed on into the workflow's data
	expect(JSON.stringify(good.result)).not.toContain('s3cr3t-value');
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
