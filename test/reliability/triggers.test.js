'use strict';
/**
 * Bitrix24 PaySystem Trigger under forged, missing, replayed and oversized calls (in-process,
 * through n8n-core's webhook context). With a Verification Field, a call must carry the
 * credential's Handler Secret in that field: anything else is refused and starts nothing; bodies
 * beyond the limits are refused unread. Refusals are HTTP 200 with PAYMENT_ERRORS (the portal
 * reads the body of a 200 only, so the buyer sees the reason). Valid calls start the workflow
 * with one clean item, without the secret. Replays: the portal itself repeats a Checkout call
 * when the buyer presses Pay again (nothing in the call makes it unique, no nonce or time), so a
 * repeat is accepted and passed on; EXTERNAL_PAYMENT_ID marks the portal's own repeats
 * (isRepeat), and the workflow's writes are protected by the API's keys and "Treat Already Done
 * as Success" (see reruns.test.js).
 */
const { triggerHarness } = require('../helpers/n8n');
const { buildForm } = require('../../sandboxes/common');
const { bitrixSetup } = require('../bitrix24/fixtures');
const { recordFigure } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');
const { fc } = require('./arbitraries');

const SECRET = 'Hs-7f3a91c2e4b8d6a0';
const SEED = 20261123;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const UNVERIFIED = 'The payment request could not be verified';
const TOO_LARGE = 'The payment request is too large';

let env;
beforeAll(async () => {
	env = await bitrixSetup();
});
afterAll(async () => env.sandbox.close());

const trigger = (handlerSecret = SECRET) =>
	triggerHarness({
		type: 'bitrix24PaySystemTrigger',
		parameters: { responseMode: 'responseNode', verificationField: 'sig' },
		credentials: env.credentials({ handlerSecret }),
	});

const system = { RETURN_URL: 'https://portal.example/shop/order/', PAYSYSTEM_ID: '3', PAYMENT_ID: '15', SUM: '1700.5', CURRENCY: 'RUB' };
const checkout = (fields) => buildForm({ shop: 'shop-4411', orderNo: '15/1', ...fields, BX_SYSTEM_PARAMS: system }).toString();

const figures = {};
function count(kind, result) {
	figures[kind] = figures[kind] ?? { cases: 0, result };
	figures[kind].cases++;
}
afterAll(() => {
	for (const [kind, f] of Object.entries(figures)) recordFigure('triggers', { trigger: 'Bitrix24 PaySystem Trigger', kind, cases: f.cases, result: f.result });
	console.log(`Trigger cases: ${Object.entries(figures).map(([k, f]) => `${k} ${f.cases}`).join(', ')}`);
});

function expectRefused(call, reason) {
	expect(call.result).toEqual({ noWebhookResponse: true });
	expect(call.response.statusCode).toBe(200);
	expect(call.response.body).toEqual({ PAYMENT_ERRORS: [reason] });
	expect(scanForSecrets('trigger refusal', call, [SECRET, env.sandbox.webhooks[0].code])).toEqual([]);
}

function expectAccepted(call) {
	expect(call.result.workflowData[0]).toHaveLength(1);
	expect(call.response.statusCode).toBe(200);
	// The secret is not passed on into the workflow.
	expect(scanForSecrets('trigger accepted', call, [SECRET, env.sandbox.webhooks[0].code])).toEqual([]);
	return call.result.workflowData[0][0].json;
}

test('valid calls are accepted: Checkout (generated fields), Form mode, JSON', async () => {
	const t = await trigger();
	const value = fc.string({ unit: 'grapheme', maxLength: 40 });
	await fc.assert(
		fc.asyncProperty(value, value, async (shop, orderNo) => {
			const json = expectAccepted(await t.webhook({ headers: FORM, rawBody: checkout({ shop, orderNo, sig: SECRET }) }));
			expect(json).toMatchObject({ mode: 'checkout', paymentId: 15, fields: { shop, orderNo } });
			expect(json.fields.sig).toBeUndefined();
			count('valid', 'accepted, one clean item');
		}),
		{ seed: SEED, numRuns: 60 },
	);
	expectAccepted(await t.webhook({ name: 'setup', method: 'GET', query: { orderNo: '15/1', BX_PAYSYSTEM_ID: '3', sig: SECRET } }));
	count('valid', 'accepted, one clean item');
	expectAccepted(await t.webhook({ headers: { 'content-type': 'application/json' }, body: { 'BX_SYSTEM_PARAMS[PAYMENT_ID]': '15', sig: SECRET } }));
	count('valid', 'accepted, one clean item');
});

