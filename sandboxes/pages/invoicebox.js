'use strict';
/**
 * Pages of the Invoicebox sandbox for people trying the demo (../invoicebox.js serves them):
 * the payment page of an order (`paymentUrl`), what its Pay / Fail button did, and the index
 * page at /_sandbox/. Buttons are plain HTML forms with stable ids (`#pay`, `#fail`,
 * `#notify-again`; the form posts `outcome=pay|fail|notify`), so a browser test can click them
 * and a script can post the same form.
 */
const { html, page } = require('../common');

const SANDBOX = 'Invoicebox merchant API';
const STATUS_TEXT = { created: 'waiting for payment', completed: 'paid', canceled: 'canceled', expired: 'expired' };

const money = (amount, currency) =>
	`${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency ?? ''}`.trim();
const statusText = (status) => STATUS_TEXT[status] ?? status;
const number = (order) => order.merchantOrderIdVisible || order.merchantOrderId;
const json = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Where an order's notification goes, in words. */
function notificationTarget(ctx, order) {
	const url = ctx.notificationUrlFor(order);
	if (!url) return html`<span class="bad">nowhere</span>: neither the order nor the shop has a notification URL`;
	if (!ctx.settings.notificationKey) return html`<span class="bad">nowhere</span>: the shop has no notification key to sign with`;
	const whose = order.notificationUrl ? "the order's notification URL" : "the shop's notification URL";
	return html`<code>${url}</code> <span class="muted">(${whose})</span>`;
}

function orderBox(ctx, order) {
	const rows = (order.basketItems || []).map(
		(item) => html`<tr><td>${item.name}</td><td>${item.sku}</td><td>${item.quantity} ${item.measure}</td><td>${money(item.amount)}</td><td>${money(item.totalAmount)}</td><td>${item.vatCode}</td></tr>`,
	);
	const customer = order.customer || {};
	return html`<div class="box order" data-order-id="${order.id}" data-merchant-order-id="${order.merchantOrderId}">
<table>
<tr><th>Shop (merchant ID)</th><td><code>${order.merchantId}</code></td></tr>
<tr><th>Order</th><td><strong>${number(order)}</strong> · ${order.description}</td></tr>
<tr><th>Amount</th><td><strong class="amount">${money(order.amount, order.currencyId)}</strong> <span class="muted">(VAT ${money(order.vatAmount, order.currencyId)})</span></td></tr>
<tr><th>Status</th><td class="status" data-status="${order.status}">${statusText(order.status)}${order.paidAt ? html` · paid at ${order.paidAt}` : ''}${order.status === 'created' ? html` · pay before ${order.expirationDate}` : ''}</td></tr>
${customer.name || customer.email ? html`<tr><th>Customer</th><td>${[customer.name, customer.email, customer.phone].filter(Boolean).join(', ')}</td></tr>` : ''}
<tr><th>Invoicebox order ID</th><td><code>${order.id}</code></td></tr>
<tr><th>Notification</th><td>${notificationTarget(ctx, order)}</td></tr>
</table>
<table><tr><th>Item</th><th>SKU</th><th>Quantity</th><th>Price</th><th>Total</th><th>VAT</th></tr>
${rows}
</table>
</div>`;
}

function notFound(containerId) {
	return {
		status: 404,
		html: page(
			'No such payment page',
			html`<h1>No such payment page</h1>
<p>No order of this sandbox has the payment page <code>/payment/order/${containerId}</code>. The sandbox starts afresh (its demo data only) each time it starts.</p>
<p><a href="/_sandbox/">The orders it has</a></p>`,
			{ sandbox: SANDBOX },
		),
	};
}

/** Totals per currency of some orders, as text ("1,250.00 RUB"). */
const totalOf = (orders) =>
	Object.entries(orders.reduce((sum, o) => ({ ...sum, [o.currencyId]: (sum[o.currencyId] || 0) + o.amount }), {}))
		.map(([currency, amount]) => money(amount, currency))
		.join(' + ');

/** GET paymentUrl: the order(s) and the buttons. */
function paymentPage(ctx, containerId) {
	const orders = ctx.containerOrders(containerId);
	if (!orders.length) return notFound(containerId);
	const open = orders.filter((o) => o.status === 'created');
	const action = `/payment/order/${containerId}`;
	const buttons = open.length
		? html`<form id="payment-form" method="post" action="${action}">
<button type="submit" id="pay" name="outcome" value="pay" class="primary">Pay ${totalOf(open)}</button>
<button type="submit" id="fail" name="outcome" value="fail" class="danger">Fail</button>
</form>
<p class="muted"><strong>Pay</strong>: the payment goes through; the order becomes paid (<code>completed</code>) and Invoicebox POSTs its signed notification to the notification URL above.
<strong>Fail</strong>: the payment does not go through and the order is given up: it becomes <code>canceled</code> and the signed notification of that is sent.
Either way this page then shows how the receiver answered.</p>`
		: html`<p>Nothing to pay: this order is ${orders.map((o) => statusText(o.status)).join(', ')}.</p>
<form id="notify-form" method="post" action="${action}">
<button type="submit" id="notify-again" name="outcome" value="notify">Send the notification again</button>
</form>
<p class="muted">As Invoicebox does when it did not get an answer: the same notification, delivered once more.</p>
${deliveries(ctx.state.notifications.filter((n) => orders.some((o) => o.id === n.orderId)), 'Notifications sent for this order')}`;
	return {
		html: page(
			`Invoicebox · pay ${orders.map(number).join(', ')}`,
			html`<h1>Payment page</h1>
<p class="muted">The local Invoicebox sandbox's stand-in for Invoicebox's own payment page (where the order's <code>paymentUrl</code> sends the buyer).</p>
${orders.map((o) => orderBox(ctx, o))}
${buttons}`,
			{ sandbox: SANDBOX },
		),
	};
}

