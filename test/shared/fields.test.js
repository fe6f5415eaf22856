'use strict';
/**
 * A field set to `{{ $json.<name> }}` is read straight from the item (nodes/shared/item.ts):
 * it must give exactly what n8n's expression engine gives for the same field, for any item.
 * A test node reads the field both ways, through n8n-core's engine, over generated items.
 */
const fc = require('fast-check');
const { runNode } = require('../helpers/n8n');
const { itemFunctions } = require('../../dist/nodes/shared/item');

const probe = {
	description: {
		displayName: 'Field Probe',
		name: 'test.fieldProbe',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Field Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			{ displayName: 'Record', name: 'record', type: 'resourceLocator', default: { mode: 'id', value: '' }, modes: [{ displayName: 'By ID', name: 'id', type: 'string' }] },
		],
	},
	async execute() {
		return [
			this.getInputData().map((_, i) => {
				const name = this.getNode().parameters.record !== undefined ? 'record' : 'value';
				const options = name === 'record' ? { extractValue: true } : undefined;
				const ours = itemFunctions(this, i, {}).getNodeParameter(name, 'fallback', options);
				const n8n = this.getNodeParameter(name, i, 'fallback', options);
				return { json: { same: Object.is(ours, n8n) || JSON.stringify(ours) === JSON.stringify(n8n), ours: String(ours), n8n: String(n8n), oursType: typeof ours, n8nType: typeof n8n } };
			}),
		];
	},
};

const KEY = fc.constantFrom('id', 'paymentId', 'sum', '$x', '_y', 'missing');
const VALUE = fc.oneof(
	fc.string(),
	fc.integer(),
	fc.double({ noNaN: true }),
	fc.boolean(),
	fc.constant(null),
	fc.constant(''),
	fc.constant('  12  '),
	fc.array(fc.integer(), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

test('{{ $json.<name> }} read from the item equals n8n\'s evaluation, whatever the item holds', async () => {
	await fc.assert(
		fc.asyncProperty(KEY, fc.array(fc.dictionary(KEY, VALUE, { maxKeys: 4 }), { minLength: 1, maxLength: 5 }), fc.constantFrom('={{ $json.KEY }}', '={{$json.KEY}}', '={{ $json.KEY }} ', '=id {{ $json.KEY }}'), fc.boolean(), async (key, items, template, asRecord) => {
			const result = await runNode({
				type: 'test.fieldProbe',
				parameters: asRecord ? { record: template.replace('KEY', key) } : { value: template.replace('KEY', key) },
				credentials: {},
				items,
				extraNodeTypes: { 'test.fieldProbe': probe },
			});
			expect(result.error).toBeUndefined();
			for (const out of result.items) expect(out).toMatchObject({ same: true });
		}),
		{ numRuns: 60, seed: 20261201 },
	);
});
