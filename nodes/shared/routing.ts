import type {
	IDataObject,
	IDisplayOptions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';

export interface OperationDefinition {
	name: string;
	value: string;
	action: string;
	description: string;
	method: IHttpRequestMethods;
	url: string;
	/** Builds and checks the request body/query from the node's fields (before anything is sent). */
	build?: PreSendAction;
	/** Shapes the answer into the items the user gets. */
	output?: PostReceiveAction[];
}

/**
 * One operation of a node: where its request goes and how its body and output are made.
 * `send.paginate: true` hands every request to the node's shared sender
 * (`requestOperations.pagination`, see shared/transport.ts): pacing, resending and paging live
 * there, in one place for all operations.
 */
export function operation(def: OperationDefinition): INodePropertyOptions {
	return {
		name: def.name,
		value: def.value,
		action: def.action,
		description: def.description,
		routing: {
			request: { method: def.method, url: def.url },
			send: { paginate: true, ...(def.build ? { preSend: [def.build] } : {}) },
			...(def.output ? { output: { postReceive: def.output } } : {}),
		},
	};
}

/** A preSend step from a function that returns the JSON body to send. */
export function jsonBody(
	build: (this: IExecuteSingleFunctions) => IDataObject | Promise<IDataObject>,
): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		request.body = await build.call(this);
		return request;
	};
}

/**
 * Return All and Limit of a listing, as the shared sender reads them (`returnAll`, `limit`),
 * shown where `show` says.
 */
export function pagingFields(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}
