import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { invalid, requiredText, uuid } from '../../../shared/validation';
import { basketFields } from '../../fields/basket';
import { merchantIdField } from '../../fields/common';
import { customerFields } from '../../fields/customer';
import { orderCreated } from '../../transport/alreadyDone';
import { dataItem } from '../../transport/output';
import { basketItems, totals } from '../../values/basket';
import { customer } from '../../values/customer';
import { atomDate } from '../../values/dates';
import { build, locatorValue } from '../../values/request';
import { additionalFields, applyAdditionalFields } from './additionalFields';

/** Order → Create (https://docs.invoicebox.ru/docs/merchant/order/create/). */

const CURRENCIES = ['BYN', 'CNY', 'EUR', 'GBP', 'KZT', 'RUB', 'USD'];

export const spec: OperationSpec = {
	name: 'Create',
	value: 'create',
	action: 'Create an order',
	description: 'Create an order and get its payment link (POST /billing/api/order/order)',
	method: 'POST',
	url: '/billing/api/order/order',
	kind: 'write',
	alreadyDone: orderCreated,
	build: build({
		body(this: ItemFunctions) {
			const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
			const items = basketItems(this);
			const body: IDataObject = {
				merchantId: uuid(this, 'Shop', locatorValue(this, 'merchantId')),
				merchantOrderId: requiredText(
					this,
					'Merchant Order ID',
					this.getNodeParameter('merchantOrderId', ''),
				),
				description: requiredText(this, 'Description', this.getNodeParameter('description', '')),
				...totals(this, items, extra),
				currencyId: requiredText(
					this,
					'Currency',
					this.getNodeParameter('currencyId', 'RUB'),
				).toUpperCase(),
				expirationDate: atomDate(
					this,
					'Expiration Date',
					this.getNodeParameter('expirationDate', ''),
				),
				basketItems: items,
				customer: customer(this),
			};
			if (!/^[A-Z]{3}$/.test(body.currencyId as string)) {
				invalid(
					this,
					'Currency',
					`must be a three-letter ISO 4217 code such as RUB, got "${String(body.currencyId)}"`,
				);
			}
			applyAdditionalFields(this, extra, body);
			return body;
		},
	}),
	output: [dataItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	[
		merchantIdField,
		{
			displayName: 'Merchant Order ID',
			name: 'merchantOrderId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Your own order number. Invoicebox does not refuse a number used before unless it ' +
				'enforces uniqueness for your shop: turn on Treat Already Done as Success to look ' +
				'it up before creating.',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Currency',
			name: 'currencyId',
			type: 'options',
			default: 'RUB',
			options: CURRENCIES.map((value) => ({ name: value, value })),
			description: 'ISO 4217 code. Choose Expression for any other code the shop accepts.',
		},
		{
			displayName: 'Expiration Date',
			name: 'expirationDate',
			type: 'dateTime',
			default: '',
			required: true,
			description:
				"Until when the order can be paid. Without a time zone, the workflow's time zone is used.",
		},
		...basketFields('The lines of the order'),
		...customerFields(),
		additionalFields,
	],
);
