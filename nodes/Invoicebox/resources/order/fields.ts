import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isBlank } from '../../../shared/json';
import type { ItemFunctions } from '../../../shared/operations';
import { jsonObject, requiredText } from '../../../shared/validation';
import { atomDate } from '../../values/dates';

/** What Order → Create (Additional Fields) and Order → Update (Update Fields) both offer. */

export const orderOptionFields: INodeProperties[] = [
	{
		displayName: 'Metadata (JSON)',
		name: 'metaData',
		type: 'json',
		default: '{}',
		description:
			'Extra order data (schema.org style, for example {"@type": "LodgingReservation", ...})',
	},
	{
		displayName: 'Shop ID',
		name: 'shopId',
		type: 'string',
		default: '',
		description: 'Linked shop or marketplace ID',
	},
];

/** The optional order values both forms offer, into the body. */
export function orderOptions(ctx: ItemFunctions, values: IDataObject, body: IDataObject) {
	if (!isBlank(values.description))
		body.description = requiredText(ctx, 'Description', values.description);
	if (!isBlank(values.expirationDate))
		body.expirationDate = atomDate(ctx, 'Expiration Date', values.expirationDate);
	if (!isBlank(values.metaData))
		body.metaData = jsonObject(ctx, 'Metadata (JSON)', values.metaData);
	if (!isBlank(values.shopId)) body.shopId = String(values.shopId).trim();
}
