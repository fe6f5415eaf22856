'use strict';
/**
 * A local Bitrix24 portal for the sale.paysystem.* family, as ../shared/api/bitrix24-paysystem.md
 * documents it: incoming-webhook path auth, scopes and rights, every documented error with its
 * documented body and status, the per-portal leaky bucket (503 QUERY_LIMIT_EXCEEDED), batch,
 * scope, method.get, and state in memory (handlers, pay systems, settings, payments, legacy
 * invoices). It can also act as the portal towards a Checkout-mode ACTION_URI (checkout()).
 * Its index page (/_sandbox/) lists the portal's payments with a Checkout button each (the
 * buyer's Pay button in the shop: checkout() of that payment), handlers, pay systems and the
 * control endpoints.
 */
const { startServer, buildForm, parseForm, phpLists } = require('./common');
const pages = require('./pages/bitrix24');

const PAY_SYSTEM_METHODS = new Set([
	'sale.paysystem.handler.add',
	'sale.paysystem.handler.update',
	'sale.paysystem.handler.list',
	'sale.paysystem.handler.delete',
	'sale.paysystem.add',
	'sale.paysystem.update',
	'sale.paysystem.list',
	'sale.paysystem.delete',
	'sale.paysystem.settings.get',
	'sale.paysystem.settings.update',
	'sale.paysystem.settings.payment.get',
	'sale.paysystem.pay.payment',
	'sale.paysystem.pay.invoice',
	'sale.paysystem.settings.invoice.get',
]);
/** Handler and pay system administration needs a CRM administrator; paying needs order rights. */
const ADMIN_METHODS = new Set(
	[...PAY_SYSTEM_METHODS].filter((m) => !/^sale\.paysystem\.(pay\.|settings\.(payment|invoice)\.)/.test(m)),
);
const PAY_SYSTEM_FIELDS = [
	'ID', 'NAME', 'PSA_NAME', 'DESCRIPTION', 'XML_ID', 'PERSON_TYPE_ID', 'ACTION_FILE', 'RESULT_FILE', 'ACTIVE',
	'ENTITY_REGISTRY_TYPE', 'NEW_WINDOW', 'ALLOW_EDIT_PAYMENT', 'AUTO_CHANGE_1C', 'CAN_PRINT_CHECK',
	'HAVE_PAYMENT', 'HAVE_ACTION', 'HAVE_RESULT', 'HAVE_PREPAY', 'HAVE_PRICE', 'HAVE_RESULT_RECEIVE', 'ENCODING',
	'IS_CASH', 'PS_MODE', 'SORT', 'TARIFF',
];
const MODES = ['FORM_DATA', 'CHECKOUT_DATA', 'IFRAME_DATA'];

/** The documented error bodies (text paraphrased from the docs' examples). */
const ERRORS = {
	INTERNAL_SERVER_ERROR: [500, 'Internal server error'],
	ERROR_UNEXPECTED_ANSWER: [500, 'Server returned an unexpected response'],
	QUERY_LIMIT_EXCEEDED: [503, 'Too many requests'],
	OPERATION_TIME_LIMIT: [429, 'Method is blocked due to operation time limit.'],
	OVERLOAD_LIMIT: [503, 'REST API is blocked due to overload'],
	ERROR_BATCH_METHOD_NOT_ALLOWED: [405, 'Method is not allowed for batch usage'],
	ERROR_BATCH_LENGTH_EXCEEDED: [400, 'Max batch length exceeded'],
	NO_AUTH_FOUND: [401, 'Wrong authorization data'],
	expired_token: [401, 'The access token provided has expired'],
	INVALID_REQUEST: [400, 'Https required'],
	ACCESS_DENIED: [403, 'Access denied'],
	INVALID_CREDENTIALS: [403, 'Invalid request credentials'],
	insufficient_scope: [403, 'The request requires higher privileges than provided by the webhook token'],
	user_access_error: [403, 'The user does not have access to the application'],
	ERROR_MANIFEST_IS_NOT_AVAILABLE: [404, 'Manifest is not available'],
	PORTAL_DELETED: [500, 'Portal was deleted'],
	WRONG_AUTH_TYPE: [403, 'Current authorization type is denied for this method'],
	ERROR_METHOD_NOT_FOUND: [404, 'Method not found!'],
	PAYMENT_REQUIRED: [402, 'Payment required'],
	ERROR_CHECK_FAILURE: [400, 'Required field is missing or invalid'],
	ERROR_HANDLER_ALREADY_EXIST: [400, 'Handler already exists!'],
	ERROR_HANDLER_ADD: [400, 'Error adding handler'],
	ERROR_HANDLER_NOT_FOUND: [400, 'Handler not found'],
	ERROR_HANDLER_UPDATE: [400, 'Error updating handler'],
	ERROR_HANDLER_DELETE: [400, 'Error deleting handler'],
	ERROR_PAY_SYSTEM_DELETE: [400, 'Cannot delete handler: there are cash registers or pay systems bound to it'],
	ERROR_PAY_SYSTEM_ADD: [400, 'Error adding pay system'],
	ERROR_PERSON_TYPE_NOT_FOUND: [400, 'Person type not found'],
	ERROR_PAY_SYSTEM_NOT_FOUND: [400, 'Pay system not found'],
	ERROR_INTERNAL_ORDER_NOT_FOUND: [400, 'Order not found'],
	ERROR_PROCESS_REQUEST_RESULT: [400, 'Error processing the payment system result'],
	ERROR_PAY_INVOICE_NOT_SUPPORTED: [400, 'Invoice payment is not supported'],
	ERROR_INTERNAL_INVOICE_NOT_FOUND: [400, 'Invoice not found'],
};

class ApiError extends Error {
	constructor(code, description) {
		super(code);
		this.code = code;
		this.description = description;
	}
}
const fail = (code, description) => {
	throw new ApiError(code, description);
};

function errorResponse(code, description) {
	const [status, text] = ERRORS[code] || [400, code];
	return { status, body: { error: code, error_description: description || text } };
}

/** PHP's date('c'): ISO 8601 to the second with an offset. */
const phpDate = (seconds) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/**
 * The `time` block of an answer (the portal's CRestServer::appendDebugInfo): `operating` is the
 * method's execution time counted in the current 10-minute window (this call included) and
 * `operating_reset_at` (unix seconds) when part of it is released; absent when nothing is counted.
 */
