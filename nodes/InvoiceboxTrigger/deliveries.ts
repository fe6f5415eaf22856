import type { IDataObject } from 'n8n-workflow';

/** The trigger's memory of deliveries it has seen: repeats of one notification start nothing. */

/** Where a delivery log is kept: the workflow's static data (an object) or this process (a Map). */
interface DeliveryStore {
	/** Keys in the order they were added, oldest first (a snapshot or a live iterator). */
	keys(): Iterable<string>;
	get(key: string): unknown;
	set(key: string, at: number): void;
	delete(key: string): void;
	size(): number;
}

const objectStore = (log: IDataObject): DeliveryStore => ({
	keys: () => Object.keys(log),
	get: (key) => log[key],
	set: (key, at) => {
		log[key] = at;
	},
	delete: (key) => {
		delete log[key];
	},
	size: () => Object.keys(log).length,
});

const mapStore = (log: Map<string, number>): DeliveryStore => ({
	keys: () => log.keys(),
	get: (key) => log.get(key),
	set: (key, at) => {
		log.set(key, at);
	},
	delete: (key) => {
		log.delete(key);
	},
	size: () => log.size,
});

/**
 * Remembers a delivery (key → remembered at, epoch ms) and says whether it was remembered already:
 * entries older than the window are dropped, and at most `limit` are kept (oldest first out), so
 * the log stays small whatever comes in. A delivery is remembered `at` its arrival, or later when
 * it reports a moment after its arrival (a sender's clock ahead of ours), so that the log forgets
 * it no sooner than the replay check (paymentMoment) starts refusing it.
 *
 * Entries are added in arrival order, so the expired ones sit at the front: the log is pruned
 * from there up to the first live entry instead of being read whole on every delivery. An entry
 * remembered for later that sits in front of expired ones only delays their removal: a lookup
 * checks the age of what it finds.
 */
function remember(
	store: DeliveryStore,
	key: string,
	now: number,
	windowMs: number,
	at: number,
	limit: number,
): boolean {
	const live = (value: unknown) => typeof value === 'number' && value > now - windowMs;
	for (const k of store.keys()) {
		if (live(store.get(k))) break;
		store.delete(k);
	}
	const seen = live(store.get(key));
	if (!seen) {
		// Deleted first, so that the key moves to the end (the newest).
		store.delete(key);
		store.set(key, at);
		let excess = store.size() - limit;
		if (excess > 0) {
			for (const k of store.keys()) {
				if (excess-- <= 0) break;
				store.delete(k);
			}
		}
	}
	return seen;
}

export const DELIVERY_LOG_LIMIT = 5000;

/** The deliveries a trigger has seen, kept in the workflow's static data (see remember). */
export function rememberDelivery(
	log: IDataObject,
	key: string,
	now: number,
	windowMs: number,
	at = now,
	limit = DELIVERY_LOG_LIMIT,
): boolean {
	return remember(objectStore(log), key, now, windowMs, at, limit);
}

/**
 * Deliveries seen by this n8n process, one log per trigger (workflow and node) for its current
 * activation, with the same window and bound as the static-data log. The static data n8n loads
 * for a webhook call is a copy read from the database when the call arrives and saved after the
 * trigger answers, so two deliveries arriving at the same moment would both find the other
 * missing there; this log is shared by every call the process handles (not across processes,
 * e.g. several webhook processes in queue mode).
 *
 * It must not outlive what it serves: a new activation replaces the trigger's log (the hooks drop
 * it as well, in the process that runs them; a call of an earlier activation finds no log); a
 * log whose every entry is past its window goes (workflows deactivated or deleted in another
 * process, or silent since); and all the logs together hold at most MAX_ENTRIES_IN_PROCESS
 * entries, the least recently used trigger's log going first.
 */
interface ProcessLog {
	activation: string;
	windowMs: number;
	/** The latest `at` in the log: once it is past the window, so is every entry. */
	newest: number;
	log: Map<string, number>;
}

export const MAX_ENTRIES_IN_PROCESS = 20_000;

const processLogs = new Map<string, ProcessLog>();

export function rememberDeliveryInProcess(
	trigger: string,
	activation: string,
	key: string,
	now: number,
	windowMs: number,
	at = now,
): boolean {
	for (const [id, entry] of processLogs)
		if (entry.newest <= now - entry.windowMs) processLogs.delete(id);
	let entry = processLogs.get(trigger);
	// A straggler of an earlier activation (its static data was read before the workflow was
	// activated again; activatedAt is an ISO date) does not replace the current log.
	if (entry && activation < entry.activation) return false;
	if (!entry || entry.activation !== activation)
		entry = { activation, windowMs, newest: at, log: new Map() };
	// Re-inserted: the Map's order is then least recently used first.
	processLogs.delete(trigger);
	processLogs.set(trigger, entry);
	const seen = remember(mapStore(entry.log), key, now, windowMs, at, DELIVERY_LOG_LIMIT);
	entry.windowMs = windowMs;
	entry.newest = Math.max(entry.newest, at);
	let total = inProcessDeliveryStats().entries;
	for (const [id, other] of processLogs) {
		if (total <= MAX_ENTRIES_IN_PROCESS || other === entry) break;
		processLogs.delete(id);
		total -= other.log.size;
	}
	return seen;
}

/** Drops a trigger's in-process log (its workflow is being activated again or deactivated). */
export function forgetDeliveriesInProcess(trigger: string): void {
	processLogs.delete(trigger);
}

/** What the in-process logs hold: triggers and entries (for tests and diagnostics). */
export function inProcessDeliveryStats(): { triggers: number; entries: number } {
	let entries = 0;
	for (const entry of processLogs.values()) entries += entry.log.size;
	return { triggers: processLogs.size, entries };
}
