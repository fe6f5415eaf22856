import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { orderIdField } from '../../fields/common';
import { onlyRow } from '../../transport/output';
import { invoiceboxPager } from '../../transport/pager';
import { build, orderIdOf } from '../../values/request';

/**
 * Order → Get through the documented filter (https://docs.invoicebox.ru/docs/api/filters/), the
 * row checked again by its ID: a wrong ID is an error, not an empty result.
 */
export const spec: OperationSpec = {
	name: 'Get',
	value: 'get',
	action: 'Get an order',
	description: 'Get one order by its ID (GET /filter/api/order/order with an ID filter)',
	method: 'GET',
	url: '/filter/api/order/order',
	kind: 'read',
	pager: invoiceboxPager,
	build: build({
		qs(this: ItemFunctions) {
			return { id: orderIdOf(this) };
		},
	}),
	output: [onlyRow('order', 'orderId')],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['get'] } },
	[orderIdField()],
);
