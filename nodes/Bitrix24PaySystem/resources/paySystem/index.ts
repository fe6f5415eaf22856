import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { jsonBody, resourceOperations } from '../../../shared/operations';
import { describe, invalid, jsonObject, nonNegativeInteger, positiveId, requiredText } from '../../../shared/validation';
import { bitrixPager, paySystemCreated, resultAsId, resultAsItem, resultAsSuccess, splitResult } from '../../transport';
import { listFields, targetFields } from '../shared';

/** Pay System: payment systems that use a REST handler (sale.paysystem.*). */

const show = (operations: string[], extra: IDataObject = {}) => ({
	show: { resource: ['paySystem'], operation: operations, ...extra },
});

/** Fields of a sale_paysystem row (for Select, Filter and Sort). */
const PAY_SYSTEM_FIELDS = [
	'ID', 'NAME', 'PSA_NAME', 'DESCRIPTION', 'XML_ID', 'PERSON_TYPE_ID', 'ACTION_FILE', 'RESULT_FILE', 'ACTIVE',
	'ENTITY_REGISTRY_TYPE', 'NEW_WINDOW', 'ALLOW_EDIT_PAYMENT', 'AUTO_CHANGE_1C', 'CAN_PRINT_CHECK',
	'HAVE_PAYMENT', 'HAVE_ACTION', 'HAVE_RESULT', 'HAVE_PREPAY', 'HAVE_PRICE', 'HAVE_RESULT_RECEIVE', 'ENCODING',
	'IS_CASH', 'PS_MODE', 'SORT', 'TARIFF',
].map((value) => ({ name: value, value }));

/**
 * FILTER key prefixes (sale.paysystem.list). Option values are names, not the prefixes
 * themselves: n8n reads a parameter value starting with "=" as an expression.
 */
const FILTER_OPERATORS: Array<[string, string, string]> = [
	['Equals', 'eq', '='],
	['Greater Than', 'gt', '>'],
	['Greater Than or Equal', 'gte', '>='],
	['In List (Comma-Separated)', 'in', '@'],
	['Less Than', 'lt', '<'],
	['Less Than or Equal', 'lte', '<='],
	['Like (Contains)', 'like', '%'],
	['Like (With Your % Wildcards)', 'likeRaw', '=%'],
	['Not Equal', 'neq', '!='],
	['Not in List (Comma-Separated)', 'notIn', '!@'],
	['Not Like (Contains)', 'notLike', '!%'],
	['Not Like (With Your % Wildcards)', 'notLikeRaw', '!=%'],
];
const FILTER_PREFIX = Object.fromEntries(FILTER_OPERATORS.map(([, value, prefix]) => [value, prefix]));

/** Value sources of pay system settings ({TYPE, VALUE}). */
const SETTING_SOURCES = [
	{ name: 'Checkbox (Y\\N)', value: 'Y\\N' },
	{ name: 'Fixed Value', value: 'VALUE' },
	{ name: 'Invoice Property', value: 'PROPERTY' },
	{ name: 'Order Field', value: 'ORDER' },
	{ name: 'Payment Field', value: 'PAYMENT' },
	{ name: 'User Field', value: 'USER' },
];

const yesNo = (value: unknown) => (value ? 'Y' : 'N');

/** Writes the optional fields of a pay system (add and update share them). */
function paySystemFields(ctx: ItemFunctions, values: IDataObject, into: IDataObject) {
	if (values.name !== undefined) into.NAME = requiredText(ctx, 'Name', values.name);
	if (values.description !== undefined) into.DESCRIPTION = String(values.description);
	if (values.personTypeId !== undefined) into.PERSON_TYPE_ID = positiveId(ctx, 'Person Type ID', values.personTypeId);
	if (values.handlerCode !== undefined) into.BX_REST_HANDLER = requiredText(ctx, 'Handler Code', values.handlerCode);
	if (values.active !== undefined) into.ACTIVE = yesNo(values.active);
	if (values.entityRegistryType) into.ENTITY_REGISTRY_TYPE = values.entityRegistryType;
	if (values.logotype) into.LOGOTYPE = String(values.logotype);
	if (values.newWindow !== undefined) into.NEW_WINDOW = yesNo(values.newWindow);
	if (values.xmlId !== undefined) into.XML_ID = String(values.xmlId);
}

