import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkAddress } from '../../shared/address';
import { SlidingWindow } from '../../shared/rateModels';
import type { Connection } from '../../shared/profile';

/**
 * Reading the ActivePlatform API credential: every operator runs its own installation, so the
 * base URL has no default. The token is a secret: nothing here ever repeats it.
 */

export const CREDENTIAL_TYPE = 'activePlatformApi';
/** Documented as required in Accept and Content-Type on every method, GET and DELETE included. */
export const MEDIA_TYPE = 'application/vnd.api+json';
export const BASE_URL_SHAPE = 'https://cp.your-provider.com';

export interface ActivePlatformAccess {
	/** `https://host[/prefix]` without a trailing slash; API paths (`/api/v3/...`) are appended. */
	baseUrl: string;
	token: string;
	/** The reseller used when an operation does not name another one. */
	resellerId: number;
	/** Optional client-side pacing (requests per minute); 0 = none. */
	requestsPerMinute: number;
}

export type AccessCheck =
	| { access: ActivePlatformAccess; problem?: undefined; field?: undefined }
	| { access?: undefined; problem: string; field: string };

/**
 * Accepts the installation's address with or without a trailing slash, and with `/api/v3`
 * pasted after it (then removed). HTTPS is required except on loopback hosts (a local test
 * server). No user name, query string or fragment.
 */
export function checkBaseUrl(
	input: unknown,
): { baseUrl: string; problem?: undefined } | { baseUrl?: undefined; problem: string } {
	const { url, problem } = checkAddress(
		input,
		'Base URL',
		BASE_URL_SHAPE,
		'the API token must not travel unencrypted',
	);
	if (!url) return { problem };
	const path = url.pathname.replace(/\/+$/, '').replace(/\/api(?:\/v3)?$/i, '');
	return { baseUrl: `${url.origin}${path}` };
}

/** Printable ASCII without spaces: anything else cannot be sent in a header. */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

export function checkAccess(credentials: ICredentialDataDecryptedObject): AccessCheck {
	const url = checkBaseUrl(credentials.baseUrl);
	if (url.baseUrl === undefined) return { problem: url.problem, field: 'Base URL' };
	const { baseUrl } = url;
	const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
	if (!token) return { problem: 'API Token is empty', field: 'API Token' };
	if (!TOKEN_SHAPE.test(token)) {
		return {
			problem: 'API Token contains spaces or characters that cannot be sent in a header',
			field: 'API Token',
		};
	}
	const reseller = String(credentials.resellerId ?? '').trim();
	if (
		!/^[0-9]+$/.test(reseller) ||
		Number(reseller) <= 0 ||
		!Number.isSafeInteger(Number(reseller))
	) {
		return {
			problem: 'Default Reseller ID must be a positive whole number such as 1',
			field: 'Default Reseller ID',
		};
	}
	const perMinute = Number(credentials.requestsPerMinute ?? 0);
	return {
		access: {
			baseUrl,
			token,
			resellerId: Number(reseller),
			requestsPerMinute: Number.isFinite(perMinute) && perMinute > 0 ? perMinute : 0,
		},
	};
}

/** The credential as the shared sender uses it: checked once per run, the token kept secret. */
export function connectActivePlatform(
	credentials: ICredentialDataDecryptedObject,
	node: INode,
): Connection {
	const { access, problem } = checkAccess(credentials);
	if (!access) {
		throw new NodeOperationError(node, problem, {
			description: 'Open the ActivePlatform API credential and fix this field.',
		});
	}
	const perMinute = access.requestsPerMinute;
	return {
		// Rate limits are not documented: no pacing until the installation refuses (429), then
		// the pace it accepted; or the pace the credential sets. The key names the installation
		// and reseller, never the token.
		limiterKey: `${access.baseUrl}|reseller ${access.resellerId}|${perMinute || 'adaptive'}`,
		secrets: [access.token],
		// Without a known limit the shared limiter learns one from refusals (AdaptiveRate).
		rateLimit: () => (perMinute ? new SlidingWindow(perMinute, 60_000) : undefined),
	};
}
