'use strict';
/**
 * The node in n8n's editor: the lists behind its resource locators (against the sandbox), the
 * values they give running as before, the defaults (a read first, required IDs empty), the
 * subtitle and the links. What the browser shows is the lead's browser test.
 */
const { NodeHelpers } = require('n8n-workflow');
const { useActivePlatform, PAYMENTS_TOKEN } = require('./fixtures');
const { editorMethod } = require('../helpers/n8n');
const { ActivePlatform } = require('../../dist/nodes/ActivePlatform/ActivePlatform.node.js');
const { ActivePlatformApi } = require('../../dist/credentials/ActivePlatformApi.credentials.js');
const { api } = require('../../dist/nodes/ActivePlatform/operations.js');
const codex = require('../../dist/nodes/ActivePlatform/ActivePlatform.node.json');

const env = useActivePlatform();
const description = new ActivePlatform().description;
const rl = (value, mode = 'list') => ({ __rl: true, mode, value });
const search = (method, { filter, paginationToken, parameters, credentials } = {}) =>
	editorMethod({ type: 'activePlatform', version: 1, method, args: [filter, paginationToken], parameters, credentials: env.credentials(credentials).activePlatformApi });

describe('Reseller list', () => {
	test("the credential's reseller first, then the resellers below it", async () => {
		const { results, paginationToken } = await search('searchResellers');
		expect(results).toEqual([
			{ name: 'Sandbox Operator (1)', value: '1' },
			{ name: 'Downstream Reseller (2)', value: '2' },
			{ name: 'Sub-Downstream Reseller (3)', value: '3' },
		]);
		expect(paginationToken).toBeUndefined();
		expect(env.sandbox.apiCalls().map((c) => [c.method, c.query.page ?? null])).toEqual([
			['resellers.children', { size: '100', number: '1' }],
			['resellers.get', null],
		]);
	});

	test('searched by name, domain or ID', async () => {
		expect((await search('searchResellers', { filter: 'sub' })).results.map((r) => r.value)).toEqual(['3']);
		expect((await search('searchResellers', { filter: 'downstream.example' })).results.map((r) => r.value)).toEqual(['2', '3']);
	});

	test("a role that may not read resellers: ActivePlatform's refusal and what to do, not an empty list", async () => {
		const error = await search('searchResellers', { credentials: { apiToken: PAYMENTS_TOKEN } }).catch((e) => e);
		expect(error.name).toBe('NodeApiError');
		expect(error.context).toMatchObject({ apiCode: 'FORBIDDEN', httpStatus: 403 });
		expect(error.description).toMatch(/Enter the reseller's ID \(By ID\)/);
		expect(error.message).not.toContain(PAYMENTS_TOKEN);
	});

	test('a wrong token fails the list with the token hint', async () => {
		const error = await search('searchResellers', { credentials: { apiToken: 'wrongTokenAbc123' } }).catch((e) => e);
		expect(error.context).toMatchObject({ apiCode: 'UNAUTHORIZED', httpStatus: 401 });
	});
});

describe('Payment lists', () => {
	const seed = () => {
		env.sandbox.addPayment({ id: 1, documentId: '002018', total: 120, comment: 'hosting', createdAt: '2024-06-01T10:00:00.000000+0300' });
		env.sandbox.addPayment({ id: 2, documentId: '002019', total: 45.5, status: 'completed', createdAt: '2024-06-02T10:00:00.000000+0300' });
		env.sandbox.addPayment({ id: 3, resellerId: 2, accountId: 7310, documentId: '7001', createdAt: '2024-06-03T10:00:00.000000+0300' });
	};

	test('newest first, each with its number, amount, status and comment; the value is the payment ID', async () => {
		seed();
		const { results } = await search('searchPayments');
		expect(results).toEqual([
			{ name: '002019 · 45.5 USD · completed', value: '2' },
			{ name: '002018 · 120.0 USD · waiting for payment · hosting', value: '1' },
		]);
		expect(env.sandbox.apiCalls('payments.list')[0].query).toEqual({ sort: '-created_at', page: { size: '100', number: '1' } });
	});

	test('searched by document number; for Complete by Document Number the value is the number', async () => {
		seed();
		expect((await search('searchPayments', { filter: '2018' })).results.map((r) => r.value)).toEqual(['1']);
		expect((await search('searchDocumentNumbers', { filter: '0020' })).results.map((r) => r.value)).toEqual(['002019', '002018']);
	});

	test("the node's Reseller is the one listed", async () => {
		seed();
		const { results } = await search('searchPayments', { parameters: { resellerId: rl('2') } });
		expect(results.map((r) => r.value)).toEqual(['3']);
		expect(env.sandbox.apiCalls('payments.list')[0].path).toBe('/api/v3/resellers/2/payments');
	});

	test('a search reads on until a page holds a match, and says where to go on', async () => {
		for (let i = 1; i <= 250; i++) env.sandbox.addPayment({ id: i, documentId: `D-${i}`, createdAt: `2024-01-01T00:00:00.${String(i).padStart(6, '0')}+0300` });
		// Newest first: D-250 … D-151 on page 1, D-150 … D-51 on page 2.
		const first = await search('searchPayments', { filter: 'D-99' });
		expect(first.results.map((r) => r.name.split(' ')[0])).toEqual(['D-99']);
		expect(first.paginationToken).toBe('3');
		const rest = await search('searchPayments', { filter: 'D-9', paginationToken: first.paginationToken });
		expect(rest.results.map((r) => r.name.split(' ')[0])).toEqual(['D-9']);
		// A page of exactly 50 rows may be an installation's capped page (see the pager): one more read ends it.
		expect(rest.paginationToken).toBe('4');
		expect(await search('searchPayments', { filter: 'D-9', paginationToken: '4' })).toEqual({ results: [] });
	});
});

describe('values from the lists run, and so do saved values of the former fields', () => {
	test('a picked payment, reseller and document number', async () => {
		env.sandbox.addPayment({ id: 10, resellerId: 2, accountId: 7310, documentId: '0042' });
		const got = await env.run({ operation: 'get', paymentId: rl('10'), resellerId: rl('2') });
		expect(got.items[0]).toMatchObject({ id: '10' });
		const done = await env.run({ operation: 'completeByDocument', documentId: rl('0042'), paymentMethodId: '4', resellerId: rl('2', 'id') });
		expect(done.items[0]).toMatchObject({ id: '10', status: 'completed' });
	});

	test("an empty Reseller, from the list or By ID, means the credential's default", async () => {
		env.sandbox.addPayment({ id: 11 });
		env.sandbox.addPayment({ id: 12 });
		expect((await env.run({ operation: 'cancel', paymentId: rl('11', 'id'), resellerId: rl('') })).items[0].status).toBe('cancelled');
		expect((await env.run({ operation: 'cancel', paymentId: rl('12', 'id'), resellerId: rl('', 'id') })).items[0].status).toBe('cancelled');
	});

	test('plain values saved before the locators, and numbers in the fields that became text', async () => {
		env.sandbox.addPayment({ id: 12, documentId: '0043' });
		const result = await env.run({ operation: 'complete', paymentId: '12', resellerId: '1', paymentMethodId: 4 });
		expect(result.items[0]).toMatchObject({ id: '12', status: 'completed', payment_method_id: 4 });
		const created = await env.run({ operation: 'create', accountId: 505, total: 5, comment: 'old workflow' });
		expect(env.sandbox.apiCalls('payments.create')[0].body.data.attributes.account_id).toBe(505);
		expect(created.error).toBeUndefined();
	});

	test('a required ID left empty is flagged before running', async () => {
		await expect(env.run({ operation: 'get' })).rejects.toThrow(/Parameter "Payment" is required/);
		await expect(env.run({ operation: 'complete', paymentId: rl('1', 'id') })).rejects.toThrow(/Parameter "Payment Method ID" is required/);
		expect(env.sandbox.apiCalls()).toHaveLength(0);
	});

	test('letters typed By ID are flagged in the editor before running', async () => {
		await expect(env.run({ operation: 'get', paymentId: rl('abc', 'id') })).rejects.toThrow(/A payment ID is a whole number such as 6475/);
		await expect(env.run({ operation: 'get', paymentId: rl('1', 'id'), resellerId: rl('two', 'id') })).rejects.toThrow(/A reseller ID is a whole number/);
		expect(env.sandbox.apiCalls()).toHaveLength(0);
	});

	test('letters from an expression are refused before sending, naming the field', async () => {
		const result = await env.run({ operation: 'get', paymentId: rl('={{ "abc" }}', 'id') });
		expect(result.error.message).toMatch(/^Payment ID: must be a positive whole number, got "abc"/);
		const reseller = await env.run({ operation: 'get', paymentId: rl('1', 'id'), resellerId: rl('={{ "two" }}', 'id') });
		expect(reseller.error.message).toMatch(/^Reseller ID: must be a positive whole number/);
		expect(env.sandbox.apiCalls()).toHaveLength(0);
	});
});

test('the routing road (n8n runs a node used as an AI Agent tool through RoutingNode): picked values and the status check', async () => {
	const node = new ActivePlatform();
	// The same node without customOperations: n8n-core then sends it through RoutingNode.
	const routingOnly = { description: { ...node.description, name: 'test.activePlatformRouting' }, methods: node.methods };
	const run = (parameters) => env.run(parameters, { type: 'test.activePlatformRouting', extraNodeTypes: { 'test.activePlatformRouting': routingOnly } });
	env.sandbox.addPayment({ id: 20, documentId: '0077' });
	expect((await run({ operation: 'get', paymentId: rl('20') })).items[0]).toMatchObject({ id: '20' });
	expect((await run({ operation: 'completeByDocument', documentId: rl('0077'), paymentMethodId: '2' })).items[0]).toMatchObject({ status: 'completed' });
	const again = await run({ operation: 'completeByDocument', documentId: rl('0077'), paymentMethodId: '2' });
	expect(again.error.context.apiCode).toBe('PAYMENT_NOT_COMPLETABLE');
	expect(env.sandbox.apiCalls('payments.completeByDocument')).toHaveLength(1);
});

describe('the description', () => {
	test('version 2 opens on a read (Payment → Get Many); a version-1 node keeps Complete, where n8n saved it without its operation', () => {
		const operations = description.properties.filter((p) => p.name === 'operation');
		const byVersion = (v) => operations.find((p) => p.displayOptions.show['@version'].includes(v));
		expect(description.defaultVersion).toBe(2);
		expect(byVersion(2).default).toBe('getAll');
		expect(byVersion(1).default).toBe('complete');
		expect(description.properties.find((p) => p.name === 'resource').default).toBe('payment');
	});

	test('required IDs start empty, so the editor marks them', () => {
		const byName = (name) => description.properties.filter((p) => p.name === name);
		for (const name of ['paymentId', 'documentId']) {
			expect(byName(name)).toEqual([expect.objectContaining({ type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } })]);
		}
		for (const name of ['paymentMethodId', 'accountId']) {
			expect(byName(name)).toEqual([expect.objectContaining({ type: 'string', required: true, default: '' })]);
		}
	});

	test('the subtitle says the operation in words ("complete by document: payment")', () => {
		const subtitle = description.subtitle.replace(/^=\{\{ | \}\}$/g, '');
		const render = (operation) => new Function('$parameter', `return ${subtitle}`)({ operation, resource: 'payment' });
		expect(render('completeByDocument')).toBe('complete by document: payment');
		expect(render('getAll')).toBe('get all: payment');
		for (const [, spec] of api.table.entries()) expect(render(spec.value)).not.toMatch(/[A-Z]/);
	});

	test('lists keep the routing road (AI Agent tool): requestDefaults is set next to methods', () => {
		expect(description.requestDefaults).toBeDefined();
		expect(Object.keys(new ActivePlatform().methods.listSearch).sort()).toEqual(['searchDocumentNumbers', 'searchPayments', 'searchResellers']);
	});

	test('no two fields in a row share a label, in any form', () => {
		for (const [resource, spec] of api.table.entries()) {
			const parameters = { resource, operation: spec.value };
			const node = { typeVersion: 1, parameters };
			const full = NodeHelpers.getNodeParameters(description.properties, parameters, true, true, node, description);
			const labels = description.properties.filter((p) => NodeHelpers.displayParameter(full, p, node, description)).map((p) => p.displayName);
			labels.forEach((label, i) => expect([spec.value, label]).not.toEqual([spec.value, labels[i + 1]]));
		}
	});

	test("the docs links go to this package's README sections", () => {
		const readme = require('node:fs').readFileSync(require.resolve('../../README.md'), 'utf8');
		const anchor = (heading) => `https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#${heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')}`;
		expect(codex.resources.primaryDocumentation[0].url).toBe(anchor('ActivePlatform'));
		expect(readme).toMatch(/^## ActivePlatform$/m);
		expect(new ActivePlatformApi().documentationUrl).toBe(anchor('Credential: ActivePlatform API'));
		expect(readme).toMatch(/^### Credential: ActivePlatform API$/m);
		expect(codex.alias).toEqual(expect.arrayContaining(['payment', 'billing', 'invoice']));
	});
});
