import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from '../shared/errors';
import { LeakyBucket } from '../shared/limiter';
import type { AlreadyDone, ApiProfile, Pager } from '../shared/transport';
import { createSender } from '../shared/transport';
import { bitrixError } from './errors';
import { checkWebhookUrl } from './webhookUrl';

/** The Bitrix24 side of the shared transport: webhook address, errors, limits, paging. */

/** Documented leaky buckets (burst, drain per second) of Bitrix24 cloud plans. */
export const RATE_LIMIT_PLANS: Record<string, [number, number] | undefined> = {
	standard: [50, 2],
	enterprise: [250, 5],
	off: undefined,
};

const MAY_HAVE_CHANGED =
	'The change may or may not have been made: check it (for example with a Get or Get Many operation) before running it again.';

/** Methods that only read: safe to resend after a failure that may have been processed. */
const READ_METHODS = /(^|\.)(list|get)$|^scope$/;

function methodOf(request: IHttpRequestOptions): string {
	return String(request.url ?? '')
		.replace(/^\/+/, '')
		.replace(/\.json$/, '');
}

function bucketFor(credentials: ICredentialDataDecryptedObject): [number, number] | undefined {
	const plan = String(credentials.rateLimitPlan ?? 'standard');
	if (plan === 'custom') {
		const burst = Number(credentials.burst);
		const drain = Number(credentials.drainPerSecond);
		return burst > 0 && drain > 0 ? [burst, drain] : RATE_LIMIT_PLANS.standard;
	}
	return plan in RATE_LIMIT_PLANS ? RATE_LIMIT_PLANS[plan] : RATE_LIMIT_PLANS.standard;
}

export function connectBitrix(credentials: ICredentialDataDecryptedObject, node: INode) {
	const { address, problem } = checkWebhookUrl(credentials.secretWebhookUrl);
	if (!address) {
		throw new NodeOperationError(node, problem, {
			description: 'Open the Bitrix24 Webhook API credential and fix the Webhook URL.',
		});
	}
	const bucket = bucketFor(credentials);
	return {
		limiterKey: `${address.origin}|${bucket ? bucket.join('/') : 'off'}`,
		secrets: [address.code, address.baseUrl],
		rateLimit: () => (bucket ? new LeakyBucket(bucket[0], bucket[1]) : undefined),
	};
}

function asObject(body: unknown): IDataObject | undefined {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : undefined;
}

export function interpretBitrix(
	response: IN8nHttpFullResponse,
	request: IHttpRequestOptions,
): ApiFailure | undefined {
	const body = asObject(response.body);
	const status = response.statusCode;
	const method = methodOf(request);
	const code = typeof body?.error === 'string' ? body.error.trim() : undefined;
	if (status >= 200 && status < 300 && body && 'result' in body && !code) return undefined;

	if (code) {
		const entry = bitrixError(code);
		const detail = typeof body?.error_description === 'string' ? body.error_description : undefined;
		if (!entry) {
			return {
				code,
				status,
				message: `Bitrix24 returned the error ${code}`,
				hint: `This code is not in the Bitrix24 documentation; the Bitrix24 text below explains it.${status >= 500 && !READ_METHODS.test(method) ? ` ${MAY_HAVE_CHANGED}` : ''}`,
				detail,
				retry: status >= 500 && READ_METHODS.test(method) ? 'transient' : 'never',
			};
		}
		const hint = typeof entry.hint === 'function' ? entry.hint(method) : entry.hint;
		return {
			code: code.toUpperCase() === code ? code : code.toLowerCase(),
			status,
			message: entry.message,
			// A server failure on a change (a payment, a handler...) may have happened after the change was made.
			hint: entry.retry === 'transient' && !READ_METHODS.test(method) ? `${hint} ${MAY_HAVE_CHANGED}` : hint,
			detail,
			retry: entry.retry ?? 'never',
		};
	}
	// No Bitrix24 envelope: a proxy's page, an empty or cut-off body.
	const unreadable = typeof response.body === 'string' && response.body.trim() ? 'an unreadable answer' : 'an empty answer';
	if (status === 503 || status === 429) {
		return {
			code: `HTTP_${status}`,
			status,
			message: `Bitrix24 is busy (HTTP ${status})`,
			hint: 'The portal refused the request before processing it; the node waits and resends.',
			retry: 'rateLimit',
		};
	}
	return {
		code: status >= 200 && status < 300 ? 'INVALID_RESPONSE' : `HTTP_${status}`,
		status,
		message: `Bitrix24 sent ${unreadable} (HTTP ${status})`,
		hint:
			status >= 500 || status < 300
				? 'The portal or a proxy in front of it failed. Check the portal; if this was a payment or another change, check its state before running it again.'
				: 'Check the Webhook URL in the credential: it must point at the portal itself.',
		retry: status >= 500 || status < 300 ? 'transient' : 'never',
	};
}

