import type {
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { Explanation, ItemFunctions } from '../../../shared/operations';
import { jsonBody, resourceOperations } from '../../../shared/operations';
import {
	describe,
	invalid,
	jsonObject,
	nonNegativeInteger,
	positiveId,
	requiredText,
} from '../../../shared/validation';
import type { ApiFailure } from '../../../shared/errors';
import { asObject } from '../../../shared/json';
import {
	bitrixPager,
	paySystemCreated,
	resultAsId,
	resultAsItem,
	resultAsSuccess,
	splitResult,
} from '../../transport';
import { listFields, targetFields } from '../shared';

/** Pay System: payment systems that use a REST handler (sale.paysystem.*). */

const show = (operations: string[], extra: IDataObject = {}) => ({
	show: { resource: ['paySystem'], operation: operations, ...extra },
});

/** Fields of a sale_paysystem row (for Select, Filter and Sort). */
const PAY_SYSTEM_FIELDS = [
	'ID',
	'NAME',
	'PSA_NAME',
	'DESCRIPTION',
	'XML_ID',
	'PERSON_TYPE_ID',
	'ACTION_FILE',
	'RESULT_FILE',
	'ACTIVE',
	'ENTITY_REGISTRY_TYPE',
	'NEW_WINDOW',
	'ALLOW_EDIT_PAYMENT',
	'AUTO_CHANGE_1C',
	'CAN_PRINT_CHECK',
	'HAVE_PAYMENT',
	'HAVE_ACTION',
	'HAVE_RESULT',
	'HAVE_PREPAY',
	'HAVE_PRICE',
	'HAVE_RESULT_RECEIVE',
	'ENCODING',
	'IS_CASH',
	'PS_MODE',
	'SORT',
	'TARIFF',
].map((value) => ({ name: value, value }));

/**
 * Filter operators of Get Many. Bitrix24 documents FILTER key prefixes (`!=`, `>`, `@`, `%`...),
 * but the portal's code does not apply them: RestService::getPaySystemList rebuilds each key
 * from the bare field name (CSqlUtil::GetFilterOperation's FIELD), so every condition becomes
 * equality and "Not Equal" returns the opposite rows; older releases turn the In/Like prefixes
 * into unknown field names; the 2021 release reads only a lower-case `filter`. So the node sends
 * the portal only what means the same on every release (Equals, In List: plain `FIELD: value`
 * or `FIELD: [values]`) and applies every operator itself to the rows that come back (the list
 * is not paged, pay systems are few). Option values are names: n8n reads a value starting with
 * "=" as an expression.
 */
type Test = (actual: string, value: string) => boolean;
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const listOf = (value: string) =>
	value
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
const compare = (a: string, b: string) =>
	a.trim() !== '' && b.trim() !== '' && !isNaN(Number(a)) && !isNaN(Number(b))
		? Number(a) - Number(b)
		: a.localeCompare(b);
const contains = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase());
function like(actual: string, pattern: string) {
	const source = pattern
		.split('')
		.map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(`^${source}$`, 'is').test(actual);
}
const FILTER_OPERATORS: Array<[string, string, Test]> = [
	['Equals', 'eq', (a, v) => a === v],
	['Greater Than', 'gt', (a, v) => compare(a, v) > 0],
	['Greater Than or Equal', 'gte', (a, v) => compare(a, v) >= 0],
	['In List (Comma-Separated)', 'in', (a, v) => listOf(v).includes(a)],
	['Less Than', 'lt', (a, v) => compare(a, v) < 0],
	['Less Than or Equal', 'lte', (a, v) => compare(a, v) <= 0],
	['Like (Contains)', 'like', contains],
	['Like (With Your % Wildcards)', 'likeRaw', like],
	['Not Equal', 'neq', (a, v) => a !== v],
	['Not in List (Comma-Separated)', 'notIn', (a, v) => !listOf(v).includes(a)],
	['Not Like (Contains)', 'notLike', (a, v) => !contains(a, v)],
	['Not Like (With Your % Wildcards)', 'notLikeRaw', (a, v) => !like(a, v)],
];
const FILTER_TESTS = Object.fromEntries(FILTER_OPERATORS.map(([, value, test]) => [value, test]));

interface Condition {
	field: string;
	operator: string;
	value: string;
	test: Test;
}

/** The Filters rows, checked (n8n leaves out values equal to their defaults: the editor's defaults apply). */
function conditions(ctx: ItemFunctions): Condition[] {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const rows = ((options.filters as IDataObject)?.filter ?? []) as IDataObject[];
	return rows.map((row, index) => {
		const where = `Filters → entry ${index + 1}`;
		const field = requiredText(ctx, `${where} → Field`, row.field ?? 'ACTIVE');
		const operator = String(row.operator ?? 'eq');
		// Own keys only: "constructor" or "toString" from an expression are unknown operators too.
		if (!Object.prototype.hasOwnProperty.call(FILTER_TESTS, operator)) {
			invalid(ctx, `${where} → Operator`, `unknown operator ${describe(row.operator)}`);
		}
		return { field, operator, value: text(row.value), test: FILTER_TESTS[operator] };
	});
}

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

