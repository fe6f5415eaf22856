import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from '../shared/errors';
import { toNodeApiError } from '../shared/errors';
import { SlidingWindow } from '../shared/rateModels';
import type { AlreadyDone, ItemFunctions, Pager, StandIn } from '../shared/operations';
import type { ApiProfile, Connection, Exchange } from '../shared/sender';
import { checkAccount, tokenFingerprint } from './connection';
import { invoiceboxError, RATE_LIMIT_CODE, SERVER_ERROR_CODE } from './errors';
import { asObject } from '../shared/json';

/** The Invoicebox side of the shared transport: account, errors, limits, paging, output. */

export const API = 'Invoicebox';

export function connectInvoicebox(credentials: ICredentialDataDecryptedObject, node: INode): Connection {
	const { account, problem } = checkAccount(credentials);
	if (!account) {
		throw new NodeOperationError(node, problem, {
			description: 'Open the Invoicebox API credential and fix it.',
		});
	}
	const { rateLimit, windowSeconds } = account;
	return {
		baseURL: account.baseURL,
		limiterKey: `${account.baseURL}|${tokenFingerprint(account.token)}|${rateLimit}/${windowSeconds}`,
		secrets: [account.token],
		rateLimit: () => (rateLimit > 0 ? new SlidingWindow(rateLimit, windowSeconds * 1000) : undefined),
	};
}


/** `POST /billing/api/order/shipment`: the request as the hints name it. */
export function operationOf(request: IHttpRequestOptions): string {
	return `${request.method ?? 'GET'} ${String(request.url ?? '').split('?')[0]}`;
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	return typeof value === 'string' && value ? value : undefined;
}

/** `fields[]` of a 422 (seen in the PHP SDK's mocks): `amount: wrong_value`. */
function fieldProblems(error: IDataObject): string | undefined {
	const fields = Array.isArray(error.fields) ? (error.fields as IDataObject[]) : [];
	const parts = fields
		.filter((f) => f && typeof f === 'object')
		.map((f) => [f.name, f.code, f.message].filter((x) => typeof x === 'string' && x).join(': '))
		.filter(Boolean);
	return parts.length ? `Fields: ${parts.join('; ')}` : undefined;
}

export function interpretInvoicebox(response: IN8nHttpFullResponse, exchange: Exchange): ApiFailure | undefined {
	const { request } = exchange;
	const body = asObject(response.body);
	const status = response.statusCode;
	const requestId = header(response.headers, 'x-request-id');
	const error = asObject(body?.error);
	if (status >= 200 && status < 300 && body && 'data' in body && !error) return undefined;

	const operation = operationOf(request);
	const read = exchange.kind === 'read';
	const apiCode = typeof error?.code === 'string' && error.code.trim() ? error.code.trim() : undefined;
	const apiText = typeof error?.message === 'string' && error.message.trim() ? error.message.trim() : undefined;
	const detail = [apiText, error ? fieldProblems(error) : undefined].filter(Boolean).join('. ') || undefined;

	// The dictionary lists 429 and 500 without a code: they are named by their status.
	const code =
		apiCode ??
		(status === 429 ? RATE_LIMIT_CODE : status === 500 && error ? SERVER_ERROR_CODE : undefined);
	const entry = code ? invoiceboxError(code) : undefined;
	if (entry && code) {
		const retry = status === 429 ? 'rateLimit' : status >= 500 ? 'transient' : (entry.retry ?? 'never');
		return {
			code: code.toLowerCase(),
			status,
			message: entry.message,
			hint: typeof entry.hint === 'function' ? entry.hint(operation) : entry.hint,
			detail,
			requestId,
			retry,
		};
	}
	if (code) {
		return {
			code,
			status,
			message: `Invoicebox returned the error ${code}`,
			hint: 'This code is not in the Invoicebox error dictionary; the Invoicebox text below explains it.',
			detail,
			requestId,
			retry: status === 429 ? 'rateLimit' : status >= 500 ? 'transient' : 'never',
		};
	}
	// No Invoicebox envelope: a proxy's page, an empty or cut-off body.
	const unreadable =
		typeof response.body === 'string' && response.body.trim() ? 'an unreadable answer' : 'an empty answer';
	const ok = status >= 200 && status < 300;
	return {
		code: ok ? 'INVALID_RESPONSE' : `HTTP_${status}`,
		status,
		message: `Invoicebox sent ${unreadable} (HTTP ${status})`,
		hint:
			status === 404
				? 'Nothing answers at this address: check the Base URL and the API Prefix (v3 or l3) in the credential.'
				: status >= 500 || ok
					? read
						? 'Invoicebox or a proxy in front of it failed. Try again later.'
						: 'Invoicebox or a proxy in front of it failed, and the change may or may not have been made: check it (Get / Get Many) before running it again.'
					: 'Check the Base URL in the credential: it must point at the Invoicebox API.',
		requestId,
		retry: status === 429 ? 'rateLimit' : status >= 500 || ok ? 'transient' : 'never',
	};
}

