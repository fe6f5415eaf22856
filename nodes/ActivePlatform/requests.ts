import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** What a request to the ActivePlatform API v3 is, read back from its method, path and body. */

export type RequestKind =
	| 'reseller'
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

const PATH = /^\/api\/v3\/resellers\/([^/?]+)(\/payments(?:\/([^/?]+))?)?(?:\?.*)?$/;

export function resellerPath(resellerId: number): string {
	return `${API_ROOT}/${resellerId}`;
}

export function paymentsPath(resellerId: number, paymentRef?: string | number): string {
	const base = `${resellerPath(resellerId)}/payments`;
	return paymentRef === undefined ? base : `${base}/${encodeURIComponent(String(paymentRef))}`;
}

function attributesOf(body: unknown): IDataObject | undefined {
	const data = (body as IDataObject | undefined)?.data as IDataObject | undefined;
	const attributes = data?.attributes;
	return attributes && typeof attributes === 'object' ? (attributes as IDataObject) : undefined;
}

export function classify(request: IHttpRequestOptions): RequestTarget {
	const match = PATH.exec(String(request.url ?? ''));
	if (!match) return { kind: 'other' };
	const [, resellerId, payments, ref] = match;
	const method = String(request.method ?? 'GET').toUpperCase();
	if (!payments) return { kind: method === 'GET' ? 'reseller' : 'other', resellerId };
	const id = ref === undefined ? undefined : decodeURIComponent(ref);
	switch (method) {
		case 'GET':
			return id === undefined ? { kind: 'list', resellerId } : { kind: 'get', resellerId, paymentId: id };
		case 'POST':
			return id === undefined ? { kind: 'create', resellerId } : { kind: 'completeByDocument', resellerId, documentId: id };
		case 'PATCH':
			return {
				kind: attributesOf(request.body)?.status === 'paid_from_balance' ? 'completeFromBalance' : 'complete',
				resellerId,
				paymentId: id,
			};
		case 'DELETE':
			return { kind: 'cancel', resellerId, paymentId: id };
		default:
			return { kind: 'other', resellerId };
	}
}

/** "payment 6475" / "the payment with document number 002018", for messages. */
export function paymentLabel(target: RequestTarget): string {
	if (target.paymentId !== undefined) return `payment ${target.paymentId}`;
	if (target.documentId !== undefined) return `the payment with document number ${target.documentId}`;
	return 'the payment';
}
