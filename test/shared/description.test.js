'use strict';
/**
 * Per-item cost of the node descriptions in n8n's declarative engine.
 *
 * For every input item, RoutingNode (n8n 2.41) resolves the value of EVERY top-level property of
 * a node's description under that property's name, shown or not, and does it twice (a second pass
 * checks the base URL's domain). A field defined N times (one definition per operation group)
 * makes a user's `{{ $json.paymentId }}` run 2N times per item in n8n's expression sandbox, at
 * about 0.6–0.9 ms each: `npm run bench` measured Bitrix24 PaySystem → Pay at 1.79× the time of
 * a minimal declarative node making the same call while Payment ID was defined twice and Pay
 * System ID four times. So a field that holds a per-item value is defined once per node, shown
 * for every operation that uses it; the few that stay duplicated are listed here with the reason.
 */
const path = require('node:path');

const pkg = require('../../package.json');

/** Types whose values a user fills per item (options, collections and notices are left out). */
const VALUE_TYPES = new Set(['string', 'number', 'json', 'dateTime', 'boolean', 'color', 'resourceLocator']);

/** Duplicated names that stay, per node, with the reason. */
const ALLOWED = {};

function descriptions() {
	return pkg.n8n.nodes.map((file) => {
		const module = require(path.join(__dirname, '../..', file));
		return new (Object.values(module)[0])().description;
	});
}

// Bitrix24 PaySystem and Invoicebox run every operation through their custom operations, which
// read only the fields an operation uses: their fields are defined per operation
// (resources/<resource>/<op>.operation.ts), and test/bitrix24/description.test.js and
// test/invoicebox/description.test.js check what matters now instead. ActivePlatform keeps one
// definition per field (the AI Agent tool road, n8n's routing engine, still resolves them all).
const ONE_DEFINITION = descriptions().filter(
	(d) => !d.webhooks && !d.polling && !['bitrix24PaySystem', 'invoicebox'].includes(d.name),
);

test.each(ONE_DEFINITION.map((d) => [d.name, d]))(
	'%s: every field that holds a per-item value is defined once (or is listed with its reason)',
	(name, description) => {
		const counts = {};
		for (const p of description.properties) {
			if (VALUE_TYPES.has(p.type)) counts[p.name] = (counts[p.name] || 0) + 1;
		}
		const duplicated = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 1));
		expect(duplicated).toEqual(ALLOWED[name] ?? {});
	},
);

test('Bitrix24 PaySystem: each form shows its fields in order (as n8n resolves them)', () => {
	const { NodeHelpers } = require('n8n-workflow');
	const bitrix = descriptions().find((d) => d.name === 'bitrix24PaySystem');
	// The fields n8n keeps for these parameters, in the order of the definitions that show them.
	const shown = (parameters) => {
		const node = { typeVersion: 1, parameters };
		const values = NodeHelpers.getNodeParameters(bitrix.properties, parameters, true, false, node, bitrix);
		const full = NodeHelpers.getNodeParameters(bitrix.properties, parameters, true, true, node, bitrix);
		return bitrix.properties
			.filter((p) => p.name in values && NodeHelpers.displayParameter(full, p, node, bitrix))
			.map((p) => p.name)
			.filter((n) => !['resource', 'operation', 'rateLimitHandling'].includes(n));
	};
	expect(shown({ resource: 'payment', operation: 'pay' })).toEqual(['paymentId', 'paySystemId', 'paymentSystemData']);
	expect(shown({ resource: 'payment', operation: 'payInvoice' })).toEqual(['invoiceId', 'identifyPaySystemBy', 'paySystemId']);
	expect(shown({ resource: 'payment', operation: 'payInvoice', identifyPaySystemBy: 'handlerCode' })).toEqual(['invoiceId', 'identifyPaySystemBy', 'handlerCode']);
	expect(shown({ resource: 'paySystem', operation: 'getInvoiceSettings', identifyPaySystemBy: 'handlerCode' })).toEqual(['invoiceId', 'identifyPaySystemBy', 'handlerCode']);
	expect(shown({ resource: 'paySystem', operation: 'getPaymentSettings' })).toEqual(['paymentId', 'paySystemId']);
	expect(shown({ resource: 'paySystem', operation: 'update' })).toEqual(['paySystemId', 'updateFields']);
	expect(shown({ resource: 'paySystem', operation: 'create' }).slice(0, 3)).toEqual(['name', 'personTypeId', 'handlerCode']);
	expect(shown({ resource: 'handler', operation: 'getAll' })).toEqual(['returnAll', 'limit']);
	expect(shown({ resource: 'paySystem', operation: 'getAll' })).toEqual(['returnAll', 'limit', 'options']);
});
