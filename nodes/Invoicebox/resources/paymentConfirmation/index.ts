import { resourceOperations } from '../../../shared/operations';
import * as pay from './pay.operation';
import * as sendCode from './sendCode.operation';
import * as validate from './validate.operation';

/**
 * Payment Confirmation: the guarantee flow (https://docs.invoicebox.ru/docs/merchant/guarantee/).
 * The shop confirms an order's payment itself with an instrument such as a guarantee fund:
 * Validate → Send Code → the payer types the code → Pay. Every outcome is a 2xx answer whose
 * `result` says what happened; the node passes it on as fields to branch on, not as an error.
 */

const operations = [pay, sendCode, validate];

export const paymentConfirmationOperations = resourceOperations(
	'paymentConfirmation',
	'validate',
	operations.map((o) => o.spec),
);

export const paymentConfirmationFields = operations.flatMap((o) => o.fields);
