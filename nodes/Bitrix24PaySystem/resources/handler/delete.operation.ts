import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { resultAsSuccess } from '../../transport/output';
import { readId } from '../locators';
import { handlerIdField } from './fields';

/** Handler → Delete (sale.paysystem.handler.delete): refused while pay systems use the handler. */

export const spec: OperationSpec = {
	name: 'Delete',
	value: 'delete',
	action: 'Delete a payment handler',
	description: 'Delete a REST payment handler (sale.paysystem.handler.delete)',
	method: 'POST',
	url: 'sale.paysystem.handler.delete',
	kind: 'write',
	batch: true,
	build: jsonBody(function (this: ItemFunctions) {
		return { ID: readId(this, 'handlerId', 'Handler') };
	}),
	output: [resultAsSuccess],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['handler'], operation: ['delete'] } },
	[handlerIdField],
);
