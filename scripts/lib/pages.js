'use strict';
/**
 * The sandboxes' pages read as a browser would (for the demo test and the sandboxes' tests):
 * open a page, press a button of one of its forms (posting what the browser would post: the
 * form's hidden inputs and the button's name and value, to the form's action), follow a link.
 * The sandboxes' buttons are plain HTML forms with stable ids, so this is all a person's
 * browser does there.
 */
const assert = require('node:assert/strict');

const decode = (text) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);
const attr = (tag, name) => {
	const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
	return m ? decode(m[1]) : undefined;
};

async function open(url) {
	const res = await fetch(url, { headers: { Accept: 'text/html' } });
	const text = await res.text();
	assert.equal(res.status, 200, `GET ${url} → HTTP ${res.status}`);
	assert.match(res.headers.get('content-type') || '', /text\/html/, `${url} is a page`);
	return { url, text };
}

/**
 * Presses the button `#buttonId` of a page: posts its form (method post, action, hidden inputs,
 * the button's name=value) as application/x-www-form-urlencoded; returns the page it answers.
 */
async function press(page, buttonId) {
	const forms = page.text.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) || [];
	const form = forms.find((f) => new RegExp(`<button\\b[^>]*\\sid="${buttonId}"`).test(f));
	assert.ok(form, `${page.url} has a button #${buttonId} in a form`);
	const formTag = /<form\b[^>]*>/.exec(form)[0];
	assert.equal(attr(formTag, 'method'), 'post');
	const fields = new URLSearchParams();
	for (const input of form.match(/<input\b[^>]*>/g) || []) fields.append(attr(input, 'name'), attr(input, 'value') ?? '');
	const button = new RegExp(`<button\\b[^>]*\\sid="${buttonId}"[^>]*>`).exec(form)[0];
	if (attr(button, 'name')) fields.append(attr(button, 'name'), attr(button, 'value') ?? '');
	const action = new URL(attr(formTag, 'action') || page.url, page.url).href;
	const res = await fetch(action, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' }, body: fields.toString() });
	const text = await res.text();
	assert.equal(res.status, 200, `POST ${action} → HTTP ${res.status}: ${text.slice(0, 300)}`);
	return { url: action, text, posted: Object.fromEntries(fields) };
}

/** The href of the link `#id` on a page. */
function link(page, id) {
	const tag = new RegExp(`<a\\b[^>]*\\sid="${id}"[^>]*>`).exec(page.text);
	assert.ok(tag, `${page.url} has a link #${id}`);
	return new URL(attr(tag[0], 'href'), page.url).href;
}

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The same three calls in Chromium (Debian's, through playwright-core): the page is loaded and
 * the button clicked in a real browser, as a person trying the demo does. Each page reached is
 * screenshotted into `screenshotDir`. Returns {open, press, link, close}.
 */
async function browserPages({ screenshotDir }) {
	const fs = require('node:fs');
	const path = require('node:path');
	assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
	const { chromium } = require('playwright-core');
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	tab.setDefaultTimeout(60000);
	fs.mkdirSync(screenshotDir, { recursive: true });
	let shot = 0;
	const snapshot = async (name) => {
		await tab.screenshot({ path: path.join(screenshotDir, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
		return { url: tab.url(), text: await tab.content() };
	};
	return {
		async open(url) {
			const res = await tab.goto(url);
			assert.equal(res.status(), 200, `GET ${url} → HTTP ${res.status()}`);
			return await snapshot(new URL(url).pathname.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'page');
		},
		async press(page, buttonId) {
			assert.equal(tab.url(), page.url, `the browser shows ${page.url}`);
			const button = tab.locator(`#${buttonId}`);
			assert.equal(await button.count(), 1, `${page.url} has a button #${buttonId}`);
			const [response] = await Promise.all([tab.waitForNavigation({ waitUntil: 'load' }), button.click()]);
			assert.equal(response?.status(), 200, `pressing #${buttonId} → HTTP ${response?.status()}`);
			return await snapshot(`pressed-${buttonId}`);
		},
		link,
		close: () => browser.close(),
	};
}

module.exports = { open, press, link, browserPages };
