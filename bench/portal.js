'use strict';
/**
 * The benchmark's Bitrix24 portal (the sandbox of scripts/sandboxes.js, driven through its control
 * API): the demo pay system with unpaid payments on it, and what the portal saw of a run.
 */
async function post(url, body) {
	const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
	if (!res.ok) throw new Error(`POST ${url} → HTTP ${res.status} ${await res.text()}`);
	return await res.json();
}

async function get(url) {
	const res = await fetch(url);
	if (!res.ok) throw new Error(`GET ${url} → HTTP ${res.status}`);
	return await res.json();
}

const PAY_SYSTEM_ID = 1;
const paymentItems = (n) => Array.from({ length: n }, (_, i) => ({ paymentId: 10001 + i, paySystemId: PAY_SYSTEM_ID }));

/**
 * An empty portal with the demo pay system and `n` unpaid payments on it; then `rateLimit` (a
 * fresh bucket, or none). Returns the sequence number of the last call the seeding made: the
 * run's calls come after it.
 */
async function prepareBitrix(env, n, rateLimit) {
	const b24 = env.byName.bitrix24;
	await post(`${b24.url}/_sandbox/reset`, { rateLimit: null });
	await env.entries.find((e) => e.profile.name === 'bitrix24').profile.seed(b24);
	await post(`${b24.url}/_sandbox/payments`, paymentItems(n).map((p) => ({ id: p.paymentId, paySystemId: p.paySystemId, sum: 100 })));
	await post(`${b24.url}/_sandbox/rateLimit`, rateLimit || {});
	const calls = await get(`${b24.url}/_sandbox/calls`);
	return calls.length ? calls[calls.length - 1].seq : 0;
}

/**
 * What the portal saw of a run (its calls after `since`, see prepareBitrix): HTTP requests (plain
 * pay calls or `batch` requests), those the bucket refused, pay calls carried out (plain or inside
 * a batch) and the duplicates among them.
 */
async function bitrixOutcome(env, since = 0) {
	const b24 = env.byName.bitrix24;
	const calls = (await get(`${b24.url}/_sandbox/calls`)).filter((c) => c.seq > since);
	const state = await get(`${b24.url}/_sandbox/state`);
	const perPayment = Object.values(state.payCalls);
	const accepted = perPayment.reduce((s, n) => s + n, 0);
	return {
		callLog: calls,
		requests: calls.length,
		accepted,
		rejected: calls.filter((c) => c.accepted === false).length,
		distinct: perPayment.length,
		duplicates: accepted - perPayment.length,
	};
}

module.exports = { post, get, PAY_SYSTEM_ID, paymentItems, prepareBitrix, bitrixOutcome };
