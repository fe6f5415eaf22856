import type {
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { Build, ItemFunctions } from '../../../shared/operations';
import { pagingFields, resourceOperations } from '../../../shared/operations';
import {
	describe,
	finiteNumber,
	invalid,
	pathSegment,
	positiveId,
	requiredText,
} from '../../../shared/validation';
import { checkAccess } from '../../connection';
import { API_ROOT, paymentsPath } from '../../requests';
import { CHECK_FIELD, completedByDocument, rememberIntent } from '../../byDocument';
import {
	activePlatformPager,
	cancelled,
	completed,
	CREDENTIAL_TYPE,
	explain,
	paidFromBalance,
	resourceList,
	singleResource,
} from '../../transport';
import { asObject, isBlank } from '../../../shared/json';

/** Payment: read, create, complete and cancel reseller payments (API v3). */

const show = (operations: string[]) => ({ show: { resource: ['payment'], operation: operations } });

const BY_ID = ['get', 'complete', 'completeFromBalance', 'cancel'];
const ALL = [
	'cancel',
	'complete',
	'completeByDocument',
	'completeFromBalance',
	'create',
	'get',
	'getAll',
];

/** The reseller of this item: the field when filled in, else the credential's default. */
async function resellerOf(ctx: ItemFunctions): Promise<number> {
	const value = ctx.getNodeParameter('resellerId', '');
	if (!isBlank(value)) return positiveId(ctx, 'Reseller ID', value);
	const { access, problem } = checkAccess(await ctx.getCredentials(CREDENTIAL_TYPE));
	if (!access) {
		return invalid(
			ctx,
			'Credential',
			problem,
			'Open the ActivePlatform API credential and fix this field.',
		);
	}
	return access.resellerId;
}

/** A required ID: "is required" when empty (or the 0 a cleared number field holds), else a positive whole number. */
function requiredId(ctx: ItemFunctions, field: string, value: unknown): number {
	if (isBlank(value) || value === 0) invalid(ctx, field, 'is required');
	return positiveId(ctx, field, value);
}

/** A payment number, kept as text: leading zeros are part of it (`002018`). It goes into the URL path. */
function documentNumber(ctx: ItemFunctions, value: unknown): string {
	return pathSegment(ctx, 'Document Number', value);
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Dates for filters: `YYYY-MM-DD` or a date-time, with or without a zone (without: the platform's zone). */
function filterDate(ctx: ItemFunctions, field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (!DATE.test(text) || Number.isNaN(Date.parse(text.slice(0, 10)))) {
		invalid(
			ctx,
			field,
			`must be a date such as 2024-05-01 or 2024-05-01T12:00:00 (optionally with a zone such as Z or +03:00), got ${describe(value)}`,
		);
	}
	return text;
}

/** Sets the path and body of a request from this item's fields, after checking them. */
function build(
	make: (
		this: ItemFunctions,
		resellerId: number,
		request: IHttpRequestOptions,
	) => IHttpRequestOptions | void,
): Build {
	return async function (this: ItemFunctions, request: IHttpRequestOptions) {
		const resellerId = await resellerOf(this);
		return make.call(this, resellerId, request) ?? request;
	};
}

const attributes = (values: IDataObject) => ({ data: { attributes: values } });

const getOne = build(function (resellerId, request) {
	request.url = paymentsPath(
		resellerId,
		requiredId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
	);
	const include = this.getNodeParameter('include', []) as string[];
	if (include.length) request.qs = { ...(request.qs ?? {}), include: include.join(',') };
});

const FILTER_DATES: Array<[string, string, string]> = [
	['createdAfter', 'Created After', 'filter[created_at][gt]'],
	['createdBefore', 'Created Before', 'filter[created_at][lt]'],
	['createdOn', 'Created On', 'filter[created_at]'],
	['updatedAfter', 'Updated After', 'filter[updated_at][gt]'],
	['updatedBefore', 'Updated Before', 'filter[updated_at][lt]'],
	['closedAfter', 'Closed After', 'filter[closed_at][gt]'],
	['closedBefore', 'Closed Before', 'filter[closed_at][lt]'],
];

/**
 * Only the date filters are documented; status, account, payment method and document number are
 * inferred from the deprecated v1 list. An installation that ignores one of them must not hand
 * the user other payments: each row is checked against them before it becomes an item.
 */
async function keepFilteredRows(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const statuses = (filters.status as string[] | undefined) ?? [];
	const wanted: Array<[string, string]> = [];
	if (!isBlank(filters.accountId) && filters.accountId !== 0)
		wanted.push(['account_id', String(filters.accountId).trim()]);
	if (!isBlank(filters.paymentMethodId) && filters.paymentMethodId !== 0)
		wanted.push(['payment_method_id', String(filters.paymentMethodId).trim()]);
	if (!isBlank(filters.documentId)) wanted.push(['document_id', String(filters.documentId).trim()]);
	if (!statuses.length && !wanted.length) return items;
	const keep = (row: unknown) => {
		const a = asObject(asObject(row)?.attributes) ?? {};
		if (statuses.length && !statuses.includes(String(a.status))) return false;
		return wanted.every(([field, value]) => String(a[field]) === value);
	};
	return items.map((item) => {
		const data = item.json.data;
		return Array.isArray(data)
			? { ...item, json: { ...item.json, data: data.filter(keep) } }
			: item;
	});
}

const getMany = build(function (resellerId, request) {
	request.url = paymentsPath(resellerId);
	const qs: IDataObject = { ...(request.qs ?? {}) };
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	for (const [key, label, param] of FILTER_DATES) {
		if (!isBlank(filters[key])) qs[param] = filterDate(this, `Filters → ${label}`, filters[key]);
	}
	const statuses = filters.status as string[] | undefined;
	if (statuses?.length) qs['filter[status]'] = statuses.join(',');
	if (!isBlank(filters.accountId) && filters.accountId !== 0) {
		qs['filter[account_id]'] = positiveId(this, 'Filters → Account ID', filters.accountId);
	}
	if (!isBlank(filters.paymentMethodId) && filters.paymentMethodId !== 0) {
		qs['filter[payment_method_id]'] = positiveId(
			this,
			'Filters → Payment Method ID',
			filters.paymentMethodId,
		);
	}
	if (!isBlank(filters.documentId)) qs['filter[document_id]'] = String(filters.documentId).trim();
	const other = ((filters.other as IDataObject | undefined)?.filter ?? []) as IDataObject[];
	other.forEach((row, index) => {
		const name = requiredText(
			this,
			`Filters → Other Filters → entry ${index + 1} → Name`,
			row.name,
		);
		if (!/^[a-z0-9_]+(?:\[[a-z0-9_]+\])?$/i.test(name)) {
			invalid(
				this,
				`Filters → Other Filters → entry ${index + 1} → Name`,
				`must be a field name such as external_total or total[gt], got ${describe(name)}`,
			);
		}
		const [field, operator] = name.replace(/\]$/, '').split('[');
		qs[`filter[${field}]${operator ? `[${operator}]` : ''}`] = String(row.value ?? '');
	});
	const options = this.getNodeParameter('options', {}) as IDataObject;
	if (!isBlank(options.sortBy)) {
		const field = requiredText(this, 'Options → Sort By', options.sortBy);
		if (!/^[a-z0-9_.]+$/i.test(field))
			invalid(
				this,
				'Options → Sort By',
				`must be a field name such as created_at, got ${describe(field)}`,
			);
		qs.sort = options.sortOrder === 'descending' ? `-${field}` : field;
	}
	request.qs = qs;
});

const create = build(function (resellerId, request) {
	request.url = paymentsPath(resellerId);
	const values: IDataObject = {
		account_id: requiredId(this, 'Account ID', this.getNodeParameter('accountId', '')),
		total: finiteNumber(this, 'Total', this.getNodeParameter('total', '')),
		comment: requiredText(this, 'Comment', this.getNodeParameter('comment', '')),
	};
	if ((values.total as number) <= 0)
		invalid(this, 'Total', `must be greater than 0, got ${values.total as number}`);
	const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
	if (!isBlank(extra.purpose)) values.purpose = String(extra.purpose);
	request.body = attributes(values);
});

/** The seed: PATCH .../payments/{payment_id} with `{"data":{"attributes":{"payment_method_id": N}}}`. */
const complete = build(function (resellerId, request) {
	request.url = paymentsPath(
		resellerId,
		requiredId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
	);
	request.body = attributes({
		payment_method_id: requiredId(
			this,
			'Payment Method ID',
			this.getNodeParameter('paymentMethodId', ''),
		),
	});
});

const completeFromBalance = build(function (resellerId, request) {
	request.url = paymentsPath(
		resellerId,
		requiredId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
	);
	request.body = attributes({ status: 'paid_from_balance' });
});

/**
 * POST .../payments/{document_id}. `payment_method_id` is sent as a number, as in Complete by
 * ID and the v7.8 docs (the latest docs type it as a string; a JSON:API server reading an ID
 * accepts both). The paid amount goes in `amount` (latest docs; v7.8 called it `total`).
 */
const completeByDocument = build(function (resellerId, request) {
	const documentId = documentNumber(this, this.getNodeParameter('documentId', ''));
	request.url = paymentsPath(resellerId, documentId);
	const values: IDataObject = {
		payment_method_id: requiredId(
			this,
			'Payment Method ID',
			this.getNodeParameter('paymentMethodId', ''),
		),
	};
	const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
	if (!isBlank(extra.amount)) {
		const amount = finiteNumber(this, 'Additional Fields → Amount Paid', extra.amount);
		if (amount <= 0)
			invalid(this, 'Additional Fields → Amount Paid', `must be greater than 0, got ${amount}`);
		values.amount = amount;
	}
	if (!isBlank(extra.currencyCode)) {
		const code = String(extra.currencyCode).trim().toUpperCase();
		if (!/^[A-Z]{3}$/.test(code)) {
			invalid(
				this,
				'Additional Fields → Currency Code',
				`must be a three-letter ISO 4217 code such as USD, got ${describe(extra.currencyCode)}`,
			);
		}
		values.currency_code = code;
	}
	if (!isBlank(extra.externalTransactionId)) {
		const id = String(extra.externalTransactionId).trim();
		if (id.length < 2 || id.length > 255) {
			invalid(
				this,
				'Additional Fields → External Transaction ID',
				`must be 2 to 255 characters long, got ${id.length}`,
			);
		}
		values.external_transaction_id = id;
	}
	request.body = attributes(values);
	rememberIntent(this, request, documentId, values.external_transaction_id as string | undefined);
});

const cancel = build(function (resellerId, request) {
	request.url = paymentsPath(
		resellerId,
		requiredId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
	);
});

/** Each operation's preSend (build) sets the real URL, with the reseller ID; this is its root. */
const URL_SET_BY_BUILD = API_ROOT;

export const paymentOperations = resourceOperations('payment', 'complete', [
	{
		name: 'Cancel',
		value: 'cancel',
		action: 'Cancel a payment',
		description: 'Cancel a payment that is waiting for payment (DELETE)',
		method: 'DELETE',
		url: URL_SET_BY_BUILD,
		kind: 'write',
		alreadyDone: cancelled,
		explain: explain,
		build: cancel,
		output: [singleResource],
	},
	{
		name: 'Complete',
		value: 'complete',
		action: 'Complete a payment by ID',
		description:
			'Mark a payment waiting for payment or expired as paid with a payment method, when the money came outside the platform',
		method: 'PATCH',
		url: URL_SET_BY_BUILD,
		kind: 'write',
		alreadyDone: completed,
		explain: explain,
		build: complete,
		output: [singleResource],
	},
	{
		name: 'Complete by Document Number',
		value: 'completeByDocument',
		action: 'Complete a payment by document number',
		description:
			'Record money received for a payment found by its number, with the amount and external transaction ID',
		method: 'POST',
		url: URL_SET_BY_BUILD,
		kind: 'write',
		alreadyDone: completedByDocument,
		explain: explain,
		build: completeByDocument,
		output: [singleResource],
	},
	{
		name: 'Complete From Balance',
		value: 'completeFromBalance',
		action: 'Pay a payment from the account balance',
		description: "Pay a payment waiting for payment from the customer account's balance",
		method: 'PATCH',
		url: URL_SET_BY_BUILD,
		kind: 'write',
		alreadyDone: paidFromBalance,
		explain: explain,
		build: completeFromBalance,
		output: [singleResource],
	},
	{
		name: 'Create',
		value: 'create',
		action: 'Create a balance top-up payment',
		description: "Create a payment that tops up a customer account's balance",
		method: 'POST',
		url: URL_SET_BY_BUILD,
		kind: 'write',
		build: create,
		output: [singleResource],
	},
	{
		name: 'Get',
		value: 'get',
		action: 'Get a payment',
		description: 'Get one payment, optionally with related objects',
		method: 'GET',
		url: URL_SET_BY_BUILD,
		kind: 'read',
		build: getOne,
		output: [singleResource],
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many payments',
		description: 'List the payments of a reseller, filtered and sorted',
		method: 'GET',
		url: URL_SET_BY_BUILD,
		kind: 'read',
		pager: activePlatformPager,
		build: getMany,
		output: [keepFilteredRows, resourceList],
	},
]);

const STATUS_OPTIONS = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Completed', value: 'completed' },
	{ name: 'Expired', value: 'expired' },
	{ name: 'Paid From Balance', value: 'paid_from_balance' },
	{ name: 'Pending Billing', value: 'pending_billing' },
	{ name: 'Processing', value: 'processing' },
	{ name: 'Receipt Creating', value: 'receipt_creating' },
	{ name: 'Receipt Sent', value: 'receipt_sent' },
	{ name: 'Waiting for Payment', value: 'waiting_for_payment' },
];

const dateFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description: `${description} Without a time zone, the platform's own time zone applies`,
});

