import type {
	IDataObject,
	IDisplayOptions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ApiFailure } from './errors';

/**
 * The operation tables: each operation of a node described once, as data. The same entry gives
 * the editor its option (and n8n's routing engine its request), and gives the shared sender the
 * facts it must not guess: whether the request only reads, how it pages, how an earlier run's
 * write is recognised, what to read to explain a refusal, whether it may ride in a batch.
 */

/**
 * What operation code needs from n8n for one item: the same few calls whether the item runs
 * through n8n's routing engine (IExecuteSingleFunctions) or through the node's custom operation
 * (an adapter over IExecuteFunctions, see run.ts).
 */
export type ItemFunctions = Pick<
	IExecuteSingleFunctions,
	'getNodeParameter' | 'getNode' | 'getItemIndex' | 'getCredentials' | 'getTimezone'
>;

/** Builds and checks an item's request from its fields, before anything is sent. */
export type Build = (
	this: ItemFunctions,
	request: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;

/** Shapes an answer into the items the user gets; `request` is the item's request as built. */
export type OutputStep = (
	this: ItemFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
	request?: IHttpRequestOptions,
) => Promise<INodeExecutionData[]>;

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

/** A read whose answer stands in for the answer of a write that was already made. */
export interface StandIn {
	request: IHttpRequestOptions;
	/** The body the operation's output steps expect from the write, or undefined: not done after all. */
	body(response: IN8nHttpFullResponse): IDataObject | undefined;
	/**
	 * When the record found differs from what this item asked for (another amount, a cancelled
	 * order...), what differs: the record does not stand in, and the write's own error is kept
	 * with this added to its hint.
	 */
	mismatch?(response: IN8nHttpFullResponse): string | undefined;
}

/**
 * How a write that an earlier run already made is recognised, for "Treat Already Done as
 * Success" (a re-run after a partial failure then finishes without errors).
 */
export interface AlreadyDone {
	/**
	 * A refusal (after its explaining read) that means the write may already have been made.
	 * `item` reads the item's fields (what it asked for beyond its request).
	 */
	refusal?(
		failure: ApiFailure,
		request: IHttpRequestOptions,
		item: ItemFunctions,
	): StandIn | undefined;
	/**
	 * A read sent before a write the API would repeat rather than refuse: when it shows the write
	 * was already made, the write is not sent. It may also refuse the item (throwing its error).
	 */
	check?(request: IHttpRequestOptions, item: ItemFunctions): StandIn | undefined;
}

/** Why a guard refuses an item: reported like invalid input, naming the field. */
export interface Refusal {
	field: string;
	problem: string;
	hint?: string;
}

/**
 * Reads made once for a run, after every item's request is built and before any is sent, that
 * may refuse items whose write would do harm the API does not prevent. `read` sends a read
 * under the run's limiter (and Stop); the answer's body comes back. One entry per request.
 */
export type Guard = (
	read: (request: IHttpRequestOptions) => Promise<IDataObject>,
	requests: IHttpRequestOptions[],
) => Promise<Array<Refusal | undefined>>;

export interface Explanation {
	/** The read to send. It is sent once, under the same limiter; if it fails, the failure stays as it was. */
	request: IHttpRequestOptions;
	/** The failure completed with what the read's successful answer says. */
	apply(failure: ApiFailure, response: IN8nHttpFullResponse): ApiFailure;
}

/** One operation of a node. */
export interface OperationSpec {
	name: string;
	value: string;
	action: string;
	description: string;
	method: IHttpRequestMethods;
	url: string;
	/**
	 * `read`: changes nothing, so it may be resent after a failure that may have been processed;
	 * `write`: sent at most once unless the API proves it did not process it.
	 */
	kind: 'read' | 'write';
	/** Builds and checks the request from the node's fields (before anything is sent). */
	build?: Build;
	/** Shapes the answer into the items the user gets. */
	output?: OutputStep[];
	/** A listing: Return All / Limit over these pages. */
	pager?: Pager;
	/** "Treat Already Done as Success" for this write. */
	alreadyDone?: AlreadyDone;
	/** A read that tells the user more about a failure before it is thrown. */
	explain?(failure: ApiFailure, request: IHttpRequestOptions): Explanation | undefined;
	/** Reads before the run's writes go out that may refuse some of them (see Guard). */
	guard?: Guard;
	/** Bitrix24: the command may go inside a `batch` call with other items' commands. */
	batch?: boolean;
}

/** The operations of one resource, as the node and the sender see them. */
export interface ResourceOperations {
	resource: string;
	/** The editor's Operation field for this resource. */
	property: INodeProperties;
	specs: OperationSpec[];
}

/**
 * The Operation field of a resource, from its table. Each option keeps a routing block, so that
 * n8n's routing engine can still run the operation where a node's custom operations are not
 * used (n8n runs a node used as an AI Agent tool through `RoutingNode`): `send.paginate: true`
 * hands the request to the node's shared sender (`requestOperations.pagination`, run.ts).
 */
export function resourceOperations(
	resource: string,
	defaultOperation: string,
	specs: OperationSpec[],
): ResourceOperations {
	const options: INodePropertyOptions[] = specs.map((spec) => ({
		name: spec.name,
		value: spec.value,
		action: spec.action,
		description: spec.description,
		routing: {
			request: { method: spec.method, url: spec.url },
			send: { paginate: true, ...(spec.build ? { preSend: [spec.build] } : {}) },
			...(spec.output ? { output: { postReceive: spec.output } } : {}),
		},
	}));
	return {
		resource,
		specs,
		property: {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			default: defaultOperation,
			options,
		},
	};
}

/** A node's operations by resource and operation. */
export class OperationTable {
	private readonly byKey = new Map<string, OperationSpec>();

	constructor(readonly resources: ResourceOperations[]) {
		for (const { resource, specs } of resources) {
			for (const spec of specs) this.byKey.set(`${resource}.${spec.value}`, spec);
		}
	}

	get(resource: string, operation: string): OperationSpec | undefined {
		return this.byKey.get(`${resource}.${operation}`);
	}

	/** Every operation, as `[resource, spec]`. */
	entries(): Array<[string, OperationSpec]> {
		return this.resources.flatMap(({ resource, specs }) =>
			specs.map((spec) => [resource, spec] as [string, OperationSpec]),
		);
	}

	/**
	 * The editor's Operation fields, one per resource. `firstVersionDefaults` (resource →
	 * operation) is for a node whose version 2 opens on another operation than version 1 did: n8n
	 * saves no parameter left at its default, so a version-1 node saved on that operation keeps it.
	 */
	properties(firstVersionDefaults: Record<string, string> = {}): INodeProperties[] {
		return this.resources.flatMap(({ resource, property }) => {
			const first = firstVersionDefaults[resource];
			if (!first || first === property.default) return [property];
			return [
				...updateDisplayOptions({ show: { '@version': [1] } }, [{ ...property, default: first }]),
				...updateDisplayOptions({ show: { '@version': [2] } }, [property]),
			];
		});
	}
}

/** A build step from a function that returns the JSON body to send. */
export function jsonBody(
	build: (this: ItemFunctions) => IDataObject | Promise<IDataObject>,
): Build {
	return async function (this: ItemFunctions, request: IHttpRequestOptions) {
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
