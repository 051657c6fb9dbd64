import type { INodeProperties } from 'n8n-workflow';

/** Every provider credential's recipient allow-list (see actions/send/2-allowList.ts). */
export const ALLOWED_RECIPIENTS_FIELD: INodeProperties = {
	displayName: 'Allowed Fax Numbers',
	name: 'allowedRecipients',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	placeholder: '+12125550123\n+1212555*',
	description:
		'Optional. The only numbers faxes through this credential may go to, one per line; a prefix ends in * (+1212555* = every number starting so). Any other number is refused before upload. Needed when the Fax node is an AI agent tool.',
};
