import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { orderIdField } from '../../fields/common';
import { orderCancelled } from '../../transport/alreadyDone';
import { dataItem } from '../../transport/output';
import { build } from '../../values/request';

/**
 * Order → Cancel (https://docs.invoicebox.ru/docs/merchant/order/delete/). Invoicebox's own client
 * warns of the same: cancelling an order paid with a guarantee instrument returns the money
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/tools/writes.ts,
 * cancel_order).
 */
export const spec: OperationSpec = {
	name: 'Cancel',
	value: 'cancel',
	action: 'Cancel an order',
	description:
		'Cancel an unpaid order. An order paid through Payment Confirmation and not shipped ' +
		'yet is cancelled with its payment returned to the payer (DELETE ' +
		'/billing/api/order/order/{uuid}).',
	method: 'DELETE',
	url: '/billing/api/order/order/{orderId}',
	kind: 'write',
	alreadyDone: orderCancelled,
	build: build({ orderId: true }),
	output: [dataItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['cancel'] } },
	[
		orderIdField(),
		{
			displayName:
				'An order paid through Payment Confirmation and not shipped yet is cancelled with ' +
				'its payment returned to the payer. Other paid orders cannot be cancelled: refund ' +
				'them (Refund → Create).',
			name: 'cancelNotice',
			type: 'notice',
			default: '',
		},
	],
);
