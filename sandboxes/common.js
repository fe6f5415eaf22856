'use strict';
/**
 * What the three API sandboxes share: an HTTP server on 127.0.0.1, body parsing (JSON, forms
 * with PHP-style nested keys, query strings), a log of every call, fault injection (any status,
 * body, delay, dropped connection, cut-off JSON) and a small control API under /_sandbox/ so that
 * tests running n8n in another process can read state, reset it and inject faults.
 *
 * For people trying the demo, each sandbox also has an index page at /_sandbox/ (what it holds
 * and what it can do: its control endpoints, its data, links to its pages), and may serve pages
 * of its own (the Invoicebox payment page). Pages are plain HTML forms with stable ids, so that
 * a browser test can click them and a script can post what they post. A control endpoint posted
 * as a form (application/x-www-form-urlencoded, as a page's button does) answers with a page when
 * the sandbox renders one for it (`controlPages`), else with its JSON as always.
 */
const http = require('node:http');
const { URL } = require('node:url');

/** Sets `obj[a][b][c] = value` for a PHP-style key `a[b][c]` (`a[]` appends). */
function setNested(obj, key, value) {
	const parts = [];
	const head = key.split('[')[0];
	parts.push(head);
	const re = /\[([^\]]*)\]/g;
	let m;
	while ((m = re.exec(key))) parts.push(m[1]);
	let cur = obj;
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i];
		const last = i === parts.length - 1;
		if (part === '' && Array.isArray(cur)) {
			if (last) cur.push(value);
			else {
				const next = {};
				cur.push(next);
				cur = next;
			}
			continue;
		}
		if (last) {
			cur[part] = value;
		} else {
			if (cur[part] === undefined || typeof cur[part] !== 'object') cur[part] = parts[i + 1] === '' ? [] : {};
			cur = cur[part];
		}
	}
	return obj;
}

/**
 * PHP arrays, as a PHP server sees a request: a map whose keys are exactly 0..n-1 in order (from
 * `A[0]=x&A[1]=y`, `A[]=x`, or a JSON object {"0": ...}) is a list. Applied recursively.
 */
function phpLists(value) {
	if (Array.isArray(value)) return value.map(phpLists);
	if (!value || typeof value !== 'object') return value;
	const keys = Object.keys(value);
	const out = Object.fromEntries(keys.map((k) => [k, phpLists(value[k])]));
	return keys.length && keys.every((k, i) => k === String(i)) ? keys.map((k) => out[k]) : out;
}

function parseForm(text) {
	const out = {};
	for (const [k, v] of new URLSearchParams(text)) setNested(out, k, v);
	return out;
}

/** Encodes an object the way PHP's http_build_query does (used by the Bitrix24 sandbox to call ACTION_URI). */
function buildForm(obj, prefix, params = new URLSearchParams()) {
	for (const [k, v] of Object.entries(obj)) {
		const key = prefix ? `${prefix}[${k}]` : k;
		if (v !== null && typeof v === 'object') buildForm(v, key, params);
		else if (v !== undefined) params.append(key, v === true ? '1' : v === false ? '0' : String(v));
	}
	return params;
}

