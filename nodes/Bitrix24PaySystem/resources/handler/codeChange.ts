import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asObject } from '../../../shared/json';
import { rowsOf } from '../../transport/output';
import type { ItemFunctions } from '../../../shared/operations';
import type { NodeApi } from '../../../shared/run';
import { itemFunctions } from '../../../shared/item';
import type { SendingContext } from '../../../shared/profile';
import { Sender } from '../../../shared/sender';
import { invalid } from '../../../shared/validation';

/**
 * Handler → Update with a new Code. Bitrix24 changes only the handler's row
 * (RestService::updateHandler, modules/sale/lib/paysystem/restservice.php): pay systems keep the
 * old code in ACTION_FILE, and from then on REST can neither read, change nor move them
 * (hasAccessToPaySystem needs ACTION_FILE to be a REST handler's code), and buyers can no longer
 * pay through them. Moving them first is impossible too (the new code does not exist yet). So
 * before anything is sent the node reads the handlers and the pay systems once for the run and
 * refuses each item whose new Code would leave pay systems behind, naming them; a handler no pay
 * system uses is renamed as asked.
 *
 * The shared run has no step for a read that may refuse an item before the writes go out, so the
 * node adds one here around its Handler → Update: the refusals are handed to the operation's
 * build step through a parameter only this wrapper answers, so that the run treats a refused item
 * like any input error (nothing sent; with Continue On Fail, an error item while the others go on).
 */

const REFUSAL = '__bitrix24CodeChangeRefusal';

const MOVE_HINT =
	"Bitrix24 changes only the handler's Code: its pay systems keep the old one and lose their " +
	'handler (REST can then no longer read, change or move them, and buyers cannot pay through ' +
	'them). To rename it: create a handler with the new Code (Handler → Create), switch each ' +
	'pay system to it (Pay System → Update, Handler Code), then delete this handler (Handler → ' +
	'Delete).';

/** Build step of Handler → Update: the refusal this wrapper found for the item, if any. */
export function refuseOrphaningCodeChange(ctx: ItemFunctions) {
	const refusal = ctx.getNodeParameter(REFUSAL, '') as string;
	if (refusal) invalid(ctx, 'Update Fields → Code', refusal, MOVE_HINT);
}

interface CodeChange {
	handlerId: number;
	code: string;
}

function codeChangeOf(request: IHttpRequestOptions): CodeChange | undefined {
	const body = asObject(request.body);
	const code = asObject(body?.FIELDS)?.CODE;
	return typeof code === 'string' ? { handlerId: Number(body?.ID), code } : undefined;
}

/** What is wrong with each change (by its key), read from the portal once. */
async function refusals(
	sender: Sender,
	changes: Map<number, CodeChange>,
): Promise<Map<number, string>> {
	const out = new Map<number, string>();
	if (!changes.size) return out;
	const read = async (url: string, body: IDataObject) =>
		(await sender.send({ request: { method: 'POST', url, body }, kind: 'read' }))
			.body as IDataObject;
	const handlers = rowsOf(await read('sale.paysystem.handler.list', {}));
	// Filtered here, not by the portal: older releases ignore an upper-case FILTER.
	const paySystems = rowsOf(
		await read('sale.paysystem.list', { SELECT: ['ID', 'NAME', 'ACTION_FILE'] }),
	);
	for (const [key, change] of changes) {
		const handler = handlers.find((h) => Number(h.ID) === change.handlerId);
		// A missing handler: the update itself fails with ERROR_HANDLER_NOT_FOUND.
		if (!handler || handler.CODE === change.code) continue;
		const users = paySystems.filter((p) => p.ACTION_FILE === handler.CODE);
		if (!users.length) continue;
		const names = users.map((p) => `${String(p.ID)} "${String(p.NAME)}"`).join(', ');
		out.set(
			key,
			`not changed from "${String(handler.CODE)}": ` +
				`${users.length === 1 ? 'pay system' : 'pay systems'} ${names} ` +
				`use${users.length === 1 ? 's' : ''} this handler`,
		);
	}
	return out;
}

function senderFor(
	ctx: SendingContext,
	api: NodeApi,
	credentials: ICredentialDataDecryptedObject,
	settings: IDataObject,
) {
	const connection = api.profile.connect(credentials, ctx.getNode());
	const maxWait = Number(settings.maxWait);
	return new Sender(ctx, api.profile, connection, {
		maxWaitSeconds: Number.isFinite(maxWait) && maxWait >= 0 ? maxWait : 600,
		stop: (ctx as IExecuteFunctions).getExecutionCancelSignal?.(),
		credentials,
	});
}

type CustomOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

/** The node's custom operations with the check in front of Handler → Update. */
export function withCodeChangeCheck(
	operations: NonNullable<INodeType['customOperations']>,
	api: NodeApi,
): NonNullable<INodeType['customOperations']> {
	const update = operations.handler?.update as CustomOperation | undefined;
	const spec = api.table.get('handler', 'update');
	if (!update || !spec?.build) return operations;
	const build = spec.build;
	const checked: CustomOperation = async function (this: IExecuteFunctions) {
		const credentials = await this.getCredentials(api.profile.credentialType);
		const changes = new Map<number, CodeChange>();
		for (let i = 0; i < this.getInputData().length; i++) {
			// An item whose fields are wrong is reported by the run itself.
			const request = await build
				.call(itemFunctions(this, i, credentials), { method: 'POST', url: spec.url, body: {} })
				.catch(() => undefined);
			const change = request && codeChangeOf(request);
			if (change) changes.set(i, change);
		}
		if (!changes.size) return await update.call(this);
		const settings = this.getNodeParameter('rateLimitHandling', 0, {}) as IDataObject;
		const found = await refusals(senderFor(this, api, credentials, settings), changes);
		if (!found.size) return await update.call(this);
		const run = new Proxy(this, {
			get(target, property) {
				if (property === 'getNodeParameter') {
					return (name: string, index: number, ...rest: unknown[]) =>
						name === REFUSAL
							? (found.get(index) ?? '')
							: (target.getNodeParameter as (...a: unknown[]) => unknown)(name, index, ...rest);
				}
				const value = Reflect.get(target, property) as unknown;
				return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
			},
		});
		return await update.call(run);
	};
	return { ...operations, handler: { ...operations.handler, update: checked } };
}

type Pagination = (
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
) => Promise<INodeExecutionData[]>;

/** The routing road (the node as an AI tool, one item at a time), with the same check. */
export function withCodeChangeCheckOnRoute(send: Pagination, api: NodeApi): Pagination {
	return async function (this: IExecutePaginationFunctions, requestData) {
		const isUpdate =
			this.getNodeParameter('resource', '') === 'handler' &&
			this.getNodeParameter('operation', '') === 'update';
		const change = isUpdate ? codeChangeOf(requestData.options as IHttpRequestOptions) : undefined;
		if (change) {
			const credentials = await this.getCredentials(api.profile.credentialType);
			const settings = this.getNodeParameter('rateLimitHandling', {}) as IDataObject;
			const sender = senderFor(this, api, credentials, settings);
			const refusal = (await refusals(sender, new Map([[0, change]]))).get(0);
			if (refusal) {
				throw new NodeOperationError(this.getNode(), `Update Fields → Code: ${refusal}`, {
					description: MOVE_HINT,
				});
			}
		}
		return await send.call(this, requestData);
	};
}
