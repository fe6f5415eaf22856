import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { retryAfterMs } from '../../shared/http';
import { asObject } from '../../shared/json';
import { RateLimitWaitExceeded } from '../../shared/limiter';
import type { Attempt, Dispatch, Exchange } from '../../shared/profile';
import type { Sender } from '../../shared/sender';
import { bitrixError } from './errors';
import { methodOf } from './interpret';

/**
 * Bitrix24's `batch`: up to 50 commands in one request, one hit on the portal's leaky bucket
 * (https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html, and the limits page
 * https://apidocs.bitrix24.com/settings/performance/limits.html). Inside a batch every value
 * arrives as text (PHP's parse_str of each command's query). The commands of a run's items are gathered here and
 * sent 50 at a time with `halt: 0`, so each command runs whatever happens to the others; each
 * item gets its own command's answer as if it had been sent alone (`result[key]`, or
 * `result_error[key]` read with the same codes and hints), and its own sender decides what to do
 * with it. What the batch call itself proves decides for all of its commands:
 * - `QUERY_LIMIT_EXCEEDED`: the portal refused the batch before running anything: the whole
 *   batch waits and goes again;
 * - an answer that proves nothing (timeout, broken connection, a 5xx page): each command gets
 *   that answer, so its writes are not resent and each item says so;
 * - any other Bitrix24 error (webhook, rights...): each command gets it.
 */

/** The most commands Bitrix24 accepts in one batch. */
export const BATCH_SIZE = 50;

/** A command's parameters as PHP's http_build_query writes them (`FIELDS[NAME]=x&SELECT[0]=ID`). */
export function commandQuery(params: IDataObject): string {
	const out: string[] = [];
	const add = (value: unknown, key: string) => {
		if (value === undefined || value === null) return;
		if (Array.isArray(value)) {
			value.forEach((v, i) => add(v, `${key}[${i}]`));
		} else if (typeof value === 'object') {
			for (const [k, v] of Object.entries(value)) add(v, key ? `${key}[${k}]` : k);
		} else {
			const text = value === true ? '1' : value === false ? '0' : String(value);
			out.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
		}
	};
	add(params, '');
	return out.join('&');
}

interface Pending {
	exchange: Exchange;
	deadline: number;
	resolve(attempt: Attempt): void;
	reject(error: unknown): void;
}

/** The answer of a batch as a whole: its commands' parts, or undefined when it is not a batch answer. */
function batchParts(response: IN8nHttpFullResponse): IDataObject | undefined {
	if (response.statusCode < 200 || response.statusCode >= 300) return undefined;
	const body = asObject(response.body);
	if (!body || body.error !== undefined) return undefined;
	const result = asObject(body.result);
	if (!result || !('result' in result)) return undefined;
	return result;
}

const part = (parts: IDataObject, name: string, key: string) => asObject(parts[name])?.[key];

/** One command's answer, shaped as if its method had been called alone. */
function commandResponse(
	response: IN8nHttpFullResponse,
	parts: IDataObject,
	key: string,
): IN8nHttpFullResponse {
	const error = asObject(part(parts, 'result_error', key));
	if (error) {
		const code = typeof error.error === 'string' ? error.error : '';
		return { ...response, statusCode: bitrixError(code)?.status ?? 400, body: error };
	}
	const results = parts.result;
	const has = Array.isArray(results)
		? false
		: !!asObject(results) && key in (results as IDataObject);
	if (!has) {
		// With halt: 0 every command has a result or an error; anything else proves nothing.
		return { ...response, body: {} };
	}
	const body: IDataObject = { result: (results as IDataObject)[key] };
	const next = part(parts, 'result_next', key);
	const total = part(parts, 'result_total', key);
	const time = part(parts, 'result_time', key);
	if (next !== undefined) body.next = next;
	if (total !== undefined) body.total = total;
	if (time !== undefined) body.time = time;
	return { ...response, statusCode: 200, body };
}

