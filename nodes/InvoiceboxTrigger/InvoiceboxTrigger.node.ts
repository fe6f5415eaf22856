import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	forgetDeliveriesInProcess,
	rememberDelivery,
	rememberDeliveryInProcess,
} from './deliveries';
import {
	classify,
	deliveryKey,
	describeNotification,
	isHealthCheck,
	notificationError,
	parseNotification,
	paymentMoment,
	staleAfterMs,
	SUCCESS,
} from './notification';
import { DEFAULT_MAX_BODY_KB, DEFAULT_WINDOW_HOURS, properties } from './properties';
import type { SignatureAlgorithm } from './signature';
import { signatureMatches } from './signature';

/** The notification key from the credential; an empty key stops the trigger with a clear error. */
async function notificationKey(ctx: IHookFunctions | IWebhookFunctions): Promise<string> {
	const credentials = await ctx.getCredentials('invoiceboxApi');
	const key =
		typeof credentials.notificationSecretKey === 'string' ? credentials.notificationSecretKey : '';
	if (!key) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The Invoicebox API credential has no Notification Key',
			{
				description:
					"The trigger checks every notification's X-Signature with this key. Copy the key " +
					"for checking the request signature from the shop's integration settings in the " +
					"Invoicebox cabinet into the credential's Notification Key field.",
			},
		);
	}
	return key;
}

/** The trigger's key in the in-process delivery log: its workflow and node. */
const triggerId = (ctx: IHookFunctions | IWebhookFunctions) =>
	`${ctx.getWorkflow().id}:${ctx.getNode().id}`;

/**
 * Answers Invoicebox directly and starts nothing. Refusals are answered with HTTP 200 and the
 * documented NotificationError body, as docs/merchant/notification/status.md asks ("the HTTP
 * code must be 200 in both cases"): Invoicebox reads the code and shows it in the shop's
 * notification log, and retries only `out_of_service`. So a forged call (not from Invoicebox:
 * nobody retries it) learns nothing but "signature_error", and a genuine notification refused for
 * a wrong key is not hammered again and again; fix the key and look the order up (Invoicebox node
 * → Order → Get) for what was missed. Only faults that a retry can cure (a body too large for
 * the limit set here) get a non-200 status, so that Invoicebox tries again later.
 */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

