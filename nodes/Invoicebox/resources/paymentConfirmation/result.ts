import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { asObject } from '../../../shared/json';
import type { ItemFunctions } from '../../../shared/operations';
import { locatorValue } from '../../values/request';

/**
 * Payment confirmation answers (validate, send-code, pay) come as 2xx whatever the outcome:
 * `result` says what happened (`success`, `wrongCode`, `limitReached`...). The item carries it
 * as fields a workflow can branch on (an IF or Switch on `result`, or on `success`), plus the
 * message Invoicebox wants shown to the payer when `type` is `message`.
 */
export async function confirmationResult(
	this: ItemFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const orderId = String(locatorValue(this, 'orderId')).trim().toLowerCase();
	return items.map((item) => {
		const data = asObject(item.json.data) ?? {};
		const resultData = asObject(data.resultData) ?? {};
		const result = typeof data.result === 'string' ? data.result : '';
		// "Treat Already Done as Success": an order an earlier run paid is a success, marked as such.
		const alreadyPaid =
			result === 'alreadyPaid' &&
			(this.getNodeParameter('treatAlreadyDoneAsSuccess', false) as boolean);
		const json: IDataObject = {
			orderId,
			result,
			type: typeof data.type === 'string' ? data.type : 'none',
			success: result === 'success' || result === 'available' || alreadyPaid,
		};
		if (alreadyPaid) json.alreadyDone = true;
		if (typeof data.resultNote === 'string') json.resultNote = data.resultNote;
		const message = asObject(resultData.message);
		if (message) json.message = message;
		if (resultData.publicCode !== undefined) json.publicCode = resultData.publicCode;
		if (resultData.leftAttempt !== undefined) json.leftAttempt = resultData.leftAttempt;
		json.resultData = resultData;
		return { json };
	});
}
