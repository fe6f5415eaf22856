import type { IDataObject, IN8nHttpFullResponse, INodeExecutionData } from 'n8n-workflow';

import { toNodeApiError } from '../../shared/errors';
import { asObject } from '../../shared/json';
import type { ItemFunctions } from '../../shared/operations';
import { API } from './connection';
import { header } from './interpret';

/** Output steps (postReceive) shared by the operations. */

/** `{data: {...}}` → the object. */
export async function dataItem(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: asObject(item.json.data) ?? { data: item.json.data } }));
}

/** Rows already returned by earlier pages of the same listing (one set per item's run). */
const seenRows = new WeakMap<object, Set<string>>();

/**
 * `{data: [...]}` → one item per row, leaving out rows (orders, refunds, shipments: rows with an
 * `id`) that an earlier page of the same listing already returned. Rows without an ID (basket
 * lines) are all kept: two equal lines are two lines.
 */
export async function dataRows(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	let seen = seenRows.get(this);
	if (!seen) {
		seen = new Set();
		seenRows.set(this, seen);
	}
	const out: INodeExecutionData[] = [];
	for (const item of items) {
		const rows = Array.isArray(item.json.data) ? (item.json.data as unknown[]) : [];
		for (const row of rows) {
			const id = asObject(row)?.id;
			if (id !== undefined && id !== null) {
				if (seen.has(String(id))) continue;
				seen.add(String(id));
			}
			out.push({ json: (asObject(row) ?? { value: row }) as IDataObject });
		}
	}
	return out;
}

/**
 * The one row a filtered read asked for (`?id=...`): an error when there is none, so that a Get
 * for a wrong ID does not pass silently.
 */
export function onlyRow(what: string, idParameter: string, idField = 'id') {
	return async function (
		this: ItemFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const wanted = String(this.getNodeParameter(idParameter, '', { extractValue: true }))
			.trim()
			.toLowerCase();
		const rows = items.flatMap((item) =>
			Array.isArray(item.json.data) ? (item.json.data as unknown[]) : [],
		);
		const row = rows.map(asObject).find((r) => r && String(r[idField]).toLowerCase() === wanted);
		if (!row) {
			throw toNodeApiError(
				this.getNode(),
				API,
				{
					code: 'not_found',
					status: response.statusCode,
					message: `No ${what} with this ID`,
					hint:
						`Invoicebox has no ${what} ${wanted} in the shops of this token. Check the ID ` +
						`(an Invoicebox ID, not your own number) and the credential.`,
					requestId: header(response.headers, 'x-request-id'),
					retry: 'never',
				},
				[],
				this.getItemIndex(),
			);
		}
		return [{ json: row }];
	};
}