test('forged calls (a wrong secret, generated or crafted) are refused and start nothing', async () => {
	const t = await trigger();
	await fc.assert(
		fc.asyncProperty(
			fc.string({ maxLength: 64 }).filter((s) => s !== SECRET),
			async (guess) => {
				expectRefused(await t.webhook({ headers: FORM, rawBody: checkout({ sig: guess }) }), UNVERIFIED);
				count('forged', 'refused: 200, PAYMENT_ERRORS');
			},
		),
		{ seed: SEED, numRuns: 100 },
	);
	const crafted = [
		checkout({ sig: `${SECRET}x` }),
		checkout({ sig: SECRET.slice(0, -1) }),
		checkout({ sig: SECRET.toUpperCase() }),
		checkout({ sig: ` ${SECRET}` }),
		checkout({ sig: [SECRET] }),
		checkout({ sig: { a: SECRET } }),
		checkout({ SIG: SECRET }),
		checkout({ signature: SECRET }),
		`${checkout()}&__proto__[sig]=${SECRET}`,
		`${checkout()}&constructor[prototype][sig]=${SECRET}`,
	];
	for (const rawBody of crafted) {
		expectRefused(await t.webhook({ headers: FORM, rawBody }), UNVERIFIED);
		count('forged', 'refused: 200, PAYMENT_ERRORS');
	}
	// The secret in the query of a Checkout POST is not the handler's field.
	expectRefused(await t.webhook({ headers: FORM, rawBody: checkout(), query: { sig: SECRET } }), UNVERIFIED);
	count('forged', 'refused: 200, PAYMENT_ERRORS');
	// Nothing reached the prototype of every object.
	expect({}.sig).toBeUndefined();
	expect(Object.prototype.sig).toBeUndefined();
});

test('calls without the secret, or a credential without one, are refused', async () => {
	const t = await trigger();
	for (const rawBody of [checkout(), checkout({ sig: '' }), 'BX_SYSTEM_PARAMS%5BPAYMENT_ID%5D=15', '']) {
		expectRefused(await t.webhook({ headers: FORM, rawBody }), UNVERIFIED);
		count('missing', 'refused: 200, PAYMENT_ERRORS');
	}
	expectRefused(await t.webhook({ name: 'setup', method: 'GET', query: { BX_PAYSYSTEM_ID: '3' } }), UNVERIFIED);
	count('missing', 'refused: 200, PAYMENT_ERRORS');
	// A Verification Field with no Handler Secret in the credential refuses everything.
	const unset = await trigger('');
	expectRefused(await unset.webhook({ headers: FORM, rawBody: checkout({ sig: '' }) }), UNVERIFIED);
	count('missing', 'refused: 200, PAYMENT_ERRORS');
});

test('oversized calls are refused unread and start nothing', async () => {
	const t = await trigger();
	const huge = checkout({ sig: SECRET, note: 'x'.repeat(300 * 1024) });
	const many = `${checkout({ sig: SECRET })}&${Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&')}`;
	const deep = `${checkout({ sig: SECRET })}&a${'[a]'.repeat(20)}=1`;
	for (const rawBody of [huge, many, deep]) {
		expectRefused(await t.webhook({ headers: FORM, rawBody }), TOO_LARGE);
		count('oversized', 'refused unread: 200, PAYMENT_ERRORS');
	}
	const flat = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, '1']));
	expectRefused(await t.webhook({ headers: { 'content-type': 'application/json' }, body: { ...flat, sig: SECRET } }), TOO_LARGE);
	count('oversized', 'refused unread: 200, PAYMENT_ERRORS');
});

test('replayed calls: the portal repeats Checkout calls itself, so a repeat is accepted and passed on', async () => {
	const t = await trigger();
	const rawBody = checkout({ sig: SECRET });
	const first = expectAccepted(await t.webhook({ headers: FORM, rawBody }));
	const again = expectAccepted(await t.webhook({ headers: FORM, rawBody }));
	expect(again).toMatchObject({ paymentId: first.paymentId, isRepeat: false });
	count('replayed', 'accepted by design (no nonce in the protocol); writes protected downstream');
	count('replayed', 'accepted by design (no nonce in the protocol); writes protected downstream');
	// The portal's own repeat after it got a PAYMENT_ID says so.
	const repeat = buildForm({ sig: SECRET, BX_SYSTEM_PARAMS: { ...system, EXTERNAL_PAYMENT_ID: 'inv-9' } }).toString();
	expect(expectAccepted(await t.webhook({ headers: FORM, rawBody: repeat }))).toMatchObject({ isRepeat: true, externalPaymentId: 'inv-9' });
	count('replayed', 'accepted by design (no nonce in the protocol); writes protected downstream');
});
