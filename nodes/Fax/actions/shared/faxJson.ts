import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { UnifiedFax } from '../../providers/types';
import type { AuditRecord } from '../send/6-audit';
import type { Outcome } from '../send/4-outcome';

/** A fax item of Send, Send Batch or Schedule: the unified fax plus what became of the send. */
export type SentFax = UnifiedFax & { outcome: Outcome; audit: AuditRecord };

/** The option Include Provider Response in an `options` collection (off unless set). */
export function wantsRaw(options: IDataObject): boolean {
	return options.includeRaw === true;
}

/** The option Include Provider Response: `raw` holds full numbers and provider fields. */
export function includeRawFor(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return wantsRaw(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject);
}

/** The item JSON of a fax: `raw` only when the user asked for the provider's response. */
export function faxJson(fax: UnifiedFax | SentFax, includeRaw: boolean): IDataObject {
	const { raw, ...rest } = fax;
	return (includeRaw ? { ...rest, raw } : rest) as unknown as IDataObject;
}
