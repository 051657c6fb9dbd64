import type { ProviderName } from '../providers/types';

/**
 * The one provider of a single-provider edition (n8n-nodes-faxrocks, n8n-nodes-faxdrop,
 * n8n-nodes-sendfaxmail), or undefined in n8n-nodes-fax, which offers all three. The edition
 * build (packaging/editions.js) bundles the nodes with this module replaced by one that names
 * the edition's provider; tsc's build of n8n-nodes-fax keeps it undefined.
 */
export const EDITION_PROVIDER: ProviderName | undefined = undefined;
