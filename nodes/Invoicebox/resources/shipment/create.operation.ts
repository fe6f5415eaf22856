import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { invalid } from '../../../shared/validation';
import { basketFields } from '../../fields/basket';
import { paidOrderIdField } from '../../fields/common';
import { shipmentCreated } from '../../transport/alreadyDone';
import { dataItem } from '../../transport/output';
import { basketItems } from '../../values/basket';
import { dateOnly } from '../../values/dates';
import { build, orderIdOf } from '../../values/request';

/**
 * Shipment → Create: confirm what was delivered, which triggers the closing documents. The body
 * is the one Invoicebox's own client sends
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/tools/writes.ts,
 * create_shipment): `final` every time, a document number of at most 36 characters, a date
 * `YYYY-MM-DD`.
 */

const DOCUMENT_NUMBER_LENGTH = 36;

export const spec: OperationSpec = {
	name: 'Create',
	value: 'create',
	action: 'Create a shipment',
	description: 'Confirm the delivery of (part of) a paid order (POST /billing/api/order/shipment)',
	method: 'POST',
	url: '/billing/api/order/shipment',
	kind: 'write',
	alreadyDone: shipmentCreated,
	build: build({
		body(this: ItemFunctions) {
			const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
			const body: IDataObject = {
				orderId: orderIdOf(this),
				basketItems: basketItems(this),
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
	}),
	output: [dataItem],
};

export const fields: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['create'] } },
	[
		paidOrderIdField,
		...basketFields('The lines delivered'),
		{
			displayName: 'Final Shipment',
			name: 'final',
			type: 'boolean',
			default: false,
			description:
				'Whether this is the last shipment of the order (final). It closes the order: no ' +
				'more shipments, and money still held for the order is released to the payer.',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
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
						'Number of the shipping document (waybill, invoice...), at most 36 characters. ' +
						'With Treat Already Done as Success, a shipment of the order with this number ' +
						'stands in for a new one.',
				},
			],
		},
	],
);
