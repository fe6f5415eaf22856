import type { INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../shared/operations';
import { positiveId, requiredText } from '../../shared/validation';

/**
 * Resource locators of the node (and of the trigger's Handler Code): pick from a list the portal
 * gives (methods/listSearch.ts) or type the ID or code. A value arrives as
 * `{ __rl: true, mode, value }`, or as the plain number or text of a workflow saved before the
 * field was a locator, or of an expression: both are read with `extractValue` and checked as
 * before. Bitrix24 has no web address for handlers, pay systems or payer types, so there is no
 * "By URL" mode.
 */

const DIGITS = [
	{
		type: 'regex' as const,
		properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'An ID is a whole number, such as 12' },
	},
];

/**
 * A locator: "From List" (searchable, from `searchListMethod`), then typed By ID (a whole
 * number, checked as typed) or, for handlers, By Code.
 */
function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	description: string,
	by: 'id' | 'code',
): INodeProperties {
	const property: INodeProperties = {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '12', validation: DIGITS },
			{ displayName: 'By Code', name: 'code', type: 'string', placeholder: 'acmepay_checkout' },
		],
	};
	return { ...property, modes: property.modes?.filter((m) => m.name === 'list' || m.name === by) };
}

/** A locator of something named by a numeric ID (handler, pay system, payer type). */
export function idLocator(
	name: string,
	displayName: string,
	searchListMethod: string,
	description: string,
): INodeProperties {
	return locator(name, displayName, searchListMethod, description, 'id');
}

/** A locator of a REST handler by its code (BX_REST_HANDLER). */
export function handlerCodeLocator(description: string): INodeProperties {
	return locator('handlerCode', 'Handler Code', 'searchHandlerCodes', description, 'code');
}

/** A numeric ID from a locator (or a plain value), checked: letters are refused naming the field. */
export function readId(ctx: ItemFunctions, name: string, label: string): number {
	return positiveId(ctx, label, ctx.getNodeParameter(name, '', { extractValue: true }));
}

/** A code from a locator (or a plain value), required. */
export function readCode(ctx: ItemFunctions, name: string, label: string): string {
	return requiredText(ctx, label, ctx.getNodeParameter(name, '', { extractValue: true }));
}
