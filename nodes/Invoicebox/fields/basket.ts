import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { inputChoice } from './common';

/** VAT codes as the editor offers them. */
export const VAT_CODE_OPTIONS: INodePropertyOptions[] = [
	{ name: '0% (RUS_VAT0)', value: 'RUS_VAT0' },
	{ name: '10% Added on Top (RUS_VAT10_ADDED)', value: 'RUS_VAT10_ADDED' },
	{ name: '10% Included (RUS_VAT10)', value: 'RUS_VAT10' },
	{ name: '20% Added on Top (RUS_VAT20_ADDED)', value: 'RUS_VAT20_ADDED' },
	{ name: '20% Included (RUS_VAT20)', value: 'RUS_VAT20' },
	{ name: '22% Added on Top (RUS_VAT22_ADDED)', value: 'RUS_VAT22_ADDED' },
	{ name: '22% Included (RUS_VAT22)', value: 'RUS_VAT22' },
	{ name: '5% Added on Top (RUS_VAT5_ADDED)', value: 'RUS_VAT5_ADDED' },
	{ name: '5% Included (RUS_VAT5)', value: 'RUS_VAT5' },
	{ name: '7% Added on Top (RUS_VAT7_ADDED)', value: 'RUS_VAT7_ADDED' },
	{ name: '7% Included (RUS_VAT7)', value: 'RUS_VAT7' },
	{ name: 'No VAT (VATNONE)', value: 'VATNONE' },
];

/** Amount and VAT Amount an order or refund may state itself (otherwise the basket's sums). */
export function totalOverride(name: 'amount' | 'vatAmount', what: string): INodeProperties {
	const amount = name === 'amount';
	return {
		displayName: amount ? 'Amount' : 'VAT Amount',
		name,
		type: 'number',
		default: 0,
		typeOptions: { numberPrecision: 2 },
		description: `${what} ${amount ? 'total with VAT' : 'VAT'}. Leave unset to use the sum of the basket.`,
	};
}

/** The JSON basket the field starts with: one row, every field Invoicebox requires. */
const BASKET_JSON_EXAMPLE = JSON.stringify(
	[
		{
			sku: 'A-1',
			name: 'Consulting hour',
			measure: 'шт',
			measureCode: '796',
			quantity: 1,
			amount: 1200,
			amountWoVat: 1000,
			totalAmount: 1200,
			totalVatAmount: 200,
			vatCode: 'RUS_VAT20',
			type: 'service',
			paymentType: 'full_payment',
		},
	],
	null,
	2,
);

/** What a row may give instead of the computed amounts, and the optional fields of a line. */
const rowOptions: INodeProperties = {
	displayName: 'Row Options',
	name: 'rowOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Category',
			name: 'category',
			type: 'string',
			default: '',
			description: 'Product group for marking (for example milk, water)',
		},
		{
			displayName: 'Category Type',
			name: 'categoryType',
			type: 'options',
			default: 'honestSign',
			options: [
				{ name: 'Honest Sign', value: 'honestSign' },
				{ name: 'Merchant Honest Sign Map', value: 'merchantHonestSignMap' },
			],
		},
		{
			displayName: 'Excise',
			name: 'excise',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 2 },
		},
		{
			displayName: 'Gross Weight',
			name: 'grossWeight',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 3 },
		},
		{
			displayName: 'Group Name',
			name: 'groupName',
			type: 'string',
			default: '',
			description: 'Group label used in reporting documents',
		},
		{
			displayName: 'Metadata (JSON)',
			name: 'metaData',
			type: 'json',
			default: '{}',
			description: 'Extra data of this line',
		},
		{
			displayName: 'Net Weight',
			name: 'netWeight',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 3 },
		},
		{
			displayName: 'Origin Country',
			name: 'originCountry',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Origin Country Code',
			name: 'originCountryCode',
			type: 'string',
			default: '',
			description: 'For example 643 (Russia)',
		},
		{
			displayName: 'Price Without VAT',
			name: 'amountWoVat',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 2 },
			description: 'Unit price without VAT, if you do not want it computed from the VAT code',
		},
		{ displayName: 'Service Date', name: 'serviceDate', type: 'dateTime', default: '' },
		{
			displayName: 'Total Amount',
			name: 'totalAmount',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 2 },
			description: 'Line total with VAT, if you do not want Quantity × Price',
		},
		{
			displayName: 'Total VAT',
			name: 'totalVatAmount',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 2 },
			description: 'VAT of the whole line, if you do not want it computed from the VAT code',
		},
	],
};

/**
 * A basket row's fields in the order a line is read: Name, SKU, Quantity, Price, VAT, then the
 * rest (not alphabetical, as the editor would list a fixed collection written out in place).
 */
const ROW_FIELDS: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		description: 'Item name as it goes on the receipt (54-FZ naming rules apply)',
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		required: true,
		description: 'Your article number of the item (sku), required by Invoicebox',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0, numberPrecision: 3 },
	},
	{
		displayName: 'Price (With VAT)',
		name: 'amount',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description: 'Price of one unit, VAT included',
	},
	{
		displayName: 'VAT Code',
		name: 'vatCode',
		type: 'options',
		default: 'VATNONE',
		options: VAT_CODE_OPTIONS,
		description: 'VAT rate of the item (vatCode)',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'service',
		options: [
			{ name: 'Commodity', value: 'commodity' },
			{ name: 'Service', value: 'service' },
		],
		description: 'Item type (tag 1212); for other codes of that dictionary use JSON input',
	},
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		default: 'full_payment',
		options: [
			{ name: 'Advance', value: 'advance' },
			{ name: 'Full Payment', value: 'full_payment' },
			{ name: 'Full Prepayment', value: 'full_prepayment' },
			{ name: 'Prepayment', value: 'prepayment' },
		],
		description: 'Payment method attribute of the receipt (tag 1214)',
	},
	{
		displayName: 'Unit',
		name: 'measure',
		type: 'string',
		default: 'шт',
		description: 'Unit name per OKEI, for example шт (piece)',
	},
	{
		displayName: 'Unit Code',
		name: 'measureCode',
		type: 'string',
		default: '796',
		description: 'OKEI code of the unit, for example 796 (piece)',
	},
	rowOptions,
];

/**
 * Basket rows (or JSON) for order create/update, refunds and shipments. A row's fields come in
 * the order a line is read: Name, SKU, Quantity, Price, VAT; the rest after them.
 */
export function basketFields(description: string): INodeProperties[] {
	return [
		inputChoice('Specify Basket', 'basketInput', description),
		{
			displayName: 'Basket Items',
			name: 'basketItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Item',
			displayOptions: { show: { basketInput: ['fields'] } },
			description:
				'One row per basket line. Price Without VAT, Total Amount and Total VAT are ' +
				'computed from Quantity, Price and VAT Code unless given in Row Options.',
			options: [
				{
					displayName: 'Item',
					name: 'item',
					values: ROW_FIELDS,
				},
			],
		},
		{
			displayName: 'Basket Items (JSON)',
			name: 'basketItemsJson',
			type: 'json',
			default: BASKET_JSON_EXAMPLE,
			displayOptions: { show: { basketInput: ['json'] } },
			description: 'Array of BasketItem objects as Invoicebox documents them; sent as given',
		},
	];
}
