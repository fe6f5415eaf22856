'use strict';
/**
 * A local Bitrix24 portal for the sale.paysystem.* family, as the portal's own code behaves (the
 * REST server and the sale module's RestService, read in public mirrors of the module tree, e.g.
 * https://github.com/yuliai/bitrix-modules/tree/a3a2a579ba9fdb636ede47f2d8ca02f9c8a66dc9), and
 * where that code is silent as https://apidocs.bitrix24.com/api-reference/pay-system/ documents
 * it: incoming-webhook path auth, scopes and rights, the error codes and bodies, the per-portal
 * leaky bucket (503 QUERY_LIMIT_EXCEEDED), batch, scope, method.get, and state in memory
 * (handlers, pay systems, settings, payments, legacy invoices). It can also act as the portal
 * towards a Checkout-mode ACTION_URI (checkout()). Its index page (/_sandbox/) lists the portal's
 * payments with a Checkout button each (the buyer's Pay button in the shop: checkout() of that
 * payment), handlers, pay systems and the control endpoints.
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
/** Fields sale.paysystem.list gives as numbers (ALLOWED_PAYSYSTEM_FIELDS of type integer). */
const INT_FIELDS = ['ID', 'PERSON_TYPE_ID', 'SORT'];
const MODES = ['FORM_DATA', 'CHECKOUT_DATA', 'IFRAME_DATA'];
/** What a pay call may set on the payment besides PAID (Service::processRequest with a REST handler). */
const PS_FIELDS = ['PS_INVOICE_ID', 'PS_STATUS_CODE', 'PS_STATUS_DESCRIPTION', 'PS_STATUS_MESSAGE', 'PS_SUM', 'PS_CURRENCY', 'PS_RECURRING_TOKEN', 'PS_CARD_NUMBER'];

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
	// The constant is named ERROR_PAY_INVOICE_NOT_SUPPORTED in RestService; its value is this.
	ERROR_INVOICE_NO_SUPPORTED: [400, 'Pay invoice is not supported!'],
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
/** PHP's isset(): present and not null. */
const isset = (v) => v !== undefined && v !== null;
/** PHP's empty(): absent, null, false, 0, "0", "" or an empty array. */
const phpEmpty = (v) => !isset(v) || v === false || v === 0 || v === '0' || v === '' || (typeof v === 'object' && !Object.keys(v).length);
/** array_change_key_case(CASE_UPPER), of the top level only or recursively, with RestService's LOGOTYPE/TARIFF renames. */
function upperKeys(value, deep) {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const renamed = { LOGOTYPE: 'LOGOTIP', TARIFF: 'TARIF' };
	return Object.fromEntries(
		Object.entries(value).map(([k, v]) => {
			const key = k.toUpperCase();
			return [deep ? (renamed[key] ?? key) : key, deep ? upperKeys(v, deep) : v];
		}),
	);
}
/**
 * The parameters as RestService reads them: keys upper-cased recursively for pay systems,
 * payments and settings (prepareIncomingParams), only at the top level for handlers
 * (prepareHandlerParams: FIELDS and SETTINGS keep their case).
 */
