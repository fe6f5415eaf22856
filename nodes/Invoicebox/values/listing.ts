import type { IDataObject } from 'n8n-workflow';

import { isBlank } from '../../shared/json';
import type { ItemFunctions } from '../../shared/operations';
import { invalid, requiredText, uuid } from '../../shared/validation';
import { atomDate } from './dates';

/**
 * A listing's filters, sort rules and paging keys, as the filter syntax writes them
 * (https://docs.invoicebox.ru/docs/api/filters/).
 */

/** Equality or set filter: `status=created` / `status[]=created&status[]=completed`. */
export function setFilter(qs: IDataObject, field: string, values: unknown) {
	if (values === undefined || values === null || values === '') return;
	const list = (Array.isArray(values) ? values : [values]).map(String).filter(Boolean);
	if (list.length === 1) qs[field] = list[0];
	else if (list.length > 1) qs[field] = list; // sent as field[]=a&field[]=b (arrayFormat brackets, see build)
}

/** Date range filters `field[_ge]` / `field[_le]` in ATOM format. */
export function dateRange(
	ctx: ItemFunctions,
	qs: IDataObject,
	field: string,
	label: string,
	from: unknown,
	to: unknown,
) {
	if (from) qs[`${field}[_ge]`] = atomDate(ctx, `Filters → ${label} After`, from);
	if (to) qs[`${field}[_le]`] = atomDate(ctx, `Filters → ${label} Before`, to);
}

/** The filters order and refund listings share: status, merchant order ID, merchant ID, created. */
export function commonFilters(ctx: ItemFunctions, qs: IDataObject, filters: IDataObject) {
	setFilter(qs, 'status', filters.status);
	if (!isBlank(filters.merchantOrderId))
		qs.merchantOrderId = String(filters.merchantOrderId).trim();
	if (!isBlank(filters.merchantId))
		qs.merchantId = uuid(ctx, 'Filters → Merchant ID', filters.merchantId);
	dateRange(ctx, qs, 'createdAt', 'Created', filters.createdAfter, filters.createdBefore);
}

/** Custom filters, sort rules and paging keys of a listing into the query. */
export function listingQuery(ctx: ItemFunctions, options: IDataObject, qs: IDataObject) {
	const filters = ((options.customFilters as IDataObject)?.filter ?? []) as IDataObject[];
	filters.forEach((row, index) => {
		const where = `Options → Custom Filters → filter ${index + 1}`;
		const field = requiredText(ctx, `${where} → Field`, row.field);
		if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(field))
			invalid(
				ctx,
				`${where} → Field`,
				`must be a field name such as merchantOrderId, got "${field}"`,
			);
		const operator = String(row.operator ?? '_eq');
		qs[operator === '_eq' ? field : `${field}[${operator}]`] =
			row.value === undefined ? '' : String(row.value);
	});
	const rules = ((options.sort as IDataObject)?.rule ?? []) as IDataObject[];
	// `_order[field]=asc|desc` (the form `_order=field:desc` is rejected with 422).
	for (const rule of rules)
		qs[`_order[${String(rule.field)}]`] =
			String(rule.direction ?? 'desc') === 'asc' ? 'asc' : 'desc';
	// Markers for the pager (transport.ts), which fills in the page and size.
	const spelling = String(options.pagingSpelling ?? 'mcp');
	if (spelling !== 'mcp') qs.page = 1;
	if (spelling !== 'docs') qs._page = 1;
}
