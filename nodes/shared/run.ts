import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec, OperationTable, StandIn } from './operations';
import type { ApiProfile, Connection, Dispatch } from './sender';
import { failureOf, isNotSent, itemFunctions, Sender, toNodeError } from './sender';
import { describe, invalid } from './validation';

/**
 * How an operation runs, on either of n8n's two roads:
 * - the node's `customOperations` (the usual one): n8n hands the run's items at once, with the
 *   execution's Stop signal. The credential is read once, every item's request is built and
 *   checked before the first one is sent, then they go out together under the account's limiter
 *   (Bitrix24: in batches), and Stop ends every wait at once;
 * - n8n's routing engine (`requestOperations.pagination`), which n8n still uses where custom
 *   operations are not (a node run as an AI Agent tool): one item at a time, the same sender.
 */

export interface NodeApi {
	profile: ApiProfile;
	table: OperationTable;
	/**
	 * Requests of a run of several items that go out together (Bitrix24 batch), given the run's
	 * sender and its Rate Limit Handling options; undefined: each request alone.
	 */
	dispatch?(sender: Sender, settings: IDataObject): Dispatch | undefined;
}

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
			...extra,
		],
	};
}

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

function maxWaitOf(settings: IDataObject): number {
	const value = Number(settings.maxWait ?? DEFAULT_MAX_WAIT_SECONDS);
	return Number.isFinite(value) && value >= 0 ? value : DEFAULT_MAX_WAIT_SECONDS;
}

/**
 * Items the caller asked for: undefined = all of them. A Limit that an expression made anything
 * but a whole number of 1 or more is refused before anything is sent (not replaced by a default).
 */
function wantedItems(fns: ItemFunctions): number | undefined {
	if (fns.getNodeParameter('returnAll', false) as boolean) return undefined;
	const raw = fns.getNodeParameter('limit', 50);
	const limit = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : NaN;
	if (!Number.isInteger(limit) || limit < 1) {
		invalid(fns, 'Limit', `must be a whole number of 1 or more, got ${describe(raw)}`, 'Or turn on Return All.');
	}
	return limit;
}

/** One item of an operation: its built request and what it asked for. */
interface ItemCall {
	fns: ItemFunctions;
	spec: OperationSpec;
	request: IHttpRequestOptions;
	/** Return All / Limit of a listing (undefined: all). */
	wanted?: number;
	treatAlreadyDone: boolean;
}

/** Builds and checks an item's request: throws a NodeOperationError naming the field, before anything is sent. */
async function prepare(fns: ItemFunctions, spec: OperationSpec, request: IHttpRequestOptions): Promise<ItemCall> {
	const built = spec.build ? await spec.build.call(fns, request) : request;
	return {
		fns,
		spec,
		request: built,
		wanted: spec.pager ? wantedItems(fns) : undefined,
		treatAlreadyDone: !spec.pager && !!spec.alreadyDone && (fns.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean),
	};
}

async function output(call: ItemCall, response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: (response.body ?? {}) as IDataObject }];
	for (const step of call.spec.output ?? []) items = await step.call(call.fns, items, response);
	return items;
}

/** Sends an item's request (all its pages, or with its already-done check) and returns its output. */
async function runCall(sender: Sender, call: ItemCall): Promise<INodeExecutionData[]> {
	const { spec } = call;
	const itemIndex = call.fns.getItemIndex();
	const send = async (request: IHttpRequestOptions) => await sender.send({ request, kind: spec.kind, op: spec }, itemIndex);
	if (call.treatAlreadyDone) return await sendUnlessDone(sender, call, send);

	const pager = spec.pager;
	const { wanted } = call;
	let pageRequest: IHttpRequestOptions | undefined = pager ? pager.first(call.request, wanted) : call.request;
	const items: INodeExecutionData[] = [];
	while (pageRequest) {
		const response = await send(pageRequest);
		const pageItems = await output(call, response);
		items.push(...pageItems);
		if (!pager || (wanted !== undefined && items.length >= wanted)) break;
		pageRequest = pager.next(pageRequest, response, pageItems.length);
	}
	return wanted !== undefined ? items.slice(0, wanted) : items;
}

const marked = (items: INodeExecutionData[], done: boolean) =>
	items.map((item) => ({ ...item, json: { ...item.json, alreadyDone: done || item.json.alreadyDone === true } }));

type StandInOutcome = { items: INodeExecutionData[] } | { mismatch: string } | undefined;

/** The output a stand-in read gives, as the operation's output steps would make it from the write's answer. */
async function standIn(sender: Sender, call: ItemCall, read: StandIn | undefined): Promise<StandInOutcome> {
	if (!read) return undefined;
	const response = await sender.send({ request: read.request, kind: 'read' }, call.fns.getItemIndex());
	const mismatch = read.mismatch?.(response);
	if (mismatch) return { mismatch };
	const body = read.body(response);
	if (!body) return undefined;
	return { items: await output(call, { ...response, body }) };
}

