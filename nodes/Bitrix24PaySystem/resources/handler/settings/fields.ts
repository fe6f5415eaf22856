import type { INodeProperties } from 'n8n-workflow';

import { asOptions, EDITING, parameterCodesField } from './codes';

/**
 * The handler SETTINGS editor (sale.paysystem.handler.add / .update): mode, Action URI, fields
 * sent to it, parameter codes (CODES), currencies and client type as typed fields, or the
 * SETTINGS object as JSON. The structure follows the documentation's examples and parameter
 * tables (https://apidocs.bitrix24.com/api-reference/pay-system/sale-pay-system-handler-add.html).
 * Handler → Create and Update show these after their own "Settings" choice.
 */

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

export const settingsEditorFields: INodeProperties[] = [
	{
		displayName: 'Settings (JSON)',
		name: 'settingsJson',
		type: 'json',
		default: '{\n  "CODES": {},\n  "CHECKOUT_DATA": {\n    "ACTION_URI": ""\n  }\n}',
		required: true,
		displayOptions: { show: { settingsInput: ['json'] } },
		description:
			'The SETTINGS object exactly as Bitrix24 documents it: CODES plus one of FORM_DATA, ' +
			'CHECKOUT_DATA or IFRAME_DATA, and optionally CURRENCY and CLIENT_TYPE',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'checkout',
		displayOptions: { show: EDITING },
		options: [
			{
				name: 'Checkout',
				value: 'checkout',
				description:
					'The portal calls the Action URI from its server; it must create the payment and answer ' +
					'with PAYMENT_URL and PAYMENT_ID',
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
		displayOptions: { show: EDITING },
		description:
			'In Checkout mode the URL the portal calls to create a payment (for example the URL of a ' +
			'Bitrix24 PaySystem Trigger node); in Form mode where the form is sent; in IFrame mode ' +
			'the page shown (ACTION_URI)',
	},
	{
		displayName: 'Form Method',
		name: 'formMethod',
		type: 'options',
		default: '',
		displayOptions: { show: { ...EDITING, mode: ['form'] } },
		options: [
			{ name: 'Not Set (Bitrix24 Uses GET)', value: '' },
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
		description: 'How the form is submitted (METHOD)',
	},
	{
		displayName: 'Fields Sent to Action URI',
		name: 'requestFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Field',
		displayOptions: { show: EDITING },
		description:
			'Each entry becomes a field sent to the Action URI, its value taken from a parameter ' +
			'code or typed by the buyer (FIELDS)',
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
						description: 'Whether the buyer sees (and can edit) the field (VISIBLE)',
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
		displayOptions: { show: { ...EDITING, mode: ['form'] } },
		description:
			'Form field name → parameter code, sent as hidden fields (PARAMS, deprecated by Bitrix24 ' +
			'and ignored when Fields are set)',
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
	parameterCodesField,
	{
		displayName: 'Currencies',
		name: 'currencies',
		type: 'multiOptions',
		default: [],
		options: asOptions(CURRENCIES),
		displayOptions: { show: EDITING },
		description: 'Currencies the payment service accepts; none: any (CURRENCY)',
	},
	{
		displayName: 'Client Type',
		name: 'clientType',
		type: 'options',
		default: '',
		displayOptions: { show: EDITING },
		options: [
			{ name: 'Not Set (Individuals)', value: '' },
			{ name: 'Individuals (B2C)', value: 'b2c' },
			{ name: 'Companies (B2B)', value: 'b2b' },
		],
		description: 'Which buyers the handler serves (CLIENT_TYPE)',
	},
];
