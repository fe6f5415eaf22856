import type { IDataObject } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';

/**
 * The body an item's build step made, for its output step: both run with the same item functions,
 * so the output says which payment it was without evaluating the item's expressions again (each
 * costs time per item in n8n's expression sandbox). Rebuilt when not found.
 */
const bodies = new WeakMap<object, IDataObject>();

export function remember(ctx: ItemFunctions, body: IDataObject): IDataObject {
	bodies.set(ctx, body);
	return body;
}

export function sentBody(ctx: ItemFunctions, rebuild: () => IDataObject): IDataObject {
	return bodies.get(ctx) ?? rebuild();
}
