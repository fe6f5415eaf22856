import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { finiteNumber, invalid } from '../../../shared/validation';
import { basketFields } from '../../fields/basket';
import { orderIdField } from '../../fields/common';
import { customerFields } from '../../fields/customer';
import { dataItem } from '../../transport/output';
import { basketItems, money, totals } from '../../values/basket';
import { customer } from '../../values/customer';
import { build } from '../../values/request';
import { orderOptionFields, orderOptions } from './fields';

/** Order → Update: an unpaid order (PUT /billing/api/order/order/{id}, as the PHP SDK's updateOrder). */

export const spec: OperationSpec = {
	name: 'Update',
	value: 'update',
	action: 'Update an order',
	description: 'Change an unpaid order (PUT /billing/api/order/order/{uuid})',
	method: 'PUT',
	url: '/billing/api/order/order/{orderId}',
	kind: 'write',
	build: build({
		orderId: true,
		body(this: ItemFunctions) {
			const fields = this.getNodeParameter('updateFields', {}) as IDataObject;
			const body: IDataObject = {};
			orderOptions(this, fields, body);
			if (this.getNodeParameter('replaceBasket', false) as boolean) {
				const items = basketItems(this);
				body.basketItems = items;
				Object.assign(body, totals(this, items, fields));
			} else {
				if (!isBlank(fields.amount))
					body.amount = money(finiteNumber(this, 'Update Fields → Amount', fields.amount));
				if (!isBlank(fields.vatAmount))
					body.vatAmount = money(
						finiteNumber(this, 'Update Fields → VAT Amount', fields.vatAmount),
					);
			}
			if (this.getNodeParameter('replaceCustomer', false) as boolean)
				body.customer = customer(this);
			if (!Object.keys(body).length) {
				invalid(
					this,
					'Update Fields',
					'nothing to update',
					'Add a field to change, or turn on Replace Basket or Replace Customer.',
				);
			}
			return body;
		},
	}),
	output: [dataItem],
};

const amount = (displayName: string, name: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	default: 0,
	typeOptions: { numberPrecision: 2 },
});

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['update'] } },
	[
		orderIdField(),
		{
			displayName: 'Replace Basket',
			name: 'replaceBasket',
			type: 'boolean',
			default: false,
			description:
				'Whether to send a new basket (Amount and VAT Amount follow it unless set in Update Fields)',
		},
		...updateDisplayOptions(
			{ show: { replaceBasket: [true] } },
			basketFields('The new lines of the order'),
		),
		{
			displayName: 'Replace Customer',
			name: 'replaceCustomer',
			type: 'boolean',
			default: false,
		},
		...updateDisplayOptions({ show: { replaceCustomer: [true] } }, customerFields()),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				amount('Amount', 'amount'),
				{ displayName: 'Description', name: 'description', type: 'string', default: '' },
				{ displayName: 'Expiration Date', name: 'expirationDate', type: 'dateTime', default: '' },
				...orderOptionFields,
				amount('VAT Amount', 'vatAmount'),
			],
		},
	],
);
