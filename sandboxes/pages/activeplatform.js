'use strict';
/**
 * The index page of the ActivePlatform sandbox (/_sandbox/, served by ../activeplatform.js): its
 * resellers, accounts, payment methods and payments, and the control endpoints.
 */
const { html } = require('../common');

/** The index page's content (see common.js indexPage). */
function index(ctx) {
	const { state } = ctx;
	const table = (heading, head, rows) => ({
		heading,
		body: rows.length ? html`<table><tr>${head.map((h) => html`<th>${h}</th>`)}</tr>\n${rows.map((cells) => html`<tr>${cells.map((c) => html`<td>${c}</td>`)}</tr>\n`)}</table>` : html`<p class="muted">None.</p>`,
	});
	return {
		title: 'ActivePlatform sandbox',
		about: html`A local stand-in for an ActivePlatform installation's billing API v3 (<code>/api/v3/resellers/{reseller ID}/payments</code>, JSON:API, <code>X-Api-Token</code>) for the demo and the tests: resellers and the resellers below them, accounts, payments with their statuses, the documented errors. Payment methods have no API: the numbers below are what an operator reads in its Control Panel.`,
		sections: [
			table(
				'Payments',
				['ID', 'Document', 'Reseller', 'Account', 'Total', 'Status', 'Payment method', 'Comment'],
				[...state.payments.values()].map((p) => [p.id, html`<code>${p.document_id}</code>`, p.resellerId, p.account_id, `${p.total} ${p.currency_code}`, p.status, p.payment_method_name ?? '', p.comment]),
			),
			table('Accounts', ['ID', 'Name', 'Reseller', 'Balance'], [...state.accounts.values()].map((a) => [a.id, a.name, a.resellerId, `${a.balance} ${a.currency}`])),
			table('Payment methods', ['ID', 'Name', 'Status'], [...state.paymentMethods.values()].map((m) => [m.id, m.name, m.status])),
			table('Resellers', ['ID', 'Name', 'Below', 'Currency'], [...state.resellers.values()].map((r) => [r.id, r.name, r.parentId ?? '', r.currency])),
		],
		controls: [
			['GET', 'state', '', 'payments (as the API returns them), accounts, corrections, writes (every accepted change, in order)'],
			['POST', 'payments', '[{accountId?, total?, currency?, documentId?, comment?, status?, resellerId?, …}]', 'add payments'],
			['POST', 'rateLimit', '{max, windowMs} or {}', 'a request limit (off unless set)'],
		],
	};
}

module.exports = { index };
