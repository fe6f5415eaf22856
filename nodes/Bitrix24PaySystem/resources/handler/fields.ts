import type { ItemFunctions } from '../../../shared/operations';
import { invalid } from '../../../shared/validation';
import { idLocator } from '../locators';

/** Fields and checks several Handler operations share. */

export const handlerIdField = idLocator(
	'handlerId',
	'Handler',
	'searchHandlers',
	'The REST payment handler: pick it from the list, or give its ID (from Create or Get Many)',
);

/** A handler's position among handlers (SORT). */
export function sortValue(ctx: ItemFunctions, value: unknown): number {
	const sort = Number(value);
	if (!Number.isInteger(sort)) invalid(ctx, 'Sort', 'must be a whole number');
	return sort;
}
