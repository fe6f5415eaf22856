import type { IDataObject } from 'n8n-workflow';

import { isBlank } from '../shared/json';
import type { ItemFunctions } from '../shared/operations';
import { jsonParse } from 'n8n-workflow';

import { describe, finiteNumber, invalid, jsonObject, requiredText } from '../shared/validation';

/**
 * Turns what a user typed into Invoicebox values: basket rows with their amounts computed the way
 * Invoicebox checks them, customers, dates in ATOM format. Every problem is a NodeOperationError
 * naming the field, raised before anything is sent.
 */

/** VAT codes (docs/merchant/order/create.md; the newer rates from the official MCP server's registry, tag 1199). */
export const VAT_RATES: Record<string, number> = {
	VATNONE: 0,
	RUS_VAT0: 0,
	RUS_VAT5: 5,
	RUS_VAT5_ADDED: 5,
	RUS_VAT7: 7,
	RUS_VAT7_ADDED: 7,
	RUS_VAT10: 10,
	RUS_VAT10_ADDED: 10,
	RUS_VAT20: 20,
	RUS_VAT20_ADDED: 20,
	RUS_VAT22: 22,
	RUS_VAT22_ADDED: 22,
};

const BASKET_REQUIRED = [
	'sku',
	'name',
	'measure',
	'measureCode',
	'quantity',
	'amount',
	'amountWoVat',
	'totalAmount',
	'totalVatAmount',
	'vatCode',
	'type',
	'paymentType',
];

/** Money to the kopeck, without binary noise (0.1 + 0.2 → 0.3). */
export function money(value: number): number {
	return Math.round((value + Number.EPSILON * Math.sign(value)) * 100) / 100;
}



function text(value: unknown): string {
	return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
}

/** Copies the non-empty optional values of `from` into `to` (strings trimmed). */
function optional(to: IDataObject, from: IDataObject, keys: string[]) {
	for (const key of keys) {
		const value = typeof from[key] === 'string' ? (from[key] as string).trim() : from[key];
		if (!isBlank(value)) to[key] = value as IDataObject[string];
	}
}

/** A JSON value typed into a JSON field (n8n hands it over as text or already parsed). */
function parseJson(ctx: ItemFunctions, field: string, value: unknown, example: string): unknown {
	if (typeof value !== 'string') return value;
	if (!value.trim()) invalid(ctx, field, `is empty; enter JSON such as ${example}`);
	try {
		return jsonParse(value);
	} catch (error) {
		return invalid(ctx, field, `is not valid JSON (${(error as Error).message})`, 'Check quotes, commas and brackets.');
	}
}

/** `2024-06-01T00:00:00+03:00`: the date/time format Invoicebox exchanges (ATOM). */
export function atomDate(ctx: ItemFunctions, field: string, value: unknown): string {
	let input = value;
	if (input && typeof input === 'object' && typeof (input as { toISO?: unknown }).toISO === 'function') {
		input = (input as { toISO: () => string }).toISO();
	}
	if (input instanceof Date) input = input.toISOString();
	const raw = typeof input === 'string' ? input.trim() : '';
	const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
	if (!m || Number.isNaN(Date.parse(`${m[1]}T${m[2] ?? '00:00'}:00Z`))) {
		invalid(
			ctx,
			field,
			`must be a date and time such as 2024-06-01T00:00:00+03:00, got ${describe(value)}`,
			'Pick a date in the field, or use an expression such as {{ $now.plus({ days: 3 }) }}.',
		);
	}
	const local = `${m[1]}T${m[2] ?? '00:00'}:${m[3] ?? '00'}`;
	if (m[4]) {
		const zone = m[4].toUpperCase() === 'Z' ? '+00:00' : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
		return `${local}${zone}`;
	}
	// No offset: the time is in the workflow's time zone.
	return `${local}${zoneOffset(ctx.getTimezone(), local)}`;
}

