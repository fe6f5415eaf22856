import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { isBlank } from '../../shared/json';
import type { ItemFunctions } from '../../shared/operations';
import { invalid } from '../../shared/validation';

/** Text and JSON as users type them, read the same way by every form. */

export function text(value: unknown): string {
	return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
}

/** Copies the non-empty optional values of `from` into `to` (strings trimmed). */
export function optional(to: IDataObject, from: IDataObject, keys: string[]) {
	for (const key of keys) {
		const value = typeof from[key] === 'string' ? (from[key] as string).trim() : from[key];
		if (!isBlank(value)) to[key] = value as IDataObject[string];
	}
}
/** A JSON value typed into a JSON field (n8n hands it over as text or already parsed). */
export function parseJson(
	ctx: ItemFunctions,
	field: string,
	value: unknown,
	example: string,
): unknown {
	if (typeof value !== 'string') return value;
	if (!value.trim()) invalid(ctx, field, `is empty; enter JSON such as ${example}`);
	try {
		return jsonParse(value);
	} catch (error) {
		return invalid(
			ctx,
			field,
			`is not valid JSON (${(error as Error).message})`,
			'Check quotes, commas and brackets.',
		);
	}
}
