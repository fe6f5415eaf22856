import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiFailure } from './errors';
import { toNodeApiError } from './errors';
import type { RateLimitModel } from './limiter';
import { Limiter, limiterFor, RateLimitWaitExceeded } from './limiter';
import { describe, invalid } from './validation';
import { USER_AGENT } from './version';

/**
 * The package's one transport layer. Every operation of every node is routed through
 * {@link createSender}: n8n's declarative engine builds each item's request from the node
 * description, then hands it here (as the node's `requestOperations.pagination` function, which
 * every operation switches on with `send.paginate: true`). Here it is paced under the API's rate
 * limit, sent, checked, resent when the server proves it did not process it, paged for
 * Return All / Limit, and turned into items.
 */

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
	interpret(response: IN8nHttpFullResponse, request: IHttpRequestOptions): ApiFailure | undefined;
	/** Reads may be resent after an ambiguous failure; writes never. */
	isIdempotent(request: IHttpRequestOptions): boolean;
	/** The paging scheme of a list request; undefined for everything else. */
	pager?(request: IHttpRequestOptions): Pager | undefined;
	/**
	 * A read that tells the user more about a failure before it is thrown (for instance the
	 * current status of a payment that could not be completed); undefined when there is none.
	 */
	explain?(failure: ApiFailure, request: IHttpRequestOptions): Explanation | undefined;
	/**
	 * How a write that an earlier run already made is recognised, for the option "Treat Already
	 * Done as Success" (a re-run after a partial failure then finishes without errors).
	 */
	alreadyDone?: AlreadyDone;
}

/** A read whose answer stands in for the answer of a write that was already made. */
export interface StandIn {
	request: IHttpRequestOptions;
	/** The body the operation's output steps expect from the write, or undefined: not done after all. */
	body(response: IN8nHttpFullResponse): IDataObject | undefined;
}

export interface AlreadyDone {
	/** A refusal (after its explaining read) that means the write was already made. */
	refusal?(failure: ApiFailure, request: IHttpRequestOptions): StandIn | undefined;
	/**
	 * A read sent before a write the API would repeat rather than refuse: when it shows the write
	 * was already made, the write is not sent.
	 */
	check?(request: IHttpRequestOptions): StandIn | undefined;
}

export interface Explanation {
	/** The read to send. It is sent once, under the same limiter; if it fails, the failure stays as it was. */
	request: IHttpRequestOptions;
	/** The failure completed with what the read's successful answer says. */
	apply(failure: ApiFailure, response: IN8nHttpFullResponse): ApiFailure;
}

export interface Connection {
	/** Identifies the API account for the process-wide limiter; never contains a secret. */
	limiterKey: string;
	/** Strings that must never show in an error. */
	secrets: string[];
	/** Client-side model of the account's rate limit, if it has one. */
	rateLimit?: () => RateLimitModel | undefined;
	/**
	 * The API address the credential names, checked by `connect`: when set, every request goes
	 * there (operations then use paths relative to it, and no `$credentials` expression is needed
	 * in `requestDefaults`).
	 */
	baseURL?: string;
}

export interface Pager {
	/** The first page's request, given the number of items wanted (undefined: all). */
	first(request: IHttpRequestOptions, wanted: number | undefined): IHttpRequestOptions;
	/** The next page's request, or undefined when this page was the last. */
	next(
		request: IHttpRequestOptions,
		response: IN8nHttpFullResponse,
		itemsOnPage: number,
	): IHttpRequestOptions | undefined;
}

/** Attempts for failures that may pass (5xx, dropped connections) on requests safe to resend. */
const TRANSIENT_ATTEMPTS = 3;
const DEFAULT_MAX_WAIT_SECONDS = 600;

/** The "Rate Limit Handling" options every node offers. */
export const rateLimitOptions: INodeProperties = {
	displayName: 'Rate Limit Handling',
	name: 'rateLimitHandling',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description:
		'The node paces its requests under the API limit and resends a request that the API refused unprocessed because of the limit',
	options: [
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_WAIT_SECONDS,
			description:
				'Longest time one item may spend waiting for the rate limit (queueing and resending) before it fails with the rate-limit error. Large batches need more: at 2 requests per second, 1,000 items take about 8 minutes.',
		},
	],
};