/** `+03:00` for a time zone at a local time (without any date library). */
function zoneOffset(timeZone: string, local: string): string {
	const asUtc = Date.parse(`${local}Z`);
	let offsetMinutes = 0;
	try {
		const parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(asUtc));
		const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
		const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
		// The zone's offset at (about) that moment; exact except within an hour of a DST change.
		offsetMinutes = Math.round((shown - asUtc) / 60000);
	} catch {
		offsetMinutes = 0;
	}
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2023-12-12`: a date without time (service date, document date). */
export function dateOnly(ctx: ItemFunctions, field: string, value: unknown): string {
	return atomDate(ctx, field, value).slice(0, 10);
}

/**
 * One basket row from the editor's fields. Price is per unit with VAT; the amounts Invoicebox
 * checks (price without VAT, line total, line VAT) are computed unless the row gives them.
 */
function basketRow(ctx: ItemFunctions, where: string, row: IDataObject): IDataObject {
	const vatCode = text(row.vatCode) || 'VATNONE';
	if (!(vatCode in VAT_RATES)) invalid(ctx, `${where} → VAT Code`, `is not a known VAT code, got ${describe(row.vatCode)}`);
	const rate = VAT_RATES[vatCode];
	const quantity = finiteNumber(ctx, `${where} → Quantity`, row.quantity);
	if (quantity <= 0) invalid(ctx, `${where} → Quantity`, `must be more than 0, got ${quantity}`);
	const amount = finiteNumber(ctx, `${where} → Price (With VAT)`, row.amount);
	if (amount < 0) invalid(ctx, `${where} → Price (With VAT)`, `cannot be negative, got ${amount}`);
	const extra = (row.rowOptions as IDataObject | undefined) ?? {};
	const given = (key: string, label: string) =>
		isBlank(extra[key]) ? undefined : money(finiteNumber(ctx, `${where} → ${label}`, extra[key]));

	const totalAmount = given('totalAmount', 'Total Amount') ?? money(quantity * amount);
	const item: IDataObject = {
		sku: requiredText(ctx, `${where} → SKU`, row.sku),
		name: requiredText(ctx, `${where} → Name`, row.name),
		measure: requiredText(ctx, `${where} → Unit`, row.measure),
		measureCode: requiredText(ctx, `${where} → Unit Code`, row.measureCode),
		quantity,
		amount: money(amount),
		amountWoVat: given('amountWoVat', 'Price Without VAT') ?? money((amount * 100) / (100 + rate)),
		totalAmount,
		totalVatAmount: given('totalVatAmount', 'Total VAT') ?? money((totalAmount * rate) / (100 + rate)),
		vatCode,
		type: text(row.type) || 'service',
		paymentType: text(row.paymentType) || 'full_payment',
	};
	optional(item, extra, ['groupName', 'originCountry', 'originCountryCode', 'category', 'categoryType']);
	for (const [key, label] of [
		['grossWeight', 'Gross Weight'],
		['netWeight', 'Net Weight'],
		['excise', 'Excise'],
	]) {
		if (!isBlank(extra[key])) item[key] = finiteNumber(ctx, `${where} → ${label}`, extra[key]);
	}
	if (!isBlank(extra.serviceDate)) item.serviceDate = dateOnly(ctx, `${where} → Service Date`, extra.serviceDate);
	if (item.category !== undefined && item.categoryType === undefined) {
		invalid(ctx, `${where} → Category Type`, 'is required when Category is set');
	}
	if (!isBlank(extra.metaData)) item.metaData = jsonObject(ctx, `${where} → Metadata`, extra.metaData);
	return item;
}

/** The basket from the rows (`basketItems.item`) or, when chosen, from the JSON field. */
export function basketItems(ctx: ItemFunctions): IDataObject[] {
	const input = ctx.getNodeParameter('basketInput', 'fields') as string;
	if (input === 'json') {
		const field = 'Basket Items (JSON)';
		const parsed = parseJson(ctx, field, ctx.getNodeParameter('basketItemsJson', ''), '[{"sku": "A-1", ...}]');
		if (!Array.isArray(parsed) || !parsed.length) {
			invalid(ctx, field, `must be a JSON array of basket items ([{...}, ...]), got ${describe(parsed)}`);
		}
		return (parsed as unknown[]).map((row, index) => {
			const where = `${field} → item ${index + 1}`;
			if (!row || typeof row !== 'object' || Array.isArray(row)) invalid(ctx, where, `must be an object, got ${describe(row)}`);
			const item = row as IDataObject;
			const missing = BASKET_REQUIRED.filter((key) => isBlank(item[key]));
			if (missing.length) invalid(ctx, where, `lacks ${missing.join(', ')}`, 'Invoicebox requires every one of these on each basket item.');
			for (const key of ['quantity', 'amount', 'amountWoVat', 'totalAmount', 'totalVatAmount']) {
				finiteNumber(ctx, `${where} → ${key}`, item[key]);
			}
			return item;
		});
	}
	const rows = ((ctx.getNodeParameter('basketItems', {}) as IDataObject).item ?? []) as IDataObject[];
	if (!rows.length) invalid(ctx, 'Basket Items', 'add at least one item', 'Invoicebox requires the basket.');
	return rows.map((row, index) => basketRow(ctx, `Basket Items → item ${index + 1}`, row));
}

/** Order (or refund) totals: given by the user, or the sums of the basket. */
export function totals(
	ctx: ItemFunctions,
	items: IDataObject[],
	given: IDataObject,
): { amount: number; vatAmount: number } {
	const sum = (key: string) => money(items.reduce((acc, item) => acc + Number(item[key]), 0));
	return {
		amount: isBlank(given.amount) ? sum('totalAmount') : money(finiteNumber(ctx, 'Amount', given.amount)),
		vatAmount: isBlank(given.vatAmount) ? sum('totalVatAmount') : money(finiteNumber(ctx, 'VAT Amount', given.vatAmount)),
	};
}

const CUSTOMER_TYPES = ['legal', 'private'];

/** The payer, from the fields for its type (legal: organisation or sole trader; private: a person) or from JSON. */
export function customer(ctx: ItemFunctions): IDataObject {
	const input = ctx.getNodeParameter('customerInput', 'fields') as string;
	if (input === 'json') {
		const field = 'Customer (JSON)';
		const parsed = parseJson(ctx, field, ctx.getNodeParameter('customerJson', ''), '{"type": "legal", "name": "..."}');
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			invalid(ctx, field, `must be a JSON object ({...}), got ${describe(parsed)}`);
		}
		const value = parsed as IDataObject;
		if (value.type !== undefined && !CUSTOMER_TYPES.includes(String(value.type))) {
			invalid(ctx, `${field} → type`, `must be legal or private, got ${describe(value.type)}`);
		}
		return value;
	}
	const type = ctx.getNodeParameter('customerType', 'legal') as string;
	const details = ctx.getNodeParameter('customerDetails', {}) as IDataObject;
	const result: IDataObject = { type };
	optional(result, { name: ctx.getNodeParameter('customerName', '') }, ['name']);
	const keys =
		type === 'legal'
			? ['email', 'phone', 'vatNumber', 'taxRegistrationReasonCode', 'registrationAddress']
			: ['email', 'phone', 'vatNumber'];
	optional(result, details, keys);
	if (result.phone !== undefined) {
		const digits = String(result.phone).replace(/[\s()+-]/g, '');
		if (!/^\d{5,15}$/.test(digits)) {
			invalid(ctx, 'Customer Details → Phone', `must be digits with the country code such as 79001112233, got ${describe(result.phone)}`);
		}
		result.phone = digits;
	}
	if (result.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(result.email))) {
		invalid(ctx, 'Customer Details → Email', `is not an email address, got ${describe(result.email)}`);
	}
	return result;
}