/** What an answer to a notification means, in words. */
function meaning(entry) {
	const last = entry.attempts[entry.attempts.length - 1] || {};
	if (entry.outcome === 'delivered') {
		return html`<span class="ok">Delivered</span>: answered <code>{"status":"success"}</code>. The receiver accepted the notification; in n8n, the workflow's run is under <em>Executions</em>.`;
	}
	if (entry.outcome === 'pending') {
		return html`<span class="muted">Still being delivered</span> (Invoicebox waits up to 20 s for an answer and tries again): see <a href="/_sandbox/">the index</a> for how it ended.`;
	}
	if (entry.outcome === 'refused') {
		if (last.error === 'signature_error') {
			return html`<span class="bad">Refused: signature_error</span>. The receiver computed another signature: its Notification Key is not this shop's key.`;
		}
		return html`<span class="bad">Refused: ${last.error}</span>${last.answer?.message ? html` (${last.answer.message})` : ''}. A final answer: Invoicebox does not send it again.`;
	}
	if (last.httpStatus === 404) {
		return html`<span class="bad">Not delivered: HTTP 404</span>, nothing listens at this URL. Is the workflow with the Invoicebox Trigger active (published)? A production URL answers only while its workflow is active.`;
	}
	if (!last.httpStatus) return html`<span class="bad">Not delivered: ${last.error}</span>. Nothing answered at this address: is n8n running?`;
	return html`<span class="bad">Not delivered: ${last.error}</span> after ${entry.attempts.length} attempts. Invoicebox would try again later (10 more times within 24 hours).`;
}

function deliveries(list, heading) {
	if (!list.length) return '';
	return html`<h2>${heading}</h2>
${list.map(
	(entry) => html`<div class="box delivery" id="delivery-${entry.seq}" data-outcome="${entry.outcome}">
<p><code>POST ${entry.url}</code> · order status <code>${entry.status}</code> · signed (<code>X-Signature</code>: HMAC-${entry.algorithm.toUpperCase()} of the body)</p>
<p>${meaning(entry)}</p>
<table><tr><th>Attempt</th><th>At</th><th>HTTP status</th><th>Answer</th><th>Time</th></tr>
${entry.attempts.map((a, i) => html`<tr><td>${i + 1}</td><td>${a.at}</td><td>${a.httpStatus || '–'}</td><td><code>${a.answer === undefined ? a.error : json(a.answer)}</code></td><td>${a.ms} ms</td></tr>`)}
</table>
</div>`,
)}`;
}

const HEADINGS = { pay: 'Paid', fail: 'Payment failed: the order is canceled', notify: 'Notification sent again' };

/** POST paymentUrl: what the button did and how the receiver answered. */
function outcomePage(ctx, containerId, outcome, notifications) {
	const orders = ctx.containerOrders(containerId);
	const shopLink = orders.map((o) => (outcome === 'pay' ? o.successUrl : outcome === 'fail' ? o.failUrl : undefined) || o.returnUrl).find(Boolean);
	const nothingSent = html`<p class="bad" id="no-notification">Invoicebox sent no notification: ${
		ctx.settings.notificationKey ? 'neither the order nor the shop has a notification URL' : 'the shop has no notification key'
	}.</p>`;
	return {
		html: page(
			`Invoicebox · ${HEADINGS[outcome]}`,
			html`<h1>${HEADINGS[outcome]}</h1>
<p id="outcome" data-outcome="${outcome}" data-status="${orders.map((o) => o.status).join(',')}">${orders.map((o) => html`Order <strong>${number(o)}</strong> (${money(o.amount, o.currencyId)}) is ${statusText(o.status)}. `)}</p>
${notifications.length ? deliveries(notifications, 'Notification') : nothingSent}
<p><a href="/payment/order/${containerId}">Back to the payment page</a> · <a href="/_sandbox/">Sandbox index</a>${shopLink ? html` · <a href="${shopLink}">Back to the shop</a>` : ''}</p>`,
			{ sandbox: SANDBOX },
		),
	};
}