/**
 * The option "Treat Already Done as Success" (each node shows it on the writes its API lets it
 * recognise as already made): such an item comes out as a success marked `alreadyDone: true`;
 * with the option on, every item of those operations carries `alreadyDone`.
 */
export function alreadyDoneOption(show: NonNullable<INodeProperties['displayOptions']>['show']): INodeProperties {
	return {
		displayName: 'Treat Already Done as Success',
		name: 'treatAlreadyDoneAsSuccess',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			'Whether an item whose change an earlier run already made (already paid, completed, cancelled, created or refunded under the same number) comes out as a success marked alreadyDone: true instead of an error, so that re-running a workflow after a partial failure finishes without errors and changes nothing twice',
	};
}

/** The failure behind each NodeApiError the sender throws (for the already-done check). */
const failures = new WeakMap<object, ApiFailure>();

interface RunState {
	connection: Connection;
	limiter: Limiter;
}

/** The process-wide limiter of the API account a connection talks to. */
function accountLimiter(profile: ApiProfile, connection: Connection): Limiter {
	return limiterFor(`${profile.api}:${connection.limiterKey}`, () => connection.rateLimit?.());
}

/**
 * One credential read and validation per run and node, not per item: the engine runs items
 * concurrently and all of them share the run's cancel signal, which keys this cache.
 */
const runStates = new WeakMap<object, Map<string, Promise<RunState>>>();

async function runState(ctx: IExecuteSingleFunctions, profile: ApiProfile): Promise<RunState> {
	const signal = ctx.getExecutionCancelSignal();
	const nodeName = ctx.getNode().name;
	let byNode = signal ? runStates.get(signal) : undefined;
	if (signal && !byNode) {
		byNode = new Map();
		runStates.set(signal, byNode);
	}
	let state = byNode?.get(nodeName);
	if (!state) {
		state = (async () => {
			const credentials = await ctx.getCredentials(profile.credentialType);
			const connection = profile.connect(credentials, ctx.getNode());
			return { connection, limiter: accountLimiter(profile, connection) };
		})();
		byNode?.set(nodeName, state);
		// A failed read (bad credential) must not be remembered for the items that follow.
		state.catch(() => byNode?.delete(nodeName));
	}
	return await state;
}

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (value === undefined || value === null || value === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
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

function networkFailure(api: string, error: unknown): ApiFailure {
	const err = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
	const raw = String(err.cause?.code ?? err.code ?? '');
	const timeout = raw === 'ECONNABORTED' || raw === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '');
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
		hint: `${api} may or may not have processed the request. Check its state (for example with a Get operation) before running a payment or other write again.`,
		retry: 'transient',
	};
}

/**
 * Items the caller asked for: undefined = all of them. A Limit that an expression made anything
 * but a whole number of 1 or more is refused before anything is sent (not replaced by a default).
 */
function wantedItems(ctx: IExecuteSingleFunctions): number | undefined {
	if (ctx.getNodeParameter('returnAll', false) as boolean) return undefined;
	const raw = ctx.getNodeParameter('limit', 50);
	const limit = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : NaN;
	if (!Number.isInteger(limit) || limit < 1) {
		invalid(ctx, 'Limit', `must be a whole number of 1 or more, got ${describe(raw)}`, 'Or turn on Return All.');
	}
	return limit;
}

type OutputStep = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

async function applyPostReceive(
	ctx: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: (response.body ?? {}) as IDataObject }];
	for (const step of requestData.postReceive) {
		for (const action of step.actions) {
			if (typeof action !== 'function') {
				throw new NodeOperationError(ctx.getNode(), 'Unsupported output step in node description');
			}
			items = await (action as OutputStep).call(ctx, items, response);
		}
	}
	return items;
}

