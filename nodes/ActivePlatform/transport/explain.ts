import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiFailure } from '../../shared/errors';
import { asObject } from '../../shared/json';
import type { Explanation, OperationSpec } from '../../shared/operations';
import { capitalize, STATUS_WORDS, statusHint } from './errors';
import { text } from './interpret';
import type { RequestTarget } from './requests';
import { byNumberRead, paymentLabel, paymentsPath, targetOf } from './requests';

/** The payment resource in a single-payment or list answer that matches the target. */
function paymentIn(response: IN8nHttpFullResponse, target: RequestTarget): IDataObject | undefined {
	const data = asObject(response.body)?.data;
	const candidates = (Array.isArray(data) ? data : [data])
		.map(asObject)
		.filter(Boolean) as IDataObject[];
	return candidates.find((p) => {
		const attributes = asObject(p.attributes);
		if (target.paymentId !== undefined) return String(p.id) === target.paymentId;
		// A list filter this installation ignores must not lend another payment's status.
		return attributes !== undefined && String(attributes.document_id) === target.documentId;
	});
}

/**
 * For a refused complete, pay-from-balance or cancel: read the payment and say what its status
 * is now. By ID with Get; by document number with Get Many filtered on the number (the filter
 * is not documented, so the answer is used only if it holds that very number).
 */
export function explainActivePlatform(
	failure: ApiFailure,
	request: IHttpRequestOptions,
	operation: string,
): Explanation | undefined {
	const target = targetOf(request, operation);
	const statusRefusal =
		failure.code === 'PAYMENT_NOT_COMPLETABLE' ||
		failure.code === 'PAYMENT_NOT_CANCELLABLE' ||
		(failure.status === 422 && target.kind === 'completeFromBalance');
	if (!statusRefusal || target.resellerId === undefined || !/^[0-9]+$/.test(target.resellerId))
		return undefined;
	const resellerId = Number(target.resellerId);
	let read: IHttpRequestOptions;
	if (target.paymentId !== undefined) {
		read = { method: 'GET', url: paymentsPath(resellerId, target.paymentId) };
	} else if (target.documentId !== undefined) {
		read = byNumberRead(resellerId, target.documentId);
	} else return undefined;
	const action =
		target.kind === 'cancel'
			? 'cancel'
			: target.kind === 'completeFromBalance'
				? 'pay'
				: 'complete';
	return {
		request: read,
		apply(original, response) {
			const payment = paymentIn(response, target);
			const status = text(asObject(payment?.attributes)?.status);
			if (!payment || !status) return original;
			const words = STATUS_WORDS[status] ?? status;
			const label = capitalize(paymentLabel(target));
			const message =
				original.code === 'PAYMENT_NOT_COMPLETABLE'
					? `${label} cannot be completed: its status is "${words}", and only payments with status "waiting for ` +
						`payment" or "expired" can be completed`
					: original.code === 'PAYMENT_NOT_CANCELLABLE'
						? `${label} cannot be cancelled: its status is "${words}", and only payments waiting for payment and not ` +
							`linked to a postpaid invoice can be cancelled`
						: `${label} cannot be paid from balance (its status is "${words}")`;
			return {
				...original,
				message,
				// The documented refusals are fully explained by the status; the others keep their rules.
				hint: original.code.startsWith('PAYMENT_NOT_')
					? statusHint(status, action)
					: `${statusHint(status, action)} ${original.hint}`,
				extra: { paymentId: String(payment.id), currentStatus: status },
			};
		},
	};
}

/** The explaining read of a refused change: the payment's current status. */
export const explain: OperationSpec['explain'] = function (this: OperationSpec, failure, request) {
	return explainActivePlatform(failure, request, this.value);
};
