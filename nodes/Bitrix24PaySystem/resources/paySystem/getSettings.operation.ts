import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { nonNegativeInteger } from '../../../shared/validation';
import { resultAsItem } from '../../transport/output';
import { readId } from '../locators';
import { paySystemIdField } from './fields';

/**
 * Pay System → Get Settings (sale.paysystem.settings.get). The portal answers
 * `{CODE: {TYPE, VALUE}}` for every code of the handler, not the `{CODE: value}` the
 * documentation shows: the value saved for the payer type, else the code's DEFAULT, else nulls
 * (RestService::getSettings, BusinessValue::getMapping). No codes: `[]`, given as `{}`.
 */

export const spec: OperationSpec = {
	name: 'Get Settings',
	value: 'getSettings',
	action: 'Get the settings of a pay system',
	description:
		'Settings of a payment system: for each parameter code of its handler, where the value ' +
		'comes from and the value ({"CODE": {"TYPE", "VALUE"}}, sale.paysystem.settings.get)',
	method: 'POST',
	url: 'sale.paysystem.settings.get',
	kind: 'read',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		return {
			ID: readId(this, 'paySystemId', 'Pay System'),
			PERSON_TYPE_ID: nonNegativeInteger(
				this,
				'Person Type ID',
				this.getNodeParameter('settingsPersonTypeId', 0),
			),
		};
	}),
	output: [resultAsItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['getSettings'] } },
	[
		paySystemIdField,
		{
			displayName: 'Person Type ID',
			name: 'settingsPersonTypeId',
			type: 'number',
			default: 0,
			description:
				'The payer type whose settings to read (PERSON_TYPE_ID). Settings given on Create are ' +
				"saved for the pay system's payer type; 0 reads the common ones (Update Settings " +
				'without a Person Type ID). A code without a value shows its default.',
		},
	],
);
