import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { PLAIN_HTTP_NOTICE, PLAIN_HTTP_REFUSED_BASE_URL } from '../nodes/Fax/transport/baseUrl';

// faxrocks writes its name in lower case, and the public contract (DESIGN.md) fixes the display
// name as "faxrocks API". The n8n lint rule cred-class-field-display-name-miscased would title-case
// a string literal here to "Faxrocks API" (it exempts only "n8n API" and "E-goi API", brands that
// are lower case for the same reason), so the name is kept in a constant.
const DISPLAY_NAME = 'faxrocks API';

export class FaxRocksApi implements ICredentialType {
	name = 'faxRocksApi';

	displayName = DISPLAY_NAME;

	icon: Icon = { light: 'file:faxRocks.svg', dark: 'file:faxRocks.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-fax/n8n-nodes-fax?tab=readme-ov-file#faxrocks-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Sign in at faxrocks.com and create or copy the API token in your account. It is the same token the faxrocks REST API and MCP server use.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://faxrocks.com/api',
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// GET /user returns the account behind the token and sends no fax, so any 2xx answer means the
	// token works and any non-2xx answer fails the test (n8n then shows its standard message for the
	// status, e.g. "Authorization failed - please check your credentials" for 401).
	// Custom messages per status code ("responseCode" rules) are not used: n8n's credential tester
	// looks for them on error.cause.response, but in n8n 2.x NodeApiError loses its cause (a class
	// field resets it; see n8n-io/n8n#34509), so such rules never fire.
	// Accept: application/json makes a server that would redirect an unauthenticated request to its
	// sign-in page answer 401 instead. Should a 200 still come back as an HTML page, axios leaves the
	// body a string (a string's constructor.name is "String"; every JSON answer is an object), and
	// the rule below fails the test instead of reporting success.
	test: ICredentialTestRequest = {
		request: {
			baseURL: PLAIN_HTTP_REFUSED_BASE_URL,
			url: '/user',
			method: 'GET',
			headers: { Accept: 'application/json' },
			// A redirect is an answer to judge, never followed: n8n would send the key along.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'constructor.name',
					value: 'String',
					message:
						'The Base URL answered with a web page, not with the faxrocks API: the token was not accepted, or the Base URL is wrong. Check the token, and restore the default https://faxrocks.com/api unless you are pointing at a test server.',
				},
			},
		],
	};
}
