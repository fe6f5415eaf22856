'use strict';
/**
 * A local Invoicebox API (v3 and l3 prefixes) as Invoicebox documents it
 * (https://docs.invoicebox.ru/docs/api/) and its official client uses it
 * (https://github.com/InvoiceBox/invoicebox-mcp-server):
 * Bearer tokens per account, orders with their status machine (created → completed / canceled /
 * expired; set by hand for non-processable orders), the guarantee flow (validate, send-code with a
 * resend window and a send limit, pay with an attempt limit, balances of payment methods),
 * refunds with what is left to refund, shipments, the `/filter/api/...` collections with the
 * documented filters, sorting and paging, every documented error body, the per-account limit
 * (100 requests per 30 s by default, 429 beyond) and per-IP limit (500 per 30 s), and an
 * `X-Request-Id` on every answer. Fault injection and the `/_sandbox/*` control API come from
 * common.js.
 *
 * Where the reference is silent the sandbox chooses, and says so here:
 * - a request without User-Agent (documented as required) gets 400 `bad_request`;
 * - a body that is not valid JSON gets 400 `bad_request`; missing required fields get 422
 *   `validation_error` with `fields[]` (the shape seen in the PHP SDK's mocks);
 * - an unknown path or order gets 404 `not_found`; another account's order 403 `forbidden`;
 * - a token used with the other prefix (v3 token on /l3) is `unauthorized`;
 * - 429 has the body `{"error": {"message": "Too Many Requests"}}` (the dictionary lists no code),
 *   and a `Retry-After` header only when the option `retryAfter` is on (not documented);
 * - paging honours `_page`/`_pageSize`, as Invoicebox's own client (the official MCP server,
 *   https://github.com/InvoiceBox/invoicebox-mcp-server/blob/4b62bec2d8298029c0624639e9e643d0c9b915d9/src/tools/reads.ts)
 *   sends them; `page`/`pageSize` (the spelling docs.invoicebox.ru gives) are ignored (option
 *   `paging`: 'mcp' by default, 'docs' for `page`/`pageSize` only, 'both', or 'ignore' for a
 *   server that ignores paging); pageSize defaults to 30 and is capped at 100 (setting
 *   `maxPageSize`); lists are sorted by creation time unless `_order` says otherwise; an unknown
 *   filter field or a malformed `_order` gets 422 `validation_error`; `ignoredFilters` (field
 *   names) makes the collections ignore those filters, as a server that does not apply them;
 * - a Merchant Order ID used before is accepted again (orders and refunds): the vendor's client
 *   says uniqueness "is not checked by Invoicebox by default" (reads.ts, get_order). Option
 *   `uniqueMerchantOrderId: true` refuses a repeat with `merchant_order_id_duplicate`, as a shop
 *   for which Invoicebox enforces it;
 * - shipments take `final` (a boolean, as the vendor's client sends it, writes.ts
 *   create_shipment): a final shipment closes the order for shipments (a later one gets
 *   `wrong_order_status`) and, for an order paid through the guarantee flow, gives the part not
 *   shipped back to the payment method (the held funds are released); shipments carry
 *   `createdAt` and `final`;
 * - per-token windows report `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 *   `X-RateLimit-Reset` (seconds until a request leaves the window) on every answer: the
 *   vendor's client reads `RateLimit-*` or `X-RateLimit-*` (src/core/http.ts); which spelling the
 *   server uses is not published, the sandbox picks the second;
 * - error bodies are `{"error": {"code", "message"}}` as the PHP SDK reads them; option
 *   `errorBody: 'flat'` answers `{"code", "message"}` at the top level, as the MCP client reads
 *   them (src/api/client.ts);
 * - create answers 200; create, refund and shipment amounts are checked to the kopeck with the
 *   order's round policy (default strict): per line total = quantity × price, price without VAT
 *   and line VAT from the VAT rate (within 0.01), order amount and VAT = sums of the lines;
 * - a confirmation code is 6 digits; a new one may be sent after `codeResendMs` (60 s), at most
 *   `maxCodeSends` (5) times per order; a code allows `maxPayAttempts` (3) wrong tries, then pay
 *   answers limitReached until a new code is sent; messages follow `languageId` (ru by default).
 * - status changes are appended to `state.statusChanges` and passed to `options.onStatusChange`.
 *
 * Notifications (section 4 of the reference): when a notification URL (the order's
 * `notificationUrl`, else the shop-level setting `notificationUrl`) and a `notificationKey` are
 * set, every status change of an order (paid through the guarantee flow or the payment page
 * `/_sandbox/pay`, canceled, expired, set by hand) and every refund (created, then completed
 * through `/_sandbox/completeRefund`) is POSTed as JSON with `X-Signature` = HMAC
 * (`notificationAlgorithm`, default sha1) of the exact bytes sent, lowercase hex. The body is the
 * order as the API returns it, encoded like PHP's json_encode with JSON_UNESCAPED_UNICODE (slashes
 * escaped as `\/`, as in the official SDK's example notification), so that a receiver that
 * re-serialises the JSON before checking the signature fails as it would with Invoicebox.
 * An answer other than HTTP 200 with `{"status":"success"}` is an error: a non-200 status, a body
 * that is not JSON, no answer within `notificationTimeoutMs`, or `{"status":"error"}` with the
 * code `out_of_service` (the default code) is retried `notificationRetries` times,
 * `notificationRetryDelayMs` apart (3 times, 200 ms, for tests; real Invoicebox retries 10 more
 * times within 24 hours); any other error code (signature_error, order_wrong_amount...) is final.
 * Every delivery, with each attempt's answer, is in `state.notifications` (`/_sandbox/state`,
 * `/_sandbox/notifications`). `/_sandbox/notify` sends an order's notification again (a
 * duplicate delivery), `/_sandbox/healthCheck` sends Invoicebox's test notification (id
 * ffffffff-…, empty merchantOrderId), `/_sandbox/settle` waits until no delivery is pending.
 *
 * The payment page (the orders' `paymentUrl`, `/payment/order/{orderContainerId}`) shows the
 * buyer the order (shop, number, amount, currency, basket) with two buttons: Pay (the order
 * becomes completed, as through `/_sandbox/pay`) and Fail. Where the reference is silent: Fail
 * stands for a payment that did not go through and the order being given up: the order becomes
 * canceled (real Invoicebox leaves an unpaid order open until it expires; the button lets a
 * workflow see a notification other than paid). Either way the signed notification goes out as
 * above, and the page shows how the receiver answered. A paid or canceled order's page offers to
 * send its notification again (a repeated delivery). The index page `/_sandbox/` lists the
 * shop's settings, its orders with links to their payment pages, the notifications sent and the
 * control endpoints.
 */
const crypto = require('node:crypto');
const { startServer } = require('./common');
const pages = require('./pages/invoicebox');

const DEMO_TOKEN = '5f2b7c0e9a1d4c3b8e6f0a2d4c6e8b10';
const DEMO_MERCHANT = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
/** `id` of the test notification Invoicebox's monitoring sends. */
const HEALTH_CHECK_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

const ERRORS = {
	unauthorized: [401, 'Unauthorized'],
	forbidden: [403, 'Forbidden'],
	wrong_expiration_date: [422, 'Wrong expiration date'],
	wrong_currency: [422, 'Wrong currency'],
	language_not_found: [422, 'Language not found'],
	wrong_basket_item_total_amount: [422, 'Calculation Error'],
	wrong_basket_item_total_vat_amount: [422, 'Calculation Error'],
	wrong_basket_item_amount_wo_vat: [422, 'Calculation Error'],
	wrong_total_amount: [422, 'Calculation Error'],
	wrong_total_vat_amount: [422, 'Calculation Error'],
	wrong_order_status: [422, 'Wrong order status'],
	merchant_order_id_duplicate: [422, 'Merchant order id duplicate'],
	validation_error: [422, 'Validation Failed'],
	bad_request: [400, 'Bad Request'],
	not_found: [404, 'Not Found'],
};