/**
 * Paging of the `GET /filter/api/...` collections.
 *
 * The docs (docs/api/filters.md) name the parameters `page` and `pageSize` (default 30); the
 * official MCP server sends `_page` and `_pageSize`. Which the server honours is not confirmed,
 * so by default the node sends both spellings with the same values (an operation's Options can
 * restrict it to one; the build step puts the chosen keys in `qs` and this pager fills them).
 * Whatever the server did, the `metaData` it returns decides: the page it says it sent, its page
 * size and the total count. When the server ignores paging, the same page comes back again: that
 * ends the listing (and the output step drops rows already returned), so nothing loops or repeats.
 *
 * Pages of 100: no maximum is documented, and since the server's `metaData.pageSize` says what
 * it sent, a smaller cap costs nothing but requests. Return All over 10,000 orders took 200
 * requests with pages of 50, so 30 s of waiting under the limit of 100 requests per 30 s; 100
 * requests and no wait with pages of 100 (npm run bench, a sandbox capping pages at 100).
 * Without metaData, a page of 30 (the documented default) or 50 (the official MCP client's page
 * size) when more was asked is not taken as the last: it is what a server that ignores or caps
 * the size sends.
 */
export const PAGE_SIZE = 100;
const LIKELY_SERVER_PAGE_SIZES = [30, 50];
const SPELLINGS: Array<[string, string]> = [
	['page', 'pageSize'],
	['_page', '_pageSize'],
];

const previousPage = new WeakMap<IHttpRequestOptions, string>();

function withPage(request: IHttpRequestOptions, page: number, size: number): IHttpRequestOptions {
	const qs: IDataObject = { ...((request.qs as IDataObject) ?? {}) };
	let spellings = SPELLINGS.filter(([p]) => p in qs);
	if (!spellings.length) spellings = SPELLINGS;
	for (const [p, s] of spellings) {
		qs[p] = page;
		qs[s] = size;
	}
	return { ...request, qs };
}

function pageOf(request: IHttpRequestOptions): { page: number; size: number } {
	const qs = (request.qs as IDataObject) ?? {};
	const [p, s] = SPELLINGS.find(([key]) => key in qs) ?? SPELLINGS[0];
	return { page: Number(qs[p]) || 1, size: Number(qs[s]) || PAGE_SIZE };
}

function rowKey(row: unknown): string {
	const id = asObject(row)?.id;
	return id !== undefined && id !== null ? `id:${String(id)}` : JSON.stringify(row);
}

