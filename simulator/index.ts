/**
 * Local fax-provider simulator: faxrocks, FaxDrop and SendFAXMail on one node:http server,
 * with a virtual clock, fault injection, a request log and a control API. See README.md.
 */
export { Simulator, startSimulator, parseProvider } from './simulator';
export type { BaseUrls, ConfigView, SeedRequest, SimFaxView, SimulatorOptions } from './simulator';
export type { ClockSnapshot } from './clock';
export type { AccountFlags, ListOrder, SendGate } from './context';
export { LIST_ORDERS, SEND_GATES } from './context';
export type { FaultKind, FaultRule, FaultSpec } from './faults';
export { FAULT_KINDS } from './faults';
export type { FaxOutcome, MagicError, MagicNumber, Timing } from './magic';
export { DEFAULT_TIMING, MAGIC_NUMBERS, magicFor } from './magic';
export {
	FAXDROP_KEYS,
	FAXROCKS_TOKENS,
	FAXROCKS_USERS,
	SENDFAXMAIL_KEYS,
	SENDFAXMAIL_KEY_INFO,
	SFM_ACCOUNT_NUMBERS,
	SIM_KEYS,
} from './keys';
export type { Provider, SimStatus } from './lifecycle';
export { FORCEABLE_STATUSES, PROVIDERS } from './lifecycle';
export { countPdfPages, detectMimeType, makePdf, makeSimplePdf } from './pdf';
export type { BytesSummary, LoggedRequest, RequestFilter } from './requestLog';
export type {
	SignatureVariant,
	WebhookDelivery,
	WebhookEndpoint,
	WebhookEvent,
	WebhookEventType,
} from './webhooks';
export { SIGNATURE_VARIANTS, WEBHOOK_EVENT_TYPES, sign as signWebhook } from './webhooks';
