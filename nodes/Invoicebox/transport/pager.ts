import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { asObject } from '../../shared/json';
import type { Pager } from '../../shared/operations';
import { sameAccount } from './rateLimit';

/**
 * Paging of the `GET /filter/api/...` collections.
 *
 * Invoicebox's own client asks for pages with `_page` and `_pageSize` and sorts with
 * `_order[field]=asc|desc`
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/tools/reads.ts,
 * find_orders), so the node does the same. The docs (https://docs.invoicebox.ru/docs/api/filters/)
 * name them `page` and `pageSize` (default 30): Options → Paging Parameters sends that spelling,
 * or both, instead (the build step puts the chosen keys in `qs`; this pager fills them).
 * Whatever the server did, the `metaData` it returns decides: the page it says it sent, its page
 * size and the total count. When the server ignores paging, the same page comes back again: that
 * ends the listing (and the output step drops rows already returned), so nothing loops or repeats.
 * Without a sort rule the listing is sorted by creation time, oldest first, so that rows created
 * while it is read come last instead of moving rows from one page to the next.
 *
 * Pages of 100: no maximum is documented, and since the server's `metaData.pageSize` says what
 * it sent, a smaller cap costs nothing but requests (Return All over 10,000 orders is 100
 * requests with pages of 100, 200 with pages of 50, under a limit of 100 per 30 s). Without
 * metaData, a page of 30 (the documented default) or 50 (the official MCP client's page size)
 * when more was asked is not taken as the last: it is what a server that ignores or caps the
 * size sends.
 */
export const PAGE_SIZE = 100;
const LIKELY_SERVER_PAGE_SIZES = [30, 50];
const VENDOR: [string, string] = ['_page', '_pageSize'];
const DOCUMENTED: [string, string] = ['page', 'pageSize'];

const previousPage = new WeakMap<IHttpRequestOptions, string>();

function withPage(request: IHttpRequestOptions, page: number, size: number): IHttpRequestOptions {
	const qs: IDataObject = { ...((request.qs as IDataObject) ?? {}) };
	const spellings = [VENDOR, DOCUMENTED].filter(([p]) => p in qs);
	for (const [p, s] of spellings.length ? spellings : [VENDOR]) {
		qs[p] = page;
		qs[s] = size;
	}
	return sameAccount(request, { ...request, qs });
}

function pageOf(request: IHttpRequestOptions): { page: number; size: number } {
	const qs = (request.qs as IDataObject) ?? {};
	const [p, s] = [VENDOR, DOCUMENTED].find(([key]) => key in qs) ?? VENDOR;
	return { page: Number(qs[p]) || 1, size: Number(qs[s]) || PAGE_SIZE };
}

/** The oldest first, unless the listing has its own sort rules. */
function sorted(request: IHttpRequestOptions): IHttpRequestOptions {
	const qs = (request.qs as IDataObject) ?? {};
	if (Object.keys(qs).some((key) => key.startsWith('_order['))) return request;
	return sameAccount(request, { ...request, qs: { ...qs, '_order[createdAt]': 'asc' } });
}

function rowKey(row: unknown): string {
	const id = asObject(row)?.id;
	return id !== undefined && id !== null ? `id:${String(id)}` : JSON.stringify(row);
}

export const invoiceboxPager: Pager = {
	first: (request, wanted) =>
		withPage(sorted(request), 1, Math.min(wanted ?? PAGE_SIZE, PAGE_SIZE)),
	next(request, response) {
		const body = asObject(response.body);
		const rows = Array.isArray(body?.data) ? (body.data as unknown[]) : [];
		if (!rows.length) return undefined;
		const { page, size } = pageOf(request);
		const meta = asObject(body?.metaData);
		const metaPage = Number(meta?.page);
		if (meta?.page !== undefined && Number.isFinite(metaPage) && metaPage !== page)
			return undefined;
		const metaSize = Number(meta?.pageSize);
		const effective = Number.isFinite(metaSize) && metaSize > 0 ? metaSize : size;
		const total = Number(meta?.totalCount);
		if (meta?.totalCount !== undefined && Number.isFinite(total) && page * effective >= total)
			return undefined;
		// A short page is the last one, unless the server said nothing and sent the documented
		// default size or the MCP client's size while we asked for more: then our size was
		// probably ignored or capped.
		const sizeIgnored =
			!meta && LIKELY_SERVER_PAGE_SIZES.includes(rows.length) && size > rows.length;
		if (rows.length < effective && !sizeIgnored) return undefined;
		const fingerprint = rows.map(rowKey).join('|');
		if (previousPage.get(request) === fingerprint) return undefined;
		const next = withPage(request, page + 1, size);
		previousPage.set(next, fingerprint);
		return next;
	},
};