export const invoiceboxPager: Pager = {
	first: (request, wanted) => withPage(request, 1, Math.min(wanted ?? PAGE_SIZE, PAGE_SIZE)),
	next(request, response) {
		const body = asObject(response.body);
		const rows = Array.isArray(body?.data) ? (body.data as unknown[]) : [];
		if (!rows.length) return undefined;
		const { page, size } = pageOf(request);
		const meta = asObject(body?.metaData);
		const metaPage = Number(meta?.page);
		if (meta?.page !== undefined && Number.isFinite(metaPage) && metaPage !== page) return undefined;
		const metaSize = Number(meta?.pageSize);
		const effective = Number.isFinite(metaSize) && metaSize > 0 ? metaSize : size;
		const total = Number(meta?.totalCount);
		if (meta?.totalCount !== undefined && Number.isFinite(total) && page * effective >= total) return undefined;
		// A short page is the last one, unless the server said nothing and sent the documented
		// default size or the MCP client's size while we asked for more: then our size was
		// probably ignored or capped.
		const sizeIgnored = !meta && LIKELY_SERVER_PAGE_SIZES.includes(rows.length) && size > rows.length;
		if (rows.length < effective && !sizeIgnored) return undefined;
		const fingerprint = rows.map(rowKey).join('|');
		if (previousPage.get(request) === fingerprint) return undefined;
		const next = withPage(request, page + 1, size);
		previousPage.set(next, fingerprint);
		return next;
	},
};

/** The one row of a filtered list that matches, as the `{data: row}` a write would have answered. */
function rowOf(response: IN8nHttpFullResponse, matches: (row: IDataObject) => boolean): IDataObject | undefined {
	const rows = asObject(response.body)?.data;
	const row = Array.isArray(rows) ? rows.map(asObject).find((r) => r !== undefined && matches(r)) : undefined;
	return row ? { data: row } : undefined;
}

const sameAmount = (a: unknown, b: unknown) => Math.abs(Number(a) - Number(b)) < 0.005;

/** Statuses of an order that can no longer be paid: an order in one of them does not stand in for a new one. */
const DEAD = ['canceled', 'cancelled', 'expired'];

/**
 * What differs between the record found under this item's Merchant Order ID and what the item
 * asked for: a different amount or currency, or an order that can no longer be paid, is not
 * the same order (an earlier order with the same number), so it does not stand in.
 */
function difference(row: IDataObject, asked: IDataObject, what: string): string | undefined {
	const found: string[] = [];
	if (asked.amount !== undefined && !sameAmount(row.amount, asked.amount)) found.push(`its amount is ${String(row.amount)}, this item asks for ${String(asked.amount)}`);
	if (asked.currencyId !== undefined && row.currencyId !== undefined && row.currencyId !== asked.currencyId) {
		found.push(`its currency is ${String(row.currencyId)}, this item asks for ${String(asked.currencyId)}`);
	}
	if (DEAD.includes(String(row.status))) found.push(`its status is "${String(row.status)}"`);
	return found.length ? `the existing ${what} ${String(row.id)} with this Merchant Order ID differs (${found.join('; ')}). Use a new Merchant Order ID for a new ${what}.` : undefined;
}

/** A lookup whose one matching row stands in for a write, unless it differs from what was asked. */
function lookup(request: IHttpRequestOptions, matches: (row: IDataObject) => boolean, differs?: (row: IDataObject) => string | undefined): StandIn {
	return {
		request,
		body: (response) => rowOf(response, matches),
		mismatch(response) {
			const row = asObject(rowOf(response, matches)?.data);
			return row && differs ? differs(row) : undefined;
		},
	};
}

/**
 * "Treat Already Done as Success" for Order → Create: refused as merchant_order_id_duplicate (an
 * earlier run created it under this number), it stands for the order that has the number, when
 * that order is the one asked for (same amount and currency, not cancelled or expired).
 */
export const orderCreated: AlreadyDone = {
	refusal(failure, request) {
		if (failure.code !== 'merchant_order_id_duplicate') return undefined;
		const body = asObject(request.body) ?? {};
		const number = String(body.merchantOrderId ?? '');
		const merchantId = String(body.merchantId ?? '').toLowerCase();
		return lookup(
			{ method: 'GET', url: '/filter/api/order/order', qs: { merchantOrderId: number, merchantId } },
			(r) => r.merchantOrderId === number && String(r.merchantId).toLowerCase() === merchantId,
			(r) => difference(r, body, 'order'),
		);
	},
};

