'use strict';
/**
 * `npm run test:scenario`: Invoicebox as the payment system of a Bitrix24 store, end to end in a
 * real n8n with its webhooks live (issue 6).
 *
 * Builds and packs the package, installs the tarball into a fresh n8n user folder as the
 * Community Nodes page does, starts the sandboxes (free ports) with their demo data, imports the
 * sandbox credentials and the live example workflows (examples that start from a trigger of this
 * package), publishes (activates) them with `n8n publish:workflow`, and starts `n8n start` on a
 * free port. Then it plays the portal, Invoicebox and the buyer:
 *
 * 1. Activation: the Checkout workflow's trigger (Point Handler Here) has pointed the portal's
 *    handler at its production URL.
 * 2. The portal hands payment 101 to the handler (sandboxes/bitrix24.js checkout(), a
 *    form-encoded POST as Bitrix24's RestHandler sends it) and gets PAYMENT_URL and PAYMENT_ID
 *    of a new Invoicebox order; the buyer trying again gets the same order, not a second one.
 * 3. The shop's notification URL in Invoicebox is the paid workflow's trigger; the buyer pays
 *    (/_sandbox/pay): Invoicebox sends the signed notification, then delivers it again (a retry,
 *    /_sandbox/notify). The Bitrix24 payment is paid exactly once; every delivery was answered
 *    success; a notification Invoicebox sends at the same moment as another (a retry racing the
 *    first delivery) starts nothing either.
 * 4. What the workflows must refuse or ignore: a checkout of a payment already paid
 *    (PAYMENT_ERRORS), an order Invoicebox does not accept (PAYMENT_ERRORS), a paid order that is
 *    not a Bitrix24 payment (no pay call), Invoicebox's health check and a forged notification
 *    (no run).
 * 5. The second example: an Invoicebox order for ActivePlatform document 002018, paid and
 *    notified twice: the ActivePlatform payment is completed once.
 * 6. n8n's stored executions: all succeeded, none holds a secret; no secret in n8n's output or
 *    database.
 *
 * Prints each check with its time and the timings of the loop; the last line is
 * "<n> passed, <m> failed" (scripts/test.sh adds it to the total).
 * Options: PAYSYSTEMS_SKIP_BUILD=1 (dist/ is fresh), SCENARIO_KEEP=1 (keep the n8n user folder).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { runSuite, checkRecorder, until, sleep } = require('./lib/suite');
const { startSandboxes } = require('./sandboxes');

const ROOT = n8n.ROOT;
const ARTIFACTS = path.join(ROOT, 'artifacts', 'scenario');

/** The live examples this scenario runs, by file name in examples/ (the unit suite checks the list is complete). */
const LIVE_EXAMPLES = {
	checkout: 'invoicebox-for-bitrix24-1-checkout',
	paid: 'invoicebox-for-bitrix24-2-paid',
	activePlatform: 'invoicebox-paid-activeplatform',
};

function loadExample(name) {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'));
}

async function control(sandbox, action, body = {}) {
	const res = await fetch(`${sandbox.url}/_sandbox/${action}`, { method: 'POST', body: JSON.stringify(body) });
	const text = await res.text();
	if (!res.ok) throw new Error(`/_sandbox/${action} → HTTP ${res.status}: ${text.slice(0, 300)}`);
	return text ? JSON.parse(text) : undefined;
}

const { secretsIn } = n8n;

/** The error of a stored execution, if any, as one line. */
function executionError(execution) {
	const error = execution.data?.resultData?.error;
	if (!error) return undefined;
	return `${error.node?.name ? `${error.node.name}: ` : ''}${error.message}${error.description ? ` (${error.description})` : ''}`;
}

/** Names of the nodes that ran in a stored execution. */
const nodesRun = (execution) => Object.keys(execution.data?.resultData?.runData ?? {});

/**
 * An Invoicebox order for ActivePlatform document `documentId` (merchant order ID
 * `ap-<document>`, one basket line `item`, in USD), made through the Invoicebox API as the shop's
 * billing makes it; `notificationUrl` when given. Resolves with the order.
 */
