import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { jsonBody } from '../../../shared/operations';
import { describe, invalid, requiredText } from '../../../shared/validation';

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
export const FILTER_OPERATORS: Array<[string, string, Test]> = [
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

const selected = (ctx: ItemFunctions) =>
	((ctx.getNodeParameter('options', {}) as IDataObject).select as string[] | undefined) ?? [];

export const getAll = jsonBody(function (this: ItemFunctions) {
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
export async function filterRows(
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