function isRateLimitRefusal(response: IN8nHttpFullResponse): boolean {
	const code = asObject(response.body)?.error;
	return typeof code === 'string' && code.trim().toUpperCase() === 'QUERY_LIMIT_EXCEEDED';
}

export class BitrixBatcher implements Dispatch {
	private queue: Pending[] = [];

	private pumping = false;

	constructor(private readonly sender: Sender) {}

	/** Every sale.paysystem.* method may run inside batch. */
	accepts(exchange: Exchange): boolean {
		return exchange.op?.batch !== false && /^sale\.paysystem\./.test(methodOf(exchange.request));
	}

	async submit(exchange: Exchange, deadline: number): Promise<Attempt> {
		return await new Promise<Attempt>((resolve, reject) => {
			this.queue.push({ exchange, deadline, resolve, reject });
			void this.pump();
		});
	}

	/** Sends what is queued, 50 commands a time, as fast as the limiter lets batches go. */
	private async pump() {
		if (this.pumping) return;
		this.pumping = true;
		const stop = this.sender.options.stop;
		try {
			// Let the other items of the run queue their commands first.
			await sleep(0);
			while (this.queue.length) {
				const group = this.queue.splice(0, BATCH_SIZE);
				let sentAt: number;
				try {
					sentAt = await this.sender.limiter.acquire(
						Math.max(...group.map((p) => p.deadline)),
						stop,
					);
				} catch (error) {
					for (const p of group)
						p.reject(error instanceof RateLimitWaitExceeded ? error : this.sender.notSent());
					continue;
				}
				const now = Date.now();
				const late = group.filter((p) => p.deadline < now);
				for (const p of late) p.reject(new RateLimitWaitExceeded(0));
				const ready = group.filter((p) => p.deadline >= now);
				if (stop?.aborted) {
					for (const p of ready) p.reject(this.sender.notSent());
					this.sender.limiter.completed(sentAt);
					continue;
				}
				if (!ready.length) {
					this.sender.limiter.completed(sentAt);
					continue;
				}
				// Not awaited: the next batch goes as soon as the limiter lets it.
				void this.send(ready, sentAt);
			}
		} finally {
			this.pumping = false;
		}
	}

	private async send(group: Pending[], sentAt: number) {
		const alone = group.length === 1;
		const request: IHttpRequestOptions = alone
			? group[0].exchange.request
			: {
					method: 'POST',
					url: 'batch',
					body: {
						halt: 0,
						cmd: Object.fromEntries(
							group.map((p, i) => [
								`c${i}`,
								`${methodOf(p.exchange.request)}?${commandQuery(asObject(p.exchange.request.body) ?? {})}`,
							]),
						),
					},
				};
		let response: IN8nHttpFullResponse | undefined;
		let error: unknown;
		try {
			response = await this.sender.transmit(request);
		} catch (e) {
			error = e;
		}
		this.sender.limiter.completed(sentAt);
		if (response && isRateLimitRefusal(response)) {
			// Nothing in it ran: the whole batch waits its turn again, ahead of the others.
			this.sender.limiter.rejected(sentAt, retryAfterMs(response.headers));
			this.queue.unshift(...group);
			void this.pump();
			return;
		}
		if (!response) {
			for (const p of group) p.resolve({ error, sentAt, batched: true });
			return;
		}
		if (
			response.statusCode >= 200 &&
			response.statusCode < 300 &&
			asObject(response.body)?.error === undefined
		) {
			this.sender.limiter.succeeded(sentAt);
		}
		if (alone) {
			group[0].resolve({ response, sentAt, batched: true });
			return;
		}
		const parts = batchParts(response);
		if (!parts) {
			// The batch call itself failed: each command gets that answer, as if sent alone.
			for (const p of group) p.resolve({ response, sentAt, batched: true });
			return;
		}
		group.forEach((p, i) =>
			p.resolve({ response: commandResponse(response, parts, `c${i}`), sentAt, batched: true }),
		);
	}
}
