'use strict';
/**
 * The suites that must cover every operation take the list from the nodes' operation tables
 * (test/helpers/operations.js): an operation without a fixture fails them, naming it. This file
 * proves that mechanism on a table with one operation more than the fixtures know.
 */
const { ALL_OPERATIONS, withFixtures } = require('../helpers/operations');
const { OPERATIONS } = require('./catalogue');

test('the reliability catalogue covers exactly the operations of the three nodes', () => {
	expect(OPERATIONS.map((op) => `${op.api} ${op.operation}`)).toEqual(ALL_OPERATIONS.map((op) => `${op.api} ${op.key}`));
	expect(ALL_OPERATIONS.length).toBeGreaterThanOrEqual(35);
	for (const op of OPERATIONS) expect(['read', 'write']).toContain(op.kind);
});

test('an operation without a fixture is named; so is a fixture of an operation that does not exist', () => {
	const [first, ...rest] = ALL_OPERATIONS;
	const fixtures = {};
	for (const op of rest) (fixtures[op.api] ??= {})[op.key] = {};
	expect(() => withFixtures('a suite', fixtures)).toThrow(`a suite: no fixture for ${first.api} ${first.key}`);
	(fixtures[first.api] ??= {})[first.key] = {};
	fixtures.bitrix24['payment.refund'] = {};
	expect(() => withFixtures('a suite', fixtures)).toThrow('a suite: fixtures of unknown operations bitrix24 payment.refund');
});
