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

/** A UUID as Invoicebox gives its IDs (8-4-4-4-12 hex digits). */
const UUID_PATTERN =
	'^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$';

/**
 * An Invoicebox object picked from a list (`searchListMethod`) or given by its ID. Workflows
 * saved when the field was plain text keep their value: n8n hands a plain string on as it is.
 */
function locator(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'>,
	searchListMethod: string,
	searchHint: string,
): INodeProperties {
	return {
		...field,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: searchHint,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '0187c6db-1637-c1ca-bef7-f6706799c41e',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UUID_PATTERN,
							errorMessage:
								'An Invoicebox ID is a UUID such as 0187c6db-1637-c1ca-bef7-f6706799c41e',
						},
					},
				],
			},
		],
	};
}

/** The order an operation is about: searched by your order number, or given by its Invoicebox ID. */
export function orderIdField(
	description = 'The Invoicebox order: search by your own order number, or give its Invoicebox ID (a UUID)',
): INodeProperties {
	return locator(
		{ displayName: 'Order', name: 'orderId', description },
		'searchOrders',
		'Search by your order number...',
	);
}

/** The paid order a refund or a shipment is about. */
export const paidOrderIdField = orderIdField(
	'The paid order: the one to refund, or whose goods were delivered. Search by your own ' +
		'order number, or give its Invoicebox ID (a UUID).',
);

/** Your shop. Invoicebox has no list of shops: the list shows the shops of the token's recent orders. */
export const merchantIdField = locator(
	{
		displayName: 'Shop',
		name: 'merchantId',
		description:
			'Your Invoicebox shop (merchantId). The list shows the shops of your recent orders; ' +
			'give a new shop by its ID (in the cabinet).',
	},
	'searchMerchants',
	'Search by shop ID...',
);
