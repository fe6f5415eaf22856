import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { requiredText } from '../../../shared/validation';
import { basketFields, totalOverride } from '../../fields/basket';
import { refundCreated } from '../../transport/alreadyDone';
import { dataItem } from '../../transport/output';
import { basketItems, totals } from '../../values/basket';
import { build, orderIdOf } from '../../values/request';
import { paidOrderIdField } from '../../fields/common';

/** Refund → Create (https://docs.invoicebox.ru/docs/merchant/refund/create/). */

export const spec: OperationSpec = {
	name: 'Create',
	value: 'create',
	action: 'Create a refund',
	description: 'Refund a paid order fully or in part (POST /billing/api/order/refund-order)',
	method: 'POST',
	url: '/billing/api/order/refund-order',
	kind: 'write',
	alreadyDone: refundCreated,
	build: build({
		body(this: ItemFunctions) {
			const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
			const items = basketItems(this);
			const body: IDataObject = {
				parentId: orderIdOf(this),
				merchantOrderId: requiredText(
					this,
					'Refund Merchant Order ID',
					this.getNodeParameter('merchantOrderId', ''),
				),
				description: requiredText(this, 'Description', this.getNodeParameter('description', '')),
				...totals(this, items, extra),
				basketItems: items,
			};
			if (!isBlank(extra.status)) body.status = extra.status;
			return body;
		},
	}),
	output: [dataItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['refund'], operation: ['create'] } },
	[
		paidOrderIdField,
		{
			displayName: 'Refund Merchant Order ID',
			name: 'merchantOrderId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Your own unique number for this refund; keep it stable when re-running the same ' +
				'refund. Invoicebox refuses a number used before only where it enforces uniqueness ' +
				'for your shop: turn on Treat Already Done as Success to look it up before ' +
				'refunding.',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			required: true,
		},
		...basketFields('The lines to refund (Get Refundable Items lists what is left)'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				totalOverride('amount', 'Refund'),
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 'created',
					options: [
						{ name: 'Created', value: 'created' },
						{ name: 'Draft (for a Fee or Penalty Correction)', value: 'draft' },
					],
					description:
						'Draft lets you add a correction order (Order → Create with Parent Order ID = ' +
						'this refund) before the refund is made',
				},
				totalOverride('vatAmount', 'Refund'),
			],
		},
	],
);
