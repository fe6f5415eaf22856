import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OperationTable } from '../shared/operations';
import type { NodeApi } from '../shared/run';
import { alreadyDoneOption, customOperations, rateLimitOptions, routingSender } from '../shared/run';
import { orderFields, orderOperations } from './resources/order';
import { paymentConfirmationFields, paymentConfirmationOperations } from './resources/paymentConfirmation';
import { refundFields, refundOperations } from './resources/refund';
import { shipmentFields, shipmentOperations } from './resources/shipment';
import { invoiceboxProfile } from './transport';

const api: NodeApi = {
	profile: invoiceboxProfile,
	table: new OperationTable([orderOperations, paymentConfirmationOperations, refundOperations, shipmentOperations]),
};

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