/** `{CODE: {TYPE, VALUE}}` from the Settings rows or the JSON field. */
function settingsValues(ctx: ItemFunctions, required: boolean): IDataObject | undefined {
	const input = ctx.getNodeParameter('settingsValuesInput', 'fields') as string;
	let settings: IDataObject = {};
	if (input === 'json') {
		settings = jsonObject(ctx, 'Settings (JSON)', ctx.getNodeParameter('settingsValuesJson', ''));
		for (const [code, value] of Object.entries(settings)) {
			const v = value as IDataObject;
			if (!v || typeof v !== 'object' || typeof v.TYPE !== 'string' || v.VALUE === undefined) {
				invalid(ctx, 'Settings (JSON)', `"${code}" must be an object like {"TYPE": "VALUE", "VALUE": "..."}`);
			}
		}
	} else {
		const rows = ((ctx.getNodeParameter('settingsValues', {}) as IDataObject).setting ?? []) as IDataObject[];
		rows.forEach((row, index) => {
			const where = `Settings → entry ${index + 1}`;
			const code = requiredText(ctx, `${where} → Parameter Code`, row.code);
			if (code in settings) invalid(ctx, `${where} → Parameter Code`, `"${code}" is used twice`);
			settings[code] = { TYPE: row.type ?? 'VALUE', VALUE: row.value === undefined ? '' : String(row.value) };
		});
	}
	if (required && !Object.keys(settings).length) {
		invalid(ctx, 'Settings', 'add at least one setting', 'Bitrix24 refuses an empty settings update.');
	}
	return Object.keys(settings).length ? settings : undefined;
}

const create = jsonBody(function (this: ItemFunctions) {
	// The required fields are checked as such: an expression that yields nothing must not drop them.
	const body: IDataObject = {
		NAME: requiredText(this, 'Name', this.getNodeParameter('name', '')),
		PERSON_TYPE_ID: positiveId(this, 'Person Type ID', this.getNodeParameter('personTypeId', '')),
		BX_REST_HANDLER: requiredText(this, 'Handler Code', this.getNodeParameter('handlerCode', '')),
	};
	paySystemFields(this, this.getNodeParameter('additionalFields', {}) as IDataObject, body);
	const settings = settingsValues(this, false);
	if (settings) body.SETTINGS = settings;
	return body;
});

const update = jsonBody(function (this: ItemFunctions) {
	const id = positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', ''));
	const fields: IDataObject = {};
	paySystemFields(this, this.getNodeParameter('updateFields', {}) as IDataObject, fields);
	if (!Object.keys(fields).length) invalid(this, 'Update Fields', 'nothing to update', 'Add a field to change.');
	return { ID: id, FIELDS: fields };
});

