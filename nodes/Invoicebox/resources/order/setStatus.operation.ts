import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { describe, invalid } from '../../../shared/validation';
import { orderIdField } from '../../fields/common';
import { dataItem } from '../../transport/output';
import { build } from '../../values/request';

/**
 * Order → Set Status of a non-processable order (https://docs.invoicebox.ru/docs/merchant/order/status/).
 * `canceled` is the API's spelling in its answers (the doc's example writes `cancelled`).
 */
const STATUSES = [
	{ name: 'Canceled', value: 'canceled' },
	{ name: 'Completed (Paid)', value: 'completed' },
	{ name: 'Created (Waiting for Payment)', value: 'created' },
	{ name: 'Expired', value: 'expired' },
];

export const spec: OperationSpec = {
	name: 'Set Status',
	value: 'setStatus',
	action: 'Set the status of a non-processable order',
	description:
		'Set the status of an order created with Processable off (PUT /billing/api/order/{uuid}/status)',
	method: 'PUT',
	url: '/billing/api/order/{orderId}/status',
	kind: 'write',
	build: build({
		orderId: true,
		body(this: ItemFunctions) {
			const status = this.getNodeParameter('status', 'completed');
			const allowed = STATUSES.map((s) => s.value);
			if (typeof status !== 'string' || !allowed.includes(status)) {
				invalid(this, 'Status', `must be one of ${allowed.join(', ')}, got ${describe(status)}`);
			}
			return { status };
		},
	}),
	output: [dataItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['setStatus'] } },
	[
		orderIdField(),
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'completed',
			options: STATUSES,
			description: 'New status. Works only for orders with Processable off.',
		},
	],
);