function timeObject(start, operating = { seconds: 0 }) {
	const finish = Date.now() / 1000;
	return {
		start,
		finish,
		duration: finish - start,
		processing: finish - start,
		date_start: phpDate(start),
		date_finish: phpDate(finish),
		...(operating.resetAt !== undefined ? { operating_reset_at: operating.resetAt } : {}),
		operating: operating.seconds,
	};
}

/**
 * Operating time as the portal counts it (Bitrix's LoadLimiter, rest/lib/engine/access/loadlimiter.php,
 * and https://apidocs.bitrix24.com/settings/performance/limits.html): per webhook and method, the
 * execution time of its calls in ten 60-second buckets; a bucket expires 600 s after the first
 * call counted in it. Before each call (plain or inside `batch`) the method's total is compared
 * with the limit (480 s per 10 minutes in the cloud): over it, the call is refused with
 * OPERATION_TIME_LIMIT; the call that crosses the limit still runs. A call's time is counted when
 * the method returns (a call that fails with an error is not), and an HTTP request's time per
 * method is stored only when it exceeds 0.1 s. `batch` itself is not counted; its commands are,
 * each to its own method. Calls do not really take time here: each is charged a simulated
 * execution time per method (`costMs`: a number for every method, or {default, <method>: ms}).
 */
class OperatingTime {
	constructor(config = {}) {
		this.configure({ limitSeconds: 480, costMs: 5, minimalFixSeconds: 0.1, ...config });
		this.keys = new Map();
	}
	configure({ limitSeconds, costMs, minimalFixSeconds } = {}) {
		if (limitSeconds !== undefined) this.limitSeconds = Number(limitSeconds);
		if (minimalFixSeconds !== undefined) this.minimalFixSeconds = Number(minimalFixSeconds);
		if (costMs !== undefined) {
			const table = typeof costMs === 'object' && costMs !== null ? costMs : { default: costMs };
			this.costs = { default: Number(table.default ?? this.costs?.default ?? 5), ...Object.fromEntries(Object.entries(table).filter(([k]) => k !== 'default').map(([k, v]) => [k, Number(v)])) };
		}
	}
	config() {
		return { limitSeconds: this.limitSeconds, minimalFixSeconds: this.minimalFixSeconds, costMs: this.costs };
	}
	costSeconds(method) {
		return (this.costs[method] ?? this.costs.default) / 1000;
	}
	static bucketOf(seconds) {
		return Math.floor(seconds / 60);
	}
	/** Stored buckets of a key still in the window, oldest first. */
	window(key, now) {
		const buckets = this.keys.get(key);
		if (!buckets) return [];
		const current = OperatingTime.bucketOf(now);
		return [...buckets.entries()]
			.filter(([n, b]) => n > current - 10 && n <= current && b.expireAt > now)
			.sort(([a], [b]) => a - b)
			.map(([, b]) => b);
	}
	/** One HTTP request's bookkeeping (what it ran so far, per key). */
	beginRequest() {
		return { registered: new Map(), firstStart: undefined };
	}
	/** Seconds counted for a key: the window plus this request's finished calls over 0.1 s. */
	seconds(key, request, now = Date.now() / 1000) {
		const stored = this.window(key, now).reduce((sum, b) => sum + b.seconds, 0);
		const own = (request.registered.get(key)?.durations || []).filter((d) => d > this.minimalFixSeconds).reduce((a, b) => a + b, 0);
		return stored + own;
	}
	blocked(key, request) {
		return this.seconds(key, request) > this.limitSeconds;
	}
	/** A call starts (registered even if it then fails); returns its `finish(ok)`. */
	start(key, method, request) {
		const now = Date.now() / 1000;
		if (request.firstStart === undefined) request.firstStart = now;
		if (!request.registered.has(key)) request.registered.set(key, { firstStart: now, durations: [] });
		return (ok) => {
			if (ok) request.registered.get(key).durations.push(this.costSeconds(method));
		};
	}
	/** When part of the key's time is released: the oldest bucket's expiry, else this request's first call + 600 s. */
	resetAt(key, request, now = Date.now() / 1000) {
		const [oldest] = this.window(key, now).filter((b) => b.seconds > 0);
		if (oldest) return Math.floor(oldest.expireAt);
		return request.firstStart !== undefined ? Math.floor(request.firstStart + 600) : undefined;
	}
	info(key, request) {
		return { seconds: this.seconds(key, request), resetAt: this.resetAt(key, request) };
	}
	/** The end of an HTTP request: each key's time over 0.1 s goes into the current bucket. */
	finish(request) {
		const now = Date.now() / 1000;
		const current = OperatingTime.bucketOf(now);
		for (const [key, r] of request.registered) {
			const total = r.durations.reduce((a, b) => a + b, 0);
			if (total <= this.minimalFixSeconds) continue;
			if (!this.keys.has(key)) this.keys.set(key, new Map());
			const buckets = this.keys.get(key);
			const bucket = buckets.get(current);
			if (bucket && bucket.expireAt > now) bucket.seconds += total;
			else buckets.set(current, { seconds: total, expireAt: r.firstStart + 600 });
		}
	}
	/** Seconds counted per key now (`<user ID>|<method>`; the webhook code is left out). */
	snapshot() {
		const now = Date.now() / 1000;
		const out = {};
		for (const key of this.keys.keys()) {
			const [userId, , method] = key.split('|');
			const seconds = this.window(key, now).reduce((sum, b) => sum + b.seconds, 0);
			if (seconds > 0) out[`${userId}|${method}`] = { seconds, resetAt: this.resetAt(key, this.beginRequest(), now) };
		}
		return out;
	}
}

const isEmpty = (v) => v === undefined || v === null || v === '';
const asInt = (v) => (isEmpty(v) || !/^[0-9]+$/.test(String(v).trim()) ? undefined : Number(v));
const toYN = (v, dflt) => (v === undefined ? dflt : v === 'Y' || v === true || v === 1 || v === '1' ? 'Y' : 'N');
/** PHP truthiness of a request value (batch's `halt`): absent, 0, "0", "", false and [] are false. */
const phpTruthy = (v) => !(v === undefined || v === null || v === false || v === 0 || v === '0' || v === '' || (Array.isArray(v) && !v.length));
/** json_encode of a PHP array: keys exactly 0..n-1 in order make a JSON list (an empty one included), else an object. */
function phpJsonArray(map) {
	const keys = Object.keys(map);
	return keys.every((k, i) => k === String(i)) ? keys.map((k) => map[k]) : map;
}
const BATCH_MAX_LENGTH = 50;

