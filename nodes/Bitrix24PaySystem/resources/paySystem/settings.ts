import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { invalid, jsonObject, requiredText } from '../../../shared/validation';

/**
 * The values of a handler's parameter codes for a pay system (SETTINGS of sale.paysystem.add and
 * sale.paysystem.settings.update): `{CODE: {TYPE, VALUE}}`, from rows or JSON
 * (https://apidocs.bitrix24.com/api-reference/pay-system/sale-pay-system-settings-update.html).
 */

/** Value sources of pay system settings ({TYPE, VALUE}). */
const SETTING_SOURCES = [
	{ name: 'Checkbox (Y\\N)', value: 'Y\\N' },
	{ name: 'Fixed Value', value: 'VALUE' },
	{ name: 'Invoice Property', value: 'PROPERTY' },
	{ name: 'Order Field', value: 'ORDER' },
	{ name: 'Payment Field', value: 'PAYMENT' },
	{ name: 'User Field', value: 'USER' },
];

/** `{CODE: {TYPE, VALUE}}` from the Settings rows or the JSON field. */
export function settingsValues(ctx: ItemFunctions, required: boolean): IDataObject | undefined {
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

export const settingsValuesFields: INodeProperties[] = [
	{
		displayName: 'Define Settings',
		name: 'settingsValuesInput',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		description: 'How to give the values of the handler parameters (SETTINGS): fields or JSON',
	},
	{
		displayName: 'Settings',
		name: 'settingsValues',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Setting',
		displayOptions: { show: { settingsValuesInput: ['fields'] } },
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
						description: 'Where the value comes from (TYPE)',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'The value itself (Fixed Value), or the name of the field at the source, e.g. ' +
							'ACCOUNT_NUMBER (VALUE)',
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
		displayOptions: { show: { settingsValuesInput: ['json'] } },
		description:
			'The values as one JSON object, parameter code → where the value comes from and the ' +
			'value: {"CODE": {"TYPE": "...", "VALUE": "..."}} (SETTINGS)',
	},
];
