import type { IHttpRequestOptions } from 'n8n-workflow';

/** Requests to the ActivePlatform API v3: their paths and what they target. */

export type RequestKind =
	| 'reseller'
	| 'resellers'
	| 'list'
	| 'get'
	| 'create'
	| 'complete'
	| 'completeFromBalance'
	| 'completeByDocument'
	| 'cancel'
	| 'other';

export interface RequestTarget {
	kind: RequestKind;
	resellerId?: string;
	/** Payment ID (get, complete, complete from balance, cancel). */
	paymentId?: string;
	/** Payment number (complete by document number). */
	documentId?: string;
}

export const API_ROOT = '/api/v3/resellers';

const PATH =
	/^\/api\/v3\/resellers\/([^/?]+)(\/payments(?:\/([^/?]+))?|\/child_resellers)?(?:\?.*)?$/;

export function resellerPath(resellerId: number): string {
	return `${API_ROOT}/${resellerId}`;
}

/**
 * The resellers below one (all levels), "Get list of downstream resellers"
 * (https://docs.activeplatform.com/api-guide/latest/en/resellery/poluchenie-spiska-niyoestoyashchih-resellerov).
 */
export function childResellersPath(resellerId: number): string {
	return `${resellerPath(resellerId)}/child_resellers`;
}

export function paymentsPath(resellerId: number, paymentRef?: string | number): string {
	const base = `${resellerPath(resellerId)}/payments`;
	return paymentRef === undefined ? base : `${base}/${encodeURIComponent(String(paymentRef))}`;
}

/**
 * The list read that finds a payment by its number: `filter[document_id]` (not documented, so
 * the caller checks every row against the number), one page of 100 rows (the size of the
 * reference's own example request).
 */
export function byNumberRead(resellerId: number, documentId: string): IHttpRequestOptions {
	return {
		method: 'GET',
		url: paymentsPath(resellerId),
		qs: { 'filter[document_id]': documentId, 'page[size]': 100, 'page[number]': 1 },
	};
}

const OPERATION_KINDS: Record<string, RequestKind> = {
	get: 'get',
	getAll: 'list',
	create: 'create',
	complete: 'complete',
	completeFromBalance: 'completeFromBalance',
	completeByDocument: 'completeByDocument',
	cancel: 'cancel',
};

/**
 * What a request is: the operation it belongs to (a fact of the operation table, not read from
 * the request) and the reseller and payment its path names (a path the node built itself).
 * Requests outside an operation (stand-in and explaining reads, the credential test) are reads.
 */
export function targetOf(request: IHttpRequestOptions, operation?: string): RequestTarget {
	const match = PATH.exec(String(request.url ?? ''));
	const [, resellerId, payments, ref] = match ?? [];
	const id = ref === undefined ? undefined : decodeURIComponent(ref);
	const named = operation ? OPERATION_KINDS[operation] : undefined;
	const kind: RequestKind =
		named ??
		(!match || String(request.method ?? 'GET').toUpperCase() !== 'GET'
			? 'other'
			: !payments
				? 'reseller'
				: payments === '/child_resellers'
					? 'resellers'
					: id === undefined
						? 'list'
						: 'get');
	if (kind === 'completeByDocument') return { kind, resellerId, documentId: id };
	return {
		kind,
		resellerId,
		...(id !== undefined && kind !== 'list' && kind !== 'create' ? { paymentId: id } : {}),
	};
}

/** "payment 6475" / "the payment with document number 002018", for messages. */
export function paymentLabel(target: RequestTarget): string {
	if (target.paymentId !== undefined) return `payment ${target.paymentId}`;
	if (target.documentId !== undefined)
		return `the payment with document number ${target.documentId}`;
	return 'the payment';
}
