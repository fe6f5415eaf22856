'use strict';
/**
 * The node's description after the per-operation layout (issue 16): fields are defined in each
 * operation's file, so what matters is that each operation shows exactly the fields it reads.
 * Every operation's fixture (the reliability catalogue has one per operation, from the operation
 * table) sets only fields that n8n shows for that resource and operation: a field defined for the
 * wrong operation would be dropped by n8n from a saved workflow, and its value silently lost.
 */
const { NodeHelpers } = require('n8n-workflow');
const { Bitrix24PaySystem } = require('../../dist/nodes/Bitrix24PaySystem/Bitrix24PaySystem.node');
const { OPERATIONS } = require('../reliability/catalogue');

const description = new Bitrix24PaySystem().description;
/** Node-wide options every operation may carry. */
const NODE_WIDE = new Set(['resource', 'operation', 'rateLimitHandling', 'treatAlreadyDoneAsSuccess']);

/** The top-level fields n8n keeps for these parameters (as the editor saves a workflow). */
function shown(parameters) {
	const node = { typeVersion: 1, parameters };
	const full = NodeHelpers.getNodeParameters(description.properties, parameters, true, true, node, description);
	return new Set(description.properties.filter((p) => NodeHelpers.displayParameter(full, p, node, description)).map((p) => p.name));
}

test.each(OPERATIONS.filter((op) => op.api === 'bitrix24').map((op) => [op.operation, op]))(
	'%s: every field its fixture sets is shown for it',
	(_, op) => {
		const parameters = typeof op.parameters === 'function' ? op.parameters({}) : op.parameters;
		const visible = shown(parameters);
		const ignored = Object.keys(parameters).filter((name) => !NODE_WIDE.has(name) && !visible.has(name));
		expect(ignored).toEqual([]);
	},
);

test('no field name has two types (a saved value must mean the same in every operation)', () => {
	const types = {};
	for (const p of description.properties) (types[p.name] ??= new Set()).add(p.type);
	const mixed = Object.fromEntries(Object.entries(types).filter(([, t]) => t.size > 1).map(([name, t]) => [name, [...t].sort()]));
	// Handler Code is the new code typed on Handler → Create, and an existing handler picked
	// elsewhere: a text either way (a locator's plain value is its code).
	expect(mixed).toEqual({ handlerCode: ['resourceLocator', 'string'] });
});

// ------------------------------------------------------------------ issue 15: the editor

const { api } = require('../../dist/nodes/Bitrix24PaySystem/operations');
const fs = require('node:fs');
const path = require('node:path');

/** The resource and operation n8n gives a node saved without them, at a node version. */
function opensOn(typeVersion) {
	const node = { typeVersion, parameters: {} };
	const values = NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description);
	return `${values.resource}.${values.operation}`;
}

test('the node opens on a read at its current version; version 1 keeps the defaults old workflows were saved with', () => {
	expect(description.defaultVersion).toBe(1.1);
	expect(opensOn(1.1)).toBe('paySystem.getAll');
	// A workflow saved at version 1 on Payment → Pay carries no resource or operation: it still pays.
	expect(opensOn(1)).toBe('payment.pay');
	const action = api.table.get('paySystem', 'getAll').action;
	expect(action).toBe('Get many pay systems');
	// What an AI Agent sees first when the node is added as a tool.
	expect(action).not.toBe('Mark a payment paid');
	const handler = (v) => NodeHelpers.getNodeParameters(description.properties, { resource: 'handler' }, true, false, { typeVersion: v, parameters: { resource: 'handler' } }, description).operation;
	expect([handler(1), handler(1.1)]).toEqual(['create', 'getAll']);
});

test('required IDs start empty (n8n marks them), and the ones the portal can list are pickers', () => {
	const byName = (name) => description.properties.filter((p) => p.name === name);
	for (const name of ['paySystemId', 'handlerId', 'personTypeId']) {
		for (const p of byName(name)) {
			expect(p).toMatchObject({ type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
			expect(p.modes.map((m) => m.name)).toEqual(['list', 'id']);
			expect(p.modes[1].validation[0].properties.regex).toBe('^\\s*[0-9]+\\s*$');
		}
	}
	for (const p of byName('handlerCode').filter((x) => x.type === 'resourceLocator')) {
		expect(p.modes.map((m) => m.name)).toEqual(['list', 'code']);
	}
	for (const name of ['paymentId', 'invoiceId']) {
		for (const p of byName(name)) expect(p).toMatchObject({ type: 'string', default: '', required: true });
	}
	expect(description.requestDefaults).toEqual({});
	expect(Object.keys(new Bitrix24PaySystem().methods.listSearch).sort()).toEqual(['searchHandlerCodes', 'searchHandlers', 'searchPaySystems', 'searchPersonTypes']);
});

test('no form shows two fields in a row with one label', () => {
	const repeated = [];
	for (const [resource, spec] of api.table.entries()) {
		const parameters = { resource, operation: spec.value };
		const node = { typeVersion: 1.1, parameters };
		const full = NodeHelpers.getNodeParameters(description.properties, parameters, true, true, node, description);
		const labels = description.properties.filter((p) => p.type !== 'notice' && NodeHelpers.displayParameter(full, p, node, description)).map((p) => p.displayName);
		labels.forEach((label, i) => i > 0 && label === labels[i - 1] && repeated.push(`${resource}.${spec.value}: ${label}`));
	}
	expect(repeated).toEqual([]);
});

test('field help says it in plain words first, the API name after', () => {
	const texts = [];
	const walk = (props) =>
		props.forEach((p) => {
			if (p.description) texts.push(`${p.name}: ${p.description}`);
			walk(p.options?.filter((o) => o.displayName) ?? []);
			(p.options ?? []).forEach((o) => o.values && walk(o.values));
		});
	walk(description.properties);
	expect(texts.filter((t) => /^\w+: [A-Z][A-Z_.]{2,}[:]/.test(t))).toEqual([]);
});

test('the canvas subtitle names the action in words', () => {
	expect(description.subtitle).not.toContain('+ ": " +');
	const map = JSON.parse(/\((\{.*\})\)/.exec(description.subtitle)[1]);
	expect(map['payment.pay']).toBe('Mark a payment paid');
	expect(map['paySystem.getAll']).toBe('Get many pay systems');
});

test('the nodes panel finds the nodes by what they do, and their docs links lead to this package\'s README', () => {
	const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
	// GitHub's anchors: lower case, punctuation dropped, spaces to hyphens.
	const anchors = new Set(readme.split('\n').filter((l) => /^#{2,4} /.test(l)).map((l) => l.replace(/^#+ /, '').toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
	const codex = (dir) => JSON.parse(fs.readFileSync(path.join(__dirname, `../../nodes/${dir}/${dir}.node.json`), 'utf8'));
	const base = 'https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#';
	for (const dir of ['Bitrix24PaySystem', 'Bitrix24PaySystemTrigger']) {
		const c = codex(dir);
		expect(c.alias).toEqual(expect.arrayContaining(['payment', 'billing', 'checkout']));
		for (const { url } of [...c.resources.primaryDocumentation, ...c.resources.credentialDocumentation]) {
			expect(url.startsWith(base)).toBe(true);
			expect(anchors.has(url.slice(base.length))).toBe(true);
		}
	}
	expect(codex('Bitrix24PaySystem').alias).toContain('invoice');
	const { Bitrix24WebhookApi } = require('../../dist/credentials/Bitrix24WebhookApi.credentials');
	const credentialUrl = new Bitrix24WebhookApi().documentationUrl;
	expect(anchors.has(credentialUrl.slice(base.length))).toBe(true);
});
