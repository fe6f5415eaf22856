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
	expect(Object.entries(types).filter(([, t]) => t.size > 1)).toEqual([]);
});
