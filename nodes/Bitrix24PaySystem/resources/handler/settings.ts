import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

import {
	absoluteUrl,
	describe,
	invalid,
	jsonObject,
	requiredText,
} from '../../../shared/validation';

/**
 * The handler SETTINGS editor (sale.paysystem.handler.add / .update): mode, Action URI, fields
 * sent to it, parameter codes (CODES), currencies and client type, built from typed fields;
 * raw JSON stays available for power users. The structure follows the documentation's examples
 * and parameter tables
 * (https://apidocs.bitrix24.com/api-reference/pay-system/sale-pay-system-handler-add.html).
 */

const ORDER_FIELDS = [
	'ID',
	'ACCOUNT_NUMBER',
	'ORDER_TOPIC',
	'DATE_INSERT',
	'DATE_INSERT_DATE',
	'DATE_BILL',
	'DATE_BILL_DATE',
	'DATE_PAY_BEFORE',
	'SHOULD_PAY',
	'CURRENCY',
	'PRICE',
	'PRICE_DELIVERY',
	'DISCOUNT_VALUE',
	'USER_ID',
	'PAY_SYSTEM_ID',
	'DELIVERY_ID',
	'TAX_VALUE',
	'USER_DESCRIPTION',
];
const PAYMENT_FIELDS = [
	'ID',
	'ACCOUNT_NUMBER',
	'DATE_BILL',
	'DATE_BILL_DATE',
	'SUM',
	'CURRENCY',
	'PAID',
	'DATE_PAID',
	'PAY_SYSTEM_ID',
	'PAY_VOUCHER_NUM',
	'PAY_VOUCHER_DATE',
	'DATE_PAY_BEFORE',
	'XML_ID',
	'PAY_SYSTEM_NAME',
	'COMPANY_ID',
	'PAY_RETURN_NUM',
	'PAY_RETURN_DATE',
	'PAY_RETURN_COMMENT',
];
const USER_FIELDS = [
	'ID',
	'LOGIN',
	'NAME',
	'SECOND_NAME',
	'LAST_NAME',
	'EMAIL',
	'PERSONAL_PROFESSION',
	'PERSONAL_WWW',
	'PERSONAL_ICQ',
	'PERSONAL_GENDER',
	'PERSONAL_FAX',
	'PERSONAL_MOBILE',
	'PERSONAL_STREET',
	'PERSONAL_MAILBOX',
	'PERSONAL_CITY',
	'PERSONAL_STATE',
	'PERSONAL_ZIP',
	'PERSONAL_COUNTRY',
	'WORK_COMPANY',
	'WORK_DEPARTMENT',
	'WORK_POSITION',
	'WORK_WWW',
	'WORK_PHONE',
	'WORK_FAX',
	'WORK_STREET',
	'WORK_MAILBOX',
	'WORK_CITY',
	'WORK_STATE',
	'WORK_ZIP',
	'WORK_COUNTRY',
];

/** Currencies a Bitrix24 portal ships with; other codes can be given with an expression. */
const CURRENCIES = [
	'RUB',
	'USD',
	'EUR',
	'UAH',
	'BYN',
	'KZT',
	'GBP',
	'CNY',
	'PLN',
	'BRL',
	'INR',
	'IDR',
	'JPY',
	'TRY',
	'VND',
];

const asOptions = (values: string[]) => values.map((value) => ({ name: value, value }));

/** Shown on Handler → Create, and on Handler → Update when the settings are replaced. */
const whenEditingSettings = {
	resource: ['handler'],
	operation: ['create', 'update'],
	settingsInput: ['fields'],
};

