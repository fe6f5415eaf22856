import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkAddress } from '../../shared/address';
import type { Connection } from '../../shared/profile';
import { accountModel } from './rateLimit';

/**
 * Reads the Invoicebox API credential: token, API prefix, base URL and the account's rate limit.
 * Problems are described without ever repeating the token.
 */

export const API = 'Invoicebox';
export const CREDENTIAL_TYPE = 'invoiceboxApi';

export const DEFAULT_BASE_URL = 'https://api.invoicebox.ru';
/**
 * Invoicebox's stage host. Not in the docs (which name one address for live shops and shops in
 * test mode, and a separate test environment "on request"): it is Invoicebox's own code that uses
 * it, the official PHP SDK until June 2022
 * (https://github.com/InvoiceBox/invoicebox-sdk-php/commit/7b4f386) and the STAGING address of
 * an Invoicebox CMS module. It answers only accounts Invoicebox set up there.
 */
export const STAGE_BASE_URL = 'https://api.stage.invbox.ru';
export const API_PREFIXES = ['v3', 'l3'];
/**
 * Documented default limit per account (https://docs.invoicebox.ru/docs/api/limits/); Invoicebox may
 * set another one per account.
 */
export const DEFAULT_RATE_LIMIT = 100;
export const DEFAULT_RATE_WINDOW_SECONDS = 30;

export interface InvoiceboxAccount {
	/** `https://api.invoicebox.ru/v3`: the operations' paths are appended to it. */
	baseURL: string;
	token: string;
	prefix: string;
	/** Requests per window, 0 = do not pace. */
	rateLimit: number;
	windowSeconds: number;
}

export type AccountCheck =
	| { account: InvoiceboxAccount; problem?: undefined }
	| { account?: undefined; problem: string };

function number(value: unknown, fallback: number): number {
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim()
				? Number(value)
				: NaN;
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function checkAccount(credentials: ICredentialDataDecryptedObject): AccountCheck {
	const token = typeof credentials.token === 'string' ? credentials.token.trim() : '';
	if (!token)
		return {
			problem: 'API Token is empty: copy it from the Invoicebox cabinet (Integration (API) tab)',
		};
	if (/^bearer\s/i.test(token)) {
		return {
			problem: 'API Token must be the token alone, without the word "Bearer" in front of it',
		};
	}
	if (/\s/.test(token))
		return { problem: 'API Token contains spaces or line breaks: copy it again without them' };

	const prefix = String(credentials.apiPrefix ?? 'v3');
	if (!API_PREFIXES.includes(prefix)) return { problem: 'API Prefix must be v3 or l3' };

	// Credentials saved before Environment existed have none: their Base URL is used, as before.
	const given =
		credentials.environment === 'stage'
			? STAGE_BASE_URL
			: typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim()
				? credentials.baseUrl
				: DEFAULT_BASE_URL;
	const { url, problem } = checkAddress(
		given,
		'Base URL',
		DEFAULT_BASE_URL,
		'the API token must not travel unencrypted',
	);
	if (!url) return { problem };
	const path = url.pathname.replace(/\/+$/, '');
	if (/\/(v3|l3)$/i.test(path)) {
		return {
			problem:
				'Base URL must not end with the API prefix (/v3 or /l3): choose the prefix in "API Prefix"',
		};
	}

	return {
		account: {
			baseURL: `${url.origin}${path}/${prefix}`,
			token,
			prefix,
			rateLimit: number(credentials.rateLimit, DEFAULT_RATE_LIMIT),
			windowSeconds:
				number(credentials.rateLimitWindow, DEFAULT_RATE_WINDOW_SECONDS) ||
				DEFAULT_RATE_WINDOW_SECONDS,
		},
	};
}

/** The key of the account's limiter: its address, a fingerprint of its token and its limit. */
export function accountKey(account: InvoiceboxAccount): string {
	const { baseURL, token, rateLimit, windowSeconds } = account;
	return `${baseURL}|${tokenFingerprint(token)}|${rateLimit}/${windowSeconds}`;
}

/**
 * A short fingerprint of the token (FNV-1a, 32 bits) so that two credentials of one account share
 * one limiter and two accounts on the same address do not, without the token being kept in the
 * limiter's key. 32 bits of a 128-bit token tell nothing usable about it.
 */
export function tokenFingerprint(token: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < token.length; i++) {
		hash ^= token.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}

/**
 * The credential as the shared sender uses it: the limiter's key and model, the secret. The address
 * (Base URL or Stage, then the API Prefix) is set on every request by the credential's authenticate.
 */
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
		limiterKey: key,
		secrets: [account.token],
		rateLimit: () => accountModel(key, account.rateLimit, account.windowSeconds),
	};
}