/**
 * A write under "Treat Already Done as Success": skipped when the operation's check shows it was
 * made, sent otherwise; a refusal that means "already made" becomes a success when the record
 * found matches what this item asked for. Every item is marked `alreadyDone`. A failed check or
 * stand-in read leaves things as they were (the write's own error, or the check's error: nothing
 * is written without the check the user asked for).
 */
async function sendUnlessDone(
	sender: Sender,
	call: ItemCall,
	send: (request: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>,
): Promise<INodeExecutionData[]> {
	const { alreadyDone } = call.spec;
	const checked = await standIn(sender, call, alreadyDone?.check?.(call.request));
	if (checked && 'items' in checked) return marked(checked.items, true);
	if (checked) {
		// A record with this key exists but is not the one asked for: writing would make a second one.
		throw new NodeOperationError(call.fns.getNode(), 'Not created: a record with this key already exists and differs', {
			itemIndex: call.fns.getItemIndex(),
			description: `Under "Treat Already Done as Success", ${checked.mismatch}`,
		});
	}
	const outcome = await send(call.request).then(
		(response) => ({ response, error: undefined }),
		(error: Error) => ({ response: undefined, error }),
	);
	if (outcome.response) return marked(await output(call, outcome.response), false);
	// Only the sender's own NodeApiErrors carry a failure; anything else goes on as it was.
	const failure = failureOf(outcome.error);
	const read = failure ? alreadyDone?.refusal?.(failure, call.request) : undefined;
	const found = read ? await standIn(sender, call, read).catch(() => undefined) : undefined;
	if (found && 'items' in found) return marked(found.items, true);
	if (found && failure) {
		throw sender.fail({ ...failure, hint: `${failure.hint} Not treated as already done: ${found.mismatch}` }, call.fns.getItemIndex());
	}
	throw outcome.error;
}

// ------------------------------------------------------------------ custom operations

type Outcome = { items: INodeExecutionData[] } | { error: Error };

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	const context = (error as NodeApiError).context as JsonObject | undefined;
	if (context?.apiCode !== undefined) json.code = context.apiCode;
	return { json, error: error as NodeApiError, pairedItem: { item: itemIndex } };
}

/** The first error of a run that stopped, with what happened to the other items. */
function withSummary(error: Error, outcomes: Array<Outcome | undefined>): Error {
	const done = outcomes.filter((o) => o && 'items' in o).length;
	const unsent = outcomes.filter((o) => o && 'error' in o && isNotSent(o.error)).length;
	if (!unsent) return error;
	const summary = `${done} other item${done === 1 ? '' : 's'} went through; ${unsent} ${unsent === 1 ? 'was' : 'were'} not sent because of this error (nothing was sent for them: run them again after fixing it).`;
	const described = error as NodeOperationError;
	described.description = described.description ? `${described.description}\n${summary}` : summary;
	return error;
}

/** One operation over all the run's items, from the node's `customOperations`. */
async function runOperation(exec: IExecuteFunctions, api: NodeApi, spec: OperationSpec): Promise<INodeExecutionData[]> {
	const items = exec.getInputData();
	const node = exec.getNode();
	const continueOnFail = exec.continueOnFail();
	const credentials = await exec.getCredentials(api.profile.credentialType);
	let connection: Connection;
	try {
		connection = api.profile.connect(credentials, node);
	} catch (error) {
		// A credential that cannot work fails every item, before anything is sent.
		if (!continueOnFail) throw toNodeError(node, error);
		return items.map((_, i) => errorItem(error as Error, i));
	}
	const settings = exec.getNodeParameter('rateLimitHandling', 0, {}) as IDataObject;
	const requestOptions = requestOptionsOf(exec.getNodeParameter('requestOptions', 0, {}) as IDataObject);

	// Stop (the execution's cancel signal), or giving up after an item failed: waits end, nothing more is sent.
	const stop = new AbortController();
	let stopReason = 'the execution was stopped';
	const cancel = exec.getExecutionCancelSignal();
	const onCancel = () => stop.abort();
	if (cancel?.aborted) stop.abort();
	cancel?.addEventListener('abort', onCancel, { once: true });

	const sender = new Sender(exec, api.profile, connection, {
		maxWaitSeconds: maxWaitOf(settings),
		stop: stop.signal,
		stopReason: () => stopReason,
		credentials,
		requestOptions,
	});
	if (items.length > 1) sender.options.dispatch = api.dispatch?.(sender, settings);

	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	const calls: ItemCall[] = [];
	try {
		// Every item's request is built and checked before the first one is sent.
		for (let i = 0; i < items.length; i++) {
			const fns = itemFunctions(exec, i, credentials);
			try {
				calls.push(await prepare(fns, spec, { method: spec.method, url: spec.url, qs: {}, body: {}, headers: {} }));
			} catch (error) {
				if (!continueOnFail) throw toNodeError(node, error, i);
				outcomes[i] = { error: error as Error };
			}
		}
		await Promise.all(
			calls.map(async (call) => {
				const i = call.fns.getItemIndex();
				try {
					outcomes[i] = { items: await runCall(sender, call) };
				} catch (error) {
					outcomes[i] = { error: error as Error };
					if (!continueOnFail && !isNotSent(error) && !stop.signal.aborted) {
						stopReason = `item ${i + 1} failed first and the node stopped (On Error is set to stop the workflow)`;
						stop.abort();
					}
				}
			}),
		);
	} finally {
		cancel?.removeEventListener('abort', onCancel);
	}

	if (cancel?.aborted) {
		const unsent = outcomes.filter((o) => o && 'error' in o && isNotSent(o.error)).length;
		if (!continueOnFail) {
			throw new NodeOperationError(node, 'The execution was stopped', {
				description: `${unsent} of ${items.length} items were not sent. Items on their way when it stopped may or may not have been processed.`,
			});
		}
	}
	if (!continueOnFail) {
		const failed = outcomes.find((o): o is { error: Error } => !!o && 'error' in o && !(isNotSent(o.error)));
		if (failed) throw withSummary(failed.error, outcomes);
	}
	const out: INodeExecutionData[] = [];
	outcomes.forEach((outcome, i) => {
		if (!outcome) return;
		if ('error' in outcome) {
			out.push(errorItem(outcome.error, i));
		} else {
			for (const item of outcome.items) out.push({ ...item, pairedItem: { item: i } });
		}
	});
	return out;
}

