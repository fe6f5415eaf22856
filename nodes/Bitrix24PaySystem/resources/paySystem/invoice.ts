import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ItemFunctions } from '../../../shared/operations';
import { handlerCodeLocator, readCode, readId } from '../locators';
import { paySystemIdField } from './fields';

/**
 * Legacy CRM invoices (Pay System → Get Invoice Settings, Payment → Pay Invoice): the invoice
 * and its pay system, named by ID or by handler code (ID wins in Bitrix24,
 * https://apidocs.bitrix24.com/api-reference/pay-system/sale-pay-system-pay-invoice.html).
 */

export function invoiceTarget(ctx: ItemFunctions): IDataObject {
	const body: IDataObject = { INVOICE_ID: readId(ctx, 'invoiceId', 'Invoice ID') };
	if ((ctx.getNodeParameter('identifyPaySystemBy', 'id') as string) === 'handlerCode') {
		body.BX_REST_HANDLER = readCode(ctx, 'handlerCode', 'Handler Code');
	} else {
		body.PAY_SYSTEM_ID = readId(ctx, 'paySystemId', 'Pay System');
	}
	return body;
}

export const invoiceTargetFields: INodeProperties[] = [
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '7001',
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
		...handlerCodeLocator(
			'The REST handler whose first pay system is used: pick it, or give its code ' +
				'(BX_REST_HANDLER)',
		),
		displayOptions: { show: { identifyPaySystemBy: ['handlerCode'] } },
	},
];