/**
 * The logo as Bitrix24 decodes it (CRestUtil::saveFile): plain base64. A data URL's
 * `data:image/png;base64,` prefix is dropped: PHP's lenient decoding would turn it into a broken
 * image; line breaks are dropped too.
 */
function logoBase64(ctx: ItemFunctions, value: unknown): string {
	const base64 = String(value)
		.trim()
		.replace(/^data:[^,]*;base64,/i, '')
		.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
		invalid(
			ctx,
			'Logo (Base64)',
			'must be an image encoded as base64 (or a data: URL of one)',
			'Give the base64 text of the image (PNG, JPG or GIF), or a data: URL of it.',
		);
	}
	return base64;
}

/** Writes the optional fields of a pay system (add and update share them). */
function paySystemFields(ctx: ItemFunctions, values: IDataObject, into: IDataObject) {
	if (values.name !== undefined) into.NAME = requiredText(ctx, 'Name', values.name);
	if (values.description !== undefined) into.DESCRIPTION = String(values.description);
	if (values.personTypeId !== undefined)
		into.PERSON_TYPE_ID = positiveId(ctx, 'Person Type ID', values.personTypeId);
	if (values.handlerCode !== undefined)
		into.BX_REST_HANDLER = requiredText(ctx, 'Handler Code', values.handlerCode);
	if (values.active !== undefined) into.ACTIVE = yesNo(values.active);
	if (values.entityRegistryType) into.ENTITY_REGISTRY_TYPE = values.entityRegistryType;
	if (values.logotype) into.LOGOTYPE = logoBase64(ctx, values.logotype);
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
				invalid(
					ctx,
					'Settings (JSON)',
					`"${code}" must be an object like {"TYPE": "VALUE", "VALUE": "..."}`,
				);
			}
		}
	} else {
		const rows = ((ctx.getNodeParameter('settingsValues', {}) as IDataObject).setting ??
			[]) as IDataObject[];
		rows.forEach((row, index) => {
			const where = `Settings → entry ${index + 1}`;
			const code = requiredText(ctx, `${where} → Parameter Code`, row.code);
			if (code in settings) invalid(ctx, `${where} → Parameter Code`, `"${code}" is used twice`);
			settings[code] = {
				TYPE: row.type ?? 'VALUE',
				VALUE: row.value === undefined ? '' : String(row.value),
			};
		});
	}
	if (required && !Object.keys(settings).length) {
		invalid(
			ctx,
			'Settings',
			'add at least one setting',
			'Bitrix24 refuses an empty settings update.',
		);
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
	if (!Object.keys(fields).length)
		invalid(this, 'Update Fields', 'nothing to update', 'Add a field to change.');
	return { ID: id, FIELDS: fields };
});

/**
 * sale.paysystem.update on older releases (the sale module's checkParamsBeforePaySystemUpdate in
 * mirrors of earlier versions, e.g. https://github.com/avshatalov48/bitrix-core-business/blob/
 * 03e3b576472bb2bcfe9241c2069f93e00c23f726/modules/sale/lib/paysystem/restservice.php) looks up
 * FIELDS.BX_REST_HANDLER and FIELDS.PERSON_TYPE_ID whether they are given or not, and refuses
 * before changing anything; current portals (cloud) check each only when given. The node sends
 * only what the user changed: sending Person Type ID every time would replace the pay system's
 * payer-type restriction on current portals. When an older portal refuses for a field the item
 * did not send, the node reads the pay system and says which values to add; it does not send the
 * change again by itself.
 */
function legacyUpdate(failure: ApiFailure, request: IHttpRequestOptions): Explanation | undefined {
	const body = asObject(request.body);
	const fields = asObject(body?.FIELDS) ?? {};
	const notSent =
		(failure.code === 'ERROR_HANDLER_NOT_FOUND' && fields.BX_REST_HANDLER === undefined) ||
		(failure.code === 'ERROR_PERSON_TYPE_NOT_FOUND' && fields.PERSON_TYPE_ID === undefined);
	if (!notSent) return undefined;
	return {
		request: {
			method: 'POST',
			url: 'sale.paysystem.list',
			body: { FILTER: { ID: body?.ID }, SELECT: ['ID', 'ACTION_FILE', 'PERSON_TYPE_ID'] },
		},
		apply(original, response) {
			const rows = asObject(response.body)?.result;
			const row = (Array.isArray(rows) ? rows : [])
				.map(asObject)
				.find((r) => String(r?.ID) === String(body?.ID));
			if (!row) return original;
			return {
				...original,
				message:
					'This Bitrix24 portal needs Handler Code and Person Type ID in every pay system update',
				hint: `Nothing was changed. Older Bitrix24 releases refuse sale.paysystem.update without both. Add them to Update Fields with this pay system's current values, Handler Code "${String(row.ACTION_FILE)}" and Person Type ID ${String(row.PERSON_TYPE_ID)}, and run it again.`,
				extra: { handlerCode: String(row.ACTION_FILE), personTypeId: Number(row.PERSON_TYPE_ID) },
			};
		},
	};
}

