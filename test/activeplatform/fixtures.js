'use strict';
const { startActivePlatformSandbox } = require('../../sandboxes/activeplatform');
const { runNode } = require('../helpers/n8n');
const { resetLimiters } = require('../../dist/nodes/shared/limiter');

/** The token of the documented example (seed 004): the sandbox's reseller 1 manager. */
const TOKEN = 'vY5fwetestK3gJXZH5uHCw';
const DOWNSTREAM_TOKEN = 'downstreamTokenR2x9Qa';
const READ_ONLY_TOKEN = 'readOnlyTokenZ7pLm2';
/** A payments manager: may read and change payments, may not read resellers. */
const PAYMENTS_TOKEN = 'paymentsOnlyTokenM5r8Kd';

/** A sandbox installation for a test file, with a credential pointing at it. */
async function activePlatformSetup(options = {}) {
	const sandbox = await startActivePlatformSandbox(options);
	const credentials = (extra = {}) => ({
		activePlatformApi: { baseUrl: sandbox.url, apiToken: TOKEN, resellerId: '1', requestsPerMinute: 0, ...extra },
	});
	const run = (parameters, opts = {}) =>
		runNode({
			type: 'activePlatform',
			parameters: { resource: 'payment', ...parameters },
			credentials: opts.credentials ?? credentials(),
			...opts,
		});
	return { sandbox, credentials, run };
}

/**
 * Registers the usual hooks of a test file: one sandbox for the file, reset (rate limit off)
 * before each test together with the process-wide limiters (what one test taught them about the
 * pace must not slow the next), closed at the end. Returns the setup, filled in once beforeAll
 * has run.
 */
function useActivePlatform(options = {}) {
	const env = {};
	beforeAll(async () => {
		Object.assign(env, await activePlatformSetup(options));
	});
	afterAll(async () => env.sandbox?.close());
	beforeEach(() => {
		env.sandbox.reset({ rateLimit: null });
		resetLimiters();
	});
	return env;
}

/** Everything a run left behind that a user (or a log) could see, as one string. */
function visible(result) {
	const parts = [JSON.stringify(result.items)];
	const error = result.error;
	if (error) {
		parts.push(error.message, error.description ?? '', JSON.stringify(error.context ?? {}), JSON.stringify(error.errorResponse ?? {}));
		try {
			parts.push(JSON.stringify(error));
		} catch {
			// circular structures: the fields above suffice
		}
	}
	for (const item of result.outputItems ?? []) if (item.error) parts.push(item.error.message, item.error.description ?? '');
	try {
		parts.push(JSON.stringify(result.taskData ?? {}));
	} catch {
		// idem
	}
	return parts.join('\n');
}

module.exports = { activePlatformSetup, useActivePlatform, visible, TOKEN, DOWNSTREAM_TOKEN, READ_ONLY_TOKEN, PAYMENTS_TOKEN };
