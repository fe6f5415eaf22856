import type { AlreadyDone } from '../../shared/operations';
import { asObject } from '../../shared/json';
import { paymentsPath, targetOf } from './requests';

/** Statuses of a paid payment: completed by a payment method, or paid from the account balance. */
export const PAID = ['completed', 'paid_from_balance'];

/**
 * "Treat Already Done as Success" for Complete, Complete From Balance and Cancel. ActivePlatform
 * refuses them (422) when the payment is past that point; the explaining read says its status:
 * paid (or cancelled, for Cancel) means an earlier run did it, and the payment read back stands
 * for the answer. Complete by Document Number under "return as already done" uses the same rule
 * for its 422 (statusCheck.ts).
 */
export function refusedAsDone(
	operation: 'complete' | 'completeByDocument' | 'completeFromBalance' | 'cancel',
): NonNullable<AlreadyDone['refusal']> {
	return (failure, request) => {
		const target = targetOf(request, operation);
		const status = String(failure.extra?.currentStatus ?? '');
		const paymentId = failure.extra?.paymentId;
		const done = operation === 'cancel' ? status === 'cancelled' : PAID.includes(status);
		if (!done || paymentId === undefined || target.resellerId === undefined) return undefined;
		return {
			request: { method: 'GET', url: paymentsPath(Number(target.resellerId), String(paymentId)) },
			body: (response) => asObject(response.body),
		};
	};
}
