import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { listingFields } from '../../fields/listing';
import { dataRows } from '../../transport/output';
import { invoiceboxPager } from '../../transport/pager';
import { commonFilters, dateRange, listingQuery } from '../../values/listing';
import { build } from '../../values/request';

/** Order → Get Many (https://docs.invoicebox.ru/docs/api/filters/). */

const STATUSES = [
	{ name: 'Canceled', value: 'canceled' },
	{ name: 'Completed (Paid)', value: 'completed' },
	{ name: 'Created (Waiting for Payment)', value: 'created' },
	{ name: 'Draft', value: 'draft' },
	{ name: 'Expired', value: 'expired' },
	{ name: 'Hold', value: 'hold' },
];

export const spec: OperationSpec = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many orders',
	description: 'List orders with filters and sorting (GET /filter/api/order/order)',
	method: 'GET',
	url: '/filter/api/order/order',
	kind: 'read',
	pager: invoiceboxPager,
	build: build({
		qs(this: ItemFunctions) {
			const filters = this.getNodeParameter('filters', {}) as IDataObject;
			const qs: IDataObject = {};
			commonFilters(this, qs, filters);
			dateRange(this, qs, 'paidAt', 'Paid', filters.paidAfter, filters.paidBefore);
			dateRange(this, qs, 'expirationDate', 'Expires', filters.expiresAfter, filters.expiresBefore);
			listingQuery(this, this.getNodeParameter('options', {}) as IDataObject, qs);
			return qs;
		},
	}),
	output: [dataRows],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getAll'] } },
	listingFields(
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
				options: STATUSES,
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
);
