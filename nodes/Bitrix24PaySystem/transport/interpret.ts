import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/errors';
import { capWait } from '../../shared/http';
import { asObject } from '../../shared/json';
import type { Exchange } from '../../shared/profile';
import { bitrixError } from './errors';

/**
 * A Bitrix24 answer → success, or the ApiFailure that says what went wrong and whether it may be
 * sent again. Bitrix24 answers `{result, time}` or `{error, error_description}`
 * (https://apidocs.bitrix24.com/settings/how-to-call-rest-api/index.html).
 */

const MAY_HAVE_CHANGED =
	'The change may or may not have been made: check it (for example with a Get or Get Many ' +
	'operation) before running it again.';

/** The method a request calls: its URL without slashes or `.json`. */
export function methodOf(request: IHttpRequestOptions): string {
	return String(request.url ?? '')
		.replace(/^\/+/, '')
		.replace(/\.json$/, '');
}

/** Bitrix's own error code: text, or a number (the `sale.*` controllers answer `200040300010`). */
function errorCode(body: IDataObject | undefined): string | undefined {
	const error = body?.error;
	if (typeof error === 'string') return error.trim() || undefined;
	return typeof error === 'number' ? String(error) : undefined;
}

export function interpretBitrix(
	response: IN8nHttpFullResponse,
	exchange: Exchange,
): ApiFailure | undefined {
	const body = asObject(response.body);
	const status = response.statusCode;
	const method = methodOf(exchange.request);
	const read = exchange.kind === 'read';
	const code = errorCode(body);
	if (status >= 200 && status < 300 && body && 'result' in body && !code) {
		return body.result === false ? resultFalse(method, status) : undefined;
	}
	if (code) return knownError(code, body, status, method, read);
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
	const failed = status >= 500 || status < 300;
	return {
		code: status >= 200 && status < 300 ? 'INVALID_RESPONSE' : `HTTP_${status}`,
		status,
		message: `Bitrix24 sent ${unreadable} (HTTP ${status})`,
		// A 503 without Bitrix's own QUERY_LIMIT_EXCEEDED proves nothing: a proxy in front of the
		// portal may send it after the portal processed the request.
		hint: failed
			? `The portal or a proxy in front of it failed. ${read ? 'Try again later.' : MAY_HAVE_CHANGED}`
			: 'Check the Webhook URL in the credential: it must point at the portal itself.',
		retry: failed ? 'transient' : 'never',
	};
}

/** An answer with Bitrix's `error`: the catalogue's entry, or the code and Bitrix's own text. */
function knownError(
	code: string,
	body: IDataObject | undefined,
	status: number,
	method: string,
	read: boolean,
): ApiFailure {
	const entry = bitrixError(code);
	const detail = typeof body?.error_description === 'string' ? body.error_description : undefined;
	if (!entry) {
		const changed = status >= 500 && !read ? ` ${MAY_HAVE_CHANGED}` : '';
		return {
			code,
			status,
			message: `Bitrix24 returned the error ${code}`,
			hint: `This code is not in the Bitrix24 documentation; the Bitrix24 text below explains it.${changed}`,
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

/**
 * `result: false` is a failure, not an answer: sale.paysystem.update and .delete return
 * `Manager::update/delete(...)->isSuccess()` and settings.update returns false when one
 * business value cannot be saved (RestService in the sale module, e.g.
 * sale/lib/paysystem/restservice.php in
 * https://github.com/yuliai/bitrix-modules/tree/a3a2a579ba9fdb636ede47f2d8ca02f9c8a66dc9).
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
		'The portal answered false. Its restriction by payer type may have been replaced anyway ' +
			'when Person Type ID was given: check the pay system (Get Many) before running it again.',
	],
	'sale.paysystem.delete': [
		'Bitrix24 did not delete the pay system',
		'The pay system still exists, but it may have lost its settings and payer-type restriction ' +
			'(Bitrix24 removes those first). Check it (Get Settings) and delete it again or set its ' +
			'settings again.',
	],
	'sale.paysystem.settings.update': [
		'Bitrix24 saved only some of the settings',
		'The portal refused one setting after saving the ones before it. Read them (Get Settings) ' +
			'before running it again.',
	],
};

/** Milliseconds until `time.operating_reset_at` (seconds since the epoch) of an answer, when it says. */
function operatingReset(body: IDataObject | undefined): number | undefined {
	const at = Number(asObject(body?.time)?.operating_reset_at);
	return Number.isFinite(at) && at > 0 ? capWait(at * 1000 - Date.now()) : undefined;
}