const VAT_RATES = {
	VATNONE: 0,
	RUS_VAT0: 0,
	RUS_VAT5: 5,
	RUS_VAT5_ADDED: 5,
	RUS_VAT7: 7,
	RUS_VAT7_ADDED: 7,
	RUS_VAT10: 10,
	RUS_VAT10_ADDED: 10,
	RUS_VAT20: 20,
	RUS_VAT20_ADDED: 20,
	RUS_VAT22: 22,
	RUS_VAT22_ADDED: 22,
};
const CURRENCIES = ['RUB', 'USD', 'EUR', 'GBP', 'CNY', 'KZT', 'BYN'];
const LANGUAGES = ['ru', 'en'];
const PAYMENT_TYPES = ['full_prepayment', 'prepayment', 'advance', 'full_payment'];
const ROUND_POLICIES = ['strict', 'none', 'floor', 'ceil', 'halfUp', 'halfDown'];
const ORDER_STATUSES = ['created', 'completed', 'expired', 'canceled'];
const BASKET_REQUIRED = ['sku', 'name', 'measure', 'measureCode', 'quantity', 'amount', 'amountWoVat', 'totalAmount', 'totalVatAmount', 'vatCode', 'type', 'paymentType'];
const BASKET_NUMBERS = ['quantity', 'amount', 'amountWoVat', 'totalAmount', 'totalVatAmount', 'grossWeight', 'netWeight', 'excise'];

class ApiError extends Error {
	constructor(code, message, fields) {
		super(code);
		this.code = code;
		this.text = message;
		this.fields = fields;
	}
}
const fail = (code, message, fields) => {
	throw new ApiError(code, message, fields);
};
const invalidField = (name, code = 'required', message = 'This value should not be blank.') =>
	fail('validation_error', undefined, [{ name, code, message }]);

function errorResponse(code, message, fields) {
	const [status, text] = ERRORS[code] || [422, code];
	const error = { message: message || text, code };
	if (fields) error.fields = fields;
	return { status, body: { error } };
}

const isBlank = (v) => v === undefined || v === null || v === '';
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const round2 = (x) => Math.round((x + Number.EPSILON * Math.sign(x)) * 100) / 100;
const atom = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function uuid() {
	const hex = crypto.randomBytes(16).toString('hex');
	const t = Date.now().toString(16).padStart(12, '0').slice(-12);
	return `${t.slice(0, 8)}-${t.slice(8, 12)}-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 20)}`;
}

/** Sliding window limiter: at most `max` accepted requests per `windowMs`. */
class Window {
	constructor(max, windowMs) {
		this.max = max;
		this.windowMs = windowMs;
		this.sent = [];
	}
	allows(now = Date.now()) {
		this.sent = this.sent.filter((t) => t > now - this.windowMs);
		return this.sent.length < this.max;
	}
	record(now = Date.now()) {
		this.sent.push(now);
	}
	retryAfterSeconds(now = Date.now()) {
		const oldest = this.sent[0] ?? now;
		return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
	}
}

/** Rounds a line's quantity × price the way the order's round policy says. */
function roundBy(policy, x) {
	const cents = x * 100;
	switch (policy) {
		case 'floor':
			return Math.floor(cents + 1e-7) / 100;
		case 'ceil':
			return Math.ceil(cents - 1e-7) / 100;
		case 'halfDown':
			return (Math.ceil(cents - 0.5 - 1e-9)) / 100;
		default:
			return round2(x);
	}
}

function initialState(options) {
	const accounts = (options.accounts || [
		{ token: DEMO_TOKEN, userId: '0187a9b1-0000-4000-8000-000000000001', prefix: 'v3', merchantIds: [DEMO_MERCHANT] },
	]).map((a) => ({ prefix: 'v3', ...a }));
	const methods = options.paymentMethods || [
		{ id: '39363265', balance: 1_000_000 },
		{ id: '41730012', balance: 1_000_000 },
	];
	return {
		accounts,
		orders: new Map(),
		refunds: new Map(),
		shipments: new Map(),
		nextShipmentId: 371723,
		paymentMethods: new Map(methods.map((m) => [String(m.id), { unregistered: [], broken: false, ...m, id: String(m.id) }])),
		/** orderId → { publicCode, code, sentAt, sends, attempts } */
		codes: new Map(),
		/** Accepted (processed) writes per order or per merchant order ID: duplicates show here. */
		counts: { create: new Map(), pay: new Map(), refund: new Map(), shipment: new Map(), cancel: new Map() },
		statusChanges: [],
		/** Notifications sent to the shop: { seq, orderId, status, url, deliveryKey, body, signature, attempts[], outcome }. */
		notifications: [],
	};
}

/**
 * Options: port, accounts [{token, userId, prefix, merchantIds}], rateLimit {max, windowMs} or
 * null (per token; default 100 / 30 s), ipRateLimit {max, windowMs} or null (default 500 / 30 s,
 * null when rateLimit is null), retryAfter (send Retry-After on 429), paging ('docs' | 'mcp' |
 * 'both' | 'ignore'; default 'mcp'), ignoredFilters ([]), maxPageSize (100), metaData (default true),
 * errorBody ('nested' | 'flat'), paymentMethods [{id, balance, unregistered: [INN], broken}],
 * codeResendMs, maxCodeSends, maxPayAttempts, uniqueMerchantOrderId (default false),
 * requireUserAgent (default true), onStatusChange(order, from), notificationUrl, notificationKey,
 * notificationAlgorithm ('sha1'), notificationRetries (3), notificationRetryDelayMs (200),
 * notificationTimeoutMs (20000), notificationEscapeSlashes (true).
 */
