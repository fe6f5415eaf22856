import type { IHttpRequestOptions } from 'n8n-workflow';

import { asObject } from '../../../shared/json';
import type { Guard } from '../../../shared/operations';
import { rowsOf } from '../../transport/output';

/**
 * Handler → Update with a new Code. Bitrix24 changes only the handler's row
 * (RestService::updateHandler, modules/sale/lib/paysystem/restservice.php): pay systems keep the
 * old code in ACTION_FILE, and from then on REST can neither read, change nor move them
 * (hasAccessToPaySystem needs ACTION_FILE to be a REST handler's code), and buyers can no longer
 * pay through them. Moving them first is impossible too (the new code does not exist yet). So
 * before anything is sent the node reads the handlers and the pay systems once for the run and
 * refuses each item whose new Code would leave pay systems behind, naming them; a handler no pay
 * system uses is renamed as asked.
 */

const MOVE_HINT =
	"Bitrix24 changes only the handler's Code: its pay systems keep the old one and lose their " +
	'handler (REST can then no longer read, change or move them, and buyers cannot pay through ' +
	'them). To rename it: create a handler with the new Code (Handler → Create), switch each ' +
	'pay system to it (Pay System → Update, Handler Code), then delete this handler (Handler → ' +
	'Delete).';

interface CodeChange {
	handlerId: number;
	code: string;
}

function codeChangeOf(request: IHttpRequestOptions): CodeChange | undefined {
	const body = asObject(request.body);
	const code = asObject(body?.FIELDS)?.CODE;
	return typeof code === 'string' ? { handlerId: Number(body?.ID), code } : undefined;
}

/** The guard of Handler → Update: each code change that would leave pay systems behind is refused. */
export const refuseOrphaningCodeChange: Guard = async (read, requests) => {
	const changes = requests.map(codeChangeOf);
	if (!changes.some(Boolean)) return [];
	const [handlerList, paySystemList] = await Promise.all([
		read({ method: 'POST', url: 'sale.paysystem.handler.list', body: {} }),
		// Filtered here, not by the portal: older releases ignore an upper-case FILTER.
		read({
			method: 'POST',
			url: 'sale.paysystem.list',
			body: { SELECT: ['ID', 'NAME', 'ACTION_FILE'] },
		}),
	]);
	const handlers = rowsOf(handlerList);
	const paySystems = rowsOf(paySystemList);
	return changes.map((change) => {
		const handler = change && handlers.find((h) => Number(h.ID) === change.handlerId);
		// A missing handler: the update itself fails with ERROR_HANDLER_NOT_FOUND.
		if (!change || !handler || handler.CODE === change.code) return undefined;
		const users = paySystems.filter((p) => p.ACTION_FILE === handler.CODE);
		if (!users.length) return undefined;
		const names = users.map((p) => `${String(p.ID)} "${String(p.NAME)}"`).join(', ');
		const one = users.length === 1;
		return {
			field: 'Update Fields → Code',
			problem:
				`not changed from "${String(handler.CODE)}": ` +
				`${one ? 'pay system' : 'pay systems'} ${names} use${one ? 's' : ''} this handler`,
			hint: MOVE_HINT,
		};
	});
};
