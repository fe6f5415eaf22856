import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { asObject } from '../../shared/json';
import { sendRequest } from '../../shared/sender';
import { rowsOf } from '../transport/output';
import { bitrixProfile } from '../transport/profile';

/**
 * The lists the editor shows, read through the shared sender: a list that cannot load fails
 * with Bitrix24's error and its hint (a missing scope, a right the webhook's user lacks), never
 * as an empty list.
 */

export interface Choice {
	name: string;
	value: string | number;
}

async function read(ctx: ILoadOptionsFunctions, url: string, body: IDataObject) {
	return await sendRequest(ctx, bitrixProfile, { method: 'POST', url, body }, 'read');
}

/** Handlers (sale.paysystem.handler.list: every one, not paged; CRM administrator). */
export async function handlers(ctx: ILoadOptionsFunctions, value: 'ID' | 'CODE') {
	const rows = rowsOf(await read(ctx, 'sale.paysystem.handler.list', {}));
	return rows.map((r) => ({
		name: `${String(r.NAME)} (${String(r.CODE)})`,
		value: String(r[value]),
	}));
}

/** Pay systems (sale.paysystem.list: every one, not paged; CRM administrator). */
export async function paySystems(ctx: ILoadOptionsFunctions): Promise<Choice[]> {
	const select = ['ID', 'NAME', 'ACTION_FILE', 'ACTIVE'];
	const rows = rowsOf(await read(ctx, 'sale.paysystem.list', { SELECT: select }));
	return rows.map((r) => ({
		name: `${String(r.NAME)} (ID ${String(r.ID)}, ${String(r.ACTION_FILE)}${r.ACTIVE === 'Y' ? '' : ', inactive'})`,
		value: String(r.ID),
	}));
}

/**
 * Payer types of orders (sale.persontype.list, scope `sale`: 50 a page, `start` and `next`,
 * https://apidocs.bitrix24.com/api-reference/sale/person-type/sale-person-type-list.html). The
 * answer is `{result: {personTypes: [{id, name, ...}]}}`.
 */
export async function personTypes(ctx: ILoadOptionsFunctions): Promise<Choice[]> {
	const out: Choice[] = [];
	let start: unknown = 0;
	for (let page = 0; page < 20 && start !== undefined; page++) {
		const body = await read(ctx, 'sale.persontype.list', { order: { id: 'asc' }, start });
		const rows = asObject(body.result)?.personTypes;
		for (const row of Array.isArray(rows) ? rows.map(asObject) : []) {
			if (row)
				out.push({ name: `${String(row.name)} (ID ${String(row.id)})`, value: Number(row.id) });
		}
		start = body.next ?? undefined;
	}
	return out;
}

/** The choices whose name contains the text typed into the list's search box. */
export function matching<T extends Choice>(choices: T[], filter?: string): T[] {
	const wanted = filter?.trim().toLowerCase();
	return wanted ? choices.filter((c) => c.name.toLowerCase().includes(wanted)) : choices;
}
