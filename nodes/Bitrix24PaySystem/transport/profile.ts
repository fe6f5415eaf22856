import type { ApiProfile } from '../../shared/profile';
import { connectBitrix } from './connection';
import { interpretBitrix } from './interpret';

/** The Bitrix24 side of the shared sender: webhook address, limits, answers. */
export const bitrixProfile: ApiProfile = {
	api: 'Bitrix24',
	credentialType: 'bitrix24WebhookApi',
	headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	connect: connectBitrix,
	interpret: interpretBitrix,
};
