'use strict';
/**
 * Invoicebox Trigger inside n8n-core's webhook and hook contexts: signature over the raw body,
 * refusals that start nothing, the status filter, duplicate deliveries, replayed copies, the
 * bounds of the in-process delivery log, Invoicebox's health check, oversized bodies, the
 * lifecycle; then the Invoicebox sandbox delivering signed notifications over HTTP to the trigger
 * (retries, refusals, duplicates, replays).
 */
const crypto = require('node:crypto');
const http = require('node:http');
const { createRequire } = require('node:module');
const { triggerHarness } = require('../helpers/n8n');
const { serveTrigger } = require('../helpers/triggerServer');
const { invoiceboxSetup } = require('../invoicebox/fixtures');

// n8n's logger, as n8n-core hands it to node contexts (this.logger).
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common');
/** What nodes log as warnings, captured instead of printed, until restored. */
function captureWarnings() {
	const lines = [];
	const spy = jest.spyOn(Container.get(Logger), 'warn').mockImplementation((message, meta) => lines.push({ message, meta }));
	return { lines, restore: () => spy.mockRestore() };
}

const KEY = 'n0tif1cation-k3y-4c6e8b10';
const MERCHANT = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const ORDER_ID = '0188d934-85f8-f872-2ac6-ad202d71b985';

const trigger = (parameters = {}, credentialExtra = {}) =>
	triggerHarness({
		type: 'invoiceboxTrigger',
		parameters: { statuses: ['paid'], responseMode: 'onReceived', options: {}, ...parameters },
		credentials: {
			invoiceboxApi: { token: 'not-used', apiPrefix: 'v3', baseUrl: 'http://127.0.0.1:9', rateLimit: 0, rateLimitWindow: 30, notificationSecretKey: KEY, ...credentialExtra },
		},
	});

const sign = (raw, key = KEY, algorithm = 'sha1') => crypto.createHmac(algorithm, key).update(raw).digest('hex');

const HOUR = 3_600_000;
/** A date as Invoicebox writes it (ATOM, UTC), `ms` from now. */
const atom = (ms = 0) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
/** The moment the documented example order was paid: minutes ago (a much older one is a replay). */
const PAID_AT = atom(-5 * 60_000);

/** Moves this process's clock (Date.now) `ms` ahead, until restored: "73 hours later". */
function shiftClock(ms) {
	const real = Date.now.bind(Date);
	return jest.spyOn(Date, 'now').mockImplementation(() => real() + ms);
}

/** A notification as Invoicebox documents it (OrderNotification = the order), as compact JSON. */
function notification(extra = {}) {
	return {
		id: ORDER_ID,
		description: 'Consulting, May 2024',
		currencyId: 'RUB',
		amount: 1200,
		vatAmount: 200,
		merchantId: MERCHANT,
		status: 'completed',
		subtype: 'order',
		createdAt: atom(-HOUR),
		paidAt: PAID_AT,
		merchantOrderId: 'N8N-2024-0042',
		merchantOrderIdVisible: '0042',
		expirationDate: atom(30 * 24 * HOUR),
		paymentUrl: 'https://pay.invoicebox.ru/order/0188d934-85bd-2e43-9057-53275f15a1e2',
		customer: { type: 'legal', name: 'Example LLC', email: 'billing@example.org', phone: '79001112233', vatNumber: '7700000000' },
		...extra,
	};
}

/** Sends `raw` (a string: the exact bytes) as Invoicebox would, signed unless headers say otherwise. */
async function deliver(t, raw, headers = {}) {
	let body = {};
	try {
		body = JSON.parse(raw);
	} catch {}
	return await t.webhook({ headers: { 'content-type': 'application/json', 'x-signature': sign(raw), ...headers }, rawBody: raw, body });
}
const deliverJson = (t, value, headers) => deliver(t, JSON.stringify(value), headers);

const started = ({ result }) => Boolean(result.workflowData);
const item = ({ result }) => result.workflowData[0][0].json;

/** A notification answered by the trigger itself, without starting the workflow. */
function expectAnswered(outcome, status, body) {
	expect(outcome.result).toEqual({ noWebhookResponse: true });
	expect(outcome.response.statusCode).toBe(status);
	expect(outcome.response.body).toEqual(body);
}
const SUCCESS = { status: 'success' };
/**
 * Started, and already answered with success by the trigger itself (noWebhookResponse), not
 * through webhookResponse: n8n 2.41 would answer a started workflow with "firstEntryJson" and
 * would not save the delivery log (see the node).
 */
function expectAnsweredAndStarted(outcome) {
	expect(outcome.result.noWebhookResponse).toBe(true);
	expect(outcome.result.webhookResponse).toBeUndefined();
	expect(outcome.result.workflowData).toBeDefined();
	expect(outcome.response.statusCode).toBe(200);
	expect(outcome.response.body).toEqual(SUCCESS);
}

