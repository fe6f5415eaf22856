import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { positiveId, requiredText } from '../../../shared/validation';
import { paySystemIdField } from './fields';

/**
 * Legacy CRM invoices (Pay System → Get Invoice Settings, Payment → Pay Invoice): the invoice
 * and its pay system, named by ID or by handler code (ID wins in Bitrix24,
 * https://apidocs.bitrix24.com/api-reference/pay-system/sale-pay-system-pay-invoice.html).
 */

export function invoiceTarget(ctx: ItemFunctions): IDataObject {
	const body: IDataObject = {
		INVOICE_ID: positiveId(ctx, 'Invoice ID', ctx.getNodeParameter('invoiceId', '')),
	};
	if ((ctx.getNodeParameter('identifyPaySystemBy', 'id') as string) === 'handlerCode') {
		body.BX_REST_HANDLER = requiredText(
			ctx,
			'Handler Code',
			ctx.getNodeParameter('handlerCode', ''),
		);
	} else {
		body.PAY_SYSTEM_ID = positiveId(ctx, 'Pay System ID', ctx.getNodeParameter('paySystemId', ''));
	}
	return body;
}

export const invoiceTargetFields: INodeProperties[] = [
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'number',
		default: 0,
		required: true,
		description: 'ID of the legacy CRM invoice (crm.invoice.*)',
	},
	{
		displayName: 'Identify Pay System By',
		name: 'identifyPaySystemBy',
		type: 'options',
		default: 'id',
		options: [
			{ name: 'Pay System ID', value: 'id' },
			{
				name: 'Handler Code',
				value: 'handlerCode',
				description: 'The first pay system that uses this handler',
			},
		],
	},
	{ ...paySystemIdField, displayOptions: { show: { identifyPaySystemBy: ['id'] } } },
	{
		displayName: 'Handler Code',
		name: 'handlerCode',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { identifyPaySystemBy: ['handlerCode'] } },
		description: 'BX_REST_HANDLER: code of the REST handler',
	},
];
