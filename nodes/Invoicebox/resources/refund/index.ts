import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

import { resourceOperations } from '../../../shared/operations';
import { requiredText, uuid } from '../../../shared/validation';
import {
	basketFields,
	build,
	commonFilters,
	listingFields,
	listingQuery,
	orderIdField,
	totalOverride,
} from '../../fields';
import { refundCreated } from '../../alreadyDone';
import { invoiceboxPager } from '../../pager';
import { dataItem, dataRows } from '../../transport';
import { isBlank } from '../../../shared/json';
import { basketItems, totals } from '../../values';

/** Refund: refund orders of paid orders (docs/merchant/refund/*). */

const show = (operations: string[]) => ({ resource: ['refund'], operation: operations });

const create = build({
	body(this: ItemFunctions) {
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		const items = basketItems(this);
		const body: IDataObject = {
			parentId: uuid(this, 'Order ID', this.getNodeParameter('orderId', '')),
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
});

const refundableItems = build({ orderId: true });

const getAll = build({
	qs(this: ItemFunctions) {
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const qs: IDataObject = {};
		if (!isBlank(filters.parentId))
			qs.parentId = uuid(this, 'Filters → Order ID', filters.parentId);
		if (!isBlank(filters.id)) qs.id = uuid(this, 'Filters → Refund ID', filters.id);
		commonFilters(this, qs, filters);
		listingQuery(this, this.getNodeParameter('options', {}) as IDataObject, qs);
		return qs;
	},
});

export const refundOperations = resourceOperations('refund', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a refund',
		description: 'Refund a paid order fully or in part (POST /billing/api/order/refund-order)',
		method: 'POST',
		url: '/billing/api/order/refund-order',
		kind: 'write',
		alreadyDone: refundCreated,
		build: create,
		output: [dataItem],
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many refunds',
		description: 'List refunds with filters and sorting (GET /filter/api/order/refund-order)',
		method: 'GET',
		url: '/filter/api/order/refund-order',
		kind: 'read',
		pager: invoiceboxPager,
		build: getAll,
		output: [dataRows],
	},
	{
		name: 'Get Refundable Items',
		value: 'getRefundableItems',
		action: 'Get the items of an order that can be refunded',
		description:
			'Basket lines of a paid order still available for refund (GET /billing/api/order/order/{uuid}/refund-basket-item)',
		method: 'GET',
		url: '/billing/api/order/order/{orderId}/refund-basket-item',
		kind: 'read',
		build: refundableItems,
		output: [dataRows],
	},
]);

export const refundFields: INodeProperties[] = [
	// One definition for Refund and Shipment → Create (see Order's).
	orderIdField(
		{ resource: ['refund', 'shipment'], operation: ['create', 'getRefundableItems'] },
		'Invoicebox ID (a UUID) of the paid order: the one to refund, or whose goods were delivered',
	),
	{
		displayName: 'Refund Merchant Order ID',
		name: 'merchantOrderId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['create']) },
		description:
			'Your own unique number for this refund. Invoicebox refuses a number used before, which protects against refunding twice: keep it stable when re-running the same refund.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['create']) },
	},
	...basketFields(
		show(['create']),
		'The lines to refund (Get Refundable Items lists what is left)',
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['create']) },
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
					'Draft lets you add a correction order (Order → Create with Parent Order ID = this refund) before the refund is made',
			},
			totalOverride('vatAmount', 'Refund'),
		],
	},
	...listingFields(
		show(['getAll']),
		[
			{ displayName: 'Merchant ID', name: 'merchantId', type: 'string', default: '' },
			{
				displayName: 'Merchant Order ID',
				name: 'merchantOrderId',
				type: 'string',
				default: '',
				description: "The refund's own number",
			},
			{
				displayName: 'Order ID',
				name: 'parentId',
				type: 'string',
				default: '',
				description: 'Refunds of this order',
			},
			{ displayName: 'Refund ID', name: 'id', type: 'string', default: '' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Canceled', value: 'canceled' },
					{ name: 'Completed', value: 'completed' },
					{ name: 'Created', value: 'created' },
					{ name: 'Draft', value: 'draft' },
				],
			},
		],
		[
			{ name: 'Amount', value: 'amount' },
			{ name: 'Created At', value: 'createdAt' },
			{ name: 'ID', value: 'id' },
			{ name: 'Merchant Order ID', value: 'merchantOrderId' },
			{ name: 'Status', value: 'status' },
		],
	),
];