describe('signature', () => {
	test('a signed notification becomes one clean item, answered with success at once', async () => {
		const t = await trigger();
		const outcome = await deliverJson(t, notification());
		expect(outcome.result.workflowData[0]).toHaveLength(1);
		expectAnsweredAndStarted(outcome);
		expect(item(outcome)).toMatchObject({
			id: ORDER_ID,
			status: 'completed',
			event: 'paid',
			kind: 'order',
			merchantId: MERCHANT,
			merchantOrderId: 'N8N-2024-0042',
			merchantOrderIdVisible: '0042',
			amount: 1200,
			vatAmount: 200,
			currencyId: 'RUB',
			paidAt: PAID_AT,
			customerName: 'Example LLC',
			customerEmail: 'billing@example.org',
			customerPhone: '79001112233',
			customerVatNumber: '7700000000',
			deliveryKey: `${ORDER_ID}:completed`,
			isDuplicate: false,
			isHealthCheck: false,
		});
		expect(item(outcome).raw).toEqual(notification());
		expect(Date.parse(item(outcome).receivedAt)).not.toBeNaN();
	});

	test('a forged, missing or empty signature is refused with signature_error and starts nothing', async () => {
		const t = await trigger();
		const raw = JSON.stringify(notification());
		const refusal = {
			status: 'error',
			code: 'signature_error',
			message: 'The X-Signature header is missing or does not match the notification key',
		};
		expectAnswered(await deliver(t, raw, { 'x-signature': sign(raw, 'another-key') }), 200, refusal);
		expectAnswered(await deliver(t, raw, { 'x-signature': undefined }), 200, refusal);
		expectAnswered(await deliver(t, raw, { 'x-signature': '' }), 200, refusal);
		expectAnswered(await deliver(t, raw, { 'x-signature': sign(raw).slice(0, 20) }), 200, refusal);
		// signed, then changed on the way
		const tampered = raw.replace('"amount":1200', '"amount":1.00');
		expectAnswered(await deliver(t, tampered, { 'x-signature': sign(raw) }), 200, refusal);
		// nothing was remembered either
		expect(t.staticData()['node:Trigger']?.deliveries ?? {}).toEqual({});
	});

	test('hex in capitals is the same signature', async () => {
		const t = await trigger();
		const raw = JSON.stringify(notification());
		expect(started(await deliver(t, raw, { 'x-signature': sign(raw).toUpperCase() }))).toBe(true);
	});

	test('the signature is checked over the raw bytes, never over re-serialised JSON', async () => {
		// As PHP's json_encode writes it (escaped slashes), pretty-printed, Cyrillic as is:
		// JSON.stringify(JSON.parse(raw)) gives other bytes, so another signature.
		const raw = JSON.stringify(notification({ description: 'Проездной билет' }), null, 2).replace(/\//g, '\\/');
		const reserialised = JSON.stringify(JSON.parse(raw));
		expect(reserialised).not.toBe(raw);
		expect(sign(reserialised)).not.toBe(sign(raw));
		const t = await trigger();
		const good = await deliver(t, raw);
		expect(started(good)).toBe(true);
		expect(item(good).description).toBe('Проездной билет');
		expect(item(good).raw.paymentUrl).toBe('https://pay.invoicebox.ru/order/0188d934-85bd-2e43-9057-53275f15a1e2');
		// A signature made over the re-serialised JSON does not verify the bytes that came.
		const t2 = await trigger();
		expectAnswered(await deliver(t2, raw, { 'x-signature': sign(reserialised) }), 200, expect.objectContaining({ code: 'signature_error' }));
	});

	test('the algorithm set in the shop (HMAC-SHA256 here) is the one checked', async () => {
		const t = await trigger({ options: { algorithm: 'sha256' } });
		const raw = JSON.stringify(notification());
		expectAnswered(await deliver(t, raw), 200, expect.objectContaining({ code: 'signature_error' }));
		expect(started(await deliver(t, raw, { 'x-signature': sign(raw, KEY, 'sha256') }))).toBe(true);
		for (const algorithm of ['md5', 'sha512']) {
			const other = await trigger({ options: { algorithm } });
			expect(started(await deliver(other, raw, { 'x-signature': sign(raw, KEY, algorithm) }))).toBe(true);
		}
	});

	test('a signed body that is not a JSON object is refused', async () => {
		const t = await trigger();
		expectAnswered(await deliver(t, 'not json'), 400, { status: 'error', code: 'out_of_service', message: 'The notification is not a JSON object' });
		expectAnswered(await deliver(t, '[1,2]'), 400, expect.objectContaining({ code: 'out_of_service' }));
	});

	test('without a Notification Key in the credential the trigger fails clearly, at activation and on a call', async () => {
		const t = await trigger({}, { notificationSecretKey: '' });
		await expect(t.hook('checkExists')).rejects.toThrow('The Invoicebox API credential has no Notification Key');
		await expect(t.hook('create')).rejects.toThrow('The Invoicebox API credential has no Notification Key');
		await expect(deliverJson(t, notification())).rejects.toThrow('The Invoicebox API credential has no Notification Key');
	});

	test('the key appears nowhere in what the trigger emits or answers', async () => {
		const t = await trigger({ statuses: ['*'], options: { emitHealthChecks: true } });
		const outcomes = [
			await deliverJson(t, notification()),
			await deliverJson(t, notification(), { 'x-signature': 'forged' }),
			await deliverJson(t, notification({ id: MERCHANT, merchantOrderId: '' })),
		];
		for (const { result, response } of outcomes) expect(JSON.stringify([result, response.body])).not.toContain(KEY);
	});
});

describe('statuses', () => {
	test('by default only paid orders start the workflow; the rest are answered with success', async () => {
		const t = await trigger();
		for (const status of ['canceled', 'expired', 'created', 'hold']) {
			expectAnswered(await deliverJson(t, notification({ status })), 200, SUCCESS);
		}
		expect(started(await deliverJson(t, notification({ status: 'completed' })))).toBe(true);
		// the PHP SDK's example notification says "success" for a paid order
		const sdk = await deliverJson(t, notification({ id: '0188d934-0000-0000-0000-000000000001', status: 'success' }));
		expect(item(sdk)).toMatchObject({ status: 'success', event: 'paid' });
	});

	test('a chosen set of statuses', async () => {
		const t = await trigger({ statuses: ['canceled', 'expired'] });
		expect(item(await deliverJson(t, notification({ status: 'canceled' })))).toMatchObject({ event: 'canceled', deliveryKey: `${ORDER_ID}:canceled` });
		expect(item(await deliverJson(t, notification({ status: 'expired' })))).toMatchObject({ event: 'expired' });
		expectAnswered(await deliverJson(t, notification({ status: 'completed' })), 200, SUCCESS);
	});

	test('Any passes every status, unknown ones as event "other"', async () => {
		const t = await trigger({ statuses: ['*'] });
		expect(item(await deliverJson(t, notification({ status: 'hold' })))).toMatchObject({ status: 'hold', event: 'other' });
		expect(item(await deliverJson(t, notification({ status: 'created' })))).toMatchObject({ event: 'created' });
	});

	test('a refund (an order with a parentId) is "refunded"; a correction order is not', async () => {
		const t = await trigger({ statuses: ['refunded'] });
		const refund = { id: '017f038f-c78b-736d-dc00-8bce30bd0f9f', parentId: ORDER_ID, merchantId: MERCHANT, merchantOrderId: 'R-1', amount: 600, vatAmount: 100, currencyId: 'RUB', status: 'completed', createdAt: '2024-05-02T10:00:00+00:00' };
		const outcome = await deliverJson(t, refund);
		expect(item(outcome)).toMatchObject({ kind: 'refund', event: 'refunded', parentId: ORDER_ID, amount: 600, status: 'completed' });
		expectAnswered(await deliverJson(t, notification({ parentId: refund.id, subtype: 'order', status: 'completed' })), 200, SUCCESS);
	});
});

describe('duplicate deliveries', () => {
	test('a repeated delivery is answered with success and starts nothing', async () => {
		const t = await trigger();
		const raw = JSON.stringify(notification());
		expect(started(await deliver(t, raw))).toBe(true);
		expectAnswered(await deliver(t, raw), 200, SUCCESS);
		expectAnswered(await deliver(t, raw), 200, SUCCESS);
		expect(Object.keys(t.staticData()['node:Trigger'].deliveries)).toEqual([`${ORDER_ID}:completed`]);
		// the next status of the same order is news
		const t2 = await trigger({ statuses: ['*'] });
		expect(started(await deliverJson(t2, notification({ status: 'created' })))).toBe(true);
		expect(item(await deliverJson(t2, notification()))).toMatchObject({ isDuplicate: false, deliveryKey: `${ORDER_ID}:completed` });
	});

	test('two deliveries at the same moment: the second is a repeat although its copy of the log lacks the first', async () => {
		// n8n gives each call its own copy of the static data, read when the call arrives.
		const first = await trigger();
		await first.hook('create');
		const copy = JSON.parse(JSON.stringify(first.staticData()['node:Trigger']));
		const second = await trigger();
		second.staticData()['node:Trigger'] = copy;
		const raw = JSON.stringify(notification({ id: '0188d934-0000-0000-0000-0000000000cc' }));
		expect(started(await deliver(first, raw))).toBe(true);
		expect(second.staticData()['node:Trigger'].deliveries).toEqual({});
		expectAnswered(await deliver(second, raw), 200, SUCCESS);
		// another activation (its own activatedAt) starts from its persisted log only
		const other = await trigger();
		other.staticData()['node:Trigger'] = { ...copy, activatedAt: '2001-01-01T00:00:00.000Z', deliveries: {} };
		expect(started(await deliver(other, raw))).toBe(true);
	});

	test('the delivery log is marked changed, so that n8n saves the static data after each call', async () => {
		const t = await trigger();
		await deliverJson(t, notification());
		t.staticData().__dataChanged = false;
		await deliverJson(t, notification({ id: '0188d934-0000-0000-0000-0000000000bb' }));
		expect(t.staticData().__dataChanged).toBe(true);
	});

	test('with Emit Duplicate Deliveries the repeat starts the workflow, marked isDuplicate', async () => {
		const t = await trigger({ options: { emitDuplicates: true } });
		expect(item(await deliverJson(t, notification())).isDuplicate).toBe(false);
		const again = await deliverJson(t, notification());
		expect(item(again)).toMatchObject({ isDuplicate: true, deliveryKey: `${ORDER_ID}:completed` });
		expectAnsweredAndStarted(again);
	});

	test('when the workflow answers (Respond to Webhook), repeats always reach it, marked', async () => {
		const t = await trigger({ responseMode: 'responseNode' });
		const first = await deliverJson(t, notification());
		expect(first.result.webhookResponse).toBeUndefined();
		expect(first.result.noWebhookResponse).toBeUndefined();
		expect(first.response.body).toBeUndefined();
		expect(item(first).isDuplicate).toBe(false);
		const again = await deliverJson(t, notification());
		expect(item(again).isDuplicate).toBe(true);
		expect(again.result.webhookResponse).toBeUndefined();
	});

	test('deliveries are forgotten after the window, and the log is bounded', async () => {
		const t = await trigger({ options: { duplicateWindowHours: 1 } });
		expect(started(await deliverJson(t, notification()))).toBe(true);
		const log = t.staticData()['node:Trigger'].deliveries;
		log[`${ORDER_ID}:completed`] = Date.now() - 2 * 3_600_000;
		expect(item(await deliverJson(t, notification())).isDuplicate).toBe(false);

		for (let i = 0; i < 5000; i++) log[`old-${i}:completed`] = Date.now() - 1000 + i / 10;
		expect(started(await deliverJson(t, notification({ id: '0188d934-0000-0000-0000-0000000000aa' })))).toBe(true);
		expect(Object.keys(log)).toHaveLength(5000);
		expect(log['old-0:completed']).toBeUndefined();
		expect(log['0188d934-0000-0000-0000-0000000000aa:completed']).toBeDefined();
	});
});

describe('replayed copies: a paid notification older than the duplicate window', () => {
	test('is answered with success, starts nothing, is not remembered, and is logged without secrets or customer data', async () => {
		const warnings = captureWarnings();
		try {
			const t = await trigger();
			const old = notification({ paidAt: atom(-73 * HOUR) });
			const raw = JSON.stringify(old);
			expectAnswered(await deliver(t, raw), 200, SUCCESS);
			expect(t.staticData()['node:Trigger']?.deliveries ?? {}).toEqual({});
			expect(warnings.lines).toHaveLength(1);
			expect(warnings.lines[0].message).toBe(
				'Invoicebox Trigger: a notification about a payment made 73 hours ago was refused as a replayed copy (older than 72 hours); answered success, the workflow was not started',
			);
			expect(warnings.lines[0].meta).toMatchObject({ deliveryKey: `${ORDER_ID}:completed`, paidAt: old.paidAt });
			const logged = JSON.stringify(warnings.lines);
			for (const secret of [KEY, sign(raw), 'billing@example.org', '79001112233', 'Example LLC', '7700000000']) expect(logged).not.toContain(secret);
		} finally {
			warnings.restore();
		}
	});

	test('whatever the options: Respond to Webhook and Emit Duplicate Deliveries do not pass it on either', async () => {
		const warnings = captureWarnings();
		try {
			for (const parameters of [{ responseMode: 'responseNode' }, { options: { emitDuplicates: true } }, { statuses: ['*'] }]) {
				expectAnswered(await deliverJson(await trigger(parameters), notification({ paidAt: atom(-100 * HOUR) })), 200, SUCCESS);
			}
		} finally {
			warnings.restore();
		}
	});

	test('genuine late deliveries still start the workflow: within the window, and never refused before 48 hours', async () => {
		expect(started(await deliverJson(await trigger(), notification({ paidAt: atom(-71 * HOUR) })))).toBe(true);
		// Invoicebox's clock ahead of n8n's.
		expect(started(await deliverJson(await trigger(), notification({ paidAt: atom(2 * HOUR) })))).toBe(true);
		// A window shorter than Invoicebox's retries does not shorten the check below 48 hours...
		const short = { options: { duplicateWindowHours: 1 } };
		expect(started(await deliverJson(await trigger(short), notification({ paidAt: atom(-47 * HOUR) })))).toBe(true);
		const warnings = captureWarnings();
		try {
			expectAnswered(await deliverJson(await trigger(short), notification({ paidAt: atom(-49 * HOUR) })), 200, SUCCESS);
		} finally {
			warnings.restore();
		}
		// ...and a longer one lengthens it.
		const month = { options: { duplicateWindowHours: 24 * 30 } };
		expect(started(await deliverJson(await trigger(month), notification({ paidAt: atom(-29 * 24 * HOUR) })))).toBe(true);
	});

	test('notifications that do not date their own change are left to the delivery log, however old their dates', async () => {
		const t = await trigger({ statuses: ['*'] });
		const old = { createdAt: '2024-05-01T10:00:00+00:00', expirationDate: '2024-06-01T00:00:00+00:00' };
		const cases = [
			notification({ ...old, id: '0188d934-0000-0000-0000-00000000c001', status: 'canceled', paidAt: undefined }),
			notification({ ...old, id: '0188d934-0000-0000-0000-00000000c002', status: 'expired', paidAt: undefined }),
			notification({ ...old, id: '0188d934-0000-0000-0000-00000000c003', status: 'created', paidAt: undefined }),
			// The PHP SDK's example notification: "success", no paidAt.
			notification({ ...old, id: '0188d934-0000-0000-0000-00000000c004', status: 'success', paidAt: undefined }),
			// A paid order canceled later (its paidAt is old, the cancellation is not dated).
			notification({ ...old, id: '0188d934-0000-0000-0000-00000000c005', status: 'canceled', paidAt: '2024-05-01T10:05:00+00:00' }),
			// A refund completed later.
			{ id: '017f038f-c78b-736d-dc00-8bce30bd0f9f', parentId: ORDER_ID, merchantId: MERCHANT, merchantOrderId: 'R-1', amount: 600, currencyId: 'RUB', status: 'completed', ...old, paidAt: '2024-05-01T10:05:00+00:00' },
		];
		for (const value of cases) expect(started(await deliverJson(t, value))).toBe(true);
	});

	test('a payment dated ahead of n8n\'s clock is remembered until its date plus the window: no gap for a replay', async () => {
		const t = await trigger();
		await t.hook('create');
		const raw = JSON.stringify(notification({ paidAt: atom(2 * HOUR) }));
		expect(started(await deliver(t, raw))).toBe(true);
		const warnings = captureWarnings();
		// 73 hours on: remembered from its arrival, the delivery would be forgotten, and its paidAt
		// is only 71 hours old.
		let clock = shiftClock(73 * HOUR);
		try {
			expectAnswered(await deliver(t, raw), 200, SUCCESS);
			expect(warnings.lines).toHaveLength(0);
		} finally {
			clock.mockRestore();
		}
		// 75 hours on: the date check has taken over.
		clock = shiftClock(75 * HOUR);
		try {
			expectAnswered(await deliver(t, raw), 200, SUCCESS);
			expect(warnings.lines).toHaveLength(1);
		} finally {
			clock.mockRestore();
			warnings.restore();
		}
	});
});

describe('the in-process log of deliveries arriving at the same moment stays bounded', () => {
	// The module the loaded node uses (jest loads the package's files through its own registry).
	const { inProcessDeliveryStats, rememberDeliveryInProcess, forgetDeliveriesInProcess, MAX_ENTRIES_IN_PROCESS } = require('../../dist/nodes/InvoiceboxTrigger/deliveries');
	/** `n` distinct deliveries (order created: nothing in them is old). */
	async function deliverMany(t, prefix, n) {
		for (let i = 0; i < n; i++) {
			const outcome = await deliverJson(t, { id: `${prefix}-${i}`, status: 'created', merchantId: MERCHANT, merchantOrderId: `${prefix}-${i}`, createdAt: atom() });
			if (!started(outcome)) throw new Error(`delivery ${prefix}-${i} did not start the workflow`);
		}
	}

	// Fewer deliveries than the 5,000 a log may hold keep the test quick: the workflow's own log is
	// read whole on each delivery, so the run grows with the square of this number.
	test('10 activations × 300 deliveries: only the current activation\'s entries are kept, none once deactivated', async () => {
		const t = await trigger({ statuses: ['*'] });
		for (let a = 0; a < 10; a++) {
			await t.hook('create');
			await deliverMany(t, `a${a}`, 300);
			expect(inProcessDeliveryStats()).toEqual({ triggers: 1, entries: 300 });
		}
		// The workflow's own log (static data) keeps them all: it outlives activations on purpose.
		expect(Object.keys(t.staticData()['node:Trigger'].deliveries)).toHaveLength(3000);
		await t.hook('delete');
		expect(inProcessDeliveryStats()).toEqual({ triggers: 0, entries: 0 });
	});

	test('where the hooks run in another process (queue mode), a new activation\'s first delivery replaces the old log', async () => {
		const t = await trigger({ statuses: ['*'] });
		await t.hook('create');
		for (let a = 0; a < 3; a++) {
			// What the process that activated the workflow wrote into its static data.
			t.staticData()['node:Trigger'].activatedAt = `2026-01-0${a + 1}T00:00:00.000Z`;
			await deliverMany(t, `b${a}`, 10);
			expect(inProcessDeliveryStats()).toEqual({ triggers: 1, entries: 10 });
		}
		// A straggler whose static data was read before the last activation leaves the log alone.
		t.staticData()['node:Trigger'].activatedAt = '2026-01-01T00:00:00.000Z';
		await deliverMany(t, 'straggler', 1);
		expect(inProcessDeliveryStats()).toEqual({ triggers: 1, entries: 10 });
		await t.hook('delete');
	});

	test('a trigger deactivated or deleted in another process loses its log once its window has passed', async () => {
		const gone = await trigger({ statuses: ['*'], options: { duplicateWindowHours: 1 } });
		gone.workflow.id = 'wf-deleted-elsewhere';
		await gone.hook('create');
		await deliverMany(gone, 'gone', 3);
		const live = await trigger({ statuses: ['*'] });
		await live.hook('create');
		await deliverMany(live, 'live', 1);
		expect(inProcessDeliveryStats()).toEqual({ triggers: 2, entries: 4 });
		const clock = shiftClock(2 * HOUR);
		try {
			await deliverMany(live, 'later', 1);
			expect(inProcessDeliveryStats()).toEqual({ triggers: 1, entries: 2 });
		} finally {
			clock.mockRestore();
			await live.hook('delete');
		}
	});

	test(`all the logs together hold at most ${MAX_ENTRIES_IN_PROCESS} entries, the least recently used trigger's going first`, () => {
		const now = Date.now();
		const triggers = Array.from({ length: 25 }, (_, i) => `wf-${i}:trigger`);
		try {
			for (const id of triggers) for (let i = 0; i < 1000; i++) rememberDeliveryInProcess(id, 'activation', `k${i}`, now, HOUR);
			const { entries } = inProcessDeliveryStats();
			expect(entries).toBeLessThanOrEqual(MAX_ENTRIES_IN_PROCESS);
			expect(entries).toBeGreaterThan(MAX_ENTRIES_IN_PROCESS - 1000);
			// The latest trigger's log is whole; the first one's went.
			expect(rememberDeliveryInProcess(triggers[24], 'activation', 'k0', now, HOUR)).toBe(true);
			expect(rememberDeliveryInProcess(triggers[0], 'activation', 'k0', now, HOUR)).toBe(false);
		} finally {
			for (const id of triggers) forgetDeliveriesInProcess(id);
		}
	});
});

describe('health check', () => {
	const probe = notification({ id: 'ffffffff-ffff-ffff-ffff-ffffffffffff', merchantOrderId: '', status: 'completed' });

	test('is verified and answered with success, without starting the workflow', async () => {
		const t = await trigger();
		expectAnswered(await deliverJson(t, probe), 200, SUCCESS);
		expectAnswered(await deliverJson(t, probe, { 'x-signature': 'bad' }), 200, expect.objectContaining({ code: 'signature_error' }));
		expect(t.staticData()['node:Trigger']?.deliveries ?? {}).toEqual({});
	});

	test('with Emit Health Checks it starts the workflow, marked', async () => {
		const t = await trigger({ options: { emitHealthChecks: true } });
		expect(item(await deliverJson(t, probe))).toMatchObject({ isHealthCheck: true, merchantOrderId: '', isDuplicate: false });
	});

	test('with a Merchant ID, notifications for another shop are refused (order_not_found)', async () => {
		const t = await trigger({ options: { merchantId: MERCHANT.toUpperCase() } });
		expectAnswered(await deliverJson(t, probe), 200, SUCCESS);
		const other = { ...probe, merchantId: '0302756d-9d83-60c9-0356-c228562c7581' };
		expectAnswered(await deliverJson(t, other), 200, { status: 'error', code: 'order_not_found', message: 'The notification is for another shop' });
		expectAnswered(await deliverJson(t, notification({ merchantId: other.merchantId })), 200, expect.objectContaining({ code: 'order_not_found' }));
		expect(started(await deliverJson(t, notification()))).toBe(true);
	});
});

describe('oversized bodies', () => {
	test('a body over 1 MB is refused with 413 before anything else, starting nothing', async () => {
		const t = await trigger();
		const raw = JSON.stringify(notification({ description: 'x'.repeat(1024 * 1024) }));
		expectAnswered(await deliver(t, raw), 413, { status: 'error', code: 'out_of_service', message: 'The notification is larger than 1048576 bytes' });
		// a declared length over the limit is enough
		const small = JSON.stringify(notification());
		expectAnswered(await deliver(t, small, { 'content-length': String(2 * 1024 * 1024) }), 413, expect.objectContaining({ code: 'out_of_service' }));
	});

	test('the limit is an option', async () => {
		const t = await trigger({ options: { maxBodySizeKb: 1 } });
		expectAnswered(await deliverJson(t, notification({ description: 'x'.repeat(2000) })), 413, expect.objectContaining({ code: 'out_of_service' }));
		expect(started(await deliverJson(t, notification()))).toBe(true);
	});
});

test('the lifecycle registers nothing remotely: it keeps the delivery log in static data', async () => {
	const t = await trigger();
	expect(await t.hook('checkExists')).toBe(false);
	expect(await t.hook('create')).toBe(true);
	const data = t.staticData()['node:Trigger'];
	expect(data.webhookUrl).toBe('http://localhost:5678/webhook/test-webhook-id/notification');
	expect(data.deliveries).toEqual({});
	expect(await t.hook('checkExists')).toBe(true);
	await deliverJson(t, notification());
	expect(await t.hook('delete')).toBe(true);
	expect(await t.hook('checkExists')).toBe(false);
	// retries of what was handled before are still recognised after a re-activation
	expect(await t.hook('create')).toBe(true);
	expectAnswered(await deliverJson(t, notification()), 200, SUCCESS);
});

describe('round trip: the Invoicebox sandbox notifies the trigger over HTTP', () => {
	let env;
	let endpoint;
	beforeAll(async () => {
		env = await invoiceboxSetup({ notificationKey: KEY, notificationRetries: 3, notificationRetryDelayMs: 20 });
	});
	afterAll(async () => {
		await env.sandbox.close();
		await endpoint?.close();
	});
	beforeEach(async () => {
		env.sandbox.reset({ notificationKey: KEY, notificationRetries: 3, notificationRetryDelayMs: 20 });
		await endpoint?.close();
	});

	/**
	 * n8n's webhook endpoint in front of the trigger (helpers/triggerServer.js). In "Respond to
	 * Webhook" mode `respond` plays the workflow's answer. `failFirst` requests get a 500 first
	 * (n8n down).
	 */
	async function serve(t, { respond, failFirst = 0 } = {}) {
		let failures = failFirst;
		const intercept = (req, res) => {
			if (failures <= 0) return false;
			failures -= 1;
			res.writeHead(500, { 'Content-Type': 'text/html' });
			res.end('<html>Bad Gateway</html>');
			return true;
		};
		endpoint = await serveTrigger(t, { intercept, respond: (items) => respond(items[0]) });
		return { url: `${endpoint.url}/webhook/test-webhook-id/notification`, emitted: endpoint.emitted };
	}

	const control = async (action, body = {}) => {
		const response = await fetch(`${env.sandbox.url}/_sandbox/${action}`, { method: 'POST', body: JSON.stringify(body) });
		return await response.json();
	};

	test('paying on the payment page sends one signed notification; the trigger emits it once, duplicates included', async () => {
		const t = await trigger();
		const { url, emitted } = await serve(t);
		const order = await env.createOrder({ notificationUrl: url });
		await control('pay', { orderId: order.id });
		const [sent] = await control('settle');
		expect(sent).toMatchObject({ orderId: order.id, status: 'completed', outcome: 'delivered', deliveryKey: `${order.id}:completed` });
		expect(sent.attempts).toEqual([expect.objectContaining({ httpStatus: 200, answer: SUCCESS, outcome: 'success' })]);
		// answered at once: far inside the 20 s Invoicebox waits
		expect(sent.attempts[0].ms).toBeLessThan(2000);
		// the bytes sent escape slashes like PHP: re-serialising would break the signature
		expect(sent.body).toContain('\\/payment\\/order\\/');
		expect(sent.signature).toBe(sign(sent.body));
		expect(emitted).toHaveLength(1);
		expect(emitted[0]).toMatchObject({ id: order.id, event: 'paid', merchantOrderId: order.merchantOrderId, amount: 1200, currencyId: 'RUB', isDuplicate: false });
		expect(emitted[0].paidAt).toBeTruthy();
		expect(emitted[0].raw.paymentUrl).toBe(order.paymentUrl);

		// Invoicebox delivers the same notification again (its answer got lost, say)
		const again = await control('notify', { orderId: order.id });
		expect(again).toMatchObject({ outcome: 'delivered', deliveryKey: `${order.id}:completed` });
		expect(emitted).toHaveLength(1);
		expect(env.sandbox.snapshot().notifications).toHaveLength(2);
	});

	test('a captured paid notification replayed after the window is answered with success and starts nothing', async () => {
		const t = await trigger();
		await t.hook('create');
		const { url, emitted } = await serve(t);
		const order = await env.createOrder({ notificationUrl: url });
		await control('pay', { orderId: order.id });
		const [sent] = await control('settle');
		expect(emitted).toHaveLength(1);
		// Someone kept the exact bytes and their signature, and sends them again.
		const replay = async () => {
			const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': sent.signature }, body: sent.body });
			return [response.status, await response.json()];
		};
		// Within the window the delivery log knows it.
		expect(await replay()).toEqual([200, SUCCESS]);
		expect(emitted).toHaveLength(1);
		// 73 hours later the log has forgotten it; its paidAt says it is a copy.
		const warnings = captureWarnings();
		const clock = shiftClock(73 * HOUR);
		try {
			expect(await replay()).toEqual([200, SUCCESS]);
			expect(emitted).toHaveLength(1);
			expect(warnings.lines.map((line) => line.meta.deliveryKey)).toEqual([`${order.id}:completed`]);
		} finally {
			clock.mockRestore();
			warnings.restore();
		}
	});

	test('a genuine delivery after n8n was down (Invoicebox\'s last retry, n8n\'s clock a day ahead) still starts the workflow', async () => {
		const t = await trigger();
		const { url, emitted } = await serve(t, { failFirst: 4 });
		const order = await env.createOrder({ notificationUrl: url });
		env.sandbox.payOrder(order.id);
		const [sent] = await env.sandbox.settleNotifications();
		expect(sent.outcome).toBe('failed');
		const clock = shiftClock(47 * HOUR);
		try {
			expect(await control('notify', { orderId: order.id })).toMatchObject({ outcome: 'delivered' });
			expect(emitted).toHaveLength(1);
		} finally {
			clock.mockRestore();
		}
	});

	test('the shop-level notification URL is used when the order has none; a guarantee payment notifies too', async () => {
		const t = await trigger();
		const { url, emitted } = await serve(t);
		env.sandbox.configure({ notificationUrl: url });
		const order = await env.createOrder();
		const customer = { type: 'legal', name: 'Example LLC', vatNumber: '7700000000' };
		const sent = await env.api('POST', `/billing/api/order/${order.id}/payment-method-action/send-code`, { paymentMethodId: '41730012', customer });
		const code = env.sandbox.state.codes.get(order.id).code;
		const paid = await env.api('POST', `/billing/api/order/${order.id}/payment-method-action/pay`, {
			paymentMethodId: '41730012',
			customer,
			customerPaymentData: { publicCode: sent.resultData.publicCode, code },
		});
		expect(paid.result).toBe('success');
		await env.sandbox.settleNotifications();
		expect(emitted).toHaveLength(1);
		expect(emitted[0]).toMatchObject({ id: order.id, event: 'paid' });
		expect(env.sandbox.notifications()[0].url).toBe(url);
	});

	test('a non-success answer is retried: HTTP 500 twice, then delivered; the workflow starts once', async () => {
		const t = await trigger();
		const { url, emitted } = await serve(t, { failFirst: 2 });
		const order = await env.createOrder({ notificationUrl: url });
		env.sandbox.payOrder(order.id);
		const [sent] = await env.sandbox.settleNotifications();
		expect(sent.outcome).toBe('delivered');
		expect(sent.attempts.map((a) => [a.httpStatus, a.outcome])).toEqual([
			[500, 'retry'],
			[500, 'retry'],
			[200, 'success'],
		]);
		expect(emitted).toHaveLength(1);
	});

	test('signature_error is final (not retried); a wrong key never starts the workflow', async () => {
		const t = await trigger({}, { notificationSecretKey: 'the-old-key' });
		const { url, emitted } = await serve(t);
		const order = await env.createOrder({ notificationUrl: url });
		env.sandbox.payOrder(order.id);
		const [sent] = await env.sandbox.settleNotifications();
		expect(sent.outcome).toBe('refused');
		expect(sent.attempts).toHaveLength(1);
		expect(sent.attempts[0]).toMatchObject({ httpStatus: 200, error: 'signature_error', answer: expect.objectContaining({ code: 'signature_error' }) });
		expect(emitted).toHaveLength(0);
	});

	test('in Respond to Webhook mode the workflow answers: out_of_service is retried, order_wrong_amount is final', async () => {
		const t = await trigger({ responseMode: 'responseNode' });
		let answers = [{ status: 'error', code: 'out_of_service', message: 'database is down' }, SUCCESS];
		const { url, emitted } = await serve(t, { respond: () => answers.shift() });
		const order = await env.createOrder({ notificationUrl: url });
		env.sandbox.payOrder(order.id);
		const [sent] = await env.sandbox.settleNotifications();
		expect(sent.attempts.map((a) => a.outcome)).toEqual(['retry', 'success']);
		expect(emitted.map((i) => i.isDuplicate)).toEqual([false, true]);

		answers = [{ status: 'error', code: 'order_wrong_amount', message: 'Amount 1000.00 expected' }];
		const second = await env.createOrder({ notificationUrl: url });
		env.sandbox.payOrder(second.id);
		await env.sandbox.settleNotifications();
		expect(env.sandbox.notifications()[1]).toMatchObject({ outcome: 'refused', attempts: [expect.objectContaining({ error: 'order_wrong_amount' })] });

		// order_wrong_status (in the PHP SDK's NotificationResult) is a final answer too, and the option's help names it.
		answers = [{ status: 'error', code: 'order_wrong_status', message: 'Order 42 is already cancelled' }];
		const third = await env.createOrder({ notificationUrl: url });
		env.sandbox.payOrder(third.id);
		await env.sandbox.settleNotifications();
		expect(env.sandbox.notifications()[2]).toMatchObject({ outcome: 'refused', attempts: [expect.objectContaining({ error: 'order_wrong_status' })] });
		const mode = t.nodeType.description.properties.find((p) => p.name === 'responseMode');
		const help = mode.options.find((o) => o.value === 'responseNode').description;
		for (const code of ['order_not_found', 'order_wrong_amount', 'order_wrong_status', 'order_already_paid', 'signature_error', 'out_of_service']) expect(help).toContain(code);
	});

	test('an answer that is not JSON, or never comes, is retried until the retries run out', async () => {
		const t = await trigger();
		const broken = http.createServer((req, res) => {
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			res.end('OK');
		});
		await new Promise((resolve) => broken.listen(0, '127.0.0.1', resolve));
		try {
			const order = await env.createOrder({ notificationUrl: `http://127.0.0.1:${broken.address().port}/hook` });
			env.sandbox.payOrder(order.id);
			const [sent] = await env.sandbox.settleNotifications();
			expect(sent.outcome).toBe('failed');
			expect(sent.attempts).toHaveLength(4);
			expect(sent.attempts[0]).toMatchObject({ httpStatus: 200, error: 'the answer is not JSON', outcome: 'retry' });
		} finally {
			await new Promise((resolve) => broken.close(resolve));
		}
		env.sandbox.configure({ notificationTimeoutMs: 100, notificationRetries: 1 });
		const silent = http.createServer(() => {});
		await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const order = await env.createOrder({ notificationUrl: `http://127.0.0.1:${silent.address().port}/hook` });
			env.sandbox.payOrder(order.id);
			const sent = (await env.sandbox.settleNotifications()).at(-1);
			expect(sent).toMatchObject({ outcome: 'failed', attempts: [expect.objectContaining({ error: 'no answer in time' }), expect.anything()] });
		} finally {
			silent.closeAllConnections();
			await new Promise((resolve) => silent.close(resolve));
		}
		expect(t).toBeDefined();
	});

	test('cancel, refund and the health check go through the same channel', async () => {
		const t = await trigger({ statuses: ['canceled', 'refunded'] });
		const { url, emitted } = await serve(t);
		env.sandbox.configure({ notificationUrl: url });
		const unpaid = await env.createOrder();
		await env.api('DELETE', `/billing/api/order/order/${unpaid.id}`);
		const paid = await env.createOrder();
		env.sandbox.payOrder(paid.id); // filtered out: answered success, nothing emitted
		const refund = await env.api('POST', '/billing/api/order/refund-order', {
			parentId: paid.id,
			merchantOrderId: `R-${paid.merchantOrderId}`,
			description: 'Refund',
			amount: 600,
			vatAmount: 100,
			basketItems: [{ ...paid.basketItems[0], quantity: 1, totalAmount: 600, totalVatAmount: 100 }],
		});
		await env.sandbox.settleNotifications();
		await control('completeRefund', { refundId: refund.id });
		const health = await control('healthCheck');
		expect(health).toMatchObject({ orderId: 'ffffffff-ffff-ffff-ffff-ffffffffffff', outcome: 'delivered', attempts: [expect.objectContaining({ answer: SUCCESS })] });
		const all = await control('settle');
		expect(all.map((n) => [n.status, n.outcome])).toEqual([
			['canceled', 'delivered'],
			['completed', 'delivered'],
			['created', 'delivered'],
			['completed', 'delivered'],
			['completed', 'delivered'],
		]);
		expect(emitted.map((i) => [i.event, i.kind, i.status])).toEqual([
			['canceled', 'order', 'canceled'],
			['refunded', 'refund', 'created'],
			['refunded', 'refund', 'completed'],
		]);
		expect(emitted[1]).toMatchObject({ id: refund.id, parentId: paid.id, amount: 600 });
		expect((await control('state')).settings.notificationKey).toBe('(set)');
	});

	test('without a key or a URL nothing is sent', async () => {
		env.sandbox.reset({ notificationKey: null });
		const order = await env.createOrder({ notificationUrl: 'http://127.0.0.1:9/none' });
		env.sandbox.payOrder(order.id);
		expect(env.sandbox.notifications()).toEqual([]);
		expect(await control('notify', { orderId: order.id })).toEqual({ sent: false, reason: 'no notification URL or key configured' });
	});
});
