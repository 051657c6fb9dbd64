import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { PLAIN_HTTP_NOTICE, PLAIN_HTTP_REFUSED_BASE_URL } from '../nodes/Fax/transport/baseUrl';

export class FaxDropApi implements ICredentialType {
	name = 'faxDropApi';

	displayName = 'FaxDrop API';

	icon: Icon = { light: 'file:faxDrop.svg', dark: 'file:faxDrop.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-fax/n8n-nodes-fax?tab=readme-ov-file#faxdrop-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'fd_live_…',
			description:
				'Starts with fd_live_ followed by 32 hex characters. Generate it at faxdrop.com/account under API Keys; FaxDrop shows it only once.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.faxdrop.com',
			description:
				'Leave as is. Change only to point at a test server such as the local fax simulator.',
		},
		PLAIN_HTTP_NOTICE,
		{
			displayName: 'Allowed Fax Numbers',
			name: 'allowedRecipients',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: '+12125550123\n+1212555*',
			description:
				'Optional. The only numbers faxes through this credential may go to, one per line; a prefix ends in * (+1212555* = every number starting so). Any other number is refused before upload. Needed when the Fax node is an AI agent tool.',
		},
		{
			displayName: 'Default Sender Name',
			name: 'senderName',
			type: 'string',
			default: '',
			description:
				'Used for every send unless the Fax node sets a sender name. FaxDrop requires a sender name and email on each send; the name appears on the cover page.',
		},
		{
			displayName: 'Default Sender Email',
			name: 'senderEmail',
			type: 'string',
			default: '',
			placeholder: 'name@email.com',
			description:
				'Used for every send unless the Fax node sets a sender email. FaxDrop sends delivery confirmations there; it does not need to match your FaxDrop account email.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	// FaxDrop has no account endpoint, and the test must not send a fax, so it asks for the status
	// of a fax that cannot exist (the ID has FaxDrop's fax_ format, so it reaches the lookup):
	//   valid key           -> 404 (no such fax on this account)  => the key works
	//   invalid/revoked key -> 401 {"error_type": "unauthorized"} => the key is bad
	// n8n's credential tester fails every non-2xx response and has no rule that turns one into a
	// success ("responseCode" rules only pick the error message, and in n8n 2.x they never fire:
	// NodeApiError drops the cause they read, see n8n-io/n8n#34509). So the request sets
	// ignoreHttpStatusErrors: every answer reaches the "responseSuccessBody" rules, which fail the
	// test on the error_type values meaning the key was not accepted or could not be checked.
	// Anything else (404, or 400/402 which FaxDrop only sends after accepting a key) passes.
	//
	// Key format: the rules see the response, never the key. FaxDrop answers a key that is not
	// fd_live_ + 32 hex characters with the same 401 "unauthorized" as a revoked one ("wrong key
	// format" in its error table), so the 401 message states the format. The format is not checked
	// in a custom authenticate function on purpose: that would throw inside every node request,
	// which the node's transport must not mistake for a network failure after a send.
	test: ICredentialTestRequest = {
		request: {
			baseURL: PLAIN_HTTP_REFUSED_BASE_URL,
			url: '/api/v1/fax/fax_n8ncredentialtest',
			method: 'GET',
			headers: { Accept: 'application/json' },
			// A redirect is an answer to judge, never followed: n8n would send the key along.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_type',
					value: 'unauthorized',
					message:
						'FaxDrop rejected this API key: it is unknown, revoked or not copied completely. FaxDrop API keys start with fd_live_ followed by 32 hex characters. Copy the whole key again, or generate a new one at faxdrop.com/account (each key is shown only once).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_type',
					value: 'rate_limited',
					message:
						'FaxDrop is rate-limiting status checks for this key (60 a minute, 500 an hour, 2000 a day), so it could not be checked. Wait a minute and test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_type',
					value: 'internal_error',
					message:
						'FaxDrop had an internal error and could not check the key. Test again in a few seconds.',
				},
			},
			{
				// Not JSON (an HTML page, a redirect's text): a string's constructor.name is "String".
				type: 'responseSuccessBody',
				properties: {
					key: 'constructor.name',
					value: 'String',
					message:
						'The server at the Base URL did not answer with FaxDrop API JSON. Restore the default https://www.faxdrop.com unless you are pointing at a test server.',
				},
			},
		],
	};
}
