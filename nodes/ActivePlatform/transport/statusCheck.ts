import type {
	IDataObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asObject } from '../../shared/json';
import type { AlreadyDone, ItemFunctions } from '../../shared/operations';
import { STATUS_WORDS } from './errors';
import { PAID, refusedAsDone } from './alreadyDone';
import { byNumberRead, targetOf } from './requests';

/**
 * Complete by Document Number and the payment's status. ActivePlatform does not refuse it on a
 * closed payment: for a payment in Pending billing, Completed, Paid from balance or Cancelled it
 * keeps the status and records the paid amount again as a correction
 * (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/zavershenie-plateyoa-po-nomeru).
 * So by default the node reads the payment by its number first and sends the POST only for a
 * payment waiting for payment or expired.
 *
 * The read is the payment list filtered on `filter[document_id]`, which no documentation names
 * (only the date filters are documented): every row is checked against the number, and when
 * the answer holds other payments but not this one (an installation that ignores the filter),
 * the item fails clearly instead of guessing.
 */

/** How the status is checked: the values of the field "Check Status First". */
export type CheckMode = 'check' | 'alreadyDone' | 'none';

/**
 * The field keeps the parameter name `treatAlreadyDoneAsSuccess` that saved workflows use: its
 * old values `true` (Treat Already Done as Success) and `false` keep their meaning, and its
 * default (absent from saved workflows) is now the check. The shared runner reads any truthy
 * value of this parameter as "run the operation's check before the write".
 */
export const CHECK_FIELD = 'treatAlreadyDoneAsSuccess';

export function checkModeOf(value: NodeParameterValueType | object): CheckMode {
	if (value === true || value === 'true') return 'alreadyDone';
	if (value === false || value === 'false') return 'none';
	return 'check';
}

/** What one item asked for: its number and transaction (from its request) and the field. */
interface Intent {
	node: INode;
	itemIndex: number;
	mode: CheckMode;
	documentId: string;
	externalTransactionId?: string;
}

function intentOf(request: IHttpRequestOptions, item: ItemFunctions): Intent | undefined {
	const { documentId } = targetOf(request, 'completeByDocument');
	if (documentId === undefined) return undefined;
	const values = asObject(asObject(asObject(request.body)?.data)?.attributes);
	const transaction = values?.external_transaction_id;
	return {
		node: item.getNode(),
		itemIndex: item.getItemIndex(),
		mode: checkModeOf(item.getNodeParameter(CHECK_FIELD, 'check') as NodeParameterValueType),
		documentId,
		externalTransactionId: typeof transaction === 'string' ? transaction : undefined,
	};
}

/** The rows of a list answer that carry exactly this number (leading zeros count). */
export function rowsWithNumber(response: IN8nHttpFullResponse, documentId: string) {
	const rows = asObject(response.body)?.data;
	const list = Array.isArray(rows) ? (rows.map(asObject).filter(Boolean) as IDataObject[]) : [];
	// A number sent back as a JSON number still compares by its digits.
	const matching = list.filter((p) => String(asObject(p.attributes)?.document_id) === documentId);
	return { rows: list, matching };
}

const OPEN = ['waiting_for_payment', 'expired'];
const paidRefusal = refusedAsDone('completeByDocument');

function refuse(intent: Intent, code: string, message: string, hint: string): never {
	const error = new NodeOperationError(intent.node, message, {
		itemIndex: intent.itemIndex,
		description: `Nothing was sent to complete it. ${hint}`,
	});
	error.context.apiCode = code;
	throw error;
}

const NO_CHECK_HINT =
	'If the money really came in a second time, set "Check Status First" to "Don\'t Check": ActivePlatform then ' +
	'records the amount as a correction.';

/** The decision for the payment found by number: undefined = send the POST; a body = already done. */
function decide(intent: Intent, payment: IDataObject): IDataObject | undefined {
	const attributes = asObject(payment.attributes) ?? {};
	const status = String(attributes.status ?? '');
	const stored = attributes.external_transaction_id;
	const label = `The payment with document number ${intent.documentId}`;
	// The same transaction was recorded by an earlier run, or by a notification delivered twice.
	if (intent.externalTransactionId !== undefined && stored === intent.externalTransactionId) {
		return { data: payment };
	}
	if (OPEN.includes(status)) return undefined;
	const words = STATUS_WORDS[status] ?? status;
	if (PAID.includes(status)) {
		const otherTransaction =
			intent.externalTransactionId !== undefined && typeof stored === 'string' && stored !== '';
		if (intent.mode === 'alreadyDone' && !otherTransaction) return { data: payment };
		refuse(
			intent,
			'PAYMENT_NOT_COMPLETABLE',
			`${label} is already paid (its status is "${words}")`,
			otherTransaction
				? `It was paid by another transaction (${String(stored)}). ${NO_CHECK_HINT}`
				: `It may have been completed by an earlier run or by someone else. Set "Check Status First" to return ` +
						`such payments as already done, or: ${NO_CHECK_HINT}`,
		);
	}
	refuse(
		intent,
		'PAYMENT_NOT_COMPLETABLE',
		`${label} cannot be completed: its status is "${words}", and only payments waiting for payment or expired can be`,
		status === 'cancelled' || status === 'pending_billing'
			? `ActivePlatform would keep the status and record the amount as a correction. ${NO_CHECK_HINT}`
			: 'Check the payment with Payment → Get and try again once it is waiting for payment.',
	);
}

/**
 * The check before the POST (every mode but "Don't Check"), and the refusal rule that lets a
 * 422 on an already paid payment stand for success under "return as already done".
 */
export const completedByDocument: AlreadyDone = {
	check(request, item) {
		const intent = intentOf(request, item);
		const target = targetOf(request, 'completeByDocument');
		if (!intent || intent.mode === 'none' || target.resellerId === undefined) return undefined;
		return {
			request: byNumberRead(Number(target.resellerId), intent.documentId),
			body(response) {
				const { rows, matching } = rowsWithNumber(response, intent.documentId);
				if (matching.length === 1) return decide(intent, matching[0]);
				if (matching.length > 1) {
					refuse(
						intent,
						'DOCUMENT_NUMBER_NOT_UNIQUE',
						`${matching.length} payments have the document number ${intent.documentId}`,
						'Complete the right one by its ID (Payment → Complete).',
					);
				}
				// No payment with this number: the POST gets ActivePlatform's own 404.
				if (rows.length === 0) return undefined;
				refuse(
					intent,
					'STATUS_CHECK_UNAVAILABLE',
					`The status of the payment with document number ${intent.documentId} could not be checked`,
					'This ActivePlatform installation ignores the document-number filter (filter[document_id] is not ' +
						'documented): the list it returned holds other payments. Complete the payment by its ID (Payment → ' +
						'Complete), or set "Check Status First" to "Don\'t Check" if a paid payment may get the amount recorded ' +
						'again.',
				);
			},
		};
	},
	refusal(failure, request, item) {
		return intentOf(request, item)?.mode === 'alreadyDone'
			? paidRefusal(failure, request, item)
			: undefined;
	},
};
