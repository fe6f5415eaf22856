import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { asObject } from '../../shared/json';
import type { ItemFunctions, Pager } from '../../shared/operations';

/** Reading Bitrix24 answers: list rows, the output steps the operations share, paging. */

/** The rows of a list answer (`result` is a list, or a map of rows). */
export function rowsOf(body: unknown): IDataObject[] {
	const result = asObject(body)?.result;
	const rows = Array.isArray(result)
		? result
		: result && typeof result === 'object'
			? Object.values(result)
			: [];
	return rows.map(asObject).filter((row): row is IDataObject => !!row);
}

/** What differs between a record found and the values an item asked for ("NAME is ..."), if anything. */
export function differences(row: IDataObject, asked: IDataObject): string | undefined {
	const found = Object.keys(asked)
		.filter(
			(f) => asked[f] !== undefined && row[f] !== undefined && String(row[f]) !== String(asked[f]),
		)
		.map((f) => `${f} is "${String(row[f])}", this item asks for "${String(asked[f])}"`);
	return found.length ? found.join('; ') : undefined;
}

/** `{result: [...]}` → one item per row. */
export async function splitResult(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.flatMap((item) => rowsOf(item.json).map((json) => ({ json })));
}

/** `{result: 12}` → `{id: 12}`. */
export async function resultAsId(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: { id: item.json.result as number } }));
}

/** `{result: true}` → `{success: true}` (a `false` is an error before it gets here). */
export async function resultAsSuccess(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({
		json: { success: item.json.result === true || item.json.result === 'Y' },
	}));
}

/** `{result: {...}}` → the object itself (PHP's empty array `[]`: an empty object). */
export async function resultAsItem(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => {
		const { result } = item.json;
		const empty = Array.isArray(result) && result.length === 0;
		return { json: (empty ? {} : (asObject(result) ?? { result })) as IDataObject };
	});
}

/** List methods return `next` when more rows exist; the next page is asked for with `start`. */
export const bitrixPager: Pager = {
	first: (request) => request,
	next(request, response) {
		const next = asObject(response.body)?.next;
		if (next === undefined || next === null || next === '') return undefined;
		return { ...request, body: { ...((request.body as IDataObject) ?? {}), start: next } };
	},
};
