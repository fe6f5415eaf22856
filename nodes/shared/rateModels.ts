/**
 * The models of an API's request budget the shared limiter (limiter.ts) paces requests by: one
 * per kind of limit the three APIs have.
 */

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

/**
 * A rate limit learnt from refusals, for an API that documents none (ActivePlatform), or when
 * client pacing is off (Bitrix24 plan "Do Not Pace"): no pacing
 * until the server refuses a request (429/503); then the pace becomes what the server accepted
 * in the window before the refusals, and grows back while nothing is refused.
 *
 * Without it, every item of a run waits out the same Retry-After and all of them are released
 * at once, so each wave brings one window's worth of accepted requests and a flood of refused
 * ones (measured: 300 writes under a 10-per-second limit cost 4,538 requests, 4,238 of them
 * refused).
 *
 * The estimate is made once the wave's refusals are in (`settleMs` after the first one; the
 * shared limiter holds every request back that long after a round of refusals:
 * `holdAfterRefusalMs`): accepted
 * = sent in the window before the first refusal − refused since the window started. When
 * nothing was accepted the pace is left as it was.
 */
export class AdaptiveRate implements RateLimitModel {
	private sent: number[] = [];

	private refused: number[] = [];

	/** Requests allowed per window; undefined until the server has refused one. */
	private perWindow: number | undefined;

	private firstRefusal: number | undefined;

	private lastChange = 0;

	private nextAt = 0;

	get holdAfterRefusalMs(): number {
		return this.settleMs;
	}

	constructor(
		private readonly windowMs = 1000,
		private readonly settleMs = 250,
		/** Windows without a refusal before the pace grows by half (a blip, such as a 503, is soon forgotten). */
		private readonly growAfterWindows = 5,
	) {}

	private prune(now: number) {
		const from = now - 10 * this.windowMs;
		this.sent = this.sent.filter((t) => t > from);
		this.refused = this.refused.filter((t) => t > from);
	}

	private settle(now: number) {
		if (this.firstRefusal === undefined || now < this.firstRefusal + this.settleMs) return;
		const start = this.firstRefusal - this.windowMs;
		const sent = this.sent.filter((t) => t > start && t <= this.firstRefusal!).length;
		const refused = this.refused.filter((t) => t > start).length;
		const accepted = sent - refused;
		this.firstRefusal = undefined;
		// Nothing accepted at all looks like an outage (503) or a budget others spent, not a pace
		// to keep: the Retry-After wait covers it.
		if (accepted <= 0) return;
		this.perWindow = this.perWindow === undefined ? accepted : Math.max(1, Math.min(this.perWindow - 1, accepted));
		this.lastChange = now;
	}

	private grow(now: number) {
		if (this.perWindow === undefined || this.firstRefusal !== undefined) return;
		const quiet = now - this.lastChange;
		if (quiet >= this.growAfterWindows * this.windowMs) {
			this.perWindow = Math.max(this.perWindow + 1, Math.ceil(this.perWindow * 1.5));
			this.lastChange = now;
		}
	}

	/** Milliseconds between two requests at the learnt pace, with 5% to spare. */
	private spacing(): number {
		return this.perWindow === undefined ? 0 : (this.windowMs / this.perWindow) * 1.05;
	}

	delay(now: number): number {
		this.settle(now);
		this.grow(now);
		return this.perWindow === undefined ? 0 : Math.max(0, Math.ceil(this.nextAt - now));
	}

	record(now: number): void {
		this.prune(now);
		this.sent.push(now);
		this.nextAt = Math.max(now, this.nextAt) + this.spacing();
	}

	rejected(now: number): void {
		this.refused.push(now);
		if (this.firstRefusal === undefined) this.firstRefusal = now;
	}
}
