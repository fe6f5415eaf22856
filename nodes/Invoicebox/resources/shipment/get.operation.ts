import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { pagingFields } from '../../../shared/operations';
import { positiveId } from '../../../shared/validation';
import { orderIdField } from '../../fields/common';
import { dataRows } from '../../transport/output';
import { invoiceboxPager } from '../../transport/pager';
import { build, locatorValue, orderIdOf } from '../../values/request';

/**
 * Only the shipments asked for: the filter is the server's, and Invoicebox's own client drops
 * rows of other orders after it too
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/tools/reads.ts,
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
	const orderId = String(locatorValue(this, 'orderId')).trim().toLowerCase();
	return items.filter((item) => String(item.json.orderId).toLowerCase() === orderId);
}

export const spec: OperationSpec = {
	name: 'Get',
	value: 'get',
	action: 'Get shipments',
	description:
		'Get a shipment by its ID, or the shipments of an order (GET /filter/api/order/shipment)',
	method: 'GET',
	url: '/filter/api/order/shipment',
	kind: 'read',
	pager: invoiceboxPager,
	build: build({
		qs(this: ItemFunctions) {
			const by = this.getNodeParameter('getBy', 'orderId') as string;
			const qs: IDataObject =
				by === 'shipmentId'
					? { id: positiveId(this, 'Shipment ID', this.getNodeParameter('shipmentId', '')) }
					: { orderId: orderIdOf(this) };
			// Paging marker: _page and _pageSize (see transport/pager.ts).
			return { ...qs, _page: 1 };
		},
	}),
	output: [dataRows, askedFor],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['get'] } },
	[
		{
			displayName: 'Get By',
			name: 'getBy',
			type: 'options',
			default: 'orderId',
			options: [
				{ name: 'Order ID', value: 'orderId', description: 'All shipments of an order' },
				{ name: 'Shipment ID', value: 'shipmentId', description: 'One shipment' },
			],
		},
		...updateDisplayOptions({ show: { getBy: ['orderId'] } }, [orderIdField()]),
		{
			// Text since version 2 of the node (numbers saved before still run: the check reads both).
			displayName: 'Shipment ID',
			name: 'shipmentId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '371723',
			displayOptions: { show: { getBy: ['shipmentId'] } },
			description: 'The shipment: its Invoicebox ID, the number Shipment → Create returned',
		},
		...updateDisplayOptions({ show: { getBy: ['orderId'] } }, pagingFields({})),
	],
);
