import type { INodeProperties } from 'n8n-workflow';

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

/** Where a credential test goes instead of a plain-http, non-loopback Base URL. */
export const REFUSED_BASE_URL_HOST = 'base-url-must-start-with-https.invalid';

/**
 * `baseURL` of the credentials' test requests. n8n's credential test is declarative (a request
 * and rules on its answer): it can't refuse a Base URL before sending. So a plain-http Base
 * URL on a host other than loopback is swapped for an address that can't resolve (the
 * reserved .invalid domain): the key never goes out unencrypted, and the failed test names
 * what is wrong in its host name. The same loopback rule as `isLoopbackHost`, in expression form.
 */
export const PLAIN_HTTP_REFUSED_BASE_URL =
	"={{ /^http:\\/\\//i.test(String($credentials.baseUrl).trim()) && !/^http:\\/\\/(localhost|127\\.[0-9.]+|\\[::1\\])(:[0-9]+)?(\\/|$)/i.test(String($credentials.baseUrl).trim()) ? 'https://" +
	REFUSED_BASE_URL_HOST +
	"' : $credentials.baseUrl }}";

/** Shown under the Base URL field while it is plain http:// on a host other than loopback. */
export const PLAIN_HTTP_NOTICE: INodeProperties = {
	displayName:
		'This Base URL starts with http://: the node refuses it, because the API key and the documents would travel unencrypted. Use https:// (http:// works only for 127.0.0.1, ::1 and localhost, e.g. the local fax simulator).',
	name: 'plainHttpNotice',
	type: 'notice',
	default: '',
	displayOptions: {
		show: {
			baseUrl: [
				{
					_cnd: {
						regex:
							'^\\s*[hH][tT][tT][pP]://(?!(localhost|LOCALHOST|127\\.[0-9.]+|\\[::1\\])(:[0-9]+)?(/|$))',
					},
				},
			],
		},
	},
};
