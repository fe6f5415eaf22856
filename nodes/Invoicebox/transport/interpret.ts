import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/errors';
import { asObject } from '../../shared/json';
import type { Exchange } from '../../shared/profile';
import { unproven } from './alreadyDone';
import { invoiceboxError, RATE_LIMIT_CODE, SERVER_ERROR_CODE } from './errors';
import { observeRateLimit } from './rateLimit';

/** An Invoicebox answer → success, or what went wrong in the user's terms (the shared sender's ApiFailure). */

/** `POST /billing/api/order/shipment`: the request as the hints name it. */
export function operationOf(request: IHttpRequestOptions): string {
	return `${request.method ?? 'GET'} ${String(request.url ?? '').split('?')[0]}`;
}

export function header(headers: IDataObject | undefined, name: string): string | undefined {
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
 * (https://github.com/InvoiceBox/invoicebox-sdk-php/blob/e17f079/src/Client/InvoiceboxClient.php),
 * or `{"code", "message"}` at the top level, as Invoicebox's MCP client reads it
 * (https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec/src/api/client.ts).
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
						: 'Invoicebox or a proxy in front of it failed, and the change may or may not ' +
							'have been made: check it (Get / Get Many) before running it again.'
					: 'Check the Base URL in the credential: it must point at the Invoicebox API.',
		requestId,
		retry: status === 429 ? 'rateLimit' : status >= 500 || ok ? 'transient' : 'never',
	};
}
