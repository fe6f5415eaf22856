'use strict';
/**
 * The benchmark's chart (artifacts/bench/chart.svg, docs/benchmark.svg): one panel per scenario,
 * horizontal bars, plain SVG (no dependency).
 */
const COLORS = { ours: '#2f7d32', floor: '#6d8fb3', http: '#c0873f', httpRetry: '#b5533c', httpContinue: '#d9a441', sdk: '#7b5ea7' };
const WIDTH = 1000;
const LEFT = 290;
const BAR_MAX = 380;
const ROW = 24;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function panel(title, subtitle, rows, { max, unit, y }) {
	const parts = [];
	parts.push(`<text x="16" y="${y + 18}" class="title">${esc(title)}</text>`);
	if (subtitle) parts.push(`<text x="16" y="${y + 36}" class="sub">${esc(subtitle)}</text>`);
	let cy = y + (subtitle ? 50 : 32);
	for (const r of rows) {
		if (r.group) {
			parts.push(`<text x="16" y="${cy + 15}" class="group">${esc(r.group)}</text>`);
			cy += ROW;
			continue;
		}
		const w = Math.max(1, Math.round((Math.min(r.value, max) / max) * BAR_MAX));
		parts.push(`<text x="${LEFT - 8}" y="${cy + 15}" class="label" text-anchor="end">${esc(r.label)}</text>`);
		parts.push(`<rect x="${LEFT}" y="${cy + 3}" width="${w}" height="${ROW - 8}" fill="${r.color}" rx="2"/>`);
		let end = LEFT + w;
		if (r.spread) {
			const [lo, hi] = r.spread.map((v) => LEFT + Math.round((Math.min(v, max) / max) * BAR_MAX));
			end = Math.max(end, hi);
			parts.push(`<line x1="${lo}" x2="${hi}" y1="${cy + 11}" y2="${cy + 11}" stroke="#222" stroke-width="1.2"/>`);
			parts.push(`<line x1="${lo}" x2="${lo}" y1="${cy + 6}" y2="${cy + 16}" stroke="#222" stroke-width="1.2"/>`);
			parts.push(`<line x1="${hi}" x2="${hi}" y1="${cy + 6}" y2="${cy + 16}" stroke="#222" stroke-width="1.2"/>`);
		}
		parts.push(`<text x="${end + 6}" y="${cy + 15}" class="value">${esc(r.text ?? `${r.value} ${unit}`)}</text>`);
		cy += ROW;
	}
	return { svg: parts.join('\n'), height: cy - y + 12 };
}

function renderChart(results, { labels }) {
	const panels = [];
	let y = 10;
	const add = (p) => {
		panels.push(p.svg);
		y += p.height;
	};
	const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
	if (results.rateLimit) {
		const rows = [];
		let group;
		for (const r of results.rateLimit) {
			if (r.scenario !== group) rows.push({ group: (group = r.scenario) === 'empty bucket' ? 'Empty bucket' : 'Bucket half used by another client' });
			const text = `${r.succeeded}/${r.items} · ${r.duplicates} dup. · ${r.rejected} rejected · ${r.requests ?? r.calls} requests · ${secs(r.ms)}`;
			rows.push({ label: labels[r.variant], value: r.succeeded, color: COLORS[r.variant], text });
		}
		const s = results.sizes.rateLimit;
		add(panel(`Bitrix24: ${s.items} payments under the portal's limit (burst ${s.burst}, ${s.drainPerSecond}/s)`, 'Items succeeded (bar), duplicates, HTTP requests rejected and made, wall time', rows, { max: s.items, unit: '', y }));
	}
	if (results.overhead) {
		const rows = [];
		const max = Math.max(...results.overhead.workloads.flatMap((w) => ['ours', 'floor', 'http'].map((v) => w.summary[v].maxPerSecond)));
		for (const w of results.overhead.workloads) {
			rows.push({ group: w.latencyMs ? `${w.items} calls, ${w.latencyMs} ms per answer` : `${w.items} calls, instant answers` });
			for (const v of ['ours', 'floor', 'http']) {
				const s = w.summary[v];
				rows.push({ label: labels[v], value: s.itemsPerSecond, spread: [s.minPerSecond, s.maxPerSecond], color: COLORS[v], text: `${s.itemsPerSecond} items/s` });
			}
		}
		add(panel('Engine overhead: items per second (median, min–max of the rounds)', 'Same call, same user expressions; the floor is a minimal declarative node', rows, { max, unit: 'items/s', y }));
	}
	if (results.returnAll) {
		const rows = [];
		const full = results.returnAll.filter((r) => !r.baseline);
		const max = Math.max(...full.map((r) => Math.max(r.requests, r.minimumRequests)));
		for (const r of full) {
			rows.push({ group: `${r.api === 'activeplatform' ? 'ActivePlatform payments' : 'Invoicebox orders'}: ${r.rows.toLocaleString('en')} rows, ${secs(r.ms)}, peak ${r.peakMemoryMb} MB` });
			rows.push({ label: 'Requests made', value: r.requests, color: COLORS.ours, text: `${r.requests}` });
			rows.push({ label: 'Minimum (largest page)', value: r.minimumRequests, color: '#999', text: `${r.minimumRequests}` });
		}
		add(panel('Return All: requests made against the minimum', undefined, rows, { max, unit: '', y }));
	}
	if (results.invoiceboxLimit) {
		const s = results.sizes.invoiceboxLimit;
		const rows = results.invoiceboxLimit.map((r) => ({
			label: labels[r.variant],
			value: r.succeeded,
			color: COLORS[r.variant],
			text: `${r.succeeded}/${r.items} · ${r.rejected} rejected · ${secs(r.ms)}${r.succeeded === r.items ? ` (${r.ratio.toFixed(2)}× floor)` : ''}`,
		}));
		add(panel(`Invoicebox: ${s.items} order reads under its limit (${s.max} per ${s.windowSeconds} s)`, 'Items succeeded (bar), calls rejected, wall time', rows, { max: s.items, unit: '', y }));
	}
	const height = y + 10;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">
<style>
.title { font-size: 15px; font-weight: bold; fill: #222; }
.sub { font-size: 12px; fill: #555; }
.group { font-size: 12px; font-weight: bold; fill: #444; }
.label { font-size: 12px; fill: #333; }
.value { font-size: 11px; fill: #333; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
${panels.join('\n')}
</svg>
`;
}

module.exports = { renderChart };