/** n8n's hidden "Request Options" (timeout, proxy, SSL), as the routing engine applies them. */
function requestOptionsOf(options: IDataObject): Partial<IHttpRequestOptions> {
	const out: Partial<IHttpRequestOptions> = { timeout: Number(options.timeout) > 0 ? Number(options.timeout) : 300_000 };
	if (options.allowUnauthorizedCerts) out.skipSslCertificateValidation = true;
	if (typeof options.proxy === 'string' && options.proxy) {
		try {
			const proxy = new URL(options.proxy);
			out.proxy = {
				host: proxy.hostname,
				port: Number(proxy.port),
				protocol: proxy.protocol.replace(/:$/, ''),
				...(proxy.username ? { auth: { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } } : {}),
			};
		} catch {
			// The routing engine refuses such a proxy too; without one the request goes direct.
		}
	}
	return out;
}

/** The node's `customOperations`: every operation of its table. */
export function customOperations(api: NodeApi): NonNullable<INodeType['customOperations']> {
	const map: NonNullable<INodeType['customOperations']> = {};
	for (const [resource, spec] of api.table.entries()) {
		map[resource] ??= {};
		map[resource][spec.value] = async function (this: IExecuteFunctions) {
			return [await runOperation(this, api, spec)];
		};
	}
	return map;
}

// ------------------------------------------------------------------ routing engine

interface RunState {
	connection: Connection;
	credentials: ICredentialDataDecryptedObject;
}

/**
 * One credential read per run and node on the routing road, where items run concurrently and
 * share the run's cancel signal, which keys this cache.
 */
const runStates = new WeakMap<object, Map<string, Promise<RunState>>>();

async function runState(fns: IExecutePaginationFunctions, profile: ApiProfile): Promise<RunState> {
	const signal = fns.getExecutionCancelSignal();
	const nodeName = fns.getNode().name;
	let byNode = signal ? runStates.get(signal) : undefined;
	if (signal && !byNode) {
		byNode = new Map();
		runStates.set(signal, byNode);
	}
	let state = byNode?.get(nodeName);
	if (!state) {
		state = (async () => {
			const credentials = await fns.getCredentials(profile.credentialType);
			return { credentials, connection: profile.connect(credentials, fns.getNode()) };
		})();
		byNode?.set(nodeName, state);
		// A failed read (bad credential) must not be remembered for the items that follow.
		state.catch(() => byNode?.delete(nodeName));
	}
	return await state;
}

/** The node's `requestOperations.pagination`: an item's request on the routing road. */
export function routingSender(api: NodeApi) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const resource = String(this.getNodeParameter('resource', ''));
		const operation = String(this.getNodeParameter('operation', ''));
		const spec = api.table.get(resource, operation);
		if (!spec) throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}" of resource "${resource}"`);
		const { connection, credentials } = await runState(this, api.profile);
		const settings = this.getNodeParameter('rateLimitHandling', {}) as IDataObject;
		const signal = this.getExecutionCancelSignal();
		const sender = new Sender(this, api.profile, connection, {
			maxWaitSeconds: maxWaitOf(settings),
			stop: signal,
			credentials,
			requestOptions: { timeout: requestData.options.timeout },
		});
		const call: ItemCall = {
			fns: this,
			spec,
			request: requestData.options as IHttpRequestOptions,
			wanted: spec.pager ? wantedItems(this) : undefined,
			treatAlreadyDone: !spec.pager && !!spec.alreadyDone && (this.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean),
		};
		return await runCall(sender, call);
	};
}