export const settingsProperties: INodeProperties[] = [
	{
		displayName: 'Settings',
		name: 'settingsInput',
		type: 'options',
		default: 'fields',
		displayOptions: { show: { resource: ['handler'], operation: ['create'] } },
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		description: 'How to define the handler settings (SETTINGS)',
	},
	{
		displayName: 'Settings',
		name: 'settingsInput',
		type: 'options',
		default: 'keep',
		displayOptions: { show: { resource: ['handler'], operation: ['update'] } },
		options: [
			{ name: 'Keep Current Settings', value: 'keep' },
			{ name: 'Replace Using Fields Below', value: 'fields' },
			{ name: 'Replace Using JSON', value: 'json' },
		],
		description:
			'Whether to send new handler settings (SETTINGS). Bitrix24 replaces them as a whole, so give the complete settings.',
	},
	{
		displayName: 'Settings (JSON)',
		name: 'settingsJson',
		type: 'json',
		default: '{\n  "CODES": {},\n  "CHECKOUT_DATA": {\n    "ACTION_URI": ""\n  }\n}',
		required: true,
		displayOptions: {
			show: { resource: ['handler'], operation: ['create', 'update'], settingsInput: ['json'] },
		},
		description:
			'The SETTINGS object exactly as Bitrix24 documents it: CODES plus one of FORM_DATA, CHECKOUT_DATA or IFRAME_DATA, and optionally CURRENCY and CLIENT_TYPE',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'checkout',
		displayOptions: { show: whenEditingSettings },
		options: [
			{
				name: 'Checkout',
				value: 'checkout',
				description:
					'The portal calls the Action URI from its server; it must create the payment and answer with PAYMENT_URL and PAYMENT_ID',
			},
			{
				name: 'Form',
				value: 'form',
				description: "The buyer's browser submits a form to the Action URI",
			},
			{
				name: 'IFrame',
				value: 'iframe',
				description: 'The Action URI is shown in an iframe on the payment page',
			},
		],
		description: 'How Bitrix24 hands the payment over to the payment service',
	},
	{
		displayName: 'Action URI',
		name: 'actionUri',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/pay',
		displayOptions: { show: whenEditingSettings },
		description:
			'ACTION_URI: in Checkout mode the URL the portal calls to create a payment (for example the URL of a Bitrix24 PaySystem Trigger node); in Form mode where the form is sent; in IFrame mode the page shown',
	},
	{
		displayName: 'Form Method',
		name: 'formMethod',
		type: 'options',
		default: '',
		displayOptions: { show: { ...whenEditingSettings, mode: ['form'] } },
		options: [
			{ name: 'Not Set (Bitrix24 Uses GET)', value: '' },
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		description: 'METHOD: how the form is submitted',
	},
	{
		displayName: 'Fields Sent to Action URI',
		name: 'requestFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Field',
		displayOptions: { show: whenEditingSettings },
		description:
			'FIELDS: each entry becomes a field sent to the Action URI, its value taken from a parameter code or typed by the buyer',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'orderNo',
						description: 'Name of the field as the Action URI receives it',
					},
					{
						displayName: 'Input Type',
						name: 'inputType',
						type: 'options',
						default: 'STRING',
						displayOptions: { show: { source: ['input'] } },
						options: [
							{ name: 'Text', value: 'STRING' },
							{ name: 'Checkbox (Y/N)', value: 'Y/N' },
							{
								name: 'Text, Legacy Shape (TYPE Without INPUT)',
								value: 'legacy:STRING',
								description:
									'Writes {"TYPE": "STRING"} directly in CODE, as the Form-mode example of the Bitrix24 documentation does',
							},
						],
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: '',
						displayOptions: { show: { source: ['input'] } },
						description: 'Label of the input shown to the buyer (CODE.NAME)',
					},
					{
						displayName: 'Parameter Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'ACME_ORDER_NO',
						displayOptions: { show: { source: ['code'] } },
						description: 'The key of one of the Parameter Codes below',
					},
					{
						displayName: 'Value From',
						name: 'source',
						type: 'options',
						default: 'code',
						options: [
							{
								name: 'Parameter Code',
								value: 'code',
								description: 'A code defined under Parameter Codes',
							},
							{ name: 'Buyer Input', value: 'input', description: 'A field the buyer fills in' },
						],
					},
					{
						displayName: 'Visible',
						name: 'visible',
						type: 'options',
						default: '',
						options: [
							{ name: 'Not Set (Hidden)', value: '' },
							{ name: 'Yes', value: 'Y' },
							{ name: 'No', value: 'N' },
						],
						description: 'VISIBLE: whether the buyer sees (and can edit) the field',
					},
				],
			},
		],
	},
	{
		displayName: 'Legacy Params',
		name: 'legacyParams',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Param',
		displayOptions: { show: { ...whenEditingSettings, mode: ['form'] } },
		description:
			'PARAMS (deprecated by Bitrix24, ignored when Fields are set): form field name → parameter code, sent as hidden fields',
		options: [
			{
				displayName: 'Param',
				name: 'param',
				values: [
					{ displayName: 'Form Field Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Parameter Code', name: 'code', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Parameter Codes',
		name: 'parameterCodes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Parameter Code',
		displayOptions: { show: whenEditingSettings },
		description:
			'CODES: the settings an administrator fills in for each pay system that uses this handler (shop ID, secret, which order field is the amount...)',
		options: [
			{
				displayName: 'Parameter Code',
				name: 'code',
				values: [
					{
						displayName: 'Code',
						name: 'code',
						type: 'string',
						default: '',
						placeholder: 'ACME_SHOP_ID',
						description: 'Unique key of the parameter',
					},
					{
						displayName: 'Default Value',
						name: 'defaultValue',
						type: 'string',
						default: '',
						displayOptions: { show: { defaultProvider: ['VALUE', 'PROPERTY', 'Y\\N'] } },
						description: 'DEFAULT.PROVIDER_VALUE: the value itself, the property code, or Y/N',
					},
					{
						displayName: 'Default Value From',
						name: 'defaultProvider',
						type: 'options',
						default: '',
						options: [
							{ name: 'Checkbox (Y\\N)', value: 'Y\\N' },
							{ name: 'Fixed Value', value: 'VALUE' },
							{ name: 'Invoice Property', value: 'PROPERTY' },
							{ name: 'No Default', value: '' },
							{ name: 'Order', value: 'ORDER' },
							{ name: 'Payment', value: 'PAYMENT' },
							{ name: 'User', value: 'USER' },
						],
						description:
							'DEFAULT.PROVIDER_KEY: where the value comes from unless the administrator sets one',
					},
					{ displayName: 'Description', name: 'description', type: 'string', default: '' },
					{
						displayName: 'Group',
						name: 'group',
						type: 'string',
						default: '',
						placeholder: 'PAYMENT',
						description: 'Code of the group the parameter belongs to, e.g. PAYMENT',
					},
					{
						displayName: 'Input Type',
						name: 'inputType',
						type: 'options',
						default: '',
						options: [
							{ name: 'Not Set', value: '' },
							{ name: 'Text', value: 'STRING' },
							{ name: 'Checkbox (Y/N)', value: 'Y/N' },
							{ name: 'List (ENUM)', value: 'ENUM' },
						],
						description: 'INPUT.TYPE: the control the administrator fills in',
					},
					{
						displayName: 'List Options',
						name: 'enumOptions',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true, sortable: true },
						default: {},
						placeholder: 'Add Option',
						displayOptions: { show: { inputType: ['ENUM'] } },
						description: 'INPUT.OPTIONS: value → label',
						options: [
							{
								displayName: 'Option',
								name: 'option',
								values: [
									{ displayName: 'Label', name: 'label', type: 'string', default: '' },
									{ displayName: 'Value', name: 'value', type: 'string', default: '' },
								],
							},
						],
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Label shown to the administrator',
					},
					{
						displayName: 'Order Field',
						name: 'defaultOrderField',
						type: 'options',
						default: 'ID',
						options: asOptions(ORDER_FIELDS),
						displayOptions: { show: { defaultProvider: ['ORDER'] } },
						description: 'DEFAULT.PROVIDER_VALUE',
					},
					{
						displayName: 'Payment Field',
						name: 'defaultPaymentField',
						type: 'options',
						default: 'SUM',
						options: asOptions(PAYMENT_FIELDS),
						displayOptions: { show: { defaultProvider: ['PAYMENT'] } },
						description: 'DEFAULT.PROVIDER_VALUE',
					},
					{
						displayName: 'Sort',
						name: 'sort',
						type: 'number',
						default: 100,
						description:
							'Position in the settings form (sent as text, as in the Bitrix24 examples)',
					},
					{
						displayName: 'User Field',
						name: 'defaultUserField',
						type: 'options',
						default: 'EMAIL',
						options: asOptions(USER_FIELDS),
						displayOptions: { show: { defaultProvider: ['USER'] } },
						description: 'DEFAULT.PROVIDER_VALUE',
					},
				],
			},
		],
	},
	{
		displayName: 'Currencies',
		name: 'currencies',
		type: 'multiOptions',
		default: [],
		options: asOptions(CURRENCIES),
		displayOptions: { show: whenEditingSettings },
		description: 'CURRENCY: currencies the payment service accepts (none = not limited)',
	},
	{
		displayName: 'Client Type',
		name: 'clientType',
		type: 'options',
		default: '',
		displayOptions: { show: whenEditingSettings },
		options: [
			{ name: 'Not Set (Individuals)', value: '' },
			{ name: 'Individuals (B2C)', value: 'b2c' },
			{ name: 'Companies (B2B)', value: 'b2b' },
		],
		description: 'CLIENT_TYPE: which buyers the handler serves',
	},
];

interface FieldEntry {
	name?: string;
	source?: string;
	code?: string;
	label?: string;
	inputType?: string;
	visible?: string;
}

interface CodeEntry {
	code?: string;
	name?: string;
	description?: string;
	sort?: number | string;
	group?: string;
	defaultProvider?: string;
	defaultOrderField?: string;
	defaultPaymentField?: string;
	defaultUserField?: string;
	defaultValue?: string;
	inputType?: string;
	enumOptions?: { option?: Array<{ value?: string; label?: string }> };
}

const MODE_KEYS: Record<string, string> = {
	form: 'FORM_DATA',
	checkout: 'CHECKOUT_DATA',
	iframe: 'IFRAME_DATA',
};

function entries<T>(ctx: ItemFunctions, name: string, key: string): T[] {
	const value = ctx.getNodeParameter(name, {}) as IDataObject;
	const list = value?.[key];
	return Array.isArray(list) ? (list as T[]) : [];
}

function buildCodes(ctx: ItemFunctions): IDataObject {
	const codes: IDataObject = {};
	entries<CodeEntry>(ctx, 'parameterCodes', 'code').forEach((entry, index) => {
		const where = `Parameter Codes → entry ${index + 1}`;
		const key = requiredText(ctx, `${where} → Code`, entry.code);
		uniqueCode(ctx, `${where} → Code`, key, codes);
		const code: IDataObject = {};
		if (entry.name) code.NAME = entry.name;
		if (entry.description) code.DESCRIPTION = entry.description;
		// n8n leaves out values equal to their defaults: apply the defaults the editor shows.
		const sort = entry.sort ?? 100;
		if (sort !== '') code.SORT = String(sort);
		if (entry.group) code.GROUP = entry.group;
		if (entry.defaultProvider) {
			const value =
				entry.defaultProvider === 'ORDER'
					? (entry.defaultOrderField ?? 'ID')
					: entry.defaultProvider === 'PAYMENT'
						? (entry.defaultPaymentField ?? 'SUM')
						: entry.defaultProvider === 'USER'
							? (entry.defaultUserField ?? 'EMAIL')
							: entry.defaultValue;
			code.DEFAULT = {
				PROVIDER_KEY: entry.defaultProvider,
				PROVIDER_VALUE: requiredText(ctx, `${where} → default value`, value),
			};
		}
		if (entry.inputType) {
			const input: IDataObject = { TYPE: entry.inputType };
			if (entry.inputType === 'ENUM') {
				const options: IDataObject = {};
				for (const option of entry.enumOptions?.option ?? []) {
					const value = requiredText(ctx, `${where} → List Options → Value`, option.value);
					options[value] = option.label ?? value;
				}
				if (!Object.keys(options).length) {
					invalid(ctx, `${where} → List Options`, 'a list (ENUM) input needs at least one option');
				}
				input.OPTIONS = options;
			}
			code.INPUT = input;
		}
		codes[key] = code;
	});
	if (!Object.keys(codes).length) {
		invalid(
			ctx,
			'Parameter Codes',
			'add at least one parameter code',
			'Bitrix24 requires CODES: the settings each pay system of this handler is configured with.',
		);
	}
	return codes;
}

function buildFields(ctx: ItemFunctions, codes: IDataObject): IDataObject | undefined {
	const fields: IDataObject = {};
	entries<FieldEntry>(ctx, 'requestFields', 'field').forEach((entry, index) => {
		const where = `Fields Sent to Action URI → entry ${index + 1}`;
		const name = requiredText(ctx, `${where} → Field Name`, entry.name);
		if (name in fields) invalid(ctx, `${where} → Field Name`, `"${name}" is used twice`);
		const field: IDataObject = {};
		if (entry.visible) field.VISIBLE = entry.visible;
		if ((entry.source ?? 'code') === 'code') {
			const code = requiredText(ctx, `${where} → Parameter Code`, entry.code);
			if (!(code in codes)) {
				invalid(ctx, `${where} → Parameter Code`, `"${code}" is not one of the Parameter Codes`);
			}
			field.CODE = code;
		} else {
			const label = requiredText(ctx, `${where} → Label`, entry.label);
			const type = entry.inputType ?? 'STRING';
			field.CODE = type.startsWith('legacy:')
				? { NAME: label, TYPE: type.slice('legacy:'.length) }
				: { NAME: label, INPUT: { TYPE: type } };
		}
		fields[name] = field;
	});
	return Object.keys(fields).length ? fields : undefined;
}

function buildParams(ctx: ItemFunctions, codes: IDataObject): IDataObject | undefined {
	const params: IDataObject = {};
	entries<{ name?: string; code?: string }>(ctx, 'legacyParams', 'param').forEach(
		(entry, index) => {
			const where = `Legacy Params → entry ${index + 1}`;
			const name = requiredText(ctx, `${where} → Form Field Name`, entry.name);
			const code = requiredText(ctx, `${where} → Parameter Code`, entry.code);
			if (!(code in codes))
				invalid(ctx, `${where} → Parameter Code`, `"${code}" is not one of the Parameter Codes`);
			params[name] = code;
		},
	);
	return Object.keys(params).length ? params : undefined;
}

/** The SETTINGS object from the editor's fields. */
function buildFromFields(ctx: ItemFunctions): IDataObject {
	const settings: IDataObject = {};
	const currencies = ctx.getNodeParameter('currencies', []) as string[] | string;
	const list = Array.isArray(currencies)
		? currencies
		: String(currencies)
				.split(',')
				.map((c) => c.trim())
				.filter(Boolean);
	for (const currency of list) {
		if (!/^[A-Z]{3}$/.test(currency))
			invalid(ctx, 'Currencies', `"${currency}" is not a three-letter currency code`);
	}
	if (list.length) settings.CURRENCY = list;
	const clientType = ctx.getNodeParameter('clientType', '') as string;
	if (clientType) settings.CLIENT_TYPE = clientType;

	const codes = buildCodes(ctx);
	const mode = ctx.getNodeParameter('mode', 'checkout') as string;
	const data: IDataObject = {
		ACTION_URI: absoluteUrl(ctx, 'Action URI', ctx.getNodeParameter('actionUri', '')),
	};
	if (mode === 'form') {
		const method = ctx.getNodeParameter('formMethod', '') as string;
		if (method) data.METHOD = method;
	}
	const fields = buildFields(ctx, codes);
	if (fields) data.FIELDS = fields;
	if (mode === 'form') {
		const params = buildParams(ctx, codes);
		if (params) data.PARAMS = params;
	}
	settings[MODE_KEYS[mode] ?? 'CHECKOUT_DATA'] = data;
	settings.CODES = codes;
	return settings;
}

/**
 * A parameter code not given before in any case: pay systems store their values under the
 * upper-cased code (BusinessValue::setMapping), so "shop_id" and "SHOP_ID" would share one value.
 */
function uniqueCode(ctx: ItemFunctions, field: string, code: string, codes: IDataObject) {
	const twin = Object.keys(codes).find((c) => c.toUpperCase() === code.toUpperCase());
	if (twin === code) invalid(ctx, field, `"${code}" is used twice; parameter codes must be unique`);
	if (twin !== undefined) {
		invalid(
			ctx,
			field,
			`"${code}" and "${twin}" differ only in case`,
			'Bitrix24 stores the values of parameter codes under the upper-cased code, so the two would share one value. Use one of them.',
		);
	}
}

/** CLIENT_TYPE as the portal accepts it (ClientType::isValid): b2c or b2b. */
const CLIENT_TYPES = ['b2c', 'b2b'];

/**
 * Checks a hand-written SETTINGS object for the parts Bitrix24 requires (RestService's
 * checkParamsOnAddHandler): CODES, one mode with an ACTION_URI, a valid CLIENT_TYPE. CODES must
 * not be empty: inside a batch call an empty object cannot be sent at all, and Bitrix24 then
 * refuses the handler for lack of CODES.
 */
function checkJson(ctx: ItemFunctions, settings: IDataObject): IDataObject {
	const field = 'Settings (JSON)';
	const codes = settings.CODES;
	if (!codes || typeof codes !== 'object' || Array.isArray(codes)) {
		invalid(ctx, field, 'needs a "CODES" object (the handler parameters)');
	}
	const seen: IDataObject = {};
	for (const code of Object.keys(codes)) {
		uniqueCode(ctx, `${field} → CODES`, code, seen);
		seen[code] = true;
	}
	if (!Object.keys(codes).length) {
		invalid(ctx, field, '"CODES" needs at least one parameter code');
	}
	if (settings.CLIENT_TYPE !== undefined && !CLIENT_TYPES.includes(String(settings.CLIENT_TYPE))) {
		invalid(
			ctx,
			field,
			`"CLIENT_TYPE" must be "b2c" or "b2b", got ${describe(settings.CLIENT_TYPE)}`,
		);
	}
	const modes = Object.values(MODE_KEYS).filter((key) => settings[key] !== undefined);
	if (!modes.length)
		invalid(ctx, field, 'needs one of "FORM_DATA", "CHECKOUT_DATA" or "IFRAME_DATA"');
	for (const key of modes) {
		const data = settings[key] as IDataObject;
		if (
			!data ||
			typeof data !== 'object' ||
			typeof data.ACTION_URI !== 'string' ||
			!data.ACTION_URI.trim()
		) {
			invalid(ctx, field, `"${key}" needs an "ACTION_URI" text`);
		}
	}
	if (settings.CURRENCY !== undefined && !Array.isArray(settings.CURRENCY)) {
		invalid(ctx, field, '"CURRENCY" must be a list such as ["RUB"]');
	}
	return settings;
}

/** SETTINGS for the request, or undefined when the user keeps the current ones (update). */
export function buildSettings(ctx: ItemFunctions): IDataObject | undefined {
	const input = ctx.getNodeParameter('settingsInput', 'fields') as string;
	if (input === 'keep') return undefined;
	if (input === 'json') {
		return checkJson(
			ctx,
			jsonObject(ctx, 'Settings (JSON)', ctx.getNodeParameter('settingsJson', '')),
		);
	}
	return buildFromFields(ctx);
}
