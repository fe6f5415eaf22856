import type { IDataObject } from 'n8n-workflow';

/** Small readers of API answers and field values, shared by every node. */

/** The value as an object, or undefined for anything else (arrays, null, text). */
export function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/** A field left empty: nothing, null, or only blanks. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && !value.trim());
}
