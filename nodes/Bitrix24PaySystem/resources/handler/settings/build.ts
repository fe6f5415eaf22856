import type { IDataObject } from 'n8n-workflow';

import { asObject } from '../../../../shared/json';
import type { ItemFunctions } from '../../../../shared/operations';
import {
	absoluteUrl,
	describe,
	invalid,
	jsonObject,
	requiredText,
} from '../../../../shared/validation';

/** The handler's SETTINGS object, built from the editor's fields or checked from JSON. */

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
			'Bitrix24 stores the values of parameter codes under the upper-cased code, so the two ' +
				'would share one value. Use one of them.',
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

/**
 * The settings section a portal uses, in its own order (RestHandler::getMode in the sale module,
 * e.g.
 * sale/lib/paysystem/resthandler.php in
 * https://github.com/yuliai/bitrix-modules/tree/a3a2a579ba9fdb636ede47f2d8ca02f9c8a66dc9):
 * a non-empty IFRAME_DATA wins over CHECKOUT_DATA, which wins over FORM_DATA.
 */
export function activeModeKey(settings: IDataObject | undefined): string | undefined {
	return ['IFRAME_DATA', 'CHECKOUT_DATA', 'FORM_DATA'].find((key) => {
		const data = asObject(settings?.[key]);
		return data && Object.keys(data).length > 0;
	});
}
