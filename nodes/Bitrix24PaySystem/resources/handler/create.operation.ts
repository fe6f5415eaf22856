import type { IDataObject, IN8nHttpFullResponse, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asObject } from '../../../shared/json';
import type { AlreadyDone, ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { requiredText } from '../../../shared/validation';
import { differences, resultAsId, rowsOf } from '../../transport/output';
import { sortValue } from './fields';
import { activeModeKey, buildSettings } from './settings/build';
import { settingsEditorFields } from './settings/fields';

/** Handler → Create (sale.paysystem.handler.add). */

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

/** How a handler's mode or Action URI differs from the settings an item asks for, if it does. */
function modeDifference(found: IDataObject | undefined, asked: IDataObject | undefined) {
	const [foundKey, askedKey] = [activeModeKey(found), activeModeKey(asked)];
	if (!askedKey) return undefined;
	if (foundKey !== askedKey) {
		return `its mode is ${foundKey ?? 'none'}, this item asks for ${askedKey}`;
	}
	const uri = (s: IDataObject | undefined) => String(asObject(s?.[askedKey])?.ACTION_URI ?? '');
	return uri(found) === uri(asked)
		? undefined
		: `its Action URI is "${uri(found)}", this item asks for "${uri(asked)}"`;
}

/**
 * "Treat Already Done as Success": refused with ERROR_HANDLER_ALREADY_EXIST (an earlier run
 * registered this code), the create stands for the handler with that code, read back from
 * handler.list, when it has the name, mode and Action URI asked for.
 */
const handlerCreated: AlreadyDone = {
	refusal(failure, request) {
		if (failure.code !== 'ERROR_HANDLER_ALREADY_EXIST') return undefined;
		const body = asObject(request.body) ?? {};
		const find = (response: IN8nHttpFullResponse) =>
			rowsOf(response.body).find((r) => r.CODE === body.CODE);
		return {
			request: { method: 'POST', url: 'sale.paysystem.handler.list', body: {} },
			body(response) {
				const row = find(response);
				return row ? { result: Number(row.ID) } : undefined;
			},
			mismatch(response) {
				const row = find(response);
				if (!row) return undefined;
				const diff = [
					differences(row, { NAME: body.NAME }),
					modeDifference(asObject(row.SETTINGS), asObject(body.SETTINGS)),
				].filter(Boolean);
				return diff.length
					? `the existing handler ${String(row.ID)} with this Code differs (${diff.join('; ')}).`
					: undefined;
			},
		};
	},
};

export const spec: OperationSpec = {
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
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['handler'], operation: ['create'] } },
	[
		{
			displayName: 'Name',
			name: 'handlerName',
			type: 'string',
			default: '',
			required: true,
			description: "Name of the handler, shown to the portal's administrators (NAME)",
		},
		{
			displayName: 'Code',
			name: 'handlerCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acmepay_checkout',
			description:
				'A code of your choice, unique on the portal: pay systems refer to the handler by it ' +
				'(CODE; BX_REST_HANDLER of pay systems)',
		},
		{
			displayName: 'Settings',
			name: 'settingsInput',
			type: 'options',
			default: 'fields',
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			description: 'How to define the handler settings (SETTINGS)',
		},
		...settingsEditorFields,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'number',
					default: 100,
					description: 'Position among handlers; Bitrix24 uses 100 when not set (SORT)',
				},
			],
		},
	],
);
