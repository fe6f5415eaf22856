import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { asObject, isBlank } from '../../../shared/json';
import type { ItemFunctions, OperationSpec } from '../../../shared/operations';
import { pagingFields } from '../../../shared/operations';
import { describe, invalid, positiveId, requiredText } from '../../../shared/validation';
import { resourceList } from '../../transport/output';
import { activePlatformPager } from '../../transport/pager';
import { paymentsPath } from '../../transport/requests';
import { build, forOperations, URL_SET_BY_BUILD } from './fields';
import { filterFields, sortFields } from './getAll.filters';

/**
 * GET …/payments
 * (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/poluchenie-spiska-plateyoej):
 * Return All / Limit over `page[number]`/`page[size]`, filters and sort. Only the date filters
 * are documented; the others are inferred from the deprecated v1 list.
 */

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Dates for filters: `YYYY-MM-DD` or a date-time, with or without a zone (without: the platform's zone). */
function filterDate(ctx: ItemFunctions, field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (!DATE.test(text) || Number.isNaN(Date.parse(text.slice(0, 10)))) {
		invalid(
			ctx,
			field,
			'must be a date such as 2024-05-01 or 2024-05-01T12:00:00 (optionally with a zone such as Z or ' +
				`+03:00), got ${describe(value)}`,
		);
	}
	return text;
}

/** Documented date filters: [field, label, query key]. */
const FILTER_DATES: Array<[string, string, string]> = [
	['createdAfter', 'Created After', 'filter[created_at][gt]'],
	['createdBefore', 'Created Before', 'filter[created_at][lt]'],
	['createdOn', 'Created On', 'filter[created_at]'],
	['updatedAfter', 'Updated After', 'filter[updated_at][gt]'],
	['updatedBefore', 'Updated Before', 'filter[updated_at][lt]'],
	['closedAfter', 'Closed After', 'filter[closed_at][gt]'],
	['closedBefore', 'Closed Before', 'filter[closed_at][lt]'],
];

/** Undocumented filters on one value: [field, label, payment attribute, the value as sent]. */
const EXACT_FILTERS: Array<
	[string, string, string, (ctx: ItemFunctions, f: string, v: unknown) => string | number]
> = [
	['accountId', 'Account ID', 'account_id', positiveId],
	['paymentMethodId', 'Payment Method ID', 'payment_method_id', positiveId],
	// A number, kept as text: leading zeros count.
	['documentId', 'Document Number', 'document_id', (_ctx, _field, v) => String(v).trim()],
];

/** Each undocumented filter this item sets, as [payment attribute, value]; statuses apart. */
function exactFilters(ctx: ItemFunctions, filters: IDataObject): Array<[string, string | number]> {
	return EXACT_FILTERS.filter(([key]) => !isBlank(filters[key]) && filters[key] !== 0).map(
		([key, label, attribute, check]) => [attribute, check(ctx, `Filters → ${label}`, filters[key])],
	);
}

function otherFilters(ctx: ItemFunctions, filters: IDataObject, qs: IDataObject) {
	const rows = ((filters.other as IDataObject | undefined)?.filter ?? []) as IDataObject[];
	rows.forEach((row, index) => {
		const label = `Filters → Other Filters → entry ${index + 1} → Name`;
		const name = requiredText(ctx, label, row.name);
		if (!/^[a-z0-9_]+(?:\[[a-z0-9_]+\])?$/i.test(name)) {
			invalid(
				ctx,
				label,
				`must be a field name such as external_total or total[gt], got ${describe(name)}`,
			);
		}
		const [field, operator] = name.replace(/\]$/, '').split('[');
		qs[`filter[${field}]${operator ? `[${operator}]` : ''}`] = String(row.value ?? '');
	});
}

function sortOf(ctx: ItemFunctions): string | undefined {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (isBlank(options.sortBy)) return undefined;
	const field = requiredText(ctx, 'Options → Sort By', options.sortBy);
	if (!/^[a-z0-9_.]+$/i.test(field))
		invalid(
			ctx,
			'Options → Sort By',
			`must be a field name such as created_at, got ${describe(field)}`,
		);
	return options.sortOrder === 'descending' ? `-${field}` : field;
}

/**
 * An installation that ignores an undocumented filter must not hand the user other payments:
 * each row is checked against the status, account, payment method and number asked for before
 * it becomes an item (Other Filters cannot be checked).
 */
async function keepFilteredRows(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', {}) as IDataObject;
	const statuses = (filters.status as string[] | undefined) ?? [];
	const exact = exactFilters(this, filters);
	if (!statuses.length && !exact.length) return items;
	const keep = (row: unknown) => {
		const a = asObject(asObject(row)?.attributes) ?? {};
		if (statuses.length && !statuses.includes(String(a.status))) return false;
		return exact.every(([attribute, value]) => String(a[attribute]) === String(value));
	};
	return items.map((item) => {
		const data = item.json.data;
		return Array.isArray(data)
			? { ...item, json: { ...item.json, data: data.filter(keep) } }
			: item;
	});
}

export const spec: OperationSpec = {
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many payments',
	description: 'List the payments of a reseller, filtered and sorted',
	method: 'GET',
	url: URL_SET_BY_BUILD,
	kind: 'read',
	pager: activePlatformPager,
	build: build(function (resellerId, request) {
		request.url = paymentsPath(resellerId);
		const qs: IDataObject = { ...(request.qs ?? {}) };
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		for (const [key, label, param] of FILTER_DATES) {
			if (!isBlank(filters[key])) qs[param] = filterDate(this, `Filters → ${label}`, filters[key]);
		}
		const statuses = filters.status as string[] | undefined;
		if (statuses?.length) qs['filter[status]'] = statuses.join(',');
		for (const [attribute, value] of exactFilters(this, filters))
			qs[`filter[${attribute}]`] = value;
		otherFilters(this, filters, qs);
		const sort = sortOf(this);
		if (sort) qs.sort = sort;
		request.qs = qs;
	}),
	output: [keepFilteredRows, resourceList],
};

export const fields: INodeProperties[] = [
	...pagingFields({ resource: ['payment'], operation: ['getAll'] }),
	...forOperations(['getAll'], [filterFields, sortFields]),
];
