'use strict';
/**
 * The sandboxes' pages for people trying the demo, with the demo data `npm start` seeds: each
 * sandbox's index page at /_sandbox/, the Bitrix24 portal's Checkout button, the Invoicebox
 * payment page with its Pay and Fail buttons (the signed notification goes out and the page says
 * how the receiver answered). Buttons are pressed as a browser would (scripts/lib/pages.js).
 * The control API posted as JSON answers as before.
 */
const crypto = require('node:crypto');
const http = require('node:http');

const { startSandboxes } = require('../../scripts/sandboxes');
const { open, press, link } = require('../../scripts/lib/pages');

/** A stand-in for n8n: records what it receives; `answer(req, body)` decides the reply. */
let receiver;
const received = [];
let answer;
let sandboxes;
let base;

const PAID = 'invoicebox-for-bitrix24-2-paid';
const ACTIVEPLATFORM = 'invoicebox-paid-activeplatform';
const CHECKOUT = 'invoicebox-for-bitrix24-1-checkout';

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			received.push({ path: req.url, headers: req.headers, body });
			const [status, reply] = answer(req, body);
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(reply));
		});
	});
	await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${receiver.address().port}`;
	sandboxes = await startSandboxes({
		ports: 'free',
		demo: { triggerUrls: { [PAID]: `${base}/paid`, [ACTIVEPLATFORM]: `${base}/activeplatform`, [CHECKOUT]: `${base}/checkout` } },
	});
});
afterAll(async () => {
	await sandboxes.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
	received.length = 0;
	answer = () => [200, { status: 'success' }];
	await sandboxes.reset();
});

const url = (name, path) => `${sandboxes.byName[name].url}${path}`;
const order = async (merchantOrderId) => (await sandboxes.state('invoicebox')).orders.find((o) => o.merchantOrderId === merchantOrderId);
/** The index page's link to an order's payment page. */
async function paymentPageOf(merchantOrderId) {
	const index = await open(url('invoicebox', '/_sandbox/'));
	const row = new RegExp(`data-merchant-order-id="${merchantOrderId}"[^\\n]*?class="payment-page" href="([^"]+)"`).exec(index.text);
	expect(row).not.toBeNull();
	return open(new URL(row[1], index.url).href);
}
/** What a person reads on a page: its body's text, entities decoded. */
const text = (page) =>
	page.text
		.replace(/<head>[\s\S]*<\/head>/, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e])
		.replace(/\s+/g, ' ');

describe('index pages at /_sandbox/', () => {
	test.each([
		['bitrix24', ['Payments', 'Checkout', 'acmepay_checkout', 'Acme Pay — bank cards', 'POST /_sandbox/checkout', 'POST /_sandbox/faults']],
		['invoicebox', ['SHOP-1001', 'b24-103', 'ap-002021', 'POST /_sandbox/pay', 'POST /_sandbox/notify', 'GET /_sandbox/calls']],
		['activeplatform', ['002018', '002021', 'Bank transfer', 'Small Shop', 'POST /_sandbox/payments', 'POST /_sandbox/reset']],
	])('%s: its data and its control endpoints', async (name, expected) => {
		const page = await open(url(name, '/_sandbox/'));
		for (const piece of expected) expect(text(page)).toContain(piece);
		const redirect = await fetch(url(name, '/_sandbox'), { redirect: 'manual' });
		expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/_sandbox/']);
	});

	test('the Invoicebox index links each order to its payment page and shows the shop\'s notification URL', async () => {
		const page = await open(url('invoicebox', '/_sandbox/'));
		for (const o of (await sandboxes.state('invoicebox')).orders) {
			expect(page.text).toContain(`href="/payment/order/${o.orderContainerId}"`);
		}
		expect(page.text).toMatch(new RegExp(`id="shop-notification-url"><code>${base}/paid</code>`));
	});

	test('what is on a page is escaped', async () => {
		await fetch(url('activeplatform', '/_sandbox/payments'), { method: 'POST', body: JSON.stringify({ comment: '<script>alert(1)</script>' }) });
		const page = await open(url('activeplatform', '/_sandbox/'));
		expect(page.text).not.toContain('<script>alert(1)</script>');
		expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
	});
});

