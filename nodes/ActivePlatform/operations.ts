import type { NodeApi } from '../shared/run';
import type { ApiProfile } from '../shared/profile';
import { OperationTable } from '../shared/operations';
import { paymentOperations } from './resources/payment';
import { connectActivePlatform, CREDENTIAL_TYPE, MEDIA_TYPE } from './transport/connection';
import { interpretActivePlatform } from './transport/interpret';

/** ActivePlatform as the shared sender sees it. */
export const activePlatformProfile: ApiProfile = {
	api: 'ActivePlatform',
	credentialType: CREDENTIAL_TYPE,
	// Both are documented as required on every method, GET and DELETE included.
	headers: { Accept: MEDIA_TYPE, 'Content-Type': MEDIA_TYPE },
	connect: connectActivePlatform,
	interpret: interpretActivePlatform,
};

/** The ActivePlatform node's operations: one table, read by the node and by the tests (coverage derives from it). */
export const api: NodeApi = {
	profile: activePlatformProfile,
	table: new OperationTable([paymentOperations]),
};
