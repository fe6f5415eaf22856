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

export const resellerField: INodeProperties = {
	displayName: 'Reseller ID',
	name: 'resellerId',
	type: 'string',
	default: '',
	placeholder: 'Default from the credential',
	description:
		"ID of the reseller the payment belongs to: the credential's reseller or one below it (a downstream reseller). " +
		"Leave empty to use the credential's Default Reseller ID.",
};

export const paymentIdField: INodeProperties = {
	displayName: 'Payment ID',
	name: 'paymentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '6475',
	description: 'ID of the payment (not its document number)',
};

export const documentIdField: INodeProperties = {
	displayName: 'Document Number',
	name: 'documentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '002018',
	description:
		'The payment number (document_id) exactly as the platform shows it; leading zeros count. ' +
		'Keep it text in expressions (a number loses leading zeros).',
};

export const paymentMethodIdField: INodeProperties = {
	displayName: 'Payment Method ID',
	name: 'paymentMethodId',
	type: 'number',
	default: 0,
	required: true,
	typeOptions: { minValue: 0 },
	description:
		'ID of an active payment method of the platform (Operator Control Panel → list of payment methods). ' +
		'The API has no method to list them.',
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