/** The node's `requestOperations.pagination`: the one road every request of the node takes. */
export function createSender(profile: ApiProfile) {
	return async function send(
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const { connection, limiter } = await runState(this, profile);
		const maxWait = Number(
			this.getNodeParameter('rateLimitHandling.maxWait', DEFAULT_MAX_WAIT_SECONDS),
		);
		const request = requestData.options as IHttpRequestOptions;
		const pager = profile.pager?.(request);
		const wanted = pager ? wantedItems(this) : undefined;
		const send = async (req: IHttpRequestOptions) =>
			await sendOne(this, profile, connection, limiter, req, maxWait, this.getItemIndex(), this.getExecutionCancelSignal());

		if (!pager && profile.alreadyDone && (this.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean)) {
			return await sendUnlessDone(this, profile.alreadyDone, request, send, requestData);
		}

		let pageRequest: IHttpRequestOptions | undefined = pager ? pager.first(request, wanted) : request;
		const items: INodeExecutionData[] = [];
		while (pageRequest) {
			const response = await send(pageRequest);
			const pageItems = await applyPostReceive(this, requestData, response);
			items.push(...pageItems);
			if (!pager || (wanted !== undefined && items.length >= wanted)) break;
			pageRequest = pager.next(pageRequest, response, pageItems.length);
		}
		return wanted !== undefined ? items.slice(0, wanted) : items;
	};
}

