'use strict';
/**
 * The editor's lists (issue 15): the resource locators' "From List" and the options loaded from
 * the portal, called as n8n's editor calls them (n8n-core's LoadOptionsContext) against the
 * sandbox. A list that cannot load fails with Bitrix24's error and its hint, never as an empty list.
 */
const { editorMethod } = require('../helpers/n8n');
const { useBitrix, seedPaySystem } = require('./fixtures');

const env = useBitrix();
const sb = () => env.sandbox;

/** A method of the node's `methods` (listSearch or loadOptions), run in an editor context. */
const callMethod = (kind, method, args = [], { credentials } = {}) =>
	editorMethod({ type: 'bitrix24PaySystem', version: 1.1, kind, method, args, credentials: (credentials ?? env.credentials()).bitrix24WebhookApi });
const search = (name, filter, options) => callMethod('listSearch', name, [filter], options);

test('pay systems: name, ID, handler and state, the search box narrows them; the value is the ID', async () => {
	seedPaySystem(sb(), { code: 'acmepay' });
	seedPaySystem(sb(), { code: 'otherpay', active: 'N' });
	sb().state.paySystems[1].NAME = 'Other Pay';
	const all = await search('searchPaySystems');
	expect(all.results).toEqual([
		{ name: 'Acme Pay (ID 1, acmepay)', value: '1' },
		{ name: 'Other Pay (ID 2, otherpay, inactive)', value: '2' },
	]);
	expect((await search('searchPaySystems', 'other')).results.map((r) => r.value)).toEqual(['2']);
});

test('handlers by ID and by code', async () => {
	seedPaySystem(sb(), { code: 'acmepay' });
	expect((await search('searchHandlers')).results).toEqual([{ name: 'Acme Pay (acmepay)', value: '1' }]);
	expect((await search('searchHandlerCodes')).results).toEqual([{ name: 'Acme Pay (acmepay)', value: 'acmepay' }]);
	expect(await callMethod('loadOptions', 'getHandlerCodes')).toEqual([{ name: 'Acme Pay (acmepay)', value: 'acmepay' }]);
	// The trigger's Handler Code picks from the same list.
	expect((await search('searchHandlerCodes', '', { type: 'bitrix24PaySystemTrigger' })).results).toEqual([{ name: 'Acme Pay (acmepay)', value: 'acmepay' }]);
});

test('payer types of orders from sale.persontype.list, page after page', async () => {
	for (let id = 10; id < 70; id++) sb().state.personTypes.push({ id, name: `Type ${id}`, registry: 'ORDER' });
	const { results } = await search('searchPersonTypes');
	expect(results).toHaveLength(62);
	expect(results[0]).toEqual({ name: 'Individual (ID 1)', value: '1' });
	// CRM invoice payer types (3, 4) and estimates (5) are not payer types of orders.
	expect(results.map((r) => r.value)).not.toContain('3');
	expect(sb().apiCalls('sale.persontype.list').map((c) => c.body.start)).toEqual([0, 50]);
	expect((await callMethod('loadOptions', 'getPersonTypes'))[1]).toEqual({ name: 'Company (ID 2)', value: 2 });
});

describe('a list that cannot load says why', () => {
	test('without the sale permission: insufficient_scope, naming the permission to tick', async () => {
		sb().webhooks[0].scopes = ['pay_system'];
		try {
			const error = await search('searchPersonTypes').catch((e) => e);
			expect(error.name).toBe('NodeApiError');
			expect(error.context.apiCode).toBe('insufficient_scope');
			expect(error.description).toMatch(/"Online store \(sale\)" permission/);
		} finally {
			sb().webhooks[0].scopes = ['pay_system', 'sale', 'crm'];
		}
	});

	test('a user who may not read the store: the sale module\'s numeric code, with a hint', async () => {
		sb().webhooks[0].saleRead = false;
		try {
			const error = await search('searchPersonTypes').catch((e) => e);
			expect(error.context.apiCode).toBe('200040300010');
			expect(error.description).toMatch(/Type ID by hand/);
		} finally {
			delete sb().webhooks[0].saleRead;
		}
	});

	test('no CRM administrator: ACCESS_DENIED with the rights hint, not an empty list', async () => {
		seedPaySystem(sb());
		sb().webhooks[0].admin = false;
		try {
			const error = await search('searchPaySystems').catch((e) => e);
			expect(error.context.apiCode).toBe('ACCESS_DENIED');
			expect(error.description).toMatch(/CRM administrator/);
		} finally {
			sb().webhooks[0].admin = true;
		}
	});
});

describe('a picked value runs, and so do the values of older workflows', () => {
	const pay = (paymentId, paySystemId) => ({ resource: 'payment', operation: 'pay', paymentId, paySystemId });
	test.each([
		['picked from the list', { __rl: true, mode: 'list', value: '1' }],
		['typed by ID', { __rl: true, mode: 'id', value: ' 1 ' }],
		['a number saved before the field was a picker', 1],
		['an expression', '={{ 1 }}'],
	])('Pay System %s', async (_, paySystemId) => {
		seedPaySystem(sb());
		sb().addPayment({ id: 7, paySystemId: 1 });
		const r = await env.run(pay('7', paySystemId));
		expect(r.error).toBeUndefined();
		expect(r.items).toEqual([{ success: true, paymentId: 7, paySystemId: 1 }]);
	});

	test('letters typed into a picker\'s ID are flagged by n8n before the run; from an expression, the node refuses them', async () => {
		const typed = await env.run(pay('7', { __rl: true, mode: 'id', value: 'abc' })).catch((e) => ({ error: e }));
		expect(typed.error.message).toMatch(/has issues/);
		const expression = await env.run(pay('7', { __rl: true, mode: 'id', value: '={{ "abc" }}' }));
		expect(expression.error.message).toBe('Pay System: must be a positive whole number, got "abc"');
		expect(sb().apiCalls()).toHaveLength(0);
	});

	test('a required ID left empty is flagged by n8n before the run (the required marker works)', async () => {
		const empty = await env.run(pay('', { __rl: true, mode: 'list', value: '' })).catch((e) => ({ error: e }));
		expect(empty.error.message).toMatch(/has issues/);
		expect(sb().apiCalls()).toHaveLength(0);
	});

	test('a handler code and a payer type picked for Pay System → Create', async () => {
		seedPaySystem(sb(), { code: 'acmepay' });
		const r = await env.run({
			resource: 'paySystem',
			operation: 'create',
			name: 'New',
			personTypeId: { __rl: true, mode: 'list', value: '2' },
			handlerCode: { __rl: true, mode: 'list', value: 'acmepay' },
			additionalFields: { entityRegistryType: 'ORDER' },
		});
		expect(r.error).toBeUndefined();
		expect(sb().apiCalls('sale.paysystem.add')[0].body).toMatchObject({ PERSON_TYPE_ID: 2, BX_REST_HANDLER: 'acmepay' });
	});
});
