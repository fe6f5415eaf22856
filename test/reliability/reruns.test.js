'use strict';
/**
 * Re-runs: a user runs a workflow, one item fails after the API already made its change (the
 * connection dropped after processing), and the user runs the same workflow again over the same
 * items. Nothing may be paid, completed, created or refunded twice. The sandboxes count the
 * changes they made. With "Treat Already Done as Success" the second run finishes without
 * errors, each item already made by the first run marked `alreadyDone: true`; without it, the
 * API's refusals are errors but still nothing is made twice.
 *
 * Some creates have no key the API checks. Bitrix24 pay systems and Invoicebox shipments are
 * looked up first under the option when they carry the user's own key (External ID, Document
 * Number), and so are Invoicebox orders and refunds (Invoicebox checks their Merchant Order ID
 * only for shops where it enforces uniqueness); ActivePlatform top-up payments have none: a
 * re-run creates them again (the node cannot tell a repeat from a new one; the expected figure
 * says so).
 */
const { runNode } = require('../helpers/n8n');
const { resetLimiters } = require('../../dist/nodes/shared/limiter');
const { recordFigure } = require('../helpers/figures');
const { scanForSecrets } = require('../helpers/secrets');
const { APIS, OPERATIONS, parametersOf } = require('./catalogue');
const { withFixtures } = require('../helpers/operations');

const ITEMS = 3;
const total = (counts) => Object.values(counts).reduce((a, n) => a + n, 0);

/**
 * operation → changes the sandbox made, whether the option applies (the API refuses or answers a
 * repeat in a way the node recognises), and whether the API can protect it at all.
 */
const RERUNS = {
	bitrix24: {
		'payment.pay': { changes: (sb) => total(Object.fromEntries(Object.entries(sb.snapshot().paidTransitions).filter(([k]) => !k.startsWith('invoice')))), idempotent: true },
		'payment.payInvoice': { changes: (sb) => total(Object.fromEntries(Object.entries(sb.snapshot().paidTransitions).filter(([k]) => k.startsWith('invoice')))), idempotent: true },
		'handler.create': { changes: (sb) => sb.state.handlers.length, option: true },
		// Bitrix24 has no unique key for pay systems: the option's check looks for the External ID.
		'paySystem.create': { changes: (sb) => sb.state.paySystems.length - 1, option: true, repeatsWithoutOption: true, parameters: { additionalFields: { entityRegistryType: 'ORDER', xmlId: '={{ "PS-" + $json.name }}' } } },
	},
	invoicebox: {
		// Invoicebox does not refuse a repeated Merchant Order ID unless it enforces uniqueness for the
		// shop (not by default): the option's look-up is the protection.
		'order.create': { changes: (sb) => total(sb.snapshot().counts.create), option: true, repeatsWithoutOption: true },
		'order.cancel': { changes: (sb) => total(sb.snapshot().counts.cancel), option: true },
		'paymentConfirmation.pay': { changes: (sb) => total(sb.snapshot().counts.pay), option: true },
		'refund.create': { changes: (sb) => total(sb.snapshot().counts.refund), option: true, repeatsWithoutOption: true },
		// Shipments have no unique number at Invoicebox: the option's check looks for the Document Number.
		'shipment.create': { changes: (sb) => total(sb.snapshot().counts.shipment), option: true, repeatsWithoutOption: true, parameters: { additionalFields: { documentNumber: '={{ "WB-" + $json.id.slice(0, 8) }}' } } },
	},
	activeplatform: {
		'payment.complete': { changes: (sb) => sb.writes('complete').length, option: true },
		// Not refused by ActivePlatform (on a paid payment it records the amount again as a
		// correction): the node's status check, on by default, refuses the repeat before sending.
		'payment.completeByDocument': { changes: (sb) => sb.writes('completeByDocument').length, option: true },
		'payment.completeFromBalance': { changes: (sb) => sb.writes('completeFromBalance').length, option: true },
		'payment.cancel': { changes: (sb) => sb.writes('cancel').length, option: true },
		'payment.create': { changes: (sb) => sb.writes('create').length, unprotected: 'ActivePlatform top-up payments have no unique key' },
	},
};

// Every write that offers "Treat Already Done as Success" (a fact of its operation table) must have
// a re-run case here, or this file fails to load naming it; other writes may have one.
withFixtures('re-runs', RERUNS, { only: (op) => op.kind === 'write' && Boolean(op.spec.alreadyDone) });
const CASES = OPERATIONS.filter((op) => RERUNS[op.api]?.[op.operation]).map((op) => [`${op.api} ${op.operation}`, op, RERUNS[op.api][op.operation]]);

