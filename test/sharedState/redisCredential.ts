import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * n8n's built-in `redis` credential as n8n-nodes-base 2.8 defines it (the harness loads only
 * this package, so the built-in type is registered from this copy of its fields).
 */
export class Redis implements ICredentialType {
	name = 'redis';

	displayName = 'Redis';

	documentationUrl = 'https://docs.n8n.io/integrations/builtin/credentials/redis/';

	properties: INodeProperties[] = [
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'User', name: 'user', type: 'string', default: '' },
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost' },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379 },
		{ displayName: 'Database Number', name: 'database', type: 'number', default: 0 },
		{ displayName: 'SSL', name: 'ssl', type: 'boolean', default: false },
		{
			displayName: 'Disable TLS Verification (insecure)',
			name: 'disableTlsVerification',
			type: 'boolean',
			displayOptions: { show: { ssl: [true] } },
			default: false,
		},
	];
}
