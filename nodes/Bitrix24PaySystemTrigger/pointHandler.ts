import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { activeModeKey } from '../Bitrix24PaySystem/resources/handler/settings/build';
import { bitrixProfile } from '../Bitrix24PaySystem/transport/profile';
import { sendRequest } from '../shared/sender';

/**
 * "Point Handler Here": activating the workflow sets the handler's Action URI to the trigger's
 * URL, deactivating puts the previous one back. The handler's whole SETTINGS is written back with
 * the changed ACTION_URI, since sale.paysystem.handler.update replaces SETTINGS as a whole.
 */

interface HandlerRow extends IDataObject {
	ID: string;
	CODE: string;
	SETTINGS: IDataObject;
}

/** Handler Code: a locator's value, or the plain code of a workflow saved before it was one. */
function handlerCodeOf(ctx: IHookFunctions): string {
	return String(ctx.getNodeParameter('handlerCode', '', { extractValue: true })).trim();
}

async function findHandler(ctx: IHookFunctions, code: string): Promise<HandlerRow> {
	const body = await sendRequest(
		ctx,
		bitrixProfile,
		{ method: 'POST', url: 'sale.paysystem.handler.list', body: {} },
		'read',
	);
	const handler = ((body.result ?? []) as HandlerRow[]).find((h) => h.CODE === code);
	if (!handler) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Handler Code: no handler "${code}" on the portal`,
			{
				description:
					'Create the handler first (Bitrix24 PaySystem → Handler → Create), or fix the code.',
			},
		);
	}
	return handler;
}

/** The mode section of a handler's settings the portal uses (its own order: IFrame, Checkout, Form). */
function modeKey(settings: IDataObject): string | undefined {
	return activeModeKey(settings);
}

async function pointHandler(ctx: IHookFunctions, handler: HandlerRow, uri: string) {
	const key = modeKey(handler.SETTINGS) as string;
	const settings = {
		...handler.SETTINGS,
		[key]: { ...(handler.SETTINGS[key] as IDataObject), ACTION_URI: uri },
	};
	await sendRequest(
		ctx,
		bitrixProfile,
		{
			method: 'POST',
			url: 'sale.paysystem.handler.update',
			body: { ID: Number(handler.ID), FIELDS: { SETTINGS: settings } },
		},
		'write',
	);
}

export const pointHandlerMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			// Without Point Handler Here, the user pastes the URL into the handler: nothing to register.
			if (!(this.getNodeParameter('pointHandler', false) as boolean)) return true;
			const handler = await findHandler(this, handlerCodeOf(this));
			const key = modeKey(handler.SETTINGS);
			return Boolean(
				key &&
					(handler.SETTINGS[key] as IDataObject).ACTION_URI === this.getNodeWebhookUrl('default'),
			);
		},
		async create(this: IHookFunctions): Promise<boolean> {
			if (!(this.getNodeParameter('pointHandler', false) as boolean)) return true;
			const handler = await findHandler(this, handlerCodeOf(this));
			const key = modeKey(handler.SETTINGS);
			if (!key) {
				throw new NodeOperationError(
					this.getNode(),
					'Handler Code: the handler has no Checkout, Form or IFrame settings',
				);
			}
			if (key === 'IFRAME_DATA') {
				// In IFrame mode the buyer's browser shows the Action URI in a frame and talks to it
				// with postMessage (RestHandler::getIframeTemplate): nothing is ever posted to it.
				throw new NodeOperationError(
					this.getNode(),
					'Handler Code: the handler is in IFrame mode, which never calls a trigger',
					{
						description:
							'In IFrame mode Bitrix24 shows the Action URI to the buyer in a frame instead of sending ' +
							'it the payment. Use a handler in Checkout or Form mode (Bitrix24 uses IFrame whenever the ' +
							"handler's IFRAME_DATA is set).",
					},
				);
			}
			const staticData = this.getWorkflowStaticData('node');
			staticData.previousActionUri = (handler.SETTINGS[key] as IDataObject).ACTION_URI as string;
			staticData.handlerCode = handler.CODE;
			await pointHandler(this, handler, this.getNodeWebhookUrl('default') as string);
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			const staticData = this.getWorkflowStaticData('node');
			if (!staticData.handlerCode) return true;
			const handler = await findHandler(this, staticData.handlerCode as string);
			const key = modeKey(handler.SETTINGS);
			// Only put the old address back if the handler still points here.
			if (
				key &&
				(handler.SETTINGS[key] as IDataObject).ACTION_URI === this.getNodeWebhookUrl('default')
			) {
				await pointHandler(this, handler, String(staticData.previousActionUri ?? ''));
			}
			delete staticData.handlerCode;
			delete staticData.previousActionUri;
			return true;
		},
	},
};
