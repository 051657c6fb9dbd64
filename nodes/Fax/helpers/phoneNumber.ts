/**
 * Fax numbers: parsing and validation by libphonenumber-js (`phone/faxNumber.ts`), the checks a
 * fax line adds (`phone/typedText.ts`), masking (`phone/mask.ts`), NANP/FaxDrop reach
 * (`phone/nanp.ts`) and recipient lists (`phone/recipients.ts`). This module only re-exports
 * them so callers keep one import.
 */
export { maskNumber } from './phone/mask';
export {
	normalizeCountryCode,
	normalizeFaxNumber,
	type NormalizeFaxNumberOptions,
} from './phone/faxNumber';
export { isNanp, isUsOrCanada } from './phone/nanp';
export { compareFaxNumbers, type NumberMatch } from './phone/sameNumber';
export {
	normalizeRecipientList,
	parseRecipientList,
	withPosition,
	type NormalizeRecipientListOptions,
	type ParseRecipientListOptions,
} from './phone/recipients';
