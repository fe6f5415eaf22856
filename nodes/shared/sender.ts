import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiFailure } from './errors';
import { toNodeApiError } from './errors';
import { capWait, networkFailure, redirectFailure, retryAfterMs } from './http';
import type { RateLimitModel } from './rateModels';
import { Limiter, limiterFor, RateLimitWaitExceeded } from './limiter';
import type { Explanation, ItemFunctions, OperationSpec } from './operations';
import { USER_AGENT } from './version';

/**
 * The package's one transport: every request of every node goes through a {@link Sender}. It is
 * paced under the API account's rate limit, sent (or handed to the API's batcher), checked,
 * resent when the API proves it did not process it, and turned into a NodeApiError that says
 * what to do when it fails. The operation's own facts (read or write, see operations.ts) decide
 * what may be resent; nothing is guessed from the request.
 */

/** What one request is, for the rules that decide whether it may be resent. */
export interface Exchange {
	request: IHttpRequestOptions;
	/** A read may be resent after a failure that may have been processed; a write never. */
	kind: 'read' | 'write';
	/** The operation the request belongs to (undefined for trigger lifecycles and webhooks). */
	op?: OperationSpec;
}

export interface Connection {
	/** Identifies the API account for the process-wide limiter; never contains a secret. */
	limiterKey: string;
	/** Strings that must never show in an error. */
	secrets: string[];
	/** Client-side model of the account's rate limit, if it has one. */
	rateLimit?: () => RateLimitModel | undefined;
	/** The API address the credential names, checked by `connect`: every request goes there. */
	baseURL?: string;
}

/** What a node's API needs to tell the shared layer. */
export interface ApiProfile {
	/** Name users know, used in messages: `Bitrix24`, `Invoicebox`, `ActivePlatform`. */
	api: string;
	credentialType: string;
	/** Headers every request carries (Accept, Content-Type...); a User-Agent naming the package is added. */
	headers?: Record<string, string>;
	/**
	 * Reads the credential once per run: validates it (throwing a NodeOperationError that names
	 * the field) and says which limiter it shares and which strings are secret.
	 */
	connect(credentials: ICredentialDataDecryptedObject, node: INode): Connection;
	/** Success, or what went wrong, for one answer. */
	interpret(response: IN8nHttpFullResponse, exchange: Exchange): ApiFailure | undefined;
}

/** One attempt's outcome: an answer, or the error of a request that got none. */
export interface Attempt {
	response?: IN8nHttpFullResponse;
	error?: unknown;
	/** When the limiter let the request through (for `Limiter.completed` / `rejected`). */
	sentAt: number;
	/** Sent inside a batch: the batch's own limiter bookkeeping is done by the batcher. */
	batched?: boolean;
}

/**
 * Sends some requests together (Bitrix24 `batch`): the sender hands it the requests it accepts;
 * it answers each one as if it had been sent alone.
 */
export interface Dispatch {
	accepts(exchange: Exchange): boolean;
	submit(exchange: Exchange, deadline: number): Promise<Attempt>;
}

/** Errors of requests that were never sent: the run was stopped (Stop, or an earlier item's failure) first. */
const unsent = new WeakSet<object>();

export function notSent(node: INode, reason: string, itemIndex?: number): NodeOperationError {
	const error = new NodeOperationError(node, `Not sent: ${reason}`, {
		itemIndex,
		description: 'Nothing was sent for this item, so running it again is safe.',
	});
	unsent.add(error);
	return error;
}

export function isNotSent(error: unknown): boolean {
	return !!error && typeof error === 'object' && unsent.has(error);
}

/** An error as n8n shows it: the package's own errors as they are, anything else wrapped. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The failure behind each NodeApiError the sender throws (for the already-done rules). */
const failures = new WeakMap<object, ApiFailure>();

export function failureOf(error: unknown): ApiFailure | undefined {
	return error && typeof error === 'object' ? failures.get(error) : undefined;
}

/** Attempts for failures that may pass (5xx, dropped connections) on requests safe to resend. */
const TRANSIENT_ATTEMPTS = 3;

/** The n8n function contexts requests are sent from. */
export type SendingContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| IHookFunctions
	| IWebhookFunctions
	| ILoadOptionsFunctions;

