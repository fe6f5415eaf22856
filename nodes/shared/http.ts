import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiFailure } from './errors';

/** What the shared sender knows about HTTP itself, whatever the API. */

/** The longest wait a server may ask for (Retry-After, a reset time): one hour. */
export const MAX_SERVER_WAIT_MS = 3_600_000;

/** A server-given wait in milliseconds, finite and capped (a `Retry-After: 1e306` must not block for ever). */
export function capWait(ms: number): number {
	return Number.isFinite(ms) ? Math.min(MAX_SERVER_WAIT_MS, Math.max(0, ms)) : MAX_SERVER_WAIT_MS;
}

/** `Retry-After` in seconds or as an HTTP date, capped; undefined when absent or unreadable. */
export function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	const seconds = Number(text);
	if (text && !Number.isNaN(seconds)) return capWait(seconds * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : capWait(date - Date.now());
}

/**
 * Network failures by what they prove: the ones that mean the request never left this machine,
 * named in words (n8n replaces a message that contains a raw code such as ECONNRESET with its
 * own generic text).
 */
const UNSENT_CODES: Record<string, string> = {
	ECONNREFUSED: 'CONNECTION_REFUSED',
	ENOTFOUND: 'HOST_NOT_FOUND',
	EAI_AGAIN: 'DNS_FAILURE',
	EHOSTUNREACH: 'HOST_UNREACHABLE',
	ENETUNREACH: 'NETWORK_UNREACHABLE',
};

export function networkFailure(api: string, error: unknown): ApiFailure {
	const err = error as {
		code?: string;
		cause?: { code?: string; message?: string };
		message?: string;
	};
	const raw = String(err.cause?.code ?? err.code ?? '');
	const timeout =
		raw === 'ECONNABORTED' || raw === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '');
	if (UNSENT_CODES[raw]) {
		return {
			code: UNSENT_CODES[raw],
			status: 0,
			message: `Could not connect to ${api}`,
			hint: `Check the address in the credential and that ${api} is reachable from n8n. The request was not sent.`,
			retry: 'transient',
			unsent: true,
		};
	}
	return {
		code: timeout ? 'TIMEOUT' : 'CONNECTION_BROKEN',
		status: 0,
		message: timeout
			? `${api} did not answer in time`
			: `The connection to ${api} broke before an answer came`,
		hint:
			`${api} may or may not have processed the request. Check its state (for example with a Get ` +
			'operation) before running a payment or other write again.',
		retry: 'transient',
	};
}

/**
 * A redirect. API calls never follow one: n8n would send the credential's headers to wherever it
 * points, and a write answered with a redirect may already have been processed. The message
 * names the target's origin only (a path or query may carry anything).
 */
export function redirectFailure(
	api: string,
	response: IN8nHttpFullResponse,
	write: boolean,
): ApiFailure | undefined {
	const status = response.statusCode;
	if (status < 300 || status >= 400) return undefined;
	const location = response.headers?.location;
	let origin = 'an address it did not give';
	if (typeof location === 'string' && location) {
		try {
			origin = new URL(location, 'http://invalid.invalid').origin;
			if (origin === 'http://invalid.invalid') origin = 'another path of the same address';
		} catch {
			origin = 'an unreadable address';
		}
	}
	return {
		code: 'REDIRECT',
		status,
		message: `${api} answered with a redirect (HTTP ${status}) to ${origin}`,
		hint:
			'API calls do not follow redirects (the credential would be sent along). Check the address ' +
			"in the credential: it must be the API's own address." +
			(write
				? ` ${api} may or may not have processed the request: check its state before running it again.`
				: ''),
		retry: 'never',
	};
}
