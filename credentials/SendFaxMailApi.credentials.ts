import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { PLAIN_HTTP_NOTICE, PLAIN_HTTP_REFUSED_BASE_URL } from '../nodes/Fax/transport/baseUrl';

export class SendFaxMailApi implements ICredentialType {
	name = 'sendFaxMailApi';

	displayName = 'SendFAXMail API';

	icon: Icon = { light: 'file:sendFaxMail.svg', dark: 'file:sendFaxMail.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-fax/n8n-nodes-fax?tab=readme-ov-file#sendfaxmail-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sfm_live_…',
			description:
				'Create it at Dashboard → Developers (the REST API needs the Business or Enterprise plan; the key is shown only once). Give it the scopes faxes:send and faxes:read, plus numbers:read, contacts:read and contacts:write, scheduled:read and scheduled:write if you use those resources.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.sendfaxmail.com',
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
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The signing secret of your webhook endpoint, from Dashboard → Developers. Only the SendFAXMail Trigger uses it, to verify each delivery's X-SFM-Signature header; sending faxes doesn't need it.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// GET /v1/faxes?limit=1 reads at most one fax and sends nothing. Both a lower plan and a missing
	// scope answer 403, told apart only by the body's error.type, but n8n's credential tester fails
	// every non-2xx response before a "responseSuccessBody" rule can read its body ("responseCode"
	// rules see only the status, and in n8n 2.x never fire: NodeApiError drops the cause they
	// read, see n8n-io/n8n#34509). So the request sets ignoreHttpStatusErrors and every documented
	// error type gets its own rule and message:
	//   200                            -> the key works and can read faxes
	//   401 unauthorized               -> bad key
	//   403 plan_upgrade_required      -> valid key, plan below Business
	//   403 forbidden                  -> valid key without faxes:read (a send-only key)
	//   429 rate_limited, 404 not_found, 405 method_not_allowed -> not checked / wrong Base URL
	// A body that is not JSON (an HTML page or empty text, parsed as a string) means the Base URL
	// does not point at the API; the last rule catches it, because a string's constructor.name is
	// "String" while every JSON answer from the API is an object.
	test: ICredentialTestRequest = {
		request: {
			baseURL: PLAIN_HTTP_REFUSED_BASE_URL,
			url: '/v1/faxes',
			method: 'GET',
			qs: { limit: 1 },
			headers: { Accept: 'application/json' },
			// A redirect is an answer to judge, never followed: n8n would send the key along.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'unauthorized',
					message:
						'SendFAXMail rejected this API key: it is missing, mistyped or revoked. Copy the whole key (it starts with sfm_live_ and is shown only once), or create a new one at Dashboard → Developers.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'plan_upgrade_required',
					message:
						'The key is valid, but the SendFAXMail API needs the Business or Enterprise plan. Upgrade the account that owns this key, then test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'forbidden',
					message:
						'The key works but lacks the faxes:read scope, so the Fax node cannot check status, list faxes or wait for delivery, and the Fax Trigger cannot poll. Create a key with faxes:send and faxes:read (plus numbers, contacts and scheduled scopes if you use them) at Dashboard → Developers.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'rate_limited',
					message:
						'SendFAXMail is rate-limiting this key right now, so it could not be checked. Wait a minute and test again.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'not_found',
					message:
						'No SendFAXMail API answers at this Base URL (GET /v1/faxes returned not_found). Restore the default https://www.sendfaxmail.com unless you are pointing at a test server.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.type',
					value: 'method_not_allowed',
					message:
						'No SendFAXMail API answers at this Base URL (GET /v1/faxes returned method_not_allowed). Restore the default https://www.sendfaxmail.com unless you are pointing at a test server.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'constructor.name',
					value: 'String',
					message:
						'The server at the Base URL did not answer with SendFAXMail API JSON. Restore the default https://www.sendfaxmail.com unless you are pointing at a test server.',
				},
			},
		],
	};
}