describe('demo data for the trigger examples', () => {
	test('the shop notifies the paid example; ap-002021 notifies the ActivePlatform example and matches ActivePlatform document 002021', async () => {
		const state = await sandboxes.state('invoicebox');
		expect(state.settings.notificationUrl).toBe(`${base}/paid`);
		const ap = state.orders.find((o) => o.merchantOrderId === 'ap-002021');
		expect(ap).toMatchObject({ status: 'created', amount: 60, currencyId: 'USD', notificationUrl: `${base}/activeplatform` });
		const payment = (await sandboxes.state('activeplatform')).payments.find((p) => p.attributes.document_id === '002021');
		expect(payment.attributes).toMatchObject({ status: 'waiting_for_payment', total: '60.0', currency_code: 'USD' });
		const b24 = state.orders.find((o) => o.merchantOrderId === 'b24-103');
		const portalPayment = (await sandboxes.state('bitrix24')).payments.find((p) => p.ID === 103);
		expect(b24).toMatchObject({ status: 'created', amount: portalPayment.SUM, currencyId: portalPayment.CURRENCY, merchantOrderIdVisible: portalPayment.ACCOUNT_NUMBER });
		expect(b24.metaData).toEqual({ bitrix24PaymentId: 103, bitrix24PaySystemId: 1 });
		expect(state.notifications).toEqual([]); // the paid demo orders notified nobody
	});

	test('each sandbox says the one step that fires its trigger example', () => {
		const fire = sandboxes.fire();
		expect(Object.keys(fire).sort()).toEqual([ACTIVEPLATFORM, CHECKOUT, PAID].sort());
		expect(fire[CHECKOUT]).toContain(`${url('bitrix24', '/_sandbox/')} and press Checkout on payment 101`);
		expect(fire[PAID]).toMatch(new RegExp(`^open ${url('invoicebox', '/payment/order/')}\\S+ and press Pay`));
	});
});

describe('Invoicebox payment page', () => {
	test('shows the order: shop, number, amount, currency, basket; Pay and Fail buttons', async () => {
		const page = await paymentPageOf('ap-002021');
		const o = await order('ap-002021');
		const shown = text(page);
		for (const piece of [o.merchantId, 'ap-002021', 'Invoice 2021: SSL certificate', '60.00 USD', 'SSL certificate, 1 year', 'AP-002021', 'VATNONE', 'waiting for payment', `${base}/activeplatform`, "the order's notification URL"]) {
			expect(shown).toContain(piece);
		}
		expect(page.text).toMatch(/<button type="submit" id="pay" name="outcome" value="pay"[^>]*>Pay 60\.00 USD<\/button>/);
		expect(page.text).toMatch(/<button type="submit" id="fail" name="outcome" value="fail"/);
	});

	test('Pay: the order is paid, the signed notification goes to its notification URL, the page shows the answer', async () => {
		const page = await paymentPageOf('ap-002021');
		const outcome = await press(page, 'pay');
		expect(outcome.posted).toEqual({ outcome: 'pay' });
		expect(outcome.text).toMatch(/id="outcome" data-outcome="pay" data-status="completed"/);
		expect(outcome.text).toMatch(/data-outcome="delivered"/);
		expect(text(outcome)).toContain('{"status":"success"}');
		expect((await order('ap-002021')).status).toBe('completed');
		expect(received).toHaveLength(1);
		const [delivery] = received;
		expect(delivery.path).toBe('/activeplatform');
		const signature = crypto.createHmac('sha1', 'sandbox-notification-key-8d1f').update(delivery.body).digest('hex');
		expect(delivery.headers['x-signature']).toBe(signature);
		expect(JSON.parse(delivery.body)).toMatchObject({ merchantOrderId: 'ap-002021', status: 'completed', amount: 60, currencyId: 'USD' });
	});

	test('Fail: the order is canceled and the signed notification of that goes to the shop\'s notification URL', async () => {
		const outcome = await press(await paymentPageOf('SHOP-1003'), 'fail');
		expect(outcome.text).toMatch(/id="outcome" data-outcome="fail" data-status="canceled"/);
		expect(outcome.text).toMatch(/data-outcome="delivered"/);
		expect((await order('SHOP-1003')).status).toBe('canceled');
		expect(received.map((r) => [r.path, JSON.parse(r.body).status])).toEqual([['/paid', 'canceled']]);
	});

	test('a closed order: no buttons to pay, one to send its notification again', async () => {
		const page = await paymentPageOf('SHOP-1001');
		expect(page.text).not.toMatch(/id="pay"/);
		expect(text(page)).toContain('Nothing to pay: this order is paid.');
		const again = await press(page, 'notify-again');
		expect(again.text).toMatch(/data-outcome="delivered"/);
		expect(received.map((r) => [r.path, JSON.parse(r.body).merchantOrderId, JSON.parse(r.body).status])).toEqual([['/paid', 'SHOP-1001', 'completed']]);
	});

	test('the page says why a notification was not delivered', async () => {
		answer = () => [404, { code: 404, message: 'The requested webhook is not registered.' }];
		const notActive = await press(await paymentPageOf('b24-103'), 'pay');
		expect(notActive.text).toMatch(/data-outcome="failed"/);
		expect(text(notActive)).toContain('Not delivered: HTTP 404');
		expect(text(notActive)).toContain('Is the workflow with the Invoicebox Trigger active (published)?');

		answer = () => [200, { status: 'error', code: 'signature_error' }];
		const wrongKey = await press(await paymentPageOf('SHOP-1003'), 'pay');
		expect(text(wrongKey)).toContain("Refused: signature_error . The receiver computed another signature: its Notification Key is not this shop's key.");

		answer = () => [200, { status: 'success' }];
		await fetch(url('invoicebox', '/_sandbox/settings'), { method: 'POST', body: JSON.stringify({ notificationUrl: null }) });
		const nowhere = await press(await paymentPageOf('ap-002021'), 'fail');
		expect(nowhere.text).toMatch(/data-outcome="delivered"/); // the order's own URL still counts
		const bulk = await (await fetch(url('invoicebox', '/_sandbox/orders'), { method: 'POST', body: JSON.stringify({ count: 1, prefix: 'LOOSE-' }) })).json();
		const loose = await press(await paymentPageOf('LOOSE-1'), 'pay');
		expect(bulk.ids).toHaveLength(1);
		expect(loose.text).toMatch(/id="no-notification"/);
		expect(text(loose)).toContain('Invoicebox sent no notification: neither the order nor the shop has a notification URL.');
	});

	test('an unknown payment page: 404 with a link to the orders', async () => {
		const res = await fetch(url('invoicebox', '/payment/order/0190a000-0000-4000-8000-000000000000'));
		expect(res.status).toBe(404);
		expect(await res.text()).toContain('href="/_sandbox/"');
	});

	test('the payment page is not part of the API: not in the call log, no faults, no rate limit', async () => {
		const calls = async () => (await (await fetch(url('invoicebox', '/_sandbox/calls'))).json()).length;
		const before = await calls();
		await fetch(url('invoicebox', '/_sandbox/faults'), { method: 'POST', body: JSON.stringify({ status: 500, body: { error: 'injected' }, times: 5 }) });
		await paymentPageOf('SHOP-1003');
		await press(await paymentPageOf('SHOP-1003'), 'pay');
		expect(await calls()).toBe(before);
		expect(sandboxes.byName.invoicebox.faults.faults).toHaveLength(1);
	});
});

