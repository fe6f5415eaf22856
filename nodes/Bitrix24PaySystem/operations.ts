import type { NodeApi } from '../shared/run';
import { OperationTable } from '../shared/operations';
import { handlerOperations } from './resources/handler';
import { paySystemOperations } from './resources/paySystem';
import { paymentOperations } from './resources/payment';
import { BitrixBatcher } from './transport/batch';
import { bitrixProfile } from './transport/profile';

/** The Bitrix24 PaySystem node's operations: one table, read by the node and by the tests (coverage
 * derives from it). */
export const api: NodeApi = {
	profile: bitrixProfile,
	table: new OperationTable([handlerOperations, paySystemOperations, paymentOperations]),
	// A run of several items sends its commands in `batch` calls of up to 50 (one hit on the
	// portal's limit each), unless "Send in Batches" is off.
	dispatch: (sender, settings) =>
		settings.sendInBatches === false ? undefined : new BitrixBatcher(sender),
};
