import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationSpec } from '../../../shared/operations';
import { dataRows } from '../../transport/output';
import { build } from '../../values/request';
import { paidOrderIdField } from '../../fields/common';

/** Refund → Get Refundable Items (as the PHP SDK's findAvailableRefundBasketItems). */
export const spec: OperationSpec = {
	name: 'Get Refundable Items',
	value: 'getRefundableItems',
	action: 'Get the items of an order that can be refunded',
	description:
		'Basket lines of a paid order still available for refund (GET /billing/api/order/order/{uuid}/refund-basket-item)',
	method: 'GET',
	url: '/billing/api/order/order/{orderId}/refund-basket-item',
	kind: 'read',
	build: build({ orderId: true }),
	output: [dataRows],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['refund'], operation: ['getRefundableItems'] } },
	[paidOrderIdField],
);
