import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/errors';
import { asObject } from '../../shared/json';
import type { AlreadyDone, StandIn } from '../../shared/operations';
import { invoiceboxPager } from './pager';
import { sameAccount } from './rateLimit';

/**
 * "Treat Already Done as Success" for the Invoicebox writes.
 *
 * Invoicebox does not refuse a repeated Merchant Order ID unless it enforces uniqueness for the
 * shop: its own client says "uniqueness of the order number is not checked by Invoicebox by
 * default" and keeps its own record of what it created
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/tools/reads.ts,
 * get_order; src/tools/writes.ts). So an order, a refund or a shipment is looked up before it is
 * created, and one found stands in for the creation when it is the one asked for. A refusal as
 * merchant_order_id_duplicate (a shop where uniqueness is enforced) is recognised too.
 *
 * A look-up never trusts the server's filter: only rows whose own fields match stand in (the
 * vendor's client checks ownership after filtering too). When the answer cannot show that no
 * such row exists (the server ignored the filter and more rows exist than one page holds), the
 * write is not sent: see {@link unproven}.
 */

/** Look-ups before a write: the row they look for, to tell an incomplete answer from "none". */
const proofs = new WeakMap<object, (row: IDataObject) => boolean>();

function rowsOf(response: IN8nHttpFullResponse): IDataObject[] {
	const rows = asObject(response.body)?.data;
	return Array.isArray(rows) ? rows.map(asObject).filter((r): r is IDataObject => !!r) : [];
}

/**
 * The failure of a look-up before a write whose answer neither holds the row looked for nor
 * shows that there is none (interpretInvoicebox asks this of every successful answer).
 */
export function unproven(
	request: IHttpRequestOptions,
	response: IN8nHttpFullResponse,
): ApiFailure | undefined {
	const matches = proofs.get(request);
	if (!matches) return undefined;
	const rows = rowsOf(response);
	if (rows.some(matches) || !invoiceboxPager.next(request, response, rows.length)) return undefined;
	return {
		code: 'CHECK_INCOMPLETE',
		status: response.statusCode,
		message:
			'Not sent: Invoicebox did not apply the search filter, so the node cannot tell whether this was already done',
		hint:
			`"Treat Already Done as Success" looks for the record before creating it. Invoicebox ` +
			`answered with ${rows.length} rows that are not the one looked for, and more exist: ` +
			`nothing was sent, so that nothing is created twice. Look the record up yourself (Get ` +
			`Many), or turn the option off to create it anyway.`,
		retry: 'never',
	};
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
	if (asked.amount !== undefined && !sameAmount(row.amount, asked.amount))
		found.push(`its amount is ${String(row.amount)}, this item asks for ${String(asked.amount)}`);
	if (
		asked.currencyId !== undefined &&
		row.currencyId !== undefined &&
		row.currencyId !== asked.currencyId
	) {
		found.push(
			`its currency is ${String(row.currencyId)}, this item asks for ${String(asked.currencyId)}`,
		);
	}
	if (DEAD.includes(String(row.status))) found.push(`its status is "${String(row.status)}"`);
	return found.length
		? `the existing ${what} ${String(row.id)} with this Merchant Order ID differs ` +
				`(${found.join('; ')}). Use a new Merchant Order ID for a new ${what}.`
		: undefined;
}

interface Lookup {
	/** The write's request (its account goes with the look-up). */
	from: IHttpRequestOptions;
	url: string;
	/** The server-side filter (a hint: rows are checked again with `matches`). */
	filter: IDataObject;
	matches: (row: IDataObject) => boolean;
	differs?: (row: IDataObject) => string | undefined;
	/** Before the write: an answer that cannot rule the row out stops the write. */
	proof: boolean;
}

/**
 * A look-up whose matching row stands in for a write: the first one that does not differ from
 * what was asked; when every matching row differs, the first difference is the mismatch.
 */
function lookup({ from, url, filter, matches, differs, proof }: Lookup): StandIn {
	const request = invoiceboxPager.first(
		sameAccount(from, { method: 'GET', url, qs: filter, arrayFormat: 'brackets' }),
		undefined,
	);
	if (proof) proofs.set(request, matches);
	const found = (response: IN8nHttpFullResponse) => rowsOf(response).filter(matches);
	return {
		request,
		body(response) {
			const row = found(response).find((r) => !differs?.(r));
			return row ? { data: row } : undefined;
		},
		mismatch(response) {
			const rows = found(response);
			if (!differs || rows.some((r) => !differs(r))) return undefined;
			return rows.length ? differs(rows[0]) : undefined;
		},
	};
}

/** Order → Create: the shop's order with this Merchant Order ID, same amount and currency, still payable. */
function orderLookup(request: IHttpRequestOptions, proof: boolean): StandIn {
	const body = asObject(request.body) ?? {};
	const number = String(body.merchantOrderId ?? '');
	const merchantId = String(body.merchantId ?? '').toLowerCase();
	return lookup({
		from: request,
		url: '/filter/api/order/order',
		filter: { merchantOrderId: number, merchantId },
		matches: (r) =>
			r.merchantOrderId === number && String(r.merchantId).toLowerCase() === merchantId,
		differs: (r) => difference(r, body, 'order'),
		proof,
	});
}

/** Refund → Create: the refund of this order with this number, for the same amount. */
function refundLookup(request: IHttpRequestOptions, proof: boolean): StandIn {
	const body = asObject(request.body) ?? {};
	const number = String(body.merchantOrderId ?? '');
	const parentId = String(body.parentId ?? '');
	return lookup({
		from: request,
		url: '/filter/api/order/refund-order',
		filter: { merchantOrderId: number, parentId },
		matches: (r) => r.merchantOrderId === number && r.parentId === parentId,
		differs: (r) => difference(r, { amount: body.amount }, 'refund'),
		proof,
	});
}

const duplicate = (failure: ApiFailure) => failure.code === 'merchant_order_id_duplicate';

export const orderCreated: AlreadyDone = {
	check: (request) => orderLookup(request, true),
	refusal: (failure, request) => (duplicate(failure) ? orderLookup(request, false) : undefined),
};

export const refundCreated: AlreadyDone = {
	check: (request) => refundLookup(request, true),
	refusal: (failure, request) => (duplicate(failure) ? refundLookup(request, false) : undefined),
};

/** Order → Cancel refused as wrong_order_status stands for the order when it is cancelled already. */
export const orderCancelled: AlreadyDone = {
	refusal(failure, request) {
		const id = /\/billing\/api\/order\/order\/([^/?]+)$/.exec(String(request.url ?? ''))?.[1];
		if (failure.code !== 'wrong_order_status' || !id) return undefined;
		return lookup({
			from: request,
			url: '/filter/api/order/order',
			filter: { id },
			matches: (r) => r.id === id && r.status === 'canceled',
			proof: false,
		});
	},
};

/**
 * Invoicebox does not refuse a second shipment of the same lines: Shipment → Create with a
 * Document Number first looks for the order's shipment with that number (newest first), and one
 * found stands in for the creation. Without a Document Number nothing tells a repeat from a new
 * delivery.
 */
export const shipmentCreated: AlreadyDone = {
	check(request) {
		const body = asObject(request.body) ?? {};
		const documentNumber = body.documentNumber;
		if (typeof documentNumber !== 'string' || !documentNumber) return undefined;
		const orderId = String(body.orderId ?? '');
		return lookup({
			from: request,
			url: '/filter/api/order/shipment',
			filter: { orderId, documentNumber, '_order[createdAt]': 'desc' },
			matches: (r) => r.orderId === orderId && r.documentNumber === documentNumber,
			proof: true,
		});
	},
};
