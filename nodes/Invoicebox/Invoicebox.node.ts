import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { alreadyDoneOption, customOperations, rateLimitOptions, routingSender } from '../shared/run';
import { orderFields } from './resources/order';
import { paymentConfirmationFields } from './resources/paymentConfirmation';
import { refundFields } from './resources/refund';
import { shipmentFields } from './resources/shipment';
import { api } from './operations';

export class Invoicebox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Invoicebox',
		name: 'invoicebox',
		icon: { light: 'file:invoicebox.svg', dark: 'file:invoicebox.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and manage Invoicebox orders, confirm payments, refund and register shipments',
		defaults: { name: 'Invoicebox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceboxApi', required: true }],
		requestOperations: { pagination: routingSender(api) },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'order',
				options: [
					{ name: 'Order', value: 'order', description: 'Orders (invoices) and their payment links' },
					{
						name: 'Payment Confirmation',
						value: 'paymentConfirmation',
						description: 'Confirm payments in the shop with a code (guarantee instruments)',
					},
					{ name: 'Refund', value: 'refund', description: 'Refunds of paid orders' },
					{ name: 'Shipment', value: 'shipment', description: 'Deliveries of paid orders' },
				],
			},
			...api.table.properties(),
			...orderFields,
			...paymentConfirmationFields,
			...refundFields,
			...shipmentFields,
			alreadyDoneOption({
				resource: ['order', 'paymentConfirmation', 'refund', 'shipment'],
				operation: ['cancel', 'create', 'pay'],
			}),
			rateLimitOptions(),
		],
	};

	customOperations = customOperations(api);
}
