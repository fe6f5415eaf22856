'use strict';
/**
 * Every operation of every node, from the nodes' own operation tables (dist/nodes/<Node>/operations.js):
 * the suites that must cover every operation (reliability catalogue, fuzzing, re-runs) take their
 * list from here, so a new operation is covered by them, or fails them until it has its fixture.
 */
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../dist/nodes');

/** API name (as the sandboxes and fixtures call it) → node folder. */
const NODES = { bitrix24: 'Bitrix24PaySystem', invoicebox: 'Invoicebox', activeplatform: 'ActivePlatform' };

/** [{api, key: 'resource.operation', resource, operation, kind: 'read' | 'write', spec}] */
function operationsOf(api) {
	const { api: nodeApi } = require(path.join(DIST, NODES[api], 'operations.js'));
	return nodeApi.table.entries().map(([resource, spec]) => ({ api, key: `${resource}.${spec.value}`, resource, operation: spec.value, kind: spec.kind, spec }));
}

const ALL_OPERATIONS = Object.keys(NODES).flatMap(operationsOf);

/**
 * The fixtures of a suite, in table order, each with its operation's facts; throws naming the
 * operations that have none (and the fixtures of operations that no longer exist).
 */
function withFixtures(suite, fixtures, { only = () => true } = {}) {
	const wanted = ALL_OPERATIONS.filter(only);
	const missing = wanted.filter((op) => !fixtures[op.api]?.[op.key]).map((op) => `${op.api} ${op.key}`);
	const known = new Set(ALL_OPERATIONS.map((op) => `${op.api} ${op.key}`));
	const stale = Object.entries(fixtures).flatMap(([api, byKey]) => Object.keys(byKey).map((key) => `${api} ${key}`)).filter((k) => !known.has(k));
	if (missing.length || stale.length) {
		throw new Error(
			`${suite}: ${missing.length ? `no fixture for ${missing.join(', ')}` : ''}${missing.length && stale.length ? '; ' : ''}${stale.length ? `fixtures of unknown operations ${stale.join(', ')}` : ''}`,
		);
	}
	return wanted.map((op) => ({ ...fixtures[op.api][op.key], api: op.api, operation: op.key, read: op.kind === 'read', kind: op.kind }));
}

module.exports = { NODES, ALL_OPERATIONS, operationsOf, withFixtures };
