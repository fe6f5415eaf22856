import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { resultAsSuccess } from '../../transport/output';
import { readId } from '../locators';
import { paySystemIdField } from './fields';

/** Pay System → Delete (sale.paysystem.delete). */

export const spec: OperationSpec = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a pay system',
	description: 'Delete a payment system (sale.paysystem.delete)',
	method: 'POST',
	url: 'sale.paysystem.delete',
	kind: 'write',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		return { ID: readId(this, 'paySystemId', 'Pay System') };
	}),
	output: [resultAsSuccess],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['paySystem'], operation: ['delete'] } },
	[paySystemIdField],
);