const envs = {};
beforeAll(async () => {
	for (const api of Object.keys(APIS)) envs[api] = await APIS[api].start();
});
afterAll(async () => {
	for (const env of Object.values(envs)) await env.sandbox.close();
});

describe.each(CASES)('%s', (_, op, rerun) => {
	async function firstRun(env, withOption) {
		env.reset();
		resetLimiters();
		const items = await op.setup(env, ITEMS);
		const parameters = { ...parametersOf(op, env), ...(rerun.parameters ?? {}), ...(withOption ? { treatAlreadyDoneAsSuccess: true } : {}) };
		const run = (opts) => runNode({ type: APIS[op.api].type, parameters, credentials: env.credentials(), items, ...opts });
		env.sandbox.clear();
		// The first run: the connection of one item drops after the API made its change.
		env.sandbox.faults.add({ match: { method: op.method }, drop: 'after' });
		const first = await run({ continueOnFail: true });
		expect(first.outputItems.filter((i) => i.error)).toHaveLength(1);
		expect(rerun.changes(env.sandbox)).toBe(ITEMS);
		return run;
	}

	test('run twice over the same items: nothing made twice', async () => {
		const env = envs[op.api];
		const run = await firstRun(env, Boolean(rerun.option));
		const second = await run({});
		const changes = rerun.changes(env.sandbox);
		const expected = rerun.unprotected ? 2 * ITEMS : ITEMS;
		expect(changes).toBe(expected);
		expect(scanForSecrets(`rerun ${op.api} ${op.operation}`, second, env.secrets)).toEqual([]);
		let outcome;
		if (rerun.option) {
			// The second run is green and says which items were already done: all of them.
			expect(second.error).toBeUndefined();
			expect(second.items).toHaveLength(ITEMS);
			expect(second.items.map((i) => i.alreadyDone)).toEqual(Array(ITEMS).fill(true));
			outcome = `green, ${ITEMS} items marked alreadyDone`;
		} else if (rerun.idempotent) {
			expect(second.error).toBeUndefined();
			expect(second.items).toHaveLength(ITEMS);
			outcome = 'green: the portal answers a repeat with success and changes nothing (not marked)';
		} else {
			expect(second.error).toBeUndefined();
			outcome = `created again: ${rerun.unprotected}`;
		}
		recordFigure('reruns', { api: op.api, operation: op.operation, items: ITEMS, accepted: changes, expected, second: outcome });
	});

	if (rerun.option) {
		test(rerun.repeatsWithoutOption ? 'without the option the API makes the change again (as documented)' : 'without the option the repeat is refused as an error, still nothing made twice', async () => {
			const env = envs[op.api];
			const run = await firstRun(env, false);
			const second = await run({ continueOnFail: true });
			const errors = second.outputItems.filter((i) => i.error);
			if (rerun.repeatsWithoutOption) {
				// The API's own behaviour (not refused): the only protection is the option's check.
				expect(errors).toHaveLength(0);
				expect(rerun.changes(env.sandbox)).toBe(2 * ITEMS);
				return;
			}
			expect(rerun.changes(env.sandbox)).toBe(ITEMS);
			// Invoicebox answers a repeated Pay with result alreadyPaid (success: false), not an error.
			if (op.operation === 'paymentConfirmation.pay') expect(second.items.map((i) => i.result)).toEqual(Array(ITEMS).fill('alreadyPaid'));
			else expect(errors).toHaveLength(ITEMS);
			for (const item of second.outputItems) expect(item.json.alreadyDone).toBeUndefined();
		});
	}
});

test('when the check the option asked for cannot be read, the write is not sent', async () => {
	const env = envs.activeplatform;
	env.reset();
	resetLimiters();
	const [payment] = await OPERATIONS.find((op) => op.api === 'activeplatform' && op.operation === 'payment.completeByDocument').setup(env, 1);
	env.sandbox.faults.add({ match: { method: 'payments.list' }, status: 500, raw: '', times: Infinity });
	const result = await runNode({
		type: 'activePlatform',
		parameters: { resource: 'payment', operation: 'completeByDocument', documentId: payment.document, paymentMethodId: 2, treatAlreadyDoneAsSuccess: true },
		credentials: env.credentials(),
	});
	expect(result.error.context.apiCode).toBe('INTERNAL_SERVER_ERROR');
	expect(env.sandbox.apiCalls('payments.completeByDocument')).toHaveLength(0);
	expect(env.sandbox.writes()).toHaveLength(0);
});
