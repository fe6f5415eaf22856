import type { IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { Build, ItemFunctions } from '../../../shared/operations';
import { invalid, positiveId } from '../../../shared/validation';
import { checkAccess, CREDENTIAL_TYPE } from '../../transport/connection';
import { API_ROOT } from '../../transport/requests';

/** What the payment operations share: their reseller, the checks of IDs, the request builder, the common fields. */

/** Each operation's build step sets the real URL, with the reseller ID; this is its root. */
export const URL_SET_BY_BUILD = API_ROOT;

/** Shows fields for these operations of the Payment resource. */
export const forOperations = (operation: string[], fields: INodeProperties[]) =>
	updateDisplayOptions({ show: { resource: ['payment'], operation } }, fields);

/** The reseller of this item: the field when filled in, else the credential's default. */
async function resellerOf(ctx: ItemFunctions): Promise<number> {
	const value = ctx.getNodeParameter('resellerId', '', { extractValue: true });
	if (!isBlank(value)) return positiveId(ctx, 'Reseller ID', value);
	const { access, problem } = checkAccess(await ctx.getCredentials(CREDENTIAL_TYPE));
	if (!access) {
		return invalid(
			ctx,
			'Credential',
			problem,
			'Open the ActivePlatform API credential and fix this field.',
		);
	}
	return access.resellerId;
}

/** A required ID: "is required" when empty (or the 0 a cleared number field holds), else a positive whole number. */
export function requiredId(ctx: ItemFunctions, field: string, value: unknown): number {
	if (isBlank(value) || value === 0) invalid(ctx, field, 'is required');
	return positiveId(ctx, field, value);
}

/** The Payment ID field's value, checked. */
export const paymentIdOf = (ctx: ItemFunctions) =>
	requiredId(ctx, 'Payment ID', ctx.getNodeParameter('paymentId', '', { extractValue: true }));

/** The Document Number field's value (from the list, typed, or an expression), as text. */
export const documentIdOf = (ctx: ItemFunctions) =>
	ctx.getNodeParameter('documentId', '', { extractValue: true });

/** The Payment Method ID field's value, checked. */
export const paymentMethodIdOf = (ctx: ItemFunctions) =>
	requiredId(ctx, 'Payment Method ID', ctx.getNodeParameter('paymentMethodId', ''));

/** A JSON:API request body: `{"data": {"attributes": {...}}}`. */
export const attributes = (values: IDataObject) => ({ data: { attributes: values } });

/** Sets the path and body of a request from this item's fields, after checking them. */
export function build(
	make: (
		this: ItemFunctions,
		resellerId: number,
		request: IHttpRequestOptions,
	) => IHttpRequestOptions | void,
): Build {
	return async function (this: ItemFunctions, request: IHttpRequestOptions) {
		const resellerId = await resellerOf(this);
		return make.call(this, resellerId, request) ?? request;
	};
}

/**
 * A whole-number ID typed by hand (By ID): flagged in the editor when it is not one (n8n wraps
 * the pattern in ^…$; empty passes where the field may be left empty), and checked again before
 * sending (expressions).
 */
const byId = (what: string, placeholder: string, optional = false) => ({
	displayName: 'By ID',
	name: 'id',
	type: 'string' as const,
	placeholder,
	validation: [
		{
			type: 'regex' as const,
			properties: {
				regex: optional ? '[0-9]*' : '[0-9]+',
				errorMessage: `A ${what} ID is a whole number such as ${placeholder}`,
			},
		},
	],
});

export const resellerField: INodeProperties = {
	displayName: 'Reseller',
	name: 'resellerId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		"The reseller whose payments to work with: the credential's reseller or one below it. Leave it empty for " +
		"the credential's Default Reseller ID (reseller_id in the path).",
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: "Default: the credential's reseller",
			typeOptions: { searchListMethod: 'searchResellers', searchable: true },
		},
		byId('reseller', '12', true),
	],
};

export const paymentIdField: INodeProperties = {
	displayName: 'Payment',
	name: 'paymentId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The payment to work with: pick it from the list (search by document number) or enter its ID, which is not ' +
		'its document number (payment_id)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search by document number…',
			typeOptions: { searchListMethod: 'searchPayments', searchable: true },
		},
		byId('payment', '6475'),
	],
};

export const documentIdField: INodeProperties = {
	displayName: 'Document Number',
	name: 'documentId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		"The payment's number exactly as the platform shows it, leading zeros included (document_id). In " +
		'expressions keep it text: a number loses its leading zeros.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search by document number…',
			typeOptions: { searchListMethod: 'searchDocumentNumbers', searchable: true },
		},
		{ displayName: 'By Number', name: 'id', type: 'string', placeholder: '002018' },
	],
};

export const paymentMethodIdField: INodeProperties = {
	displayName: 'Payment Method ID',
	name: 'paymentMethodId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '4',
	description:
		"The payment method the money came through: its ID in the Operator Control Panel's list of payment methods " +
		'(payment_method_id). The API cannot list them.',
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return each payment flattened (ID, type and attributes at the top level, relationships kept) ' +
		'instead of the raw JSON:API document (Get Many: the raw resource objects)',
};
