import type { IDataObject } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import type { ItemFunctions } from './operations';

/**
 * Input checks shared by every node. Each throws a NodeOperationError that names the field the
 * user filled in, from a preSend step: before any request is sent.
 */

/** The error of an item's invalid input: it names the field. */
export function invalidInput(
	ctx: Pick<ItemFunctions, 'getNode' | 'getItemIndex'>,
	field: string,
	problem: string,
	hint?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field}: ${problem}`, {
		itemIndex: ctx.getItemIndex(),
		description: hint,
	});
}

export function invalid(ctx: ItemFunctions, field: string, problem: string, hint?: string): never {
	throw invalidInput(ctx, field, problem, hint);
}

/** A positive whole number, given as a number or a string of digits (IDs in Bitrix24 and ActivePlatform). */
export function positiveId(ctx: ItemFunctions, field: string, value: unknown): number {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^[0-9]+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
		invalid(
			ctx,
			field,
			`must be a positive whole number, got ${describe(value)}`,
			'IDs are numbers such as 42. If the value comes from an expression, check that it points at the ID field.',
		);
	}
	return Number(text);
}

/** Zero or a positive whole number (Bitrix24's PERSON_TYPE_ID 0 = default settings). */
export function nonNegativeInteger(ctx: ItemFunctions, field: string, value: unknown): number {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
		invalid(ctx, field, `must be zero or a positive whole number, got ${describe(value)}`);
	}
	return Number(text);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An identifier in UUID form (8-4-4-4-12 hex digits; any version, as APIs hand them out). */
export function uuid(ctx: ItemFunctions, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!UUID.test(text)) {
		invalid(
			ctx,
			field,
			`must be a UUID such as 0187c6db-1637-c1ca-bef7-f6706799c41e, got ${describe(value)}`,
			'If the value comes from an expression, check that it points at the ID field.',
		);
	}
	return text.toLowerCase();
}

export function requiredText(ctx: ItemFunctions, field: string, value: unknown): string {
	const text =
		typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!text) invalid(ctx, field, 'is required and cannot be empty');
	return text;
}

/**
 * Text that goes into a URL path as one segment (a document number...): anything that would
 * change which endpoint is called is refused rather than sent. `/`, `\\`, `?`, `#`, `%` and
 * blanks would leave the segment; a value of only dots (`.`, `..`) is a path step of its own
 * (`payments/.` is `payments/`, the Create endpoint).
 */
export function pathSegment(ctx: ItemFunctions, field: string, value: unknown): string {
	const text = requiredText(ctx, field, value);
	if (/[\s/\\?#%]/.test(text)) {
		invalid(ctx, field, `must not contain spaces, slashes, "?", "#" or "%", got ${describe(text)}`);
	}
	if (/^\.+$/.test(text)) invalid(ctx, field, `cannot be only dots, got ${describe(text)}`);
	return text;
}

/** A finite number (money amounts); numeric strings are accepted. */
export function finiteNumber(ctx: ItemFunctions, field: string, value: unknown): number {
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: NaN;
	if (!Number.isFinite(n)) invalid(ctx, field, `must be a number, got ${describe(value)}`);
	return n;
}

/** An absolute http(s) URL. */
export function absoluteUrl(ctx: ItemFunctions, field: string, value: unknown): string {
	const text = requiredText(ctx, field, value);
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		invalid(
			ctx,
			field,
			`must be an absolute http(s) URL such as https://example.com/pay, got ${describe(value)}`,
		);
	}
	return text;
}

/** A JSON object typed into a JSON field (which n8n hands over as text or as an object). */
export function jsonObject(ctx: ItemFunctions, field: string, value: unknown): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (!value.trim())
			invalid(ctx, field, 'is empty; enter a JSON object such as {"KEY": "value"}');
		try {
			parsed = jsonParse(value);
		} catch (error) {
			invalid(
				ctx,
				field,
				`is not valid JSON (${(error as Error).message})`,
				'Check quotes, commas and braces.',
			);
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		invalid(ctx, field, `must be a JSON object ({...}), got ${describe(parsed)}`);
	}
	return parsed as IDataObject;
}

/** A short, safe rendering of a bad value for an error message. */
export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') {
		if (!value.trim()) return 'an empty value';
		return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return 'a list';
	return 'an object';
}
