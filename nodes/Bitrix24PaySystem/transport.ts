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
import { capWait } from '../shared/http';
import { LeakyBucket } from '../shared/rateModels';
import type { AlreadyDone, ItemFunctions, Pager } from '../shared/operations';
import type { ApiProfile, Exchange } from '../shared/sender';
import { bitrixError } from './errors';
import { checkWebhookUrl } from './webhookUrl';
import { asObject } from '../shared/json';

/** The Bitrix24 side of the shared transport: webhook address, errors, limits, paging. */

/** Documented leaky buckets (burst, drain per second) of Bitrix24 cloud plans. */
export const RATE_LIMIT_PLANS: Record<string, [number, number] | undefined> = {
	standard: [50, 2],
	enterprise: [250, 5],
	off: undefined,
};

const MAY_HAVE_CHANGED =
	'The change may or may not have been made: check it (for example with a Get or Get Many operation) before running it again.';

export function methodOf(request: IHttpRequestOptions): string {
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

export function interpretBitrix(
	response: IN8nHttpFullResponse,
	exchange: Exchange,
): ApiFailure | undefined {
	const body = asObject(response.body);
	const status = response.statusCode;
	const method = methodOf(exchange.request);
	const read = exchange.kind === 'read';
	const code = typeof body?.error === 'string' ? body.error.trim() : undefined;
	if (status >= 200 && status < 300 && body && 'result' in body && !code) {
		return body.result === false ? resultFalse(method, status) : undefined;
	}

	if (code) {
		const entry = bitrixError(code);
		const detail = typeof body?.error_description === 'string' ? body.error_description : undefined;
		if (!entry) {
			return {
				code,
				status,
				message: `Bitrix24 returned the error ${code}`,
				hint: `This code is not in the Bitrix24 documentation; the Bitrix24 text below explains it.${status >= 500 && !read ? ` ${MAY_HAVE_CHANGED}` : ''}`,
				detail,
				retry: status >= 500 && read ? 'transient' : 'never',
			};
		}
		const hint = typeof entry.hint === 'function' ? entry.hint(method) : entry.hint;
		const upper = code.toUpperCase();
		return {
			code: upper === code ? code : code.toLowerCase(),
			status,
			message: entry.message,
			// A server failure on a change (a payment, a handler...) may have happened after the change was made.
			hint: entry.retry === 'transient' && !read ? `${hint} ${MAY_HAVE_CHANGED}` : hint,
			detail,
			retry: entry.retry ?? 'never',
			// OPERATION_TIME_LIMIT blocks one method until its operating time resets: only its requests wait.
			...(upper === 'OPERATION_TIME_LIMIT'
				? { waitScope: 'request' as const, retryAfterMs: operatingReset(body) }
				: {}),
		};
	}
	// No Bitrix24 envelope: a proxy's page, an empty or cut-off body.
	const unreadable =
		typeof response.body === 'string' && response.body.trim()
			? 'an unreadable answer'
			: 'an empty answer';
	if (status === 429) {
		// A 429 is a refusal before processing, whoever sent it.
		return {
			code: 'HTTP_429',
			status,
			message: 'Bitrix24 refused the request as too many (HTTP 429)',
			hint: 'The portal refused the request before processing it; the node waits and resends.',
			retry: 'rateLimit',
		};
	}
	return {
		code: status >= 200 && status < 300 ? 'INVALID_RESPONSE' : `HTTP_${status}`,
		status,
		message: `Bitrix24 sent ${unreadable} (HTTP ${status})`,
		// A 503 without Bitrix's own QUERY_LIMIT_EXCEEDED proves nothing: a proxy in front of the
		// portal may send it after the portal processed the request.
		hint:
			status >= 500 || status < 300
				? read
					? 'The portal or a proxy in front of it failed. Try again later.'
					: `The portal or a proxy in front of it failed. ${MAY_HAVE_CHANGED}`
				: 'Check the Webhook URL in the credential: it must point at the portal itself.',
		retry: status >= 500 || status < 300 ? 'transient' : 'never',
	};
}

/**
 * `result: false` is a failure, not an answer: sale.paysystem.update and .delete return
 * `Manager::update/delete(...)->isSuccess()` and settings.update returns false when one
 * business value cannot be saved (RestService, modules/sale/lib/paysystem/restservice.php).
 * What each leaves behind decides the hint; none is resent.
 */
function resultFalse(method: string, status: number): ApiFailure {
	const [message, hint] = RESULT_FALSE[method] ?? [
		'Bitrix24 answered false: the call did not succeed',
		'Check the record in Bitrix24 before running it again.',
	];
	return { code: 'RESULT_FALSE', status, message, hint, retry: 'never' };
}

const RESULT_FALSE: Record<string, [string, string]> = {
	'sale.paysystem.update': [
		'Bitrix24 did not save the change to the pay system',
		'The portal answered false. Its restriction by payer type may have been replaced anyway when Person Type ID was given: check the pay system (Get Many) before running it again.',
	],
	'sale.paysystem.delete': [
		'Bitrix24 did not delete the pay system',
		'The pay system still exists, but it may have lost its settings and payer-type restriction (Bitrix24 removes those first). Check it (Get Settings) and delete it again or set its settings again.',
	],
	'sale.paysystem.settings.update': [
		'Bitrix24 saved only some of the settings',
		'The portal refused one setting after saving the ones before it. Read them (Get Settings) before running it again.',
	],
};

/** Milliseconds until `time.operating_reset_at` (seconds since the epoch) of an answer, when it says. */
function operatingReset(body: IDataObject | undefined): number | undefined {
	const at = Number(asObject(body?.time)?.operating_reset_at);
	return Number.isFinite(at) && at > 0 ? capWait(at * 1000 - Date.now()) : undefined;
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

/** What differs between a record found and the values this item asked for ("NAME is ..."), if anything. */
function differences(row: IDataObject, asked: IDataObject, fields: string[]): string | undefined {
	const found = fields
		.filter(
			(f) => asked[f] !== undefined && row[f] !== undefined && String(row[f]) !== String(asked[f]),
		)
		.map((f) => `${f} is "${String(row[f])}", this item asks for "${String(asked[f])}"`);
	return found.length ? found.join('; ') : undefined;
}

/**
 * "Treat Already Done as Success" for Pay System → Create. Bitrix24 does not refuse a second pay
 * system with the same values, so with an External ID (XML_ID) the node first looks for a pay
 * system that has it, and one found stands for the creation when it is the one asked for (same
 * name, handler and payer type); one that differs is reported, and nothing is created. Without
 * an External ID nothing tells a repeat from a new pay system.
 */
export const paySystemCreated: AlreadyDone = {
	check(request) {
		const body = asObject(request.body) ?? {};
		const xmlId = body.XML_ID;
		if (typeof xmlId !== 'string' || !xmlId) return undefined;
		const find = (response: IN8nHttpFullResponse) => {
			const rows = asObject(response.body)?.result;
			return Array.isArray(rows) ? rows.map(asObject).find((r) => r?.XML_ID === xmlId) : undefined;
		};
		return {
			request: {
				method: 'POST',
				url: 'sale.paysystem.list',
				body: {
					FILTER: { '=XML_ID': xmlId },
					SELECT: ['ID', 'XML_ID', 'NAME', 'ACTION_FILE', 'PERSON_TYPE_ID'],
				},
			},
			body(response) {
				const row = find(response);
				return row ? { result: Number(row.ID) } : undefined;
			},
			mismatch(response) {
				const row = find(response);
				const asked = {
					NAME: body.NAME,
					ACTION_FILE: body.BX_REST_HANDLER,
					PERSON_TYPE_ID: body.PERSON_TYPE_ID,
				};
				const diff = row
					? differences(row, asked, ['NAME', 'ACTION_FILE', 'PERSON_TYPE_ID'])
					: undefined;
				return diff
					? `pay system ${String(row?.ID)} has External ID "${xmlId}" but differs (${diff}). Use another External ID for a new pay system.`
					: undefined;
			},
		};
	},
};

const MODE_KEYS = ['IFRAME_DATA', 'CHECKOUT_DATA', 'FORM_DATA'];

/**
 * The settings section a portal uses, in its own order (RestHandler::getMode, modules/sale/lib/
 * paysystem/resthandler.php): a non-empty IFRAME_DATA wins over CHECKOUT_DATA, which wins over
 * FORM_DATA.
 */
export function activeModeKey(settings: IDataObject | undefined): string | undefined {
	return MODE_KEYS.find((key) => {
		const data = asObject(settings?.[key]);
		return data && Object.keys(data).length > 0;
	});
}

/** How a handler's mode or Action URI differs from the settings an item asks for, if it does. */
function modeDifference(found: IDataObject | undefined, asked: IDataObject | undefined) {
	const [foundKey, askedKey] = [activeModeKey(found), activeModeKey(asked)];
	if (!askedKey) return undefined;
	if (foundKey !== askedKey)
		return `its mode is ${foundKey ?? 'none'}, this item asks for ${askedKey}`;
	const uri = (s: IDataObject | undefined) => String(asObject(s?.[askedKey])?.ACTION_URI ?? '');
	return uri(found) === uri(asked)
		? undefined
		: `its Action URI is "${uri(found)}", this item asks for "${uri(asked)}"`;
}

/**
 * "Treat Already Done as Success" for Handler → Create: refused with ERROR_HANDLER_ALREADY_EXIST
 * (an earlier run registered this code), it stands for the handler with that code, read back
 * from handler.list, when it has the name asked for.
 */
export const handlerCreated: AlreadyDone = {
	refusal(failure, request) {
		if (failure.code !== 'ERROR_HANDLER_ALREADY_EXIST') return undefined;
		const body = asObject(request.body) ?? {};
		const find = (response: IN8nHttpFullResponse) => {
			const rows = asObject(response.body)?.result;
			return Array.isArray(rows)
				? rows.map(asObject).find((r) => r?.CODE === body.CODE)
				: undefined;
		};
		return {
			request: { method: 'POST', url: 'sale.paysystem.handler.list', body: {} },
			body(response) {
				const row = find(response);
				return row ? { result: Number(row.ID) } : undefined;
			},
			mismatch(response) {
				const row = find(response);
				if (!row) return undefined;
				const diff = [
					differences(row, { NAME: body.NAME }, ['NAME']),
					modeDifference(asObject(row.SETTINGS), asObject(body.SETTINGS)),
				].filter(Boolean);
				return diff.length
					? `the existing handler ${String(row.ID)} with this Code differs (${diff.join('; ')}).`
					: undefined;
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
};

/** Output steps (postReceive) shared by the operations. */

/** `{result: [...]}` → one item per row. */
export async function splitResult(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.flatMap((item) => {
		const result = item.json.result;
		const rows = Array.isArray(result)
			? result
			: result && typeof result === 'object'
				? Object.values(result)
				: [];
		return rows.map((row) => ({ json: row as IDataObject }));
	});
}

/** `{result: 12}` → `{id: 12}`. */
export async function resultAsId(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return items.map((item) => ({ json: { id: item.json.result as number } }));
}

/** `{result: true}` → `{success: true}`. */
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
