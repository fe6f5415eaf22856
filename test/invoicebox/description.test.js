'use strict';
/**
 * The node's description as n8n reads it. Each operation file places its own fields; n8n keeps
 * a parameter's value when the user switches operation, so a name must hold the same kind of
 * value wherever it is defined.
 */
const fs = require('node:fs');
const path = require('node:path');
const { dist } = require('./fixtures');

const { Invoicebox } = dist('nodes/Invoicebox/Invoicebox.node.js');
const description = new Invoicebox().description;
const RESOURCES = path.join(__dirname, '../../dist/nodes/Invoicebox/resources');

/** Every operation file: [resource, operation, its module]. */
const operationFiles = fs.readdirSync(RESOURCES).flatMap((resource) =>
	fs
		.readdirSync(path.join(RESOURCES, resource))
		.filter((file) => file.endsWith('.operation.js'))
		.map((file) => [resource, file.replace('.operation.js', ''), require(path.join(RESOURCES, resource, file))]),
);

test('one file per operation: every operation of the table has its file, named by its value', () => {
	const { api } = dist('nodes/Invoicebox/operations.js');
	const table = api.table.entries().map(([resource, spec]) => `${resource}.${spec.value}`).sort();
	expect(operationFiles.map(([resource, operation]) => `${resource}.${operation}`).sort()).toEqual(table);
	for (const [resource, operation, module] of operationFiles) expect(api.table.get(resource, operation)).toBe(module.spec);
});

test.each(operationFiles)('%s → %s: its fields are shown for that operation only', (resource, operation, module) => {
	expect(module.fields.length).toBeGreaterThan(0);
	for (const field of module.fields) {
		expect(field.displayOptions.show.resource).toEqual([resource]);
		expect(field.displayOptions.show.operation).toEqual([operation]);
		expect(description.properties).toContain(field);
	}
});

test('a parameter name holds the same kind of value in every operation that defines it', () => {
	const kinds = {};
	for (const p of description.properties) (kinds[p.name] ??= new Set()).add(p.type);
	const mixed = Object.entries(kinds).filter(([, types]) => types.size > 1);
	expect(mixed).toEqual([]);
});
