import type { IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** The options every node shows for how its requests go out, and how they are read. */

const DEFAULT_MAX_WAIT_SECONDS = 600;

/** The "Rate Limit Handling" options every node offers (and `extra` ones of its own). */
export function rateLimitOptions(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Rate Limit Handling',
		name: 'rateLimitHandling',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		description:
			'The node paces its requests under the API limit and resends a request that the API ' +
			'refused unprocessed because of the limit',
		options: [
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWait',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_WAIT_SECONDS,
				description:
					'Longest time one item may spend waiting for the rate limit (queueing and resending) ' +
					'before it fails with the rate-limit error. Large batches need more: at 2 requests per ' +
					'second, 1,000 items take about 8 minutes.',
			},
			...extra,
		],
	};
}

/**
 * The option "Treat Already Done as Success" (each node shows it on the writes its API lets it
 * recognise as already made): such an item comes out as a success marked `alreadyDone: true`;
 * with the option on, every item of those operations carries `alreadyDone`.
 */
export function alreadyDoneOption(
	show: NonNullable<INodeProperties['displayOptions']>['show'],
): INodeProperties {
	return {
		displayName: 'Treat Already Done as Success',
		name: 'treatAlreadyDoneAsSuccess',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			'Whether an item whose change an earlier run already made (already paid, completed, ' +
			'cancelled, created or refunded under the same number) comes out as a success marked ' +
			'alreadyDone: true instead of an error, so that re-running a workflow after a partial ' +
			'failure finishes without errors and changes nothing twice',
	};
}

export function maxWaitOf(settings: IDataObject): number {
	const value = Number(settings.maxWait ?? DEFAULT_MAX_WAIT_SECONDS);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_MAX_WAIT_SECONDS;
}

/** n8n's hidden "Request Options" (timeout, proxy, SSL), as the routing engine applies them. */
export function requestOptionsOf(options: IDataObject): Partial<IHttpRequestOptions> {
	const out: Partial<IHttpRequestOptions> = {
		timeout: Number(options.timeout) > 0 ? Number(options.timeout) : 300_000,
	};
	if (options.allowUnauthorizedCerts) out.skipSslCertificateValidation = true;
	if (typeof options.proxy === 'string' && options.proxy) {
		try {
			const proxy = new URL(options.proxy);
			out.proxy = {
				host: proxy.hostname,
				port: Number(proxy.port),
				protocol: proxy.protocol.replace(/:$/, ''),
				...(proxy.username
					? {
							auth: {
								username: decodeURIComponent(proxy.username),
								password: decodeURIComponent(proxy.password),
							},
						}
					: {}),
			};
		} catch {
			// The routing engine refuses such a proxy too; without one the request goes direct.
		}
	}
	return out;
}
