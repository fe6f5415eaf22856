'use strict';
/**
 * The secret scan run after every error path of the reliability suite: everything a user, a log
 * or n8n's stored execution could show (the error object with its message, description,
 * context, cause and stack; the output items; the run data) as one text, searched for the
 * credential's secrets. Every scan is counted, hits too, for the closing figures.
 */
const { recordFigure } = require('./figures');

/** JSON of anything, errors included (their non-enumerable fields), cycles cut. */
function dump(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, function replacer(key, v) {
		if (typeof v === 'bigint') return String(v);
		if (typeof v === 'function') return undefined;
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
			if (v instanceof Error) {
				const out = {};
				for (const k of Object.getOwnPropertyNames(v)) out[k] = v[k];
				for (const k of Object.keys(v)) out[k] = v[k];
				return out;
			}
		}
		return v;
	});
}

/** The text of a runNode result (error, output items, run data) or of anything else. */
function visibleText(result) {
	if (result && typeof result === 'object' && ('run' in result || 'outputItems' in result)) {
		return [dump(result.error), dump(result.outputItems), dump(result.run)].join('\n');
	}
	return dump(result);
}

/**
 * Scans `result` for `secrets` (strings of 4 characters or more); records the scan and returns
 * the secrets found (masked), so that a test can `expect(hits).toEqual([])`.
 */
function scanForSecrets(label, result, secrets) {
	const text = visibleText(result);
	const hits = secrets.filter((s) => typeof s === 'string' && s.length >= 4 && text.includes(s)).map((s) => `${s.slice(0, 3)}…`);
	recordFigure('secrets', { label, hits: hits.length });
	return hits;
}

module.exports = { scanForSecrets, visibleText, dump };
