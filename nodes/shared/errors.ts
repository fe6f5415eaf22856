import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What a user needs to know about one failed call, in the API's own vocabulary. */
export interface ApiFailure {
	/** The API's own error code (`ERROR_HANDLER_ALREADY_EXIST`, `wrong_order_status`, ...). */
	code: string;
	/** HTTP status, 0 when no answer came. */
	status: number;
	/** Plain-language summary. */
	message: string;
	/** What to do about it. */
	hint: string;
	/** The API's own explanation, when it gave one. */
	detail?: string;
	/** Support reference (Invoicebox `X-Request-Id`). */
	requestId?: string;
	/**
	 * May the same request be sent again?
	 * - `rateLimit`: the server refused it unprocessed because of a limit: wait and resend;
	 * - `transient`: a failure that may pass, but the request may have been processed: resend
	 *   only reads (or requests that never left, see `unsent`);
	 * - `never`: resending cannot help.
	 */
	retry: 'rateLimit' | 'transient' | 'never';
	/** The request provably never reached the server (connection refused). */
	unsent?: boolean;
	/** How long the server asked us to wait. */
	retryAfterMs?: number;
	/**
	 * Who waits out a `rateLimit` refusal: the whole API account (default: every request of every
	 * run waits, the limit is the account's), or only this request (a block of one method).
	 */
	waitScope?: 'account' | 'request';
	/** Extra facts for the user (a payment's current status...). */
	extra?: JsonObject;
}

/**
 * One entry of an API's error catalogue: the documented status, what it means in plain words and
 * what to do (the hint may depend on the request that failed: its method or `METHOD /path`), and
 * whether the request may be resent (see ApiFailure.retry).
 */
export interface ErrorEntry {
	status: number;
	message: string;
	hint: string | ((request: string) => string);
	retry?: 'rateLimit' | 'transient';
}

/** Removes every secret from a text: used on everything an error carries. */
export function scrub(text: string | undefined, secrets: readonly string[]): string | undefined {
	if (text === undefined) return undefined;
	let out = text;
	for (const secret of secrets) {
		if (secret && secret.length >= 4) out = out.split(secret).join('***');
	}
	return out;
}

function scrubJson(value: unknown, secrets: readonly string[]): unknown {
	if (typeof value === 'string') return scrub(value, secrets);
	if (Array.isArray(value)) return value.map((v) => scrubJson(v, secrets));
	if (value && typeof value === 'object') {
		const out: JsonObject = {};
		for (const [k, v] of Object.entries(value))
			out[k] = scrubJson(v, secrets) as JsonObject[string];
		return out;
	}
	return value;
}

/**
 * The error a user sees: message = what happened, description = what to do, plus the API's code,
 * status and own words. `context.apiCode` and `context.httpCode` let workflows branch on it.
 */
export function toNodeApiError(
	node: INode,
	api: string,
	failure: ApiFailure,
	secrets: readonly string[],
	itemIndex?: number,
): NodeApiError {
	const where = failure.status ? `HTTP ${failure.status}` : 'no response';
	const lines = [failure.hint];
	if (failure.detail) lines.push(`${api} said: ${failure.detail}`);
	if (failure.requestId) lines.push(`Request ID for ${api} support: ${failure.requestId}`);
	const message = `${failure.message} [${api} ${failure.code}, ${where}]`;
	const errorResponse = scrubJson(
		{
			api,
			code: failure.code,
			status: failure.status,
			message: failure.detail ?? failure.message,
			...(failure.requestId ? { requestId: failure.requestId } : {}),
			...(failure.extra ?? {}),
		},
		secrets,
	) as JsonObject;
	const error = new NodeApiError(node, errorResponse, {
		message: scrub(message, secrets),
		description: scrub(lines.join('\n'), secrets),
		// 'none' (as n8n's routing engine writes it) also keeps NodeApiError from swapping our
		// message for its generic text about a network code such as ECONNREFUSED.
		httpCode: failure.status ? String(failure.status) : 'none',
		itemIndex,
	});
	// NodeApiError swaps a message that merely mentions a network code (ECONNRESET...) for its
	// generic text about that code; ours already says what happened and what to do.
	error.message = scrub(message, secrets) ?? message;
	error.context.apiCode = failure.code;
	error.context.httpStatus = failure.status;
	if (failure.requestId) error.context.requestId = failure.requestId;
	if (failure.extra) error.context.details = errorResponse;
	return error;
}