async function orderForDocument(invoicebox, { documentId, amount, description, item, notificationUrl }) {
	const expirationDate = new Date(Date.now() + 3 * 86400000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
	const res = await fetch(`${invoicebox.url}/v3/billing/api/order/order`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${invoicebox.token}`, 'Content-Type': 'application/json', 'User-Agent': 'paysystems-scenario/1.0' },
		body: JSON.stringify({
			merchantId: invoicebox.merchantId,
			merchantOrderId: `ap-${documentId}`,
			description,
			amount,
			vatAmount: 0,
			currencyId: 'USD',
			expirationDate,
			customer: { type: 'legal', name: 'Acme LLC' },
			basketItems: [{ sku: `AP-${documentId}`, name: item, measure: 'шт', measureCode: '796', quantity: 1, amount, amountWoVat: amount, totalAmount: amount, totalVatAmount: 0, vatCode: 'VATNONE', type: 'service', paymentType: 'full_prepayment' }],
			...(notificationUrl ? { notificationUrl } : {}),
		}),
	});
	assert.equal(res.status, 200, await res.clone().text());
	return (await res.json()).data;
}

/** The live examples by role (LIVE_EXAMPLES); fails when an example started by a trigger is not listed. */
function liveWorkflows() {
	const workflows = Object.fromEntries(Object.entries(LIVE_EXAMPLES).map(([role, name]) => [role, loadExample(name)]));
	const unlisted = fs
		.readdirSync(path.join(ROOT, 'examples'))
		.filter((f) => f.endsWith('.json') && n8n.isLiveWorkflow(loadExample(f.replace(/\.json$/, ''))))
		.map((f) => f.replace(/\.json$/, ''))
		.filter((name) => !Object.values(LIVE_EXAMPLES).includes(name));
	if (unlisted.length) throw new Error(`live examples this scenario does not run: ${unlisted.join(', ')} (add them to LIVE_EXAMPLES and check them)`);
	return workflows;
}

/**
 * The production URLs of the live examples' triggers under `base` (N8N_WEBHOOK_URL without its
 * slash), by role: each trigger's webhook path read from the built node (n8n.triggerUrl()).
 */
function urlsOf(base, workflows) {
	return Object.fromEntries(Object.entries(workflows).map(([role, wf]) => [role, n8n.triggerUrl(base, wf)]));
}

/**
 * The scenario's checks (steps 1 to 6 above) against a started n8n whose webhooks are live at
 * `urls` (the production URLs of the live examples, urlsOf()), with the sandboxes' credentials and
 * the live examples imported and published. `instance`: reads the stored executions and static
 * data (n8n.instance()); `check(name, fn)` records one check; `measured` collects timings.
 * Shared with scripts/queue.js, which runs them through n8n's webhook processors.
 */
async function runScenarioChecks({ instance, sandboxes, workflows, urls, check, measured }) {
	const { bitrix24, invoicebox, activeplatform } = sandboxes.byName;
	const secrets = sandboxes.secrets();
	const ids = Object.fromEntries(Object.entries(workflows).map(([role, wf]) => [role, wf.id]));
	const executions = (role) => instance.executions(ids[role]);
	/** Waits until `role`'s workflow has `count` executions, all finished; returns them. */
	const finishedRuns = (role, count) =>
		until(`${count} finished execution(s) of ${workflows[role].name}`, async () => {
			const list = await executions(role);
			return list.length >= count && list.every((e) => e.stoppedAt && e.status !== 'running' && e.status !== 'new') ? list : undefined;
		});
	const portal = () => sandboxes.state('bitrix24');
	const shop = () => sandboxes.state('invoicebox');
	const payment = async (id) => (await portal()).payments.find((p) => p.ID === id);
	const orderOf = async (merchantOrderId) => (await shop()).orders.find((o) => o.merchantOrderId === merchantOrderId);
	const deliveriesOf = async (orderId) => (await shop()).notifications.filter((n) => n.orderId === orderId);

	// 1. Activation (n8n activates published workflows just after it reports ready).
	await check('activation: both Invoicebox Triggers are live', async () => {
		const started = Date.now();
		for (const role of ['paid', 'activePlatform']) {
			// Registered: an unsigned call is refused by the trigger (not 404), starting nothing.
			await until(`${workflows[role].name} to answer`, async () => (await fetch(urls[role], { method: 'POST', body: '{}' })).status === 200, 30000, 200);
			// Activated: its create() hook has stored the delivery log (a delivery before that could be overwritten by it).
			const node = workflows[role].nodes.find((n) => n.webhookId);
			await until(`${workflows[role].name} activated`, async () => (await instance.staticData(ids[role]))[`node:${node.name}`]?.webhookUrl === urls[role], 30000, 200);
		}
		measured.activationMs = Date.now() - started;
	});

	await check('activation: the handler acmepay_checkout calls the Checkout workflow (Point Handler Here)', async () => {
		const handler = await until('the handler pointed at n8n', async () => {
			const h = (await portal()).handlers.find((x) => x.CODE === 'acmepay_checkout');
			return h?.SETTINGS?.CHECKOUT_DATA?.ACTION_URI === urls.checkout ? h : undefined;
		}, 20000);
		assert.deepEqual(Object.keys(handler.SETTINGS.CHECKOUT_DATA.FIELDS), ['shopId', 'orderNumber', 'amount'], 'the rest of the handler is kept');
		await control(invoicebox, 'settings', { notificationUrl: urls.paid });
	});

	// 2. The portal hands payment 101 to the handler.
	let checkout;
	await check('checkout: the portal gets PAYMENT_URL and PAYMENT_ID of a new Invoicebox order', async () => {
		const started = Date.now();
		checkout = await control(bitrix24, 'checkout', { paymentId: 101 });
		measured.checkoutMs = Date.now() - started;
		assert.equal(checkout.ok, true, `the portal's answer: ${JSON.stringify(checkout)}`);
		const order = await orderOf('b24-101');
		assert.ok(order, 'an Invoicebox order b24-101 exists');
		assert.equal(checkout.externalId, order.id, 'PAYMENT_ID is the Invoicebox order ID');
		assert.equal(checkout.paymentUrl, order.paymentUrl, 'PAYMENT_URL is its payment page');
		assert.equal(order.status, 'created');
		assert.equal(order.amount, 1250);
		assert.equal(order.currencyId, 'RUB');
		assert.equal(order.merchantOrderIdVisible, '501/1', 'the buyer sees the shop\'s order number');
		assert.deepEqual(order.metaData, { bitrix24PaymentId: 101, bitrix24PaySystemId: 1 });
		const p = await payment(101);
		assert.equal(p.PS_INVOICE_ID, order.id, 'the portal stored the order ID as the payment\'s external ID');
		assert.equal(p.PAID, 'N');
	});

	await check('checkout again (the buyer tries again): the same order, no second one', async () => {
		const started = Date.now();
		const again = await control(bitrix24, 'checkout', { paymentId: 101 });
		measured.repeatCheckoutMs = Date.now() - started;
		assert.deepEqual(again, checkout);
		const state = await shop();
		assert.equal(state.orders.filter((o) => o.merchantOrderId === 'b24-101').length, 1);
		assert.equal(state.counts.create['b24-101'], 1, 'one order created');
		const runs = await finishedRuns('checkout', 2);
		assert.ok(nodesRun(runs[1]).includes('Answer with the payment link') && !nodesRun(runs[1]).includes('Create the Invoicebox order'));
	});

	// 3. The buyer pays; Invoicebox notifies, and notifies again.
	await check('paid: Invoicebox notifies twice, the Bitrix24 payment is paid exactly once', async () => {
		const order = await orderOf('b24-101');
		const started = Date.now();
		await control(invoicebox, 'pay', { orderId: order.id });
		await until('payment 101 paid', async () => (await payment(101))?.PAID === 'Y');
		measured.paidToBitrixMs = Date.now() - started;
		await control(invoicebox, 'settle', {});
		const retry = await control(invoicebox, 'notify', { orderId: order.id });
		assert.equal(retry.outcome, 'delivered', `the repeat was answered success: ${JSON.stringify(retry.attempts)}`);
		await control(invoicebox, 'settle', {});
		await sleep(500); // a run the repeat might have started would have reached Bitrix24 by now
		const runs = await finishedRuns('paid', 1);
		assert.equal(runs.length, 1, 'the repeated notification started no run');
		assert.ok(nodesRun(runs[0]).includes('Mark the Bitrix24 payment paid'));
		const state = await portal();
		assert.deepEqual(state.payCalls, { 101: 1 }, 'one pay call, for payment 101');
		assert.deepEqual(state.paidTransitions, { 101: 1 });
		assert.deepEqual(state.payments.filter((p) => p.PAID === 'Y').map((p) => p.ID), [101]);
		assert.equal((await orderOf('b24-101')).status, 'completed', 'the Invoicebox order is completed');
		const deliveries = await deliveriesOf(order.id);
		assert.equal(deliveries.length, 2);
		for (const d of deliveries) {
			assert.equal(d.url, urls.paid, 'sent to the shop\'s notification URL');
			assert.equal(d.outcome, 'delivered');
			assert.deepEqual(d.attempts.map((a) => [a.httpStatus, a.answer]), [[200, { status: 'success' }]]);
		}
		measured.notificationAnswerMs = deliveries.map((d) => d.attempts[0].ms);
	});

	await check('paid: a repeat racing the first delivery starts nothing either', async () => {
		const started = Date.now();
		const first = await control(bitrix24, 'checkout', { paymentId: 102 });
		assert.equal(first.ok, true, JSON.stringify(first));
		const order = await orderOf('b24-102');
		// The payment page's notification and a repeat of it, sent at the same moment.
		await control(invoicebox, 'pay', { orderId: order.id });
		await control(invoicebox, 'notify', { orderId: order.id, wait: false });
		await control(invoicebox, 'settle', {});
		await until('payment 102 paid', async () => (await payment(102))?.PAID === 'Y');
		measured.checkoutToPaidMs = Date.now() - started;
		await sleep(500);
		const state = await portal();
		assert.deepEqual(state.payCalls, { 101: 1, 102: 1 }, 'one pay call for payment 102');
		const deliveries = await deliveriesOf(order.id);
		assert.equal(deliveries.length, 2);
		for (const d of deliveries) assert.deepEqual(d.attempts.map((a) => [a.httpStatus, a.answer]), [[200, { status: 'success' }]]);
		assert.equal((await finishedRuns('paid', 2)).length, 2, 'one run per paid order');
	});

	// 4. What must be refused or ignored.
	await check('checkout of a paid payment: PAYMENT_ERRORS, no new order', async () => {
		const answer = await control(bitrix24, 'checkout', { paymentId: 101 });
		assert.equal(answer.ok, false);
		assert.equal(answer.status, 200);
		assert.equal(answer.errors.length, 1);
		assert.match(answer.errors[0], /b24-101 .*completed/);
		assert.equal((await shop()).counts.create['b24-101'], 1);
	});

	await check('checkout Invoicebox refuses (currency it does not take): PAYMENT_ERRORS with its reason', async () => {
		await control(bitrix24, 'payments', { id: 104, orderId: 504, paySystemId: 1, sum: 99, currency: 'XYZ', accountNumber: '504/1' });
		const answer = await control(bitrix24, 'checkout', { paymentId: 104 });
		assert.equal(answer.ok, false);
		assert.equal(answer.errors.length, 1);
		assert.match(answer.errors[0], /^Invoicebox did not create the order: .*wrong_currency/);
		assert.equal(await orderOf('b24-104'), undefined);
	});

	// The checks below count from what is there before them (a failure above does not fail them too).
	await check('paid order that is not a Bitrix24 payment: no pay call', async () => {
		const order = await orderOf('SHOP-1003');
		const before = { runs: (await executions('paid')).length, payCalls: (await portal()).payCalls };
		await control(invoicebox, 'pay', { orderId: order.id });
		await control(invoicebox, 'settle', {});
		const runs = await finishedRuns('paid', before.runs + 1);
		assert.deepEqual(nodesRun(runs[before.runs]).sort(), ['A paid Bitrix24 payment?', 'Invoicebox order paid', 'Not ours: nothing to do', 'Read the order from Invoicebox'].sort());
		assert.deepEqual((await portal()).payCalls, before.payCalls);
	});

	await check('health check and a forged notification: answered, nothing started', async () => {
		const runsBefore = (await executions('paid')).length;
		const probe = await control(invoicebox, 'healthCheck', {});
		assert.deepEqual(probe.attempts.map((a) => [a.httpStatus, a.answer]), [[200, { status: 'success' }]]);
		const order = await orderOf('b24-101');
		const forged = await fetch(urls.paid, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'X-Signature': '0'.repeat(40) },
			body: JSON.stringify({ ...order, id: '01a20000-0000-4000-8000-00000000f00d', status: 'completed' }),
		});
		assert.equal(forged.status, 200);
		assert.equal((await forged.json()).code, 'signature_error');
		await sleep(300);
		assert.equal((await executions('paid')).length, runsBefore);
	});

	// 5. ActivePlatform: an Invoicebox order for document 002018, paid, notified twice.
	await check('ActivePlatform: the payment of document 002018 is completed once', async () => {
		const payCallsBefore = (await portal()).payCalls;
		const order = await orderForDocument(invoicebox, { documentId: '002018', amount: 120, description: 'Invoice 2018: hosting, June', item: 'Hosting, June', notificationUrl: urls.activePlatform });
		const started = Date.now();
		await control(invoicebox, 'pay', { orderId: order.id });
		const completed = async () => (await sandboxes.state('activeplatform')).payments.find((p) => p.attributes.document_id === '002018')?.attributes.status === 'completed';
		await until('ActivePlatform payment 002018 completed', completed);
		measured.paidToActivePlatformMs = Date.now() - started;
		await control(invoicebox, 'settle', {});
		const retry = await control(invoicebox, 'notify', { orderId: order.id });
		assert.equal(retry.outcome, 'delivered');
		await control(invoicebox, 'settle', {});
		await sleep(500);
		const platform = await sandboxes.state('activeplatform');
		const byDocument = Object.fromEntries(platform.payments.map((p) => [p.attributes.document_id, p.attributes]));
		assert.equal(byDocument['002018'].status, 'completed');
		assert.equal(byDocument['002018'].payment_method_id, 4);
		const sent = activeplatform.calls.filter((c) => c.httpMethod === 'POST' && c.path.endsWith('/payments/002018'));
		assert.equal(sent.length, 1, 'one Complete by Document Number request');
		assert.deepEqual(sent[0].body.data.attributes, { payment_method_id: 4, amount: 120, currency_code: 'USD', external_transaction_id: order.id }, 'paid amount, currency and the Invoicebox order ID as the transaction ID');
		assert.equal(byDocument['002019'].status, 'waiting_for_payment');
		const paymentId = platform.payments.find((p) => p.attributes.document_id === '002018').id;
		const writes = platform.writes.filter((w) => String(w.paymentId) === String(paymentId));
		assert.deepEqual(writes.map((w) => w.op), ['completeByDocument'], 'completed once, nothing else written');
		const runs = await finishedRuns('activePlatform', 1);
		assert.equal(runs.length, 1, 'the repeat started no run');
		assert.ok(nodesRun(runs[0]).includes('Complete the ActivePlatform payment'));
		for (const d of await deliveriesOf(order.id)) assert.equal(d.url, urls.activePlatform);
		assert.deepEqual((await portal()).payCalls, payCallsBefore, 'the Bitrix24 workflow was not involved');
	});

	// 6. n8n's records.
	await check('stored executions: all succeeded, none holds a secret', async () => {
		let total = 0;
		for (const role of Object.keys(workflows)) {
			for (const execution of await executions(role)) {
				total += 1;
				assert.equal(execution.status, 'success', `${workflows[role].name}, execution ${execution.id}: ${execution.status} ${executionError(execution) ?? ''}`);
				assert.deepEqual(secretsIn(execution.raw, secrets), [], `execution ${execution.id} holds a secret`);
			}
		}
		measured.executions = total;
		// Checkout: 101, 101 again, 102, 101 once paid, 104; paid: 101, 102, SHOP-1003; ActivePlatform: 002018.
		assert.deepEqual(
			{ checkout: (await executions('checkout')).length, paid: (await executions('paid')).length, activePlatform: (await executions('activePlatform')).length },
			{ checkout: 5, paid: 3, activePlatform: 1 },
		);
	});
}

