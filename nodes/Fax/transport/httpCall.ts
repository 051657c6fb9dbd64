import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { Settled } from '../helpers/settle';
import { settle } from '../helpers/settle';
import type { ProviderRequest } from './types';

/** Every n8n context the package's nodes make provider requests from. */
export type TransportContext =
	| IExecuteFunctions
	| IPollFunctions
	| IWebhookFunctions
	| IHookFunctions
	| ILoadOptionsFunctions;

/**
 * One HTTP request through n8n (credentials, proxies), nothing more: redirects are never
 * followed here (n8n 2.8 would re-add the Authorization header for another origin and, on
 * 307/308, send the document there), every status comes back as an answer, and the body
 * arrives as raw bytes for answer.ts to read.
 */
export async function callProvider(
	ctx: TransportContext,
	credentialType: string,
	url: string,
	req: ProviderRequest,
	timeoutMs: number,
): Promise<Settled<IN8nHttpFullResponse>> {
	const httpOptions: IHttpRequestOptions = {
		method: req.method,
		url,
		qs: req.qs,
		headers: {
			Accept: 'application/json',
			...(Buffer.isBuffer(req.body) ? { 'Content-Type': 'application/json' } : {}),
			...req.headers,
		},
		body: req.body as IHttpRequestOptions['body'],
		json: false,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: timeoutMs,
	};
	return await settle(
		async () =>
			(await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				credentialType,
				httpOptions,
			)) as IN8nHttpFullResponse,
	);
}
