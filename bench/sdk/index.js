'use strict';
/**
 * Bitrix24's official JS SDK in front of the Bitrix24 sandbox: `startSdkPeer(sandbox)` puts the
 * local TLS proxy in front of it (tls-proxy.js) and returns `run({restrictionParams, steps})`,
 * which runs run-sdk.js in a child process against the sandbox's webhook through the proxy,
 * trusting the proxy's certificate through NODE_EXTRA_CA_CERTS; it resolves with run-sdk.js's
 * output (its `ms` per step is timed inside the SDK's process: start-up is not counted) and
 * `processMs`, the whole child process's time.
 */
const path = require('node:path');
const { runProcess } = require('../../scripts/lib/process');
const { startTlsProxy } = require('./tls-proxy');

const RUNNER = path.join(__dirname, 'run-sdk.js');

/** `sandbox`: {url, webhookUrl()} of a started Bitrix24 sandbox (or of its control-API view in the benchmark). */
async function startSdkPeer(sandbox) {
	const proxy = await startTlsProxy(sandbox.url);
	const webhookUrl = sandbox.webhookUrl().replace(sandbox.url, proxy.url);
	async function run(input, { timeoutMs = 600000 } = {}) {
		const env = { ...process.env, B24_WEBHOOK_URL: webhookUrl, NODE_EXTRA_CA_CERTS: proxy.caFile };
		const { code, stdout, stderr, ms } = await runProcess(process.execPath, [RUNNER], { env, input: JSON.stringify(input), timeoutMs });
		let out;
		try {
			out = JSON.parse(stdout.trim().split('\n').pop());
		} catch {
			throw new Error(`the SDK run printed no result (exit ${code}): ${(stdout + stderr).slice(-1000)}`);
		}
		if (out.error) throw new Error(`the SDK run failed: ${out.error}`);
		return { ...out, processMs: ms };
	}
	return { run, proxy, close: () => proxy.close() };
}

module.exports = { startSdkPeer };
