import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * The API address a credential names, checked the same way for every API: an absolute URL,
 * HTTPS (plain http only on this machine: a local test server), no user name, query string or
 * fragment. Problems are described without ever repeating what the user typed (it may hold a
 * secret, as a Bitrix24 webhook URL does).
 */

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export type AddressCheck = { url: URL; problem?: undefined } | { url?: undefined; problem: string };

/**
 * `field`: the credential field's name for messages (`Base URL`, `Webhook URL`); `shape`: what a
 * right value looks like; `why`: why HTTPS is required, in words for this API.
 */
export function checkAddress(
	input: unknown,
	field: string,
	shape: string,
	why: string,
): AddressCheck {
	const text = typeof input === 'string' ? input.trim() : '';
	const like = `It must look like ${shape}`;
	if (!text) return { problem: `${field} is empty. ${like}` };
	if (!URL.canParse(text)) return { problem: `${field} is not a valid URL. ${like}` };
	const url = new URL(text);
	const loopback = LOOPBACK.test(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		return {
			problem:
				`${field} must start with https:// (${why}; plain http only for a local test server ` +
				`on 127.0.0.1 or localhost). ${like}`,
		};
	}
	if (url.username || url.password || url.search || url.hash) {
		return {
			problem: `${field} must not contain a user name, a query string or a fragment. ${like}`,
		};
	}
	return { url };
}

/** What a credential's authenticate returns: the request sent to the checked address, with its headers. */
export function addressed(
	requestOptions: IHttpRequestOptions,
	baseURL: string,
	headers: Record<string, string> = {},
): IHttpRequestOptions {
	return { ...requestOptions, baseURL, headers: { ...(requestOptions.headers ?? {}), ...headers } };
}
