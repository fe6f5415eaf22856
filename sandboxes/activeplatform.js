'use strict';
/**
 * A local ActivePlatform installation for the API v3 payment methods, as the vendor documents
 * them (https://docs.activeplatform.com/api-guide/latest/en/plateyoi/, the Reseller API Reference
 * Guide): X-Api-Token auth, JSON:API media types on every request, resellers and their
 * downstream resellers (a token acts on its own reseller and the resellers below it), payments
 * with their statuses and transitions, pagination, the documented 422 bodies and an optional
 * rate limit (off unless asked for). No vendor code exists, so everything rests on those docs.
 *
 * Choices where the reference is silent (the node's tests rely on them; keep them in step with
 * the README):
 * - 401 for a missing or unknown token; 403 for a reseller outside the token's tree, whether it
 *   exists or not (no existence leak), for a manager whose role may not change payments, and for
 *   a payments manager reading a reseller (roles: admin, viewer = payments read only, payments
 *   = payments read and write but no reseller reads); 404 for an unknown payment or document
 *   number inside an allowed reseller. These bodies use the standard JSON:API array form
 *   `{"errors": [{"status", "title", "detail"}]}`; the documented 422s keep their documented
 *   object form `{"errors": {"title", "status"}}`.
 * - 406 when Accept does not allow application/vnd.api+json; 415 when Content-Type is not
 *   application/vnd.api+json (both headers are documented as required on every method).
 * - 400 for an unknown filter, sort field or include, and for a body that is not JSON.
 * - Only the date filters (created_at, updated_at, closed_at) are documented; status,
 *   account_id, payment_method_id and document_id are inferred from the deprecated v1 list. An
 *   installation may ignore them: option or reset body `ignoreFilters` (a list of names, or true
 *   for all four) makes the sandbox return the rows unfiltered, as such an installation would.
 * - Complete by document number follows the latest docs' outcome matrix: waiting for payment or
 *   expired is completed (or, for a partial amount, left open with a correction); pending
 *   billing, completed, paid from balance and cancelled keep their status and get a correction
 *   for the amount (money recorded again); the other statuses (processing, receipt creating,
 *   receipt sent), which the matrix does not list, are refused with the v7.8 422. The external
 *   transaction ID is stored on the payment and shown as `external_transaction_id`.
 * - 429 with Retry-After (seconds) when the optional sliding-window limit is exceeded.
 * - `page[size]` defaults to 50 (documented) and is capped at 100 (option or reset body
 *   `maxPageSize`); no pagination links or meta (none are documented). The same for
 *   `child_resellers` (the resellers below one, all levels, for the node's reseller list).
 */
const { startServer } = require('./common');
const pages = require('./pages/activeplatform');

const MEDIA = 'application/vnd.api+json';
const STATUSES = [
	'waiting_for_payment',
	'expired',
	'processing',
	'receipt_creating',
	'receipt_sent',
	'pending_billing',
	'completed',
	'paid_from_balance',
	'cancelled',
];
const INCLUDES = ['invoices', 'orders', 'account', 'payment_method', 'reseller', 'charges', 'corrections'];
const FILTERS = ['created_at', 'updated_at', 'closed_at', 'status', 'account_id', 'payment_method_id', 'document_id'];
/** The filters no documentation names (an installation may ignore them: see `ignoreFilters`). */
const UNDOCUMENTED_FILTERS = ['status', 'account_id', 'payment_method_id', 'document_id'];
/** The statuses on which complete-by-document records the amount again (latest docs' outcome matrix). */
const RECORDED_AGAIN = ['pending_billing', 'completed', 'paid_from_balance', 'cancelled'];
const DATE_FILTERS = new Set(['created_at', 'updated_at', 'closed_at']);
const SORTABLE = [
	'id',
	'created_at',
	'updated_at',
	'closed_at',
	'account_id',
	'total',
	'status',
	'document_id',
	'payment_method_id',
	'currency_code',
];
const MAX_PAGE_SIZE = 100;