export interface SenderOptions {
	/** Longest time one request may wait for the rate limit (queueing and resending). */
	maxWaitSeconds: number;
	/**
	 * Aborts every wait and every request not yet sent (the execution's Stop, or the run giving up
	 * after a failure): they end as "not sent" errors.
	 */
	stop?: AbortSignal;
	/** Why `stop` fired, for the items it leaves unsent. */
	stopReason?: () => string;
	/** The credential as read once for the run: passed on so that n8n does not read and decrypt it per request. */
	credentials?: ICredentialDataDecryptedObject;
	/** n8n's hidden "Request Options" of the node: timeout, proxy, SSL. */
	requestOptions?: Partial<IHttpRequestOptions>;
	/** Requests that go out together (Bitrix24 batch). */
	dispatch?: Dispatch;
}

export class Sender {
	readonly limiter: Limiter;

	constructor(
		readonly ctx: SendingContext,
		readonly profile: ApiProfile,
		readonly connection: Connection,
		readonly options: SenderOptions,
	) {
		this.limiter = limiterFor(`${profile.api}:${connection.limiterKey}`, () => connection.rateLimit?.());
	}

	/** The error a user sees for a failure, remembered for the already-done rules. */
	fail(failure: ApiFailure, itemIndex?: number) {
		const error = toNodeApiError(this.ctx.getNode(), this.profile.api, failure, this.connection.secrets, itemIndex);
		failures.set(error, failure);
		return error;
	}

	/** The error of a request the run's stop kept from being sent. */
	notSent(itemIndex?: number) {
		return notSent(this.ctx.getNode(), this.options.stopReason?.() ?? 'the execution was stopped', itemIndex);
	}

	private checkStopped() {
		if (this.options.stop?.aborted) throw this.notSent();
	}

	/** One HTTP exchange with the credential applied: every status comes back as an answer to interpret. */
	async transmit(request: IHttpRequestOptions): Promise<IN8nHttpFullResponse> {
		const { credentials, requestOptions } = this.options;
		return (await this.ctx.helpers.httpRequestWithAuthentication.call(
			this.ctx,
			this.profile.credentialType,
			{
				...requestOptions,
				...request,
				...(this.connection.baseURL ? { baseURL: this.connection.baseURL } : {}),
				headers: { ...this.profile.headers, 'User-Agent': USER_AGENT, ...request.headers },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Never follow a redirect: n8n would send the credential along to wherever it points.
				disableFollowRedirect: true,
			},
			credentials
				? { credentialsDecrypted: { id: '', name: '', type: this.profile.credentialType, data: credentials } }
				: undefined,
		)) as IN8nHttpFullResponse;
	}

	/** Waits for the limiter, then sends: the attempt of a request that goes out on its own. */
	private async attemptAlone(request: IHttpRequestOptions, deadline: number): Promise<Attempt> {
		const sentAt = await this.limiter.acquire(deadline, this.options.stop);
		if (this.options.stop?.aborted) {
			this.limiter.completed(sentAt);
			throw this.notSent();
		}
		try {
			return { response: await this.transmit(request), sentAt };
		} catch (error) {
			return { error, sentAt };
		} finally {
			this.limiter.completed(sentAt);
		}
	}

