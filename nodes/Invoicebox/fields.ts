import type {
	IDataObject,
	IDisplayOptions,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { Build as BuildStep, ItemFunctions } from '../shared/operations';
import { pagingFields } from '../shared/operations';
import { invalid, requiredText, uuid } from '../shared/validation';
import { isBlank } from '../shared/json';
import { accountKey, checkAccount } from './connection';
import { tagAccount } from './rateLimit';
import { atomDate } from './values';

/** Editor fields several resources share (basket, customer, order ID, listing options) and the request builder. */

type Show = IDisplayOptions['show'];

const withShow = (show: Show, extra: Show = {}): IDisplayOptions => ({
	show: { ...show, ...extra },
});

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

export const LANGUAGE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Default (Not Sent)', value: '' },
	{ name: 'English', value: 'en' },
	{ name: 'Russian', value: 'ru' },
];

/** Typed fields or, opted in, JSON. */
function inputChoice(
	displayName: string,
	name: string,
	show: Show,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: 'fields',
		displayOptions: withShow(show),
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		description,
	};
}

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

/** Basket rows (or JSON) for order create/update, refunds and shipments. */
export function basketFields(show: Show, description: string): INodeProperties[] {
	return [
		inputChoice('Basket Items', 'basketInput', show, description),
		{
			displayName: 'Basket Items',
			name: 'basketItems',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Item',
			displayOptions: withShow(show, { basketInput: ['fields'] }),
			description:
				'One row per basket line. Price Without VAT, Total Amount and Total VAT are computed from Quantity, Price and VAT Code unless given in Row Options.',
			options: [
				{
					displayName: 'Item',
					name: 'item',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							description: 'Item name as it goes on the receipt (54-FZ naming rules apply)',
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
							displayName: 'Price (With VAT)',
							name: 'amount',
							type: 'number',
							default: 0,
							typeOptions: { minValue: 0, numberPrecision: 2 },
							description: 'Price of one unit, VAT included',
						},
						{
							displayName: 'Quantity',
							name: 'quantity',
							type: 'number',
							default: 1,
							typeOptions: { minValue: 0, numberPrecision: 3 },
						},
						{
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
									description:
										'Unit price without VAT, if you do not want it computed from the VAT code',
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
									description:
										'VAT of the whole line, if you do not want it computed from the VAT code',
								},
							],
						},

						{
							displayName: 'SKU',
							name: 'sku',
							type: 'string',
							default: '',
							description: 'Article of the item',
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
							description:
								'Item type (tag 1212); for other codes of that dictionary use JSON input',
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
						{
							displayName: 'VAT Code',
							name: 'vatCode',
							type: 'options',
							default: 'VATNONE',
							options: VAT_CODE_OPTIONS,
						},
					],
				},
			],
		},
		{
			displayName: 'Basket Items (JSON)',
			name: 'basketItemsJson',
			type: 'json',
			default:
				'[\n  {\n    "sku": "A-1",\n    "name": "Consulting hour",\n    "measure": "шт",\n    "measureCode": "796",\n    "quantity": 1,\n    "amount": 1200,\n    "amountWoVat": 1000,\n    "totalAmount": 1200,\n    "totalVatAmount": 200,\n    "vatCode": "RUS_VAT20",\n    "type": "service",\n    "paymentType": "full_payment"\n  }\n]',
			displayOptions: withShow(show, { basketInput: ['json'] }),
			description: 'Array of BasketItem objects as Invoicebox documents them; sent as given',
		},
	];
}

