import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemFunctions, OperationSpec, StandIn } from './operations';
import { asObject } from './json';
import { failureOf } from './outcomes';
import type { Sender } from './sender';
import { describe, invalid, invalidInput } from './validation';

/** One item of an operation, from its fields to its output: the same on both of n8n's roads. */

/**
 * Items the caller asked for: undefined = all of them. A Limit that an expression made anything
 * but a whole number of 1 or more is refused before anything is sent (not replaced by a default).
 */
export function wantedItems(fns: ItemFunctions): number | undefined {
	if (fns.getNodeParameter('returnAll', false) as boolean) return undefined;
	const raw = fns.getNodeParameter('limit', 50);
	const limit =
		typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : NaN;
	if (!Number.isInteger(limit) || limit < 1) {
		invalid(
			fns,
			'Limit',
			`must be a whole number of 1 or more, got ${describe(raw)}`,
			'Or turn on Return All.',
		);
	}
	return limit;
}

/** One item of an operation: its built request and what it asked for. */
export interface ItemCall {
	fns: ItemFunctions;
	spec: OperationSpec;
	request: IHttpRequestOptions;
	/** Return All / Limit of a listing (undefined: all). */
	wanted?: number;
	treatAlreadyDone: boolean;
}

/** Builds and checks an item's request: throws a NodeOperationError naming the field, before anything is sent. */
export async function prepare(
	fns: ItemFunctions,
	spec: OperationSpec,
	request: IHttpRequestOptions,
): Promise<ItemCall> {
	const built = spec.build ? await spec.build.call(fns, request) : request;
	return {
		fns,
		spec,
		request: built,
		wanted: spec.pager ? wantedItems(fns) : undefined,
		treatAlreadyDone:
			!spec.pager &&
			!!spec.alreadyDone &&
			(fns.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean),
	};
}

async function output(
	call: ItemCall,
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: (response.body ?? {}) as IDataObject }];
	for (const step of call.spec.output ?? [])
		items = await step.call(call.fns, items, response, call.request);
	return items;
}

/** Sends an item's request (all its pages, or with its already-done check) and returns its output. */
export async function runCall(sender: Sender, call: ItemCall): Promise<INodeExecutionData[]> {
	const { spec } = call;
	const itemIndex = call.fns.getItemIndex();
	const send = async (request: IHttpRequestOptions) =>
		await sender.send({ request, kind: spec.kind, op: spec }, itemIndex);
	if (call.treatAlreadyDone) return await sendUnlessDone(sender, call, send);

	const pager = spec.pager;
	const { wanted } = call;
	let pageRequest: IHttpRequestOptions | undefined = pager
		? pager.first(call.request, wanted)
		: call.request;
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
	items.map((item) => ({
		...item,
		json: { ...item.json, alreadyDone: done || item.json.alreadyDone === true },
	}));

type StandInOutcome = { items: INodeExecutionData[] } | { mismatch: string } | undefined;

/** The output a stand-in read gives, as the operation's output steps would make it from the write's answer. */
async function standIn(
	sender: Sender,
	call: ItemCall,
	read: StandIn | undefined,
): Promise<StandInOutcome> {
	if (!read) return undefined;
	const response = await sender.send(
		{ request: read.request, kind: 'read' },
		call.fns.getItemIndex(),
	);
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
	const checked = await standIn(sender, call, alreadyDone?.check?.(call.request, call.fns));
	if (checked && 'items' in checked) return marked(checked.items, true);
	if (checked) {
		// A record with this key exists but is not the one asked for: writing would make a second one.
		throw new NodeOperationError(
			call.fns.getNode(),
			'Not created: a record with this key already exists and differs',
			{
				itemIndex: call.fns.getItemIndex(),
				description: `Under "Treat Already Done as Success", ${checked.mismatch}`,
			},
		);
	}
	const outcome = await send(call.request).then(
		(response) => ({ response, error: undefined }),
		(error: Error) => ({ response: undefined, error }),
	);
	if (outcome.response) return marked(await output(call, outcome.response), false);
	// Only the sender's own NodeApiErrors carry a failure; anything else goes on as it was.
	const failure = failureOf(outcome.error);
	const read = failure ? alreadyDone?.refusal?.(failure, call.request, call.fns) : undefined;
	const found = read ? await standIn(sender, call, read).catch(() => undefined) : undefined;
	if (found && 'items' in found) return marked(found.items, true);
	if (found && failure) {
		throw sender.fail(
			{ ...failure, hint: `${failure.hint} Not treated as already done: ${found.mismatch}` },
			call.fns.getItemIndex(),
		);
	}
	throw outcome.error;
}

/**
 * A field whose whole value is `{{ $json.<name> }}`: the most common expression by far (a value
 * taken from the item as it comes). Its value is the input item's own field, exactly what n8n's
 * expression engine would return for it, so it is read straight from the item: n8n evaluates each
 * expression in an isolated VM, which is most of the CPU a node spends per item. Any other
 * expression, and every other form of the field, goes through n8n (test/shared/fields.test.js
 * compares both on generated items).
 */
const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*)\s*\}\}$/;

/** The item functions an operation's code needs, over a run's IExecuteFunctions (custom operations). */
export function itemFunctions(
	exec: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
): ItemFunctions {
	const node = exec.getNode();
	const getNodeParameter = (name: string, fallback?: unknown, options?: object) => {
		// `extractValue` changes nothing for a value that is not a resource locator's {mode, value}.
		const plain =
			!options ||
			(Object.keys(options).length === 1 && (options as IDataObject).extractValue === true);
		const raw = plain ? node.parameters[name] : undefined;
		const field = typeof raw === 'string' ? ITEM_FIELD.exec(raw) : null;
		if (field) {
			const json = exec.getInputData()[itemIndex]?.json;
			if (json && Object.prototype.hasOwnProperty.call(json, field[1])) {
				const value = json[field[1]];
				// Objects and lists go through n8n, which hands out copies of them.
				if (value === null || typeof value !== 'object') return value;
			}
		}
		return exec.getNodeParameter(name, itemIndex, fallback, options);
	};
	const functions = {
		getNodeParameter,
		getNode: () => node,
		getItemIndex: () => itemIndex,
		getCredentials: async () => credentials,
		getTimezone: () => exec.getTimezone(),
	};
	return functions as unknown as ItemFunctions;
}

/**
 * The operation's guard (OperationSpec.guard) over the built calls: for each call, the error of
 * its refusal (a NodeOperationError naming the field, as invalid input), or undefined.
 */
export async function guardCalls(
	sender: Sender,
	spec: OperationSpec,
	calls: ItemCall[],
): Promise<Array<Error | undefined>> {
	if (!spec.guard || !calls.length) return calls.map(() => undefined);
	const read = async (request: IHttpRequestOptions) =>
		asObject((await sender.send({ request, kind: 'read' })).body) ?? {};
	const refusals = await spec.guard(
		read,
		calls.map((call) => call.request),
	);
	return calls.map((call, i) => {
		const refusal = refusals[i];
		return refusal && invalidInput(call.fns, refusal.field, refusal.problem, refusal.hint);
	});
}
