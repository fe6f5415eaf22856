'use strict';
/**
 * fast-check generators of bad input: wrong types, empty and huge strings, NaN and infinities,
 * negative and fractional IDs, malformed JSON, URLs, UUIDs and dates, unicode. Each field kind
 * has an oracle (what the field accepts, in plain terms) and gets the junk its oracle refuses.
 *
 * Values travel to the node as input items (JSON), so NaN and the infinities are sent as
 * markers that the parameter's expression (VALUE below) turns back into numbers; `undefined`
 * is an item without the key (an expression that points at nothing).
 */
const fc = require('fast-check');

/** The expression a fuzzed parameter holds: the item's value, NaN and infinities decoded. */
const VALUE = '={{ $json.v === "@@NaN" ? NaN : $json.v === "@@Inf" ? Infinity : $json.v === "@@-Inf" ? -Infinity : $json.v }}';
const decode = (v) => (v === '@@NaN' ? NaN : v === '@@Inf' ? Infinity : v === '@@-Inf' ? -Infinity : v);

const SAMPLES = [
	'', ' ', '\t\n', '\u00a0', '\u2003', '\u200b', '0', '00', '-1', '-0', '1.5', '0.1', '1e3', '1e400', '0x1F', '0b11', 'NaN', 'Infinity',
	'null', 'undefined', 'true', '[]', '{}', '١٢٣', '１２３', '12abc', ' 12 x', '9007199254740993', '99999999999999999999', '💳', '👨‍👩‍👧',
	'<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', 'a/b', 'a?b', 'a#b', '100%', 'https://', 'http://:80', 'ftp://example.com/x',
	'javascript:alert(1)', '//example.com', 'example.com/pay', '{"a":', '[1,', '{a: 1}', "{'a': 1}", '2024-13-45', '2024-02-30T25:61:00',
	'31/12/2024', 'tomorrow', '0187c6db-1637-c1ca-bef7-f6706799c41', '0187c6db-1637-c1ca-bef7-f6706799c41eX', 'g187c6db-1637-c1ca-bef7-f6706799c41e',
	'{{ $json.x }}', '=1', 'Bearer x', 'RUBLES', 'ru', 'R', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf',
];

const whitespace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff'), maxLength: 8 });

/** Anything a user, an expression or an upstream node could put into a field. */
const junk = fc.oneof(
	{ arbitrary: fc.constantFrom(undefined, null, true, false, '@@NaN', '@@Inf', '@@-Inf'), weight: 3 },
	{ arbitrary: fc.constantFrom(...SAMPLES), weight: 6 },
	{ arbitrary: fc.integer({ min: -1e9, max: 1e9 }), weight: 2 },
	{ arbitrary: fc.double(), weight: 2 },
	{ arbitrary: fc.string(), weight: 3 },
	{ arbitrary: fc.string({ unit: 'grapheme' }), weight: 2 },
	{ arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
	{ arbitrary: whitespace, weight: 2 },
	{ arbitrary: fc.integer({ min: 300, max: 20_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
	{ arbitrary: fc.object({ maxDepth: 2 }), weight: 2 },
	{ arbitrary: fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }), weight: 2 },
	{ arbitrary: fc.uuid().chain((u) => fc.constantFrom(u.slice(1), u.replace(/-/g, ''), `${u}x`, u.replace(/[0-9a-f]/, 'z'), ` ${u.slice(0, 30)} `)), weight: 2 },
	{ arbitrary: fc.json().map((s) => `${s},`), weight: 1 },
	{ arbitrary: fc.json().map((s) => s.slice(0, Math.max(0, s.length - 1))), weight: 1 },
	{ arbitrary: fc.json({ maxDepth: 1 }), weight: 1 },
	{ arbitrary: fc.webUrl().map((u) => u.replace('://', ':/')), weight: 1 },
	{ arbitrary: fc.webUrl().map((u) => `ftp${u.slice(u.indexOf(':'))}`), weight: 1 },
	{ arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toString()), weight: 1 },
	{ arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('T', 'X')), weight: 1 },
	{ arbitrary: fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }).map(String), weight: 1 },
	{ arbitrary: fc.integer({ min: -1000, max: 0 }), weight: 1 },
	{ arbitrary: fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)), weight: 1 },
);

// ------------------------------------------------------------------ oracles: what a field accepts
const str = (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ATOM = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const AP_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const ok = {
	id: (v) => /^[0-9]+$/.test(str(v)) && Number(str(v)) > 0 && Number.isSafeInteger(Number(str(v))),
	nonNegativeInteger: (v) => /^[0-9]+$/.test(str(v)) && Number.isSafeInteger(Number(str(v))),
	uuid: (v) => typeof v === 'string' && UUID.test(v.trim()),
	text: (v) => str(v) !== '',
	number: (v) => Number.isFinite(typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN),
	url(v) {
		if (!ok.text(v)) return false;
		try {
			return ['http:', 'https:'].includes(new URL(str(v)).protocol);
		} catch {
			return false;
		}
	},
	jsonObject(v) {
		let parsed = v;
		if (typeof v === 'string') {
			if (!v.trim()) return false;
			try {
				parsed = JSON.parse(v);
			} catch {
				return false;
			}
		}
		return Boolean(parsed) && typeof parsed === 'object' && !Array.isArray(parsed);
	},
	atomDate(v) {
		const m = ATOM.exec(typeof v === 'string' ? v.trim() : '');
		return Boolean(m) && !Number.isNaN(Date.parse(`${m[1]}T${m[2] ?? '00:00'}:00Z`));
	},
	apDate: (v) => AP_DATE.test(String(v ?? '').trim()) && !Number.isNaN(Date.parse(String(v).trim().slice(0, 10))),
};

/** Junk the oracle refuses (the value as the node sees it: markers decoded). */
const refusedBy = (accepts) => junk.filter((v) => !accepts(decode(v)));

module.exports = { fc, VALUE, decode, junk, refusedBy, ok };