	/**
	 * Sends a request and returns the API's successful answer, or throws: a NodeApiError (the API's
	 * failure, explained), a "not sent" NodeOperationError (stopped before it was sent, see notSent) or a NodeOperationError
	 * (the execution was stopped while it was in flight).
	 */
	async send(exchange: Exchange, itemIndex?: number): Promise<IN8nHttpFullResponse> {
		const { maxWaitSeconds, dispatch } = this.options;
		const deadline = Date.now() + Math.max(0, maxWaitSeconds) * 1000;
		const { request } = exchange;
		const resendable = exchange.kind === 'read';
		let transientFailures = 0;
		let lastLimitFailure: ApiFailure | undefined;
		for (;;) {
			this.checkStopped();
			let attempt: Attempt;
			try {
				attempt = dispatch?.accepts(exchange) ? await dispatch.submit(exchange, deadline) : await this.attemptAlone(request, deadline);
			} catch (error) {
				if (error instanceof RateLimitWaitExceeded) throw this.fail(this.waitExceeded(lastLimitFailure), itemIndex);
				if (isNotSent(error)) throw this.notSent(itemIndex);
				// The limiter's wait ends with the stop signal's reason.
				if (this.options.stop?.aborted) throw this.notSent(itemIndex);
				throw toNodeError(this.ctx.getNode(), error, itemIndex);
			}
			const { response, sentAt } = attempt;
			let failure: ApiFailure | undefined;
			if (!response) {
				if (this.options.stop?.aborted) {
					throw new NodeOperationError(this.ctx.getNode(), `Stopped while the request to ${this.profile.api} was on its way`, {
						itemIndex,
						description:
							exchange.kind === 'write'
								? `${this.profile.api} may or may not have processed it: check its state before running it again.`
								: undefined,
					});
				}
				failure = networkFailure(this.profile.api, attempt.error);
			} else {
				failure = redirectFailure(this.profile.api, response, exchange.kind === 'write') ?? this.profile.interpret(response, exchange);
			}
			if (!failure && response) {
				if (!attempt.batched) this.limiter.succeeded(sentAt);
				return response;
			}
			const f = failure as ApiFailure;
			if (f.retry === 'rateLimit') {
				lastLimitFailure = f;
				const asked = f.retryAfterMs ?? retryAfterMs(response?.headers);
				if (attempt.batched || f.waitScope === 'request') {
					// A block of one method (or one command of a batch): this request waits, the others go on.
					const wait = capWait(asked ?? 1000 * 2 ** Math.min(5, transientFailures++));
					if (Date.now() + wait > deadline) throw this.fail(this.waitExceeded(f), itemIndex);
					await this.sleep(wait);
				} else {
					this.limiter.rejected(sentAt, asked);
				}
				continue;
			}
			if (f.retry === 'transient' && (resendable || f.unsent)) {
				transientFailures++;
				if (transientFailures < TRANSIENT_ATTEMPTS) {
					const backoff = capWait(f.retryAfterMs ?? 500 * 2 ** (transientFailures - 1)) * (0.75 + Math.random() / 2);
					if (Date.now() + backoff <= deadline) {
						await this.sleep(backoff);
						continue;
					}
				}
			}
			throw this.fail(await this.explained(f, exchange, deadline), itemIndex);
		}
	}

	private async sleep(ms: number) {
		try {
			await sleep(ms, this.options.stop);
		} catch {
			throw this.notSent();
		}
	}

	private waitExceeded(lastLimitFailure: ApiFailure | undefined): ApiFailure {
		return {
			...(lastLimitFailure ?? {
				code: 'RATE_LIMIT_WAIT',
				status: 0,
				message: `${this.profile.api}'s rate limit would keep this item waiting longer than allowed`,
				retry: 'rateLimit',
			}),
			hint: `The request was not processed. Raise "Rate Limit Handling → Max Wait" (now ${this.options.maxWaitSeconds} s), or send fewer items per run.`,
		};
	}

	/** The failure, completed by the operation's explaining read when it has one (best effort). */
	private async explained(failure: ApiFailure, exchange: Exchange, deadline: number): Promise<ApiFailure> {
		const explanation: Explanation | undefined = exchange.op?.explain?.(failure, exchange.request);
		if (!explanation) return failure;
		try {
			const read = explanation.request;
			const attempt = await this.attemptAlone(read, deadline);
			if (!attempt.response || this.profile.interpret(attempt.response, { request: read, kind: 'read' })) return failure;
			this.limiter.succeeded(attempt.sentAt);
			return explanation.apply(failure, attempt.response);
		} catch {
			return failure;
		}
	}
}

/**
 * One request outside an operation's run: trigger lifecycles, webhooks, and the editor's lists
 * (resource locators, dynamic options), which fail with the API's error and its hint (a missing
 * scope, a right the token lacks) rather than show an empty list.
 */
export async function sendRequest(
	ctx: IHookFunctions | IWebhookFunctions | ILoadOptionsFunctions,
	profile: ApiProfile,
	request: IHttpRequestOptions,
	kind: 'read' | 'write',
	maxWaitSeconds = 60,
): Promise<IDataObject> {
	const credentials = await ctx.getCredentials(profile.credentialType);
	const connection = profile.connect(credentials, ctx.getNode());
	const sender = new Sender(ctx, profile, connection, { maxWaitSeconds, credentials });
	const response = await sender.send({ request, kind });
	return (response.body ?? {}) as IDataObject;
}

/** The item functions an operation's code needs, over a run's IExecuteFunctions (custom operations). */
export function itemFunctions(
	exec: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
): ItemFunctions {
	const functions = {
		getNodeParameter: (name: string, fallback?: unknown, options?: object) =>
			exec.getNodeParameter(name, itemIndex, fallback, options),
		getNode: () => exec.getNode(),
		getItemIndex: () => itemIndex,
		getCredentials: async () => credentials,
		getTimezone: () => exec.getTimezone(),
	};
	return functions as unknown as ItemFunctions;
}
