import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { uuid } from '../../../shared/validation';
import { listingFields } from '../../fields/listing';
import { dataRows } from '../../transport/output';
import { invoiceboxPager } from '../../transport/pager';
import { commonFilters, listingQuery } from '../../values/listing';
import { build } from '../../values/request';

/** Refund → Get Many (https://docs.invoicebox.ru/docs/api/filters/). */
export const spec: OperationSpec = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many refunds',
	description: 'List refunds with filters and sorting (GET /filter/api/order/refund-order)',
	method: 'GET',
	url: '/filter/api/order/refund-order',
	kind: 'read',
	pager: invoiceboxPager,
	build: build({
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
	}),
	output: [dataRows],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['refund'], operation: ['getAll'] } },
	listingFields(
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
);