export const paymentFields: INodeProperties[] = [
	{
		displayName: 'Reseller ID',
		name: 'resellerId',
		type: 'string',
		default: '',
		placeholder: 'Default from the credential',
		displayOptions: show(ALL),
		description:
			"ID of the reseller the payment belongs to: the credential's reseller or one below it (a downstream reseller). Leave empty to use the credential's Default Reseller ID.",
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '6475',
		displayOptions: show(BY_ID),
		description: 'ID of the payment (not its document number)',
	},
	{
		displayName: 'Document Number',
		name: 'documentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '002018',
		displayOptions: show(['completeByDocument']),
		description:
			'The payment number (document_id) exactly as the platform shows it; leading zeros count. Keep it text in expressions (a number loses leading zeros).',
	},
	{
		displayName: 'Payment Method ID',
		name: 'paymentMethodId',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 0 },
		displayOptions: show(['complete', 'completeByDocument']),
		description:
			'ID of an active payment method of the platform (Operator Control Panel → list of payment methods). The API has no method to list them.',
	},
	{
		displayName: 'Account ID',
		name: 'accountId',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 0 },
		displayOptions: show(['create']),
		description: 'ID of the customer account whose balance is topped up',
	},
	{
		displayName: 'Total',
		name: 'total',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		displayOptions: show(['create']),
		description: "Amount of the payment, in the account's currency",
	},
	{
		displayName: 'Comment',
		name: 'comment',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show(['create']),
		description: 'Comment on the payment (required by ActivePlatform)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [
			{
				displayName: 'Purpose',
				name: 'purpose',
				type: 'string',
				default: '',
				description: 'Purpose of the payment, shown on the receipt',
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['completeByDocument']),
		options: [
			{
				displayName: 'Amount Paid',
				name: 'amount',
				type: 'number',
				default: 0,
				typeOptions: { numberPrecision: 2 },
				description:
					'Amount actually received, if it differs from the payment total. Less than the total: the payment stays open and a correction is recorded; more: it is completed and the overpayment recorded.',
			},
			{
				displayName: 'Currency Code',
				name: 'currencyCode',
				type: 'string',
				default: '',
				placeholder: 'USD',
				description: "ISO 4217 code of the amount; it must be the payment's currency",
			},
			{
				displayName: 'External Transaction ID',
				name: 'externalTransactionId',
				type: 'string',
				default: '',
				placeholder: 'BANK-20240601-0091',
				description:
					'ID of the transaction in the bank or payment system (2 to 255 characters), stored with the payment',
			},
		],
	},
	{
		displayName: 'Check Status First',
		name: CHECK_FIELD,
		type: 'options',
		default: 'check',
		displayOptions: show(['completeByDocument']),
		description:
			'ActivePlatform does not refuse this on a payment that is already completed, paid from balance, pending billing or cancelled: it records the amount again as a correction. So the node first reads the payment by its number (the list filtered on the number; every row is checked against it, since that filter is not documented) and sends only for a payment waiting for payment or expired. A payment that already carries this External Transaction ID is skipped as already done (a repeated notification).',
		options: [
			{
				name: 'Check First, Fail if Paid or Closed',
				value: 'check',
				description:
					'An item whose payment is paid, pending billing or cancelled fails, and nothing is sent',
			},
			{
				name: 'Check First, Return a Paid Payment as Already Done',
				value: true,
				description:
					'A payment already completed or paid from balance comes out as a success marked alreadyDone: true (Treat Already Done as Success), unless another external transaction paid it',
			},
			{
				name: "Don't Check",
				value: false,
				description:
					'Send at once, e.g. to record money that really came a second time: on a closed payment ActivePlatform records the amount again',
			},
		],
	},
	{
		displayName: 'Include Related',
		name: 'include',
		type: 'multiOptions',
		default: [],
		displayOptions: show(['get']),
		description: 'Related objects to add to the answer (JSON:API "included")',
		options: [
			{ name: 'Account', value: 'account' },
			{ name: 'Charges', value: 'charges' },
			{ name: 'Corrections', value: 'corrections' },
			{ name: 'Invoices', value: 'invoices' },
			{ name: 'Orders', value: 'orders' },
			{ name: 'Payment Method', value: 'payment_method' },
			{ name: 'Reseller', value: 'reseller' },
		],
	},
	...pagingFields({ resource: ['payment'], operation: ['getAll'] }),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			{
				displayName: 'Account ID',
				name: 'accountId',
				type: 'number',
				default: 0,
				description:
					'Only payments of this customer account (filter[account_id], not documented: the node also checks each row it gets)',
			},
			dateFilter(
				'Closed After',
				'closedAfter',
				'Only payments completed or cancelled after this moment (filter[closed_at][gt]).',
			),
			dateFilter(
				'Closed Before',
				'closedBefore',
				'Only payments completed or cancelled before this moment (filter[closed_at][lt]).',
			),
			dateFilter(
				'Created After',
				'createdAfter',
				'Only payments created after this moment (filter[created_at][gt]).',
			),
			dateFilter(
				'Created Before',
				'createdBefore',
				'Only payments created before this moment (filter[created_at][lt]).',
			),
			{
				displayName: 'Created On',
				name: 'createdOn',
				type: 'string',
				default: '',
				placeholder: '2024-05-01',
				description:
					"Only payments created on this day, YYYY-MM-DD in the platform's time zone (filter[created_at])",
			},
			{
				displayName: 'Document Number',
				name: 'documentId',
				type: 'string',
				default: '',
				placeholder: '002018',
				description:
					'Only the payment with this number, leading zeros included (filter[document_id], not documented: the node also checks each row it gets)',
			},
			{
				displayName: 'Other Filters',
				name: 'other',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Filter',
				description:
					'Filters this list does not offer, sent as filter[name]=value (e.g. name total[gt]). The node cannot check rows against these: an installation that ignores one returns every payment.',
				options: [
					{
						displayName: 'Filter',
						name: 'filter',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'external_total',
							},
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Payment Method ID',
				name: 'paymentMethodId',
				type: 'number',
				default: 0,
				description:
					'Only payments completed with this payment method (filter[payment_method_id], not documented: the node also checks each row it gets)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				default: [],
				description:
					'Only payments in one of these statuses (filter[status], values separated by commas; not documented: the node also checks each row it gets)',
				options: STATUS_OPTIONS,
			},
			dateFilter(
				'Updated After',
				'updatedAfter',
				'Only payments changed after this moment (filter[updated_at][gt]).',
			),
			dateFilter(
				'Updated Before',
				'updatedBefore',
				'Only payments changed before this moment (filter[updated_at][lt]).',
			),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				default: 'created_at',
				description: 'Field to sort the payments by (sort)',
				options: [
					{ name: 'Account ID', value: 'account_id' },
					{ name: 'Closed At', value: 'closed_at' },
					{ name: 'Created At', value: 'created_at' },
					{ name: 'Document Number', value: 'document_id' },
					{ name: 'ID', value: 'id' },
					{ name: 'Status', value: 'status' },
					{ name: 'Total', value: 'total' },
					{ name: 'Updated At', value: 'updated_at' },
				],
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				default: 'ascending',
				options: [
					{ name: 'Ascending', value: 'ascending' },
					{ name: 'Descending', value: 'descending' },
				],
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: show(ALL),
		description:
			'Whether to return each payment flattened (ID, type and attributes at the top level, relationships kept) instead of the raw JSON:API document (Get Many: the raw resource objects)',
	},
];
