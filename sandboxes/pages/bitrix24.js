'use strict';
/**
 * Pages of the Bitrix24 sandbox for people trying the demo (../bitrix24.js serves them): the
 * index page at /_sandbox/ with the portal's handlers, pay systems and payments, a Checkout
 * button for every unpaid payment whose pay system has a Checkout-mode handler, and the page
 * that button leads to (what the portal sent to the handler's Action URI and what it answered).
 * The button is a plain HTML form (`#checkout-<payment ID>`, posting `paymentId` to
 * /_sandbox/checkout), so a browser test can click it and a script can post the same form.
 */
const { html, page } = require('../common');

const SANDBOX = 'Bitrix24 portal';
const MODES = { CHECKOUT_DATA: 'Checkout', FORM_DATA: 'Form', IFRAME_DATA: 'IFrame' };

const modeOf = (handler) => Object.keys(MODES).find((m) => handler?.SETTINGS?.[m]);
const money = (sum, currency) => `${Number(sum).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/** The Checkout-mode handler a payment would be handed to, if any. */
function checkoutHandler(ctx, payment) {
	const ps = ctx.paySystem(String(payment.paySystemId));
	const handler = ps && ctx.handlerByCode(ps.ACTION_FILE);
	return modeOf(handler) === 'CHECKOUT_DATA' ? { ps, handler } : undefined;
}

function checkoutButton(ctx, payment) {
	if (payment.PAID === 'Y') return html`<span class="muted">paid</span>`;
	const target = checkoutHandler(ctx, payment);
	if (!target) return html`<span class="muted">no Checkout-mode handler</span>`;
	return html`<form id="checkout-form-${payment.ID}" method="post" action="/_sandbox/checkout">
<input type="hidden" name="paymentId" value="${payment.ID}">
<input type="hidden" name="returnUrl" value="${ctx.url}/_sandbox/">
<button type="submit" id="checkout-${payment.ID}" class="primary">Checkout</button>
</form>`;
}

/** The index page's content (see common.js indexPage). */
function index(ctx) {
	const { state } = ctx;
	const payments = [...state.payments.values()];
	const invoices = [...state.invoices.values()];
	return {
		title: 'Bitrix24 portal sandbox',
		about: html`A local stand-in for a Bitrix24 portal's REST API (<code>sale.paysystem.*</code> through incoming webhooks, <code>/rest/&lt;user ID&gt;/&lt;code&gt;/&lt;method&gt;.json</code>) for the demo and the tests: handlers, pay systems, settings, payments, the documented errors and the portal's request limit. It also plays the portal towards a payment handler: <strong>Checkout</strong> below does what a buyer's Pay button in the shop does.`,
		sections: [
			{
				heading: 'Payments',
				body: html`<p>Checkout: the portal POSTs the payment (the handler's fields and <code>BX_SYSTEM_PARAMS</code>, as a form) to its pay system handler's <strong>Action URI</strong> and sends the buyer to the <code>PAYMENT_URL</code> it answers with. In the demo, the Action URI of <code>acmepay_checkout</code> is the Bitrix24 PaySystem Trigger of <em>Invoicebox for Bitrix24 (1)</em> while that workflow is active.</p>
${payments.length
	? html`<table><tr><th>Payment</th><th>Order</th><th>Sum</th><th>Pay system</th><th>Paid</th><th>External ID</th><th>Payment link</th><th></th></tr>
${payments.map(
	(p) => html`<tr data-payment-id="${p.ID}"><td>${p.ID}</td><td>${p.ACCOUNT_NUMBER}</td><td>${money(p.SUM, p.CURRENCY)}</td><td>${p.paySystemId}</td><td>${p.PAID}</td><td>${p.PS_INVOICE_ID ? html`<code>${p.PS_INVOICE_ID}</code>` : ''}</td><td>${p.PAYMENT_URL ? html`<a href="${p.PAYMENT_URL}">payment page</a>` : ''}</td><td>${checkoutButton(ctx, p)}</td></tr>`,
)}
</table>`
	: html`<p class="muted">No payments.</p>`}`,
			},
			{
				heading: 'Payment handlers',
				body: state.handlers.length
					? html`<table><tr><th>ID</th><th>Code</th><th>Name</th><th>Mode</th><th>Action URI</th></tr>
${state.handlers.map((h) => html`<tr><td>${h.ID}</td><td><code>${h.CODE}</code></td><td>${h.NAME}</td><td>${MODES[modeOf(h)] ?? ''}</td><td><code>${h.SETTINGS?.[modeOf(h)]?.ACTION_URI ?? ''}</code></td></tr>`)}
</table>`
					: html`<p class="muted">None.</p>`,
			},
			{
				heading: 'Pay systems',
				body: state.paySystems.length
					? html`<table><tr><th>ID</th><th>Name</th><th>Handler</th><th>Person type</th><th>For</th><th>Active</th></tr>
${state.paySystems.map((ps) => html`<tr><td>${ps.ID}</td><td>${ps.NAME}</td><td><code>${ps.ACTION_FILE}</code></td><td>${ps.PERSON_TYPE_ID}</td><td>${ps.ENTITY_REGISTRY_TYPE}</td><td>${ps.ACTIVE}</td></tr>`)}
</table>`
					: html`<p class="muted">None.</p>`,
			},
			{
				heading: 'Person types and legacy invoices',
				body: html`<p>Person types: ${state.personTypes.map((t, i) => html`${i ? ' · ' : ''}<code>${t.id}</code> ${t.name} (${t.registry})`)}</p>
<p>Legacy CRM invoices: ${invoices.length ? invoices.map((i) => html`<code>${i.ID}</code> (${money(i.PRICE, 'RUB')}, paid ${i.PAYED}) `) : 'none'}</p>
<p>Request limit: ${ctx.bucket ? `leaky bucket, burst ${ctx.bucket.burst}, ${ctx.bucket.drain} requests per second` : 'off'} (a batch of up to 50 commands is one request).</p>
<p>Operating time: ${ctx.operating.limitSeconds} s of execution time per method in 10 minutes, then 429 OPERATION_TIME_LIMIT for that method.</p>`,
			},
		],
		controls: [
			['GET', 'state', '', 'handlers, pay systems, payments, invoices, pay calls per payment, paid transitions'],
			['POST', 'checkout', '{paymentId, returnUrl?}', 'the portal hands a payment to its Checkout-mode handler (what the Checkout button does); answers {ok, paymentUrl, externalId} or {ok: false, status, errors}'],
			['POST', 'payments', '[{id, orderId?, paySystemId, sum?, currency?, accountNumber?}]', 'add order payments'],
			['POST', 'invoices', '[{id, sum?}]', 'add legacy CRM invoices'],
			['POST', 'spend', '{units}', 'another client spends part of the request bucket'],
			['POST', 'rateLimit', '{burst, drainPerSecond} or {}', 'a new request bucket, or none'],
			['POST', 'portal', '{deleted?, overloaded?, restAvailable?}', 'portal-wide conditions'],
			['POST', 'operating', '{limitSeconds?, costMs?, minimalFixSeconds?}', 'operating-time settings (GET: them and the seconds counted per method)'],
		],
	};
}

