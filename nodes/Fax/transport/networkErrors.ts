/**
 * What a failed request's network error proves, read from the error's structured fields
 * (`code`, `errno`, `httpCode` along its `cause` chain), never from its message: n8n rewrites
 * messages that name a code ("The service refused the connection - perhaps it is offline").
 */

/**
 * - `refused`, `dns`, `unreachable`, `tls`: the connection never carried a request (refused,
 *   the host name didn't resolve, no route, the TLS handshake failed): nothing reached the
 *   provider.
 * - `timeout`: no answer in time; the request may have arrived.
 * - `other`: anything else (a connection reset, an abort…): the request may have arrived.
 */
export type NetworkFailureKind = 'refused' | 'dns' | 'unreachable' | 'tls' | 'timeout' | 'other';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * OpenSSL's certificate verification results as node reports them, and node's own host name
 * check: all decided during the TLS handshake, before the HTTP request is written.
 */
const CERTIFICATE_CODES: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
	SELF_SIGNED_CERT_IN_CHAIN:
		'the certificate chain ends in a self-signed certificate n8n does not trust',
	UNABLE_TO_GET_ISSUER_CERT: 'the certificate was issued by an authority n8n does not know',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		'the certificate was issued by an authority n8n does not trust',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate could not be verified (incomplete chain)',
	CERT_UNTRUSTED: 'the certificate is not trusted',
	CERT_REJECTED: 'the certificate was rejected',
	CERT_HAS_EXPIRED: 'the certificate has expired',
	CERT_NOT_YET_VALID: 'the certificate is not valid yet',
	CERT_REVOKED: 'the certificate was revoked',
	CERT_SIGNATURE_FAILURE: 'the certificate signature is invalid',
	CERT_CHAIN_TOO_LONG: 'the certificate chain is too long',
	INVALID_CA: 'the certificate authority is invalid',
	INVALID_PURPOSE: 'the certificate is not meant for a server',
	PATH_LENGTH_EXCEEDED: 'the certificate chain is too long',
	UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'the certificate could not be read',
	UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'the certificate signature could not be read',
	ERROR_IN_CERT_NOT_BEFORE_FIELD: 'the certificate has an invalid validity date',
	ERROR_IN_CERT_NOT_AFTER_FIELD: 'the certificate has an invalid validity date',
	HOSTNAME_MISMATCH: 'the certificate was issued for another host name',
	ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate was issued for another host name',
};

/** Handshake failures without a certificate verdict (e.g. an http:// server on port 443). */
const HANDSHAKE_CODES: Record<string, string> = {
	ERR_TLS_HANDSHAKE_TIMEOUT: 'the TLS handshake timed out',
	ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer in TLS (is it plain http?)',
	ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the TLS handshake failed',
	ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version both sides support',
	ERR_SSL_UNSUPPORTED_PROTOCOL: 'no TLS version both sides support',
	ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'no TLS version both sides support',
};

/** Codes as node and the HTTP client spell them: `ECONNREFUSED`, `CERT_HAS_EXPIRED`, `ERR_…`. */
const CODE = /^[A-Z][A-Z0-9_]{3,}$/;
const FIELDS = ['code', 'errno', 'httpCode', 'networkCode'] as const;
const MAX_DEPTH = 8;

/**
 * The network error code anywhere in an error's cause chain (n8n 2.8 wraps the HTTP client's
 * error in a NodeApiError whose `cause` is that error and whose `httpCode` is its code; an
 * AggregateError of several connection attempts carries its errors in `errors`).
 */
export function networkErrorCode(error: unknown): string | undefined {
	const queue: unknown[] = [error];
	const seen = new Set<unknown>();
	for (let index = 0; index < queue.length && index < MAX_DEPTH * 4; index++) {
		const current = queue[index];
		if (!current || typeof current !== 'object' || seen.has(current)) continue;
		seen.add(current);
		const record = current as Record<string, unknown>;
		for (const field of FIELDS) {
			const code = record[field];
			if (typeof code === 'string' && CODE.test(code)) return code;
		}
		queue.push(record.cause, record.reason);
		if (Array.isArray(record.errors)) queue.push(...record.errors.slice(0, 3));
	}
	return undefined;
}

export function classifyNetworkCode(code: string | undefined): NetworkFailureKind {
	if (!code) return 'other';
	if (code === 'ECONNREFUSED') return 'refused';
	if (DNS_CODES.has(code)) return 'dns';
	if (UNREACHABLE_CODES.has(code)) return 'unreachable';
	if (code in CERTIFICATE_CODES || code in HANDSHAKE_CODES) return 'tls';
	if (TIMEOUT_CODES.has(code)) return 'timeout';
	return 'other';
}

/** Whether a failure of this kind proves the request never reached the provider. */
export function neverLeft(kind: NetworkFailureKind): boolean {
	return kind === 'refused' || kind === 'dns' || kind === 'unreachable' || kind === 'tls';
}

/** What a TLS error code says, in words; undefined for other codes. */
export function tlsProblem(code: string): string | undefined {
	return CERTIFICATE_CODES[code] ?? HANDSHAKE_CODES[code];
}

/** Whether the TLS failure is about the certificate (rather than the handshake itself). */
export function isCertificateProblem(code: string): boolean {
	return code in CERTIFICATE_CODES;
}
