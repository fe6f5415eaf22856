import type { IDataObject } from 'n8n-workflow';

import { isBlank } from '../../shared/json';
import type { ItemFunctions } from '../../shared/operations';
import { describe, finiteNumber, invalid, jsonObject, requiredText } from '../../shared/validation';
import { dateOnly } from './dates';
import { optional, parseJson, text } from './text';

/**
 * Basket rows from what the user typed, with the amounts computed the way Invoicebox checks them
 * (https://docs.invoicebox.ru/docs/merchant/order/create/). Every problem is an error naming the
 * field, before anything is sent.
 */

/**
 * VAT codes (https://docs.invoicebox.ru/docs/merchant/order/create/; the newer rates from the VAT
 * registry of Invoicebox's MCP server, tag 1199:
 * https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/registry/vat.ts).
 */
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

/**
 * One basket row from the editor's fields. Price is per unit with VAT; the amounts Invoicebox
 * checks (price without VAT, line total, line VAT) are computed unless the row gives them.
 */
function basketRow(ctx: ItemFunctions, where: string, row: IDataObject): IDataObject {
	const vatCode = text(row.vatCode) || 'VATNONE';
	if (!(vatCode in VAT_RATES))
		invalid(ctx, `${where} → VAT Code`, `is not a known VAT code, got ${describe(row.vatCode)}`);
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
		totalVatAmount:
			given('totalVatAmount', 'Total VAT') ?? money((totalAmount * rate) / (100 + rate)),
		vatCode,
		type: text(row.type) || 'service',
		paymentType: text(row.paymentType) || 'full_payment',
	};
	optional(item, extra, [
		'groupName',
		'originCountry',
		'originCountryCode',
		'category',
		'categoryType',
	]);
	for (const [key, label] of [
		['grossWeight', 'Gross Weight'],
		['netWeight', 'Net Weight'],
		['excise', 'Excise'],
	]) {
		if (!isBlank(extra[key])) item[key] = finiteNumber(ctx, `${where} → ${label}`, extra[key]);
	}
	if (!isBlank(extra.serviceDate))
		item.serviceDate = dateOnly(ctx, `${where} → Service Date`, extra.serviceDate);
	if (item.category !== undefined && item.categoryType === undefined) {
		invalid(ctx, `${where} → Category Type`, 'is required when Category is set');
	}
	if (!isBlank(extra.metaData))
		item.metaData = jsonObject(ctx, `${where} → Metadata`, extra.metaData);
	return item;
}

/** The basket from the rows (`basketItems.item`) or, when chosen, from the JSON field. */
export function basketItems(ctx: ItemFunctions): IDataObject[] {
	const input = ctx.getNodeParameter('basketInput', 'fields') as string;
	if (input === 'json') {
		const field = 'Basket Items (JSON)';
		const parsed = parseJson(
			ctx,
			field,
			ctx.getNodeParameter('basketItemsJson', ''),
			'[{"sku": "A-1", ...}]',
		);
		if (!Array.isArray(parsed) || !parsed.length) {
			invalid(
				ctx,
				field,
				`must be a JSON array of basket items ([{...}, ...]), got ${describe(parsed)}`,
			);
		}
		return (parsed as unknown[]).map((row, index) => {
			const where = `${field} → item ${index + 1}`;
			if (!row || typeof row !== 'object' || Array.isArray(row))
				invalid(ctx, where, `must be an object, got ${describe(row)}`);
			const item = row as IDataObject;
			const missing = BASKET_REQUIRED.filter((key) => isBlank(item[key]));
			if (missing.length)
				invalid(
					ctx,
					where,
					`lacks ${missing.join(', ')}`,
					'Invoicebox requires every one of these on each basket item.',
				);
			for (const key of ['quantity', 'amount', 'amountWoVat', 'totalAmount', 'totalVatAmount']) {
				finiteNumber(ctx, `${where} → ${key}`, item[key]);
			}
			return item;
		});
	}
	const rows = ((ctx.getNodeParameter('basketItems', {}) as IDataObject).item ??
		[]) as IDataObject[];
	if (!rows.length)
		invalid(ctx, 'Basket Items', 'add at least one item', 'Invoicebox requires the basket.');
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
		amount: isBlank(given.amount)
			? sum('totalAmount')
			: money(finiteNumber(ctx, 'Amount', given.amount)),
		vatAmount: isBlank(given.vatAmount)
			? sum('totalVatAmount')
			: money(finiteNumber(ctx, 'VAT Amount', given.vatAmount)),
	};
}