const byId = jsonBody(function (this: ItemFunctions) {
	return { ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')) };
});

const selected = (ctx: ItemFunctions) =>
	((ctx.getNodeParameter('options', {}) as IDataObject).select as string[] | undefined) ?? [];

const getAll = jsonBody(function (this: ItemFunctions) {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const body: IDataObject = {};
	const filters = conditions(this);
	const select = selected(this);
	// The rows must carry the filtered fields for the node's own check.
	if (select.length) body.SELECT = [...new Set([...select, ...filters.map((c) => c.field)])];
	const portal: IDataObject = {};
	for (const c of filters) {
		if (c.operator === 'eq') portal[c.field] = c.value;
		if (c.operator === 'in') portal[c.field] = listOf(c.value);
	}
	if (Object.keys(portal).length) body.FILTER = portal;
	const order = ((options.order as IDataObject)?.rule ?? []) as IDataObject[];
	if (order.length) {
		body.ORDER = Object.fromEntries(
			order.map((row) => [String(row.field ?? 'ID'), String(row.direction ?? 'ASC')]),
		);
	}
	return body;
});

/** The rows that meet every filter, with the fields the user selected (none: all the portal gave). */
async function filterRows(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const filters = conditions(this);
	const select = selected(this);
	return items
		.filter((item) => filters.every((c) => c.test(text(item.json[c.field]), c.value)))
		.map((item) =>
			select.length
				? { ...item, json: Object.fromEntries(select.map((f) => [f, item.json[f] ?? null])) }
				: item,
		);
}

const getSettings = jsonBody(function (this: ItemFunctions) {
	return {
		ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
		PERSON_TYPE_ID: nonNegativeInteger(
			this,
			'Person Type ID',
			this.getNodeParameter('settingsPersonTypeId', 0),
		),
	};
});

const updateSettings = jsonBody(function (this: ItemFunctions) {
	const body: IDataObject = {
		ID: positiveId(this, 'Pay System ID', this.getNodeParameter('paySystemId', '')),
	};
	const extra = this.getNodeParameter('additionalFields', {}) as IDataObject;
	if (extra.personTypeId !== undefined)
		body.PERSON_TYPE_ID = nonNegativeInteger(this, 'Person Type ID', extra.personTypeId);
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
	const body: IDataObject = {
		INVOICE_ID: positiveId(ctx, 'Invoice ID', ctx.getNodeParameter('invoiceId', '')),
	};
	if ((ctx.getNodeParameter('identifyPaySystemBy', 'id') as string) === 'handlerCode') {
		body.BX_REST_HANDLER = requiredText(
			ctx,
			'Handler Code',
			ctx.getNodeParameter('handlerCode', ''),
		);
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
		description:
			'Settings resolved for a legacy CRM invoice (sale.paysystem.settings.invoice.get, deprecated by Bitrix24)',
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
		output: [splitResult, filterRows],
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
		description:
			'Settings of a payment system: for each parameter code of its handler, where the value comes from and the value ({"CODE": {"TYPE", "VALUE"}}, sale.paysystem.settings.get)',
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
		explain: legacyUpdate,
	},
	{
		name: 'Update Settings',
		value: 'updateSettings',
		action: 'Update the settings of a pay system',
		description:
			'Set the values of the handler parameters for a payment system (sale.paysystem.settings.update)',
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
	description:
		'Whether the pay system is active (ACTIVE; Bitrix24 creates inactive ones when not set)',
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
						description: "A key of the handler's Parameter Codes",
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
						description:
							'VALUE: the value itself (Fixed Value), or the field code at the source (e.g. ACCOUNT_NUMBER)',
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
			{
				displayName: 'Handler Code',
				name: 'handlerCode',
				type: 'string',
				default: '',
				description:
					'BX_REST_HANDLER: the Code of the REST handler to use. Older self-hosted Bitrix24 releases need it (and Person Type ID) in every update.',
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{
				displayName: 'Person Type ID',
				name: 'personTypeId',
				type: 'number',
				default: 0,
				description:
					"PERSON_TYPE_ID: the payer type. Bitrix24 also replaces the pay system's payer-type restriction with this one type.",
			},
		],
	},
	{
		displayName: 'Person Type ID',
		name: 'settingsPersonTypeId',
		type: 'number',
		default: 0,
		displayOptions: show(['getSettings']),
		description:
			"PERSON_TYPE_ID: the payer type whose settings to read. Settings given on Create are saved for the pay system's payer type; 0 reads the common ones (Update Settings without a Person Type ID). A code without a value shows its default.",
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
							{
								displayName: 'Field',
								name: 'field',
								type: 'options',
								default: 'ACTIVE',
								options: PAY_SYSTEM_FIELDS,
							},
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
							{
								displayName: 'Field',
								name: 'field',
								type: 'options',
								default: 'ID',
								options: PAY_SYSTEM_FIELDS,
							},
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