/** The payer: type legal (organisation or sole trader) or private (a person), each with its own fields. */
export function customerFields(show: Show): INodeProperties[] {
	const common: INodeProperties[] = [
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: '79001112233',
			description: 'Digits with the country code',
		},
	];
	const legal: INodeProperties[] = [
		{
			displayName: 'INN',
			name: 'vatNumber',
			type: 'string',
			default: '',
			description:
				'Taxpayer number (vatNumber): 10 digits for an organisation, 12 for a sole trader',
		},
		{
			displayName: 'KPP',
			name: 'taxRegistrationReasonCode',
			type: 'string',
			default: '',
			description: 'Tax registration reason code (organisations only, 9 digits)',
		},
		{
			displayName: 'Registration Address',
			name: 'registrationAddress',
			type: 'string',
			default: '',
			description: 'Legal address',
		},
	];
	const privatePerson: INodeProperties[] = [
		{
			displayName: 'INN',
			name: 'vatNumber',
			type: 'string',
			default: '',
			description: 'Taxpayer number of the person (12 digits), if known',
		},
	];
	return [
		inputChoice('Customer', 'customerInput', show, 'The payer'),
		{
			displayName: 'Customer Type',
			name: 'customerType',
			type: 'options',
			default: 'legal',
			displayOptions: withShow(show, { customerInput: ['fields'] }),
			options: [
				{ name: 'Legal (Organisation or Sole Trader)', value: 'legal' },
				{ name: 'Private (Individual)', value: 'private' },
			],
		},
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			default: '',
			displayOptions: withShow(show, { customerInput: ['fields'] }),
			description: 'Name of the organisation or the person',
		},
		...(['legal', 'private'] as const).map(
			(type): INodeProperties => ({
				displayName: 'Customer Details',
				name: 'customerDetails',
				type: 'collection',
				placeholder: 'Add Detail',
				default: {},
				displayOptions: withShow(show, { customerInput: ['fields'], customerType: [type] }),
				options: [...common, ...(type === 'legal' ? legal : privatePerson)],
			}),
		),
		{
			displayName: 'Customer (JSON)',
			name: 'customerJson',
			type: 'json',
			default: '{\n  "type": "legal",\n  "name": "",\n  "email": "",\n  "vatNumber": ""\n}',
			displayOptions: withShow(show, { customerInput: ['json'] }),
			description: 'Customer object as Invoicebox documents it; sent as given',
		},
	];
}

export function orderIdField(
	show: Show,
	description = 'Invoicebox order ID (a UUID, the ID of the order), not your own order number',
): INodeProperties {
	return {
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0187c6db-1637-c1ca-bef7-f6706799c41e',
		displayOptions: withShow(show),
		description,
	};
}

/** Options every listing shares: custom filters, sort and the paging parameters' spelling. */
function listingOptions(sortFields: INodePropertyOptions[]): INodeProperties[] {
	return [
		{
			displayName: 'Custom Filters',
			name: 'customFilters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Filter',
			description:
				'Any other condition of the Invoicebox filter syntax (field[operator]=value); all must match',
			options: [
				{
					name: 'filter',
					displayName: 'Filter',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'string',
							default: '',
							placeholder: 'merchantOrderId',
						},
						{
							displayName: 'Operator',
							name: 'operator',
							type: 'options',
							default: '_eq',
							options: [
								{ name: 'Equals', value: '_eq' },
								{ name: 'Greater Than', value: '_gt' },
								{ name: 'Greater Than or Equal', value: '_ge' },
								{ name: 'Less Than', value: '_lt' },
								{ name: 'Less Than or Equal', value: '_le' },
								{ name: 'Not Equal', value: '_ne' },
								{ name: 'Starts With', value: '_start' },
							],
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Paging Parameters',
			name: 'pagingSpelling',
			type: 'options',
			default: 'mcp',
			options: [
				{
					name: 'Both Spellings',
					value: 'both',
					description: 'Page, pageSize, _page and _pageSize with the same values',
				},
				{
					name: 'Documented (Page, PageSize)',
					value: 'docs',
					description: 'As docs.invoicebox.ru describes them',
				},
				{
					name: "Invoicebox's Client (_Page, _PageSize)",
					value: 'mcp',
					description: "As Invoicebox's own API client (its MCP server) sends them",
				},
			],
			description:
				"How pages are asked for: _page and _pageSize, as Invoicebox's own client does, unless you choose otherwise. The node reads the page Invoicebox says it returned.",
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Sort Rule',
			options: [
				{
					name: 'rule',
					displayName: 'Rule',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'options',
							default: 'createdAt',
							options: sortFields,
						},
						{
							displayName: 'Direction',
							name: 'direction',
							type: 'options',
							default: 'desc',
							options: [
								{ name: 'Ascending', value: 'asc' },
								{ name: 'Descending', value: 'desc' },
							],
						},
					],
				},
			],
		},
	];
}

/** A listing's fields: Return All / Limit, its Filters, and Options (custom filters, sort, paging). */
export function listingFields(
	show: Show,
	filters: INodeProperties[],
	sortFields: INodePropertyOptions[],
): INodeProperties[] {
	return [
		...pagingFields(show),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			displayOptions: withShow(show),
			options: [
				{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '' },
				{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '' },
				...filters,
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: withShow(show),
			options: listingOptions(sortFields),
		},
	];
}

