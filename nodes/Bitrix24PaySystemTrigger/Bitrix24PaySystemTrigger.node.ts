import { timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchHandlerCodes } from '../Bitrix24PaySystem/methods/listSearch';
import { handlerCodeLocator } from '../Bitrix24PaySystem/resources/locators';
import { pointHandlerMethods } from './pointHandler';
import {
	describePaymentRequest,
	MAX_BODY_BYTES,
	nestFlat,
	parsePhpForm,
	RequestTooLarge,
} from './checkoutRequest';

function sameSecret(given: unknown, expected: string): boolean {
	const a = Buffer.from(typeof given === 'string' ? given : '');
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export class Bitrix24PaySystemTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 PaySystem Trigger',
		name: 'bitrix24PaySystemTrigger',
		icon: {
			light: 'file:../Bitrix24PaySystem/bitrix24.svg',
			dark: 'file:../Bitrix24PaySystem/bitrix24.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["responseMode"] === "responseNode" ? "answers with Respond to Webhook" : ' +
			'"answers with the last node"}}',
		description:
			'Starts the workflow when a Bitrix24 portal hands a payment to your REST payment handler (its Action URI)',
		defaults: { name: 'Bitrix24 PaySystem Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24WebhookApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["responseMode"]}}',
				path: 'payment',
			},
			{
				name: 'setup',
				httpMethod: 'GET',
				responseMode: '={{$parameter["responseMode"]}}',
				path: 'payment',
			},
		],
		properties: [
			{
				displayName:
					'Use the Production URL below as the Action URI of your Bitrix24 REST payment handler ' +
					'(Bitrix24 PaySystem → Handler → Create or Update), or turn on Point Handler Here. In ' +
					'Checkout mode the portal reads only an HTTP 200 answer with JSON {"PAYMENT_URL": ..., ' +
					'"PAYMENT_ID": ...} (both non-empty) or {"PAYMENT_ERRORS": [...]} (a list): end the ' +
					'workflow with a node that outputs it (for example Edit Fields).',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				// n8n's Respond to Webhook node answers, since its version 1.1, only for n8n's own
				// Webhook, Form, Chat and Wait nodes: after this trigger only its version 1 works (as in
				// the example workflows). So the default is to answer with the last node's JSON.
				default: 'lastNode',
				options: [
					{
						name: "Using 'Respond to Webhook' Node",
						value: 'responseNode',
						description:
							'A Respond to Webhook node answers the portal. Use its version 1 (copy it from the example ' +
							"workflow): later versions only answer for n8n's own Webhook node.",
					},
					{
						name: 'When Last Node Finishes',
						value: 'lastNode',
						description:
							'The JSON of the first item of the last node is the answer (PAYMENT_URL and PAYMENT_ID, or PAYMENT_ERRORS)',
					},
				],
			},
			{
				displayName: 'Handler Mode',
				name: 'handlerMode',
				type: 'options',
				default: 'checkout',
				description:
					'How the handler whose Action URI is this trigger hands the payment over (the section of ' +
					'its settings that holds the Action URI)',
				options: [
					{
						name: 'Checkout',
						value: 'checkout',
						description:
							"CHECKOUT_DATA: the portal's server posts the handler's fields and shows the buyer the " +
							'answer (pay button, or the PAYMENT_ERRORS)',
					},
					{
						name: 'Form',
						value: 'form',
						description:
							"FORM_DATA: the buyer's browser submits (or is redirected with) the handler's fields, " +
							'which the portal writes into the payment page',
					},
				],
			},
			{
				displayName: 'Verification Field',
				name: 'verificationField',
				type: 'string',
				default: '',
				placeholder: 'secret',
				description:
					"Name of a handler field whose value must equal the credential's Handler Secret; other " +
					'calls are refused (PAYMENT_ERRORS) and do not start the workflow. Leave empty to accept ' +
					'every call. The value is public in Form mode, and in Checkout mode when the handler has ' +
					"fields the buyer fills in: the portal then writes every field into the buyer's payment " +
					'page.',
			},
			{
				displayName:
					'Form mode makes the Verification Field public: the portal writes every handler field, ' +
					"this one's value included, into the buyer's payment page (hidden inputs or the redirect " +
					'URL), so anyone who opens a payment page can read it and call this URL. It only keeps out ' +
					'callers who never saw a payment page. Check the payment itself in the workflow (that it ' +
					'exists, is unpaid and has this sum) before acting on it.',
				name: 'formVerificationNotice',
				type: 'notice',
				default: '',
				displayOptions: {
					show: { handlerMode: ['form'], verificationField: [{ _cnd: { exists: true } }] },
				},
			},
			{
				displayName: 'Point Handler Here',
				name: 'pointHandler',
				type: 'boolean',
				default: false,
				description:
					"Whether to set the handler's Action URI to this trigger's URL when the workflow is " +
					'activated (and put the old one back when it is deactivated)',
			},
			{
				...handlerCodeLocator(
					'The REST handler to point at this trigger: pick it, or give its code (CODE). A ' +
						'handler in IFrame mode is refused: the portal never calls it.',
				),
				displayOptions: { show: { pointHandler: [true] } },
			},
		],
	};

	methods = { listSearch: { searchHandlerCodes } };

	webhookMethods = pointHandlerMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const raw = (request as unknown as { rawBody?: Buffer }).rawBody;
		const contentType = String(this.getHeaderData()['content-type'] ?? '');
		/**
		 * Every refusal is HTTP 200 with PAYMENT_ERRORS, and starts nothing. A Checkout call comes
		 * from the portal's server (Bitrix\Sale\Helpers\Rest\Http::sendRequest), which decodes
		 * the body of a 200 only: on any other status the buyer sees the portal's generic "data
		 * missing" error instead of the reason. A Form-mode call comes from the buyer's browser,
		 * which shows the body whatever the status, so 200 costs nothing there; and a body refused
		 * unread (too large) cannot tell which of the two sent it.
		 */
		const refuse = (message: string): IWebhookResponseData => {
			this.getResponseObject()
				.status(200)
				.json({ PAYMENT_ERRORS: [message] });
			return { noWebhookResponse: true };
		};
		if (raw && raw.length > MAX_BODY_BYTES) return refuse('The payment request is too large');
		let body: IDataObject;
		try {
			if (this.getWebhookName() === 'setup') {
				body = nestFlat(this.getQueryData() as IDataObject);
			} else if (raw?.length && contentType.includes('application/x-www-form-urlencoded')) {
				body = parsePhpForm(raw.toString('utf8'));
			} else {
				body = nestFlat(this.getBodyData());
			}
		} catch (error) {
			if (error instanceof RequestTooLarge) return refuse('The payment request is too large');
			return refuse('The payment request could not be read');
		}
		const secretField = (this.getNodeParameter('verificationField', '') as string).trim();
		if (secretField) {
			const credentials = await this.getCredentials('bitrix24WebhookApi');
			const expected = String(credentials.handlerSecret ?? '');
			if (!expected || !sameSecret(body[secretField], expected))
				return refuse('The payment request could not be verified');
		}

		const payment = describePaymentRequest(body, secretField || undefined);
		return {
			workflowData: [
				[
					{
						json: {
							...payment,
							receivedAt: new Date().toISOString(),
						} as unknown as IDataObject,
					},
				],
			],
		};
	}
}
