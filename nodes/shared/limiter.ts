import { sleep } from 'n8n-workflow';

import { AdaptiveRate } from './adaptiveRate';

/**
 * Client-side models of an API's request budget. A model answers "how long must the next
 * request wait" and learns from what the server says (a rejection means the server's budget
 * is spent, whatever our own count claims).
 */
export interface RateLimitModel {
	/** Milliseconds the next request must wait at `now` (0: it may go now). */
	delay(now: number): number;
	/** A request is being sent at `now`. */
	record(now: number): void;
	/** The server rejected a request at `now` as over its limit. */
	rejected(now: number): void;
	/**
	 * The answer to a request sent at `sentAt` came at `now`: the server counted the request at
	 * some moment in between (optional; a window model keeps the later moment to be safe).
	 */
	completed?(sentAt: number, now: number): void;
	/**
	 * How long everyone waits after a round of refusals before the model's own pace applies
	 * (a model that learns from refusals needs them all in before it can tell the pace).
	 */
	readonly holdAfterRefusalMs?: number;
}

/**
 * Bitrix24's documented limiter: every request adds 1 to a per-portal counter that drains by
 * `drainPerSecond`; above `capacity` the request is refused. We mirror it and keep `headroom`
 * units free so that timing noise between our count and the portal's does not cost a refusal.
 */
export class LeakyBucket implements RateLimitModel {
	private level = 0;

	private updatedAt = 0;

	constructor(
		private readonly capacity: number,
		private readonly drainPerSecond: number,
		private readonly headroom = 1,
	) {}

	private drain(now: number) {
		const elapsed = Math.max(0, now - this.updatedAt) / 1000;
		this.level = Math.max(0, this.level - elapsed * this.drainPerSecond);
		this.updatedAt = now;
	}

	delay(now: number): number {
		this.drain(now);
		const limit = Math.max(1, this.capacity - this.headroom);
		const excess = this.level + 1 - limit;
		return excess > 0 ? Math.ceil((excess / this.drainPerSecond) * 1000) : 0;
	}

	record(now: number): void {
		this.drain(now);
		this.level += 1;
	}

	rejected(now: number): void {
		this.drain(now);
		this.level = Math.max(this.level, this.capacity);
	}
}

/** At most `max` requests in any window of `windowMs` (Invoicebox: 100 per 30 s per account). */
export class SlidingWindow implements RateLimitModel {
	private sent: number[] = [];

	constructor(
		private readonly max: number,
		private readonly windowMs: number,
	) {}

	private prune(now: number) {
		const from = now - this.windowMs;
		let drop = 0;
		while (drop < this.sent.length && this.sent[drop] <= from) drop++;
		if (drop) this.sent = this.sent.slice(drop);
	}

	delay(now: number): number {
		this.prune(now);
		if (this.sent.length < this.max) return 0;
		return this.sent[this.sent.length - this.max] + this.windowMs - now + 1;
	}

	record(now: number): void {
		this.prune(now);
		this.sent.push(now);
	}

	rejected(now: number): void {
		// The server counts requests we cannot see (other clients of the same account):
		// treat our window as full from now on.
		this.prune(now);
		while (this.sent.length < this.max) this.sent.unshift(now);
	}

	completed(sentAt: number, now: number): void {
		// The server's clock started this request's window when it arrived, which may be up to
		// the moment its answer came: count it from then, or a request sent exactly one window
		// later can arrive while the server still counts this one.
		const index = this.sent.indexOf(sentAt);
		if (index < 0) return;
		this.sent.splice(index, 1);
		let at = this.sent.length;
		while (at > 0 && this.sent[at - 1] > now) at--;
		this.sent.splice(at, 0, now);
	}
}

export class RateLimitWaitExceeded extends Error {
	constructor(readonly waitMs: number) {
		super('Waiting for the rate limit would exceed the maximum wait');
	}
}