/** Equality or set filter: `status=created` / `status[]=created&status[]=completed`. */
export function setFilter(qs: IDataObject, field: string, values: unknown) {
	if (values === undefined || values === null || values === '') return;
	const list = (Array.isArray(values) ? values : [values]).map(String).filter(Boolean);
	if (list.length === 1) qs[field] = list[0];
	else if (list.length > 1) qs[field] = list; // sent as field[]=a&field[]=b (arrayFormat brackets, see build)
}

/** Date range filters `field[_ge]` / `field[_le]` in ATOM format. */
export function dateRange(
	ctx: ItemFunctions,
	qs: IDataObject,
	field: string,
	label: string,
	from: unknown,
	to: unknown,
) {
	if (from) qs[`${field}[_ge]`] = atomDate(ctx, `Filters → ${label} After`, from);
	if (to) qs[`${field}[_le]`] = atomDate(ctx, `Filters → ${label} Before`, to);
}

/** The filters order and refund listings share: status, merchant order ID, merchant ID, created. */
export function commonFilters(ctx: ItemFunctions, qs: IDataObject, filters: IDataObject) {
	setFilter(qs, 'status', filters.status);
	if (!isBlank(filters.merchantOrderId))
		qs.merchantOrderId = String(filters.merchantOrderId).trim();
	if (!isBlank(filters.merchantId))
		qs.merchantId = uuid(ctx, 'Filters → Merchant ID', filters.merchantId);
	dateRange(ctx, qs, 'createdAt', 'Created', filters.createdAfter, filters.createdBefore);
}

/** Custom filters, sort rules and paging keys of a listing into the query. */
export function listingQuery(ctx: ItemFunctions, options: IDataObject, qs: IDataObject) {
	const filters = ((options.customFilters as IDataObject)?.filter ?? []) as IDataObject[];
	filters.forEach((row, index) => {
		const where = `Options → Custom Filters → filter ${index + 1}`;
		const field = requiredText(ctx, `${where} → Field`, row.field);
		if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(field))
			invalid(
				ctx,
				`${where} → Field`,
				`must be a field name such as merchantOrderId, got "${field}"`,
			);
		const operator = String(row.operator ?? '_eq');
		qs[operator === '_eq' ? field : `${field}[${operator}]`] =
			row.value === undefined ? '' : String(row.value);
	});
	const rules = ((options.sort as IDataObject)?.rule ?? []) as IDataObject[];
	// `_order[field]=asc|desc` (the form `_order=field:desc` is rejected with 422).
	for (const rule of rules)
		qs[`_order[${String(rule.field)}]`] =
			String(rule.direction ?? 'desc') === 'asc' ? 'asc' : 'desc';
	// Markers for the pager (transport.ts), which fills in the page and size.
	const spelling = String(options.pagingSpelling ?? 'mcp');
	if (spelling !== 'mcp') qs.page = 1;
	if (spelling !== 'docs') qs._page = 1;
}

interface Build {
	/** Put the validated Order ID into the `{orderId}` of the operation's path. */
	orderId?: boolean;
	body?: (this: ItemFunctions) => IDataObject;
	qs?: (this: ItemFunctions) => IDataObject;
}

/** The preSend step of an operation: path, body and query, all checked before anything is sent. */
export function build(def: Build): BuildStep {
	return async function (this: ItemFunctions, request: IHttpRequestOptions) {
		// The account's key goes with the request, for the rate-limit headers of its answer (rateLimit.ts).
		const { account } = checkAccount(await this.getCredentials('invoiceboxApi'));
		if (account) tagAccount(request, accountKey(account));
		if (def.orderId) {
			const id = uuid(this, 'Order ID', this.getNodeParameter('orderId', ''));
			request.url = String(request.url).replace('{orderId}', id);
		}
		if (def.qs) {
			request.qs = { ...((request.qs as IDataObject) ?? {}), ...def.qs.call(this) };
			// Sets as the filter syntax writes them: status[]=created&status[]=completed.
			request.arrayFormat = 'brackets';
		}
		if (def.body) request.body = def.body.call(this);
		return request;
	};
}
