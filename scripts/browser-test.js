'use strict';
/**
 * `npm run test:browser`: the editor of a real n8n, driven like a person would, in Chromium
 * from Debian (/usr/bin/chromium; `apt-get install chromium`) through playwright-core.
 *
 * A fresh n8n with the packed package installed (as in the e2e suite), the sandboxes on free
 * ports, n8n on a free port. In the browser: set up the owner account; then for every sandbox
 * demo profile with a `browser` section (sandboxes/demo/*.js): find its node in the nodes
 * panel, add it, pick a resource and an operation, create its credential with a wrong secret
 * (the credential test must fail with a readable message), then with the right one (the test
 * must pass), run the node and see its output. A profile's node may also name lists to pick from
 * (`locators`: a resource locator's From List, searched, a value picked, the node run with it)
 * and a required field to leave empty (`requiredEmpty`: flagged in the editor, and running the
 * node sends nothing). Screenshots go to artifacts/browser/; UPDATE_DOCS_SCREENSHOT=1 also copies
 * the output screenshots to docs/.
 */
const fs = require('node:fs');
const path = require('node:path');

const n8n = require('./lib/n8n');
const { runSuite } = require('./lib/suite');
const { startSandboxes } = require('./sandboxes');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(n8n.ROOT, 'artifacts', 'browser');
const DOCS_SCREENSHOT = path.join(n8n.ROOT, 'docs', 'editor-screenshot.png');
const TIMEOUT = 60000;

