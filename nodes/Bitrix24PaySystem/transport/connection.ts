import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkAddress } from '../../shared/address';
import { LeakyBucket } from '../../shared/rateModels';
import type { Connection } from '../../shared/profile';

/**
 * The credential → a Connection: the incoming-webhook URL
 * (https://apidocs.bitrix24.com/local-integrations/local-webhooks.html),
 * `https://<portal>/rest/<user id>/<code>/`, and the plan's leaky bucket. The code is the
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
export type WebhookUrlCheck =
	| { address: WebhookAddress; problem?: undefined }
	| { address?: undefined; problem: string };

/**
 * Accepts the URL with or without the trailing slash, or with a method name after it (as the
 * portal's sample URL shows it, e.g. `.../profile.json`); rejects anything else. HTTPS is
 * required except on loopback hosts (a local sandbox).
 */
export function checkWebhookUrl(input: unknown): WebhookUrlCheck {
	const { url, problem } = checkAddress(
		input,
		'Webhook URL',
		WEBHOOK_URL_SHAPE,
		'Bitrix24 only answers REST calls over HTTPS',
	);
	if (!url) return { problem };
	const match = /^\/rest\/([0-9]+)\/([A-Za-z0-9_-]+)(?:\/(?:[a-z0-9_]+(?:\.[a-z0-9_]+)*)?)?$/i.exec(
		url.pathname,
	);
	if (!match || Number(match[1]) <= 0) {
		return {
			problem:
				`Webhook URL does not have the path of a Bitrix24 incoming webhook. It must look like ` +
				`${WEBHOOK_URL_SHAPE} (copy it from Developer resources → Other → Incoming webhook)`,
		};
	}
	const [, userId, code] = match;
	return {
		address: { baseUrl: `${url.origin}/rest/${userId}/${code}/`, origin: url.origin, userId, code },
	};
}

/**
 * Documented leaky buckets (burst, drain per second) of Bitrix24 cloud plans
 * (https://apidocs.bitrix24.com/settings/performance/limits.html).
 */
export const RATE_LIMIT_PLANS: Record<string, [number, number] | undefined> = {
	standard: [50, 2],
	enterprise: [250, 5],
	off: undefined,
};

function bucketFor(credentials: ICredentialDataDecryptedObject): [number, number] | undefined {
	const plan = String(credentials.rateLimitPlan ?? 'standard');
	if (plan === 'custom') {
		const burst = Number(credentials.burst);
		const drain = Number(credentials.drainPerSecond);
		return burst > 0 && drain > 0 ? [burst, drain] : RATE_LIMIT_PLANS.standard;
	}
	return plan in RATE_LIMIT_PLANS ? RATE_LIMIT_PLANS[plan] : RATE_LIMIT_PLANS.standard;
}

export function connectBitrix(
	credentials: ICredentialDataDecryptedObject,
	node: INode,
): Connection {
	const { address, problem } = checkWebhookUrl(credentials.secretWebhookUrl);
	if (!address) {
		throw new NodeOperationError(node, problem, {
			description: 'Open the Bitrix24 Webhook API credential and fix the Webhook URL.',
		});
	}
	const bucket = bucketFor(credentials);
	return {
		limiterKey: `${address.origin}|${bucket ? bucket.join('/') : 'off'}`,
		secrets: [address.code, address.baseUrl],
		rateLimit: () => (bucket ? new LeakyBucket(bucket[0], bucket[1]) : undefined),
	};
}
