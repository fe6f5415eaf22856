'use strict';
/**
 * Runs Bitrix24's official JS SDK (@bitrix24/b24jssdk, a devDependency used only by the benchmark
 * and the sandbox tests) against a webhook, in a process of its own: the SDK's CommonJS build
 * loads an ES module (qs-esm), which Node.js does but jest's module loader does not, and the
 * process is where NODE_EXTRA_CA_CERTS makes it trust the local TLS proxy (tls-proxy.js; the SDK
 * accepts only https:// webhooks).
 *
 * Input: the webhook URL in B24_WEBHOOK_URL; on standard input JSON {restrictionParams?, steps:
 * [{action: 'batchByChunk' | 'batch' | 'call', calls?, method?, params?, options?}]}. The client
 * is `B24Hook.fromWebhookUrl(url, {restrictionParams})`; the steps run one after another through
 * `actions.v2.<action>.make()`, as the SDK's documentation shows them. The benchmark's step is
 * batchByChunk with `isHaltOnError: false` (chunks of 50, one `batch` request each, sent one
 * after another; one failed payment does not stop the others).
 * Output: one JSON line {steps: [{startedAt, ms, isSuccess, data, errors: [{key, code, status}], rows?,
 * thrown?}], stats (the SDK's own counters)}.
 */
const fs = require('node:fs');
const { B24Hook, ApiVersion } = require('@bitrix24/b24jssdk');

const errorList = (result) => [...result.errors.entries()].map(([key, e]) => ({ key, code: e.code, status: e.status }));

async function runStep(b24, step) {
	const started = Date.now();
	const out = { startedAt: started };
	try {
		const response = await b24.actions.v2[step.action].make(step);
		out.isSuccess = response.isSuccess;
		out.errors = errorList(response);
		const data = response.getData();
		// batch with returnAjaxResult: one AjaxResult per command.
		if (step.options?.returnAjaxResult) out.rows = data.map((row) => ({ isSuccess: row.isSuccess, data: row.getData()?.result, errors: errorList(row) }));
		else out.data = step.action === 'call' ? data?.result : data;
	} catch (error) {
		out.thrown = { code: error.code, status: error.status, message: String(error.message).slice(0, 300) };
	}
	out.ms = Date.now() - started;
	return out;
}

async function main() {
	const input = JSON.parse(fs.readFileSync(0, 'utf8'));
	const b24 = B24Hook.fromWebhookUrl(process.env.B24_WEBHOOK_URL, { restrictionParams: input.restrictionParams });
	const steps = [];
	for (const step of input.steps) steps.push(await runStep(b24, step));
	const { byMethod, lastErrors, ...stats } = b24.getHttpClient(ApiVersion.v2).getStats();
	process.stdout.write(`${JSON.stringify({ steps, stats })}\n`);
}

main().catch((error) => {
	process.stdout.write(`${JSON.stringify({ error: String(error.message || error).slice(0, 300) })}\n`);
	process.exit(1);
});
