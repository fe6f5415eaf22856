import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

import { resourceOperations } from '../../../shared/operations';
import {
	absoluteUrl,
	describe,
	finiteNumber,
	invalid,
	jsonObject,
	requiredText,
	uuid,
} from '../../../shared/validation';
import {
	basketFields,
	build,
	commonFilters,
	customerFields,
	dateRange,
	LANGUAGE_OPTIONS,
	listingFields,
	listingQuery,
	orderIdField,
	totalOverride,
} from '../../fields';
import { orderCancelled, orderCreated } from '../../alreadyDone';
import { invoiceboxPager } from '../../pager';
import { dataItem, dataRows, onlyRow } from '../../transport';
import { isBlank } from '../../../shared/json';
import { atomDate, basketItems, customer, money, totals } from '../../values';

/** Order: invoices to pay (docs/merchant/order/*). */

const show = (operations: string[]) => ({ resource: ['order'], operation: operations });

const ORDER_STATUSES = [
	{ name: 'Canceled', value: 'canceled' },
	{ name: 'Completed (Paid)', value: 'completed' },
	{ name: 'Created (Waiting for Payment)', value: 'created' },
	{ name: 'Draft', value: 'draft' },
	{ name: 'Expired', value: 'expired' },
	{ name: 'Hold', value: 'hold' },
];

/** The statuses Set Status can give (docs/merchant/order/status.md). */
const SET_STATUSES = ['canceled', 'completed', 'created', 'expired'];

const CURRENCIES = ['BYN', 'CNY', 'EUR', 'GBP', 'KZT', 'RUB', 'USD'];

/** Optional order fields shared by create (Additional Fields) and update (Update Fields). */
function orderOptions(ctx: ItemFunctions, values: IDataObject, body: IDataObject) {
	if (!isBlank(values.description))
		body.description = requiredText(ctx, 'Description', values.description);
	if (!isBlank(values.expirationDate))
		body.expirationDate = atomDate(ctx, 'Expiration Date', values.expirationDate);
	if (!isBlank(values.metaData))
		body.metaData = jsonObject(ctx, 'Metadata (JSON)', values.metaData);
	if (!isBlank(values.shopId)) body.shopId = String(values.shopId).trim();
}

