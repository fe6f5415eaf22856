import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { jsonBody, resourceOperations } from '../../../shared/operations';
import { invalid, positiveId, requiredText } from '../../../shared/validation';
import {
	bitrixPager,
	handlerCreated,
	resultAsId,
	resultAsSuccess,
	splitResult,
} from '../../transport';
import { buildSettings, settingsProperties } from './settings';
import { refuseOrphaningCodeChange } from '../../codeChange';

/** Handler: REST payment handlers (sale.paysystem.handler.*). */

const show = (operations: string[]) => ({ show: { resource: ['handler'], operation: operations } });

function sortValue(ctx: ItemFunctions, value: unknown): number {
	const sort = Number(value);
	if (!Number.isInteger(sort)) invalid(ctx, 'Sort', 'must be a whole number');
	return sort;
}

const create = jsonBody(function (this: ItemFunctions) {
	const body: IDataObject = {
		NAME: requiredText(this, 'Name', this.getNodeParameter('handlerName', '')),
		CODE: requiredText(this, 'Code', this.getNodeParameter('handlerCode', '')),
	};
	const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
	if (extra.sort !== undefined) body.SORT = sortValue(this, extra.sort);
	body.SETTINGS = buildSettings(this);
	return body;
});

const update = jsonBody(function (this: ItemFunctions) {
	const id = positiveId(this, 'Handler ID', this.getNodeParameter('handlerId', ''));
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
	refuseOrphaningCodeChange(this);
	return { ID: id, FIELDS: fields };
});

const remove = jsonBody(function (this: ItemFunctions) {
	return { ID: positiveId(this, 'Handler ID', this.getNodeParameter('handlerId', '')) };
});

export const handlerOperations = resourceOperations('handler', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a payment handler',
		description: 'Register a REST payment handler (sale.paysystem.handler.add)',
		method: 'POST',
		url: 'sale.paysystem.handler.add',
		kind: 'write',
		batch: true,
		build: create,
		output: [resultAsId],
		alreadyDone: handlerCreated,
	},
	{
		name: 'Delete',
		value: 'delete',
		action: 'Delete a payment handler',
		description: 'Delete a REST payment handler (sale.paysystem.handler.delete)',
		method: 'POST',
		url: 'sale.paysystem.handler.delete',
		kind: 'write',
		batch: true,
		build: remove,
		output: [resultAsSuccess],
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many payment handlers',
		description: 'List the REST payment handlers (sale.paysystem.handler.list)',
		method: 'POST',
		url: 'sale.paysystem.handler.list',
		kind: 'read',
		batch: true,
		pager: bitrixPager,
		output: [splitResult],
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update a payment handler',
		description: 'Change a REST payment handler (sale.paysystem.handler.update)',
		method: 'POST',
		url: 'sale.paysystem.handler.update',
		kind: 'write',
		batch: true,
		build: update,
		output: [resultAsSuccess],
	},
]);

export const handlerFields: INodeProperties[] = [
	{
		displayName: 'Handler ID',
		name: 'handlerId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: show(['update', 'delete']),
		description: 'ID of the handler (from Create or Get Many)',
	},
	{
		displayName: 'Name',
		name: 'handlerName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show(['create']),
		description: 'NAME: name of the handler',
	},
	{
		displayName: 'Code',
		name: 'handlerCode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'acmepay_checkout',
		displayOptions: show(['create']),
		description:
			'CODE: unique code of the handler; pay systems refer to it as their Handler Code (BX_REST_HANDLER)',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['update']),
		options: [
			{
				displayName: 'Code',
				name: 'code',
				type: 'string',
				default: '',
				description:
					'New unique code. Refused while pay systems use the handler: Bitrix24 would leave them without a handler (create a handler with the new code and move them to it instead).',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Sort', name: 'sort', type: 'number', default: 100 },
		],
	},
	...settingsProperties,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [
			{
				displayName: 'Sort',
				name: 'sort',
				type: 'number',
				default: 100,
				description: 'SORT: position among handlers (Bitrix24 uses 100 when not set)',
			},
		],
	},
	// Return All and Limit: shared with Pay System (resources/shared.ts).
];
