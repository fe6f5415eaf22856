import { createHmac, timingSafeEqual } from 'crypto';

/**
 * The notification's signature as Invoicebox's PHP SDK makes and checks it
 * (https://github.com/InvoiceBox/invoicebox-sdk-php/blob/e17f079/src/SignValidator.php):
 * `X-Signature` = HMAC of the body bytes with the shop's notification key, SHA-1 by default.
 */

export const SIGNATURE_ALGORITHMS = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];
/** `hash_hmac(algorithm, body, key)` as Invoicebox computes it, over the bytes as received. */
export function sign(raw: Buffer, key: string, algorithm: SignatureAlgorithm = 'sha1'): string {
	return createHmac(algorithm, key).update(raw).digest('hex');
}

/**
 * Whether `given` (the X-Signature header) is the body's signature. Hex is compared without
 * regard to case, in constant time; a missing, repeated or empty header never matches.
 */
export function signatureMatches(
	raw: Buffer,
	key: string,
	given: unknown,
	algorithm: SignatureAlgorithm,
): boolean {
	if (typeof given !== 'string' || !given.trim()) return false;
	const expected = Buffer.from(sign(raw, key, algorithm), 'utf8');
	const actual = Buffer.from(given.trim().toLowerCase(), 'utf8');
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}
