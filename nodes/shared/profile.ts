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

import type { ApiFailure } from './errors';
import type { OperationSpec, OperationTable } from './operations';
import type { RateLimitModel } from './rateModels';
import type { Sender } from './sender';

/** The shapes the shared layer and each API's side of it agree on. */

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

/** A node: its API's side of the sender and its operation table. */
export interface NodeApi {
	profile: ApiProfile;
	table: OperationTable;
	/**
	 * Requests of a run of several items that go out together (Bitrix24 batch), given the run's
	 * sender and its Rate Limit Handling options; undefined: each request alone.
	 */
	dispatch?(sender: Sender, settings: IDataObject): Dispatch | undefined;
}
