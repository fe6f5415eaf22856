import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiFailure } from './errors';
import { toNodeApiError } from './errors';
import { capWait, networkFailure, redirectFailure, retryAfterMs } from './http';
import { Limiter, limiterFor, RateLimitWaitExceeded } from './limiter';
import type { Explanation } from './operations';
import { isNotSent, notSent, rememberFailure, toNodeError } from './outcomes';
import type {
	ApiProfile,
	Attempt,
	Connection,
	Exchange,
	SenderOptions,
	SendingContext,
} from './profile';
import { USER_AGENT } from './version';

/**
 * The package's one transport: every request of every node goes through a {@link Sender}. It is
 * paced under the API account's rate limit, sent (or handed to the API's batcher), checked,
 * resent when the API proves it did not process it, and turned into a NodeApiError that says
 * what to do when it fails. The operation's own facts (read or write, see operations.ts) decide
 * what may be resent; nothing is guessed from the request.
 */

/** Attempts for failures that may pass (5xx, dropped connections) on requests safe to resend. */
const TRANSIENT_ATTEMPTS = 3;

export class Sender {
	readonly limiter: Limiter;

	constructor(
		readonly ctx: SendingContext,
		readonly profile: ApiProfile,
		readonly connection: Connection,
		readonly options: SenderOptions,
	) {
		this.limiter = limiterFor(`${profile.api}:${connection.limiterKey}`, () =>
			connection.rateLimit?.(),
		);
	}

	/** The error a user sees for a failure, remembered for the already-done rules. */
	fail(failure: ApiFailure, itemIndex?: number) {
		const error = toNodeApiError(
			this.ctx.getNode(),
			this.profile.api,
			failure,
			this.connection.secrets,
			itemIndex,
		);
		rememberFailure(error, failure);
		return error;
	}

	/** The error of a request the run's stop kept from being sent. */
	notSent(itemIndex?: number) {
		return notSent(
			this.ctx.getNode(),
			this.options.stopReason?.() ?? 'the execution was stopped',
			itemIndex,
		);
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
				headers: { ...this.profile.headers, 'User-Agent': USER_AGENT, ...request.headers },
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Never follow a redirect: n8n would send the credential along to wherever it points.
				disableFollowRedirect: true,
			},
			credentials
				? {
						credentialsDecrypted: {
							id: '',
							name: '',
							type: this.profile.credentialType,
							data: credentials,
						},
					}
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
	 * failure, explained), a "not sent" NodeOperationError (stopped before it was sent, see
	 * notSent) or a NodeOperationError
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
				attempt = dispatch?.accepts(exchange)
					? await dispatch.submit(exchange, deadline)
					: await this.attemptAlone(request, deadline);
			} catch (error) {
				if (error instanceof RateLimitWaitExceeded)
					throw this.fail(this.waitExceeded(lastLimitFailure), itemIndex);
				if (isNotSent(error)) throw this.notSent(itemIndex);
				// The limiter's wait ends with the stop signal's reason.
				if (this.options.stop?.aborted) throw this.notSent(itemIndex);
				throw toNodeError(this.ctx.getNode(), error, itemIndex);
			}
			const { response, sentAt } = attempt;
			let failure: ApiFailure | undefined;
			if (!response) {
				if (this.options.stop?.aborted) {
					throw new NodeOperationError(
						this.ctx.getNode(),
						`Stopped while the request to ${this.profile.api} was on its way`,
						{
							itemIndex,
							description:
								exchange.kind === 'write'
									? `${this.profile.api} may or may not have processed it: check its state before running it again.`
									: undefined,
						},
					);
				}
				failure = networkFailure(this.profile.api, attempt.error);
			} else {
				failure =
					redirectFailure(this.profile.api, response, exchange.kind === 'write') ??
					this.profile.interpret(response, exchange);
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
					const backoff =
						capWait(f.retryAfterMs ?? 500 * 2 ** (transientFailures - 1)) *
						(0.75 + Math.random() / 2);
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
			hint:
				'The request was not processed. Raise "Rate Limit Handling → Max Wait" ' +
				`(now ${this.options.maxWaitSeconds} s), or send fewer items per run.`,
		};
	}

	/** The failure, completed by the operation's explaining read when it has one (best effort). */
	private async explained(
		failure: ApiFailure,
		exchange: Exchange,
		deadline: number,
	): Promise<ApiFailure> {
		const explanation: Explanation | undefined = exchange.op?.explain?.(failure, exchange.request);
		if (!explanation) return failure;
		try {
			const read = explanation.request;
			const attempt = await this.attemptAlone(read, deadline);
			if (
				!attempt.response ||
				this.profile.interpret(attempt.response, { request: read, kind: 'read' })
			)
				return failure;
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