/** The documented 422 texts (complete) and the sandbox's own for the undocumented ones. */
const TEXTS = {
	notCompletable: 'Only payments with "waiting for payment/expired" status can be completed.',
	notCancellable: 'Only payments with "waiting for payment" status can be cancelled.',
	postpaid: 'Payments linked to postpaid invoices cannot be cancelled.',
	notPayableFromBalance: 'Only payments with "waiting for payment" status can be paid from balance.',
	topUpFromBalance: 'Top-up payments cannot be paid from balance.',
	partiallyPaid: 'Payments partially paid from balance cannot be paid from balance.',
	insufficientBalance: 'Insufficient funds on the account balance.',
};

class ApiError extends Error {
	constructor(status, title, detail, { form = 'array', pointer } = {}) {
		super(title);
		this.status = status;
		this.title = title;
		this.detail = detail;
		this.form = form;
		this.pointer = pointer;
	}
	toResponse() {
		if (this.form === 'object') {
			const error = { title: this.title, status: String(this.status) };
			if (this.detail) error.detail = this.detail;
			if (this.pointer) error.source = { pointer: this.pointer };
			return { status: this.status, body: { errors: error } };
		}
		const error = { status: String(this.status), title: this.title };
		if (this.detail) error.detail = this.detail;
		if (this.pointer) error.source = { pointer: this.pointer };
		return { status: this.status, body: { errors: [error] } };
	}
}
/** The documented 422 shape: errors as an object, status as a string. */
const unprocessable = (title, pointer) => new ApiError(422, title, undefined, { form: 'object', pointer });

