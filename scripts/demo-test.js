'use strict';
/**
 * `npm run test:demo`: in the demo `npm start` sets up, every trigger example fires from its
 * sandbox's page, as a person trying the demo would fire it.
 *
 * Runs `npm start` itself (scripts/start.js) with its own n8n user folder and free ports, reads
 * the banner, and then does what the banner and the sandboxes' pages say, in Chromium (Debian's,
 * through playwright-core, as the browser test drives it): opens the pages and clicks their
 * buttons (screenshots in artifacts/demo/):
 *
 * 1. The banner gives each example the one step that runs it, and the trigger examples are
 *    active; each sandbox has its index page at /_sandbox/.
 * 2. Invoicebox for Bitrix24 (1): the Checkout button of payment 101 on the Bitrix24 sandbox's
 *    index page; the portal calls the trigger, gets PAYMENT_URL and PAYMENT_ID, and the page
 *    links to the Invoicebox payment page.
 * 3. Invoicebox for Bitrix24 (2): Pay on that payment page: the signed notification is answered
 *    success and Bitrix24 payment 101 becomes paid. The same through the banner's own step (the
 *    payment page of the demo order b24-103): payment 103 becomes paid.
 * 4. Invoicebox paid → ActivePlatform: Pay on the payment page the banner names (ap-002021):
 *    ActivePlatform payment 002021 is completed.
 * 5. Fail on an order's payment page: the order is canceled, the notification is answered and
 *    starts nothing (the example listens for paid orders only).
 * 6. n8n's stored executions of the three examples all succeeded; Ctrl-C (SIGINT) stops it all.
 *
 * The last line is "<n> passed, <m> failed" (scripts/test.sh adds it to the total). Prints how
 * long `npm start` took until ready. Options: PAYSYSTEMS_SKIP_BUILD=1 (dist/ is fresh),
 * DEMO_KEEP=1 (keep the n8n user folder).
 */
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { browserPages } = require('./lib/pages');
const { runSuite, until, sleep } = require('./lib/suite');
const { LIVE_EXAMPLES } = require('./scenario');

const ROOT = n8n.ROOT;
const ARTIFACTS = path.join(ROOT, 'artifacts', 'demo');
const READY_TIMEOUT_MS = 15 * 60 * 1000; // a first run installs n8n

/* ------------------------------------------------------------ npm start */

