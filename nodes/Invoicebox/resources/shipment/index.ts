import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

import { pagingFields, resourceOperations } from '../../../shared/operations';
import { positiveId, uuid } from '../../../shared/validation';
import { basketFields, build, orderIdField } from '../../fields';
import { dataItem, dataRows, invoiceboxPager, shipmentCreated } from '../../transport';
import { isBlank } from '../../../shared/json';
import { basketItems, dateOnly } from '../../values';

/** Shipment: confirm what was delivered, which triggers the closing documents (docs/merchant/order/shipment_*.md). */

const show = (operations: string[], extra: IDataObject = {}) => ({ resource: ['shipment'], operation: operations, ...extra });

const create = build({
	body(this: ItemFunctions) {
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		const body: IDataObject = {
			orderId: uuid(this, 'Order ID', this.getNodeParameter('orderId', '')),
			basketItems: basketItems(this),
		};
		if (!isBlank(extra.documentNumber)) body.documentNumber = String(extra.documentNumber).trim();
		if (!isBlank(extra.documentDate)) body.documentDate = dateOnly(this, 'Document Date', extra.documentDate);
		return body;
	},
});

const get = build({
	qs(this: ItemFunctions) {
		const by = this.getNodeParameter('getBy', 'orderId') as string;
		const qs: IDataObject =
			by === 'shipmentId'
				? { id: positiveId(this, 'Shipment ID', this.getNodeParameter('shipmentId', '')) }
				: { orderId: uuid(this, 'Order ID', this.getNodeParameter('orderId', '')) };
		// Paging markers (both spellings, see transport.ts).
		return { ...qs, page: 1, _page: 1 };
	},
});

export const shipmentOperations = resourceOperations('shipment', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a shipment',
		description: 'Confirm the delivery of (part of) a paid order (POST /billing/api/order/shipment)',
		method: 'POST',
		url: '/billing/api/order/shipment',
		kind: 'write',
		alreadyDone: shipmentCreated,
		build: create,
		output: [dataItem],
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get shipments',
		description: 'Get a shipment by its ID, or the shipments of an order (GET /filter/api/order/shipment)',
		method: 'GET',
		url: '/filter/api/order/shipment',
		kind: 'read',
		pager: invoiceboxPager,
		build: get,
		output: [dataRows],
	},
]);

export const shipmentFields: INodeProperties[] = [
	{
		displayName: 'Get By',
		name: 'getBy',
		type: 'options',
		default: 'orderId',
		displayOptions: { show: show(['get']) },
		options: [
			{ name: 'Order ID', value: 'orderId', description: 'All shipments of an order' },
			{ name: 'Shipment ID', value: 'shipmentId', description: 'One shipment' },
		],
	},
	// Order ID of Create: defined with Refund's (resources/refund).
	orderIdField(show(['get'], { getBy: ['orderId'] })),
	{
		displayName: 'Shipment ID',
		name: 'shipmentId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: show(['get'], { getBy: ['shipmentId'] }) },
		description: 'Invoicebox ID of the shipment (a number, the ID that Create returned)',
	},
	...pagingFields(show(['get'], { getBy: ['orderId'] })),
	...basketFields(show(['create']), 'The lines delivered'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['create']) },
		options: [
			{ displayName: 'Document Date', name: 'documentDate', type: 'dateTime', default: '', description: 'Date of the shipping document' },
			{ displayName: 'Document Number', name: 'documentNumber', type: 'string', default: '', description: 'Number of the shipping document (waybill, invoice...)' },
		],
	},
];
