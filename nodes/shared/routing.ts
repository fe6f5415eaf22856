import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemCall } from './item';
import { guardCalls, runCall, wantedItems } from './item';
import { maxWaitOf } from './options';
import type { ApiProfile, Connection, NodeApi } from './profile';
import { Sender } from './sender';

/**
 * The other road: n8n's routing engine (`requestOperations.pagination`), which n8n still uses
 * where custom operations are not (a node run as an AI Agent tool): one item at a time, through
 * the same sender and the same per-item flow.
 */

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
		if (!spec)
			throw new NodeOperationError(
				this.getNode(),
				`Unknown operation "${operation}" of resource "${resource}"`,
			);
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
			treatAlreadyDone:
				!spec.pager &&
				!!spec.alreadyDone &&
				(this.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean),
		};
		const [refusal] = await guardCalls(sender, spec, [call]);
		if (refusal) throw refusal;
		return await runCall(sender, call);
	};
}