/** The documented leaky bucket: +1 per request, drains continuously; over `burst` → refused. */
class Bucket {
	constructor(burst, drainPerSecond) {
		this.burst = burst;
		this.drain = drainPerSecond;
		this.level = 0;
		this.at = Date.now();
	}
	leak() {
		const now = Date.now();
		this.level = Math.max(0, this.level - ((now - this.at) / 1000) * this.drain);
		this.at = now;
	}
	take() {
		this.leak();
		if (this.level + 1 > this.burst) return false;
		this.level += 1;
		return true;
	}
	/** Another client of the same portal spends `n` units (the benchmark's hidden neighbour). */
	spend(n) {
		this.leak();
		this.level = Math.min(this.burst, this.level + n);
	}
}

function initialState(seed = {}) {
	return {
		nextHandlerId: 1,
		nextPaySystemId: 1,
		handlers: [],
		paySystems: [],
		personTypes: seed.personTypes || [
			{ id: 1, name: 'Individual', registry: 'ORDER' },
			{ id: 2, name: 'Company', registry: 'ORDER' },
			{ id: 3, name: 'Individual', registry: 'CRM_INVOICE' },
			{ id: 4, name: 'Company', registry: 'CRM_INVOICE' },
			{ id: 5, name: 'Individual', registry: 'CRM_QUOTE' },
		],
		orders: new Map(),
		payments: new Map(),
		invoices: new Map(),
		invoicesSupported: seed.invoicesSupported !== false,
		/** Accepted pay calls per payment / invoice (duplicates show here). */
		payCalls: new Map(),
		invoicePayCalls: new Map(),
		/** Payments and invoices that went from unpaid to paid (a repeat that changes nothing is not one). */
		paidTransitions: new Map(),
	};
}

/**
 * Options: port, webhooks [{userId, code, scopes, admin, canEditOrders, canEditInvoices,
 * active, expired}], rateLimit {burst, drainPerSecond} or null, portal {deleted, overloaded,
 * restAvailable}, latencyMs (delay of every answer, see common.js), operating {limitSeconds
 * (480), costMs (simulated execution time of a call: a number, or {default, <method>: ms};
 * default 5 ms), minimalFixSeconds (0.1)} (see OperatingTime).
 * Control endpoints besides common.js's: state, payments, invoices, checkout, spend {units}
 * (another client spends part of the bucket), rateLimit {burst, drainPerSecond} or {} / null
 * (a new, empty bucket, or none; the portal's data stays), portal, operating (POST {limitSeconds,
 * costMs, minimalFixSeconds} changes the operating-time settings; answers them with the seconds
 * counted per method). A reset may carry `operating` too (the counted time always starts over).
 * Every call of `batch` in the call log lists its commands (`commands`: [{id, method, error?}]).
 */
