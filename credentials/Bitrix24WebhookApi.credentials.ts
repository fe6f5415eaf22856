import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	checkWebhookUrl,
	WEBHOOK_URL_SHAPE,
} from '../nodes/Bitrix24PaySystem/transport/connection';
import { addressed } from '../nodes/shared/address';

export class Bitrix24WebhookApi implements ICredentialType {
	name = 'bitrix24WebhookApi';

	displayName = 'Bitrix24 Webhook API';

	icon: Icon = {
		light: 'file:../nodes/Bitrix24PaySystem/bitrix24.svg',
		dark: 'file:../nodes/Bitrix24PaySystem/bitrix24.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-paysystems/n8n-nodes-paysystems#credential-bitrix24-webhook-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook URL',
			name: 'secretWebhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: WEBHOOK_URL_SHAPE,
			description:
				'The incoming webhook of your portal (Developer resources → Other → Incoming webhook), ' +
				'with the "Payment systems (pay_system)" permission ticked. The code in it is a secret. ' +
				'HTTPS is required, except for a local test server on 127.0.0.1.',
		},
		{
			displayName: 'Handler Secret',
			name: 'handlerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. For the Bitrix24 PaySystem Trigger: a value the portal sends in one of the ' +
				"handler's fields (give it as the value of a parameter code in the pay system settings); " +
				'calls without it are refused. It is public in Form mode, and in Checkout mode when the ' +
				'handler has fields the buyer fills in: the portal then writes every field into the ' +
				"buyer's payment page.",
		},
		{
			displayName: 'Rate Limit Plan',
			name: 'rateLimitPlan',
			type: 'options',
			default: 'standard',
			description:
				"The node paces its requests under the portal's request limit so that none is refused. " +
				'Bitrix24 sets the limit by plan.',
			options: [
				{
					name: 'Standard Plans (Burst 50, 2 Requests per Second)',
					value: 'standard',
				},
				{
					name: 'Enterprise (Burst 250, 5 Requests per Second)',
					value: 'enterprise',
				},
				{
					name: 'Custom',
					value: 'custom',
				},
				{
					name: 'Do Not Pace (Only Resend What the Portal Refuses)',
					value: 'off',
				},
			],
		},
		{
			displayName: 'Burst',
			name: 'burst',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Requests the portal accepts at once before it starts refusing',
			displayOptions: { show: { rateLimitPlan: ['custom'] } },
		},
		{
			displayName: 'Requests per Second',
			name: 'drainPerSecond',
			type: 'number',
			default: 2,
			typeOptions: { minValue: 0.1, numberPrecision: 2 },
			description: 'Sustained rate the portal accepts after the burst',
			displayOptions: { show: { rateLimitPlan: ['custom'] } },
		},
	];

	/** The secret lives in the URL path, so authenticating means addressing the portal through it. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { address, problem } = checkWebhookUrl(credentials.secretWebhookUrl);
		if (!address) throw new Error(problem);
		return addressed(requestOptions, address.baseUrl);
	}

	/**
	 * One `batch` call: `scope` proves the webhook works; `method.get` says whether
	 * `sale.paysystem.pay.payment` is available to it, i.e. whether `pay_system` is granted.
	 * n8n's declarative credential tests can only compare a response value with a constant, so
	 * HTTP errors are read as bodies (ignoreHttpStatusErrors) and matched by their Bitrix24 code;
	 * the first rule that matches is the message the user sees.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: 'batch',
			headers: { Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
			body: {
				halt: 0,
				cmd: {
					scope: 'scope',
					paySystem: 'method.get?name=sale.paysystem.pay.payment',
				},
			},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'NO_AUTH_FOUND',
					message:
						'Bitrix24 did not accept the webhook (NO_AUTH_FOUND): the user ID or secret code in the ' +
						'URL is wrong, or the webhook was deleted',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'ACCESS_DENIED',
					message:
						'Bitrix24 denied access (ACCESS_DENIED): the REST API needs a commercial plan, or the ' +
						"webhook's user lacks permissions",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: 'INVALID_REQUEST',
					message:
						'Bitrix24 requires HTTPS (INVALID_REQUEST): use the https:// address of the portal',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'result',
					value: undefined,
					message:
						'No Bitrix24 REST answer at this address: check the portal part of the Webhook URL',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'result.result.paySystem.isAvailable',
					value: false,
					message:
						'The webhook works but lacks the "Payment systems (pay_system)" permission: edit the ' +
						'webhook in Bitrix24, tick pay_system and save',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'result.result.scope',
					value: undefined,
					message: 'Bitrix24 answered, but not as a REST portal: check the Webhook URL',
				},
			},
		],
	};
}