/** The index page's content (see common.js indexPage). */
function index(ctx) {
	const { state, settings } = ctx;
	const orders = [...state.orders.values()];
	const merchants = [...new Set(state.accounts.flatMap((a) => a.merchantIds))];
	const recent = state.notifications.slice(-20).reverse();
	return {
		title: 'Invoicebox sandbox',
		about: html`A local stand-in for the Invoicebox merchant API v3 (<code>/v3/…</code>, <code>/l3/…</code>) for the demo and the tests: orders, payment confirmation, refunds, shipments, the documented errors and limits, and the signed notifications Invoicebox sends the shop. Each order's <code>paymentUrl</code> is a payment page here, with <strong>Pay</strong> and <strong>Fail</strong> buttons.`,
		sections: [
			{
				heading: 'Shop',
				body: html`<table>
<tr><th>Merchant ID</th><td>${merchants.map((m) => html`<code>${m}</code> `)}</td></tr>
<tr><th>Notification URL (shop settings)</th><td id="shop-notification-url">${settings.notificationUrl ? html`<code>${settings.notificationUrl}</code>` : html`<span class="muted">none (orders without their own notification URL notify nobody)</span>`}</td></tr>
<tr><th>Notification key</th><td>${settings.notificationKey ? `set; signatures are HMAC-${settings.notificationAlgorithm.toUpperCase()}` : 'not set: no notification is sent'}</td></tr>
<tr><th>Request limit</th><td>${settings.rateLimit ? `${settings.rateLimit.max} requests per ${settings.rateLimit.windowMs / 1000} s per token` : 'off'}</td></tr>
</table>`,
			},
			{
				heading: 'Orders',
				body: orders.length
					? html`<table><tr><th>Order</th><th>Description</th><th>Amount</th><th>Status</th><th>Notification URL</th><th>Payment page</th></tr>
${orders.map(
	(o) => html`<tr data-merchant-order-id="${o.merchantOrderId}"><td>${o.merchantOrderId}</td><td>${o.description}</td><td>${money(o.amount, o.currencyId)}</td><td>${statusText(o.status)}</td><td>${o.notificationUrl ? html`<code>${o.notificationUrl}</code>` : html`<span class="muted">the shop's</span>`}</td><td><a class="payment-page" href="/payment/order/${o.orderContainerId}">${o.status === 'created' ? 'pay or fail' : 'open'}</a></td></tr>\n`,
)}
</table>`
					: html`<p class="muted">No orders.</p>`,
			},
			{
				heading: 'Refunds',
				body: state.refunds.size
					? html`<table><tr><th>Refund</th><th>Of order</th><th>Amount</th><th>Status</th></tr>
${[...state.refunds.values()].map((r) => html`<tr><td>${r.merchantOrderId}</td><td>${state.orders.get(r.parentId)?.merchantOrderId ?? r.parentId}</td><td>${money(r.amount, r.currencyId)}</td><td>${r.status}</td></tr>`)}
</table>`
					: html`<p class="muted">None.</p>`,
			},
			{
				heading: 'Notifications sent (latest first)',
				body: recent.length
					? html`<table><tr><th>#</th><th>Order</th><th>Status</th><th>To</th><th>Outcome</th><th>Answers</th></tr>
${recent.map(
	(n) => html`<tr><td>${n.seq}</td><td><code>${n.orderId}</code></td><td>${n.status}</td><td><code>${n.url}</code></td><td>${n.outcome}</td><td>${n.attempts.map((a) => html`<code>${a.httpStatus || ''} ${a.answer === undefined ? a.error : json(a.answer)}</code> `)}</td></tr>`,
)}
</table>`
					: html`<p class="muted">None yet.</p>`,
			},
		],
		controls: [
			['GET', 'state', '', 'orders, refunds, shipments, codes, counts, status changes, notifications, settings'],
			['POST', 'settings', '{notificationUrl?, notificationKey?, notificationAlgorithm?, rateLimit?, paging?, …}', 'change settings at run time'],
			['POST', 'pay', '{orderId}', 'the buyer pays an order (as the payment page\'s Pay button does); the notification is sent'],
			['POST', 'expire', '{orderId}', 'move an unpaid order past its expiration date'],
			['POST', 'notify', '{orderId, url?, wait?}', 'send an order\'s (or a refund\'s) notification again'],
			['POST', 'healthCheck', '{url?, merchantId?}', 'send Invoicebox\'s test notification (id ffffffff-…)'],
			['POST', 'completeRefund', '{refundId}', 'Invoicebox completes a refund (its notification is sent)'],
			['GET', 'notifications', '', 'every notification sent, with each attempt\'s answer'],
			['POST', 'settle', '{timeoutMs?}', 'wait until no notification is being delivered'],
			['POST', 'orders', '{count, prefix?, amount?, paid?}', 'orders in bulk (benchmarks), without API calls'],
			['POST', 'paymentMethods', '[{id, balance?, unregistered?, broken?}]', 'payment methods of the payment confirmation flow'],
		],
	};
}

module.exports = { paymentPage, outcomePage, index };
