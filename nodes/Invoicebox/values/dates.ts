import type { ItemFunctions } from '../../shared/operations';
import { describe, invalid } from '../../shared/validation';

/** Dates as Invoicebox exchanges them. Every problem is an error naming the field, before anything is sent. */

/** `2024-06-01T00:00:00+03:00`: the date/time format Invoicebox exchanges (ATOM). */
export function atomDate(ctx: ItemFunctions, field: string, value: unknown): string {
	let input = value;
	if (
		input &&
		typeof input === 'object' &&
		typeof (input as { toISO?: unknown }).toISO === 'function'
	) {
		input = (input as { toISO: () => string }).toISO();
	}
	if (input instanceof Date) input = input.toISOString();
	const raw = typeof input === 'string' ? input.trim() : '';
	const m =
		/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
			raw,
		);
	if (!m || Number.isNaN(Date.parse(`${m[1]}T${m[2] ?? '00:00'}:00Z`))) {
		invalid(
			ctx,
			field,
			`must be a date and time such as 2024-06-01T00:00:00+03:00, got ${describe(value)}`,
			'Pick a date in the field, or use an expression such as {{ $now.plus({ days: 3 }) }}.',
		);
	}
	const local = `${m[1]}T${m[2] ?? '00:00'}:${m[3] ?? '00'}`;
	if (m[4]) {
		const zone =
			m[4].toUpperCase() === 'Z' ? '+00:00' : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
		return `${local}${zone}`;
	}
	// No offset: the time is in the workflow's time zone.
	return `${local}${zoneOffset(ctx.getTimezone(), local)}`;
}

/** `+03:00` for a time zone at a local time (without any date library). */
function zoneOffset(timeZone: string, local: string): string {
	const asUtc = Date.parse(`${local}Z`);
	let offsetMinutes = 0;
	try {
		const parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(asUtc));
		const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
		const shown = Date.UTC(
			get('year'),
			get('month') - 1,
			get('day'),
			get('hour'),
			get('minute'),
			get('second'),
		);
		// The zone's offset at (about) that moment; exact except within an hour of a DST change.
		offsetMinutes = Math.round((shown - asUtc) / 60000);
	} catch {
		offsetMinutes = 0;
	}
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `2023-12-12`: a date without time (service date, document date). */
export function dateOnly(ctx: ItemFunctions, field: string, value: unknown): string {
	return atomDate(ctx, field, value).slice(0, 10);
}
