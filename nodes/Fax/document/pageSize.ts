import { PageSizes } from 'pdf-lib';

export type PageSizeName = 'A4' | 'Letter';

/** Portrait page sizes in PDF points (1/72 inch). */
export const PAGE_SIZES: Record<PageSizeName, [number, number]> = {
	A4: [PageSizes.A4[0], PageSizes.A4[1]],
	Letter: [PageSizes.Letter[0], PageSizes.Letter[1]],
};

/** Margin kept free around images and cover-page content: 0.5 inch, inside any fax machine's printable area. */
export const PAGE_MARGIN = 36;

export function pageDimensions(pageSize: PageSizeName): [number, number] {
	const size = PAGE_SIZES[pageSize];
	if (!size) throw new RangeError(`Unknown page size '${String(pageSize)}'; use 'A4' or 'Letter'`);
	return [size[0], size[1]];
}