const byId = jsonBody(function (this: ItemFunctions) {
	return { ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')) };
});

const getAll = jsonBody(function (this: ItemFunctions) {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const body: IDataObject = {};
	const select = options.select as string[] | undefined;
	if (select?.length) body.SELECT = select;
	const filters = ((options.filters as IDataObject)?.filter ?? []) as IDataObject[];
	if (filters.length) {
		const filter: IDataObject = {};
		filters.forEach((row, index) => {
			// n8n leaves out values equal to their defaults: apply the defaults the editor shows.
			const field = requiredText(this, `Filters → entry ${index + 1} → Field`, row.field ?? 'ACTIVE');
			const name = String(row.operator ?? 'eq');
			// Own keys only: "constructor" or "toString" from an expression are unknown operators too.
			const operator = Object.prototype.hasOwnProperty.call(FILTER_PREFIX, name) ? FILTER_PREFIX[name] : undefined;
			if (operator === undefined) invalid(this, `Filters → entry ${index + 1} → Operator`, `unknown operator ${describe(row.operator)}`);
			const raw = row.value === undefined ? '' : String(row.value);
			filter[`${operator}${field}`] =
				operator === '@' || operator === '!@'
					? raw
							.split(',')
							.map((v) => v.trim())
							.filter(Boolean)
					: raw;
		});
		body.FILTER = filter;
	}
	const order = ((options.order as IDataObject)?.rule ?? []) as IDataObject[];
	if (order.length) {
		body.ORDER = Object.fromEntries(order.map((row) => [String(row.field ?? 'ID'), String(row.direction ?? 'ASC')]));
	}
	return body;
});

const getSettings = jsonBody(function (this: ItemFunctions) {
	return {
		ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
		PERSON_TYPE_ID: nonNegativeInteger(this, 'Person Type ID', this.getNodeParameter('settingsPersonTypeId', 0)),
	};
});

const updateSettings = jsonBody(function (this: ItemFunctions) {
	const body: IDataObject = { ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')) };
	const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
	if (extra.personTypeId !== undefined) body.PERSON_TYPE_ID = nonNegativeInteger(this, 'Person Type ID', extra.personTypeId);
	body.SETTINGS = settingsValues(this, true);
	return body;
});

const getPaymentSettings = jsonBody(function (this: ItemFunctions) {
	return {
		PAYMENT_ID: positiveId(this, 'Payment ID', this.getNodeParameter('paymentId', '')),
		PAY_SYSTEM_ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
	};
});

/** Legacy invoices: the pay system is named by ID or by handler code (ID wins in Bitrix24). */
export function invoiceTarget(ctx: ItemFunctions): IDataObject {
	const body: IDataObject = { INVOICE_ID: positiveId(ctx, 'Invoice ID', ctx.getNodeParameter('invoiceId', '')) };
	if ((ctx.getNodeParameter('identifyPaySystemBy', 'id') as string) === 'handlerCode') {
		body.BX_REST_HANDLER = requiredText(ctx, 'Handler Code', ctx.getNodeParameter('handlerCode', ''));
	} else {
		body.PAY_SYSTEM_ID = positiveId(ctx, 'Pay System ID', ctx.getNodeParameter('paySystemId', ''));
	}
	return body;
}

const getInvoiceSettings = jsonBody(function (this: ItemFunctions) {
	return invoiceTarget(this);
});

export const paySystemOperations = resourceOperations('paySystem', 'create', [
	{
		name: 'Create',
		value: 'create',
		action: 'Create a pay system',
		description: 'Add a payment system that uses a REST handler (sale.paysystem.add)',
		method: 'POST',
		url: 'sale.paysystem.add',
		kind: 'write',
		batch: true,
		alreadyDone: paySystemCreated,
		build: create,
		output: [resultAsId],
	},
	{
		name: 'Delete',
		value: 'delete',
		action: 'Delete a pay system',
		description: 'Delete a payment system (sale.paysystem.delete)',
		method: 'POST',
		url: 'sale.paysystem.delete',
		kind: 'write',
		batch: true,
		build: byId,
		output: [resultAsSuccess],
	},
	{
		name: 'Get Invoice Settings (Legacy)',
		value: 'getInvoiceSettings',
		action: 'Get the settings of a pay system for a legacy invoice',
		description: 'Settings resolved for a legacy CRM invoice (sale.paysystem.settings.invoice.get, deprecated by Bitrix24)',
		method: 'POST',
		url: 'sale.paysystem.settings.invoice.get',
		kind: 'read',
		batch: true,
		build: getInvoiceSettings,
		output: [resultAsItem],
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many pay systems',
		description: 'List payment systems (sale.paysystem.list)',
		method: 'POST',
		url: 'sale.paysystem.list',
		kind: 'read',
		batch: true,
		pager: bitrixPager,
		build: getAll,
		output: [splitResult],
	},
	{
		name: 'Get Payment Settings',
		value: 'getPaymentSettings',
		action: 'Get the settings of a pay system for a payment',
		description: 'Settings resolved for one payment (sale.paysystem.settings.payment.get)',
		method: 'POST',
		url: 'sale.paysystem.settings.payment.get',
		kind: 'read',
		batch: true,
		build: getPaymentSettings,
		output: [resultAsItem],
	},
	{
		name: 'Get Settings',
		value: 'getSettings',
		action: 'Get the settings of a pay system',
		description: 'Settings of a payment system (sale.paysystem.settings.get)',
		method: 'POST',
		url: 'sale.paysystem.settings.get',
		kind: 'read',
		batch: true,
		build: getSettings,
		output: [resultAsItem],
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update a pay system',
		description: 'Change a payment system (sale.paysystem.update)',
		method: 'POST',
		url: 'sale.paysystem.update',
		kind: 'write',
		batch: true,
		build: update,
		output: [resultAsSuccess],
	},
	{
		name: 'Update Settings',
		value: 'updateSettings',
		action: 'Update the settings of a pay system',
		description: 'Set the values of the handler parameters for a payment system (sale.paysystem.settings.update)',
		method: 'POST',
		url: 'sale.paysystem.settings.update',
		kind: 'write',
		batch: true,
		build: updateSettings,
		output: [resultAsSuccess],
	},
]);

const activeField: INodeProperties = {
	displayName: 'Active',
	name: 'active',
	type: 'boolean',
	default: true,
	description: 'Whether the pay system is active (ACTIVE; Bitrix24 creates inactive ones when not set)',
};
const commonOptional: INodeProperties[] = [
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	{
		displayName: 'Logo (Base64)',
		name: 'logotype',
		type: 'string',
		default: '',
		description: 'LOGOTYPE: the image encoded as base64',
	},
	{
		displayName: 'Open in New Window',
		name: 'newWindow',
		type: 'boolean',
		default: false,
		description: 'Whether the payment page opens in a new window (NEW_WINDOW)',
	},
	{
		displayName: 'External ID',
		name: 'xmlId',
		type: 'string',
		default: '',
		description: 'XML_ID: your own identifier, usable in Get Many filters',
	},
];

const settingsRows: INodeProperties[] = [
	{
		displayName: 'Settings',
		name: 'settingsValuesInput',
		type: 'options',
		default: 'fields',
		displayOptions: show(['create', 'updateSettings']),
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		description: 'How to give the values of the handler parameters (SETTINGS)',
	},
	{
		displayName: 'Settings',
		name: 'settingsValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Setting',
		displayOptions: show(['create', 'updateSettings'], { settingsValuesInput: ['fields'] }),
		description: "Values of the handler's parameter codes for this pay system",
		options: [
			{
				displayName: 'Setting',
				name: 'setting',
				values: [
					{
						displayName: 'Parameter Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'ACME_SHOP_ID',
						description: 'A key of the handler\'s Parameter Codes',
					},
					{
						displayName: 'Value From',
						name: 'type',
						type: 'options',
						default: 'VALUE',
						options: SETTING_SOURCES,
						description: 'TYPE: where the value comes from',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'VALUE: the value itself (Fixed Value), or the field code at the source (e.g. ACCOUNT_NUMBER)',
					},
				],
			},
		],
	},
	{
		displayName: 'Settings (JSON)',
		name: 'settingsValuesJson',
		type: 'json',
		default: '{\n  "CODE": { "TYPE": "VALUE", "VALUE": "" }\n}',
		displayOptions: show(['create', 'updateSettings'], { settingsValuesInput: ['json'] }),
		description: 'SETTINGS as Bitrix24 documents it: {"CODE": {"TYPE": "...", "VALUE": "..."}}',
	},
];

export const paySystemFieldsDescription: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show(['create']),
		description: 'NAME of the payment system',
	},
	{
		displayName: 'Person Type ID',
		name: 'personTypeId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: show(['create']),
		description:
			'PERSON_TYPE_ID: the payer type (sale.persontype.list); it must belong to the same Entity Registry Type',
	},
	{
		displayName: 'Handler Code',
		name: 'handlerCode',
		type: 'string',
		default: '',
		required: true,
		displayOptions: show(['create']),
		description: 'BX_REST_HANDLER: the Code of the REST handler this pay system uses',
	},
	// Invoice ID, Identify Pay System By, Payment ID, Pay System ID, Handler Code (shared with Payment).
	...targetFields,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [
			activeField,
			...commonOptional,
			{
				displayName: 'Entity Registry Type',
				name: 'entityRegistryType',
				type: 'options',
				default: 'ORDER',
				options: [
					{ name: 'CRM Invoices (CRM_INVOICE, Bitrix24 Default)', value: 'CRM_INVOICE' },
					{ name: 'Estimates (CRM_QUOTE)', value: 'CRM_QUOTE' },
					{ name: 'Orders, Deals, Smart Processes (ORDER)', value: 'ORDER' },
				],
				description: 'ENTITY_REGISTRY_TYPE: what the pay system is used for; fixed once created',
			},
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['update']),
		options: [
			activeField,
			...commonOptional,
			{ displayName: 'Handler Code', name: 'handlerCode', type: 'string', default: '', description: 'BX_REST_HANDLER' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Person Type ID', name: 'personTypeId', type: 'number', default: 0 },
		],
	},
	{
		displayName: 'Person Type ID',
		name: 'settingsPersonTypeId',
		type: 'number',
		default: 0,
		displayOptions: show(['getSettings']),
		description: 'PERSON_TYPE_ID: the payer type whose settings to read; 0 for the default settings',
	},
	...settingsRows,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['updateSettings']),
		options: [
			{
				displayName: 'Person Type ID',
				name: 'personTypeId',
				type: 'number',
				default: 0,
				description: 'PERSON_TYPE_ID: set the values for this payer type only',
			},
		],
	},
	// Return All, Limit (shared with Handler → Get Many).
	...listFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Filter',
				description: 'FILTER: all conditions must match',
				options: [
					{
						displayName: 'Filter',
						name: 'filter',
						values: [
							{ displayName: 'Field', name: 'field', type: 'options', default: 'ACTIVE', options: PAY_SYSTEM_FIELDS },
							{
								displayName: 'Operator',
								name: 'operator',
								type: 'options',
								default: 'eq',
								options: FILTER_OPERATORS.map(([name, value]) => ({ name, value })),
							},
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'Select',
				name: 'select',
				type: 'multiOptions',
				default: [],
				options: PAY_SYSTEM_FIELDS,
				description: 'SELECT: the fields to return (none = all)',
			},
			{
				displayName: 'Sort',
				name: 'order',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, sortable: true },
				default: {},
				placeholder: 'Add Sort Rule',
				description: 'ORDER',
				options: [
					{
						displayName: 'Rule',
						name: 'rule',
						values: [
							{ displayName: 'Field', name: 'field', type: 'options', default: 'ID', options: PAY_SYSTEM_FIELDS },
							{
								displayName: 'Direction',
								name: 'direction',
								type: 'options',
								default: 'ASC',
								options: [
									{ name: 'Ascending', value: 'ASC' },
									{ name: 'Descending', value: 'DESC' },
								],
							},
						],
					},
				],
			},
		],
	},
];
