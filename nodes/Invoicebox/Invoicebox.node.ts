import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	alreadyDoneOption,
	customOperations,
	rateLimitOptions,
	routingSender,
} from '../shared/run';
import { searchMerchants, searchOrders } from './methods/listSearch';
import { api } from './operations';
import { orderFields } from './resources/order';
import { paymentConfirmationFields } from './resources/paymentConfirmation';
import { refundFields } from './resources/refund';
import { shipmentFields } from './resources/shipment';

/**
 * Version 1 opened on Order → Create (and Refund/Shipment → Create); version 2 opens on a read
 * (Get Many, Shipment → Get). A version-1 node saved on those operations keeps them.
 */
const FIRST_VERSION_DEFAULTS: Record<string, string> = {
	order: 'create',
	refund: 'create',
	shipment: 'create',
};

export class Invoicebox implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Invoicebox',
		name: 'invoicebox',
		icon: { light: 'file:invoicebox.svg', dark: 'file:invoicebox.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		// The canvas subtitle in words: "get all: order", "send code: payment confirmation".
		subtitle:
			'={{ ($parameter.operation + ": " + $parameter.resource).replace(/([A-Z])/g, " $1").toLowerCase() }}',
		description:
			'Create and manage Invoicebox orders, confirm payments, refund and register shipments',
		defaults: { name: 'Invoicebox' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceboxApi', required: true }],
		// With `methods`, n8n gives the routing engine's execute (used for AI tools) only to a node
		// that has request defaults.
		requestDefaults: {},
		requestOperations: { pagination: routingSender(api) },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'order',
				options: [
					{
						name: 'Order',
						value: 'order',
						description: 'Orders (invoices) and their payment links',
					},
					{
						name: 'Payment Confirmation',
						value: 'paymentConfirmation',
						description: 'Confirm payments in the shop with a code (guarantee instruments)',
					},
					{ name: 'Refund', value: 'refund', description: 'Refunds of paid orders' },
					{ name: 'Shipment', value: 'shipment', description: 'Deliveries of paid orders' },
				],
			},
			...api.table.properties(FIRST_VERSION_DEFAULTS),
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

	methods = { listSearch: { searchOrders, searchMerchants } };

	customOperations = customOperations(api);
}
