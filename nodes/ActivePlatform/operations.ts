import type { NodeApi } from '../shared/run';
import { OperationTable } from '../shared/operations';
import { paymentOperations } from './resources/payment';
import { activePlatformProfile } from './transport';

/** The ActivePlatform node's operations: one table, read by the node and by the tests (coverage derives from it). */
export const api: NodeApi = { profile: activePlatformProfile, table: new OperationTable([paymentOperations]) };