async function main() {
	const t0 = Date.now();
	console.log('Browser test: the n8n editor in Chromium');
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
	fs.rmSync(ARTIFACTS, { recursive: true, force: true });
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	const { chromium } = require('playwright-core');

	const step = async (label, fn) => {
		const started = Date.now();
		const value = await fn();
		console.log(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return value;
	};
	const { userFolder, instance } = await n8n.prepareInstance({ prefix: 'paysystems-browser-', step });
	const sandboxes = await step('start and seed the sandboxes', () => startSandboxes({ ports: 'free' }));
	let server;
	let browser;
	const results = [];
	let shot = 0;
	let docsWritten = false;
	const screenshot = async (page, name) => {
		const file = path.join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
		await page.screenshot({ path: file });
		return file;
	};
	try {
		server = await step('start n8n', async () => instance.start({ port: await n8n.freePort() }));
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
			// playwright gives every launch a new empty profile (--user-data-dir) of its own.
		});
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(TIMEOUT);

		const test = async (name, fn) => {
			const started = Date.now();
			try {
				await fn();
				results.push({ name, ok: true });
				console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			} catch (error) {
				results.push({ name, ok: false, error });
				const file = await screenshot(page, 'failure').catch(() => undefined);
				console.log(`  ✗ ${name}\n${String(error.stack || error).replace(/^/gm, '      ')}`);
				if (file) console.log(`      screenshot: ${path.relative(n8n.ROOT, file)}`);
				throw error;
			}
		};

		await test('set up the owner account in the editor', async () => {
			await page.goto(server.url);
			await page.waitForURL(/\/setup/);
			const owner = n8n.DEMO_OWNER;
			await page.fill('input[name=email]', owner.email);
			await page.fill('input[name=firstName]', owner.firstName);
			await page.fill('input[name=lastName]', owner.lastName);
			await page.fill('input[name=password]', owner.password);
			await screenshot(page, 'owner-setup');
			await page.click('[data-test-id=form-submit-button]');
			await page.waitForURL((url) => !url.pathname.includes('/setup'));
		});

		// Every node of the package must be covered by a demo profile's browser section.
		const covered = new Set(sandboxes.entries.flatMap(({ profile }) => (profile.browser?.nodes ?? []).map((n) => n.node)));
		for (const file of n8n.PACKAGE.n8n.nodes) {
			const { description } = new (Object.values(require(path.join(n8n.ROOT, file)))[0])();
			if (!covered.has(description.displayName)) {
				results.push({ name: `${description.displayName}: covered by the browser test`, ok: false });
				console.log(`  ✗ ${description.displayName}: no browser section in sandboxes/demo/*.js names this node`);
			}
		}

		const pick = async (parameter, name) => {
			await page.click(`[data-test-id=parameter-input-${parameter}]`);
			await page
				.locator('[data-test-id=parameter-input-item]:visible')
				.filter({ has: page.locator('.option-headline', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) })
				.click();
			const shown = await page.locator(`[data-test-id=parameter-input-${parameter}] input`).first().inputValue();
			if (shown !== name) throw new Error(`${parameter} shows "${shown}", not "${name}"`);
		};
		const dialog = () => page.locator('[data-test-id=credential-edit-dialog]');
		const fillCredential = async (fields) => {
			for (const [label, value] of Object.entries(fields)) {
				await dialog().locator('[data-test-id=credential-connection-parameter]').filter({ hasText: label }).locator('input').first().fill(value);
			}
		};
		/** A new workflow with the node added from the nodes panel (after a Manual Trigger unless it is a trigger). */
		const addNode = async (spec, slug) => {
			await page.goto(`${server.url}/workflow/new`);
			await page.click('[data-test-id=canvas-add-button]');
			if (!spec.trigger) {
				await page.locator('[data-test-id=node-creator-item-name]', { hasText: 'Trigger manually' }).click();
				await page.locator('[data-test-id=canvas-node]').first().waitFor();
				await page.click('[data-test-id=node-creator-plus-button]');
			}
			await page.keyboard.type(spec.node);
			// The panel lists a package's trigger under the node's name without " Trigger".
			const panelName = spec.panelName ?? (spec.trigger ? spec.node.replace(/ Trigger$/, '') : spec.node);
			const item = page.locator('[data-test-id=node-creator-item-name]', { hasText: new RegExp(`^${escapeRegExp(panelName)}$`) }).first();
			await item.waitFor();
			await screenshot(page, `${slug}-nodes-panel`);
			await item.click();
			if (spec.action) await page.locator('[data-test-id=node-creator-item-name]', { hasText: new RegExp(`^${escapeRegExp(spec.action)}$`) }).click();
			await page.locator('[data-test-id=ndv]').waitFor();
		};

		for (const { profile, sandbox } of sandboxes.entries) {
			const browserSpec = profile.browser;
			if (!browserSpec) continue;
			const credential = browserSpec.credential;
			let credentialCreated = false;
			for (const spec of browserSpec.nodes) {
				const slug = spec.node.toLowerCase().replace(/[^a-z0-9]+/g, '-');
				await test(`${spec.node}: found in the nodes panel and added`, () => addNode(spec, slug));

				if (spec.resource) {
					await test(`${spec.node}: resource "${spec.resource}" and operation "${spec.operation}" picked`, async () => {
						await pick('resource', spec.resource);
						await pick('operation', spec.operation);
						await screenshot(page, `${slug}-parameters`);
					});
				}
				for (const [parameter, value] of Object.entries(spec.options ?? {})) {
					await test(`${spec.node}: option ${parameter} set to "${value}"`, () => pick(parameter, value));
				}

				if (credential && !credentialCreated) {
					credentialCreated = true;
					await test(`${credential.name}: the credential test fails readably for a wrong secret`, async () => {
						// With no credential of the type yet, n8n offers a "Connect to ..." button instead of a list.
						const slot = page.locator('[data-test-id=node-credentials-slot]');
						if (await slot.locator('[data-test-id=node-credentials-select]').count()) {
							await slot.locator('[data-test-id=node-credentials-select]').click();
							await page.click('[data-test-id=node-credentials-select-item-new]');
						} else {
							await slot.getByRole('button', { name: /Connect to/ }).click();
						}
						await dialog().waitFor();
						await fillCredential(credential.wrongFields(sandbox));
						await page.click('[data-test-id=credential-save-button]');
						await dialog().getByText('Couldn’t connect with these settings').waitFor();
						await dialog().getByText('More details').click();
						await dialog().getByText(credential.wrongMessage, { exact: false }).waitFor();
						await screenshot(page, `${slug}-credential-wrong-secret`);
						const text = await dialog().innerText();
						for (const secret of profile.secrets(sandbox)) if (text.includes(secret)) throw new Error('the dialog shows the secret');
					});
					await test(`${credential.name}: the credential test passes against the sandbox`, async () => {
						await fillCredential(credential.fields(sandbox));
						await page.click('[data-test-id=credential-save-button]');
						// n8n closes the dialog after a save whose test passed; reopen it to see the result.
						await dialog().waitFor({ state: 'hidden' });
						await page.click('[data-test-id=credential-edit-button]');
						await page.locator('[data-test-id=credentials-config-container-test-success]').waitFor();
						await screenshot(page, `${slug}-credential-tested`);
						await page.locator('.el-dialog:has([data-test-id=credential-edit-dialog]) button[aria-label="Close this dialog"]').click();
						await dialog().waitFor({ state: 'hidden' });
					});
				} else if (credential) {
					await test(`${spec.node}: uses the saved ${credential.name} credential`, async () => {
						await page.locator('[data-test-id=node-credentials-select] input').first().waitFor();
					});
				}

				if (spec.requiredEmpty) {
					const { operation, parameter, label } = spec.requiredEmpty;
					await test(`${spec.node}: ${operation} with "${label}" left empty is flagged, and running it sends nothing`, async () => {
						await pick('operation', operation);
						const field = page.locator(`[data-test-id="resource-locator-${parameter}"], [data-test-id="parameter-input-${parameter}"]`).first();
						await field.waitFor();
						const before = (await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()).length;
						await page.click('[data-test-id=node-execute-button]');
						// n8n names the empty required field before it runs anything.
						await page.getByText(new RegExp(`Parameter .${escapeRegExp(label)}. is required`)).first().waitFor();
						await new Promise((resolve) => setTimeout(resolve, 1000));
						const after = (await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()).length;
						if (after !== before) throw new Error(`${after - before} request(s) reached the sandbox`);
						await screenshot(page, `${slug}-required-empty-run`);
					});
				}

				for (const locator of spec.locators ?? []) {
					await test(`${spec.node}: ${locator.operation}: "${locator.label}" lists from the API, and the value picked runs`, async () => {
						await pick('operation', locator.operation);
						// Plain fields the operation needs besides the list (`fill`: parameter → value).
						for (const [parameter, value] of Object.entries(locator.fill ?? {})) {
							await page.locator(`[data-test-id=parameter-input-${parameter}] input`).first().fill(value);
						}
						const field = page.locator(`[data-test-id="resource-locator-${locator.parameter}"]`);
						await field.locator('[data-test-id=rlc-input]').first().click();
						// The list opens in a popover outside the field; its rows come from the API.
						await page.locator('[data-test-id=rlc-item]:visible').first().waitFor();
						if (locator.search) await page.locator('[data-test-id=rlc-search]:visible input, input[placeholder="Search..."]:visible').first().fill(locator.search);
						const item = page.locator('[data-test-id=rlc-item]:visible', { hasText: locator.pick }).first();
						await item.waitFor();
						await screenshot(page, `${slug}-list-${locator.parameter}`);
						await item.click();
						await page.click('[data-test-id=node-execute-button]');
						await page.locator('[data-test-id=output-panel]').getByText(locator.expectOutput, { exact: false }).first().waitFor();
						await screenshot(page, `${slug}-list-${locator.parameter}-output`);
					});
				}
				await test(`${spec.node}: ${spec.trigger ? 'receives a call and shows it' : 'runs and shows its output'}`, async () => {
					if (spec.trigger) {
						const url = await testWebhookUrl(page);
						await page.click('[data-test-id=node-execute-button]');
						await page.locator('[data-test-id=output-panel]').getByText(/listening/i).first().waitFor();
						await spec.fire(sandbox, url);
					} else {
						// Back to the profile's operation when a list or an empty field test changed it.
						if (spec.operation && (spec.locators || spec.requiredEmpty)) await pick('operation', spec.operation);
						await page.click('[data-test-id=node-execute-button]');
					}
					const output = page.locator('[data-test-id=output-panel]');
					await output.getByText(spec.expectOutput, { exact: false }).first().waitFor();
					const file = await screenshot(page, `${slug}-output`);
					if (process.env.UPDATE_DOCS_SCREENSHOT === '1' && !docsWritten) {
						docsWritten = true;
						fs.mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true });
						fs.copyFileSync(file, DOCS_SCREENSHOT);
					}
				});
			}
		}
	} catch (error) {
		if (!results.some((r) => !r.ok)) {
			results.push({ name: 'browser test setup', ok: false, error });
			console.log(`  ✗ ${error.stack || error}`);
			if (server) console.log(n8n.tail(server.output(), 20));
		}
	} finally {
		await browser?.close();
		await server?.stop();
		await sandboxes.close();
		if (results.some((r) => !r.ok) || process.env.E2E_KEEP === '1') console.log(`  n8n user folder kept: ${userFolder}`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
	const passed = results.filter((r) => r.ok).length;
	console.log(`  screenshots: ${path.relative(n8n.ROOT, ARTIFACTS)}/ (${shot})`);
	console.log(`Browser test: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${results.length - passed} failed`);
	return results.length > 0 && passed === results.length;
}

/** The test URL of the trigger open in the node view, as the editor shows it. */
async function testWebhookUrl(page) {
	const parameters = page.locator('[data-test-id=node-parameters]');
	if (!(await parameters.locator('[data-test-id=radio-button-test]').count())) await parameters.getByText('Webhook URLs').click();
	await parameters.locator('[data-test-id=radio-button-test]').click();
	const match = /https?:\/\/\S+\/webhook-test\/\S+/.exec(await parameters.innerText());
	if (!match) throw new Error('no test URL shown under Webhook URLs');
	return match[0];
}

function escapeRegExp(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

runSuite(main);
