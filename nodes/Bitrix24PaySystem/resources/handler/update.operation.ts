import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { invalid, requiredText } from '../../../shared/validation';
import { resultAsSuccess } from '../../transport/output';
import { readId } from '../locators';
import { refuseOrphaningCodeChange } from './codeChange';
import { handlerIdField, sortValue } from './fields';
import { buildSettings } from './settings/build';
import { settingsEditorFields } from './settings/fields';

/**
 * Handler → Update (sale.paysystem.handler.update). Bitrix24 updates the handler's row with
 * FIELDS as given: SETTINGS is replaced as a whole, and a new CODE is refused while pay systems
 * use the handler (see codeChange.ts).
 */

const update = jsonBody(function (this: ItemFunctions) {
	const id = readId(this, 'handlerId', 'Handler');
	const changes = this.getNodeParameter('updateFields', {}) as IDataObject;
	const fields: IDataObject = {};
	if (changes.code !== undefined) fields.CODE = requiredText(this, 'Code', changes.code);
	if (changes.name !== undefined) fields.NAME = requiredText(this, 'Name', changes.name);
	if (changes.sort !== undefined) fields.SORT = sortValue(this, changes.sort);
	const settings = buildSettings(this);
	if (settings) fields.SETTINGS = settings;
	if (!Object.keys(fields).length) {
		invalid(
			this,
			'Update Fields',
			'nothing to update',
			'Add a field to change, or choose to replace the settings.',
		);
	}
	return { ID: id, FIELDS: fields };
});

export const spec: OperationSpec = {
	name: 'Update',
	value: 'update',
	action: 'Update a payment handler',
	description: 'Change a REST payment handler (sale.paysystem.handler.update)',
	method: 'POST',
	url: 'sale.paysystem.handler.update',
	kind: 'write',
	batch: true,
	build: update,
	guard: refuseOrphaningCodeChange,
	output: [resultAsSuccess],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['handler'], operation: ['update'] } },
	[
		handlerIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Code',
					name: 'code',
					type: 'string',
					default: '',
					description:
						'New unique code. Refused while pay systems use the handler: Bitrix24 would leave ' +
						'them without a handler (create a handler with the new code and move them to it ' +
						'instead).',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Sort', name: 'sort', type: 'number', default: 100 },
			],
		},
		{
			displayName: 'Settings',
			name: 'settingsInput',
			type: 'options',
			default: 'keep',
			options: [
				{ name: 'Keep Current Settings', value: 'keep' },
				{ name: 'Replace Using Fields Below', value: 'fields' },
				{ name: 'Replace Using JSON', value: 'json' },
			],
			description:
				'Whether to send new handler settings (SETTINGS). Bitrix24 replaces them as a whole, so ' +
				'give the complete settings.',
		},
		...settingsEditorFields,
	],
);