/** The output of a stand-in read, as the operation's output steps would make it from the write's answer. */
async function standInItems(
	ctx: IExecuteSingleFunctions,
	standIn: StandIn | undefined,
	send: (request: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[] | undefined> {
	if (!standIn) return undefined;
	const response = await send(standIn.request);
	const body = standIn.body(response);
	if (!body) return undefined;
	return await applyPostReceive(ctx, requestData, { ...response, body });
}

const marked = (items: INodeExecutionData[], done: boolean) =>
	items.map((item) => ({ ...item, json: { ...item.json, alreadyDone: done || item.json.alreadyDone === true } }));

/**
 * A write under "Treat Already Done as Success": skipped when the profile's check shows it was
 * made, sent otherwise; a refusal that means "already made" becomes a success. Every item is
 * marked `alreadyDone`. A failed check or stand-in read leaves things as they were (the write's
 * own error, or the check's error: nothing is written without the check the user asked for).
 */
async function sendUnlessDone(
	ctx: IExecuteSingleFunctions,
	alreadyDone: AlreadyDone,
	request: IHttpRequestOptions,
	send: (request: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const checked = await standInItems(ctx, alreadyDone.check?.(request), send, requestData);
	if (checked) return marked(checked, true);
	const outcome = await send(request).then(
		(response) => ({ response, error: undefined }),
		(error: Error) => ({ response: undefined, error }),
	);
	if (outcome.response) return marked(await applyPostReceive(ctx, requestData, outcome.response), false);
	// Only the sender's own NodeApiErrors carry a failure; anything else goes on as it was.
	const failure = failures.get(outcome.error);
	const standIn = failure ? alreadyDone.refusal?.(failure, request) : undefined;
	const items = standIn ? await standInItems(ctx, standIn, send, requestData).catch(() => undefined) : undefined;
	if (!items) throw outcome.error;
	return marked(items, true);
}

/** The n8n function contexts requests are sent from: operations (per item), trigger lifecycles and webhooks. */
type SendingContext = IExecuteSingleFunctions | IHookFunctions | IWebhookFunctions;

/** One HTTP exchange with the credential applied: every status comes back as an answer to interpret. */
async function rawSend(
	ctx: SendingContext,
	profile: ApiProfile,
	request: IHttpRequestOptions,
	connection: Connection,
): Promise<IN8nHttpFullResponse> {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, profile.credentialType, {
		...request,
		...(connection.baseURL ? { baseURL: connection.baseURL } : {}),
		headers: { ...profile.headers, 'User-Agent': USER_AGENT, ...request.headers },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as IN8nHttpFullResponse;
}

async function sendOne(
	ctx: SendingContext,
	profile: ApiProfile,
	connection: Connection,
	limiter: Limiter,
	request: IHttpRequestOptions,
	maxWaitSeconds: number,
	itemIndex?: number,
	signal?: AbortSignal,
): Promise<IN8nHttpFullResponse> {
	const node = ctx.getNode();
	const deadline = Date.now() + Math.max(0, maxWaitSeconds) * 1000;
	const idempotent = profile.isIdempotent(request);
	const fail = (failure: ApiFailure) => {
		const error = toNodeApiError(node, profile.api, failure, connection.secrets, itemIndex);
		failures.set(error, failure);
		return error;
	};

	let transientFailures = 0;
	let lastLimitFailure: ApiFailure | undefined;
	for (;;) {
		let sentAt: number;
		try {
			sentAt = await limiter.acquire(deadline, signal);
		} catch (error) {
			if (error instanceof RateLimitWaitExceeded) {
				throw fail({
					...(lastLimitFailure ?? {
						code: 'RATE_LIMIT_WAIT',
						status: 0,
						message: `${profile.api}'s rate limit would keep this item waiting longer than allowed`,
						retry: 'rateLimit',
					}),
					hint: `The request was not processed. Raise "Rate Limit Handling → Max Wait" (now ${maxWaitSeconds} s), or send fewer items per run.`,
				});
			}
			throw new NodeOperationError(node, error as Error, { itemIndex });
		}

		let failure: ApiFailure | undefined;
		let response: IN8nHttpFullResponse | undefined;
		try {
			response = await rawSend(ctx, profile, request, connection);
		} catch (error) {
			if (signal?.aborted) throw new NodeOperationError(node, error as Error, { itemIndex });
			failure = networkFailure(profile.api, error);
		}
		limiter.completed(sentAt);
		if (response) failure = profile.interpret(response, request);
		if (!failure && response) {
			limiter.succeeded(sentAt);
			return response;
		}
		const f = failure as ApiFailure;

		if (f.retry === 'rateLimit') {
			lastLimitFailure = f;
			limiter.rejected(sentAt, f.retryAfterMs ?? retryAfterMs(response?.headers));
			continue;
		}
		if (f.retry === 'transient' && (idempotent || f.unsent)) {
			transientFailures++;
			if (transientFailures < TRANSIENT_ATTEMPTS) {
				const backoff = (f.retryAfterMs ?? 500 * 2 ** (transientFailures - 1)) * (0.75 + Math.random() / 2);
				if (Date.now() + backoff <= deadline) {
					await sleep(backoff, signal);
					continue;
				}
			}
		}
		throw fail(await explained(ctx, profile, connection, limiter, f, request, deadline, signal));
	}
}

/** The failure, completed by the profile's explaining read when it has one (best effort). */
async function explained(
	ctx: SendingContext,
	profile: ApiProfile,
	connection: Connection,
	limiter: Limiter,
	failure: ApiFailure,
	request: IHttpRequestOptions,
	deadline: number,
	signal?: AbortSignal,
): Promise<ApiFailure> {
	const explanation = profile.explain?.(failure, request);
	if (!explanation) return failure;
	try {
		const sentAt = await limiter.acquire(deadline, signal);
		const read = explanation.request;
		const response = await rawSend(ctx, profile, read, connection);
		limiter.completed(sentAt);
		if (profile.interpret(response, read)) return failure;
		limiter.succeeded(sentAt);
		return explanation.apply(failure, response);
	} catch {
		return failure;
	}
}

/**
 * One request outside the per-item flow of an operation (trigger lifecycles, webhooks): the same
 * credential checks, limiter, resending rules and errors, and the answer's body.
 */
export async function sendRequest(
	ctx: IHookFunctions | IWebhookFunctions,
	profile: ApiProfile,
	request: IHttpRequestOptions,
	maxWaitSeconds = 60,
): Promise<IDataObject> {
	const credentials = await ctx.getCredentials(profile.credentialType);
	const connection = profile.connect(credentials, ctx.getNode());
	const response = await sendOne(ctx, profile, connection, accountLimiter(profile, connection), request, maxWaitSeconds);
	return (response.body ?? {}) as IDataObject;
}
