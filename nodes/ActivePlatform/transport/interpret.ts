import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/errors';
import { asObject } from '../../shared/json';
import type { Exchange } from '../../shared/profile';
import { notCompletable, STATUS_ERRORS, writeHint } from './errors';
import { targetOf } from './requests';

/**
 * ActivePlatform's answers read as failures. The reference documents one error shape, for 422:
 * `{"errors": {"title": "...", "status": "422"}}` (an object, status as a string); a JSON:API
 * server may also answer the standard `{"errors": [{"status", "title", "detail", "code",
 * "source": {"pointer"}}]}`. Both are read. Other statuses are not documented: their meaning
 * below is HTTP's, with hints for this API.
 */

interface JsonApiError {
	status?: string;
	title?: string;
	detail?: string;
	code?: string;
	pointer?: string;
}

export const text = (value: unknown) =>
	typeof value === 'string'
		? value.trim() || undefined
		: typeof value === 'number'
			? String(value)
			: undefined;

/** The `errors` member in either form; undefined when the body has none. */
export function readErrors(body: unknown): JsonApiError[] | undefined {
	const errors = asObject(body)?.errors;
	const list = Array.isArray(errors) ? errors : asObject(errors) ? [errors] : undefined;
	if (!list) return undefined;
	return list.map((entry) => {
		const e = asObject(entry) ?? {};
		return {
			status: text(e.status),
			title: text(e.title) ?? (typeof entry === 'string' ? entry : undefined),
			detail: text(e.detail),
			code: text(e.code),
			pointer: text(asObject(e.source)?.pointer),
		};
	});
}

/** One line per error: "title: detail (data/attributes/total)". */
export function describeErrors(errors: JsonApiError[]): string | undefined {
	const lines = errors
		.map((e) => {
			const words = [e.title, e.detail].filter(Boolean).join(': ');
			const where = e.pointer ? ` (${e.pointer.replace(/^\//, '')})` : '';
			return words ? `${words}${where}` : '';
		})
		.filter(Boolean);
	return lines.length ? lines.join('; ') : undefined;
}

export function interpretActivePlatform(
	response: IN8nHttpFullResponse,
	exchange: Exchange,
): ApiFailure | undefined {
	const status = response.statusCode;
	const body = response.body;
	const target = targetOf(exchange.request, exchange.op?.value);
	const errors = readErrors(body) ?? [];
	// The status that says what went wrong: HTTP's, or for a JSON:API error document that came
	// with a 2xx (a proxy, or an installation answering errors with 200) the errors' own status
	// (422 when they give none): a definite refusal, not an unreadable answer to resend.
	let meaning = status;
	if (status >= 200 && status < 300) {
		if (status === 204 || (asObject(body) && 'data' in (body as IDataObject))) return undefined;
		if (!errors.length) {
			return {
				code: 'INVALID_RESPONSE',
				status,
				message: `ActivePlatform sent an answer that is not a JSON:API document (HTTP ${status})`,
				hint: writeHint(
					target,
					'Check the Base URL in the credential: it must be the address of the ActivePlatform installation itself.',
				),
				retry: 'transient',
			};
		}
		const stated = Number(errors.find((e) => e.status)?.status);
		meaning = stated >= 400 && stated < 600 ? stated : 422;
	}
	const title = errors.map((e) => e.title ?? '').join(' ');
	const known = meaning === 422 ? notCompletable(target, title, describeErrors(errors)) : undefined;
	if (known) return { ...known, status };
	const entry = STATUS_ERRORS[meaning];
	const apiCode = errors.find((e) => e.code)?.code;
	const detail =
		describeErrors(errors) ??
		(typeof body === 'string' && body.trim()
			? 'The answer was not a JSON:API error document.'
			: undefined);
	if (entry) {
		return {
			code: apiCode ?? entry.code,
			status,
			message: entry.message,
			hint: entry.hint(target),
			detail,
			retry: entry.retry ?? 'never',
		};
	}
	return {
		code: apiCode ?? `HTTP_${meaning}`,
		status,
		message: `ActivePlatform answered with HTTP ${meaning}`,
		hint:
			meaning >= 500
				? writeHint(target, 'The installation or a proxy in front of it failed. Try again later.')
				: 'Check the Base URL in the credential and the values of this item; the text below may say more.',
		detail,
		retry: meaning >= 500 ? 'transient' : 'never',
	};
}
