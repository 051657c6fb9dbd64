/**
 * Fictional credentials the simulator accepts. None of them works anywhere else.
 */

export interface FaxRocksUser {
	id: number;
	name: string;
	email: string;
	createdAt: string;
	timezone: string;
	/** Starting balance in EUR. */
	balance: number;
}

/** faxrocks Bearer tokens → users. Any other token answers 401. */
export const FAXROCKS_TOKENS = {
	primary: 'sim_faxrocks_token',
	/** A different user: gets 404 for the primary user's faxes. */
	other: 'sim_faxrocks_other',
} as const;

export const FAXROCKS_USERS: Readonly<Record<string, FaxRocksUser>> = {
	[FAXROCKS_TOKENS.primary]: {
		id: 1,
		name: 'Sim Clinic Front Desk',
		email: 'frontdesk@clinic.example',
		createdAt: '2024-01-01T00:00:00.000000Z',
		timezone: 'Europe/Berlin',
		balance: 50,
	},
	[FAXROCKS_TOKENS.other]: {
		id: 2,
		name: 'Other Sim User',
		email: 'other@clinic.example',
		createdAt: '2024-02-01T00:00:00.000000Z',
		timezone: 'America/New_York',
		balance: 10,
	},
};

/** FaxDrop `X-API-Key` values. */
export const FAXDROP_KEYS = {
	/** Valid, account A. */
	primary: 'fd_live_0123456789abcdef0123456789abcdef',
	/** Valid, account B (404 for account A's faxes). */
	other: 'fd_live_abcdefabcdefabcdefabcdefabcdef01',
	/** Correct format but unknown/revoked: 401 "API key not found or revoked." */
	revoked: 'fd_live_ffffffffffffffffffffffffffffffff',
} as const;

export const FAXDROP_VALID_KEYS: readonly string[] = [FAXDROP_KEYS.primary, FAXDROP_KEYS.other];

/** `fd_live_` followed by 32 hex characters. */
export const FAXDROP_KEY_FORMAT = /^fd_live_[0-9a-fA-F]{32}$/;

export type SendFaxMailScope =
	| 'faxes:send'
	| 'faxes:read'
	| 'numbers:read'
	| 'contacts:read'
	| 'contacts:write'
	| 'scheduled:read'
	| 'scheduled:write';

export const ALL_SFM_SCOPES: readonly SendFaxMailScope[] = [
	'faxes:send',
	'faxes:read',
	'numbers:read',
	'contacts:read',
	'contacts:write',
	'scheduled:read',
	'scheduled:write',
];

export interface SendFaxMailKey {
	/** The account the key belongs to; keys of one account see the same faxes. */
	account: string;
	plan: 'starter' | 'business';
	scopes: readonly SendFaxMailScope[];
}

/** SendFAXMail Bearer keys. Any other key answers 401. */
export const SENDFAXMAIL_KEYS = {
	/** Business plan, all scopes. */
	business: 'sfm_live_sim_business',
	/** Starter plan: 403 plan_upgrade_required on every v1 route. */
	starter: 'sfm_live_sim_starter',
	/** Business account, only faxes:send. */
	sendOnly: 'sfm_live_sim_sendonly',
	/** Business account, faxes:read numbers:read contacts:read scheduled:read. */
	readOnly: 'sfm_live_sim_readonly',
} as const;

export const SFM_BUSINESS_ACCOUNT = 'acct_sim_business';
export const SFM_STARTER_ACCOUNT = 'acct_sim_starter';

export const SENDFAXMAIL_KEY_INFO: Readonly<Record<string, SendFaxMailKey>> = {
	[SENDFAXMAIL_KEYS.business]: {
		account: SFM_BUSINESS_ACCOUNT,
		plan: 'business',
		scopes: ALL_SFM_SCOPES,
	},
	[SENDFAXMAIL_KEYS.starter]: {
		account: SFM_STARTER_ACCOUNT,
		plan: 'starter',
		scopes: ALL_SFM_SCOPES,
	},
	[SENDFAXMAIL_KEYS.sendOnly]: {
		account: SFM_BUSINESS_ACCOUNT,
		plan: 'business',
		scopes: ['faxes:send'],
	},
	[SENDFAXMAIL_KEYS.readOnly]: {
		account: SFM_BUSINESS_ACCOUNT,
		plan: 'business',
		scopes: ['faxes:read', 'numbers:read', 'contacts:read', 'scheduled:read'],
	},
};

/** The dedicated (fictional) fax number of each SendFAXMail account; outbound `from`, inbound `to`. */
export const SFM_ACCOUNT_NUMBERS: Readonly<Record<string, string>> = {
	[SFM_BUSINESS_ACCOUNT]: '+12125550100',
	[SFM_STARTER_ACCOUNT]: '+13125550100',
};

/** Everything above in one object (printed by the CLI, documented in the README). */
export const SIM_KEYS = {
	faxRocks: FAXROCKS_TOKENS,
	faxDrop: FAXDROP_KEYS,
	sendFaxMail: SENDFAXMAIL_KEYS,
} as const;
