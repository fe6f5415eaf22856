import type { IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ApiFailure } from '../../../shared/errors';
import { asObject } from '../../../shared/json';
import type { Explanation, ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { invalid } from '../../../shared/validation';
import { resultAsSuccess, rowsOf } from '../../transport/output';
import { readId } from '../locators';
import { activeField, commonOptional, paySystemFields, paySystemIdField } from './fields';

/** Pay System → Update (sale.paysystem.update): only the fields the user changes are sent. */

const update = jsonBody(function (this: ItemFunctions) {
	const id = readId(this, 'paySystemId', 'Pay System');
	const fields: IDataObject = {};
	paySystemFields(this, this.getNodeParameter('updateFields', {}) as IDataObject, fields);
	if (!Object.keys(fields).length)
		invalid(this, 'Update Fields', 'nothing to update', 'Add a field to change.');
	return { ID: id, FIELDS: fields };
});

/**
 * sale.paysystem.update on older releases (the sale module's checkParamsBeforePaySystemUpdate in
 * mirrors of earlier versions, e.g. https://github.com/avshatalov48/bitrix-core-business/blob/
 * 03e3b576472bb2bcfe9241c2069f93e00c23f726/modules/sale/lib/paysystem/restservice.php) looks up
 * FIELDS.BX_REST_HANDLER and FIELDS.PERSON_TYPE_ID whether they are given or not, and refuses
 * before changing anything; current portals (cloud) check each only when given. The node sends
 * only what the user changed: sending Person Type ID every time would replace the pay system's
 * payer-type restriction on current portals. When an older portal refuses for a field the item
 * did not send, the node reads the pay system and says which values to add; it does not send the
 * change again by itself.
 */
function legacyUpdate(failure: ApiFailure, request: IHttpRequestOptions): Explanation | undefined {
	const body = asObject(request.body);
	const fields = asObject(body?.FIELDS) ?? {};
	const notSent =
		(failure.code === 'ERROR_HANDLER_NOT_FOUND' && fields.BX_REST_HANDLER === undefined) ||
		(failure.code === 'ERROR_PERSON_TYPE_NOT_FOUND' && fields.PERSON_TYPE_ID === undefined);
	if (!notSent) return undefined;
	return {
		request: {
			method: 'POST',
			url: 'sale.paysystem.list',
			body: { FILTER: { ID: body?.ID }, SELECT: ['ID', 'ACTION_FILE', 'PERSON_TYPE_ID'] },
		},
		apply(original, response) {
			const row = rowsOf(response.body).find((r) => String(r.ID) === String(body?.ID));
			if (!row) return original;
			return {
				...original,
				message:
					'This Bitrix24 portal needs Handler Code and Person Type ID in every pay system update',
				hint:
					`Nothing was changed. Older Bitrix24 releases refuse sale.paysystem.update without both. ` +
					`Add them to Update Fields with this pay system's current values, Handler Code ` +
					`"${String(row.ACTION_FILE)}" and Person Type ID ${String(row.PERSON_TYPE_ID)}, and run it ` +
					`again.`,
				extra: { handlerCode: String(row.ACTION_FILE), personTypeId: Number(row.PERSON_TYPE_ID) },
			};
		},
	};
}

export const spec: OperationSpec = {
	name: 'Update',
	value: 'update',
	action: 'Update a pay system',
	description: 'Change a payment system (sale.paysystem.update)',
	method: 'POST',
	url: 'sale.paysystem.update',
	kind: 'write',
	batch: true,
	build: update,
	output: [resultAsSuccess],
	explain: legacyUpdate,
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['update'] } },
	[
		paySystemIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				activeField,
				...commonOptional,
				{
					displayName: 'Handler Code Name or ID',
					name: 'handlerCode',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getHandlerCodes' },
					default: '',
					description:
						'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					hint:
						'The REST handler to use (BX_REST_HANDLER). Older self-hosted Bitrix24 releases need ' +
						'it (and the payer type) in every update.',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{
					displayName: 'Person Type Name or ID',
					name: 'personTypeId',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getPersonTypes' },
					default: '',
					description:
						'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					hint:
						"Who pays (PERSON_TYPE_ID). Bitrix24 also replaces the pay system's payer-type " +
						'restriction with this one type. The list shows payer types of orders (needs the ' +
						'"Online store (sale)" permission).',
				},
			],
		},
	],
);
