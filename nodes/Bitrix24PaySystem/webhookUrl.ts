import { checkAddress } from '../shared/address';

/**
 * Bitrix24 incoming-webhook URLs: `https://<portal>/rest/<user id>/<code>/`. The code is the
 * secret, so nothing here ever repeats the URL a user typed.
 */

export const WEBHOOK_URL_SHAPE = 'https://<portal>/rest/<user ID>/<webhook code>/';

export interface WebhookAddress {
	/** `https://portal/rest/7/code/`, ready to append a method name. */
	baseUrl: string;
	/** Portal address without the secret: `https://portal`. */
	origin: string;
	userId: string;
	/** The secret part. */
	code: string;
}

/** Either the parsed address or, for a malformed URL, what is wrong with it (never the URL itself). */
export type WebhookUrlCheck = { address: WebhookAddress; problem?: undefined } | { address?: undefined; problem: string };

/**
 * Accepts the URL with or without the trailing slash, or with a method name after it (as the
 * portal's sample URL shows it, e.g. `.../profile.json`); rejects anything else. HTTPS is
 * required except on loopback hosts (a local sandbox).
 */
export function checkWebhookUrl(input: unknown): WebhookUrlCheck {
	const { url, problem } = checkAddress(input, 'Webhook URL', WEBHOOK_URL_SHAPE, 'Bitrix24 only answers REST calls over HTTPS');
	if (!url) return { problem };
	const match = /^\/rest\/([0-9]+)\/([A-Za-z0-9_-]+)(?:\/(?:[a-z0-9_]+(?:\.[a-z0-9_]+)*)?)?$/i.exec(
		url.pathname,
	);
	if (!match || Number(match[1]) <= 0) {
		return {
			problem: `Webhook URL does not have the path of a Bitrix24 incoming webhook. It must look like ${WEBHOOK_URL_SHAPE} (copy it from Developer resources → Other → Incoming webhook)`,
		};
	}
	const [, userId, code] = match;
	return { address: { baseUrl: `${url.origin}/rest/${userId}/${code}/`, origin: url.origin, userId, code } };
}