/** Starts `npm start` (scripts/start.js); resolves with the process and its banner once ready. */
async function startDemo(env) {
	const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = fs.createWriteStream(path.join(ARTIFACTS, 'npm-start.log'));
	let output = '';
	const collect = (d) => {
		output += d;
		log.write(d);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	let gone;
	exited.then((e) => (gone = e));
	await until('npm start to say it is ready', () => {
		if (gone) throw new Error(`npm start exited (${gone.code ?? gone.signal}) before it was ready:\n${n8n.tail(output)}`);
		return /is ready \([\d.]+ s\)/.test(output) && /Press Ctrl-C/.test(output);
	}, READY_TIMEOUT_MS, 250);
	return {
		child,
		output: () => output,
		/** Ctrl-C: resolves with how it exited. */
		async stop() {
			if (!gone) child.kill('SIGINT');
			const result = await Promise.race([exited, sleep(60000).then(() => undefined)]);
			if (!result) child.kill('SIGKILL');
			await new Promise((resolve) => log.end(resolve));
			return result;
		},
	};
}

/** The banner's line "fire its trigger: <step>" under an example's name. */
function fireStep(banner, workflow) {
	const lines = banner.split('\n');
	const at = lines.findIndex((l) => l.trim().startsWith(workflow.name));
	assert.ok(at >= 0, `the banner lists ${workflow.name}`);
	return lines[at + 1].trim();
}

async function main() {
	const t0 = Date.now();
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	console.log('Demo test: every trigger example fires from its sandbox\'s page, in what npm start sets up');

	const port = await n8n.freePort();
	const sandboxPorts = { BITRIX24: await n8n.freePort(), INVOICEBOX: await n8n.freePort(), ACTIVEPLATFORM: await n8n.freePort() };
	const userFolder = n8n.tempUserFolder('paysystems-demo-');
	const env = {
		...process.env,
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(await n8n.freePort()),
		PAYSYSTEMS_LOCAL_N8N: userFolder,
		...Object.fromEntries(Object.entries(sandboxPorts).map(([name, p]) => [`SANDBOX_PORT_${name}`, String(p)])),
	};
	const sandbox = Object.fromEntries(Object.entries(sandboxPorts).map(([name, p]) => [name.toLowerCase(), `http://127.0.0.1:${p}`]));
	const workflows = Object.fromEntries(
		Object.entries(LIVE_EXAMPLES).map(([role, name]) => [role, JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'))]),
	);

	const results = [];
	const check = async (name, fn) => {
		const started = Date.now();
		try {
			await fn();
			results.push({ name, ok: true });
			console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(2)} s)`);
		} catch (error) {
			results.push({ name, ok: false, error });
			console.log(`  ✗ ${name}\n${String(error.stack || error).replace(/^/gm, '      ')}`);
		}
	};
	const state = async (name) => (await fetch(`${sandbox[name]}/_sandbox/state`)).json();
	const payment = async (id) => (await state('bitrix24')).payments.find((p) => p.ID === id);

	const browser = await browserPages({ screenshotDir: ARTIFACTS });
	const { open, press, link } = browser;
	const started = Date.now();
	let demo;
	try {
		demo = await startDemo(env);
	} catch (error) {
		await browser.close();
		throw error;
	}
	const readySeconds = (Date.now() - started) / 1000;
	console.log(`  npm start: ready in ${readySeconds.toFixed(1)} s (its own count: ${/is ready \(([\d.]+) s\)/.exec(demo.output())[1]} s)`);
	const banner = demo.output().slice(demo.output().indexOf(' is ready ('));
	const instance = n8n.instance({ n8nDir: n8n.n8nCache().dir, userFolder });
	const executions = (role) => instance.executions(workflows[role].id);
	const finishedRuns = (role, count) =>
		until(`${count} finished execution(s) of ${workflows[role].name}`, async () => {
			const list = await executions(role);
			return list.length >= count && list.every((e) => e.stoppedAt && !['running', 'new'].includes(e.status)) ? list : undefined;
		});
	const nodesRun = (execution) => Object.keys(execution.data?.resultData?.runData ?? {});

	try {
		await check('the banner: the one step of every example; the trigger examples are active', async () => {
			for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
				const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
				const step = fireStep(banner, workflow);
				if (n8n.isLiveWorkflow(workflow)) assert.match(step, /^active; fire its trigger: open http:\/\/127\.0\.0\.1:\d+\/\S+ and press (Checkout|Pay)\b/, workflow.name);
				else assert.equal(step, 'run it: open it and press Execute workflow', workflow.name);
			}
			// Active: an Invoicebox Trigger answers an unsigned call (refused, starting nothing) and has
			// stored its delivery log; the Bitrix24 one has pointed the portal's handler at itself.
			for (const role of ['paid', 'activePlatform']) {
				const url = n8n.triggerUrl(`http://localhost:${port}`, workflows[role]);
				const node = workflows[role].nodes.find((n) => n.webhookId);
				await until(`${workflows[role].name} to answer`, async () => (await fetch(url, { method: 'POST', body: '{}' })).status === 200, 30000);
				await until(`${workflows[role].name} activated`, async () => (await instance.staticData(workflows[role].id))[`node:${node.name}`]?.webhookUrl === url, 30000);
			}
			const handlerUrl = n8n.triggerUrl(`http://localhost:${port}`, workflows.checkout);
			await until('the handler acmepay_checkout pointed at the checkout trigger (Point Handler Here)', async () => (await state('bitrix24')).handlers.find((h) => h.CODE === 'acmepay_checkout')?.SETTINGS?.CHECKOUT_DATA?.ACTION_URI === handlerUrl);
		});

		await check('each sandbox has an index page at /_sandbox/: its data, its pages, its control endpoints', async () => {
			const bitrix24 = await open(`${sandbox.bitrix24}/_sandbox/`);
			assert.match(bitrix24.text, /id="checkout-101"/);
			assert.match(bitrix24.text, /Control endpoints[\s\S]*POST \/_sandbox\/checkout/);
			const invoicebox = await open(`${sandbox.invoicebox}/_sandbox/`);
			for (const number of ['SHOP-1003', 'b24-103', 'ap-002021']) assert.match(invoicebox.text, new RegExp(`data-merchant-order-id="${number}"[^\\n]*?class="payment-page" href="/payment/order/`));
			assert.match(invoicebox.text, /POST \/_sandbox\/pay/);
			const activeplatform = await open(`${sandbox.activeplatform}/_sandbox/`);
			assert.match(activeplatform.text, /<code>002021<\/code>[\s\S]*waiting_for_payment/);
			assert.match(activeplatform.text, /GET \/_sandbox\/state/);
		});

		let paymentPage;
		await check(`${workflows.checkout.name}: the Checkout button of payment 101 on the Bitrix24 sandbox's page`, async () => {
			const index = await open(`${sandbox.bitrix24}/_sandbox/`);
			const answer = await press(index, 'checkout-101');
			assert.match(answer.text, /id="checkout-outcome" data-ok="true"/, answer.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600));
			paymentPage = link(answer, 'payment-url');
			const order = (await state('invoicebox')).orders.find((o) => o.merchantOrderId === 'b24-101');
			assert.ok(order, 'the workflow created the Invoicebox order b24-101');
			assert.equal(paymentPage, order.paymentUrl, 'the page links to its payment page');
			assert.equal((await payment(101)).PS_INVOICE_ID, order.id, 'the portal stored PAYMENT_ID');
			const [run] = await finishedRuns('checkout', 1);
			assert.equal(run.status, 'success');
			assert.ok(nodesRun(run).includes('Create the Invoicebox order'));
		});

		await check(`${workflows.paid.name}: Pay on the payment page the checkout linked to`, async () => {
			const page = await open(paymentPage);
			assert.match(page.text, /b24-101|501\/1/);
			assert.match(page.text, /1,250\.00 RUB/);
			const outcome = await press(page, 'pay');
			assert.match(outcome.text, /id="outcome" data-outcome="pay" data-status="completed"/);
			assert.match(outcome.text, /class="box delivery" id="delivery-\d+" data-outcome="delivered"/, 'the notification was answered success');
			await until('Bitrix24 payment 101 paid', async () => (await payment(101))?.PAID === 'Y');
			const [run] = await finishedRuns('paid', 1);
			assert.equal(run.status, 'success');
			assert.ok(nodesRun(run).includes('Mark the Bitrix24 payment paid'));
		});

		await check(`${workflows.paid.name}: the banner's step (Pay on the payment page of b24-103)`, async () => {
			const step = fireStep(banner, workflows.paid);
			const url = /open (\S+) and press Pay/.exec(step)[1];
			const outcome = await press(await open(url), 'pay');
			assert.match(outcome.text, /data-outcome="delivered"/);
			await until('Bitrix24 payment 103 paid', async () => (await payment(103))?.PAID === 'Y');
			const runs = await finishedRuns('paid', 2);
			assert.deepEqual(runs.map((r) => r.status), ['success', 'success']);
			assert.deepEqual((await state('bitrix24')).payCalls, { 101: 1, 103: 1 });
		});

		await check(`${workflows.activePlatform.name}: the banner's step (Pay on the payment page of ap-002021)`, async () => {
			const step = fireStep(banner, workflows.activePlatform);
			const url = /open (\S+) and press Pay/.exec(step)[1];
			const page = await open(url);
			assert.match(page.text, /ap-002021/);
			assert.match(page.text, /60\.00 USD/);
			const outcome = await press(page, 'pay');
			assert.match(outcome.text, /data-outcome="delivered"/);
			const completed = async () => (await state('activeplatform')).payments.find((p) => p.attributes.document_id === '002021')?.attributes;
			await until('ActivePlatform payment 002021 completed', async () => (await completed())?.status === 'completed');
			assert.equal((await completed()).payment_method_id, 4);
			const [run] = await finishedRuns('activePlatform', 1);
			assert.equal(run.status, 'success');
			assert.ok(nodesRun(run).includes('Complete the ActivePlatform payment'));
		});

		await check('Fail on a payment page (SHOP-1003): canceled, notified, nothing started', async () => {
			const index = await open(`${sandbox.invoicebox}/_sandbox/`);
			const href = new RegExp('data-merchant-order-id="SHOP-1003"[^\\n]*?class="payment-page" href="([^"]+)"').exec(index.text)[1];
			const outcome = await press(await open(new URL(href, index.url).href), 'fail');
			assert.match(outcome.text, /id="outcome" data-outcome="fail" data-status="canceled"/);
			assert.match(outcome.text, /data-outcome="delivered"/, 'the trigger answered the canceled notification');
			await sleep(1000);
			assert.equal((await executions('paid')).length, 2, 'no run for a canceled order');
		});

		await check('stored executions of the trigger examples: all succeeded', async () => {
			for (const role of Object.keys(workflows)) {
				for (const execution of await executions(role)) assert.equal(execution.status, 'success', `${workflows[role].name}, execution ${execution.id}`);
			}
		});
	} finally {
		await browser.close();
		const stopped = await demo.stop();
		results.push({ name: 'Ctrl-C stops npm start', ok: stopped?.code === 0 });
		console.log(`  ${stopped?.code === 0 ? '✓' : '✗'} Ctrl-C stops npm start (${stopped ? `exit ${stopped.code ?? stopped.signal}` : 'still running after 60 s: killed'})`);
	}

	const failed = results.filter((r) => !r.ok).length;
	if (process.env.DEMO_KEEP === '1' || failed) console.log(`  n8n user folder kept: ${userFolder}`);
	else fs.rmSync(userFolder, { recursive: true, force: true });
	fs.writeFileSync(path.join(ARTIFACTS, 'timings.json'), JSON.stringify({ totalSeconds: (Date.now() - t0) / 1000, npmStartReadySeconds: readySeconds, checks: results.map(({ name, ok }) => ({ name, ok })) }, null, 2));
	console.log(`Demo test in ${((Date.now() - t0) / 1000).toFixed(1)} s (npm start until ready: ${readySeconds.toFixed(1)} s; npm start log: artifacts/demo/npm-start.log)`);
	console.log(`${results.length - failed} passed, ${failed} failed`);
	return failed === 0;
}

runSuite(main);