export class InvoiceboxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Invoicebox Trigger',
		name: 'invoiceboxTrigger',
		icon: {
			light: 'file:../Invoicebox/invoicebox.svg',
			dark: 'file:../Invoicebox/invoicebox.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"on " + ($parameter["statuses"] || []).join(", ")}}',
		description:
			'Starts the workflow when Invoicebox notifies that an order was paid, canceled, expired or refunded',
		defaults: { name: 'Invoicebox Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'invoiceboxApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["responseMode"]}}',
				path: 'notification',
			},
		],
		properties,
	};

	/**
	 * Invoicebox has no API through which a shop's notification URL could be set or read, so the
	 * lifecycle does nothing remote: it checks that the credential has a notification key (an
	 * empty key stops the activation with a clear error) and keeps the trigger's delivery log in
	 * the workflow's static data. The log outlives a deactivation on purpose: Invoicebox's retries
	 * of a notification already handled are still recognised after the workflow is switched back
	 * on. The in-process log of deliveries arriving at the same moment is dropped on activation
	 * and deactivation: it belongs to one activation.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await notificationKey(this);
				const staticData = this.getWorkflowStaticData('node');
				return (
					staticData.webhookUrl === this.getNodeWebhookUrl('default') &&
					typeof staticData.deliveries === 'object'
				);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await notificationKey(this);
				const staticData = this.getWorkflowStaticData('node');
				staticData.webhookUrl = this.getNodeWebhookUrl('default');
				staticData.activatedAt = new Date().toISOString();
				if (!staticData.deliveries || typeof staticData.deliveries !== 'object')
					staticData.deliveries = {};
				forgetDeliveriesInProcess(triggerId(this));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				delete staticData.webhookUrl;
				delete staticData.activatedAt;
				forgetDeliveriesInProcess(triggerId(this));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const headers = this.getHeaderData() as IDataObject;

		// Notifications are a few kilobytes; a huge body is refused before it is hashed or parsed.
		const maxBytes = Math.round(Number(options.maxBodySizeKb || DEFAULT_MAX_BODY_KB) * 1024);
		const rawBody = (this.getRequestObject() as unknown as { rawBody?: Buffer }).rawBody;
		const declared = Number(headers['content-length']);
		if (
			(rawBody && rawBody.length > maxBytes) ||
			(Number.isFinite(declared) && declared > maxBytes)
		) {
			return answer(
				this,
				413,
				notificationError('out_of_service', `The notification is larger than ${maxBytes} bytes`),
			);
		}

		const key = await notificationKey(this);
		// The signature is over the bytes Invoicebox sent: they are never re-serialised.
		let raw = rawBody;
		if (raw === undefined) {
			if (Object.keys(this.getBodyData() ?? {}).length) {
				throw new NodeOperationError(
					this.getNode(),
					'n8n passed no raw request body: the signature cannot be checked',
				);
			}
			raw = Buffer.alloc(0);
		}
		const algorithm = (options.algorithm || 'sha1') as SignatureAlgorithm;
		if (!signatureMatches(raw, key, headers['x-signature'], algorithm)) {
			return answer(
				this,
				200,
				notificationError(
					'signature_error',
					'The X-Signature header is missing or does not match the notification key',
				),
			);
		}

		const body = parseNotification(raw);
		if (!body)
			return answer(
				this,
				400,
				notificationError('out_of_service', 'The notification is not a JSON object'),
			);

		const merchantId = String(options.merchantId ?? '')
			.trim()
			.toLowerCase();
		if (merchantId && String(body.merchantId ?? '').toLowerCase() !== merchantId) {
			return answer(
				this,
				200,
				notificationError('order_not_found', 'The notification is for another shop'),
			);
		}

		const receivedAt = new Date().toISOString();
		const responseMode = this.getNodeParameter('responseMode', 'onReceived') as string;
		/**
		 * Starts the workflow. In immediate mode the trigger writes the success answer itself and
		 * says so (noWebhookResponse) instead of returning it as webhookResponse, because n8n 2.41
		 * (seen in a real n8n, scripts/scenario.js) then (1) answers a started workflow with the
		 * webhook's `responseData` default, the text "firstEntryJson", not with webhookResponse,
		 * which Invoicebox counts as an error and retries; and (2) saves the static data (the
		 * delivery log) only when the answer is given before the run starts: answered after, the
		 * log was never saved and every repeat started the workflow again.
		 */
		const emit = (item: IDataObject): IWebhookResponseData => {
			if (responseMode === 'responseNode') return { workflowData: [[{ json: item }]] };
			this.getResponseObject().status(200).json(SUCCESS);
			return { noWebhookResponse: true, workflowData: [[{ json: item }]] };
		};

		// Invoicebox's monitoring: verified above (signature, shop); started only on request.
		if (isHealthCheck(body)) {
			if (!options.emitHealthChecks) return answer(this, 200, SUCCESS);
			return emit({
				...describeNotification(body),
				deliveryKey: deliveryKey(body),
				isDuplicate: false,
				isHealthCheck: true,
				receivedAt,
				raw: body,
			});
		}

		const statuses = this.getNodeParameter('statuses', ['paid']) as string[];
		if (!statuses.includes('*') && !statuses.includes(classify(body).event))
			return answer(this, 200, SUCCESS);

		const windowMs = Number(options.duplicateWindowHours || DEFAULT_WINDOW_HOURS) * 3_600_000;
		const delivery = deliveryKey(body);
		const now = Date.now();
		// A payment older than the window: a replayed copy (see paymentMoment), not Invoicebox.
		// Answered success (whoever sent it learns nothing), started nowhere, logged without the
		// body (customer data) or the signature.
		const paidAt = paymentMoment(body);
		if (paidAt !== undefined && now - paidAt > staleAfterMs(windowMs)) {
			this.logger.warn(
				`Invoicebox Trigger: a notification about a payment made ` +
					`${Math.floor((now - paidAt) / 3_600_000)} hours ago was refused as a replayed ` +
					`copy (older than ${staleAfterMs(windowMs) / 3_600_000} hours); answered success, ` +
					`the workflow was not started`,
				{
					workflowId: this.getWorkflow().id,
					node: this.getNode().name,
					deliveryKey: delivery,
					paidAt: String(body.paidAt),
				},
			);
			return answer(this, 200, SUCCESS);
		}
		// Dated ahead of our clock (the sender's clock is ahead): remembered until then, at most
		// one window ahead, so that the log and the check above leave no gap between them.
		const at = paidAt === undefined ? now : Math.min(Math.max(now, paidAt), now + windowMs);

		const staticData = this.getWorkflowStaticData('node');
		const log = (
			staticData.deliveries && typeof staticData.deliveries === 'object'
				? staticData.deliveries
				: {}
		) as IDataObject;
		const seenBefore = rememberDelivery(log, delivery, now, windowMs, at);
		// Deliveries at the same moment: the other one is not in this call's copy of the log yet.
		const activation = staticData.activatedAt ? String(staticData.activatedAt) : '';
		const seenInProcess = activation
			? rememberDeliveryInProcess(triggerId(this), activation, delivery, now, windowMs, at)
			: false;
		const isDuplicate = seenBefore || seenInProcess;
		// Assigned again so that n8n sees the static data changed and saves it after the call
		// (it watches assignments; a nested object made during this call is not watched).
		staticData.deliveries = log;
		// Answered success already (immediate mode): Invoicebox repeats it only when our answer got
		// lost, so the repeat is answered success again and starts nothing, as the docs ask.
		if (isDuplicate && responseMode !== 'responseNode' && !options.emitDuplicates)
			return answer(this, 200, SUCCESS);

		return emit({
			...describeNotification(body),
			deliveryKey: delivery,
			isDuplicate,
			isHealthCheck: false,
			receivedAt,
			raw: body,
		});
	}
}