describe('Bitrix24 Checkout button', () => {
	const checkoutAnswer = (paymentUrl, id) => () => [200, { PAYMENT_URL: paymentUrl, PAYMENT_ID: id }];

	test('the portal POSTs the payment to the handler\'s Action URI; the page links to the PAYMENT_URL it answered', async () => {
		await fetch(url('bitrix24', `/rest/1/sandboxwebhookcode1/sale.paysystem.handler.update.json`), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ ID: 1, FIELDS: { SETTINGS: { ...(await sandboxes.state('bitrix24')).handlers[0].SETTINGS, CHECKOUT_DATA: { ...(await sandboxes.state('bitrix24')).handlers[0].SETTINGS.CHECKOUT_DATA, ACTION_URI: `${base}/checkout` } } } }),
		});
		answer = checkoutAnswer('https://pay.example/p/1', 'inv-1');
		const index = await open(url('bitrix24', '/_sandbox/'));
		const page = await press(index, 'checkout-101');
		expect(page.posted).toEqual({ paymentId: '101', returnUrl: url('bitrix24', '/_sandbox/') });
		expect(page.text).toMatch(/id="checkout-outcome" data-ok="true"/);
		expect(link(page, 'payment-url')).toBe('https://pay.example/p/1');
		const [call] = received;
		expect(call.path).toBe('/checkout');
		expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
		const form = new URLSearchParams(call.body);
		expect([form.get('BX_SYSTEM_PARAMS[PAYMENT_ID]'), form.get('BX_SYSTEM_PARAMS[SUM]'), form.get('BX_SYSTEM_PARAMS[RETURN_URL]')]).toEqual(['101', '1250', url('bitrix24', '/_sandbox/')]);
		const payment = (await sandboxes.state('bitrix24')).payments.find((p) => p.ID === 101);
		expect([payment.PS_INVOICE_ID, payment.PAYMENT_URL]).toEqual(['inv-1', 'https://pay.example/p/1']);

		answer = () => [200, { PAYMENT_ERRORS: ['Amount mismatch'] }];
		const refused = await press(await open(url('bitrix24', '/_sandbox/')), 'checkout-102');
		expect(refused.text).toMatch(/data-ok="false"/);
		expect(text(refused)).toContain('Amount mismatch');
	});

	test('before the checkout workflow is active, the page says what to do', async () => {
		const page = await press(await open(url('bitrix24', '/_sandbox/')), 'checkout-101');
		expect(page.text).toMatch(/data-ok="false"/);
		expect(text(page)).toContain('still the demo\'s placeholder: activate (publish) the workflow Invoicebox for Bitrix24 (1)');
		expect(received).toEqual([]);
	});

	test('the control endpoint answers JSON as before; a failure is a 400 with its reason', async () => {
		const res = await fetch(url('bitrix24', '/_sandbox/checkout'), { method: 'POST', body: JSON.stringify({ paymentId: 999 }) });
		expect([res.status, await res.json()]).toEqual([400, { error: 'no payment 999' }]);
		const bad = await fetch(url('bitrix24', '/_sandbox/payments'), { method: 'POST', body: '{not json' });
		expect(bad.status).toBe(400);
	});
});
