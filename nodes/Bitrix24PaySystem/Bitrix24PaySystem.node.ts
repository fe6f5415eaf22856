import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { alreadyDoneOption, rateLimitOptions } from '../shared/transport';
import { handlerFields, handlerOperations } from './resources/handler';
import { paySystemFieldsDescription, paySystemOperations } from './resources/paySystem';
import { paymentOperations } from './resources/payment';
import { sendToBitrix } from './transport';

export class Bitrix24PaySystem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 PaySystem',
		name: 'bitrix24PaySystem',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Set up Bitrix24 payment handlers and pay systems, and mark payments paid',
		defaults: { name: 'Bitrix24 PaySystem' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24WebhookApi', required: true }],
		requestOperations: { pagination: sendToBitrix },
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'payment',
				options: [
					{ name: 'Handler', value: 'handler', description: 'REST payment handlers' },
					{ name: 'Pay System', value: 'paySystem', description: 'Payment systems and their settings' },
					{ name: 'Payment', value: 'payment', description: 'Mark payments paid' },
				],
			},
			handlerOperations,
			paySystemOperations,
			paymentOperations,
			...handlerFields,
			...paySystemFieldsDescription,
			alreadyDoneOption({ resource: ['handler', 'paySystem'], operation: ['create'] }),
			rateLimitOptions,
		],
	};
}
