import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Editor fields several resources share; each operation places them with updateDisplayOptions. */

export const LANGUAGE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Default (Not Sent)', value: '' },
	{ name: 'English', value: 'en' },
	{ name: 'Russian', value: 'ru' },
];

/** Typed fields or, opted in, JSON. */
export function inputChoice(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		description,
	};
}

export function orderIdField(
	description = 'Invoicebox order ID (a UUID, the ID of the order), not your own order number',
): INodeProperties {
	return {
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0187c6db-1637-c1ca-bef7-f6706799c41e',
		description,
	};
}

/** The paid order a refund or a shipment is about. */
export const paidOrderIdField = orderIdField(
	'Invoicebox ID (a UUID) of the paid order: the one to refund, or whose goods were delivered',
);
