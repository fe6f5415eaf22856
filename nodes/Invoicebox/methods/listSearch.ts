import type {
	IDataObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { asObject } from '../../shared/json';
import { sendRequest } from '../../shared/sender';
import { api } from '../operations';

/**
 * The editor's lists. A list that cannot load fails with Invoicebox's error and its hint (a token
 * it does not accept, a wrong prefix...) rather than showing nothing.
 */

const LIST_PAGE = 50;
/** Recent orders read for the list of shops: Invoicebox has no API that lists a token's shops. */
const SHOP_PAGES = 3;

async function orders(ctx: ILoadOptionsFunctions, qs: IDataObject): Promise<IDataObject> {
	const request: IHttpRequestOptions = { method: 'GET', url: '/filter/api/order/order', qs };
	return await sendRequest(ctx, api.profile, request, 'read');
}

const rowsOf = (body: IDataObject) =>
	(Array.isArray(body.data) ? body.data : []).map(asObject).filter((r) => r !== undefined);

/** Whether Invoicebox has rows after `page` (its metaData, or a full page without it). */
function morePages(body: IDataObject, page: number, size: number): boolean {
	const total = Number(asObject(body.metaData)?.totalCount);
	return Number.isFinite(total) ? page * size < total : rowsOf(body).length >= size;
}

/**
 * Orders, newest first, searched by the start of your own order number (`merchantOrderId[_start]`,
 * https://docs.invoicebox.ru/docs/api/filters/). Rows are checked again here: a server that did
 * not apply the filter adds nothing that does not match.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken) || 1;
	const prefix = (filter ?? '').trim();
	const qs: IDataObject = { _page: page, _pageSize: LIST_PAGE, '_order[createdAt]': 'desc' };
	if (prefix) qs['merchantOrderId[_start]'] = prefix;
	const body = await orders(this, qs);
	const results: INodeListSearchItems[] = rowsOf(body)
		.filter((row) => String(row.merchantOrderId ?? '').startsWith(prefix))
		.map((row) => ({
			name:
				`${String(row.merchantOrderId)} · ${String(row.amount)} ` +
				`${String(row.currencyId ?? '')} · ${String(row.status)}`,
			value: String(row.id),
		}));
	return {
		results,
		paginationToken: morePages(body, page, LIST_PAGE) ? String(page + 1) : undefined,
	};
}

/** The shops of the token's recent orders (newest first), searched by their ID. */
export async function searchMerchants(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const wanted = (filter ?? '').trim().toLowerCase();
	const shops = new Map<string, IDataObject>();
	for (let page = 1; page <= SHOP_PAGES; page++) {
		const qs = { _page: page, _pageSize: 100, '_order[createdAt]': 'desc' };
		const body = await orders(this, qs);
		for (const row of rowsOf(body)) {
			const id = String(row.merchantId ?? '').toLowerCase();
			if (id && !shops.has(id)) shops.set(id, row);
		}
		if (!morePages(body, page, 100)) break;
	}
	const results = [...shops]
		.filter(([id]) => id.includes(wanted))
		.map(([id, last]) => ({
			name: `${id} (last order ${String(last.merchantOrderId)})`,
			value: id,
		}));
	return { results };
}
