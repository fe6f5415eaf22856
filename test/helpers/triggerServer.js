'use strict';
/**
 * A local HTTP server standing in for n8n's webhook endpoint in front of a trigger harness
 * (helpers/n8n.js triggerHarness), so that a sandbox can call the trigger over real HTTP. Each
 * request (method, headers, query, raw bytes) goes to the trigger; the answer is what n8n would
 * send: what the node wrote itself (noWebhookResponse), the node's webhookResponse, or, when the
 * workflow started, `respond(items)` (the workflow's answer) with 200; a trigger that throws gets
 * n8n's 500. `intercept(req, res)` may answer a request itself first (return true), e.g. n8n down.
 */
const http = require('node:http');

async function serveTrigger(t, { webhookName = () => 'default', respond = () => ({}), intercept = () => false } = {}) {
	const emitted = [];
	const server = http.createServer(async (req, res) => {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		if (intercept(req, res)) return;
		const raw = Buffer.concat(chunks);
		const url = new URL(req.url, 'http://127.0.0.1');
		let body = {};
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {}
		let status = 200;
		let answer;
		try {
			const { result, response } = await t.webhook({
				name: webhookName(req),
				method: req.method,
				headers: req.headers,
				query: Object.fromEntries(url.searchParams),
				rawBody: raw,
				body,
			});
			const items = result.workflowData ? result.workflowData[0].map((i) => i.json) : [];
			emitted.push(...items);
			if (result.noWebhookResponse) {
				status = response.statusCode;
				answer = response.body;
			} else if (result.webhookResponse) answer = result.webhookResponse;
			else if (!result.workflowData) answer = { message: 'Webhook call received' };
			else answer = respond(items);
		} catch {
			status = 500;
			answer = { message: 'Error in workflow' };
		}
		res.writeHead(status, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify(answer));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		emitted,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { serveTrigger };