/** List methods return `next` when more rows exist; the next page is asked for with `start`. */
const bitrixPager: Pager = {
	first: (request) => request,
	next(request, response) {
		const next = asObject(response.body)?.next;
		if (next === undefined || next === null || next === '') return undefined;
		return { ...request, body: { ...((request.body as IDataObject) ?? {}), start: next } };
	},
};

/**
 * "Treat Already Done as Success": Handler → Create refused with ERROR_HANDLER_ALREADY_EXIST
 * (an earlier run registered this code) stands for the handler with that code, read back from
 * handler.list. Payment → Pay needs nothing: the portal marks an already paid payment paid again
 * without a second payment (sale.paysystem.pay.payment sets PAID = Y, which it already is), so a
 * re-run succeeds by itself; without the `sale` scope the node cannot tell it apart from a first
 * payment, so its items are not marked.
 */
const bitrixAlreadyDone: AlreadyDone = {
	/**
	 * Bitrix24 does not refuse a second pay system with the same values: Pay System → Create with
	 * an External ID (XML_ID) first looks for a pay system that has it, and one found stands for
	 * the creation. Without an External ID nothing tells a repeat from a new pay system.
	 */
	check(request) {
		const xmlId = asObject(request.body)?.XML_ID;
		if (methodOf(request) !== 'sale.paysystem.add' || typeof xmlId !== 'string' || !xmlId) return undefined;
		return {
			request: { method: 'POST', url: 'sale.paysystem.list', body: { FILTER: { '=XML_ID': xmlId }, SELECT: ['ID', 'XML_ID'] } },
			body(response) {
				const rows = asObject(response.body)?.result;
				const row = Array.isArray(rows) ? rows.map(asObject).find((r) => r?.XML_ID === xmlId) : undefined;
				return row ? { result: Number(row.ID) } : undefined;
			},
		};
	},
	refusal(failure, request) {
		if (failure.code !== 'ERROR_HANDLER_ALREADY_EXIST' || methodOf(request) !== 'sale.paysystem.handler.add') return undefined;
		const code = asObject(request.body)?.CODE;
		return {
			request: { method: 'POST', url: 'sale.paysystem.handler.list', body: {} },
			body(response) {
				const rows = asObject(response.body)?.result;
				const row = Array.isArray(rows) ? rows.map(asObject).find((r) => r?.CODE === code) : undefined;
				return row ? { result: Number(row.ID) } : undefined;
			},
		};
	},
};

export const bitrixProfile: ApiProfile = {
	api: 'Bitrix24',
	credentialType: 'bitrix24WebhookApi',
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	connect: connectBitrix,
	interpret: interpretBitrix,
	isIdempotent: (request) => READ_METHODS.test(methodOf(request)),
	pager: (request) => (/\.list$/.test(methodOf(request)) ? bitrixPager : undefined),
	alreadyDone: bitrixAlreadyDone,
};

export const sendToBitrix = createSender(bitrixProfile);

/** Output steps (postReceive) shared by the operations. */

/** `{result: [...]}` → one item per row. */
export async function splitResult(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.flatMap((item) => {
		const result = item.json.result;
		const rows = Array.isArray(result) ? result : result && typeof result === 'object' ? Object.values(result) : [];
		return rows.map((row) => ({ json: row as IDataObject }));
	});
}

/** `{result: 12}` → `{id: 12}`. */
export async function resultAsId(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: { id: item.json.result as number } }));
}

/** `{result: true}` → `{success: true}`. */
export async function resultAsSuccess(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: { success: item.json.result === true || item.json.result === 'Y' } }));
}

/** `{result: {...}}` → the object itself. */
export async function resultAsItem(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: (asObject(item.json.result) ?? { result: item.json.result }) as IDataObject }));
}
