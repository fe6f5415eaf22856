import type { INodeProperties } from 'n8n-workflow';

/**
 * The Parameter Codes field of the handler SETTINGS editor (CODES): the settings an administrator
 * fills in for each pay system of the handler, each with a default taken from the order, the
 * payment, the user, an invoice property or a fixed value
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

export const asOptions = (values: string[]) => values.map((value) => ({ name: value, value }));

/** Shown when the settings are edited with fields (Handler → Create, or Update replacing them). */
export const EDITING = { settingsInput: ['fields'] };

export const parameterCodesField: INodeProperties = {
	displayName: 'Parameter Codes',
	name: 'parameterCodes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Parameter Code',
	displayOptions: { show: EDITING },
	description:
		'The settings an administrator fills in for each pay system that uses this handler (shop ' +
		'ID, secret, which order field is the amount...) (CODES)',
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
					description: 'The default itself, the property code, or Y/N (DEFAULT.PROVIDER_VALUE)',
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
						'Where the value comes from unless the administrator sets one (DEFAULT.PROVIDER_KEY)',
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
					description: 'The control the administrator fills in (INPUT.TYPE)',
				},
				{
					displayName: 'List Options',
					name: 'enumOptions',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true, sortable: true },
					default: {},
					placeholder: 'Add Option',
					displayOptions: { show: { inputType: ['ENUM'] } },
					description: 'The choices of the list, value → label (INPUT.OPTIONS)',
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
					description: 'The field whose value is the default (DEFAULT.PROVIDER_VALUE)',
				},
				{
					displayName: 'Payment Field',
					name: 'defaultPaymentField',
					type: 'options',
					default: 'SUM',
					options: asOptions(PAYMENT_FIELDS),
					displayOptions: { show: { defaultProvider: ['PAYMENT'] } },
					description: 'The field whose value is the default (DEFAULT.PROVIDER_VALUE)',
				},
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'number',
					default: 100,
					description: 'Position in the settings form (sent as text, as in the Bitrix24 examples)',
				},
				{
					displayName: 'User Field',
					name: 'defaultUserField',
					type: 'options',
					default: 'EMAIL',
					options: asOptions(USER_FIELDS),
					displayOptions: { show: { defaultProvider: ['USER'] } },
					description: 'The field whose value is the default (DEFAULT.PROVIDER_VALUE)',
				},
			],
		},
	],
};