/** Why a checkout did not reach the handler or was refused, in words. */
function hint(result, actionUri) {
	if (/\.example\//.test(actionUri || '')) {
		return html`The handler's Action URI is still the demo's placeholder: activate (publish) the workflow <em>Invoicebox for Bitrix24 (1)</em>; its trigger's <em>Point Handler Here</em> sets the Action URI to the trigger.`;
	}
	if (result.status === 404) return html`Nothing listens at the Action URI (HTTP 404): is the workflow with the Bitrix24 PaySystem Trigger active (published)?`;
	if (result.error && /fetch failed/.test(result.error)) return html`Nothing answered at the Action URI: is n8n running?`;
	return '';
}

/** The page the Checkout button leads to: what the portal sent and what the handler answered. */
function checkoutPage(ctx, result, body) {
	const payment = ctx.state.payments.get(Number(body.paymentId));
	const target = payment && checkoutHandler(ctx, payment);
	const actionUri = target?.handler.SETTINGS.CHECKOUT_DATA.ACTION_URI;
	const sent = payment
		? html`<p>The portal handed payment <strong>${payment.ID}</strong> (order ${payment.ACCOUNT_NUMBER}, ${money(payment.SUM, payment.CURRENCY)}) to the Action URI of the handler <code>${target?.handler.CODE ?? '?'}</code>: <code>${actionUri ?? '?'}</code>.</p>`
		: html`<p>There is no payment <code>${body.paymentId}</code> on this portal.</p>`;
	let answer;
	if (result.ok) {
		answer = html`<p id="checkout-outcome" data-ok="true" class="ok">The handler answered with a payment link.</p>
<table><tr><th>PAYMENT_URL</th><td><a id="payment-url" href="${result.paymentUrl}">${result.paymentUrl}</a></td></tr>
<tr><th>PAYMENT_ID</th><td><code>${result.externalId}</code> (stored as the payment's external ID)</td></tr></table>
<p>The portal now sends the buyer to the payment page: <a id="go-to-payment-page" href="${result.paymentUrl}"><button type="button" class="primary">Go to the payment page</button></a></p>`;
	} else {
		const reasons = result.error ? [result.error === 'fetch failed' ? 'the Action URI could not be reached (fetch failed)' : result.error] : result.errors || [];
		answer = html`<p id="checkout-outcome" data-ok="false" class="bad">The checkout did not give the buyer a payment link${result.status ? ` (HTTP ${result.status})` : ''}.</p>
<ul>${reasons.map((r) => html`<li><code>${r}</code></li>`)}</ul>
<p>${hint(result, actionUri)}</p>`;
	}
	return page(
		`Bitrix24 · checkout of payment ${body.paymentId}`,
		html`<h1>Checkout of payment ${body.paymentId}</h1>
${sent}
${answer}
<p><a href="/_sandbox/">Back to the portal's payments</a></p>`,
		{ sandbox: SANDBOX },
	);
}

module.exports = { index, checkoutPage };