/** ActivePlatform's timestamp format: microseconds and an offset without a colon (platform zone +03:00). */
function timestamp(ms = Date.now()) {
	const shifted = new Date(ms + 3 * 3600 * 1000).toISOString(); // 2019-11-01T04:30:47.797Z
	return `${shifted.slice(0, 23)}000+0300`;
}
/** Parses an ActivePlatform timestamp or a filter value (date, date-time, with or without a zone). */
function parseTime(text) {
	const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(String(text).trim());
	if (!m) return undefined;
	const [, date, time = '00:00:00', zone] = m;
	const offset = !zone ? '+03:00' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
	const ms = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}${offset}`);
	return Number.isNaN(ms) ? undefined : { ms, dateOnly: m[2] === undefined };
}
const money = (n) => (Number.isInteger(n) ? `${n}.0` : String(n));

function defaultData() {
	return {
		resellers: [
			{ id: 1, parentId: null, name: 'Sandbox Operator', domain: 'sandbox.activeplatform.test', currency: 'USD' },
			{ id: 2, parentId: 1, name: 'Downstream Reseller', domain: 'downstream.example', currency: 'USD' },
			{ id: 3, parentId: 2, name: 'Sub-Downstream Reseller', domain: 'sub.downstream.example', currency: 'EUR' },
			{ id: 4, parentId: null, name: 'Foreign Operator', domain: 'foreign.example', currency: 'RUB' },
		],
		tokens: [
			{ token: 'vY5fwetestK3gJXZH5uHCw', resellerId: 1, managerId: 234, role: 'admin' },
			{ token: 'downstreamTokenR2x9Qa', resellerId: 2, managerId: 301, role: 'admin' },
			{ token: 'readOnlyTokenZ7pLm2', resellerId: 1, managerId: 235, role: 'viewer' },
			{ token: 'foreignTokenK4s8Wd', resellerId: 4, managerId: 401, role: 'admin' },
			{ token: 'paymentsOnlyTokenM5r8Kd', resellerId: 1, managerId: 236, role: 'payments' },
		],
		accounts: [
			{ id: 505, resellerId: 1, name: 'Acme LLC', balance: 1000, currency: 'USD' },
			{ id: 506, resellerId: 1, name: 'Small Shop', balance: 5, currency: 'USD' },
			{ id: 7310, resellerId: 2, name: 'Downstream Client', balance: 0, currency: 'USD' },
			{ id: 8800, resellerId: 3, name: 'Sub Client', balance: 0, currency: 'EUR' },
			{ id: 9001, resellerId: 4, name: 'Foreign Client', balance: 0, currency: 'RUB' },
		],
		paymentMethods: [
			{ id: 2, name: 'Cash', status: 'active' },
			{ id: 4, name: 'Bank transfer', status: 'active' },
			{ id: 7, name: 'Old card gateway', status: 'inactive' },
		],
	};
}

function initialState(data = {}) {
	const d = { ...defaultData(), ...data };
	return {
		resellers: new Map(d.resellers.map((r) => [r.id, { createdAt: timestamp(Date.parse('2019-01-10T10:00:00Z')), ...r }])),
		tokens: d.tokens,
		accounts: new Map(d.accounts.map((a) => [a.id, { ...a }])),
		paymentMethods: new Map(d.paymentMethods.map((m) => [m.id, { ...m }])),
		payments: new Map(),
		corrections: [],
		nextPaymentId: 7000,
		nextDocument: 2018,
		nextCorrectionId: 1,
		/** Accepted state changes, in order: {op, paymentId}. Duplicated writes show here. */
		writes: [],
	};
}

/**
 * Options: port, data {resellers, tokens, accounts, paymentMethods} (replacing the defaults),
 * rateLimit {max, windowMs} or null (default: off), maxPageSize (default 100).
 */
async function startActivePlatformSandbox(options = {}) {
	let state = initialState(options.data);
	let rateLimit = options.rateLimit || null;
	let window = [];
	let maxPageSize = options.maxPageSize || MAX_PAGE_SIZE;
	const ignoring = (value) => (value === true ? UNDOCUMENTED_FILTERS : Array.isArray(value) ? value : []);
	let ignoredFilters = ignoring(options.ignoreFilters);

	// ------------------------------------------------------------ helpers
	function descendants(resellerId) {
		const ids = new Set([resellerId]);
		let grew = true;
		while (grew) {
			grew = false;
			for (const r of state.resellers.values()) {
				if (r.parentId !== null && ids.has(r.parentId) && !ids.has(r.id)) {
					ids.add(r.id);
					grew = true;
				}
			}
		}
		return ids;
	}
	function allowedReseller(token, raw) {
		const id = /^[0-9]+$/.test(raw) ? Number(raw) : undefined;
		if (id === undefined || !state.resellers.has(id) || !descendants(token.resellerId).has(id)) {
			throw new ApiError(
				403,
				'Forbidden',
				`Reseller ${raw} is neither the current reseller nor one of its downstream resellers`,
			);
		}
		return state.resellers.get(id);
	}
	function requireWriter(token) {
		if (token.role !== 'admin' && token.role !== 'payments') throw new ApiError(403, 'Forbidden', 'The manager role does not allow changing payments');
	}
	function paymentIn(reseller, raw) {
		const id = /^[0-9]+$/.test(raw) ? Number(raw) : undefined;
		const payment = id === undefined ? undefined : state.payments.get(id);
		if (!payment || payment.resellerId !== reseller.id) throw new ApiError(404, 'Not Found', `Payment ${raw} not found`);
		return payment;
	}
	function attributesOf(body) {
		const attributes = body && typeof body === 'object' ? body.data?.attributes : undefined;
		if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
			throw unprocessable('data.attributes is required', '/data/attributes');
		}
		return attributes;
	}
	function positiveInt(value, name) {
		const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
		if (!/^[0-9]+$/.test(text) || Number(text) <= 0) throw unprocessable(`${name} must be a positive integer`, `/data/attributes/${name}`);
		return Number(text);
	}
	function activeMethod(value) {
		if (value === undefined || value === null || value === '') {
			throw unprocessable("payment_method_id can't be blank", '/data/attributes/payment_method_id');
		}
		const id = positiveInt(value, 'payment_method_id');
		const method = state.paymentMethods.get(id);
		if (!method) throw unprocessable('Payment method not found', '/data/attributes/payment_method_id');
		if (method.status !== 'active') throw unprocessable('Payment method is inactive', '/data/attributes/payment_method_id');
		return method;
	}
	function touch(payment) {
		payment.updated_at = timestamp();
	}
	function close(payment, status, token, method) {
		payment.status = status;
		if (method) {
			payment.payment_method_id = method.id;
			payment.payment_method_name = method.name;
		}
		payment.manager_id = token.managerId;
		touch(payment);
		payment.closed_at = payment.updated_at;
	}
	function addCorrection(payment, amount, token, reason) {
		const correction = { id: state.nextCorrectionId++, paymentId: payment.id, amount, managerId: token.managerId, reason, created_at: timestamp() };
		state.corrections.push(correction);
		payment.corrections.push(correction.id);
		return correction;
	}
	function recordWrite(op, payment) {
		state.writes.push({ op, paymentId: payment.id, at: Date.now() });
	}

	// ------------------------------------------------------------ rendering
	function paymentResource(p) {
		return {
			id: String(p.id),
			type: 'payments',
			attributes: {
				created_at: p.created_at,
				updated_at: p.updated_at,
				account_id: p.account_id,
				discount_amount: money(p.discount_amount),
				total: money(p.total),
				amount_paid_from_balance: p.amount_paid_from_balance === null ? null : money(p.amount_paid_from_balance),
				initial_total: money(p.initial_total),
				currency_code: p.currency_code,
				comment: p.comment,
				status: p.status,
				document_id: p.document_id,
				expiration_date: p.expiration_date,
				payment_method_id: p.payment_method_id,
				requester_ip: p.requester_ip,
				manager_id: p.manager_id,
				purpose: p.purpose,
				external_total: null,
				external_currency: null,
				due_date: p.due_date,
				payment_method_name: p.payment_method_name,
				closed_at: p.closed_at,
				external_transaction_id: p.external_transaction_id,
			},
			relationships: {
				orders: { data: p.orders.map((id) => ({ id: String(id), type: 'orders' })) },
				invoices: { data: p.invoices.map((id) => ({ id: String(id), type: 'invoices' })) },
				charges: { data: [] },
				corrections: { data: p.corrections.map((id) => ({ id: String(id), type: 'corrections' })) },
				reseller: { data: { id: String(p.resellerId), type: 'resellers' } },
				account: { data: { id: String(p.account_id), type: 'accounts' } },
				payment_method: { data: p.payment_method_id ? { id: String(p.payment_method_id), type: 'payment_methods' } : null },
			},
		};
	}
	function resellerResource(r) {
		return {
			id: String(r.id),
			type: 'resellers',
			attributes: {
				created_at: r.createdAt,
				updated_at: r.createdAt,
				parent_id: r.parentId,
				general: { created_at: r.createdAt, updated_at: r.createdAt, name: r.name, domain: r.domain, manager: null, currency: r.currency },
				company: { created_at: r.createdAt, updated_at: r.createdAt, name: `${r.name} Inc.`, address_line_1: '1 Sandbox Street', address_line_2: '', city: 'Testville', state: '', zip: '00000', country: 'US', phone: '+10000000000' },
			},
		};
	}
	function included(payment, names) {
		const out = [];
		for (const name of names) {
			if (name === 'account') {
				const a = state.accounts.get(payment.account_id);
				if (a) out.push({ id: String(a.id), type: 'accounts', attributes: { name: a.name, balance: money(a.balance), currency_code: a.currency } });
			} else if (name === 'payment_method') {
				const m = payment.payment_method_id && state.paymentMethods.get(payment.payment_method_id);
				if (m) out.push({ id: String(m.id), type: 'payment_methods', attributes: { name: m.name, status: m.status } });
			} else if (name === 'reseller') {
				out.push(resellerResource(state.resellers.get(payment.resellerId)));
			} else if (name === 'corrections') {
				for (const c of state.corrections.filter((x) => x.paymentId === payment.id)) {
					out.push({ id: String(c.id), type: 'corrections', attributes: { amount: money(c.amount), manager_id: c.managerId, reason: c.reason, created_at: c.created_at } });
				}
			} else if (name === 'invoices' || name === 'orders') {
				for (const id of payment[name]) out.push({ id: String(id), type: name, attributes: {} });
			}
		}
		return out;
	}

	// ------------------------------------------------------------ list
	function matches(payment, field, condition) {
		const attrs = paymentResource(payment).attributes;
		if (DATE_FILTERS.has(field)) {
			const value = attrs[field] ? parseTime(attrs[field].replace(/(\.\d{3})\d*/, '$1'))?.ms : undefined;
			const test = (op, raw) => {
				const t = parseTime(raw);
				if (!t) throw new ApiError(400, 'Bad Request', `filter[${field}] has an invalid date: ${raw}`);
				if (value === undefined) return false;
				const end = t.dateOnly ? t.ms + 86400000 : t.ms;
				switch (op) {
					case 'eq':
						return t.dateOnly ? value >= t.ms && value < end : value === t.ms;
					case 'gt':
						return t.dateOnly ? value >= end : value > t.ms;
					case 'gte':
						return value >= t.ms;
					case 'lt':
						return value < t.ms;
					case 'lte':
						return t.dateOnly ? value < end : value <= t.ms;
					default:
						throw new ApiError(400, 'Bad Request', `filter[${field}][${op}] is not supported`);
				}
			};
			if (condition && typeof condition === 'object') return Object.entries(condition).every(([op, raw]) => test(op, raw));
			return test('eq', condition);
		}
		if (condition && typeof condition === 'object') throw new ApiError(400, 'Bad Request', `filter[${field}] takes one value`);
		const values = String(condition).split(',');
		const actual = attrs[field] === null || attrs[field] === undefined ? '' : String(attrs[field]);
		return values.includes(actual);
	}
	function list(reseller, query) {
		let rows = [...state.payments.values()].filter((p) => p.resellerId === reseller.id);
		const filter = query.filter || {};
		if (typeof filter !== 'object') throw new ApiError(400, 'Bad Request', 'filter must be an object');
		for (const [field, condition] of Object.entries(filter)) {
			if (!FILTERS.includes(field)) throw new ApiError(400, 'Bad Request', `Unknown filter: ${field}`);
			if (ignoredFilters.includes(field)) continue;
			rows = rows.filter((p) => matches(p, field, condition));
		}
		if (query.sort !== undefined) {
			const keys = String(query.sort).split(',').filter(Boolean);
			for (const key of keys) {
				if (!SORTABLE.includes(key.replace(/^-/, ''))) throw new ApiError(400, 'Bad Request', `Unknown sort field: ${key}`);
			}
			const value = (p, field) => (field === 'id' ? p.id : field === 'total' ? p.total : paymentResource(p).attributes[field]);
			rows.sort((a, b) => {
				for (const key of keys) {
					const desc = key.startsWith('-');
					const field = key.replace(/^-/, '');
					const x = value(a, field);
					const y = value(b, field);
					const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
					if (c) return desc ? -c : c;
				}
				return a.id - b.id;
			});
		} else rows.sort((a, b) => a.id - b.id);
		return paged(rows, query);
	}
	/** `page[size]` (default 50, capped) and `page[number]` (from 1) of a list. */
	function paged(rows, query) {
		const page = query.page || {};
		const size = page.size === undefined ? 50 : Number(page.size);
		const number = page.number === undefined ? 1 : Number(page.number);
		if (!Number.isInteger(size) || size < 1) throw new ApiError(400, 'Bad Request', 'page[size] must be a positive integer');
		if (!Number.isInteger(number) || number < 1) throw new ApiError(400, 'Bad Request', 'page[number] must be a positive integer');
		const capped = Math.min(size, maxPageSize);
		return rows.slice((number - 1) * capped, number * capped);
	}
	function includeList(query) {
		if (query.include === undefined || query.include === '') return [];
		const names = String(query.include).split(',').map((s) => s.trim());
		for (const name of names) if (!INCLUDES.includes(name)) throw new ApiError(400, 'Bad Request', `Unknown include: ${name}`);
		return names;
	}

	// ------------------------------------------------------------ operations
	const ok = (status, data, extra = {}) => ({ status, body: { data, ...extra }, accepted: true });

	function completeById(token, reseller, payment, attrs) {
		const method = activeMethod(attrs.payment_method_id);
		if (!['waiting_for_payment', 'expired'].includes(payment.status)) throw unprocessable(TEXTS.notCompletable);
		close(payment, 'completed', token, method);
		recordWrite('complete', payment);
		return ok(200, paymentResource(payment));
	}
	function completeFromBalance(token, reseller, payment) {
		if (payment.status !== 'waiting_for_payment') throw unprocessable(TEXTS.notPayableFromBalance);
		if (payment.topUp) throw unprocessable(TEXTS.topUpFromBalance);
		if (payment.amount_paid_from_balance) throw unprocessable(TEXTS.partiallyPaid);
		const account = state.accounts.get(payment.account_id);
		if (!account || account.balance < payment.total) throw unprocessable(TEXTS.insufficientBalance);
		account.balance -= payment.total;
		payment.amount_paid_from_balance = payment.total;
		close(payment, 'paid_from_balance', token);
		recordWrite('completeFromBalance', payment);
		return ok(200, paymentResource(payment));
	}
	function completeByDocument(token, reseller, documentId, attrs) {
		const payment = [...state.payments.values()].find((p) => p.resellerId === reseller.id && p.document_id === documentId);
		if (!payment) throw new ApiError(404, 'Not Found', `Payment with document ID ${documentId} not found`);
		const method = activeMethod(attrs.payment_method_id);
		if (attrs.currency_code !== undefined && String(attrs.currency_code) !== payment.currency_code) {
			throw unprocessable(`Currency code must be ${payment.currency_code}`, '/data/attributes/currency_code');
		}
		const external = attrs.external_transaction_id;
		if (external !== undefined && external !== null) {
			const text = String(external);
			if (text.length < 2 || text.length > 255 || !/^[\p{L}\p{N}\p{P}\p{S} ]+$/u.test(text)) {
				throw unprocessable('External transaction ID is invalid', '/data/attributes/external_transaction_id');
			}
		}
		let amount = payment.total;
		if (attrs.amount !== undefined && attrs.amount !== null) {
			amount = Number(attrs.amount);
			if (!Number.isFinite(amount) || amount <= 0) throw unprocessable('amount must be greater than 0', '/data/attributes/amount');
		}
		// The latest documentation's outcome matrix; statuses it does not list keep the v7.8 rule.
		if (!['waiting_for_payment', 'expired', ...RECORDED_AGAIN].includes(payment.status)) throw unprocessable(TEXTS.notCompletable);
		if (external !== undefined && external !== null) payment.external_transaction_id = String(external);
		if (['waiting_for_payment', 'expired'].includes(payment.status)) {
			if (amount >= payment.total) {
				close(payment, 'completed', token, method);
				if (amount > payment.total) addCorrection(payment, amount - payment.total, token, 'overpayment');
			} else {
				addCorrection(payment, amount, token, 'partial payment');
				touch(payment);
			}
		} else {
			addCorrection(payment, amount, token, 'paid amount received from external system');
			touch(payment);
		}
		recordWrite('completeByDocument', payment);
		return ok(200, paymentResource(payment));
	}
	function cancel(token, reseller, payment) {
		if (payment.status !== 'waiting_for_payment') throw unprocessable(TEXTS.notCancellable);
		if (payment.postpaid) throw unprocessable(TEXTS.postpaid);
		close(payment, 'cancelled', token);
		recordWrite('cancel', payment);
		return ok(200, paymentResource(payment));
	}
	function create(token, reseller, attrs, ctx) {
		if (attrs.account_id === undefined || attrs.account_id === null || attrs.account_id === '') {
			throw unprocessable("account_id can't be blank", '/data/attributes/account_id');
		}
		const accountId = positiveInt(attrs.account_id, 'account_id');
		const account = state.accounts.get(accountId);
		if (!account || account.resellerId !== reseller.id) throw unprocessable('Account not found', '/data/attributes/account_id');
		const total = typeof attrs.total === 'number' ? attrs.total : typeof attrs.total === 'string' && attrs.total.trim() ? Number(attrs.total) : NaN;
		if (!Number.isFinite(total) || total <= 0) throw unprocessable('total must be greater than 0', '/data/attributes/total');
		if (typeof attrs.comment !== 'string' || !attrs.comment.trim()) throw unprocessable("comment can't be blank", '/data/attributes/comment');
		const payment = addPayment({
			resellerId: reseller.id,
			accountId,
			total,
			currency: account.currency,
			comment: attrs.comment,
			purpose: attrs.purpose === undefined ? '' : String(attrs.purpose),
			topUp: true,
			requesterIp: ctx.headers['x-forwarded-for'] || '127.0.0.1',
		});
		recordWrite('create', payment);
		return ok(201, paymentResource(payment));
	}

	// ------------------------------------------------------------ HTTP
	function identify(ctx) {
		const m = /^\/api\/v3\/resellers\/[^/]+(?:\/payments(?:\/([^/]+))?|\/child_resellers)?$/.exec(ctx.path);
		if (!m) return ctx.path;
		if (ctx.path.endsWith('/child_resellers')) return 'resellers.children';
		if (!ctx.path.includes('/payments')) return 'resellers.get';
		const id = m[1];
		switch (ctx.httpMethod) {
			case 'GET':
				return id === undefined ? 'payments.list' : 'payments.get';
			case 'POST':
				return id === undefined ? 'payments.create' : 'payments.completeByDocument';
			case 'PATCH':
				return ctx.body?.data?.attributes?.status === 'paid_from_balance' ? 'payments.completeFromBalance' : 'payments.complete';
			case 'DELETE':
				return 'payments.cancel';
			default:
				return ctx.path;
		}
	}

	function limited() {
		if (!rateLimit) return undefined;
		const now = Date.now();
		window = window.filter((t) => t > now - rateLimit.windowMs);
		if (window.length >= rateLimit.max) {
			const wait = window[0] + rateLimit.windowMs - now;
			return {
				status: 429,
				headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))), 'Content-Type': MEDIA },
				body: { errors: [{ status: '429', title: 'Too Many Requests', detail: 'Rate limit exceeded' }] },
				accepted: false,
			};
		}
		window.push(now);
		return undefined;
	}

	function route(ctx, token) {
		const m = /^\/api\/v3\/resellers\/([^/]+)(\/payments(?:\/([^/]+))?|\/child_resellers)?$/.exec(ctx.path);
		if (!m) throw new ApiError(404, 'Not Found', `No route matches ${ctx.httpMethod} ${ctx.path}`);
		const [, resellerRaw, paymentsPart, idRaw] = m;
		const reseller = allowedReseller(token, resellerRaw);
		const method = ctx.httpMethod;
		if (paymentsPart === '/child_resellers') {
			if (method !== 'GET') throw new ApiError(405, 'Method Not Allowed');
			if (token.role === 'payments') throw new ApiError(403, 'Forbidden', 'The manager role does not allow reading resellers');
			return { status: 200, body: { data: paged([...descendants(reseller.id)].filter((id) => id !== reseller.id).map((id) => resellerResource(state.resellers.get(id))), ctx.query) } };
		}
		if (!paymentsPart) {
			if (method !== 'GET') throw new ApiError(405, 'Method Not Allowed');
			if (token.role === 'payments') throw new ApiError(403, 'Forbidden', 'The manager role does not allow reading resellers');
			return { status: 200, body: { data: resellerResource(reseller) } };
		}
		if (ctx.invalidJson) throw new ApiError(400, 'Bad Request', 'The request body is not valid JSON');
		if (idRaw === undefined) {
			if (method === 'GET') return { status: 200, body: { data: list(reseller, ctx.query).map(paymentResource) } };
			if (method === 'POST') {
				requireWriter(token);
				return create(token, reseller, attributesOf(ctx.body), ctx);
			}
			throw new ApiError(405, 'Method Not Allowed');
		}
		if (method === 'POST') {
			requireWriter(token);
			return completeByDocument(token, reseller, decodeURIComponent(idRaw), attributesOf(ctx.body));
		}
		const payment = paymentIn(reseller, idRaw);
		if (method === 'GET') {
			const names = includeList(ctx.query);
			return { status: 200, body: { data: paymentResource(payment), ...(names.length ? { included: included(payment, names) } : {}) } };
		}
		if (method === 'PATCH') {
			requireWriter(token);
			const attrs = attributesOf(ctx.body);
			if (attrs.status !== undefined) {
				if (attrs.status !== 'paid_from_balance') throw unprocessable('status can only be set to paid_from_balance', '/data/attributes/status');
				return completeFromBalance(token, reseller, payment);
			}
			return completeById(token, reseller, payment, attrs);
		}
		if (method === 'DELETE') {
			requireWriter(token);
			return cancel(token, reseller, payment);
		}
		throw new ApiError(405, 'Method Not Allowed');
	}

	async function handle(ctx) {
		const refused = limited();
		if (refused) return refused;
		try {
			const given = ctx.headers['x-api-token'];
			const token = state.tokens.find((t) => t.token === given);
			if (!token) throw new ApiError(401, 'Unauthorized', given ? 'Invalid API token' : 'X-Api-Token header is missing');
			const accept = String(ctx.headers.accept || '');
			if (!accept.split(',').some((a) => a.trim().split(';')[0] === MEDIA)) {
				throw new ApiError(406, 'Not Acceptable', `Accept must include ${MEDIA}`);
			}
			const contentType = String(ctx.headers['content-type'] || '').split(';')[0].trim();
			if (contentType !== MEDIA) throw new ApiError(415, 'Unsupported Media Type', `Content-Type must be ${MEDIA}`);
			const result = route(ctx, token);
			return { ...result, headers: { 'Content-Type': MEDIA, ...(result.headers || {}) } };
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			return { ...error.toResponse(), headers: { 'Content-Type': MEDIA }, accepted: false };
		}
	}

	// ------------------------------------------------------------ test data
	/** Adds a payment (test data, not under test). Money as numbers; document_id as a string. */
	function addPayment({
		id,
		resellerId = 1,
		accountId = 505,
		total = 99,
		currency = 'USD',
		comment = '',
		purpose = '',
		status = 'waiting_for_payment',
		documentId,
		topUp = false,
		postpaid = false,
		amountPaidFromBalance = null,
		createdAt,
		requesterIp = null,
		paymentMethodId = null,
		externalTransactionId = null,
	} = {}) {
		const paymentId = id ?? state.nextPaymentId++;
		if (paymentId >= state.nextPaymentId) state.nextPaymentId = paymentId + 1;
		const created = createdAt ?? timestamp();
		const method = paymentMethodId ? state.paymentMethods.get(paymentMethodId) : undefined;
		const closed = ['completed', 'paid_from_balance', 'cancelled'].includes(status);
		const payment = {
			id: paymentId,
			resellerId,
			account_id: accountId,
			discount_amount: 0,
			total,
			initial_total: total,
			amount_paid_from_balance: amountPaidFromBalance,
			currency_code: currency,
			comment,
			status,
			document_id: documentId ?? String(state.nextDocument++),
			expiration_date: null,
			payment_method_id: method ? method.id : null,
			payment_method_name: method ? method.name : null,
			requester_ip: requesterIp,
			manager_id: null,
			purpose,
			due_date: null,
			closed_at: closed ? created : null,
			created_at: created,
			updated_at: created,
			topUp,
			postpaid,
			orders: [],
			invoices: [],
			corrections: [],
			external_transaction_id: externalTransactionId,
		};
		state.payments.set(paymentId, payment);
		return payment;
	}

	function reset(body = {}) {
		state = initialState(body.data || options.data);
		if (body.rateLimit !== undefined) rateLimit = body.rateLimit;
		maxPageSize = body.maxPageSize || options.maxPageSize || MAX_PAGE_SIZE;
		ignoredFilters = ignoring(body.ignoreFilters ?? options.ignoreFilters);
		window = [];
	}

	function snapshot() {
		return {
			payments: [...state.payments.values()].map(paymentResource),
			accounts: [...state.accounts.values()],
			corrections: state.corrections,
			writes: state.writes,
		};
	}

	const server = await startServer({
		name: 'activeplatform',
		port: options.port,
		identify,
		handle,
		onReset: reset,
		index: () => pages.index({ state }),
		control: {
			state: () => snapshot(),
			payments: (body) => (Array.isArray(body) ? body : [body]).map((p) => paymentResource(addPayment(p))),
			rateLimit: (body) => {
				rateLimit = body && body.max ? { max: Number(body.max), windowMs: Number(body.windowMs || 1000) } : null;
				window = [];
			},
		},
	});

	return {
		...server,
		get state() {
			return state;
		},
		tokens: () => state.tokens,
		setRateLimit: (limit) => {
			rateLimit = limit || null;
			window = [];
		},
		/** Back to the default installation: state, call log, faults. */
		reset: (body) => {
			reset(body);
			server.clear();
		},
		addPayment,
		payment: (id) => paymentResource(state.payments.get(id)),
		snapshot,
		/** Accepted state changes, optionally of one operation (complete, cancel...). */
		writes: (op) => state.writes.filter((w) => !op || w.op === op),
		/** Calls of the API (not of the control endpoints), optionally of one operation. */
		apiCalls: (method) => server.calls.filter((c) => !method || c.method === method),
	};
}

module.exports = { startActivePlatformSandbox, ACTIVEPLATFORM_TEXTS: TEXTS, timestamp };
