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
import type { ItemFunctions } from '../shared/operations';
import type { ApiProfile, Connection, Exchange } from '../shared/sender';
import { asObject } from '../shared/json';
import { unproven } from './alreadyDone';
import { accountKey, checkAccount } from './connection';
import { invoiceboxError, RATE_LIMIT_CODE, SERVER_ERROR_CODE } from './errors';
import { accountModel, observeRateLimit } from './rateLimit';

/** The Invoicebox side of the shared transport: account, errors, limits, paging, output. */

export const API = 'Invoicebox';

export function connectInvoicebox(
	credentials: ICredentialDataDecryptedObject,
	node: INode,
): Connection {
	const { account, problem } = checkAccount(credentials);
	if (!account) {
		throw new NodeOperationError(node, problem, {
			description: 'Open the Invoicebox API credential and fix it.',
		});
	}
	const key = accountKey(account);
	return {
		baseURL: account.baseURL,
		limiterKey: key,
		secrets: [account.token],
		rateLimit: () => accountModel(key, account.rateLimit, account.windowSeconds),
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

/**
 * The error of an answer: `{"error": {"code", "message"}}` as the PHP SDK reads it
 * (https://github.com/InvoiceBox/invoicebox-sdk-php/blob/e17f079e2fc860dee9bfd9efd691ae0e893d04d8/src/Client/InvoiceboxClient.php),
 * or `{"code", "message"}` at the top level, as Invoicebox's MCP client reads it
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec2d8298029c0624639e9e643d0c9b915d9/src/api/client.ts).
 */
function errorOf(body: IDataObject | undefined): IDataObject | undefined {
	const nested = asObject(body?.error);
	if (nested) return nested;
	return body && !('data' in body) && typeof body.code === 'string' ? body : undefined;
}

export function interpretInvoicebox(
	response: IN8nHttpFullResponse,
	exchange: Exchange,
): ApiFailure | undefined {
	const { request } = exchange;
	observeRateLimit(request, response);
	const body = asObject(response.body);
	const status = response.statusCode;
	const requestId = header(response.headers, 'x-request-id');
	const error = errorOf(body);
	if (status >= 200 && status < 300 && body && 'data' in body && !error)
		return unproven(request, response);

	const operation = operationOf(request);
	const read = exchange.kind === 'read';
	const apiCode =
		typeof error?.code === 'string' && error.code.trim() ? error.code.trim() : undefined;
	const apiText =
		typeof error?.message === 'string' && error.message.trim() ? error.message.trim() : undefined;
	const detail =
		[apiText, error ? fieldProblems(error) : undefined].filter(Boolean).join('. ') || undefined;

	// The dictionary lists 429 and 500 without a code: they are named by their status.
	const code =
		apiCode ??
		(status === 429 ? RATE_LIMIT_CODE : status === 500 && error ? SERVER_ERROR_CODE : undefined);
	const entry = code ? invoiceboxError(code) : undefined;
	if (entry && code) {
		const retry =
			status === 429 ? 'rateLimit' : status >= 500 ? 'transient' : (entry.retry ?? 'never');
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
		typeof response.body === 'string' && response.body.trim()
			? 'an unreadable answer'
			: 'an empty answer';
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
		const alreadyPaid =
			result === 'alreadyPaid' &&
			(this.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean);
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
