import type { FaxProviderAdapter } from '../../providers/types';

export interface CostEstimate {
	/** Price of the fax to one recipient, where the provider publishes one; else null. */
	cost: number | null;
	costNote: string;
}

/** FaxDrop's published pay-per-fax price: one credit of $1.99 per started block of 10 pages. */
const FAXDROP_PRICE_USD = 1.99;
const FAXDROP_PAGES_PER_CREDIT = 10;

/**
 * What the provider docs say a fax will cost, without asking the provider (a dry run creates
 * nothing). Only FaxDrop publishes a price; faxrocks reports `estimated_costs` only in the
 * answer to a send (its per-destination pricing is offered through its MCP server, not the
 * REST API), and SendFAXMail bills by plan.
 */
export function estimateCost(adapter: FaxProviderAdapter, pages: number | null): CostEstimate {
	switch (adapter.name) {
		case 'faxDrop':
			return {
				cost:
					pages === null
						? null
						: Math.round(FAXDROP_PRICE_USD * Math.ceil(pages / FAXDROP_PAGES_PER_CREDIT) * 100) /
							100,
				costNote:
					'FaxDrop pay-per-fax price in USD: one credit ($1.99) per 10 pages, cover page included. Credit packs and subscriptions cost less.',
			};
		case 'faxRocks':
			return {
				cost: null,
				costNote:
					'faxrocks prices per page and destination and reports the price (estimated_costs) only when the fax is sent.',
			};
		default:
			return {
				cost: null,
				costNote: `${adapter.displayName} bills by plan; its API reports no price per fax.`,
			};
	}
}