/**
 * One queue per API account, shared by every item of every run in this n8n process: items are
 * let through in arrival order at the pace the model allows, and a rejection slows everyone,
 * not just the item that was refused.
 */
export class Limiter {
	private queue: Promise<void> = Promise.resolve();

	private waiting = 0;

	private blockedUntil = 0;

	private strikes = 0;

	/** When the last strike was counted: refusals of requests sent before it are the same round. */
	private strikeAt = -1;

	private readonly model: RateLimitModel;

	/** Without a known budget, the limiter learns one from refusals. */
	constructor(model?: RateLimitModel) {
		this.model = model ?? new AdaptiveRate();
	}

	/**
	 * Resolves when a request may be sent, with the moment it was let through (hand it back to
	 * `completed`, `succeeded` and `rejected`); rejects with RateLimitWaitExceeded past `deadline`.
	 */
	async acquire(deadline: number, signal?: AbortSignal): Promise<number> {
		const now = Date.now();
		if (this.waiting === 0 && this.nextDelay(now) <= 0) {
			this.model.record(now);
			return now;
		}
		this.waiting++;
		const turn = this.queue.then(async () => await this.waitForSlot(deadline, signal));
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		try {
			return await turn;
		} finally {
			this.waiting--;
		}
	}

	/** The answer to a request let through at `sentAt` has come (whatever it was). */
	completed(sentAt: number): void {
		this.model.completed?.(sentAt, Date.now());
	}

	/**
	 * The server refused a request (let through at `sentAt`) as over its limit; `retryAfterMs`
	 * when it said how long to wait.
	 */
	rejected(sentAt: number, retryAfterMs?: number): void {
		const now = Date.now();
		this.model.rejected(now);
		// Requests sent together are refused together: that is one round, not many. Only a
		// request sent after the last strike and refused again is a new strike. Rounds that keep
		// coming mean someone we cannot see spends the same budget: back off exponentially (with
		// jitter) on top of the model, up to 30 s.
		const newRound = sentAt >= this.strikeAt;
		if (newRound) {
			this.strikes++;
			this.strikeAt = now;
		}
		const backoff =
			retryAfterMs ??
			(this.strikes > 1
				? Math.min(30_000, 250 * 2 ** (this.strikes - 2)) * (0.75 + Math.random() / 2)
				: newRound
					? (this.model.holdAfterRefusalMs ?? 0)
					: 0);
		this.blockedUntil = Math.max(this.blockedUntil, now + backoff);
	}

	/** Until when a refusal holds every request back (ms since the epoch; always finite). */
	get heldUntil(): number {
		return this.blockedUntil;
	}

	/** A request let through at `sentAt` was accepted. */
	succeeded(sentAt: number): void {
		// An answer to a request sent before the last strike says nothing about the limit now.
		if (sentAt >= this.strikeAt) this.strikes = 0;
	}

	private nextDelay(now: number): number {
		return Math.max(this.model.delay(now), this.blockedUntil - now);
	}

	private async waitForSlot(deadline: number, signal?: AbortSignal): Promise<number> {
		for (;;) {
			const now = Date.now();
			const wait = this.nextDelay(now);
			if (wait <= 0) {
				this.model.record(now);
				return now;
			}
			if (now + wait > deadline) throw new RateLimitWaitExceeded(wait);
			await sleep(wait, signal);
		}
	}
}

const limiters = new Map<string, Limiter>();

/** The process-wide limiter for one API account (`key` must not contain secrets). */
export function limiterFor(key: string, create: () => RateLimitModel | undefined): Limiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Limiter(create());
		limiters.set(key, limiter);
	}
	return limiter;
}

/** The process's limiters by account key (no secrets in the keys), for tests and diagnostics. */
export function activeLimiters(): ReadonlyMap<string, Limiter> {
	return limiters;
}

/** Tests and benchmarks start from a clean slate. */
export function resetLimiters(): void {
	limiters.clear();
}
