/**
 * Which Base URLs a credential may point at. The API key travels in a header of every request,
 * so plain `http://` is allowed only where it never leaves the machine: loopback hosts (the
 * local fax simulator). Everything else must be `https://`.
 */

/** 127.0.0.0/8, ::1 and `localhost` (as `URL.hostname` spells them). */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
	const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}

export type BaseUrlCheck =
	| { ok: true; baseUrl: string; origin: string }
	| { ok: false; problem: string; hint: string };

export const HTTPS_ONLY_HINT =
	'Use the https:// address of the API (the default). Plain http:// is allowed only for 127.0.0.1, ::1 and localhost, e.g. the local fax simulator.';

/** The credential's Base URL without trailing slashes, or why it can't be used. */
export function checkBaseUrl(raw: unknown, providerName: string): BaseUrlCheck {
	const baseUrl = String(raw ?? '')
		.trim()
		.replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		url = new URL('invalid:');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return {
			ok: false,
			problem: `The ${providerName} credential's Base URL is not an https:// address`,
			hint: 'Open the credential and restore the default Base URL.',
		};
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			ok: false,
			problem: `The ${providerName} credential's Base URL starts with http://, which would send the API key and the documents unencrypted. Nothing was sent`,
			hint: `Open the ${providerName} credential and change the Base URL to https://. ${HTTPS_ONLY_HINT}`,
		};
	}
	return { ok: true, baseUrl, origin: url.origin };
}