/** The same for Refund → Create: the refund of this order with that number, for the same amount. */
export const refundCreated: AlreadyDone = {
	refusal(failure, request) {
		if (failure.code !== 'merchant_order_id_duplicate') return undefined;
		const body = asObject(request.body) ?? {};
		const number = String(body.merchantOrderId ?? '');
		const parentId = String(body.parentId ?? '');
		return lookup(
			{ method: 'GET', url: '/filter/api/order/refund-order', qs: { merchantOrderId: number, parentId } },
			(r) => r.merchantOrderId === number && r.parentId === parentId,
			(r) => difference(r, { amount: body.amount }, 'refund'),
		);
	},
};

/** Order → Cancel refused as wrong_order_status stands for the order when it is cancelled already. */
export const orderCancelled: AlreadyDone = {
	refusal(failure, request) {
		const id = /\/billing\/api\/order\/order\/([^/?]+)$/.exec(String(request.url ?? ''))?.[1];
		if (failure.code !== 'wrong_order_status' || !id) return undefined;
		return {
			request: { method: 'GET', url: '/filter/api/order/order', qs: { id } },
			body: (response) => rowOf(response, (r) => r.id === id && r.status === 'canceled'),
		};
	},
};

/**
 * Invoicebox does not refuse a second shipment of the same lines: Shipment → Create with a
 * Document Number first looks for the order's shipment with that number, and one found stands
 * for the creation. Without a Document Number nothing tells a repeat from a new delivery.
 */
export const shipmentCreated: AlreadyDone = {
	check(request) {
		const body = asObject(request.body) ?? {};
		const documentNumber = body.documentNumber;
		if (typeof documentNumber !== 'string' || !documentNumber) return undefined;
		const orderId = String(body.orderId ?? '');
		return {
			request: { method: 'GET', url: '/filter/api/order/shipment', qs: { orderId, documentNumber } },
			body: (response) => rowOf(response, (r) => r.orderId === orderId && r.documentNumber === documentNumber),
		};
	},
};

export const invoiceboxProfile: ApiProfile = {
	api: API,
	credentialType: 'invoiceboxApi',
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	connect: connectInvoicebox,
	interpret: interpretInvoicebox,
};

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
		const wanted = String(this.getNodeParameter(idParameter, '')).trim().toLowerCase();
		const rows = items.flatMap((item) => (Array.isArray(item.json.data) ? (item.json.data as unknown[]) : []));
		const row = rows.map(asObject).find((r) => r && String(r[idField]).toLowerCase() === wanted);
		if (!row) {
			throw toNodeApiError(
				this.getNode(),
				API,
				{
					code: 'not_found',
					status: response.statusCode,
					message: `No ${what} with this ID`,
					hint: `Invoicebox has no ${what} ${wanted} in the shops of this token. Check the ID (an Invoicebox ID, not your own number) and the credential.`,
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

/**
 * Payment confirmation answers (validate, send-code, pay) come as 2xx whatever the outcome:
 * `result` says what happened (`success`, `wrongCode`, `limitReached`...). The item carries it
 * as fields a workflow can branch on (an IF or Switch on `result`, or on `success`), plus the
 * message Invoicebox wants shown to the payer when `type` is `message`.
 */
export async function confirmationResult(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const orderId = String(this.getNodeParameter('orderId', '')).trim().toLowerCase();
	return items.map((item) => {
		const data = asObject(item.json.data) ?? {};
		const resultData = asObject(data.resultData) ?? {};
		const result = typeof data.result === 'string' ? data.result : '';
		// "Treat Already Done as Success": an order an earlier run paid is a success, marked as such.
		const alreadyPaid = result === 'alreadyPaid' && (this.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean);
		const json: IDataObject = {
			orderId,
			result,
			type: typeof data.type === 'string' ? data.type : 'none',
			success: result === 'success' || result === 'available' || alreadyPaid,
		};
		if (alreadyPaid) json.alreadyDone = true;
		if (typeof data.resultNote === 'string') json.resultNote = data.resultNote;
		const message = asObject(resultData.message);
		if (message) json.message = message;
		if (resultData.publicCode !== undefined) json.publicCode = resultData.publicCode;
		if (resultData.leftAttempt !== undefined) json.leftAttempt = resultData.leftAttempt;
		json.resultData = resultData;
		return { json };
	});
}