async function startBitrix24Sandbox(options = {}) {
	const webhooks = options.webhooks || [
		{ userId: 1, code: 'sandboxwebhookcode1', scopes: ['pay_system', 'sale', 'crm'], admin: true },
	];
	let state = initialState(options.seed);
	let bucket = options.rateLimit === null ? null : new Bucket(options.rateLimit?.burst ?? 50, options.rateLimit?.drainPerSecond ?? 2);
	let operating = new OperatingTime(options.operating);
	const portal = { deleted: false, overloaded: false, restAvailable: true, ...(options.portal || {}) };

	function identify(ctx) {
		const m = /^\/rest\/[^/]+\/[^/]+\/([^/?]+?)(?:\.json)?$/.exec(ctx.path);
		return m ? m[1] : ctx.path;
	}

	function params(ctx) {
		const body = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
		return phpLists({ ...ctx.query, ...body });
	}

	// ---------------------------------------------------------------- state helpers
	function handlerByCode(code) {
		return state.handlers.find((h) => h.CODE === code);
	}
	function paySystem(id) {
		return state.paySystems.find((p) => p.ID === id);
	}
	function checkSettings(settings, errorCode) {
		if (!settings || typeof settings !== 'object' || Array.isArray(settings)) fail('ERROR_CHECK_FAILURE', 'SETTINGS is required');
		if (!settings.CODES || typeof settings.CODES !== 'object' || Array.isArray(settings.CODES)) {
			fail('ERROR_CHECK_FAILURE', 'SETTINGS[CODES] is required');
		}
		const modes = MODES.filter((m) => settings[m] !== undefined);
		if (!modes.length) fail('ERROR_CHECK_FAILURE', 'One of FORM_DATA, CHECKOUT_DATA, IFRAME_DATA is required');
		for (const mode of modes) {
			const data = settings[mode];
			if (!data || typeof data.ACTION_URI !== 'string' || !data.ACTION_URI) {
				fail('ERROR_CHECK_FAILURE', `${mode}[ACTION_URI] is required`);
			}
			for (const [name, field] of Object.entries(data.FIELDS || {})) {
				if (!field || field.CODE === undefined) fail(errorCode, `Field ${name}: CODE is required`);
				if (typeof field.CODE === 'string' && !(field.CODE in settings.CODES)) {
					fail(errorCode, `Field ${name} refers to unknown code ${field.CODE}`);
				}
			}
			for (const [name, code] of Object.entries(data.PARAMS || {})) {
				if (!(code in settings.CODES)) fail(errorCode, `Param ${name} refers to unknown code ${code}`);
			}
		}
		if (settings.CLIENT_TYPE !== undefined && !['b2c', 'b2b'].includes(settings.CLIENT_TYPE)) {
			fail(errorCode, 'CLIENT_TYPE must be b2c or b2b');
		}
	}
	function requireAdmin(hook) {
		if (!hook.admin) fail('ACCESS_DENIED', 'Access denied: the user is not a CRM administrator');
	}
	/** The pay system named by p.ID, which this webhook may change (update, delete). */
	function ownPaySystem(p) {
		const id = asInt(p.ID);
		if (id === undefined) fail('ERROR_CHECK_FAILURE', 'ID is required');
		const ps = paySystem(String(id));
		if (!ps) fail('ERROR_PAY_SYSTEM_NOT_FOUND');
		if (ps.foreignApp) fail('ACCESS_DENIED', 'The pay system was created by another application');
		return ps;
	}
	function filterMatch(row, key, value) {
		const m = /^(>=|<=|!=%|!%=|=%|%=|!@|!%|!=|>|<|@|%|=|!)?(.+)$/.exec(key);
		const op = m[1] || '=';
		const field = m[2];
		if (!PAY_SYSTEM_FIELDS.includes(field)) fail('ERROR_CHECK_FAILURE', `Unknown filter field ${field}`);
		const actual = row[field];
		const a = actual === null || actual === undefined ? '' : String(actual);
		const like = (pattern, text) =>
			new RegExp(`^${String(pattern).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i').test(text);
		const num = (x) => Number(x);
		switch (op) {
			case '=':
				return a === String(value);
			case '!=':
			case '!':
				return a !== String(value);
			case '>':
				return num(a) > num(value);
			case '>=':
				return num(a) >= num(value);
			case '<':
				return num(a) < num(value);
			case '<=':
				return num(a) <= num(value);
			case '@':
				return (Array.isArray(value) ? value : [value]).map(String).includes(a);
			case '!@':
				return !(Array.isArray(value) ? value : [value]).map(String).includes(a);
			case '%':
				return a.toLowerCase().includes(String(value).toLowerCase());
			case '!%':
				return !a.toLowerCase().includes(String(value).toLowerCase());
			case '=%':
			case '%=':
				return like(value, a);
			case '!=%':
			case '!%=':
				return !like(value, a);
			default:
				return false;
		}
	}
	function rowOf(ps) {
		const { settingsByPersonType, foreignApp, ...row } = ps;
		return row;
	}

	// ---------------------------------------------------------------- methods
	const methods = {
		scope(p, hook) {
			return hook.scopes;
		},
		'method.get'(p, hook) {
			const name = String(p.name || '').toLowerCase();
			const exists = PAY_SYSTEM_METHODS.has(name) || ['scope', 'method.get', 'batch'].includes(name);
			return { isExisting: exists, isAvailable: exists && (!PAY_SYSTEM_METHODS.has(name) || hook.scopes.includes('pay_system')) };
		},
		'sale.paysystem.handler.add'(p) {
			if (isEmpty(p.NAME) || isEmpty(p.CODE)) fail('ERROR_CHECK_FAILURE', 'NAME and CODE are required');
			checkSettings(p.SETTINGS, 'ERROR_HANDLER_ADD');
			if (handlerByCode(p.CODE)) fail('ERROR_HANDLER_ALREADY_EXIST');
			if (!/^[A-Za-z0-9_.-]+$/.test(String(p.CODE))) fail('ERROR_HANDLER_ADD', 'CODE may contain only Latin letters, digits, "_", "." and "-"');
			const id = state.nextHandlerId++;
			state.handlers.push({ ID: String(id), NAME: String(p.NAME), CODE: String(p.CODE), SORT: String(p.SORT ?? 100), SETTINGS: p.SETTINGS });
			return id;
		},
		'sale.paysystem.handler.update'(p) {
			const id = asInt(p.ID);
			if (id === undefined || !p.FIELDS || typeof p.FIELDS !== 'object') fail('ERROR_CHECK_FAILURE', 'ID and FIELDS are required');
			const handler = state.handlers.find((h) => h.ID === String(id));
			if (!handler) fail('ERROR_HANDLER_NOT_FOUND');
			if (handler.foreignApp) fail('ACCESS_DENIED', 'The handler was registered by another application');
			const f = p.FIELDS;
			if (f.CODE !== undefined && f.CODE !== handler.CODE && handlerByCode(f.CODE)) {
				return { error: 'ERROR_UNEXPECTED_ANSWER', status: 400, description: 'Handler with this CODE already exists' };
			}
			if (f.SETTINGS !== undefined) checkSettings(f.SETTINGS, 'ERROR_HANDLER_UPDATE');
			if (f.NAME !== undefined && isEmpty(f.NAME)) fail('ERROR_HANDLER_UPDATE', 'NAME cannot be empty');
			if (f.CODE !== undefined && f.CODE !== handler.CODE) {
				for (const ps of state.paySystems) if (ps.ACTION_FILE === handler.CODE) ps.ACTION_FILE = String(f.CODE);
			}
			Object.assign(handler, {
				...(f.NAME !== undefined ? { NAME: String(f.NAME) } : {}),
				...(f.CODE !== undefined ? { CODE: String(f.CODE) } : {}),
				...(f.SORT !== undefined ? { SORT: String(f.SORT) } : {}),
				...(f.SETTINGS !== undefined ? { SETTINGS: f.SETTINGS } : {}),
			});
			return true;
		},
		'sale.paysystem.handler.list'() {
			return state.handlers.map(({ foreignApp, ...h }) => h);
		},
		'sale.paysystem.handler.delete'(p) {
			const id = asInt(p.ID);
			if (id === undefined) fail('ERROR_PAY_SYSTEM_DELETE', 'ID is required');
			const index = state.handlers.findIndex((h) => h.ID === String(id));
			if (index < 0) fail('ERROR_HANDLER_NOT_FOUND');
			const handler = state.handlers[index];
			if (handler.foreignApp) fail('ACCESS_DENIED', 'The handler was registered by another application');
			if (state.paySystems.some((ps) => ps.ACTION_FILE === handler.CODE)) fail('ERROR_PAY_SYSTEM_DELETE');
			if (handler.undeletable) fail('ERROR_HANDLER_DELETE', 'The handler is locked');
			state.handlers.splice(index, 1);
			return true;
		},
		'sale.paysystem.add'(p) {
			if (isEmpty(p.NAME) || isEmpty(p.PERSON_TYPE_ID) || isEmpty(p.BX_REST_HANDLER)) {
				fail('ERROR_CHECK_FAILURE', 'NAME, PERSON_TYPE_ID and BX_REST_HANDLER are required');
			}
			const handler = handlerByCode(p.BX_REST_HANDLER);
			if (!handler) fail('ERROR_HANDLER_NOT_FOUND');
			const registry = p.ENTITY_REGISTRY_TYPE ?? 'CRM_INVOICE';
			if (!['ORDER', 'CRM_INVOICE', 'CRM_QUOTE'].includes(registry)) fail('ERROR_PAY_SYSTEM_ADD', 'Unknown ENTITY_REGISTRY_TYPE');
			const personType = state.personTypes.find((t) => t.id === asInt(p.PERSON_TYPE_ID));
			if (!personType || personType.registry !== registry) fail('ERROR_PERSON_TYPE_NOT_FOUND');
			const settings = {};
			for (const [code, v] of Object.entries(p.SETTINGS || {})) {
				if (!(code in handler.SETTINGS.CODES)) fail('ERROR_PAY_SYSTEM_ADD', `Unknown setting ${code}`);
				settings[code] = v;
			}
			const id = state.nextPaySystemId++;
			state.paySystems.push({
				ID: String(id),
				NAME: String(p.NAME),
				PSA_NAME: String(p.NAME),
				DESCRIPTION: p.DESCRIPTION ?? '',
				XML_ID: p.XML_ID ?? '',
				PERSON_TYPE_ID: String(personType.id),
				ACTION_FILE: handler.CODE,
				RESULT_FILE: null,
				ACTIVE: toYN(p.ACTIVE, 'N'),
				ENTITY_REGISTRY_TYPE: registry,
				NEW_WINDOW: toYN(p.NEW_WINDOW, 'N'),
				ALLOW_EDIT_PAYMENT: 'Y',
				AUTO_CHANGE_1C: 'N',
				CAN_PRINT_CHECK: 'N',
				HAVE_PAYMENT: 'N',
				HAVE_ACTION: 'N',
				HAVE_RESULT: 'N',
				HAVE_PREPAY: 'N',
				HAVE_PRICE: 'N',
				HAVE_RESULT_RECEIVE: 'N',
				ENCODING: null,
				IS_CASH: 'N',
				PS_MODE: null,
				SORT: '100',
				TARIFF: null,
				LOGOTYPE: p.LOGOTYPE ?? null,
				settingsByPersonType: { 0: settings },
			});
			return id;
		},
		'sale.paysystem.update'(p) {
			const ps = ownPaySystem(p);
			const f = p.FIELDS || {};
			if (f.BX_REST_HANDLER !== undefined && !handlerByCode(f.BX_REST_HANDLER)) fail('ERROR_HANDLER_NOT_FOUND');
			if (f.PERSON_TYPE_ID !== undefined) {
				const t = state.personTypes.find((x) => x.id === asInt(f.PERSON_TYPE_ID));
				if (!t || t.registry !== ps.ENTITY_REGISTRY_TYPE) fail('ERROR_PERSON_TYPE_NOT_FOUND');
				ps.PERSON_TYPE_ID = String(t.id);
			}
			if (f.NAME !== undefined) ps.NAME = ps.PSA_NAME = String(f.NAME);
			if (f.DESCRIPTION !== undefined) ps.DESCRIPTION = String(f.DESCRIPTION);
			if (f.BX_REST_HANDLER !== undefined) ps.ACTION_FILE = String(f.BX_REST_HANDLER);
			if (f.ACTIVE !== undefined) ps.ACTIVE = toYN(f.ACTIVE, ps.ACTIVE);
			if (f.NEW_WINDOW !== undefined) ps.NEW_WINDOW = toYN(f.NEW_WINDOW, ps.NEW_WINDOW);
			if (f.XML_ID !== undefined) ps.XML_ID = String(f.XML_ID);
			if (f.LOGOTYPE !== undefined) ps.LOGOTYPE = f.LOGOTYPE;
			return true;
		},
		'sale.paysystem.list'(p) {
			const select = p.SELECT;
			if (select !== undefined && !Array.isArray(select)) fail('ERROR_CHECK_FAILURE', 'SELECT must be an array');
			for (const field of select || []) {
				if (!PAY_SYSTEM_FIELDS.includes(field)) fail('ERROR_CHECK_FAILURE', `Unknown field ${field}`);
			}
			let rows = state.paySystems.map(rowOf);
			for (const [key, value] of Object.entries(p.FILTER || {})) rows = rows.filter((r) => filterMatch(r, key, value));
			const order = Object.entries(p.ORDER || {});
			for (const [field] of order) if (!PAY_SYSTEM_FIELDS.includes(field)) fail('ERROR_CHECK_FAILURE', `Unknown order field ${field}`);
			rows.sort((a, b) => {
				for (const [field, dir] of order) {
					const x = a[field];
					const y = b[field];
					const nx = Number(x);
					const ny = Number(y);
					const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : String(x).localeCompare(String(y));
					if (c) return String(dir).toUpperCase() === 'DESC' ? -c : c;
				}
				return 0;
			});
			if (select && select.length) rows = rows.map((r) => Object.fromEntries(select.map((f) => [f, r[f]])));
			return rows;
		},
		'sale.paysystem.delete'(p) {
			const ps = ownPaySystem(p);
			state.paySystems = state.paySystems.filter((x) => x !== ps);
			return true;
		},
		'sale.paysystem.settings.get'(p) {
			const id = asInt(p.ID);
			const personType = asInt(p.PERSON_TYPE_ID);
			if (id === undefined || personType === undefined) fail('ERROR_CHECK_FAILURE', 'ID and PERSON_TYPE_ID are required');
			const ps = paySystem(String(id));
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			const settings = { ...(ps.settingsByPersonType[0] || {}), ...(ps.settingsByPersonType[personType] || {}) };
			return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v.VALUE)]));
		},
		'sale.paysystem.settings.update'(p) {
			const id = asInt(p.ID);
			if (id === undefined) fail('ERROR_CHECK_FAILURE', 'ID is required');
			if (!p.SETTINGS || typeof p.SETTINGS !== 'object' || !Object.keys(p.SETTINGS).length) fail('ERROR_HANDLER_NOT_FOUND');
			const ps = paySystem(String(id));
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			const key = asInt(p.PERSON_TYPE_ID) ?? 0;
			for (const [code, v] of Object.entries(p.SETTINGS)) {
				if (!v || typeof v !== 'object' || v.TYPE === undefined) fail('ERROR_CHECK_FAILURE', `SETTINGS[${code}] needs TYPE and VALUE`);
			}
			ps.settingsByPersonType[key] = { ...(ps.settingsByPersonType[key] || {}), ...p.SETTINGS };
			return true;
		},
		'sale.paysystem.settings.payment.get'(p) {
			const paymentId = asInt(p.PAYMENT_ID);
			const psId = asInt(p.PAY_SYSTEM_ID);
			if (paymentId === undefined || psId === undefined) fail('ERROR_CHECK_FAILURE', 'PAYMENT_ID and PAY_SYSTEM_ID are required');
			const ps = paySystem(String(psId));
			const payment = state.payments.get(paymentId);
			if (!ps || !payment || payment.paySystemId !== psId) fail('ERROR_CHECK_FAILURE', 'Payment not found for this pay system');
			if (!state.orders.has(payment.orderId)) fail('ERROR_INTERNAL_ORDER_NOT_FOUND');
			const settings = ps.settingsByPersonType[0] || {};
			const order = state.orders.get(payment.orderId);
			return Object.fromEntries(
				Object.entries(settings).map(([k, v]) => {
					if (v.TYPE === 'PAYMENT') return [k, String(payment[v.VALUE] ?? '')];
					if (v.TYPE === 'ORDER') return [k, String(order[v.VALUE] ?? '')];
					return [k, String(v.VALUE)];
				}),
			);
		},
		'sale.paysystem.pay.payment'(p, hook) {
			if (!hook.canEditOrders && hook.canEditOrders !== undefined) fail('ACCESS_DENIED', 'No right to change the payment status');
			const paymentId = asInt(p.PAYMENT_ID);
			const psId = asInt(p.PAY_SYSTEM_ID);
			if (paymentId === undefined || psId === undefined) fail('ERROR_CHECK_FAILURE', 'PAYMENT_ID and PAY_SYSTEM_ID are required');
			const ps = paySystem(String(psId));
			const payment = state.payments.get(paymentId);
			if (!ps || !payment || payment.paySystemId !== psId) fail('ERROR_CHECK_FAILURE', 'Payment not found for this pay system');
			if (ps.ACTIVE !== 'Y') fail('ERROR_PROCESS_REQUEST_RESULT', 'The pay system is not active');
			// The reference does not say what a repeat returns. The portal's RestService hands the
			// call to the pay system's processRequest, which sets PAID = Y on the payment: on a
			// payment that is already paid nothing changes and the answer is still true. So a
			// repeat succeeds without a second payment (DATE_PAID stays); payCalls counts calls,
			// paidTransitions the payments made.
			if (payment.PAID !== 'Y') {
				payment.PAID = 'Y';
				payment.DATE_PAID = new Date().toISOString();
				state.paidTransitions.set(paymentId, (state.paidTransitions.get(paymentId) || 0) + 1);
			}
			state.payCalls.set(paymentId, (state.payCalls.get(paymentId) || 0) + 1);
			return true;
		},
		'sale.paysystem.pay.invoice'(p, hook) {
			if (!hook.canEditInvoices && hook.canEditInvoices !== undefined) fail('ACCESS_DENIED', 'No right to change invoices');
			const invoiceId = asInt(p.INVOICE_ID);
			if (invoiceId === undefined) fail('ERROR_CHECK_FAILURE', 'INVOICE_ID is required');
			if (isEmpty(p.PAY_SYSTEM_ID) && isEmpty(p.BX_REST_HANDLER)) fail('ERROR_CHECK_FAILURE', 'PAY_SYSTEM_ID or BX_REST_HANDLER is required');
			if (!state.invoicesSupported) fail('ERROR_PAY_INVOICE_NOT_SUPPORTED');
			const invoice = state.invoices.get(invoiceId);
			if (!invoice) fail('ERROR_INTERNAL_INVOICE_NOT_FOUND');
			const ps = !isEmpty(p.PAY_SYSTEM_ID)
				? paySystem(String(asInt(p.PAY_SYSTEM_ID)))
				: state.paySystems.find((x) => x.ACTION_FILE === p.BX_REST_HANDLER);
			if (!ps) fail('ERROR_PROCESS_REQUEST_RESULT', 'Pay system not found');
			// As for payments: paying a paid invoice again changes nothing and answers true.
			if (invoice.PAYED !== 'Y') {
				invoice.PAYED = 'Y';
				invoice.PAY_SYSTEM_ID = Number(ps.ID);
				state.paidTransitions.set(`invoice ${invoiceId}`, (state.paidTransitions.get(`invoice ${invoiceId}`) || 0) + 1);
			}
			state.invoicePayCalls.set(invoiceId, (state.invoicePayCalls.get(invoiceId) || 0) + 1);
			return true;
		},
		'sale.paysystem.settings.invoice.get'(p) {
			const invoiceId = asInt(p.INVOICE_ID);
			if (invoiceId === undefined) fail('ERROR_CHECK_FAILURE', 'INVOICE_ID is required');
			if (isEmpty(p.PAY_SYSTEM_ID) && isEmpty(p.BX_REST_HANDLER)) fail('ERROR_CHECK_FAILURE', 'PAY_SYSTEM_ID or BX_REST_HANDLER is required');
			const invoice = state.invoices.get(invoiceId);
			if (!invoice) fail('ERROR_INTERNAL_INVOICE_NOT_FOUND');
			const ps = !isEmpty(p.PAY_SYSTEM_ID)
				? paySystem(String(asInt(p.PAY_SYSTEM_ID)))
				: state.paySystems.find((x) => x.ACTION_FILE === p.BX_REST_HANDLER);
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			return Object.fromEntries(Object.entries(ps.settingsByPersonType[0] || {}).map(([k, v]) => [k, String(v.VALUE)]));
		},
	};

	/**
	 * Runs one API method for a webhook, as the portal's CRestServer does for a plain call and for
	 * each command of a batch: scope, the method's operating time, then the method (rights and
	 * its own errors). `request` is the HTTP request's operating-time bookkeeping. Returns
	 * {status, body}; a success body carries the method's `time`, an error body none.
	 */
	function call(method, p, hook, start, request) {
		if (method === 'app.info') return errorResponse('ACCESS_DENIED', 'Application context required');
		if (method.startsWith('placement.') || method.startsWith('imbot.')) return errorResponse('WRONG_AUTH_TYPE');
		if (!methods[method]) return errorResponse('ERROR_METHOD_NOT_FOUND');
		if (PAY_SYSTEM_METHODS.has(method) && !hook.scopes.includes('pay_system')) return errorResponse('insufficient_scope');
		const key = `${hook.userId}|${hook.code}|${method}`;
		if (operating.blocked(key, request)) return errorResponse('OPERATION_TIME_LIMIT');
		const finish = operating.start(key, method, request);
		try {
			if (ADMIN_METHODS.has(method)) requireAdmin(hook);
			const result = methods[method](p, hook);
			if (result && typeof result === 'object' && result.error) {
				return { status: result.status, body: { error: result.error, error_description: result.description } };
			}
			finish(true);
			return { status: 200, body: { result, time: timeObject(start, operating.info(key, request)) } };
		} catch (error) {
			if (error instanceof ApiError) return errorResponse(error.code, error.description);
			throw error;
		}
	}

	/**
	 * `batch` as the portal runs it (CRestProvider::methodsBatch, see
	 * https://apidocs.bitrix24.com/settings/how-to-call-rest-api/batch.html): one HTTP request, so
	 * one hit on the bucket (counted by handle()); `cmd` is a list or a map of "method?query"
	 * strings, each query parsed as PHP's parse_str does (`FIELDS[NAME]=x`, `SELECT[]=ID`, every
	 * value a string) and run as if called alone (call()). A command is in `result` (and
	 * `result_time`) or in `result_error`, never both; commands past the 50th get
	 * ERROR_BATCH_LENGTH_EXCEEDED and are not run; `batch`, `download` and `upload` are refused
	 * inside a batch; with a truthy `halt` (PHP truthiness: 0, "0", "" and false are not) the first
	 * error stops the rest (they appear nowhere). A `cmd` entry that is not a string is skipped.
	 * The answer is HTTP 200 whatever the commands did.
	 */
	function batch(p, hook, start, request, entry) {
		const q = Object.fromEntries(Object.entries(p).map(([k, v]) => [k.toUpperCase(), v]));
		const halt = phpTruthy(q.HALT);
		const out = { result: {}, result_error: {}, result_total: {}, result_next: {}, result_time: {} };
		const commands = [];
		let count = 0;
		for (const [id, command] of Object.entries(q.CMD && typeof q.CMD === 'object' ? q.CMD : {})) {
			let r;
			let method;
			if (count++ < BATCH_MAX_LENGTH) {
				if (typeof command !== 'string') continue;
				const cut = command.indexOf('?');
				method = cut < 0 ? command : command.slice(0, cut);
				const params = phpLists(parseForm(cut < 0 ? '' : command.slice(cut + 1)));
				if (['batch', 'download', 'upload'].includes(method)) r = errorResponse('ERROR_BATCH_METHOD_NOT_ALLOWED');
				else {
					// Each command has its own start, as the portal's CRestServerBatchItem; the lower-cased name first.
					r = call(method.toLowerCase(), params, hook, Date.now() / 1000, request);
					if (r.body.error === 'ERROR_METHOD_NOT_FOUND' && method !== method.toLowerCase()) r = call(method, params, hook, Date.now() / 1000, request);
				}
			} else r = errorResponse('ERROR_BATCH_LENGTH_EXCEEDED');
			commands.push({ id, method, ...(r.body.error ? { error: r.body.error } : {}) });
			if (r.body.error) out.result_error[id] = r.body;
			else {
				out.result[id] = r.body.result;
				out.result_time[id] = r.body.time;
				if (r.body.total !== undefined) out.result_total[id] = r.body.total;
				if (r.body.next !== undefined) out.result_next[id] = r.body.next;
			}
			if (r.body.error && halt) break;
		}
		entry.commands = commands;
		const result = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, phpJsonArray(v)]));
		// `batch` itself is not counted (operating 0); the reset time falls back to the first command's start + 600 s.
		const resetAt = request.firstStart !== undefined ? Math.floor(request.firstStart + 600) : undefined;
		return { status: 200, body: { result, time: timeObject(start, { seconds: 0, resetAt }) } };
	}

	async function handle(ctx, entry) {
		const start = Date.now() / 1000;
		const m = /^\/rest\/([^/]+)\/([^/]+)\/([^/?]+?)(?:\.json)?$/.exec(ctx.path);
		if (!m) return { status: 404, raw: '<html><body><h1>404 Not Found</h1></body></html>', headers: { 'Content-Type': 'text/html' } };
		const [, userId, code, method] = m;
		if (portal.deleted) return errorResponse('PORTAL_DELETED');
		const hook = webhooks.find((w) => String(w.userId) === userId && w.code === code);
		if (!hook) return errorResponse('NO_AUTH_FOUND');
		if (hook.expired) return errorResponse('expired_token');
		if (hook.active === false) return errorResponse('INVALID_CREDENTIALS');
		if (!portal.restAvailable) return errorResponse('ACCESS_DENIED', 'REST API is available only on commercial plans');
		if (portal.overloaded) return errorResponse('OVERLOAD_LIMIT');
		// One hit per HTTP request, a batch of 50 commands included.
		if (bucket && !bucket.take()) return { ...errorResponse('QUERY_LIMIT_EXCEEDED'), accepted: false };
		if (ctx.invalidJson) return errorResponse('ERROR_CHECK_FAILURE', 'Request body is not valid JSON');
		const p = params(ctx);
		const request = operating.beginRequest();
		const result = method === 'batch' ? batch(p, hook, start, request, entry) : call(method, p, hook, start, request);
		operating.finish(request);
		return { ...result, accepted: true };
	}

	function reset(body = {}) {
		state = initialState(body.seed || options.seed);
		operating = new OperatingTime({ ...options.operating, ...body.operating });
		if (body.rateLimit !== undefined) {
			bucket = body.rateLimit === null ? null : new Bucket(body.rateLimit.burst ?? 50, body.rateLimit.drainPerSecond ?? 2);
		} else if (bucket) bucket = new Bucket(bucket.burst, bucket.drain);
		Object.assign(portal, { deleted: false, overloaded: false, restAvailable: true, ...(body.portal || {}) });
	}

	/** Test data: an order with payments attached to pay systems. */
	function addPayment({ id, orderId = id, paySystemId, sum = 100, currency = 'RUB', accountNumber }) {
		if (!state.orders.has(orderId)) state.orders.set(orderId, { ID: orderId, ACCOUNT_NUMBER: String(orderId), CURRENCY: currency, PRICE: sum, USER_ID: 1 });
		const payment = { ID: id, orderId, paySystemId, SUM: sum, CURRENCY: currency, PAID: 'N', ACCOUNT_NUMBER: accountNumber || `${orderId}/1` };
		state.payments.set(id, payment);
		return payment;
	}
	function addInvoice({ id, sum = 100 }) {
		const invoice = { ID: id, PRICE: sum, PAYED: 'N' };
		state.invoices.set(id, invoice);
		return invoice;
	}

	/**
	 * Acts as the portal when a buyer pays in Checkout mode: POSTs the handler's FIELDS and
	 * BX_SYSTEM_PARAMS as application/x-www-form-urlencoded to CHECKOUT_DATA.ACTION_URI and reads
	 * the JSON answer (PAYMENT_URL + PAYMENT_ID, or PAYMENT_ERRORS), as modules/sale's RestHandler does.
	 * Like Bitrix's Http::sendRequest (modules/sale/lib/helpers/rest/http.php), it reads the body of
	 * an HTTP 200 only: on any other status the buyer gets the generic "data missing" error.
	 */
	async function checkout(paymentId, { returnUrl = 'https://portal.example/shop/order/' } = {}) {
		const payment = state.payments.get(paymentId);
		if (!payment) throw new Error(`no payment ${paymentId}`);
		const ps = paySystem(String(payment.paySystemId));
		const handler = ps && handlerByCode(ps.ACTION_FILE);
		const data = handler?.SETTINGS?.CHECKOUT_DATA;
		if (!data) throw new Error('the payment\'s pay system has no Checkout-mode handler');
		const settings = ps.settingsByPersonType[0] || {};
		const order = state.orders.get(payment.orderId) || {};
		const form = {};
		for (const [name, field] of Object.entries(data.FIELDS || {})) {
			const code = typeof field.CODE === 'string' ? field.CODE : undefined;
			const setting = code ? settings[code] : undefined;
			let value = '';
			if (setting) {
				if (setting.TYPE === 'PAYMENT') value = payment[setting.VALUE] ?? '';
				else if (setting.TYPE === 'ORDER') value = order[setting.VALUE] ?? '';
				else value = setting.VALUE;
			} else if (code && handler.SETTINGS.CODES[code]?.DEFAULT) {
				const d = handler.SETTINGS.CODES[code].DEFAULT;
				value = d.PROVIDER_KEY === 'PAYMENT' ? payment[d.PROVIDER_VALUE] ?? '' : d.PROVIDER_KEY === 'ORDER' ? order[d.PROVIDER_VALUE] ?? '' : d.PROVIDER_VALUE;
			}
			form[name] = value;
		}
		form.BX_SYSTEM_PARAMS = {
			RETURN_URL: returnUrl,
			PAYSYSTEM_ID: ps.ID,
			PAYMENT_ID: payment.ID,
			SUM: payment.SUM,
			CURRENCY: payment.CURRENCY,
			...(payment.PS_INVOICE_ID ? { EXTERNAL_PAYMENT_ID: payment.PS_INVOICE_ID } : {}),
		};
		const response = await fetch(data.ACTION_URI, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: buildForm(form).toString(),
		});
		const text = await response.text();
		if (response.status !== 200) return { ok: false, status: response.status, errors: ['data missing'], raw: text };
		let answer;
		try {
			answer = JSON.parse(text);
		} catch {
			return { ok: false, status: response.status, errors: ['response decoding error'], raw: text };
		}
		const upper = Object.fromEntries(Object.entries(answer || {}).map(([k, v]) => [k.toUpperCase(), v]));
		if (upper.PAYMENT_URL && upper.PAYMENT_ID) {
			payment.PS_INVOICE_ID = String(upper.PAYMENT_ID);
			payment.PAYMENT_URL = String(upper.PAYMENT_URL);
			return { ok: true, paymentUrl: payment.PAYMENT_URL, externalId: payment.PS_INVOICE_ID };
		}
		return { ok: false, status: response.status, errors: Array.isArray(upper.PAYMENT_ERRORS) ? upper.PAYMENT_ERRORS : ['data missing'] };
	}

	/** What the pages need to know of the portal. */
	const pageContext = () => ({ state, bucket, operating: operating.config(), paySystem, handlerByCode, url: server.url });

	function snapshot() {
		return {
			handlers: state.handlers,
			paySystems: state.paySystems,
			payments: [...state.payments.values()],
			invoices: [...state.invoices.values()],
			payCalls: Object.fromEntries(state.payCalls),
			invoicePayCalls: Object.fromEntries(state.invoicePayCalls),
			paidTransitions: Object.fromEntries(state.paidTransitions),
		};
	}

	const server = await startServer({
		name: 'bitrix24',
		port: options.port,
		latencyMs: options.latencyMs,
		identify,
		handle,
		onReset: reset,
		index: () => pages.index(pageContext()),
		controlPages: { checkout: (result, body) => pages.checkoutPage(pageContext(), result, body) },
		control: {
			state: () => snapshot(),
			payments: (body) => {
				for (const p of Array.isArray(body) ? body : [body]) addPayment(p);
			},
			invoices: (body) => {
				for (const i of Array.isArray(body) ? body : [body]) addInvoice(i);
			},
			checkout: async (body) => await checkout(Number(body.paymentId), body),
			spend: (body) => bucket?.spend(Number(body.units || 0)),
			operating: (body, httpMethod) => {
				if (httpMethod === 'POST') operating.configure(body);
				return { ...operating.config(), counted: operating.snapshot() };
			},
			rateLimit: (body) => {
				bucket = body && body.burst ? new Bucket(Number(body.burst), Number(body.drainPerSecond || 2)) : null;
				return { rateLimit: bucket ? { burst: bucket.burst, drainPerSecond: bucket.drain } : null };
			},
			portal: (body) => Object.assign(portal, body),
		},
	});

	const [first] = webhooks;
	return {
		...server,
		webhookUrl: (hook = first) => `${server.url}/rest/${hook.userId}/${hook.code}/`,
		webhooks,
		get state() {
			return state;
		},
		portal,
		get bucket() {
			return bucket;
		},
		setRateLimit: (limit) => {
			bucket = limit ? new Bucket(limit.burst, limit.drainPerSecond) : null;
		},
		get operating() {
			return operating;
		},
		/** Back to an empty portal: state, call log, faults (options as for the control endpoint). */
		reset: (body) => {
			reset(body);
			server.clear();
		},
		addPayment,
		addInvoice,
		checkout,
		snapshot,
		/** Calls of the API (not of the control endpoints), optionally of one method. */
		apiCalls: (method) => server.calls.filter((c) => !method || c.method === method),
	};
}

module.exports = { startBitrix24Sandbox, BITRIX_SANDBOX_ERRORS: ERRORS };