function readBody(req, limit = 5 * 1024 * 1024) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > limit) {
				reject(Object.assign(new Error('body too large'), { status: 413 }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Parses a request body by its content type; `undefined` body = empty, `invalid` = unparseable JSON. */
function parseBody(raw, contentType) {
	const text = raw.toString('utf8');
	if (!text.trim()) return { body: {} };
	if (/json/i.test(contentType || '')) {
		try {
			return { body: JSON.parse(text) };
		} catch {
			return { body: undefined, invalid: true };
		}
	}
	if (/x-www-form-urlencoded/i.test(contentType || '')) return { body: parseForm(text) };
	try {
		return { body: JSON.parse(text) };
	} catch {
		return { body: parseForm(text) };
	}
}

/**
 * A fault: `{ match?: {method?, path?, api?}, times?: number, status?, body?, raw?, headers?,
 * delayMs?, drop?: 'before' | 'after', truncate?: boolean }`.
 * - `drop: 'before'`: the connection is closed before the request is processed (nothing recorded as done);
 * - `drop: 'after'`: the request is processed, then the connection is closed without an answer;
 * - `delayMs` without status: the answer is delayed (a timeout test);
 * - `raw`: a literal body (an HTML page, truncated JSON, an empty body);
 * - `afterProcessing: true` with a status/body/raw: the request is processed, then that answer is
 *   sent instead of the API's (a proxy's 503 page, a redirect): the log keeps the API's status and
 *   the answer sent in `answeredStatus`.
 */
class FaultPlan {
	constructor() {
		this.faults = [];
	}
	add(fault) {
		this.faults.push({ times: 1, ...fault });
	}
	clear() {
		this.faults = [];
	}
	take(info) {
		const index = this.faults.findIndex((f) => {
			const m = f.match || {};
			if (m.method && m.method !== info.method) return false;
			if (m.httpMethod && m.httpMethod !== info.httpMethod) return false;
			if (m.path && !info.path.includes(m.path)) return false;
			return true;
		});
		if (index < 0) return undefined;
		const fault = this.faults[index];
		if (fault.times !== Infinity) {
			fault.times -= 1;
			if (fault.times <= 0) this.faults.splice(index, 1);
		}
		return fault;
	}
}

/** Text made safe for HTML (element content and quoted attribute values). */
function escapeHtml(value) {
	return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * A tagged template for HTML: interpolated values are escaped, except values made by html``
 * themselves (and arrays of them), so pages are built from pieces without double escaping.
 */
class Html {
	constructor(text) {
		this.text = text;
	}
	toString() {
		return this.text;
	}
}
function html(strings, ...values) {
	const piece = (v) => (v instanceof Html ? v.text : Array.isArray(v) ? v.map(piece).join('') : v === undefined || v === null || v === false ? '' : escapeHtml(v));
	return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? piece(values[i]) : ''), ''));
}

/** A whole page: title, the sandbox's name in a header line, and the body. */
function page(title, body, { sandbox } = {}) {
	return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:24px auto;padding:0 16px;color:#1f2328;line-height:1.45}
h1{font-size:1.5em;margin:.2em 0 .5em}h2{font-size:1.15em;margin:1.4em 0 .4em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;font-size:.93em}
th{background:#f6f8fa}code{background:#f6f8fa;padding:1px 4px;border-radius:4px;font-size:.9em;word-break:break-all}
button{font:inherit;padding:5px 14px;border-radius:6px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer}
button.primary{background:#1f883d;border-color:#1a7f37;color:#fff}button.danger{background:#cf222e;border-color:#a40e26;color:#fff}
form{display:inline;margin:0}.muted{color:#59636e}.ok{color:#1a7f37;font-weight:600}.bad{color:#cf222e;font-weight:600}
.box{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:12px 0}.top{font-size:.85em;color:#59636e}
</style></head>
<body>
${sandbox ? html`<div class="top">Local sandbox: ${sandbox} · <a href="/_sandbox/">index</a> · <a href="/_sandbox/state">state (JSON)</a></div>` : ''}
${body}
</body></html>
`;
}

/** Control endpoints every sandbox has (common.js), as the index page lists them. */
const COMMON_CONTROLS = [
	['GET', 'calls', '', 'every API call received (method, body, status, answer)'],
	['POST', 'faults', '{match?, times?, status?, body?, raw?, delayMs?, drop?, truncate?, afterProcessing?} or a list', 'make the next matching API calls fail'],
	['POST', 'latency', '{ms}', 'delay every API answer'],
	['POST', 'reset', '{}', 'forget all data, calls and faults (the demo data comes back only with its seed: restart npm start)'],
];

/**
 * The index page at /_sandbox/: `index()` of the sandbox returns {title, about, sections:
 * [{heading, body}], controls: [[method, action, body, what]]}; the common controls are added.
 */
function indexPage(name, info) {
	const controls = [...(info.controls || []), ...COMMON_CONTROLS];
	return page(
		info.title,
		html`<h1>${info.title}</h1>
${info.about ? html`<p>${info.about}</p>` : ''}
${(info.sections || []).map((s) => html`<h2>${s.heading}</h2>\n${s.body}\n`)}
<h2>Control endpoints</h2>
<p class="muted">For tests and scripts (JSON in, JSON out), beside the API itself.</p>
<table><tr><th>Request</th><th>Body</th><th>What it does</th></tr>
${controls.map(([method, action, body, what]) => html`<tr><td style="white-space:nowrap"><code style="word-break:normal">${method} /_sandbox/${action}</code></td><td>${body ? html`<code>${body}</code>` : ''}</td><td>${what}</td></tr>\n`)}
</table>`,
		{ sandbox: info.title || name },
	);
}

function sendHtml(res, status, content, headers = {}) {
	send(res, status, String(content), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
}

function send(res, status, body, headers = {}) {
	if (res.writableEnded || res.destroyed) return;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': typeof body === 'string' && !headers['Content-Type'] ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

/**
 * Starts a sandbox server. `handle(ctx)` returns `{status, body, headers}` (or a promise of it);
 * `ctx` has method, url, path, query, headers, body, raw, invalidJson and `info` (what the API
 * call is: filled by the handler through ctx.describe() for logging and fault matching).
 */
/**
 * `responseHeaders(entry)`, when given, returns headers added to every answer of the API
 * (injected faults included), e.g. a request ID.
 * `latencyMs`: every answer of the API (not of the control API) is sent that long after the
 * request was processed, as over a slow network or from a slow server; the request counts (for
 * rate limits, state) when it arrives. Changed at run time with `/_sandbox/latency {ms}`; a reset
 * puts the start value back.
 */
/**
 * Pages (for people, not part of the API: not logged, no faults, no latency): `index()` for
 * /_sandbox/ (see indexPage), `pages` [{method, path: RegExp, render(ctx, match) → {status?,
 * html} }] for pages of the sandbox's own (the Invoicebox payment page), `controlPages`
 * {action: (result, body) → html} for control endpoints posted as a form by a page's button
 * (result is the control's result, or {error} when it threw).
 */
async function startServer({ name, port = 0, handle, identify, control = {}, onReset, responseHeaders, latencyMs = 0, index, pages = [], controlPages = {} }) {
	const calls = [];
	const faults = new FaultPlan();
	let seq = 0;
	const sockets = new Set();
	let latency = Math.max(0, Number(latencyMs) || 0);

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		let raw;
		try {
			raw = await readBody(req);
		} catch (error) {
			send(res, error.status || 400, { error: 'bad_request', message: error.message });
			return;
		}
		if (url.pathname === '/_sandbox') {
			send(res, 302, '', { Location: '/_sandbox/' });
			return;
		}
		if (url.pathname.startsWith('/_sandbox/')) {
			await controlApi(url, req, raw, res);
			return;
		}
		const parsed = parseBody(raw, req.headers['content-type']);
		for (const p of pages) {
			const match = req.method === p.method ? p.path.exec(url.pathname) : null;
			if (!match) continue;
			try {
				const answer = await p.render({ httpMethod: req.method, url, path: url.pathname, query: parseForm(url.search.slice(1)), headers: req.headers, body: parsed.body }, match);
				sendHtml(res, answer.status ?? 200, answer.html);
			} catch (error) {
				sendHtml(res, 500, page('Sandbox error', html`<h1>Sandbox error</h1><pre>${error?.stack || error}</pre>`, { sandbox: name }));
			}
			return;
		}
		const ctx = {
			httpMethod: req.method,
			url,
			path: url.pathname,
			query: parseForm(url.search.slice(1)),
			headers: req.headers,
			raw,
			body: parsed.body,
			invalidJson: parsed.invalid === true,
		};
		const info = { httpMethod: req.method, path: url.pathname, method: identify ? identify(ctx) : url.pathname };
		const entry = {
			seq: ++seq,
			at: Date.now(),
			api: name,
			httpMethod: req.method,
			path: url.pathname,
			method: info.method,
			query: ctx.query,
			body: ctx.body,
			contentType: req.headers['content-type'],
			headers: pickHeaders(req.headers),
			status: 0,
		};
		calls.push(entry);
		if (calls.length > 20000) calls.splice(0, calls.length - 20000);
		const extra = responseHeaders ? responseHeaders(entry) : {};

		const fault = faults.take(info);
		if (fault?.drop === 'before') {
			entry.status = -1;
			entry.fault = 'dropped before processing';
			req.socket.destroy();
			return;
		}
		if (fault && fault.status === undefined && fault.raw === undefined && fault.body === undefined && !fault.drop) {
			await new Promise((r) => setTimeout(r, fault.delayMs || 0));
			if (fault.hang) {
				entry.status = -1;
				entry.fault = 'never answered';
				return; // the socket stays open; the client times out
			}
		}
		const injected = fault && (fault.status !== undefined || fault.raw !== undefined || fault.body !== undefined);
		const answer = (status) => {
			if (fault.raw !== undefined) {
				res.writeHead(status, { 'Content-Type': fault.contentType || 'text/html; charset=utf-8', ...extra, ...(fault.headers || {}) });
				res.end(fault.raw);
			} else send(res, status, fault.body ?? {}, { ...extra, ...(fault.headers || {}) });
		};
		if (injected && !fault.afterProcessing) {
			if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
			entry.status = fault.status ?? 200;
			entry.fault = 'injected';
			entry.response = fault.body ?? fault.raw;
			answer(entry.status);
			return;
		}

		let result;
		try {
			result = await handle(ctx, entry);
		} catch (error) {
			result = { status: 500, body: { error: 'SANDBOX_FAILURE', error_description: String(error && error.stack) } };
		}
		if (latency > 0) await new Promise((r) => setTimeout(r, latency));
		entry.status = result.status;
		entry.response = result.body;
		if (result.accepted !== undefined) entry.accepted = result.accepted;
		if (fault?.drop === 'after') {
			entry.fault = 'dropped after processing';
			req.socket.destroy();
			return;
		}
		if (injected) {
			entry.fault = 'answer replaced after processing';
			entry.answeredStatus = fault.status ?? 200;
			answer(entry.answeredStatus);
			return;
		}
		if (fault?.truncate) {
			const text = JSON.stringify(result.body);
			res.writeHead(result.status, { 'Content-Type': 'application/json', ...extra });
			res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
			return;
		}
		if (result.raw !== undefined) {
			res.writeHead(result.status, { ...extra, ...(result.headers || {}) });
			res.end(result.raw);
			return;
		}
		send(res, result.status, result.body, { ...extra, ...(result.headers || {}) });
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	server.keepAliveTimeout = 5000;

	async function controlApi(url, req, raw, res) {
		const action = url.pathname.slice('/_sandbox/'.length);
		if (action === '' && index) return sendHtml(res, 200, indexPage(name, await index()));
		// A page's button posts a form; tests and scripts post JSON.
		const fromPage = /x-www-form-urlencoded/i.test(req.headers['content-type'] || '');
		let body;
		try {
			body = fromPage ? parseForm(raw.toString('utf8')) : raw.length ? JSON.parse(raw.toString('utf8')) : {};
		} catch {
			return send(res, 400, { error: 'the body is not JSON' });
		}
		if (action === 'calls') return send(res, 200, calls);
		if (action === 'faults' && req.method === 'POST') {
			for (const f of Array.isArray(body) ? body : [body]) faults.add(f);
			return send(res, 200, { ok: true });
		}
		if (action === 'reset' && req.method === 'POST') {
			onReset?.(body);
			clear();
			latency = Math.max(0, Number(latencyMs) || 0);
			return send(res, 200, { ok: true });
		}
		if (action === 'latency' && req.method === 'POST') {
			latency = Math.max(0, Number(body.ms) || 0);
			return send(res, 200, { ok: true, latencyMs: latency });
		}
		const fn = control[action];
		if (fn && fromPage && controlPages[action]) {
			let result;
			try {
				result = (await fn(body, req.method)) ?? { ok: true };
			} catch (error) {
				result = { error: error?.message || String(error) };
			}
			return sendHtml(res, 200, await controlPages[action](result, body));
		}
		if (fn) {
			let result;
			try {
				result = await fn(body, req.method);
			} catch (error) {
				return send(res, 400, { error: error?.message || String(error) });
			}
			return send(res, 200, result ?? { ok: true });
		}
		return send(res, 404, { error: 'unknown control action' });
	}

	function clear() {
		calls.length = 0;
		faults.clear();
	}

	await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.address();
	return {
		server,
		port: address.port,
		url: `http://127.0.0.1:${address.port}`,
		calls,
		faults,
		/** Forgets the call log and pending faults. */
		clear,
		/** Delay before every API answer (see `latencyMs`). */
		setLatency: (ms) => {
			latency = Math.max(0, Number(ms) || 0);
		},
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

function pickHeaders(headers) {
	const out = {};
	for (const key of ['content-type', 'accept', 'user-agent', 'x-api-token', 'authorization']) {
		if (headers[key] !== undefined) out[key] = headers[key];
	}
	return out;
}

module.exports = { startServer, parseForm, buildForm, setNested, phpLists, send, html, page, escapeHtml };