async function main() {
	const t0 = Date.now();
	const { step, timings } = n8n.stepTimer();
	const measured = {};
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	console.log('Scenario: Invoicebox as the payment system of a Bitrix24 store, in a real n8n with live webhooks');

	const workflows = liveWorkflows();
	const prepared = await n8n.prepareInstance({ prefix: 'paysystems-scenario-', step });
	const { userFolder } = prepared;
	const sandboxes = await step('start and seed the sandboxes', () => startSandboxes({ ports: 'free' }));
	const secrets = sandboxes.secrets();
	const port = await n8n.freePort();
	const base = `http://127.0.0.1:${port}`;
	// N8N_WEBHOOK_URL: the address n8n gives its triggers (what the portal and Invoicebox call).
	const instance = n8n.instance({ n8nDir: prepared.n8nDir, userFolder, brokerPort: await n8n.freePort(), env: { N8N_WEBHOOK_URL: `${base}/` } });
	const urls = urlsOf(base, workflows);
	const { results, check } = checkRecorder();

	let server;
	const log = fs.createWriteStream(path.join(ARTIFACTS, 'n8n.log'));
	try {
		await step('n8n import:credentials', () => instance.importCredentials(sandboxes.credentials()));
		await step(`n8n import:workflow (${Object.keys(workflows).length})`, () => instance.importWorkflows(Object.values(workflows)));
		await step('n8n publish:workflow (activate)', () => instance.publishWorkflows(Object.values(workflows).map((wf) => wf.id)));
		server = await step('n8n start (until ready)', () => instance.start({ port, onOutput: (text) => log.write(text) }));

		await runScenarioChecks({ instance, sandboxes, workflows, urls, check, measured });
	} finally {
		if (server) await server.stop();
		await new Promise((resolve) => log.end(resolve));
		await sandboxes.close();
	}

	await check('no secret in n8n\'s output or database files', async () => {
		assert.deepEqual(secretsIn(fs.readFileSync(path.join(ARTIFACTS, 'n8n.log'), 'utf8'), secrets), [], 'n8n printed a secret');
		const leaks = n8n.databaseLeaks(userFolder, secrets);
		assert.deepEqual(leaks, [], 'a secret is stored in clear in the database');
	});

	const failed = results.filter((r) => !r.ok).length;
	if (process.env.SCENARIO_KEEP === '1' || failed) console.log(`  n8n user folder kept: ${userFolder}`);
	else fs.rmSync(userFolder, { recursive: true, force: true });

	const total = (Date.now() - t0) / 1000;
	const ms = (v) => (v === undefined ? '-' : `${v} ms`);
	console.log('');
	console.log(`Scenario in ${total.toFixed(1)} s (setup ${(timings.reduce((s, [, t]) => s + t, 0) / 1000).toFixed(1)} s)`);
	console.log(`  n8n ready → both Invoicebox Triggers live: ${ms(measured.activationMs)}`);
	console.log(`  checkout round trip (portal → n8n → Invoicebox → portal): ${ms(measured.checkoutMs)}, repeated: ${ms(measured.repeatCheckoutMs)}`);
	console.log(`  buyer pays → Bitrix24 payment paid: ${ms(measured.paidToBitrixMs)}; notification answered in ${(measured.notificationAnswerMs || []).map((v) => `${v} ms`).join(', ') || '-'}`);
	console.log(`  checkout → paid, payment 102: ${ms(measured.checkoutToPaidMs)}; buyer pays → ActivePlatform payment completed: ${ms(measured.paidToActivePlatformMs)}`);
	fs.writeFileSync(path.join(ARTIFACTS, 'timings.json'), JSON.stringify({ totalSeconds: total, steps: timings, measured, checks: results.map(({ name, ok, ms: t }) => ({ name, ok, ms: t })) }, null, 2));
	console.log(`${results.length - failed} passed, ${failed} failed`);
	return failed === 0;
}

module.exports = { LIVE_EXAMPLES, liveWorkflows, urlsOf, runScenarioChecks, orderForDocument, control };

if (require.main === module) {
	runSuite(main);
}
