import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from './errors';

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
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The failure behind each NodeApiError the sender throws (for the already-done rules). */
const failures = new WeakMap<object, ApiFailure>();

/** Remembers the failure a NodeApiError was made from. */
export function rememberFailure(error: object, failure: ApiFailure): void {
	failures.set(error, failure);
}

export function failureOf(error: unknown): ApiFailure | undefined {
	return error && typeof error === 'object' ? failures.get(error) : undefined;
}