const create = build({
	body(this: ItemFunctions) {
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		const items = basketItems(this);
		const body: IDataObject = {
			merchantId: uuid(this, 'Merchant ID', this.getNodeParameter('merchantId', '')),
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
		orderOptions(this, extra, body);
		if (!isBlank(extra.merchantOrderIdVisible))
			body.merchantOrderIdVisible = String(extra.merchantOrderIdVisible).trim();
		if (!isBlank(extra.languageId)) body.languageId = extra.languageId;
		for (const [key, label] of [
			['notificationUrl', 'Notification URL'],
			['successUrl', 'Success URL'],
			['failUrl', 'Fail URL'],
			['returnUrl', 'Return URL'],
		]) {
			if (!isBlank(extra[key])) body[key] = absoluteUrl(this, label, extra[key]);
		}
		for (const [key, label] of [
			['parentId', 'Parent Order ID'],
			['orderContainerId', 'Order Container ID'],
		]) {
			if (!isBlank(extra[key])) body[key] = uuid(this, label, extra[key]);
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
		return body;
	},
});

const update = build({
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
				body.vatAmount = money(finiteNumber(this, 'Update Fields → VAT Amount', fields.vatAmount));
		}
		if (this.getNodeParameter('replaceCustomer', false) as boolean) body.customer = customer(this);
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
});

const byId = build({ orderId: true });

const get = build({
	qs(this: ItemFunctions) {
		return { id: uuid(this, 'Order ID', this.getNodeParameter('orderId', '')) };
	},
});

const setStatus = build({
	orderId: true,
	body(this: ItemFunctions) {
		const status = this.getNodeParameter('status', 'completed');
		if (typeof status !== 'string' || !SET_STATUSES.includes(status)) {
			invalid(this, 'Status', `must be one of ${SET_STATUSES.join(', ')}, got ${describe(status)}`);
		}
		return { status };
	},
});

const getAll = build({
	qs(this: ItemFunctions) {
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const qs: IDataObject = {};
		commonFilters(this, qs, filters);
		dateRange(this, qs, 'paidAt', 'Paid', filters.paidAfter, filters.paidBefore);
		dateRange(this, qs, 'expirationDate', 'Expires', filters.expiresAfter, filters.expiresBefore);
		listingQuery(this, this.getNodeParameter('options', {}) as IDataObject, qs);
		return qs;
	},
});

export const orderOperations = resourceOperations('order', 'create', [
	{
		name: 'Cancel',
		value: 'cancel',
		action: 'Cancel an order',
		// Invoicebox's own client warns of the same (writes.ts, cancel_order); docs/merchant/order/delete.
		description:
			'Cancel an unpaid order. An order paid through Payment Confirmation and not shipped yet is cancelled with its payment returned to the payer (DELETE /billing/api/order/order/{uuid}).',
		method: 'DELETE',
		url: '/billing/api/order/order/{orderId}',
		kind: 'write',
		alreadyDone: orderCancelled,
		build: byId,
		output: [dataItem],
	},
	{
		name: 'Create',
		value: 'create',
		action: 'Create an order',
		description: 'Create an order and get its payment link (POST /billing/api/order/order)',
		method: 'POST',
		url: '/billing/api/order/order',
		kind: 'write',
		alreadyDone: orderCreated,
		build: create,
		output: [dataItem],
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get an order',
		description: 'Get one order by its ID (GET /filter/api/order/order with an ID filter)',
		method: 'GET',
		url: '/filter/api/order/order',
		kind: 'read',
		pager: invoiceboxPager,
		build: get,
		output: [onlyRow('order', 'orderId')],
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many orders',
		description: 'List orders with filters and sorting (GET /filter/api/order/order)',
		method: 'GET',
		url: '/filter/api/order/order',
		kind: 'read',
		pager: invoiceboxPager,
		build: getAll,
		output: [dataRows],
	},
	{
		name: 'Set Status',
		value: 'setStatus',
		action: 'Set the status of a non processable order',
		description:
			'Set the status of an order created with Processable off (PUT /billing/api/order/{uuid}/status)',
		method: 'PUT',
		url: '/billing/api/order/{orderId}/status',
		kind: 'write',
		build: setStatus,
		output: [dataItem],
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update an order',
		description: 'Change an unpaid order (PUT /billing/api/order/order/{uuid})',
		method: 'PUT',
		url: '/billing/api/order/order/{orderId}',
		kind: 'write',
		build: update,
		output: [dataItem],
	},
]);

const commonOptional: INodeProperties[] = [
	{
		displayName: 'Metadata (JSON)',
		name: 'metaData',
		type: 'json',
		default: '{}',
		description:
			'Extra order data (schema.org style, for example {"@type": "LodgingReservation", ...})',
	},
	{
		displayName: 'Shop ID',
		name: 'shopId',
		type: 'string',
		default: '',
		description: 'Linked shop or marketplace ID',
	},
];

export const orderFields: INodeProperties[] = [
	// One definition for Order and Payment Confirmation (n8n evaluates every definition of a
	// name for every item: see Bitrix24PaySystem/resources/shared.ts).
	orderIdField({
		resource: ['order', 'paymentConfirmation'],
		operation: ['get', 'update', 'cancel', 'setStatus', 'validate', 'sendCode', 'pay'],
	}),
	{
		displayName: 'Merchant ID',
		name: 'merchantId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ffffffff-ffff-ffff-ffff-ffffffffffff',
		displayOptions: { show: show(['create']) },
		description: 'ID of your Invoicebox shop (a UUID, in the cabinet)',
	},
	{
		displayName: 'Merchant Order ID',
		name: 'merchantOrderId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['create']) },
		description:
			'Your own order number; keep it unique per order so that an order cannot be created twice',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['create']) },
	},
	{
		displayName: 'Currency',
		name: 'currencyId',
		type: 'options',
		default: 'RUB',
		displayOptions: { show: show(['create']) },
		options: CURRENCIES.map((value) => ({ name: value, value })),
		description: 'ISO 4217 code. Choose Expression for any other code the shop accepts.',
	},
	{
		displayName: 'Expiration Date',
		name: 'expirationDate',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: { show: show(['create']) },
		description:
			"Until when the order can be paid. Without a time zone, the workflow's time zone is used.",
	},
	...basketFields(show(['create']), 'The lines of the order'),
	...customerFields(show(['create'])),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['create']) },
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
								description:
									'Whether the payer cannot change any customer field on the payment page',
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
			...commonOptional,
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
	},
	{
		displayName: 'Replace Basket',
		name: 'replaceBasket',
		type: 'boolean',
		default: false,
		displayOptions: { show: show(['update']) },
		description:
			'Whether to send a new basket (Amount and VAT Amount follow it unless set in Update Fields)',
	},
	...basketFields({ ...show(['update']), replaceBasket: [true] }, 'The new lines of the order'),
	{
		displayName: 'Replace Customer',
		name: 'replaceCustomer',
		type: 'boolean',
		default: false,
		displayOptions: { show: show(['update']) },
	},
	...customerFields({ ...show(['update']), replaceCustomer: [true] }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['update']) },
		options: [
			{
				displayName: 'Amount',
				name: 'amount',
				type: 'number',
				default: 0,
				typeOptions: { numberPrecision: 2 },
			},
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Expiration Date', name: 'expirationDate', type: 'dateTime', default: '' },
			...commonOptional,
			{
				displayName: 'VAT Amount',
				name: 'vatAmount',
				type: 'number',
				default: 0,
				typeOptions: { numberPrecision: 2 },
			},
		],
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'completed',
		displayOptions: { show: show(['setStatus']) },
		options: [
			{ name: 'Canceled', value: 'canceled' },
			{ name: 'Completed (Paid)', value: 'completed' },
			{ name: 'Created (Waiting for Payment)', value: 'created' },
			{ name: 'Expired', value: 'expired' },
		],
		description: 'New status. Works only for orders with Processable off.',
	},
	...listingFields(
		show(['getAll']),
		[
			{ displayName: 'Expires After', name: 'expiresAfter', type: 'dateTime', default: '' },
			{ displayName: 'Expires Before', name: 'expiresBefore', type: 'dateTime', default: '' },
			{
				displayName: 'Merchant ID',
				name: 'merchantId',
				type: 'string',
				default: '',
				description: 'Only orders of this shop',
			},
			{
				displayName: 'Merchant Order ID',
				name: 'merchantOrderId',
				type: 'string',
				default: '',
				description: 'Your own order number',
			},
			{ displayName: 'Paid After', name: 'paidAfter', type: 'dateTime', default: '' },
			{ displayName: 'Paid Before', name: 'paidBefore', type: 'dateTime', default: '' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: ORDER_STATUSES,
			},
		],
		[
			{ name: 'Amount', value: 'amount' },
			{ name: 'Created At', value: 'createdAt' },
			{ name: 'Expiration Date', value: 'expirationDate' },
			{ name: 'ID', value: 'id' },
			{ name: 'Merchant Order ID', value: 'merchantOrderId' },
			{ name: 'Paid At', value: 'paidAt' },
			{ name: 'Status', value: 'status' },
		],
	),
];
