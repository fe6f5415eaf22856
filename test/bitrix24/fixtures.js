'use strict';
const { startBitrix24Sandbox } = require('../../sandboxes/bitrix24');
const { runNode } = require('../helpers/n8n');
const { resetLimiters } = require('../../dist/nodes/shared/limiter');

/** A sandbox portal for a test file, with a credential pointing at it. */
async function bitrixSetup(options = {}) {
	const sandbox = await startBitrix24Sandbox({ rateLimit: null, ...options });
	const credentials = (extra = {}) => ({
		bitrix24WebhookApi: { secretWebhookUrl: sandbox.webhookUrl(), rateLimitPlan: 'off', ...extra },
	});
	// Each test starts with an empty portal and fresh limiters (they live for the whole process).
	const reset = (body) => {
		sandbox.reset(body);
		resetLimiters();
	};
	const run = (parameters, opts = {}) =>
		runNode({ type: 'bitrix24PaySystem', parameters, credentials: opts.credentials ?? credentials(), ...opts });
	return { sandbox, credentials, run, reset };
}

/**
 * Registers the usual hooks of a test file: a sandbox for the file, a clean portal (and fresh
 * limiters) before each test unless `resetEach` is false. Returns the env, filled in beforeAll.
 */
function useBitrix({ resetEach = true, ...options } = {}) {
	const env = {};
	beforeAll(async () => Object.assign(env, await bitrixSetup(options)));
	afterAll(async () => env.sandbox?.close());
	if (resetEach) beforeEach(() => env.reset());
	return env;
}

/** A Parameter Codes entry as the editor stores it. */
function codeEntry(code, name, sort, extra = {}) {
	return { code, name, sort, ...extra };
}

/** Creates a handler and a pay system through the sandbox state (test data, not under test). */
function seedPaySystem(sandbox, { code = 'acmepay', active = 'Y', personType = 1, registry = 'ORDER' } = {}) {
	const s = sandbox.state;
	const handlerId = s.nextHandlerId++;
	s.handlers.push({
		ID: String(handlerId),
		NAME: 'Acme Pay',
		CODE: code,
		SORT: '100',
		SETTINGS: {
			CHECKOUT_DATA: { ACTION_URI: 'https://example.com/pay', FIELDS: { shop: { CODE: 'ACME_SHOP_ID' } } },
			CODES: { ACME_SHOP_ID: { NAME: 'Shop ID' }, ACME_ORDER_NO: { NAME: 'Order number' } },
		},
	});
	const id = s.nextPaySystemId++;
	s.paySystems.push({
		ID: String(id),
		NAME: 'Acme Pay',
		PSA_NAME: 'Acme Pay',
		DESCRIPTION: '',
		XML_ID: '',
		PERSON_TYPE_ID: String(personType),
		ACTION_FILE: code,
		ACTIVE: active,
		ENTITY_REGISTRY_TYPE: registry,
		NEW_WINDOW: 'N',
		SORT: '100',
		settingsByPersonType: { 0: { ACME_SHOP_ID: { TYPE: 'VALUE', VALUE: 'shop-1' }, ACME_ORDER_NO: { TYPE: 'PAYMENT', VALUE: 'ACCOUNT_NUMBER' } } },
	});
	return { handlerId, paySystemId: id };
}

module.exports = { bitrixSetup, useBitrix, codeEntry, seedPaySystem };