function incomingParams(method, p) {
	if (!method.startsWith('sale.paysystem.')) return p;
	if (method.startsWith('sale.paysystem.handler.')) {
		const top = upperKeys(p, false);
		for (const [from, to] of Object.entries({ LOGOTYPE: 'LOGOTIP', TARIFF: 'TARIF' })) {
			if (from in top) [top[to], top[from]] = [top[from], undefined];
		}
		return top;
	}
	return upperKeys(p, true);
}
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
		/**
		 * An older sale module (before 2022, e.g. self-hosted portals not updated) whose
		 * sale.paysystem.update looks up FIELDS.BX_REST_HANDLER and FIELDS.PERSON_TYPE_ID whether
		 * they are given or not.
		 */
		legacyUpdateChecks: !!seed.legacyUpdateChecks,
		/**
		 * Portal-side failures no request can cause: `update` / `delete` (answer false),
		 * `settingsCode` (settings.update answers false at this code, after saving the ones
		 * before it), `add` (ERROR_PAY_SYSTEM_ADD with this text), `orderSave` (pay calls answer
		 * true without paying).
		 */
		failures: { ...(seed.failures || {}) },
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
	// What the portal's sale module does is in RestService (modules/sale/lib/paysystem/restservice.php,
	// e.g. https://github.com/yuliai/bitrix-modules/blob/a3a2a579ba9fdb636ede47f2d8ca02f9c8a66dc9/sale/lib/paysystem/restservice.php):
	// the checks below run in its order and answer its codes.
	function handlerByCode(code) {
		return state.handlers.find((h) => h.CODE === code);
	}
	function paySystem(id) {
		return state.paySystems.find((p) => p.ID === String(id));
	}
	function requireAdmin(hook) {
		if (!hook.admin) fail('ACCESS_DENIED', 'Access denied!');
	}
	/**
	 * hasAccessToPaySystem: only pay systems whose ACTION_FILE is the code of an existing REST
	 * handler (of this application) can be read or changed through sale.paysystem.*. A handler
	 * whose code changed leaves its pay systems outside that rule.
	 */
	function requireRestPaySystem(ps) {
		const handler = handlerByCode(ps.ACTION_FILE);
		if (!handler || ps.foreignApp || handler.foreignApp) fail('ACCESS_DENIED', 'Access denied!');
	}
	/**
	 * A pay system's value of a parameter code for a payer type (BusinessValue::getMapping,
	 * modules/sale/lib/businessvalue.php): the one saved for that payer type, else (for a payer
	 * type) the common one, else the DEFAULT of the handler's code; codes match in any case.
	 */
	function mapping(ps, code, personType) {
		const key = String(code).toUpperCase();
		const own = ps.settingsByPersonType[personType]?.[key];
		if (own) return own;
		if (personType && ps.settingsByPersonType[0]?.[key]) return ps.settingsByPersonType[0][key];
		const fallback = handlerByCode(ps.ACTION_FILE)?.SETTINGS?.CODES?.[code]?.DEFAULT;
		return fallback && typeof fallback === 'object' ? { TYPE: fallback.PROVIDER_KEY ?? null, VALUE: fallback.PROVIDER_VALUE ?? null } : undefined;
	}
	/** The mappings resolved for a payment (Service::getParamsBusValue). */
	function resolvedSettings(ps, payment, order) {
		const handler = handlerByCode(ps.ACTION_FILE);
		const codes = Object.keys(handler?.SETTINGS?.CODES || {});
		const stored = Object.keys(ps.settingsByPersonType[0] || {});
		const out = {};
		for (const code of [...codes, ...stored.filter((s) => !codes.some((c) => c.toUpperCase() === s))]) {
			const m = mapping(ps, code, Number(ps.PERSON_TYPE_ID));
			if (!m) continue;
			if (m.TYPE === 'PAYMENT') out[code] = String(payment?.[m.VALUE] ?? '');
			else if (m.TYPE === 'ORDER') out[code] = String(order?.[m.VALUE] ?? '');
			else out[code] = m.VALUE === undefined || m.VALUE === null ? null : String(m.VALUE);
		}
		return out;
	}
	/** The row as sale.paysystem.list gives it (castOutcomingFieldsData): ID, PERSON_TYPE_ID and SORT numbers, the rest text or null. */
	function rowOf(ps) {
		const row = {};
		for (const field of PAY_SYSTEM_FIELDS) {
			const value = ps[field === 'TARIFF' ? 'TARIF' : field] ?? ps[field];
			if (value === undefined || value === null) row[field] = null;
			else row[field] = INT_FIELDS.includes(field) ? Number(value) : String(value);
		}
		return row;
	}
	/** The field a FILTER key names: CSqlUtil::GetFilterOperation's FIELD, the operator and negation dropped. */
	const filterField = (key) => String(key).replace(/^[^A-Z0-9_]+/i, '');

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
			if (!isset(p.NAME)) fail('ERROR_CHECK_FAILURE', 'Parameter NAME is not defined');
			if (!isset(p.CODE)) fail('ERROR_CHECK_FAILURE', 'Parameter CODE is not defined');
			const s = p.SETTINGS;
			if (!isset(s)) fail('ERROR_CHECK_FAILURE', 'Parameter SETTINGS is not defined');
			if (!isset(s.CODES)) fail('ERROR_CHECK_FAILURE', 'Parameter SETTINGS[CODES] is not defined');
			if (MODES.every((m) => phpEmpty(s[m]))) {
				fail('ERROR_CHECK_FAILURE', 'Parameter SETTINGS[FORM_DATA] or SETTINGS[CHECKOUT_DATA] or SETTINGS[IFRAME_DATA] is not defined');
			}
			for (const m of MODES) {
				if (!phpEmpty(s[m]) && phpEmpty(s[m].ACTION_URI)) fail('ERROR_CHECK_FAILURE', `Parameter SETTINGS[${m}][ACTION_URI] is not defined`);
			}
			if (isset(s.CLIENT_TYPE) && !['b2c', 'b2b'].includes(String(s.CLIENT_TYPE))) {
				fail('ERROR_CHECK_FAILURE', 'Parameter value SETTINGS[CLIENT_TYPE] is invalid');
			}
			if (handlerByCode(String(p.CODE))) fail('ERROR_HANDLER_ALREADY_EXIST', 'Handler already exists!');
			const id = state.nextHandlerId++;
			state.handlers.push({ ID: String(id), NAME: String(p.NAME), CODE: String(p.CODE), SORT: String(p.SORT ?? 100), SETTINGS: s });
			return id;
		},
		'sale.paysystem.handler.update'(p) {
			const f = p.FIELDS;
			if (!f || typeof f !== 'object' || Array.isArray(f)) fail('ERROR_CHECK_FAILURE', 'Parameter FIELDS is not defined');
			const handler = state.handlers.find((h) => h.ID === String(asInt(p.ID)));
			if (!handler) fail('ERROR_HANDLER_NOT_FOUND', 'Handler not found');
			if (handler.foreignApp) fail('ACCESS_DENIED', 'Access denied!');
			if (isset(f.CODE) && state.handlers.some((h) => h !== handler && h.CODE === String(f.CODE))) {
				fail('ERROR_HANDLER_ALREADY_EXIST', 'Handler already exists!');
			}
			// The row is updated with FIELDS as given: SETTINGS replaced as a whole, not checked;
			// pay systems keep the old code in ACTION_FILE.
			for (const key of ['NAME', 'CODE', 'SORT']) if (isset(f[key])) handler[key] = String(f[key]);
			if (f.SETTINGS !== undefined) handler.SETTINGS = f.SETTINGS;
			return true;
		},
		'sale.paysystem.handler.list'() {
			return state.handlers.map(({ ID, NAME, CODE, SORT, SETTINGS }) => ({ ID, NAME, CODE, SORT, SETTINGS }));
		},
		'sale.paysystem.handler.delete'(p) {
			const index = state.handlers.findIndex((h) => h.ID === String(asInt(p.ID)));
			if (index < 0) fail('ERROR_HANDLER_NOT_FOUND', 'Handler not found');
			const handler = state.handlers[index];
			if (handler.foreignApp) fail('ACCESS_DENIED', 'Access denied!');
			if (state.paySystems.some((ps) => ps.ACTION_FILE === handler.CODE)) {
				fail('ERROR_PAY_SYSTEM_DELETE', `Pay system with handler ${handler.CODE.toUpperCase()} exists!`);
			}
			if (handler.undeletable) fail('ERROR_HANDLER_DELETE', 'The handler is locked');
			state.handlers.splice(index, 1);
			return true;
		},
		'sale.paysystem.add'(p) {
			if (phpEmpty(p.BX_REST_HANDLER)) fail('ERROR_CHECK_FAILURE', 'Parameter BX_REST_HANDLER is not defined');
			const handler = handlerByCode(String(p.BX_REST_HANDLER));
			if (!handler) fail('ERROR_HANDLER_NOT_FOUND', 'Handler not found');
			if (!isset(p.NAME) || p.NAME === '') fail('ERROR_CHECK_FAILURE', 'Parameter NAME is not defined');
			// Every cloud portal has the crm module: CRM_INVOICE unless the call says otherwise.
			const registry = p.ENTITY_REGISTRY_TYPE ?? 'CRM_INVOICE';
			const personType = state.personTypes.find((t) => t.id === asInt(p.PERSON_TYPE_ID) && t.registry === registry);
			if (!personType) fail('ERROR_PERSON_TYPE_NOT_FOUND', 'Incorrect person type id!');
			if (state.failures.add) fail('ERROR_PAY_SYSTEM_ADD', state.failures.add);
			const id = state.nextPaySystemId++;
			// SETTINGS are saved as business values of the pay system's payer type, without checking
			// them against the handler's CODES.
			const settings = {};
			for (const [code, v] of Object.entries(p.SETTINGS || {})) settings[code] = { TYPE: v?.TYPE ?? null, VALUE: v?.VALUE ?? null };
			state.paySystems.push({
				ID: String(id),
				NAME: String(p.NAME),
				PSA_NAME: String(p.NAME),
				DESCRIPTION: p.DESCRIPTION ?? null,
				XML_ID: p.XML_ID ?? null,
				PERSON_TYPE_ID: String(personType.id),
				ACTION_FILE: handler.CODE,
				RESULT_FILE: null,
				// Only exactly "Y" is yes.
				ACTIVE: p.ACTIVE === 'Y' ? 'Y' : 'N',
				ENTITY_REGISTRY_TYPE: registry,
				NEW_WINDOW: p.NEW_WINDOW === 'Y' ? 'Y' : 'N',
				ALLOW_EDIT_PAYMENT: 'Y',
				AUTO_CHANGE_1C: 'N',
				CAN_PRINT_CHECK: 'N',
				HAVE_PAYMENT: 'N',
				HAVE_ACTION: 'N',
				HAVE_RESULT: 'N',
				HAVE_PREPAY: 'N',
				HAVE_PRICE: 'N',
				HAVE_RESULT_RECEIVE: 'Y',
				ENCODING: null,
				IS_CASH: 'N',
				PS_MODE: null,
				SORT: '100',
				TARIF: null,
				...(p.LOGOTIP !== undefined ? logo(p.LOGOTIP) : {}),
				restrictedPersonTypes: [personType.id],
				settingsByPersonType: { [personType.id]: settings },
			});
			return id;
		},
		'sale.paysystem.update'(p) {
			const f = p.FIELDS && typeof p.FIELDS === 'object' ? p.FIELDS : {};
			// Older releases (checkParamsBeforePaySystemUpdate before 2022) look both up whether given or not.
			const legacy = state.legacyUpdateChecks;
			if ((legacy || f.BX_REST_HANDLER) && !handlerByCode(String(f.BX_REST_HANDLER ?? ''))) fail('ERROR_HANDLER_NOT_FOUND', 'Handler not found');
			if (!asInt(p.ID)) fail('ERROR_CHECK_FAILURE', 'Parameter ID is not defined');
			const ps = paySystem(asInt(p.ID));
			if (!ps) fail('ERROR_PAY_SYSTEM_NOT_FOUND', 'Pay system not found');
			requireRestPaySystem(ps);
			let personType;
			if (legacy || isset(f.PERSON_TYPE_ID)) {
				personType = state.personTypes.find((t) => t.id === asInt(f.PERSON_TYPE_ID) && t.registry === ps.ENTITY_REGISTRY_TYPE);
				if (!personType) fail('ERROR_PERSON_TYPE_NOT_FOUND', 'Incorrect person type id!');
			}
			if (state.failures.update) return false;
			// Stored as given (ACTIVE "yes" stays "yes"); other keys are ignored.
			for (const key of ['NAME', 'DESCRIPTION', 'NEW_WINDOW', 'ACTIVE', 'XML_ID']) if (isset(f[key])) ps[key] = String(f[key]);
			if (isset(f.BX_REST_HANDLER)) ps.ACTION_FILE = String(f.BX_REST_HANDLER);
			if (isset(f.LOGOTIP)) Object.assign(ps, logo(f.LOGOTIP));
			if (personType) {
				ps.PERSON_TYPE_ID = String(personType.id);
				// A given payer type replaces the pay system's payer-type restriction.
				ps.restrictedPersonTypes = [personType.id];
			}
			return true;
		},
		'sale.paysystem.list'(p) {
			const select = Array.isArray(p.SELECT) ? p.SELECT.map((f) => String(f).toUpperCase()) : undefined;
			const allowed = (f) => PAY_SYSTEM_FIELDS.includes(f);
			const badSelect = (select || []).filter((f) => !allowed(f));
			if (badSelect.length) fail('ERROR_CHECK_FAILURE', `${badSelect.join(', ')} not allowed for select`);
			const filter = p.FILTER && typeof p.FILTER === 'object' ? p.FILTER : {};
			const badFilter = Object.keys(filter).map(filterField).filter((f) => !allowed(f));
			if (badFilter.length) fail('ERROR_CHECK_FAILURE', `${badFilter.join(', ')} not allowed for filter`);
			const order = Object.entries(p.ORDER && typeof p.ORDER === 'object' ? p.ORDER : {});
			const badOrder = order.map(([f]) => f).filter((f) => !allowed(f));
			if (badOrder.length) fail('ERROR_CHECK_FAILURE', `${badOrder.join(', ')} not allowed for order`);
			let rows = state.paySystems.map(rowOf);
			// Each key is rebuilt from the field name alone: every operator and "!" is dropped, so
			// each condition is equality (a list: any of its values).
			for (const [key, value] of Object.entries(filter)) {
				const field = filterField(key);
				const wanted = (Array.isArray(value) ? value : [value]).map(String);
				rows = rows.filter((r) => r[field] !== null && wanted.includes(String(r[field])));
			}
			rows.sort((a, b) => {
				for (const [field, dir] of order) {
					const x = a[field];
					const y = b[field];
					const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
					if (c) return String(dir).toUpperCase() === 'DESC' ? -c : c;
				}
				return 0;
			});
			if (select && select.length) rows = rows.map((r) => Object.fromEntries(select.map((f) => [f, r[f]])));
			return rows;
		},
		'sale.paysystem.delete'(p) {
			if (!asInt(p.ID)) fail('ERROR_CHECK_FAILURE', 'Parameter ID is not defined');
			const ps = paySystem(asInt(p.ID));
			if (!ps) fail('ERROR_PAY_SYSTEM_NOT_FOUND', 'Pay system not found');
			requireRestPaySystem(ps);
			// Manager::delete removes restrictions and business values first, then the row.
			ps.settingsByPersonType = {};
			ps.restrictedPersonTypes = [];
			if (state.failures.delete) return false;
			state.paySystems = state.paySystems.filter((x) => x !== ps);
			return true;
		},
		'sale.paysystem.settings.get'(p) {
			if (!isset(p.PERSON_TYPE_ID)) fail('ERROR_CHECK_FAILURE', 'Parameter PERSON_TYPE_ID is not defined');
			if (!isset(p.ID)) fail('ERROR_CHECK_FAILURE', 'Parameter ID is not defined');
			const ps = paySystem(asInt(p.ID));
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			requireRestPaySystem(ps);
			const codes = Object.keys(handlerByCode(ps.ACTION_FILE).SETTINGS?.CODES || {});
			// {CODE: {TYPE, VALUE}} for every code of the handler (nulls when unset); no codes: [].
			const personType = asInt(p.PERSON_TYPE_ID) ?? 0;
			return phpJsonArray(
				Object.fromEntries(
					codes.map((code) => {
						const m = mapping(ps, code, personType);
						return [code, { TYPE: m?.TYPE ?? null, VALUE: m?.VALUE ?? null }];
					}),
				),
			);
		},
		'sale.paysystem.settings.update'(p) {
			if (!isset(p.ID)) fail('ERROR_CHECK_FAILURE', 'Parameter ID is not defined');
			const ps = paySystem(asInt(p.ID));
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			if (phpEmpty(p.SETTINGS)) fail('ERROR_HANDLER_NOT_FOUND', 'Parameter SETTINGS is not defined or empty');
			requireRestPaySystem(ps);
			const key = asInt(p.PERSON_TYPE_ID) ?? 0;
			for (const [code, v] of Object.entries(p.SETTINGS)) {
				if (!v || typeof v !== 'object') fail('ERROR_CHECK_FAILURE', `The value of SETTINGS[${code}] is not valid`);
				// BusinessValue::setMapping fails for this code: the ones before it stay saved.
				if (state.failures.settingsCode === code) return false;
				ps.settingsByPersonType[key] = { ...(ps.settingsByPersonType[key] || {}), [code]: { TYPE: v.TYPE ?? null, VALUE: v.VALUE ?? null } };
			}
			return true;
		},
		'sale.paysystem.settings.payment.get'(p, hook) {
			requireOrderRights(hook);
			if (phpEmpty(p.PAY_SYSTEM_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field PAY_SYSTEM_ID!');
			if (phpEmpty(p.PAYMENT_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field PAYMENT_ID');
			const ps = paySystem(asInt(p.PAY_SYSTEM_ID));
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			requireRestPaySystem(ps);
			const payment = paymentOf(p);
			const order = state.orders.get(payment.orderId);
			if (!order) fail('ERROR_INTERNAL_ORDER_NOT_FOUND', `Order #${payment.orderId} not found`);
			return resolvedSettings(ps, payment, order);
		},
		'sale.paysystem.pay.payment'(p, hook) {
			requireOrderRights(hook);
			if (phpEmpty(p.PAY_SYSTEM_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field PAY_SYSTEM_ID!');
			const ps = paySystem(asInt(p.PAY_SYSTEM_ID));
			if (!ps) fail('ERROR_CHECK_FAILURE', 'Pay system not found');
			if (phpEmpty(p.PAYMENT_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field PAYMENT_ID');
			// The pay system's ACTIVE flag is not checked: an inactive one pays too.
			return processRequest(paymentOf(p), p, { key: asInt(p.PAYMENT_ID), calls: state.payCalls });
		},
		'sale.paysystem.pay.invoice'(p, hook) {
			if (!state.invoicesSupported) fail('ERROR_INVOICE_NO_SUPPORTED', 'Pay invoice is not supported!');
			if (!hook.canEditInvoices && hook.canEditInvoices !== undefined) fail('ACCESS_DENIED', 'Access denied!');
			invoiceTarget(p);
			const invoiceId = asInt(p.INVOICE_ID);
			const invoice = state.invoices.get(invoiceId);
			if (!invoice) fail('ERROR_INTERNAL_INVOICE_NOT_FOUND', `Invoice #${p.INVOICE_ID} not found`);
			// Only pay systems of legacy invoices (ENTITY_REGISTRY_TYPE CRM_INVOICE).
			const ps = state.paySystems.find(
				(x) => x.ENTITY_REGISTRY_TYPE === 'CRM_INVOICE' && (isset(p.PAY_SYSTEM_ID) ? x.ID === String(asInt(p.PAY_SYSTEM_ID)) : x.ACTION_FILE === p.BX_REST_HANDLER),
			);
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
		/**
		 * The sale module's PersonType controller (scope `sale`, not `pay_system`): an Engine
		 * controller, so lower-case parameters, camelCase fields, 50 a page with `start` / `next`
		 * / `total`, and numeric error codes
		 * (https://apidocs.bitrix24.com/api-reference/sale/person-type/sale-person-type-list.html).
		 * It lists the payer types of orders (CRM invoices have their own, crm.persontype.list).
		 */
		'sale.persontype.list'(p, hook) {
			if (hook.saleRead === false) return { error: 200040300010, status: 400, description: 'Access Denied' };
			const rows = state.personTypes.filter((t) => t.registry === 'ORDER');
			const desc = Object.values(p.order || {}).some((d) => String(d).toUpperCase() === 'DESC');
			rows.sort((a, b) => (desc ? b.id - a.id : a.id - b.id));
			const start = Math.max(0, Number(p.start) || 0);
			const page = rows.slice(start, start + 50).map((t) => ({ id: t.id, name: t.name, code: null, sort: '100', active: 'Y', xmlId: null, lid: 's1' }));
			return { paged: true, result: { personTypes: page }, total: rows.length, ...(start + 50 < rows.length ? { next: start + 50 } : {}) };
		},
		'sale.paysystem.settings.invoice.get'(p, hook) {
			if (!hook.canEditInvoices && hook.canEditInvoices !== undefined) fail('ACCESS_DENIED', 'Access denied!');
			if (!isset(p.BX_REST_HANDLER) && !isset(p.PAY_SYSTEM_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field BX_REST_HANDLER and PAY_SYSTEM_ID');
			if (phpEmpty(p.INVOICE_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field INVOICE_ID');
			let ps;
			if (isset(p.PAY_SYSTEM_ID)) {
				ps = paySystem(asInt(p.PAY_SYSTEM_ID));
				if (!ps) fail('ERROR_CHECK_FAILURE', `Pay system with ID=${p.PAY_SYSTEM_ID} not found`);
				requireRestPaySystem(ps);
			}
			if (isset(p.BX_REST_HANDLER) && !handlerByCode(String(p.BX_REST_HANDLER))) fail('ERROR_CHECK_FAILURE', 'Incorrect rest handler code');
			if (!ps) {
				// The first pay system with that handler, of any registry type.
				ps = state.paySystems.find((x) => x.ACTION_FILE === p.BX_REST_HANDLER);
				if (!ps) fail('ERROR_PAY_SYSTEM_NOT_FOUND', `Pay system with handler ${p.BX_REST_HANDLER} not found`);
			}
			const invoice = state.invoices.get(asInt(p.INVOICE_ID));
			if (!invoice) fail('ERROR_INTERNAL_INVOICE_NOT_FOUND', `Invoice #${p.INVOICE_ID} not found`);
			return resolvedSettings(ps, { SUM: invoice.PRICE, ID: invoice.ID }, invoice);
		},
	};

	function requireOrderRights(hook) {
		if (!hook.canEditOrders && hook.canEditOrders !== undefined) fail('ACCESS_DENIED', 'Access denied!');
	}
	/** checkParamsForInvoice: one of the two, each that is given must exist, and INVOICE_ID. */
	function invoiceTarget(p) {
		if (!isset(p.BX_REST_HANDLER) && !isset(p.PAY_SYSTEM_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field BX_REST_HANDLER and PAY_SYSTEM_ID');
		if (isset(p.PAY_SYSTEM_ID) && !paySystem(asInt(p.PAY_SYSTEM_ID))) fail('ERROR_CHECK_FAILURE', `Pay system with ID=${p.PAY_SYSTEM_ID} not found`);
		if (isset(p.BX_REST_HANDLER) && !handlerByCode(String(p.BX_REST_HANDLER))) fail('ERROR_CHECK_FAILURE', 'Incorrect rest handler code');
		if (phpEmpty(p.INVOICE_ID)) fail('ERROR_CHECK_FAILURE', 'Empty field INVOICE_ID!');
	}
	/** The payment named by PAYMENT_ID, attached to PAY_SYSTEM_ID. */
	function paymentOf(p) {
		const payment = state.payments.get(asInt(p.PAYMENT_ID));
		if (!payment || payment.paySystemId !== asInt(p.PAY_SYSTEM_ID)) {
			fail('ERROR_CHECK_FAILURE', `Payment with ID=${p.PAYMENT_ID} and PAY_SYSTEM_ID=${p.PAY_SYSTEM_ID} not found`);
		}
		return payment;
	}
	/**
	 * Service::processRequest for a REST handler: a payment of a cancelled order is refused;
	 * otherwise the payment is set paid (a paid one stays as it is: no second payment) and the
	 * PS_* fields of the request are stored. When the order cannot be saved the portal only logs
	 * it and still answers true (`state.failures.orderSave`).
	 */
	function processRequest(payment, p, { key, calls }) {
		const order = state.orders.get(payment.orderId);
		if (!order) fail('ERROR_PROCESS_REQUEST_RESULT', 'Order not found');
		if (order.CANCELED === 'Y') fail('ERROR_PROCESS_REQUEST_RESULT', 'The order is canceled');
		calls.set(key, (calls.get(key) || 0) + 1);
		if (state.failures.orderSave) return true;
		if (payment.PAID !== 'Y') {
			payment.PAID = 'Y';
			payment.DATE_PAID = new Date().toISOString();
			state.paidTransitions.set(key, (state.paidTransitions.get(key) || 0) + 1);
		}
		payment.PS_STATUS = 'Y';
		payment.PS_RESPONSE_DATE = new Date().toISOString();
		for (const field of PS_FIELDS) if (isset(p[field])) payment[field] = String(p[field]);
		return true;
	}
	/** CRestUtil::saveFile: plain base64 (or [name, base64]); anything else is stored as a broken file. */
	function logo(value) {
		const content = Array.isArray(value) ? value[1] : value;
		return { LOGOTIP: { size: String(content ?? '').length, valid: /^[A-Za-z0-9+/]+={0,2}$/.test(String(content ?? '')) } };
	}

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
		const scope = PAY_SYSTEM_METHODS.has(method) ? 'pay_system' : method.startsWith('sale.') ? 'sale' : undefined;
		if (scope && !hook.scopes.includes(scope)) return errorResponse('insufficient_scope');
		const key = `${hook.userId}|${hook.code}|${method}`;
		if (operating.blocked(key, request)) return errorResponse('OPERATION_TIME_LIMIT');
		const finish = operating.start(key, method, request);
		try {
			if (ADMIN_METHODS.has(method)) requireAdmin(hook);
			const result = methods[method](incomingParams(method, p), hook);
			if (result && typeof result === 'object' && result.error) {
				return { status: result.status, body: { error: result.error, error_description: result.description } };
			}
			finish(true);
			const time = timeObject(start, operating.info(key, request));
			// A paged list answers `total` and `next` beside its result.
			if (result && typeof result === 'object' && result.paged) {
				const { paged, result: rows, ...paging } = result;
				return { status: 200, body: { result: rows, ...paging, time } };
			}
			return { status: 200, body: { result, time } };
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
	function addPayment({ id, orderId = id, paySystemId, sum = 100, currency = 'RUB', accountNumber, canceled = false }) {
		if (!state.orders.has(orderId)) state.orders.set(orderId, { ID: orderId, ACCOUNT_NUMBER: String(orderId), CURRENCY: currency, PRICE: sum, USER_ID: 1, CANCELED: canceled ? 'Y' : 'N' });
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
		const order = state.orders.get(payment.orderId) || {};
		const form = {};
		for (const [name, field] of Object.entries(data.FIELDS || {})) {
			const code = typeof field.CODE === 'string' ? field.CODE : undefined;
			const setting = code ? mapping(ps, code, Number(ps.PERSON_TYPE_ID)) : undefined;
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
