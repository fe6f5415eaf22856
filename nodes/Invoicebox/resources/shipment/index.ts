import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

import { pagingFields, resourceOperations } from '../../../shared/operations';
import { invalid, positiveId, uuid } from '../../../shared/validation';
import { basketFields, build, orderIdField } from '../../fields';
import { shipmentCreated } from '../../alreadyDone';
import { invoiceboxPager } from '../../pager';
import { dataItem, dataRows } from '../../transport';
import { isBlank } from '../../../shared/json';
import { basketItems, dateOnly } from '../../values';

/** Shipment: confirm what was delivered, which triggers the closing documents (docs/merchant/order/shipment_*.md). */

const show = (operations: string[], extra: IDataObject = {}) => ({
	resource: ['shipment'],
	operation: operations,
	...extra,
});

/** The longest document number Invoicebox's own client lets through (writes.ts, create_shipment). */
const DOCUMENT_NUMBER_LENGTH = 36;

const create = build({
	body(this: ItemFunctions) {
		const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
		const body: IDataObject = {
			orderId: uuid(this, 'Order ID', this.getNodeParameter('orderId', '')),
			basketItems: basketItems(this),
			// Sent every time, as Invoicebox's own client does: true closes the order.
			final: this.getNodeParameter('final', false) === true,
		};
		if (!isBlank(extra.documentNumber)) {
			const number = String(extra.documentNumber).trim();
			if (number.length > DOCUMENT_NUMBER_LENGTH) {
				invalid(
					this,
					'Document Number',
					`must be at most ${DOCUMENT_NUMBER_LENGTH} characters, got ${number.length}`,
				);
			}
			body.documentNumber = number;
		}
		if (!isBlank(extra.documentDate))
			body.documentDate = dateOnly(this, 'Document Date', extra.documentDate);
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
		// Paging marker: _page and _pageSize (see pager.ts).
		return { ...qs, _page: 1 };
	},
});

/**
 * Only the shipments asked for: the filter is the server's, and Invoicebox's own client drops
 * rows of other orders after it too
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec2d8298029c0624639e9e643d0c9b915d9/src/tools/reads.ts,
 * find_shipments). Every page is read, so a shipment on a later page is not missed.
 */
async function askedFor(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('getBy', 'orderId') === 'shipmentId') {
		const id = Number(String(this.getNodeParameter('shipmentId', '')).trim());
		return items.filter((item) => Number(item.json.id) === id);
	}
	const orderId = String(this.getNodeParameter('orderId', '')).trim().toLowerCase();
	return items.filter((item) => String(item.json.orderId).toLowerCase() === orderId);
}

export const shipmentOperations = resourceOperations('shipment', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a shipment',
		description:
			'Confirm the delivery of (part of) a paid order (POST /billing/api/order/shipment)',
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
		description:
			'Get a shipment by its ID, or the shipments of an order (GET /filter/api/order/shipment)',
		method: 'GET',
		url: '/filter/api/order/shipment',
		kind: 'read',
		pager: invoiceboxPager,
		build: get,
		output: [dataRows, askedFor],
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
		displayName: 'Final Shipment',
		name: 'final',
		type: 'boolean',
		default: false,
		displayOptions: { show: show(['create']) },
		description:
			'Whether this is the last shipment of the order (final). It closes the order: no more shipments, and money still held for the order is released to the payer.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['create']) },
		options: [
			{
				displayName: 'Document Date',
				name: 'documentDate',
				type: 'dateTime',
				default: '',
				description: 'Date of the shipping document',
			},
			{
				displayName: 'Document Number',
				name: 'documentNumber',
				type: 'string',
				default: '',
				description:
					'Number of the shipping document (waybill, invoice...), at most 36 characters. With Treat Already Done as Success, a shipment of the order with this number stands in for a new one.',
			},
		],
	},
];
