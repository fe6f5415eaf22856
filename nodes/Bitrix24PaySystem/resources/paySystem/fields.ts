import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { invalid, positiveId, requiredText } from '../../../shared/validation';
import { idLocator } from '../locators';

/**
 * Fields several Pay System operations (and Payment's) share, and the writer of a pay system's
 * optional fields (sale.paysystem.add and .update take the same ones,
 * https://apidocs.bitrix24.com/api-reference/pay-system/sale-pay-system-add.html).
 */

/** Fields of a sale_paysystem row (for Select, Filter and Sort). */
export const PAY_SYSTEM_FIELDS = [
	'ID',
	'NAME',
	'PSA_NAME',
	'DESCRIPTION',
	'XML_ID',
	'PERSON_TYPE_ID',
	'ACTION_FILE',
	'RESULT_FILE',
	'ACTIVE',
	'ENTITY_REGISTRY_TYPE',
	'NEW_WINDOW',
	'ALLOW_EDIT_PAYMENT',
	'AUTO_CHANGE_1C',
	'CAN_PRINT_CHECK',
	'HAVE_PAYMENT',
	'HAVE_ACTION',
	'HAVE_RESULT',
	'HAVE_PREPAY',
	'HAVE_PRICE',
	'HAVE_RESULT_RECEIVE',
	'ENCODING',
	'IS_CASH',
	'PS_MODE',
	'SORT',
	'TARIFF',
].map((value) => ({ name: value, value }));

export const paySystemIdField = idLocator(
	'paySystemId',
	'Pay System',
	'searchPaySystems',
	'The pay system: pick it from the list, or give its ID (from Pay System → Create or Get ' +
		'Many; in Checkout mode the trigger gives it as paySystemId)',
);

export const paymentIdField: INodeProperties = {
	displayName: 'Payment ID',
	name: 'paymentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '101',
	description:
		'ID of the order payment (in Checkout mode the trigger gives it as paymentId; ' +
		'BX_SYSTEM_PARAMS.PAYMENT_ID)',
};

const yesNo = (value: unknown) => (value ? 'Y' : 'N');

/**
 * The logo as Bitrix24 decodes it (CRestUtil::saveFile): plain base64. A data URL's
 * `data:image/png;base64,` prefix is dropped: PHP's lenient decoding would turn it into a broken
 * image; line breaks are dropped too.
 */
function logoBase64(ctx: ItemFunctions, value: unknown): string {
	const base64 = String(value)
		.trim()
		.replace(/^data:[^,]*;base64,/i, '')
		.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
		invalid(
			ctx,
			'Logo (Base64)',
			'must be an image encoded as base64 (or a data: URL of one)',
			'Give the base64 text of the image (PNG, JPG or GIF), or a data: URL of it.',
		);
	}
	return base64;
}

/** Writes the optional fields of a pay system (add and update share them). */
export function paySystemFields(ctx: ItemFunctions, values: IDataObject, into: IDataObject) {
	if (values.name !== undefined) into.NAME = requiredText(ctx, 'Name', values.name);
	if (values.description !== undefined) into.DESCRIPTION = String(values.description);
	if (values.personTypeId !== undefined)
		into.PERSON_TYPE_ID = positiveId(ctx, 'Person Type ID', values.personTypeId);
	if (values.handlerCode !== undefined)
		into.BX_REST_HANDLER = requiredText(ctx, 'Handler Code', values.handlerCode);
	if (values.active !== undefined) into.ACTIVE = yesNo(values.active);
	if (values.entityRegistryType) into.ENTITY_REGISTRY_TYPE = values.entityRegistryType;
	if (values.logotype) into.LOGOTYPE = logoBase64(ctx, values.logotype);
	if (values.newWindow !== undefined) into.NEW_WINDOW = yesNo(values.newWindow);
	if (values.xmlId !== undefined) into.XML_ID = String(values.xmlId);
}

export const activeField: INodeProperties = {
	displayName: 'Active',
	name: 'active',
	type: 'boolean',
	default: true,
	description:
		'Whether buyers can pay through it (ACTIVE; Bitrix24 creates inactive ones when not set)',
};
export const commonOptional: INodeProperties[] = [
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	{
		displayName: 'Logo (Base64)',
		name: 'logotype',
		type: 'string',
		default: '',
		description: 'The logo image as base64 text or a data: URL (LOGOTYPE)',
	},
	{
		displayName: 'Open in New Window',
		name: 'newWindow',
		type: 'boolean',
		default: false,
		description: 'Whether the payment page opens in a new window (NEW_WINDOW)',
	},
	{
		displayName: 'External ID',
		name: 'xmlId',
		type: 'string',
		default: '',
		description:
			'Your own identifier for the pay system, usable in Get Many filters and to recognise a ' +
			're-run (XML_ID)',
	},
];