async function startInvoiceboxSandbox(options = {}) {
	const settings = {
		rateLimit: options.rateLimit === undefined ? { max: 100, windowMs: 30_000 } : options.rateLimit,
		ipRateLimit:
			options.ipRateLimit !== undefined ? options.ipRateLimit : options.rateLimit === null ? null : { max: 500, windowMs: 30_000 },
		retryAfter: options.retryAfter === true,
		paging: options.paging || 'mcp',
		ignoredFilters: options.ignoredFilters ?? [],
		errorBody: options.errorBody ?? 'nested',
		maxPageSize: options.maxPageSize ?? 100,
		metaData: options.metaData !== false,
		codeResendMs: options.codeResendMs ?? 60_000,
		maxCodeSends: options.maxCodeSends ?? 5,
		maxPayAttempts: options.maxPayAttempts ?? 3,
		uniqueMerchantOrderId: options.uniqueMerchantOrderId === true,
		requireUserAgent: options.requireUserAgent !== false,
		notificationUrl: options.notificationUrl ?? null,
		notificationKey: options.notificationKey ?? null,
		notificationAlgorithm: options.notificationAlgorithm ?? 'sha1',
		notificationRetries: options.notificationRetries ?? 3,
		notificationRetryDelayMs: options.notificationRetryDelayMs ?? 200,
		notificationTimeoutMs: options.notificationTimeoutMs ?? 20_000,
		notificationEscapeSlashes: options.notificationEscapeSlashes !== false,
	};
	const defaults = { ...settings };
	let state = initialState(options);
	let windows = new Map();
	let requestSeq = 0;
	let baseUrl = '';

	// ------------------------------------------------------------------ helpers
	function windowFor(key, limit) {
		if (!limit) return undefined;
		let w = windows.get(key);
		if (!w) {
			w = new Window(limit.max, limit.windowMs);
			windows.set(key, w);
		}
		return w;
	}

	function setStatus(order, status) {
		if (order.status === status) return;
		const from = order.status;
		order.status = status;
		state.statusChanges.push({ orderId: order.id, from, to: status, at: atom(Date.now()) });
		options.onStatusChange?.(order, from);
		notify(order);
	}

	// ------------------------------------------------------------------ notifications
	const pendingDeliveries = new Set();
	let notificationSeq = 0;
	let generation = 0;
	const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

	/** The bytes Invoicebox would send: JSON as PHP's json_encode(JSON_UNESCAPED_UNICODE) writes it. */
	function encodeNotification(value) {
		const text = JSON.stringify(value);
		return settings.notificationEscapeSlashes ? text.replace(/\//g, '\\/') : text;
	}

	/** Where a notification about `subject` (an order or a refund) goes, if anywhere. */
	function notificationUrlFor(subject) {
		const parent = subject.parentId ? state.orders.get(subject.parentId) : undefined;
		return subject.notificationUrl || parent?.notificationUrl || settings.notificationUrl || null;
	}

	/**
	 * Sends the signed notification about `subject` (its current state) in the background and
	 * returns its record, or undefined when no URL or key is configured.
	 */
	function notify(subject, url = notificationUrlFor(subject)) {
		if (!url || !settings.notificationKey) return undefined;
		const { paidWith, ...view } = subject;
		const body = encodeNotification(view);
		const entry = {
			seq: ++notificationSeq,
			orderId: subject.id,
			status: subject.status,
			url,
			deliveryKey: `${subject.id}:${subject.status}`,
			algorithm: settings.notificationAlgorithm,
			body,
			signature: crypto.createHmac(settings.notificationAlgorithm, settings.notificationKey).update(body, 'utf8').digest('hex'),
			createdAt: atom(Date.now()),
			attempts: [],
			outcome: 'pending',
		};
		state.notifications.push(entry);
		const delivery = deliver(entry, generation).finally(() => pendingDeliveries.delete(delivery));
		pendingDeliveries.add(delivery);
		entry.done = delivery;
		return entry;
	}

	async function deliver(entry, startedIn) {
		for (let attempt = 0; attempt <= settings.notificationRetries; attempt++) {
			if (attempt) await wait(settings.notificationRetryDelayMs);
			if (startedIn !== generation) return; // the sandbox was reset meanwhile
			const result = await attemptDelivery(entry);
			entry.attempts.push(result);
			if (result.outcome === 'success') {
				entry.outcome = 'delivered';
				return;
			}
			if (result.outcome === 'refused') {
				entry.outcome = 'refused';
				return;
			}
		}
		entry.outcome = 'failed';
	}

	/** One POST; its outcome: success, refused (an error code other than out_of_service: final) or retry. */
	async function attemptDelivery(entry) {
		const started = Date.now();
		const record = { at: atom(started), ms: 0, httpStatus: 0, answer: undefined, error: undefined, outcome: 'retry' };
		try {
			const response = await fetch(entry.url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-Signature': entry.signature, 'User-Agent': 'Invoicebox-Sandbox-Notifier/1.0' },
				body: entry.body,
				signal: AbortSignal.timeout(settings.notificationTimeoutMs),
			});
			record.httpStatus = response.status;
			const text = await response.text();
			let answer;
			try {
				answer = JSON.parse(text);
				record.answer = answer;
			} catch {
				record.answer = text.slice(0, 500);
				record.error = 'the answer is not JSON';
				return record;
			}
			if (response.status !== 200) {
				record.error = `HTTP ${response.status}`;
				return record;
			}
			if (answer?.status === 'success') record.outcome = 'success';
			else if (answer?.status === 'error') {
				const code = answer.code || 'out_of_service';
				if (code !== 'out_of_service') record.outcome = 'refused';
				record.error = code;
			} else record.error = 'the answer is neither success nor error';
		} catch (error) {
			record.error = error?.name === 'TimeoutError' ? 'no answer in time' : String(error?.cause?.code || error?.message || error);
		} finally {
			record.ms = Date.now() - started;
		}
		return record;
	}

	/** Waits until no notification is being delivered (retries included). */
	async function settleNotifications(timeoutMs = 30_000) {
		const until = Date.now() + timeoutMs;
		while (pendingDeliveries.size && Date.now() < until) {
			let timer;
			const timeout = new Promise((resolve) => {
				timer = setTimeout(resolve, Math.max(0, until - Date.now()));
			});
			await Promise.race([Promise.allSettled([...pendingDeliveries]), timeout]);
			clearTimeout(timer);
		}
		return notificationsView();
	}

	const notificationsView = () => state.notifications.map(({ done, ...rest }) => rest);

	/** Invoicebox's monitoring test: id ffffffff-…, empty merchantOrderId, signed like any other. */
	function sendHealthCheck(body = {}) {
		const merchantId = body.merchantId || state.accounts[0].merchantIds[0];
		const probe = {
			id: HEALTH_CHECK_ID,
			merchantId,
			merchantOrderId: '',
			status: 'completed',
			amount: 0,
			currencyId: 'RUB',
			customer: {},
			createdAt: atom(Date.now()),
		};
		return notify(probe, body.url || settings.notificationUrl);
	}

	/** Lazily moves an unpaid order past its expiration date to `expired`. */
	function refresh(order) {
		if (order.status === 'created' && Date.parse(order.expirationDate) <= Date.now()) setStatus(order, 'expired');
		return order;
	}

	function ownOrder(account, id) {
		if (!UUID.test(String(id))) fail('not_found');
		const order = state.orders.get(String(id).toLowerCase());
		if (!order) fail('not_found');
		if (!account.merchantIds.includes(order.merchantId)) fail('forbidden');
		return refresh(order);
	}

	const count = (map, key) => map.set(key, (map.get(key) || 0) + 1);

	function requireFields(body, names, prefix = '') {
		for (const name of names) if (isBlank(body[name])) invalidField(`${prefix}${name}`);
	}

	function checkCustomer(customer, name = 'customer') {
		if (!isObject(customer)) invalidField(name);
		if (customer.type !== undefined && !['legal', 'private'].includes(customer.type)) invalidField(`${name}.type`, 'wrong_value', 'Must be legal or private.');
	}

	/** The documented amount checks of one basket. */
	function checkBasket(items, policy = 'strict') {
		if (!Array.isArray(items) || !items.length) invalidField('basketItems');
		items.forEach((item, i) => {
			const at = `basketItems[${i}].`;
			if (!isObject(item)) invalidField(`basketItems[${i}]`, 'wrong_value', 'Must be an object.');
			requireFields(item, BASKET_REQUIRED, at);
			for (const key of BASKET_NUMBERS) {
				if (item[key] !== undefined && (typeof item[key] !== 'number' || !Number.isFinite(item[key]))) invalidField(`${at}${key}`, 'wrong_value', 'Must be a number.');
			}
			if (!(item.vatCode in VAT_RATES)) invalidField(`${at}vatCode`, 'wrong_value', 'Unknown VAT code.');
			if (!PAYMENT_TYPES.includes(item.paymentType)) invalidField(`${at}paymentType`, 'wrong_value', 'Unknown payment type.');
			if (!(['service', 'commodity'].includes(item.type) || /^\d+$/.test(String(item.type)))) invalidField(`${at}type`, 'wrong_value', 'Unknown item type.');
			if (item.category !== undefined && !['merchantHonestSignMap', 'honestSign'].includes(item.categoryType)) invalidField(`${at}categoryType`);
			const rate = VAT_RATES[item.vatCode];
			const line = item.quantity * item.amount;
			const totalOk =
				policy === 'none' ? line <= item.totalAmount + 0.005 : Math.abs(roundBy(policy, line) - item.totalAmount) < 0.005;
			if (!totalOk) fail('wrong_basket_item_total_amount', undefined, [{ name: `${at}totalAmount`, code: 'wrong_value', message: '' }]);
			if (Math.abs(item.amountWoVat - (item.amount * 100) / (100 + rate)) > 0.0101) {
				fail('wrong_basket_item_amount_wo_vat', undefined, [{ name: `${at}amountWoVat`, code: 'wrong_value', message: '' }]);
			}
			if (Math.abs(item.totalVatAmount - (item.totalAmount * rate) / (100 + rate)) > 0.0101) {
				fail('wrong_basket_item_total_vat_amount', undefined, [{ name: `${at}totalVatAmount`, code: 'wrong_value', message: '' }]);
			}
		});
	}

	function checkTotals(body, items) {
		const sum = (key) => round2(items.reduce((a, i) => a + i[key], 0));
		if (typeof body.amount !== 'number' || Math.abs(body.amount - sum('totalAmount')) > 0.005) {
			fail('wrong_total_amount', undefined, [{ name: 'amount', code: 'wrong_value', message: '' }]);
		}
		if (typeof body.vatAmount !== 'number' || Math.abs(body.vatAmount - sum('totalVatAmount')) > 0.005) {
			fail('wrong_total_vat_amount', undefined, [{ name: 'vatAmount', code: 'wrong_value', message: '' }]);
		}
	}

	function checkExpiration(value) {
		const at = Date.parse(String(value));
		if (Number.isNaN(at) || at <= Date.now()) fail('wrong_expiration_date', undefined, [{ name: 'expirationDate', code: 'wrong_value', message: '' }]);
	}

	function checkUrls(body) {
		for (const key of ['notificationUrl', 'successUrl', 'failUrl', 'returnUrl']) {
			if (body[key] !== undefined && (typeof body[key] !== 'string' || !/^https?:\/\//.test(body[key]) || body[key].length > 1000)) {
				invalidField(key, 'wrong_value', 'Must be a URL.');
			}
		}
	}

	// ------------------------------------------------------------------ orders
	function createOrder(account, body) {
		requireFields(body, ['merchantId', 'merchantOrderId', 'description', 'amount', 'vatAmount', 'currencyId', 'expirationDate', 'basketItems', 'customer']);
		if (!account.merchantIds.includes(String(body.merchantId).toLowerCase())) fail('forbidden');
		if (!CURRENCIES.includes(body.currencyId)) fail('wrong_currency', undefined, [{ name: 'currencyId', code: 'wrong_value', message: '' }]);
		if (body.languageId !== undefined && !LANGUAGES.includes(body.languageId)) fail('language_not_found', undefined, [{ name: 'languageId', code: 'wrong_value', message: '' }]);
		checkExpiration(body.expirationDate);
		checkCustomer(body.customer);
		checkUrls(body);
		const policy = body.orderSetting?.roundPolicy ?? 'strict';
		if (!ROUND_POLICIES.includes(policy)) invalidField('orderSetting.roundPolicy', 'wrong_value', 'Unknown round policy.');
		checkBasket(body.basketItems, policy);
		checkTotals(body, body.basketItems);
		if (String(body.merchantOrderId).length > 256) invalidField('merchantOrderId', 'too_long', 'At most 256 characters.');
		if (String(body.description).length > 1000) invalidField('description', 'too_long', 'At most 1000 characters.');
		if (body.metaData !== undefined && !isObject(body.metaData) && !Array.isArray(body.metaData)) invalidField('metaData', 'wrong_value', 'Must be an object.');
		if (body.parentId !== undefined) {
			const parent = state.orders.get(String(body.parentId)) || state.refunds.get(String(body.parentId));
			if (!parent) invalidField('parentId', 'not_found', 'No such order.');
		}
		const merchantId = String(body.merchantId).toLowerCase();
		if (
			settings.uniqueMerchantOrderId &&
			[...state.orders.values()].some((o) => o.merchantId === merchantId && o.merchantOrderId === String(body.merchantOrderId))
		) {
			fail('merchant_order_id_duplicate', undefined, [{ name: 'merchantOrderId', code: 'duplicate', message: '' }]);
		}
		const id = uuid();
		const containerId = body.orderContainerId || uuid();
		const order = {
			...body,
			id,
			merchantId,
			merchantOrderId: String(body.merchantOrderId),
			orderContainerId: containerId,
			status: 'created',
			subtype: 'order',
			processable: body.processable !== false,
			createdAt: atom(Date.now()),
			paymentUrl: `${baseUrl}/payment/order/${containerId}`,
			fileIds: [],
		};
		state.orders.set(id, order);
		count(state.counts.create, order.merchantOrderId);
		state.statusChanges.push({ orderId: id, from: null, to: 'created', at: order.createdAt });
		return order;
	}

	function updateOrder(account, id, body) {
		const order = ownOrder(account, id);
		if (order.status !== 'created') fail('wrong_order_status');
		if (!isObject(body)) invalidField('body');
		const allowed = ['description', 'amount', 'vatAmount', 'expirationDate', 'basketItems', 'metaData', 'customer', 'shopId'];
		for (const key of Object.keys(body)) if (!allowed.includes(key)) invalidField(key, 'not_allowed', 'This field cannot be changed.');
		if (body.expirationDate !== undefined) checkExpiration(body.expirationDate);
		if (body.customer !== undefined) checkCustomer(body.customer);
		const next = { ...order, ...body };
		if (body.basketItems !== undefined) checkBasket(body.basketItems, order.orderSetting?.roundPolicy ?? 'strict');
		if (body.basketItems !== undefined || body.amount !== undefined || body.vatAmount !== undefined) checkTotals(next, next.basketItems);
		Object.assign(order, body);
		return order;
	}

	function cancelOrder(account, id) {
		const order = ownOrder(account, id);
		const shipped = [...state.shipments.values()].some((s) => s.orderId === order.id);
		if (order.status === 'created') {
			setStatus(order, 'canceled');
		} else if (order.status === 'completed' && order.paidWith && !shipped) {
			// Paid with a guarantee instrument and nothing shipped: the payment goes back to the payer.
			const method = state.paymentMethods.get(order.paidWith);
			if (method) method.balance = round2(method.balance + order.amount);
			setStatus(order, 'canceled');
		} else fail('wrong_order_status');
		count(state.counts.cancel, order.id);
		return order;
	}

	function setOrderStatus(account, id, body) {
		const order = ownOrder(account, id);
		const status = body?.status === 'cancelled' ? 'canceled' : body?.status;
		if (!ORDER_STATUSES.includes(status)) invalidField('status', 'wrong_value', 'Must be created, completed, expired or canceled.');
		if (order.processable !== false) fail('wrong_order_status', 'Order is processable');
		if (order.status !== 'created' && order.status !== status) fail('wrong_order_status');
		setStatus(order, status);
		if (status === 'completed' && !order.paidAt) order.paidAt = atom(Date.now());
		return order;
	}

	function moveOrder(account, body) {
		requireFields(body || {}, ['merchantId', 'orderId']);
		const order = ownOrder(account, body.orderId);
		if (!account.merchantIds.includes(String(body.merchantId).toLowerCase())) fail('forbidden');
		order.merchantId = String(body.merchantId).toLowerCase();
		return order;
	}

	// ------------------------------------------------------------------ guarantee flow
	const MESSAGES = {
		notEnoughMoney: {
			ru: ['Недостаточно средств', 'Для подтверждения выбранного заказа недостаточно средств. Пожалуйста, восстановите баланс гарантийного фонда.'],
			en: ['Not enough money', 'There is not enough money to confirm this order. Please top up the guarantee fund.'],
		},
		limitReached: {
			ru: ['Превышено количество попыток', 'Запросите новый код подтверждения.'],
			en: ['Too many attempts', 'Request a new confirmation code.'],
		},
		error: {
			ru: ['Ошибка', 'Не удалось подтвердить оплату. Попробуйте позже.'],
			en: ['Error', 'The payment could not be confirmed. Please try again later.'],
		},
		sendLimit: {
			ru: ['Превышено количество отправок кода', 'Код больше не может быть отправлен по этому заказу.'],
			en: ['Code send limit reached', 'No more codes can be sent for this order.'],
		},
		notRegistered: {
			ru: ['Организация не зарегистрирована', 'Плательщик не зарегистрирован в системе Инвойсбокс.'],
			en: ['Not registered', 'The payer is not registered with Invoicebox.'],
		},
	};
	const message = (key, language) => {
		const [title, text] = MESSAGES[key][language === 'en' ? 'en' : 'ru'];
		return { message: { title, message: text } };
	};

	function guaranteeRequest(account, id, body) {
		const order = ownOrder(account, id);
		if (!isObject(body)) invalidField('body');
		requireFields(body, ['paymentMethodId', 'customer']);
		if (body.languageId !== undefined && !LANGUAGES.includes(body.languageId)) fail('language_not_found', undefined, [{ name: 'languageId', code: 'wrong_value', message: '' }]);
		checkCustomer(body.customer);
		const method = state.paymentMethods.get(String(body.paymentMethodId));
		if (!method) invalidField('paymentMethodId', 'not_found', 'Unknown payment method.');
		return { order, method, language: body.languageId };
	}

	function registered(method, customer) {
		return customer.type !== 'private' && !isBlank(customer.vatNumber) && !method.unregistered.includes(String(customer.vatNumber));
	}

	function validate(account, id, body) {
		const { order, method } = guaranteeRequest(account, id, body);
		if (order.status !== 'created') fail('wrong_order_status');
		const result = !registered(method, body.customer) ? 'notRegistered' : method.balance < order.amount ? 'notEnoughMoney' : 'available';
		return { type: 'none', result, resultData: { url: '', method: 'POST', arguments: [] } };
	}

	function sendCode(account, id, body) {
		const { order, method, language } = guaranteeRequest(account, id, body);
		if (order.status !== 'created') fail('wrong_order_status');
		if (!registered(method, body.customer)) return { type: 'message', result: 'error', resultData: message('notRegistered', language) };
		const current = state.codes.get(order.id);
		const sends = current?.sends ?? 0;
		if (current && Date.now() - current.sentAt < settings.codeResendMs) {
			return { type: 'none', result: 'codeAlreadySent', resultData: { publicCode: current.publicCode, leftAttempt: settings.maxCodeSends - sends } };
		}
		if (sends >= settings.maxCodeSends) return { type: 'message', result: 'error', resultData: message('sendLimit', language) };
		const code = {
			publicCode: `pc-${crypto.randomBytes(4).toString('hex')}`,
			code: String(crypto.randomInt(0, 1_000_000)).padStart(6, '0'),
			sentAt: Date.now(),
			sends: sends + 1,
			attempts: 0,
			methodId: method.id,
		};
		state.codes.set(order.id, code);
		return { type: 'none', result: 'success', resultData: { publicCode: code.publicCode, leftAttempt: settings.maxCodeSends - code.sends } };
	}

	function pay(account, id, body) {
		const order = ownOrder(account, id);
		if (!isObject(body)) invalidField('body');
		if (order.status === 'completed') return { type: 'none', result: 'alreadyPaid', resultData: {} };
		const { method, language } = guaranteeRequest(account, id, body);
		if (!isObject(body.customerPaymentData)) invalidField('customerPaymentData');
		requireFields(body.customerPaymentData, ['publicCode', 'code'], 'customerPaymentData.');
		if (order.status !== 'created') fail('wrong_order_status');
		const code = state.codes.get(order.id);
		if (!code || code.publicCode !== String(body.customerPaymentData.publicCode)) return { type: 'none', result: 'wrongCode', resultData: {} };
		if (code.attempts >= settings.maxPayAttempts) return { type: 'message', result: 'limitReached', resultData: message('limitReached', language) };
		if (code.code !== String(body.customerPaymentData.code)) {
			code.attempts += 1;
			if (code.attempts >= settings.maxPayAttempts) return { type: 'message', result: 'limitReached', resultData: message('limitReached', language) };
			return { type: 'none', result: 'wrongCode', resultData: {} };
		}
		if (method.broken) return { type: 'message', result: 'error', resultData: message('error', language) };
		if (method.balance < order.amount) return { type: 'message', result: 'notEnoughMoney', resultData: message('notEnoughMoney', language) };
		method.balance = round2(method.balance - order.amount);
		order.paidAt = atom(Date.now());
		order.paidWith = method.id;
		state.codes.delete(order.id);
		setStatus(order, 'completed');
		count(state.counts.pay, order.id);
		return { type: 'none', result: 'success', resultData: {} };
	}

	// ------------------------------------------------------------------ refunds
	/** What is left to refund of each line of a paid order (active refunds subtracted). */
	function refundable(order) {
		const refunds = [...state.refunds.values()].filter((r) => r.parentId === order.id && r.status !== 'canceled');
		return order.basketItems
			.map((item) => {
				let quantity = item.quantity;
				let total = item.totalAmount;
				for (const r of refunds) {
					for (const ri of r.basketItems) {
						if (ri.sku === item.sku) {
							quantity -= ri.quantity;
							total -= ri.totalAmount;
						}
					}
				}
				quantity = Math.round(quantity * 1000) / 1000;
				total = round2(total);
				if (quantity <= 0 || total <= 0) return undefined;
				const rate = VAT_RATES[item.vatCode] ?? 0;
				return { ...item, quantity, totalAmount: total, totalVatAmount: round2((total * rate) / (100 + rate)) };
			})
			.filter(Boolean);
	}

	function refundItems(account, id) {
		const order = ownOrder(account, id);
		if (order.status !== 'completed') fail('wrong_order_status');
		return refundable(order);
	}

	function createRefund(account, body) {
		if (!isObject(body)) invalidField('body');
		requireFields(body, ['parentId', 'merchantOrderId', 'amount', 'vatAmount', 'basketItems', 'description']);
		const order = ownOrder(account, body.parentId);
		if (order.status !== 'completed') fail('wrong_order_status');
		if (body.status !== undefined && !['created', 'draft'].includes(body.status)) invalidField('status', 'wrong_value', 'Must be created or draft.');
		if (String(body.merchantOrderId).length > 100) invalidField('merchantOrderId', 'too_long', 'At most 100 characters.');
		checkBasket(body.basketItems);
		checkTotals(body, body.basketItems);
		// With uniqueness enforced, a number used before is a duplicate whatever is left to refund.
		if (
			settings.uniqueMerchantOrderId &&
			[...state.refunds.values()].some((r) => r.merchantId === order.merchantId && r.merchantOrderId === String(body.merchantOrderId))
		) {
			fail('merchant_order_id_duplicate', undefined, [{ name: 'merchantOrderId', code: 'duplicate', message: '' }]);
		}
		const left = refundable(order);
		body.basketItems.forEach((item, i) => {
			const line = left.find((l) => l.sku === item.sku);
			if (!line) invalidField(`basketItems[${i}].sku`, 'not_refundable', 'Nothing left to refund for this item.');
			if (item.quantity > line.quantity + 1e-9 || item.totalAmount > line.totalAmount + 0.005) {
				invalidField(`basketItems[${i}].quantity`, 'too_much', 'More than is left to refund.');
			}
		});
		const refund = {
			id: uuid(),
			parentId: order.id,
			description: body.description,
			merchantOrderId: String(body.merchantOrderId),
			merchantId: order.merchantId,
			amount: body.amount,
			vatAmount: body.vatAmount,
			currencyId: order.currencyId,
			basketItems: body.basketItems,
			createdAt: atom(Date.now()),
			status: body.status || 'created',
		};
		state.refunds.set(refund.id, refund);
		count(state.counts.refund, order.id);
		if (refund.status === 'created') notify(refund);
		return refund;
	}

	// ------------------------------------------------------------------ shipments
	function createShipment(account, body) {
		if (!isObject(body)) invalidField('body');
		requireFields(body, ['orderId', 'basketItems']);
		const order = ownOrder(account, body.orderId);
		if (order.status !== 'completed') fail('wrong_order_status');
		if (body.documentNumber !== undefined && String(body.documentNumber).length > 36) invalidField('documentNumber', 'too_long', 'At most 36 characters.');
		if (body.documentDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.documentDate))) invalidField('documentDate', 'wrong_value', 'Must be a date (YYYY-MM-DD).');
		if (body.final !== undefined && typeof body.final !== 'boolean') invalidField('final', 'wrong_value', 'Must be a boolean.');
		if (order.shipmentsClosed) fail('wrong_order_status', 'The order was closed by a final shipment');
		checkBasket(body.basketItems);
		const shipment = {
			...body,
			orderId: order.id,
			id: state.nextShipmentId++,
			merchantId: order.merchantId,
			final: body.final === true,
			status: 'completed',
			createdAt: atom(Date.now()),
		};
		state.shipments.set(shipment.id, shipment);
		count(state.counts.shipment, order.id);
		if (shipment.final) closeShipments(order);
		return shipment;
	}

	/** A final shipment: no more shipments; a guarantee payment keeps only what was shipped. */
	function closeShipments(order) {
		order.shipmentsClosed = true;
		const shipped = [...state.shipments.values()]
			.filter((s) => s.orderId === order.id)
			.reduce((sum, s) => sum + s.basketItems.reduce((a, i) => a + i.totalAmount, 0), 0);
		const method = order.paidWith ? state.paymentMethods.get(order.paidWith) : undefined;
		const released = round2(Math.max(0, order.amount - shipped));
		if (method && released > 0) {
			method.balance = round2(method.balance + released);
			order.releasedAmount = released;
		}
	}

	// ------------------------------------------------------------------ collections
	const FILTER_FIELDS = {
		order: ['id', 'status', 'merchantId', 'merchantOrderId', 'createdAt', 'paidAt', 'expirationDate', 'amount', 'vatAmount', 'currencyId', 'description', 'parentId', 'orderContainerId', 'processable'],
		refund: ['id', 'parentId', 'status', 'merchantId', 'merchantOrderId', 'createdAt', 'amount', 'vatAmount', 'currencyId', 'description'],
		shipment: ['id', 'orderId', 'merchantId', 'documentNumber', 'documentDate', 'createdAt', 'final', 'status'],
	};
	const CONTROL_PARAMS = ['page', 'pageSize', '_page', '_pageSize', '_order'];
	const DATE_FIELDS = ['createdAt', 'paidAt', 'expirationDate', 'documentDate'];

	function compare(actual, expected, field) {
		if (DATE_FIELDS.includes(field)) {
			const a = Date.parse(String(actual));
			const e = Date.parse(String(expected));
			if (!Number.isNaN(a) && !Number.isNaN(e)) return a - e;
		}
		if (typeof actual === 'number' || typeof actual === 'boolean') return Number(actual) - Number(expected === 'true' ? 1 : expected === 'false' ? 0 : expected);
		return String(actual ?? '').localeCompare(String(expected));
	}

	function matches(row, field, condition) {
		const actual = row[field];
		if (Array.isArray(condition)) return condition.some((v) => compare(actual, v, field) === 0);
		if (isObject(condition)) {
			return Object.entries(condition).every(([op, value]) => {
				if (actual === undefined || actual === null) return op === '_ne';
				const c = compare(actual, value, field);
				switch (op) {
					case '_eq':
						return c === 0;
					case '_ne':
						return c !== 0;
					case '_gt':
						return c > 0;
					case '_ge':
						return c >= 0;
					case '_lt':
						return c < 0;
					case '_le':
						return c <= 0;
					case '_start':
						return String(actual).startsWith(String(value));
					default:
						invalidField(`${field}[${op}]`, 'wrong_value', 'Unknown operator.');
						return false;
				}
			});
		}
		return compare(actual, condition, field) === 0;
	}

	function list(kind, rows, query) {
		const fields = FILTER_FIELDS[kind];
		let out = rows;
		for (const [field, condition] of Object.entries(query)) {
			if (CONTROL_PARAMS.includes(field)) continue;
			if (!fields.includes(field)) invalidField(field, 'unknown_filter', 'Unknown filter field.');
			if (settings.ignoredFilters.includes(field)) continue;
			out = out.filter((row) => matches(row, field, condition));
		}
		const order = query._order;
		if (order !== undefined) {
			if (!isObject(order)) invalidField('_order', 'wrong_value', 'Use _order[field]=asc|desc.');
			for (const [field, dir] of Object.entries(order)) {
				if (!fields.includes(field) || !['asc', 'desc'].includes(String(dir).toLowerCase())) invalidField(`_order[${field}]`, 'wrong_value', 'Use _order[field]=asc|desc.');
			}
		}
		const rules = Object.entries(order || {});
		// Dates are kept to the second: rows made within one second keep their creation order, in
		// the direction a createdAt rule asks for (as finer timestamps would order them).
		const byCreation = rules.find(([field]) => field === 'createdAt');
		const tie = byCreation && String(byCreation[1]).toLowerCase() === 'desc' ? -1 : 1;
		out = out
			.map((row, index) => ({ row, index }))
			.sort((a, b) => {
				for (const [field, dir] of rules) {
					const c = compare(a.row[field], b.row[field], field);
					if (c) return String(dir).toLowerCase() === 'desc' ? -c : c;
				}
				return tie * (a.index - b.index);
			})
			.map((x) => x.row);
		const pick = (docs, mcp) => {
			if (settings.paging === 'docs') return query[docs];
			if (settings.paging === 'mcp') return query[mcp];
			if (settings.paging === 'both') return query[mcp] ?? query[docs];
			return undefined;
		};
		const requestedSize = Number(pick('pageSize', '_pageSize'));
		const pageSize = Number.isInteger(requestedSize) && requestedSize > 0 ? Math.min(requestedSize, settings.maxPageSize) : 30;
		const requestedPage = Number(pick('page', '_page'));
		const page = Number.isInteger(requestedPage) && requestedPage > 0 ? requestedPage : 1;
		const data = out.slice((page - 1) * pageSize, page * pageSize);
		const body = { data, extendedData: [] };
		if (settings.metaData) body.metaData = { totalCount: out.length, pageSize, page };
		return body;
	}

	const strip = (order) => {
		const { paidWith, ...rest } = refresh(order);
		return rest;
	};
	const visible = (account, map) => [...map.values()].filter((x) => account.merchantIds.includes(x.merchantId));

	// ------------------------------------------------------------------ routing
	const ROUTES = [
		['GET', /^\/security\/api\/auth\/auth$/, 'auth'],
		['POST', /^\/billing\/api\/order\/order$/, 'order.create'],
		['GET', /^\/billing\/api\/order\/order\/([^/]+)$/, 'order.get'],
		['PUT', /^\/billing\/api\/order\/order\/([^/]+)$/, 'order.update'],
		['DELETE', /^\/billing\/api\/order\/order\/([^/]+)$/, 'order.cancel'],
		['PUT', /^\/billing\/api\/order\/order-merchant-move$/, 'order.move'],
		['PUT', /^\/billing\/api\/order\/([^/]+)\/status$/, 'order.setStatus'],
		['POST', /^\/billing\/api\/order\/([^/]+)\/payment-method-action\/validate$/, 'guarantee.validate'],
		['POST', /^\/billing\/api\/order\/([^/]+)\/payment-method-action\/send-code$/, 'guarantee.sendCode'],
		['POST', /^\/billing\/api\/order\/([^/]+)\/payment-method-action\/pay$/, 'guarantee.pay'],
		['GET', /^\/billing\/api\/order\/order\/([^/]+)\/refund-basket-item$/, 'refund.items'],
		['POST', /^\/billing\/api\/order\/refund-order$/, 'refund.create'],
		['GET', /^\/filter\/api\/order\/refund-order$/, 'refund.list'],
		['POST', /^\/billing\/api\/order\/shipment$/, 'shipment.create'],
		['GET', /^\/filter\/api\/order\/shipment$/, 'shipment.list'],
		['GET', /^\/billing\/api\/order\/shipment$/, 'shipment.list'],
		['GET', /^\/filter\/api\/order\/order$/, 'order.list'],
	];

	function route(ctx) {
		const m = /^\/(v3|l3)(\/.*)$/.exec(ctx.path);
		if (!m) return { prefix: undefined, name: 'unknown', args: [] };
		for (const [method, re, name] of ROUTES) {
			const r = re.exec(m[2]);
			if (r && method === ctx.httpMethod) return { prefix: m[1], name, args: r.slice(1) };
		}
		return { prefix: m[1], name: 'unknown', args: [] };
	}

	function identify(ctx) {
		return route(ctx).name;
	}

	function run(name, account, args, ctx) {
		const body = ctx.body;
		switch (name) {
			case 'order.create':
				return strip(createOrder(account, isObject(body) ? body : {}));
			case 'order.get':
				return strip(ownOrder(account, args[0]));
			case 'order.update':
				return strip(updateOrder(account, args[0], body));
			case 'order.cancel':
				return strip(cancelOrder(account, args[0]));
			case 'order.move':
				return strip(moveOrder(account, body));
			case 'order.setStatus':
				return strip(setOrderStatus(account, args[0], body));
			case 'guarantee.validate':
				return validate(account, args[0], body);
			case 'guarantee.sendCode':
				return sendCode(account, args[0], body);
			case 'guarantee.pay':
				return pay(account, args[0], body);
			case 'refund.items':
				return refundItems(account, args[0]);
			case 'refund.create':
				return createRefund(account, body);
			case 'shipment.create':
				return createShipment(account, body);
			default:
				return fail('not_found');
		}
	}

	async function handle(ctx, entry) {
		const { prefix, name, args } = route(ctx);
		if (settings.requireUserAgent && !String(ctx.headers['user-agent'] || '').trim()) {
			return refuse('bad_request', 'User-Agent header is required');
		}
		if (!prefix || name === 'unknown') return refuse('not_found');

		const auth = String(ctx.headers.authorization || '');
		const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
		const account = token ? state.accounts.find((a) => a.token === token && a.prefix === prefix) : undefined;
		if (token && !account) return refuse('unauthorized');
		if (!account) {
			// Anonymous: only the auth check answers, with no user.
			if (name === 'auth') return { status: 200, body: { data: { userId: null, profile: null, accessToken: null }, extendedData: [] } };
			return refuse('unauthorized');
		}

		const perToken = windowFor(`token:${account.token}`, settings.rateLimit);
		const perIp = windowFor(`ip:${ctx.headers['x-forwarded-for'] || '127.0.0.1'}`, settings.ipRateLimit);
		const windowsHit = [perToken, perIp].filter(Boolean);
		const full = windowsHit.find((w) => !w.allows());
		if (full) {
			return {
				status: 429,
				body: { error: { message: 'Too Many Requests' } },
				headers: { ...limitHeaders(perToken), ...(settings.retryAfter ? { 'Retry-After': String(full.retryAfterSeconds()) } : {}) },
				accepted: false,
			};
		}
		for (const w of windowsHit) w.record();
		const result = answer(name, account, args, ctx);
		return { ...result, headers: { ...limitHeaders(perToken), ...(result.headers || {}) } };
	}

	/** The token's budget as the answer reports it: what is left in the window and when a request leaves it. */
	function limitHeaders(window) {
		if (!window) return {};
		const now = Date.now();
		window.allows(now);
		return {
			'X-RateLimit-Limit': String(window.max),
			'X-RateLimit-Remaining': String(Math.max(0, window.max - window.sent.length)),
			'X-RateLimit-Reset': String(window.sent.length ? window.retryAfterSeconds(now) : 0),
		};
	}

	/** The answer to an authenticated call within the limits. */
	function answer(name, account, args, ctx) {
		if (ctx.invalidJson) return refuse('bad_request', 'Malformed JSON');
		try {
			if (name === 'auth') return { status: 200, body: { data: { userId: account.userId, profile: null, accessToken: null }, extendedData: [] }, accepted: true };
			if (name === 'order.list') return { status: 200, body: list('order', visible(account, state.orders).map(strip), ctx.query), accepted: true };
			if (name === 'refund.list') return { status: 200, body: list('refund', visible(account, state.refunds), ctx.query), accepted: true };
			if (name === 'shipment.list') return { status: 200, body: list('shipment', visible(account, state.shipments), ctx.query), accepted: true };
			const data = run(name, account, args, ctx);
			return { status: 200, body: { data, extendedData: [] }, accepted: true };
		} catch (error) {
			if (error instanceof ApiError) return { ...refuse(error.code, error.text, error.fields), accepted: true };
			throw error;
		}
	}

	/** An error answer in the configured shape: nested (PHP SDK) or with `code` at the top level (MCP client). */
	function refuse(code, message, fields) {
		const response = errorResponse(code, message, fields);
		return settings.errorBody === 'flat' ? { ...response, body: response.body.error } : response;
	}

	function reset(body = {}) {
		state = initialState({ ...options, ...(body.accounts ? { accounts: body.accounts } : {}), ...(body.paymentMethods ? { paymentMethods: body.paymentMethods } : {}) });
		windows = new Map();
		generation += 1; // deliveries still under way stop
		pendingDeliveries.clear();
		Object.assign(settings, defaults);
		configure(body);
	}

	/** Changes settings at run time (rateLimit, ipRateLimit, retryAfter, paging, metaData, codeResendMs...). */
	function configure(body = {}) {
		for (const key of Object.keys(settings)) if (body[key] !== undefined) settings[key] = body[key];
		if (body.rateLimit !== undefined || body.ipRateLimit !== undefined) windows = new Map();
		if (body.rateLimit === null && body.ipRateLimit === undefined) settings.ipRateLimit = null;
		return { ...settings, notificationKey: settings.notificationKey ? '(set)' : null };
	}

	// ------------------------------------------------------------------ test data
	function order(id) {
		return state.orders.get(String(id).toLowerCase());
	}

	/**
	 * Test data in bulk (benchmarks): `count` orders of the first account's merchant, made
	 * directly in the shop's state (no API call, so no rate limit is spent), each with one basket
	 * line of `amount` (VAT 20%) and merchant order IDs `<prefix>1`, `<prefix>2`...; `paid`: every
	 * order completed; `ids`: the order IDs to use (to restore the same orders after a reset).
	 * Returns the new orders' IDs in creation order.
	 */
	function addOrders({ count: n = 1, prefix = 'BULK-', amount = 1200, paid = false, ids: givenIds } = {}) {
		const merchantId = state.accounts[0].merchantIds[0];
		const vat = round2((amount * 20) / 120);
		const now = Date.now();
		const ids = [];
		for (let i = 1; i <= Number(n); i++) {
			const id = givenIds?.[i - 1] ?? uuid();
			const containerId = uuid();
			const createdAt = atom(now);
			const order = {
				merchantId,
				merchantOrderId: `${prefix}${i}`,
				description: `Bulk order ${i}`,
				amount,
				vatAmount: vat,
				currencyId: 'RUB',
				expirationDate: atom(now + 7 * 86_400_000),
				customer: { type: 'legal', name: 'Example LLC', vatNumber: '7700000000', email: 'billing@example.com' },
				basketItems: [
					{
						sku: 'BULK', name: 'Bulk item', measure: 'шт', measureCode: '796', quantity: 1, amount,
						amountWoVat: round2((amount * 100) / 120), totalAmount: amount, totalVatAmount: vat,
						vatCode: 'RUS_VAT20', type: 'service', paymentType: 'full_prepayment',
					},
				],
				id,
				orderContainerId: containerId,
				status: paid ? 'completed' : 'created',
				subtype: 'order',
				processable: true,
				createdAt,
				...(paid ? { paidAt: createdAt } : {}),
				paymentUrl: `${baseUrl}/payment/order/${containerId}`,
				fileIds: [],
			};
			state.orders.set(id, order);
			ids.push(id);
		}
		return { ids };
	}

	/** The payment page: the buyer pays an order (as if through Invoicebox's own page). */
	function payOrder(id) {
		const o = order(id);
		if (!o) throw new Error(`no order ${id}`);
		refresh(o);
		if (o.status !== 'created') throw new Error(`order ${id} is ${o.status}`);
		o.paidAt = atom(Date.now());
		setStatus(o, 'completed');
		return o;
	}

	function expireOrder(id) {
		const o = order(id);
		if (!o) throw new Error(`no order ${id}`);
		o.expirationDate = atom(Date.now() - 1000);
		return refresh(o);
	}

	/** Sends the notification about an order's (or a refund's) current state again: a duplicate delivery. */
	function sendNotification(id, url) {
		const subject = order(id) || state.refunds.get(String(id).toLowerCase());
		if (!subject) throw new Error(`no order or refund ${id}`);
		return notify(subject, url || notificationUrlFor(subject));
	}

	/** Invoicebox completes a refund (the money went back): the refund's status becomes completed. */
	function completeRefund(id) {
		const refund = state.refunds.get(String(id).toLowerCase());
		if (!refund) throw new Error(`no refund ${id}`);
		if (refund.status !== 'created') throw new Error(`refund ${id} is ${refund.status}`);
		refund.status = 'completed';
		notify(refund);
		return refund;
	}

	/** A control call that sends a notification: answers with its record once delivered (unless wait: false). */
	async function sent(entry, body) {
		if (!entry) return { sent: false, reason: 'no notification URL or key configured' };
		if (body.wait !== false) await entry.done;
		const { done, ...view } = entry;
		return view;
	}

	/** The orders behind one payment page (an invoice: orders sharing an orderContainerId). */
	function containerOrders(containerId) {
		return [...state.orders.values()].filter((o) => o.orderContainerId === String(containerId).toLowerCase()).map(refresh);
	}

	/**
	 * The buyer presses a button on the payment page: `pay` (open orders become completed),
	 * `fail` (open orders become canceled) or `notify` (closed orders' notifications are sent
	 * again). Waits (up to `waitMs`) for the notifications this sent; returns them.
	 */
	async function buyerAction(containerId, outcome, waitMs = 25_000) {
		const first = state.notifications.length;
		for (const o of containerOrders(containerId)) {
			if (outcome === 'pay' && o.status === 'created') payOrder(o.id);
			else if (outcome === 'fail' && o.status === 'created') setStatus(o, 'canceled');
			else if (outcome === 'notify' && o.status !== 'created') sendNotification(o.id);
		}
		const sentNow = state.notifications.slice(first);
		let timer;
		const timeout = new Promise((resolve) => {
			timer = setTimeout(resolve, waitMs);
		});
		await Promise.race([Promise.allSettled(sentNow.map((entry) => entry.done)), timeout]);
		clearTimeout(timer);
		return sentNow.map(({ done, ...view }) => view);
	}

	/** What the pages need to know of the shop. */
	const pageContext = () => ({ state, settings, notificationUrlFor, containerOrders });

	function snapshot() {
		const obj = (map) => Object.fromEntries(map);
		return {
			orders: [...state.orders.values()],
			refunds: [...state.refunds.values()],
			shipments: [...state.shipments.values()],
			paymentMethods: [...state.paymentMethods.values()],
			codes: Object.fromEntries([...state.codes].map(([k, v]) => [k, { publicCode: v.publicCode, code: v.code, sends: v.sends, attempts: v.attempts }])),
			counts: Object.fromEntries(Object.entries(state.counts).map(([k, v]) => [k, obj(v)])),
			statusChanges: state.statusChanges,
			notifications: notificationsView(),
			settings: { ...settings, notificationKey: settings.notificationKey ? '(set)' : null },
		};
	}

	const server = await startServer({
		name: 'invoicebox',
		port: options.port,
		identify,
		handle,
		onReset: reset,
		index: () => pages.index(pageContext()),
		pages: [
			{ method: 'GET', path: /^\/payment\/order\/([^/]+)$/, render: (ctx, [, containerId]) => pages.paymentPage(pageContext(), containerId) },
			{
				method: 'POST',
				path: /^\/payment\/order\/([^/]+)$/,
				render: async (ctx, [, containerId]) => {
					const outcome = String(ctx.body?.outcome || '');
					if (!['pay', 'fail', 'notify'].includes(outcome) || !containerOrders(containerId).length) return pages.paymentPage(pageContext(), containerId);
					const notifications = await buyerAction(containerId, outcome);
					return pages.outcomePage(pageContext(), containerId, outcome, notifications);
				},
			},
		],
		responseHeaders: (entry) => {
			entry.requestId = `sbx-${(++requestSeq).toString(16).padStart(6, '0')}-${crypto.randomBytes(4).toString('hex')}`;
			return { 'X-Request-Id': entry.requestId };
		},
		control: {
			state: () => snapshot(),
			settings: (body) => configure(body),
			pay: (body) => payOrder(body.orderId),
			orders: (body) => addOrders(body),
			expire: (body) => expireOrder(body.orderId),
			notify: (body) => sent(sendNotification(body.orderId, body.url), body),
			healthCheck: (body) => sent(sendHealthCheck(body), body),
			completeRefund: (body) => completeRefund(body.refundId),
			notifications: () => notificationsView(),
			settle: (body) => settleNotifications(body.timeoutMs),
			paymentMethods: (body) => {
				for (const m of Array.isArray(body) ? body : [body]) {
					const id = String(m.id);
					state.paymentMethods.set(id, { unregistered: [], broken: false, ...(state.paymentMethods.get(id) || {}), ...m, id });
				}
				return [...state.paymentMethods.values()];
			},
		},
	});
	baseUrl = server.url;

	return {
		...server,
		token: state.accounts[0].token,
		merchantId: state.accounts[0].merchantIds[0],
		get state() {
			return state;
		},
		settings,
		configure,
		/** Back to an empty shop: state, limits, settings, call log, faults. */
		reset: (body) => {
			reset(body);
			server.clear();
		},
		order,
		addOrders,
		payOrder,
		expireOrder,
		snapshot,
		/** Notifications sent so far, with each attempt's answer. */
		notifications: notificationsView,
		settleNotifications,
		sendNotification,
		sendHealthCheck,
		completeRefund,
		/** Calls of the API (not of the control endpoints), optionally of one operation ('order.create'...). */
		apiCalls: (name) => server.calls.filter((c) => !name || c.method === name),
	};
}

module.exports = { startInvoiceboxSandbox, INVOICEBOX_SANDBOX_ERRORS: ERRORS, DEMO_TOKEN, DEMO_MERCHANT, HEALTH_CHECK_ID, VAT_RATES };
