import type { INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { invalid } from '../../../shared/validation';

/** Fields and checks several Handler operations share. */

export const handlerIdField: INodeProperties = {
	displayName: 'Handler ID',
	name: 'handlerId',
	type: 'number',
	default: 0,
	required: true,
	description: 'ID of the handler (from Create or Get Many)',
};

/** A handler's position among handlers (SORT). */
export function sortValue(ctx: ItemFunctions, value: unknown): number {
	const sort = Number(value);
	if (!Number.isInteger(sort)) invalid(ctx, 'Sort', 'must be a whole number');
	return sort;
}
