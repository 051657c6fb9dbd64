import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { ALLOWED_RECIPIENTS_FIELD } from '../nodes/Fax/helpers/credentialFields';
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
		ALLOWED_RECIPIENTS_FIELD,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	// GET /user returns the account behind the token (an object with its numeric "id") and sends no
	// fax. The request sets ignoreHttpStatusErrors so that every answer reaches the rule below, which
	// fails the test whenever no account came back: a 401/403 for a wrong or revoked token, an HTML
	// page (axios leaves the body a string), an error page of another server at the Base URL.
	// Without it n8n fails a non-2xx answer with its own text, and that text differs by version:
	// n8n 2.8 says "Authorization failed - please check your credentials" (NodeApiError drops the
	// cause its tester reads, n8n-io/n8n#34509), n8n 2.41 only the bare status text "Unauthorized".
	// faxrocks documents no error body, so the rule reads the success body, not an error field.
	// Accept: application/json makes a server that would redirect an unauthenticated request to its
	// sign-in page answer 401 instead.
	test: ICredentialTestRequest = {
		request: {
			baseURL: PLAIN_HTTP_REFUSED_BASE_URL,
			url: '/user',
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
					key: 'id',
					value: undefined,
					message:
						'faxrocks did not accept this API token: GET /user returned no account. Copy the whole token again from your faxrocks account (or create a new one there). If you changed the Base URL, restore the default https://faxrocks.com/api unless you are pointing at a test server.',
				},
			},
		],
	};
}
