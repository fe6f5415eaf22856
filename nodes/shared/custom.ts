import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	JsonObject,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemCall } from './item';
import { guardCalls, itemFunctions, prepare, runCall } from './item';
import type { OperationSpec } from './operations';
import { maxWaitOf, requestOptionsOf } from './options';
import { isNotSent, toNodeError } from './outcomes';
import type { Connection, NodeApi } from './profile';
import { Sender } from './sender';

/**
 * The usual road: the node's `customOperations`. n8n hands the run's items at once, with the
 * execution's Stop signal. The credential is read once, every item's request is built and
 * checked before the first one is sent, then they go out together under the account's limiter
 * (Bitrix24: in batches), and Stop ends every wait at once.
 */

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
	const went = `${done} other item${done === 1 ? '' : 's'} went through`;
	const summary =
		`${went}; ${unsent} ${unsent === 1 ? 'was' : 'were'} not sent because of this error ` +
		'(nothing was sent for them: run them again after fixing it).';
	const described = error as NodeOperationError;
	described.description = described.description ? `${described.description}\n${summary}` : summary;
	return error;
}

/** One operation over all the run's items, from the node's `customOperations`. */
async function runOperation(
	exec: IExecuteFunctions,
	api: NodeApi,
	spec: OperationSpec,
): Promise<INodeExecutionData[]> {
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
	const requestOptions = requestOptionsOf(
		exec.getNodeParameter('requestOptions', 0, {}) as IDataObject,
	);

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
				calls.push(
					await prepare(fns, spec, {
						method: spec.method,
						url: spec.url,
						qs: {},
						body: {},
						headers: {},
					}),
				);
			} catch (error) {
				if (!continueOnFail) throw toNodeError(node, error, i);
				outcomes[i] = { error: error as Error };
			}
		}
		// Reads the operation makes before any write, which may refuse items (as invalid input).
		const refusals = await guardCalls(sender, spec, calls).catch((error: Error) => {
			// Nothing could be checked, so nothing is sent.
			if (!continueOnFail) throw toNodeError(node, error);
			return calls.map(() => error);
		});
		const allowed: ItemCall[] = [];
		for (const [n, call] of calls.entries()) {
			const refusal = refusals[n];
			if (!refusal) {
				allowed.push(call);
				continue;
			}
			if (!continueOnFail) throw refusal;
			outcomes[call.fns.getItemIndex()] = { error: refusal };
		}
		await Promise.all(
			allowed.map(async (call) => {
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
				description:
					`${unsent} of ${items.length} items were not sent. ` +
					'Items on their way when it stopped may or may not have been processed.',
			});
		}
	}
	if (!continueOnFail) {
		const failed = outcomes.find(
			(o): o is { error: Error } => !!o && 'error' in o && !isNotSent(o.error),
		);
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
