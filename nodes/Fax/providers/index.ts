import { faxDropAdapter } from './faxDrop';
import { faxRocksAdapter } from './faxRocks';
import { sendFaxMailAdapter } from './sendFaxMail';
import type { FaxProviderAdapter, ProviderName } from './types';

export const PROVIDERS: Record<ProviderName, FaxProviderAdapter> = {
	faxRocks: faxRocksAdapter,
	faxDrop: faxDropAdapter,
	sendFaxMail: sendFaxMailAdapter,
};

export function getProvider(name: string): FaxProviderAdapter {
	const adapter = PROVIDERS[name as ProviderName];
	if (!adapter) throw new Error(`Unknown fax provider "${name}"`);
	return adapter;
}

export type { FaxProviderAdapter, ProviderName, UnifiedFax } from './types';
