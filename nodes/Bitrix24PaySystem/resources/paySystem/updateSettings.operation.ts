import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { nonNegativeInteger } from '../../../shared/validation';
import { resultAsSuccess } from '../../transport/output';
import { readId } from '../locators';
import { paySystemIdField } from './fields';
import { settingsValues, settingsValuesFields } from './settings';

/**
 * Pay System → Update Settings (sale.paysystem.settings.update). Bitrix24 saves one value after
 * the other and answers `false` at the first it cannot save (the ones before stay saved): an
 * error RESULT_FALSE (see transport/interpret.ts).
 */

export const spec: OperationSpec = {
	name: 'Update Settings',
	value: 'updateSettings',
	action: 'Update the settings of a pay system',
	description:
		'Set the values of the handler parameters for a payment system ' +
		'(sale.paysystem.settings.update)',
	method: 'POST',
	url: 'sale.paysystem.settings.update',
	kind: 'write',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		const body: IDataObject = {
			ID: readId(this, 'paySystemId', 'Pay System'),
		};
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		if (extra.personTypeId !== undefined)
			body.PERSON_TYPE_ID = nonNegativeInteger(this, 'Person Type ID', extra.personTypeId);
		body.SETTINGS = settingsValues(this, true);
		return body;
	}),
	output: [resultAsSuccess],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['updateSettings'] } },
	[
		paySystemIdField,
		...settingsValuesFields,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Person Type ID',
					name: 'personTypeId',
					type: 'number',
					default: 0,
					description:
						'Set the values for this payer type only (PERSON_TYPE_ID); none: the common values',
				},
			],
		},
	],
);
