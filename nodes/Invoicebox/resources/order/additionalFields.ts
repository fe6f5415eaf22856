import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions } from '../../../shared/operations';
import { absoluteUrl, uuid } from '../../../shared/validation';
import { totalOverride } from '../../fields/basket';
import { LANGUAGE_OPTIONS } from '../../fields/common';
import { orderOptionFields, orderOptions } from './fields';

/** Order → Create: the optional settings of the order (https://docs.invoicebox.ru/docs/merchant/order/create/). */

export const additionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		totalOverride('amount', 'Order'),
		{
			displayName: 'Fail URL',
			name: 'failUrl',
			type: 'string',
			default: '',
			description: 'Where the buyer goes after a failed payment',
		},
		{
			displayName: 'Invoice Settings',
			name: 'invoiceSetting',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Invoice Settings',
			options: [
				{
					name: 'settings',
					displayName: 'Settings',
					values: [
						{
							displayName: 'Delivery Address',
							name: 'deliveryAddress',
							type: 'string',
							default: '',
						},
						{
							displayName: 'Lock Customer Fields',
							name: 'customerLocked',
							type: 'boolean',
							default: false,
							description: 'Whether the payer cannot change any customer field on the payment page',
						},
						{
							displayName: 'Lock Payment Method',
							name: 'paymentMethodIdLocked',
							type: 'boolean',
							default: false,
							description: 'Whether the payer cannot choose another payment method',
						},
						{
							displayName: 'Locked Customer Fields',
							name: 'customerLockedFields',
							type: 'multiOptions',
							default: [],
							options: [
								{ name: 'Email', value: 'email' },
								{ name: 'INN', value: 'vatNumber' },
								{ name: 'KPP', value: 'taxRegistrationReasonCode' },
								{ name: 'Name', value: 'name' },
								{ name: 'Phone', value: 'phone' },
								{ name: 'Registration Address', value: 'registrationAddress' },
								{ name: 'Type', value: 'type' },
							],
							description: 'Only these customer fields are locked on the payment page',
						},
						{
							displayName: 'Payment Method ID',
							name: 'paymentMethodId',
							type: 'number',
							default: 0,
							description: 'Payment method preselected on the payment page',
						},
					],
				},
			],
		},
		{
			displayName: 'Language',
			name: 'languageId',
			type: 'options',
			default: '',
			options: LANGUAGE_OPTIONS,
			description: 'Language of the payment page',
		},
		{
			displayName: 'Merchant Order ID Shown',
			name: 'merchantOrderIdVisible',
			type: 'string',
			default: '',
			description: 'Order number shown on the payment page (default: Merchant Order ID)',
		},
		...orderOptionFields,
		{
			displayName: 'Notification URL',
			name: 'notificationUrl',
			type: 'string',
			default: '',
			description:
				'Where Invoicebox sends status notifications for this order (default: the URL in the shop settings)',
		},
		{
			displayName: 'Order Container ID',
			name: 'orderContainerId',
			type: 'string',
			default: '',
			description: 'Add this order to an existing invoice (container)',
		},
		{
			displayName: 'Parent Order ID',
			name: 'parentId',
			type: 'string',
			default: '',
			description: 'Base order (or draft refund) this correction order belongs to',
		},
		{
			displayName: 'Processable',
			name: 'processable',
			type: 'boolean',
			default: true,
			description:
				'Whether Invoicebox processes the payment; non-processable orders get their status from Order → Set Status',
		},
		{
			displayName: 'Return URL',
			name: 'returnUrl',
			type: 'string',
			default: '',
			description: 'Where the "back to shop" link leads',
		},
		{
			displayName: 'Round Policy',
			name: 'roundPolicy',
			type: 'options',
			default: 'strict',
			options: [
				{ name: 'Ceil', value: 'ceil' },
				{ name: 'Floor', value: 'floor' },
				{ name: 'Half Down', value: 'halfDown' },
				{ name: 'Half Up', value: 'halfUp' },
				{ name: 'None (Quantity × Price ≤ Total)', value: 'none' },
				{ name: 'Strict (Exact Match)', value: 'strict' },
			],
			description: 'How strictly Invoicebox checks basket amounts (orderSetting.roundPolicy)',
		},
		{
			displayName: 'Success URL',
			name: 'successUrl',
			type: 'string',
			default: '',
			description: 'Where the buyer goes after paying',
		},
		{
			displayName: 'User Account ID',
			name: 'userAccountId',
			type: 'string',
			default: '',
			description: 'Loyalty programme account',
		},
		totalOverride('vatAmount', 'Order'),
	],
};

/** The Additional Fields into the body. */
export function applyAdditionalFields(ctx: ItemFunctions, extra: IDataObject, body: IDataObject) {
	orderOptions(ctx, extra, body);
	if (!isBlank(extra.merchantOrderIdVisible))
		body.merchantOrderIdVisible = String(extra.merchantOrderIdVisible).trim();
	if (!isBlank(extra.languageId)) body.languageId = extra.languageId;
	for (const [key, label] of [
		['notificationUrl', 'Notification URL'],
		['successUrl', 'Success URL'],
		['failUrl', 'Fail URL'],
		['returnUrl', 'Return URL'],
	]) {
		if (!isBlank(extra[key])) body[key] = absoluteUrl(ctx, label, extra[key]);
	}
	for (const [key, label] of [
		['parentId', 'Parent Order ID'],
		['orderContainerId', 'Order Container ID'],
	]) {
		if (!isBlank(extra[key])) body[key] = uuid(ctx, label, extra[key]);
	}
	if (!isBlank(extra.userAccountId)) body.userAccountId = String(extra.userAccountId).trim();
	if (extra.processable !== undefined) body.processable = extra.processable === true;
	if (!isBlank(extra.roundPolicy)) body.orderSetting = { roundPolicy: extra.roundPolicy };
	const invoice = (extra.invoiceSetting as IDataObject | undefined)?.settings as
		| IDataObject
		| undefined;
	if (invoice) {
		const setting: IDataObject = {};
		if (invoice.customerLocked !== undefined)
			setting.customerLocked = invoice.customerLocked === true;
		const locked = invoice.customerLockedFields as string[] | undefined;
		if (locked?.length) setting.customerLockedFields = locked;
		if (invoice.paymentMethodIdLocked !== undefined)
			setting.paymentMethodIdLocked = invoice.paymentMethodIdLocked === true;
		if (!isBlank(invoice.paymentMethodId) && Number(invoice.paymentMethodId) > 0)
			setting.paymentMethodId = Number(invoice.paymentMethodId);
		if (!isBlank(invoice.deliveryAddress))
			setting.deliveryAddress = String(invoice.deliveryAddress).trim();
		if (Object.keys(setting).length) body.invoiceSetting = setting;
	}
}
